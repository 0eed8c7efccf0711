import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.reports.exporters import escape_formula
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def row_count(response) -> int:
    """The count above the table, or the rows on the page for reports without totals."""
    summary = {str(label): value for label, value in response.context["total_items"]}
    return summary["rows"] if "rows" in summary else len(response.context["rows"])


D = Decimal
URL = reverse("admin:loyalty_promos_report", args=["billing"])


@pytest.fixture
def charges(customer):
    spring = factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"),
                                     max_uses_per_customer=None)  # fmt: skip
    factories.CouponFactory(name="Autre", code="OTHER")
    evil = factories.CustomerFactory(first_name='=HYPERLINK("x")', last_name="Evil")
    api.add_credit(customer, D("20"), "")
    made = [
        api.checkout(factories.AppointmentFactory(customer=customer), code="SPRING"),
        api.checkout(factories.AppointmentFactory(customer=customer), use_credits=True),
        api.checkout(factories.AppointmentFactory(customer=evil)),
    ]
    api.pay(made[0], method="card")
    return spring, made


def test_the_report_lists_charges_with_totals(admin_client, charges):
    response = admin_client.get(URL)

    assert response.status_code == 200
    totals = {str(label): value for label, value in response.context["total_items"]}
    assert row_count(response) == 3
    assert totals["discount"] == D("5.00")
    assert totals["amount due"] == D("125.00")
    assert "Billing report" in response.text


@pytest.mark.parametrize(
    ("params", "rows"),
    [
        ({"type": "coupon"}, 1),
        ({"type": "credits"}, 1),
        ({"status": "paid"}, 1),
        ({"date_from": (NOW + datetime.timedelta(days=1)).date().isoformat()}, 0),
    ],
)
def test_filters(admin_client, charges, params, rows):
    response = admin_client.get(URL, params)

    assert row_count(response) == rows


def test_filter_by_several_promo_codes(admin_client, charges):
    spring, _made = charges

    response = admin_client.get(URL, {"coupons": [spring.pk]})

    assert row_count(response) == 1


def test_csv_export_is_exactly_the_filtered_view_and_escapes_formulas(admin_client, charges):
    response = admin_client.get(URL, {"export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["date", "customer", "service", "staff member"]
    assert len(rows) == 4
    assert '\'=HYPERLINK("x") Evil' in [row[1] for row in rows]

    filtered = admin_client.get(URL, {"export": "csv", "type": "coupon"})
    assert len(list(csv.reader(io.StringIO(b"".join(filtered.streaming_content).decode())))) == 2


def test_csv_for_french_excel(admin_client, charges):
    response = admin_client.get(URL, {"export": "csv", "bom": "1", "delimiter": "semicolon"})

    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffdate;customer;")


def test_xlsx_export_has_typed_cells_and_a_frozen_header(admin_client, charges):
    response = admin_client.get(URL, {"export": "xlsx", "status": "paid"})

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "date" and sheet["A1"].font.bold
    row = {h: cell.value for h, cell in zip(header, sheet[2], strict=True)}
    assert isinstance(row["date"], datetime.datetime)
    assert (
        row["discount"] == 5
        and sheet.cell(2, header.index("discount") + 1).number_format == '#,##0.00\\ "€"'
    )
    assert row["amount due"] == 45
    assert sheet.max_row == 2


def test_formula_escaping():
    assert escape_formula("=1+1") == "'=1+1"
    assert escape_formula("-5 customers") == "'-5 customers"
    assert escape_formula("@SUM(A1)") == "'@SUM(A1)"
    assert escape_formula("Camille") == "Camille"
    assert escape_formula(D("-5.00")) == D("-5.00")  # numbers are not text


def test_reports_need_their_permissions(client, charges):
    user = factories.StaffUserFactory()
    client.force_login(user)
    assert client.get(URL).status_code == 403

    user.user_permissions.add(Permission.objects.get(codename="view_reports"))
    page = client.get(URL)
    assert (page.status_code, page.context["title"]) == (200, "Billing report")
    assert "Export to Excel" not in client.get(URL).text
    assert client.get(URL, {"export": "csv"}).status_code == 403

    user.user_permissions.add(Permission.objects.get(codename="export_reports"))
    export = client.get(URL, {"export": "csv"})
    assert (export.status_code, export["Content-Type"]) == (200, "text/csv; charset=utf-8")
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert len(lines) == 1 + len(charges[1])  # the header, then one line per charge


def test_unknown_report_is_404(admin_client):
    assert (
        admin_client.get(reverse("admin:loyalty_promos_report", args=["nope"])).status_code == 404
    )


def test_the_charges_list_links_to_the_report(admin_client):
    response = admin_client.get(reverse("admin:loyalty_promos_charge_changelist"))

    assert URL in response.text


def test_the_fast_row_reader_gives_exactly_the_resource_values(charges):
    from loyalty_promos.models import Charge
    from loyalty_promos.reports.exporters import row_reader
    from loyalty_promos.reports.resources import BillingResource

    resource = BillingResource()
    read = row_reader(resource)
    for charge in Charge.objects.all():
        assert read(charge) == resource.export_resource(charge, force_native_type=True)


# Payment methods ---------------------------------------------------------------------------


def test_the_report_filters_by_payment_method_and_totals_each(admin_client, charges):
    _spring, made = charges
    api.pay(made[2], method="cash")
    cash = api.payment_methods()[1]

    everything = admin_client.get(URL)
    by_cash = admin_client.get(URL, {"method": cash.pk})

    totals = {str(label): value for label, value in everything.context["total_items"]}
    assert (totals["paid by Card"], totals["paid by Cash"]) == (D("45.00"), D("50.00"))
    assert row_count(by_cash) == 1
