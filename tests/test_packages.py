import datetime
from decimal import Decimal

import pytest
from django.db.models import ProtectedError

from loyalty_promos import api
from loyalty_promos.models import Charge, CustomerPackage, PackageUsage
from loyalty_promos.services import packages
from loyalty_promos.services.checkout import build_quote
from tests import factories
from tests.conftest import NOW
from tests.utils import assert_ledgers_clean

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.timedelta(days=1)


def book(customer, service=None, days=2, **kwargs):
    service = service or factories.ServiceFactory(name="Massage", price=D("60"))
    return factories.AppointmentFactory(
        customer=customer, service=service, start=NOW + days * DAY, **kwargs
    )


def test_a_visit_pack_pays_a_booking_and_uses_one_visit(customer):
    plan = factories.PackagePlanFactory(visits=5)
    package = api.assign_package(customer, plan)

    charge = api.checkout(book(customer))

    package.refresh_from_db()
    assert (charge.package_amount, charge.amount_due, charge.status) == (
        D("60.00"),
        D("0.00"),
        "paid",
    )
    assert package.visits_left == 4
    assert package.usages.get(kind="use").visits == -1
    assert charge.lines.get(kind="package").label == plan.name


def test_a_time_pass_covers_every_booking_in_its_period(customer):
    plan = factories.PackagePlanFactory(
        kind="time_pass", visits=None, validity_count=1, validity_unit="months"
    )
    api.assign_package(customer, plan)

    inside = api.checkout(book(customer, days=20))
    outside = api.quote(book(customer, days=40))

    assert inside.package_amount == D("60.00")
    assert outside.package_amount == D("0.00")  # 14 March + 1 month = 14 April


def test_a_credit_pack_pays_partly_when_short(customer):
    plan = factories.PackagePlanFactory(kind="credit_pack", visits=None, credit=D("100"))
    package = api.assign_package(customer, plan)

    first = api.checkout(book(customer))
    second = api.checkout(book(customer, days=3))

    package.refresh_from_db()
    assert (first.package_amount, first.amount_due) == (D("60.00"), D("0.00"))
    assert (second.package_amount, second.amount_due) == (D("40.00"), D("20.00"))
    assert package.credit_left == D("0.00")


def test_a_package_only_covers_its_services(customer):
    plan = factories.PackagePlanFactory()
    plan.services.set([factories.ServiceFactory(name="Manucure")])
    api.assign_package(customer, plan)

    assert api.quote(book(customer)).package_amount == D("0.00")


def test_an_expired_package_is_not_used(customer):
    api.assign_package(customer, factories.PackagePlanFactory(), expires=NOW + DAY)

    assert api.quote(book(customer, days=2)).package_amount == D("0.00")


def test_the_package_expiring_soonest_is_used_first(customer):
    later = api.assign_package(customer, factories.PackagePlanFactory(name="Later"))
    sooner = api.assign_package(
        customer, factories.PackagePlanFactory(name="Sooner"), expires=NOW + 10 * DAY
    )

    charge = api.checkout(book(customer))

    assert charge.customer_package == sooner
    assert later.usages.exclude(kind="open").count() == 0


def test_a_coupon_applies_before_the_package(customer):
    factories.CouponFactory(code="TEN", discount_value=D("10"))
    api.assign_package(
        customer, factories.PackagePlanFactory(kind="credit_pack", visits=None, credit=D("100"))
    )

    charge = api.checkout(book(customer), code="TEN")

    assert (charge.discount_amount, charge.package_amount, charge.amount_due) == (
        D("6.00"), D("54.00"), D("0.00"))  # fmt: skip


def test_bookings_made_before_are_left_alone_unless_asked(customer):
    before = book(customer)
    api.assign_package(customer, factories.PackagePlanFactory())
    after = book(customer, days=3)

    assert api.quote(before).package_amount == D("0.00")
    assert api.quote(after).package_amount == D("60.00")


def test_include_existing_recomputes_pending_charges(customer):
    pending = api.checkout(book(customer))
    assert pending.amount_due == D("60.00")

    api.assign_package(customer, factories.PackagePlanFactory(), include_existing=True)

    pending.refresh_from_db()
    assert (pending.package_amount, pending.amount_due, pending.status) == (
        D("60.00"), D("0.00"), "paid")  # fmt: skip


def test_preview_of_a_package_for_already_booked_appointments(customer):
    booking = book(customer)
    plan = factories.PackagePlanFactory(kind="credit_pack", visits=None, credit=D("50"))
    preview = packages.new_package(customer, plan, include_existing=True)

    result = build_quote(booking, extra_package=preview)

    assert (result.package_amount, result.amount_due) == (D("50.00"), D("10.00"))
    assert not CustomerPackage.objects.exists()


def test_voiding_returns_the_visit(customer):
    package = api.assign_package(customer, factories.PackagePlanFactory(visits=1))
    charge = api.checkout(book(customer))

    api.void(charge)

    package.refresh_from_db()
    assert package.visits_left == 1
    assert list(package.usages.values_list("kind", "visits")) == [
        ("return", 1),
        ("use", -1),
        ("open", 1),
    ]


def test_a_late_cancellation_forfeits_the_visit_when_the_plan_says_so(customer):
    plan = factories.PackagePlanFactory(
        visits=2, cancellation="forfeit_late", late_cancellation_hours=72
    )
    package = api.assign_package(customer, plan)
    booking = book(customer, days=2)  # in 48 hours: late
    api.checkout(booking)

    booking.status = "cancelled"
    booking.save()

    package.refresh_from_db()
    assert package.visits_left == 1
    assert package.usages.order_by("pk").last().kind == "forfeit"


def test_an_early_cancellation_returns_the_visit_even_with_forfeit(customer):
    plan = factories.PackagePlanFactory(
        visits=2, cancellation="forfeit_late", late_cancellation_hours=24
    )
    package = api.assign_package(customer, plan)
    charge = api.checkout(book(customer, days=2))

    api.void(charge)

    package.refresh_from_db()
    assert package.visits_left == 2


def test_a_code_applied_inside_the_late_window_keeps_the_credit_pack(customer):
    """Applying or removing a code reprices the pending charge (a credit pack pays part of
    it): no cancellation, so nothing is forfeit; a late void still forfeits."""
    plan = factories.PackagePlanFactory(
        kind="credit_pack",
        visits=None,
        credit=D("30.00"),
        cancellation="forfeit_late",
        late_cancellation_hours=72,
    )
    package = api.assign_package(customer, plan)
    charge = api.checkout(book(customer, days=2))  # in 48 hours: inside the late window
    factories.CouponFactory(code="FIVE", discount_type="amount", discount_value=D("5"))

    charge = api.apply_code(charge, "FIVE")
    charge = api.remove_code(charge)

    package.refresh_from_db()
    assert (charge.customer_package, charge.package_amount) == (package, D("30.00"))
    assert package.credit_left == D("0.00")
    assert not package.usages.filter(kind="forfeit").exists()
    api.void(charge)  # a real cancellation, late: the plan forfeits the credit now
    package.refresh_from_db()
    assert package.usages.order_by("pk").last().kind == "forfeit"
    assert_ledgers_clean()


def test_a_booking_moved_into_the_late_window_then_cancelled_forfeits(customer):
    plan = factories.PackagePlanFactory(
        visits=3, cancellation="forfeit_late", late_cancellation_hours=24
    )
    package = api.assign_package(customer, plan)
    booking = book(customer, days=5)
    api.checkout(booking)  # the charge copies the start: in 5 days

    booking.start = NOW + datetime.timedelta(hours=3)  # moved to today, then cancelled
    booking.end = booking.start + datetime.timedelta(hours=1)
    booking.save()
    booking.status = "cancelled"
    booking.save()

    package.refresh_from_db()
    assert package.visits_left == 2  # a late cancellation of the booking as it is now
    assert package.usages.order_by("pk").last().kind == "forfeit"


def test_a_no_show_forfeits(customer):
    plan = factories.PackagePlanFactory(visits=2, cancellation="forfeit_late")
    package = api.assign_package(customer, plan)
    charge = api.checkout(book(customer, days=10))

    api.void(charge, no_show=True)

    package.refresh_from_db()
    assert package.visits_left == 1


def test_credit_pack_credit_comes_back_on_void(customer):
    plan = factories.PackagePlanFactory(kind="credit_pack", visits=None, credit=D("100"))
    package = api.assign_package(customer, plan)
    charge = api.checkout(book(customer))

    api.void(charge)

    package.refresh_from_db()
    assert package.credit_left == D("100.00")
    used = PackageUsage.objects.exclude(kind="open").values_list("amount", flat=True)
    assert sum(used) == D("0.00")


def test_a_held_plan_cannot_be_deleted(customer):
    plan = factories.PackagePlanFactory()
    api.assign_package(customer, plan)

    with pytest.raises(ProtectedError):
        plan.delete()


def test_expiry_is_computed_from_the_plan():
    plan = factories.PackagePlanFactory(validity_count=1, validity_unit="months")
    start = datetime.datetime(2026, 1, 31, 9, tzinfo=NOW.tzinfo)

    assert plan.expiry_from(start) == datetime.datetime(2026, 2, 28, 9, tzinfo=NOW.tzinfo)


def test_extend_expiry(customer):
    package = api.assign_package(customer, factories.PackagePlanFactory(), expires=NOW + DAY)
    api.assign_package(customer, factories.PackagePlanFactory())  # no expiry: untouched

    before = package.expires_at

    assert packages.extend_expiry(CustomerPackage.objects.all(), 30) == 1
    package.refresh_from_db()
    assert package.expires_at - before == 30 * DAY


def test_the_charge_keeps_its_numbers_after_the_package_is_gone(customer):
    package = api.assign_package(customer, factories.PackagePlanFactory())
    charge = api.checkout(book(customer))

    package.delete()

    charge.refresh_from_db()
    assert (charge.customer_package, charge.package_amount) == (None, D("60.00"))
    assert Charge.objects.get().lines.get(kind="package").amount == D("-60.00")
