"""The last visit of a pack is never used twice, even by concurrent checkouts (PostgreSQL)."""

from decimal import Decimal

import pytest

from loyalty_promos import api
from loyalty_promos.models import Charge, PackageUsage
from tests import factories
from tests.utils import assert_ledgers_clean, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_checkouts_use_the_last_visit_once():
    customer = factories.CustomerFactory()
    package = api.assign_package(customer, factories.PackagePlanFactory(visits=1))
    service = factories.ServiceFactory(price=Decimal("60"))
    bookings = [factories.AppointmentFactory(customer=customer, service=service) for _ in range(6)]

    results = run_concurrently([lambda b=b: api.checkout(b) for b in bookings])

    assert results == ["ok"] * 6
    package.refresh_from_db()
    assert package.visits_left == 0
    assert PackageUsage.objects.filter(kind="use").count() == 1
    assert Charge.objects.filter(package_amount=Decimal("60.00")).count() == 1
    assert Charge.objects.filter(amount_due=Decimal("60.00")).count() == 5
    assert_ledgers_clean()


def test_concurrent_checkouts_of_one_booking_make_one_charge():
    customer = factories.CustomerFactory()
    api.add_credit(customer, Decimal("100"), "")
    booking = factories.AppointmentFactory(customer=customer)

    results = run_concurrently([lambda: api.checkout(booking, use_credits=True) for _ in range(6)])

    assert results == ["ok"] * 6
    assert Charge.objects.filter(booking=booking).count() == 1
    assert api.credit_balance(customer) == Decimal("50.00")  # one 50.00 booking, spent once
    assert_ledgers_clean()
