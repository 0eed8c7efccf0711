"""Usage limits hold under real concurrent checkouts on PostgreSQL (threads, own connections)."""

import pytest

from loyalty_promos.models import Redemption
from loyalty_promos.services.coupons import redeem
from tests import factories
from tests.utils import assert_ledgers_clean, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(attempts):
    """Redeem every (code, booking) at once, each in its own thread and connection."""
    results = run_concurrently(
        [lambda code=code, booking=booking: redeem(code, booking) for code, booking in attempts]
    )
    return ["used" if result == "ok" else result for result in results]


def test_thirty_checkouts_of_a_ten_use_coupon_over_three_codes_use_exactly_ten():
    coupon = factories.CouponFactory(code="ALPHA", max_uses=10, max_uses_per_customer=None)
    factories.CouponCodeFactory(coupon=coupon, code="BRAVO")
    factories.CouponCodeFactory(coupon=coupon, code="CHARLIE")
    codes = ["ALPHA", "BRAVO", "CHARLIE"]
    attempts = [(codes[n % 3], factories.AppointmentFactory()) for n in range(30)]

    results = race(attempts)

    assert results.count("used") == 10
    assert results.count("usage_limit") == 20
    assert Redemption.objects.live().filter(coupon=coupon).count() == 10
    assert_ledgers_clean()


def test_a_single_use_code_is_used_once_when_many_try():
    coupon = factories.CouponFactory(max_uses_per_customer=None)
    factories.CouponCodeFactory(coupon=coupon, code="ONCEONLY", max_uses=1)

    results = race([("ONCEONLY", factories.AppointmentFactory()) for _ in range(12)])

    assert results.count("used") == 1
    assert results.count("usage_limit") == 11
    assert_ledgers_clean()


def test_one_customer_racing_several_bookings_gets_the_per_customer_limit():
    customer = factories.CustomerFactory()
    factories.CouponFactory(code="WELCOME", max_uses=None, max_uses_per_customer=2)

    results = race(
        [("WELCOME", factories.AppointmentFactory(customer=customer)) for _ in range(10)]
    )

    assert results.count("used") == 2
    assert results.count("customer_limit") == 8
    assert_ledgers_clean()
