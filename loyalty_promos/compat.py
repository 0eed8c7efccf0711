"""What differs between the Django series we support (5.2 LTS, 6.0, 6.1), in one place.

Everything else in the app is written once for all of them. Remove a branch
here when its Django series leaves the supported matrix (docs/changelog.rst,
"Supported versions").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core import mail

if TYPE_CHECKING:
    from django.core.mail.backends.base import BaseEmailBackend

try:  # Django 6.0+: the Tasks API is built in.
    from django.tasks import task, task_backends
    from django.tasks.backends.immediate import ImmediateBackend

    TASKS_MODULE = "django.tasks"
except ImportError:  # Django 5.2: the django-tasks backport (a dependency of this package).
    from django_tasks import task, task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    TASKS_MODULE = "django_tasks"

__all__ = [
    "DUMMY_TASK_BACKEND",
    "TASKS_MODULE",
    "ImmediateBackend",
    "email_connection",
    "task",
    "task_backends",
]

#: The Tasks backend that keeps tasks without running them (tests use it as "a queue").
DUMMY_TASK_BACKEND = f"{TASKS_MODULE}.backends.dummy.DummyBackend"


def email_connection() -> BaseEmailBackend:
    """A connection to the site's default mailer, to send several messages at once.

    Django 6.1 configures email with ``MAILERS`` and deprecates
    ``get_connection()``; ``mailers.default`` reads ``MAILERS["default"]``, or
    the older ``EMAIL_*`` settings while the host has not migrated.
    """
    mailers = getattr(mail, "mailers", None)
    if mailers is not None:  # Django 6.1+
        connection: BaseEmailBackend = mailers.default
        return connection
    return mail.get_connection()
