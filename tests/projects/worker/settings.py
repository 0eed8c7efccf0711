"""The test host with a real task queue: django-tasks-db's database backend.

``tests/test_worker.py`` starts ``db_worker`` processes under these settings,
pointed (``DATABASE_URL``) at the test database of the pytest run, and with
that run's ``MEDIA_ROOT`` (``WORKER_MEDIA_ROOT``) for the export files.
"""

import os

from tests.settings import *  # noqa: F403

DEBUG = False  # no autoreloader in the worker
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
MEDIA_ROOT = os.environ.get("WORKER_MEDIA_ROOT", MEDIA_ROOT)  # noqa: F405
