"""The points and balances pages do not grow with the ledger (issue #17 item 7).

The points report sums closed days from their daily totals and only the open
days (yesterday, today) from the ledger; the balances page reads live lots
through their partial index. Query counts are the same at two sizes.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import LoyaltyProgram, PointsDay, PointsEntry
from loyalty_promos.reports.registry import REPORTS
from loyalty_promos.services import rollups
from loyalty_promos.services.points import add_lot
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def url(code):
    return reverse("admin:loyalty_promos_report", args=[code])


def summary(response) -> dict:
    return {str(label): value for label, value in response.context["total_items"]}


@pytest.fixture
def program(db):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    return program


def ledger(customers, per_customer, *, days_ago=(0, 1, 2, 40)):
    """Entries on several days: today and yesterday (open) and closed days."""
    rule = factories.EarningRuleFactory(points=3)
    made = []
    for n, customer in enumerate(customers):
        for k in range(per_customer):
            entry = add_lot(customer, 1 + k, "earn" if k % 2 else "adjust", rule=rule)
            made.append((entry.pk, days_ago[(n + k) % len(days_ago)]))
    for pk, ago in made:
        PointsEntry.objects.filter(pk=pk).update(created_at=NOW - ago * DAY)
    return rule


def direct(**filters):
    entries = PointsEntry.objects.filter(**filters)
    return {"rows": entries.count(), "points": sum(entries.values_list("points", flat=True))}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kind": "earn"},
        {"date_from": (NOW - 2 * DAY).date().isoformat()},
        {"date_until": (NOW - 2 * DAY).date().isoformat()},
        {"date_from": (NOW - DAY).date().isoformat(), "kind": "adjust"},
    ],
)
def test_points_totals_from_daily_totals_equal_the_ledger(admin_client, program, params):
    rule = ledger([factories.CustomerFactory() for _ in range(3)], 4)
    filters = {"kind": params["kind"]} if "kind" in params else {}
    if "date_from" in params:
        filters["created_at__date__gte"] = params["date_from"]
    if "date_until" in params:
        filters["created_at__date__lte"] = params["date_until"]

    response = admin_client.get(url("points"), params)
    by_rule = admin_client.get(url("points"), {**params, "rule": rule.pk})

    expected = direct(**filters)
    assert summary(response)["rows"] == expected["rows"]
    assert summary(response)["points"] == expected["points"]
    assert summary(by_rule)["rows"] == direct(rule=rule, **filters)["rows"]
    # Closed days were summed once: two days back and forty days back.
    assert set(PointsDay.objects.values_list("day", flat=True)) == {
        (NOW - 2 * DAY).date(),
        (NOW - 40 * DAY).date(),
    }


def test_a_day_is_summed_once_and_new_entries_land_in_the_open_days(admin_client, program):
    customer = factories.CustomerFactory()
    ledger([customer], 4)
    admin_client.get(url("points"))
    written = PointsDay.objects.count()

    api.adjust_points(customer, 5, "now")
    response = admin_client.get(url("points"))

    assert PointsDay.objects.count() == written
    assert rollups.close_points_days() == 0
    assert summary(response)["rows"] == PointsEntry.objects.count()
    assert summary(response)["points"] == direct()["points"]


def test_the_chart_adds_daily_totals_and_open_days(admin_client, program):
    ledger([factories.CustomerFactory() for _ in range(2)], 3)

    chart = admin_client.get(url("points")).context["chart"]

    assert chart.title == "Points earned, spent and expired per month"


def test_a_customer_filter_reads_the_ledger_of_that_customer(admin_client, program):
    customer = factories.CustomerFactory()
    ledger([customer, factories.CustomerFactory()], 3)

    response = admin_client.get(url("points"), {"customer": customer.pk})

    assert summary(response)["rows"] == 3
    assert REPORTS["points"].days(None) is None


def test_rebuilding_the_daily_totals_after_an_import(program):
    ledger([factories.CustomerFactory()], 4)
    rollups.close_points_days()
    PointsEntry.objects.filter(created_at__lt=NOW - 30 * DAY).update(
        created_at=NOW - 50 * DAY
    )  # an import rewrote history

    rollups.rebuild_points_days()

    assert set(PointsDay.objects.values_list("day", flat=True)) == {
        (NOW - 2 * DAY).date(),
        (NOW - 50 * DAY).date(),
    }


def page_queries(client, code, **params) -> int:
    client.get(url(code), params)  # the closed days summed once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(code), params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("code", "params"), [("points", {}), ("points", {"kind": "earn"})])
def test_the_points_page_runs_the_same_queries_at_two_sizes(admin_client, program, code, params):
    ledger([factories.CustomerFactory() for _ in range(2)], 3)
    small = page_queries(admin_client, code, **params)
    ledger([factories.CustomerFactory() for _ in range(12)], 10)

    assert page_queries(admin_client, code, **params) == small


def test_the_balances_page_runs_the_same_queries_at_two_sizes(admin_client, program):
    ledger([factories.CustomerFactory() for _ in range(2)], 3)
    small = page_queries(admin_client, "balances")
    ledger([factories.CustomerFactory() for _ in range(12)], 10)

    assert page_queries(admin_client, "balances") == small
