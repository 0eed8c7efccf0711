"""The customer page's and the overview's figures: exact values, constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from loyalty_promos.models import Charge, PointsDay, PointsEntry
from loyalty_promos.services import package_assignment, rollups, wallet
from loyalty_promos.services.customers import customer_summary, live_points_lots
from loyalty_promos.services.giftcards import issue_gift_card
from loyalty_promos.services.overview import outstanding_points, overview
from loyalty_promos.services.points import adjust_points, expire_points
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
#: Queries of ``customer_summary`` and ``overview``, whatever the data (measured).
SUMMARY_QUERIES = 14
OVERVIEW_QUERIES = 15


def give_everything(customer, copies=1):
    """``copies`` of every kind of value and record for ``customer``."""
    for n in range(copies):
        adjust_points(customer, 50, f"welcome {n}")
        wallet.write_credit(customer, "topup", Decimal("20.00"), f"top-up {n}")
        issue_gift_card("30.00", owner=customer)
        package_assignment.assign_package(customer, factories.PackagePlanFactory())
        booking = factories.AppointmentFactory(customer=customer, start=NOW - DAY * (n + 1))
        factories.ChargeFactory(booking=booking, status=Charge.Status.PAID)
        factories.ChargeFactory(
            booking=factories.AppointmentFactory(customer=customer, start=NOW - DAY),
            status=Charge.Status.PENDING,
        )
        factories.AppointmentFactory(customer=customer, start=NOW - datetime.timedelta(hours=2))
    factories.CustomerDiscountFactory(customer=customer, percent=Decimal("5.00"))


def count_queries(function, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        function(*args, **kwargs)
    return len(queries)


def test_the_summary_holds_what_the_customer_has(customer):
    give_everything(customer)

    summary = customer_summary(customer)

    assert summary.name == "Camille Dupont"
    assert summary.points == 50
    assert summary.credit == Decimal("20.00")
    assert [card.balance for card in summary.gift_cards] == [Decimal("30.00")]
    assert [package.visits_left for package in summary.packages] == [5]
    assert summary.discount.percent == Decimal("5.00")
    assert [charge.status for charge in summary.pending_charges] == ["pending"]
    assert [charge.status for charge in summary.charges] == ["paid"]
    assert len(summary.to_check_out) == 1  # the one two hours ago; the others have a charge
    assert [entry.points for entry in summary.points_history.object_list] == [50]


def test_the_summary_leaves_other_customers_out(customer):
    give_everything(factories.CustomerFactory())

    summary = customer_summary(customer)

    assert (summary.points, summary.credit, summary.gift_cards, summary.packages) == (
        0,
        Decimal("0.00"),
        [],
        [],
    )
    assert summary.pending_charges == summary.charges == summary.to_check_out == []


def test_the_points_history_is_paged(customer):
    for n in range(25):
        adjust_points(customer, 1, f"bonus {n}")

    first = customer_summary(customer).points_history
    second = customer_summary(customer, history_page=2).points_history

    assert (len(first.object_list), first.has_next, first.has_previous) == (20, True, False)
    assert (len(second.object_list), second.has_next, second.has_previous) == (5, False, True)


def test_the_summary_reads_in_the_same_number_of_queries_whatever_the_customer_holds(customer):
    other = factories.CustomerFactory()
    give_everything(customer, copies=1)
    give_everything(other, copies=6)

    small = count_queries(customer_summary, customer)
    large = count_queries(customer_summary, other)

    assert small == large == SUMMARY_QUERIES


def test_the_overview_counts_what_is_left_to_do(customer):
    give_everything(customer)

    data = overview()

    assert data.to_check_out_count == 1
    assert data.pending_count == 1
    assert data.pending_total == Charge.objects.get(status="pending").amount_due
    assert data.liability["points"] == 50
    assert data.liability["credit"] == Decimal("20.00")
    assert data.liability["gift_cards"] == Decimal("30.00")
    assert data.liability["packages"] == 1


def test_the_overview_compares_this_week_with_the_last(customer):
    this_week = factories.ChargeFactory(
        booking=factories.AppointmentFactory(customer=customer, start=NOW),
        status=Charge.Status.PAID,
    )
    Charge.objects.filter(pk=this_week.pk).update(
        amount_due=Decimal("40.00"), discount_amount=Decimal("5.00"), created_at=NOW - DAY
    )
    last_week = factories.ChargeFactory(
        booking=factories.AppointmentFactory(customer=customer, start=NOW - DAY * 7),
        status=Charge.Status.PAID,
    )
    Charge.objects.filter(pk=last_week.pk).update(
        amount_due=Decimal("25.50"), created_at=NOW - DAY * 7
    )

    revenue, discounts, _credits, points = overview().week

    assert (revenue.current, revenue.previous, revenue.trend) == (
        Decimal("40.00"),
        Decimal("25.50"),
        "up",
    )
    assert (discounts.current, discounts.previous) == (Decimal("5.00"), Decimal("0.00"))
    assert (points.current, points.previous, points.trend) == (0, 0, "flat")


def test_the_overview_reads_in_the_same_number_of_queries_whatever_the_data(customer):
    give_everything(customer, copies=1)
    small = count_queries(overview)
    for _n in range(5):
        give_everything(factories.CustomerFactory(), copies=3)
    factories.CouponFactory(max_uses=1)

    large = count_queries(overview)

    assert small == large == OVERVIEW_QUERIES


def test_outstanding_points_leave_out_lots_past_expiry_the_job_has_not_written_off(customer):
    """Outstanding: the cached balances less what is left in lots already expired; the
    same figure before and after the expiry job writes those lots off."""
    other = factories.CustomerFactory()
    adjust_points(customer, 50, "kept")
    lapsed = adjust_points(customer, 30, "lapsed")
    soon = adjust_points(other, 20, "soon")
    PointsEntry.objects.filter(pk=lapsed.pk).update(expires_at=NOW - DAY)
    PointsEntry.objects.filter(pk=soon.pk).update(expires_at=NOW + DAY * 10)

    before = outstanding_points(NOW)
    expire_points(NOW)

    assert before == outstanding_points(NOW) == {"total": 70, "expiring": 20}
    assert before["total"] == live_points_lots(NOW).aggregate(n=Sum("remaining"))["n"]
    assert overview(NOW).liability["points"] == 70
    assert overview(NOW).expiring["points"] == 20


def test_points_earned_add_the_daily_totals_and_the_days_not_summed_yet(customer):
    """This week (from Monday 9 March), last week, this month and February: the days
    summed into daily totals and the ledger after them give the same figures as the
    ledger alone, and only earned points count."""
    today = NOW.date()
    for day, kind, points in [
        (datetime.date(2026, 2, 20), "earn", 17),  # the month before
        (datetime.date(2026, 3, 5), "earn", 13),  # last week, this month
        (datetime.date(2026, 3, 10), "earn", 5),  # this week, a closed day
        (datetime.date(2026, 3, 10), "adjust", 100),  # not earned
        (today - DAY, "earn", 7),  # yesterday: still open
        (today, "earn", 11),
    ]:
        moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=NOW.tzinfo)
        PointsEntry.objects.create(
            customer=customer, kind=kind, points=points, balance_after=0, created_at=moment
        )

    def earned():
        figures = overview(NOW)
        return [(f.current, f.previous) for f in (figures.week[3], figures.month[3])]

    from_ledger = earned()
    assert rollups.close_points_days(NOW) > 0
    assert PointsDay.objects.filter(day=datetime.date(2026, 3, 10), kind="earn").exists()

    assert earned() == from_ledger == [(23, 13), (36, 17)]
