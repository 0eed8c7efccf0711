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


@pytest.mark.parametrize("max_uses", [None, 5])
def test_a_checkout_waiting_for_an_edit_of_its_promo_code_sees_the_whole_edit(max_uses):
    """Staff raise the discount and limit it to one service in one save; a checkout for
    another service that waited for that save is refused, never given the new discount
    under the old services (the code's lock and whom it is for are read after the wait)."""
    import threading
    import time

    from django.db import connection, transaction

    from loyalty_promos import api
    from loyalty_promos.exceptions import CouponError
    from loyalty_promos.models import Charge, Coupon

    coupon = factories.CouponFactory(code="EDITED", discount_value=10, max_uses=max_uses)
    colouring = factories.ServiceFactory(name="Colouring")
    booking = factories.AppointmentFactory(service=factories.ServiceFactory(name="Haircut"))
    editing, outcome = threading.Event(), {}

    def edit():
        try:
            with transaction.atomic():
                edited = Coupon.objects.select_for_update().get(pk=coupon.pk)
                edited.discount_value = 50
                edited.save()
                edited.services.set([colouring])
                editing.set()
                time.sleep(0.5)  # the checkout starts now and waits for this save
        finally:
            connection.close()

    def check_out():
        editing.wait(5)
        try:
            outcome["charge"] = api.checkout(booking, code="EDITED")
        except CouponError as error:
            outcome["refused"] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=edit), threading.Thread(target=check_out)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert outcome == {"refused": "service"}
    assert not Charge.objects.filter(booking_id=booking.pk).exists()
