"""The second host with one mistake, chosen by BROKEN_HOST_MISTAKE (see test_checks.py)."""

import os

from tests.projects.other_host.settings import *  # noqa: F403

MISTAKE = os.environ.get("BROKEN_HOST_MISTAKE", "")

if MISTAKE == "forgot_booking_model":
    del LOYALTY_PROMOS_BOOKING_MODEL  # noqa: F821
elif MISTAKE == "model_not_installed":
    LOYALTY_PROMOS_BOOKING_MODEL = "spa.Booking"
elif MISTAKE == "adapter_not_importable":
    LOYALTY_PROMOS = {"BOOKING_ADAPTER": "spa.adapters.SpaAdapter"}
elif MISTAKE == "adapter_incomplete":
    LOYALTY_PROMOS = {"BOOKING_ADAPTER": "tests.test_checks.MissingMethodsAdapter"}
