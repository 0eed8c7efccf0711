"""The customer side in the second host, run by ``tests/test_customer_side_probes.py``.

The spa follows the integration guide literally: its customer is the user
model (the default ``get_customer_for_user``), it does not install Django
REST framework (made unimportable here), and its booking keeps its date on a
related slot (its adapter's ``build_booking``). Prints one line per page:
``<url> <status> <whether the customer's own points show>``.
"""

import sys

sys.modules["rest_framework"] = None  # type: ignore[assignment]  # a host without the extra

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from loyalty_promos import api  # noqa: E402
from tests import factories  # noqa: E402

setup_test_environment()
call_command("migrate", verbosity=0)
ana = get_user_model().objects.create_user("ana", password="x")
bob = get_user_model().objects.create_user("bob", password="x")
api.adjust_points(ana, 4321, "welcome")
api.adjust_points(bob, 8765, "welcome")
treatment = factories.TreatmentFactory(price="120.00")
client = Client()
client.force_login(ana)
for url in ("/loyalty/", "/loyalty/rewards/", "/loyalty/shop/", "/loyalty/credits/"):
    page = client.get(url).content.decode()
    print(url, client.get(url).status_code, "4321" in page or "4,321" in page, "8765" in page)
quote = client.get("/loyalty/quote/", {"service": treatment.pk, "start": "2026-03-16T10:00"})
print("quote", quote.status_code, quote.json().get("amount_due", {}).get("amount"))
