"""Sending codes from a batch, in the real admin in Chromium: each customer their own code."""

from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

from loyalty_promos import api
from loyalty_promos.models import CodeShare
from tests import factories
from tests.e2e.conftest import ARTIFACTS, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def flyers():
    coupon = factories.CouponFactory(
        name="Flyers printemps",
        discount_value=Decimal("15"),
        weekdays=[5, 6],
        max_uses_per_customer=1,
    )
    return api.generate_codes(coupon, 3, length=8, prefix="FL", label="Flyers printemps")


def test_send_each_customer_their_own_code_from_a_batch(admin_page, live_server, flyers, shot):
    factories.CustomerFactory(first_name="Camille", last_name="Dupont", language="fr")
    factories.CustomerFactory(first_name="Ioana", last_name="Popescu", language="ro")
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/{flyers.coupon.pk}/change/")
    page.get_by_role("link", name="Send by email").click()

    expect(page.get_by_label("Codes to send:")).to_have_value(str(flyers.pk))
    pick(page, "id_customers", "Camille Dupont")
    pick(page, "id_customers", "Ioana Popescu")
    shot(page, "code-share-batch", element="#content")
    page.get_by_role("button", name="Send").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "2 customers got a code of their own (2 emailed)."
    )
    sent = {m.to[0]: m for m in mail.outbox}
    assert len({m.subject for m in sent.values()}) == 2
    assert CodeShare.objects.filter(batch=flyers).count() == 2
    # In each customer's language (the app's sentences are translated by the lead at merge).
    assert "Samedi et Dimanche" in sent["camille.dupont@example.com"].body
    assert "Sâmbătă și Duminică" in sent["ioana.popescu@example.com"].body

    # Sending again to the same customers gives nobody a second code.
    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/{flyers.coupon.pk}/share/")
    pick(page, "id_customers", "Camille Dupont")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "1 customer already had a code from this batch: nothing sent again."
    )
    assert CodeShare.objects.filter(batch=flyers).count() == 2


@pytest.mark.parametrize("language", ["en", "fr", "ro"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_share_page_reads_in_every_language_and_width(
    admin_page, live_server, flyers, language, width
):
    page = admin_page(language)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/{flyers.coupon.pk}/share/")

    expect(page.locator("#id_batch")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"share-{language}-{width}.png", full_page=True)
    assert overflow <= 0
