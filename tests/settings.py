"""Test settings: the example salon host, plus the ``spa`` app of the second host
so the adapter for unusual models is exercised against real tables."""

from example_project.settings import *  # noqa: F403
from example_project.settings import INSTALLED_APPS

# django_tasks_db: the real queue of tests/test_worker.py (its table exists in every test
# database; TASKS stays the immediate backend unless a test switches it).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.projects.other_host.spa", "django_tasks_db"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "en"
# The suite proves the app's own default frame of the customer pages; the salon's
# frame (the example's PORTAL_BASE_TEMPLATE) has a test of its own.
# Likewise the default payment backend (pay at the desk), not the demo's test backend.
LOYALTY_PROMOS = {
    **LOYALTY_PROMOS,  # noqa: F405
    "PORTAL_BASE_TEMPLATE": "loyalty_promos/portal/base.html",
    "PAYMENT_BACKEND": "loyalty_promos.payments.backends.DeskBackend",
    "SHOP_GIFT_CARD_AMOUNTS": [],
}
