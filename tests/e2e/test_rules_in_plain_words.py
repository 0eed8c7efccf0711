"""Each rule list reads in plain words; a refused code says what is allowed."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import NOW

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = Decimal


def test_promo_codes_and_pricing_rules_in_plain_words(admin_page, live_server, shot):
    haircut = factories.ServiceFactory(name="Haircut")
    weekend = factories.CouponFactory(
        name="Weekend hair",
        code="WEEKEND",
        weekdays=[5, 6],
        discount_value=D("20"),
        max_uses=50,
        valid_until=NOW + datetime.timedelta(days=200),
    )
    weekend.services.add(haircut, factories.ServiceFactory(name="Colour"))
    factories.CouponFactory(
        name="Happy hour",
        code="HAPPY",
        discount_type="amount",
        discount_value=D("5"),
        time_from=datetime.time(10),
        time_until=datetime.time(12),
        max_uses_per_customer=1,
    )
    rule = factories.PricingRuleFactory(name="Early birds", value=D("-10"), weekdays=[0, 1, 2])
    rule.services.add(haircut)
    page = admin_page()

    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/")
    row = page.locator("#result_list tbody tr", has_text="Weekend hair")
    expect(row).to_contain_text("Sat–Sun · Colour, Haircut · −20 % · 0/50 used · until 30 Sep")
    shot(page, "coupon-summaries", element="#content")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "coupon-summaries-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    row.get_by_role("link", name="Weekend hair").click()
    expect(page.locator(".field-summary")).to_contain_text("Sat–Sun · Colour, Haircut")

    page.goto(f"{live_server.url}/admin/loyalty_promos/pricingrule/")
    expect(page.locator("#result_list")).to_contain_text("Mon–Wed · Haircut · −10 %")
    shot(page, "pricing-rule-summaries", element="#content")
