import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import LoyaltyProgram
from loyalty_promos.reports.registry import REPORTS
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def row_count(response) -> int:
    """The count above the table, or the rows on the page for reports without totals."""
    summary = {str(label): value for label, value in response.context["total_items"]}
    return summary["rows"] if "rows" in summary else len(response.context["rows"])


D = Decimal


def url(code):
    return reverse("admin:loyalty_promos_report", args=[code])


def export_rows(client, code, **params):
    response = client.get(url(code), {"export": "csv", **params})
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def program(db):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    return program


def test_points_report_with_bonus_links_and_filters(admin_client, program, customer):
    api.adjust_points(customer, 40, "Bienvenue")
    other = factories.CustomerFactory()
    api.adjust_points(other, 10, "Parrainage")

    response = admin_client.get(url("points"), {"customer": customer.pk})

    assert row_count(response) == 1
    assert f"?customer={customer.pk}" in response.text
    assert "Add points" in response.text
    rows = export_rows(admin_client, "points", kind="adjust")
    assert rows[0][:4] == ["date", "customer", "kind", "points"]
    assert sorted(row[3] for row in rows[1:]) == ["10", "40"]
    assert {row[2] for row in rows[1:]} == {"adjusted"}


def test_coupon_usage_counts_uses_customers_new_customers_discount_and_revenue(
    admin_client, customer
):
    spring = factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"),
                                     max_uses_per_customer=None)  # fmt: skip
    regular = factories.CustomerFactory()
    factories.AppointmentFactory(customer=regular, start=NOW - datetime.timedelta(days=30))
    api.checkout(factories.AppointmentFactory(customer=customer), code="SPRING")  # new customer
    api.checkout(factories.AppointmentFactory(customer=regular), code="SPRING")
    voided = api.checkout(factories.AppointmentFactory(customer=regular), code="SPRING")
    api.void(voided)

    response = admin_client.get(url("coupons"), {"name": "print"})

    assert row_count(response) == 1
    rows = export_rows(admin_client, "coupons", name="print")
    # "New customers" is read when the report runs: redeem does not read a customer's
    # earlier bookings for a code that is not for first bookings only (#12).
    assert rows[1] == ["Printemps", "2", "2", "1", "10.00", "90.00"]
    assert spring.redemptions.count() == 3


def test_packages_report_by_plan(admin_client, customer):
    plan = factories.PackagePlanFactory(name="Cinq massages", visits=5, price=D("200"))
    api.assign_package(customer, plan, expires=NOW + datetime.timedelta(days=10))
    api.assign_package(factories.CustomerFactory(), plan)
    api.checkout(factories.AppointmentFactory(customer=customer))

    rows = export_rows(admin_client, "packages")

    header, row = rows[0], rows[1]
    values = dict(zip(header, row, strict=True))
    assert values["plan"] == "Cinq massages"
    assert (values["sold"], values["revenue"], values["active"]) == ("2", "400.00", "2")
    assert (values["visits used"], values["visits left"]) == ("1", "9")
    assert values["expiring within 30 days"] == "1"


def test_balances_and_liability(admin_client, program, customer):
    api.adjust_points(customer, 30, "")
    api.add_credit(customer, D("15"), "")
    api.issue_gift_card(D("50"), owner=customer, expires_at=NOW + datetime.timedelta(days=45))
    factories.CustomerFactory()  # owes nothing: not listed

    response = admin_client.get(url("balances"))

    assert row_count(response) == 1
    summary = {str(k): v for k, v in response.context["total_items"]}
    assert summary["points outstanding"] == 30
    assert summary["credits outstanding"] == D("15.00")
    assert summary["gift card value expiring within 30 days"] == D("0.00")
    assert summary["gift card value expiring within 60 days"] == D("50.00")
    rows = export_rows(admin_client, "balances")
    assert rows[1] == ["Camille Dupont", "30", "15.00", "50.00", "0"]


@pytest.mark.parametrize(
    "code", ["billing", "points", "coupons", "batches", "packages", "balances"]
)
def test_every_report_page_and_export_opens(admin_client, code):
    report = REPORTS[code]
    page = admin_client.get(url(code))
    export = admin_client.get(url(code), {"export": "xlsx"})

    assert (page.status_code, page.context["title"]) == (200, report.title)
    assert f"<h1>{report.title}</h1>" in page.text
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    header = [cell.value for cell in next(workbook.active.iter_rows())]
    assert header == [str(h) for h in report.resource().get_export_headers()]


def test_the_reports_are_linked_from_the_app_index(admin_client):
    response = admin_client.get(reverse("admin:app_list", args=["loyalty_promos"]))

    for code in ("billing", "points", "coupons", "packages", "balances"):
        assert url(code) in response.text


def test_pages_go_forward_without_counting_the_table(admin_client, program, customer):
    for n in range(55):
        api.adjust_points(customer, 1, f"#{n}")

    first = admin_client.get(url("points"))
    second = admin_client.get(url("points"), {"page": 2})

    assert (len(first.context["rows"]), first.context["page"].has_next) == (50, True)
    assert (len(second.context["rows"]), second.context["page"].has_next) == (5, False)
    assert "?page=2" in first.text or "&amp;page=2" in first.text


@pytest.mark.parametrize(
    "code", ["billing", "points", "coupons", "batches", "packages", "balances"]
)
def test_report_pages_run_a_fixed_number_of_queries(admin_client, program, code):
    """Same query count with 2 and with 30 rows of everything (no per-row queries)."""

    def queries_for(size):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for n in range(size):
            customer = factories.CustomerFactory()
            api.adjust_points(customer, 5, "")
            api.add_credit(customer, D("5"), "")
            factories.CouponFactory(code=f"Q{size}X{n}")
            api.checkout(factories.AppointmentFactory(customer=customer), code=f"Q{size}X{n}")
            factories.PackagePlanFactory()
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(url(code))
        return len(queries)

    assert queries_for(2) == queries_for(30)


def test_billing_and_points_reports_draw_a_monthly_chart_without_network(
    admin_client, program, customer
):
    api.pay(api.checkout(factories.AppointmentFactory(customer=customer)), method="card")
    api.adjust_points(customer, 20, "")

    billing = admin_client.get(url("billing"))
    points = admin_client.get(url("points"))

    for response, title in (
        (billing, "Revenue and discounts per month"),
        (points, "Points earned, spent and expired per month"),
    ):
        html = response.text
        figure = html[html.index('<figure class="lp-chart">') : html.index("</figure>")]
        assert response.context["chart"].title == title
        assert f'role="img" aria-label="{title}"' in figure
        assert ">March</text>" in figure  # the month, and its year on the line below
        assert ">2026</text>" in figure
        assert "<rect " in figure
        assert "http" not in figure.replace('xmlns="http', "")


def test_columns_sort_both_ways(admin_client, customer):
    factories.CouponFactory(name="Alpha", code="ALPHA")
    factories.CouponFactory(name="Beta", code="BETA")
    api.checkout(factories.AppointmentFactory(customer=customer), code="BETA")

    by_uses = admin_client.get(url("coupons"), {"o": "-uses"})
    by_name = admin_client.get(url("coupons"), {"o": "name"})
    ignored = admin_client.get(url("coupons"), {"o": "password"})

    assert [row[0][0] for row in by_uses.context["rows"]] == ["Beta", "Alpha"]
    assert [row[0][0] for row in by_name.context["rows"]] == ["Alpha", "Beta"]
    assert ignored.status_code == 200
    assert 'aria-sort="descending"' in by_uses.text


def test_coupon_usage_by_batch(admin_client, customer):
    from loyalty_promos.models import CodeBatch

    flyers = factories.CouponFactory(name="Flyers", discount_value=D("10"),
                                     max_uses_per_customer=None)  # fmt: skip
    batch = api.generate_codes(flyers, 3, label="Flyers mars")
    other = CodeBatch.objects.create(coupon=flyers, source="pasted", label="Partenaire")
    code = batch.codes.first().code
    api.checkout(factories.AppointmentFactory(customer=customer), code=code)

    rows = export_rows(admin_client, "batches")

    values = {row[0]: row for row in rows[1:]}
    assert values["Flyers mars"][1:] == ["Flyers", "3", "1", "1", "1", "5.00", "45.00"]
    assert values[str(other)][3] == "0"
