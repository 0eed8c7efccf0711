"""Report pages in one voice per language: rows, totals and charts, never a raw Decimal."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from loyalty_promos import api
from tests import factories

pytestmark = pytest.mark.django_db
NBSP = "\xa0"


@pytest.fixture
def big_sale(customer):
    factories.CouponFactory(name="Printemps", code="PRINTEMPS", discount_value=Decimal("10"))
    service = factories.ServiceFactory(name="Mariage", price="1736.50")
    booking = factories.AppointmentFactory(customer=customer, service=service)
    return api.checkout(booking, code="PRINTEMPS")


@pytest.mark.parametrize(
    ("language", "discount", "revenue"),
    [
        ("en", "173.65", "1,562.85"),
        ("fr", "173,65", f"1{NBSP}562,85"),
        ("ro", "173,65", "1.562,85"),
    ],
)
def test_usage_report_rows_and_totals_read_in_the_language(
    admin_client, big_sale, language, discount, revenue
):
    url = reverse("admin:loyalty_promos_report", args=["coupons"])

    response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE=language)

    cells = re.findall(r"<td(?: class=\"[^\"]*\")?>([^<]*)</td>", response.text)
    assert discount in cells
    assert revenue in cells
    assert f'<td class="lp-num">{revenue}</td>' in response.text  # right-aligned
    totals = response.text.split('class="lp-totals"')[1].split("</p>")[0]
    assert f"<strong>{revenue}</strong>" in totals
    assert not re.search(r"\d[.,]\d{3,}0\b", response.text.split("<tbody>")[1])  # no 468.1500…


def test_billing_rows_show_dates_in_the_languages_style_without_seconds(admin_client, big_sale):
    url = reverse("admin:loyalty_promos_report", args=["billing"])

    response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")

    # created, on the salon's clock, kept on one line
    assert '<td class="lp-when">14 mars 2026 10:00</td>' in response.text
    assert "10:00:00" not in response.text.split("<tbody>")[1]
