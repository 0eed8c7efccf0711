"""One voice per language: numbers, money and dates as every page, message and chart writes them."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from loyalty_promos import formats
from loyalty_promos.reports.charts import bar_chart
from loyalty_promos.services.money import format_money as service_format_money

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NBSP = "\xa0"  # Django's French thousands separator


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,736.00"), ("fr", f"1{NBSP}736,00"), ("ro", "1.736,00")],
)
def test_money_has_the_languages_separators_and_two_decimals(language, expected):
    with translation.override(language):
        assert formats.format_money(Decimal("1736")) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "468.15"), ("fr", "468,15"), ("ro", "468,15")],
)
def test_a_database_sum_with_many_places_is_written_with_cents(language, expected):
    with translation.override(language):
        assert formats.format_money(Decimal("468.150000000000")) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "40.00 EUR"), ("fr", "40,00 EUR"), ("ro", "40,00 EUR")],
)
def test_money_with_its_currency(language, expected):
    with translation.override(language):
        assert formats.format_money(Decimal("40"), "EUR") == expected
        assert service_format_money(Decimal("40"), "EUR") == expected


def test_money_rounds_half_up_and_an_absent_amount_is_empty():
    assert formats.format_money(Decimal("0.005")) == "0.01"
    assert formats.format_money(2.675) == "2.68"  # the float's text, not its binary value
    assert formats.format_money(None) == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "12,500"), ("fr", f"12{NBSP}500"), ("ro", "12.500")],
)
def test_points_are_grouped(language, expected):
    with translation.override(language):
        assert formats.format_points(12500) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Nov. 30, 2026, 6:45 p.m."),
        ("fr", "30 novembre 2026 18:45"),
        ("ro", "30 noiembrie 2026, 18:45"),  # months in lower case (Django capitalises)
    ],
)
def test_an_instant_in_the_languages_style_on_the_business_clock_without_seconds(
    language, expected
):
    moment = datetime.datetime(2026, 11, 30, 17, 45, 12, 345678, tzinfo=datetime.UTC)
    with translation.override(language):
        assert formats.format_datetime(moment) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Nov. 30, 2026"), ("fr", "30 novembre 2026"), ("ro", "30 noiembrie 2026")],
)
def test_a_day_in_the_languages_style(language, expected):
    with translation.override(language):
        assert formats.format_date(datetime.date(2026, 11, 30)) == expected
        # an instant late on the 30th in UTC is already 1 December in Paris
        late = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
        assert formats.format_date(late) != expected


def test_template_filters_write_the_same_texts():
    template = Template(
        "{% load loyalty_promos_format %}{{ amount|money }}|{{ amount|money:'EUR' }}|"
        "{{ points|points }}|{{ raw|cell }}|{{ count|cell }}|{{ none|cell }}"
    )
    context = Context(
        {"amount": Decimal("1736"), "points": 12500, "raw": Decimal("468.150000000000"),
         "count": 3, "none": None}
    )  # fmt: skip
    with translation.override("ro"):
        assert template.render(context) == "1.736,00|1.736,00 EUR|12.500|468,15|3|"


def test_chart_figures_follow_the_language():
    with translation.override("fr"):
        chart = bar_chart("Revenue", ["2026-10", "2026-11"], {"due": [Decimal("1736.5"), 0]})
    assert chart.peak == f"1{NBSP}736,50"
    assert chart.bars[0].tip == f"due 2026-10: 1{NBSP}736,50"
    with translation.override("ro"):
        chart = bar_chart("Points", ["2026-11"], {"earned": [12500]})
    assert chart.peak == "12.500"


def test_chart_months_leave_their_year_to_a_second_line_so_thirteen_fit():
    periods = ["Dec. 2025", *(f"{month} 2026" for month in ["Jan.", "Feb.", "March", "Sept."])]

    chart = bar_chart("Revenue", periods, {"due": [1, 2, 3, 4, 5]})

    assert [label for _x, _y, label in chart.labels] == ["Dec.", "Jan.", "Feb.", "March", "Sept."]
    assert [(x, year) for x, _y, year in chart.years] == [
        (chart.labels[0][0], "2025"),
        (chart.labels[1][0], "2026"),
    ]
    # Thirteen months fit: each label is narrower than the room its month has.
    room = (640 - 48 - 8) / 13
    assert all(len(label) * 6 < room for label in ("Sept.", "Noie.", "juil."))


@pytest.mark.django_db
def test_a_batch_is_named_with_the_languages_date_style():
    from loyalty_promos.models import CodeBatch
    from tests import factories

    batch = CodeBatch.objects.create(coupon=factories.CouponFactory(name="Noël"), source="pasted")
    with translation.override("fr"):
        assert str(batch).endswith("· 14 mars 2026 10:00")


@pytest.mark.django_db
def test_djangos_own_lists_group_thousands_like_our_pages(admin_client):
    """The example host sets USE_THOUSAND_SEPARATOR: change lists read as report totals do."""
    from django.urls import reverse

    from tests import factories

    factories.ChargeFactory(list_price=Decimal("1736.00"), amount_due=Decimal("1736.00"))
    response = admin_client.get(
        reverse("admin:loyalty_promos_charge_changelist"), HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert f"1{NBSP}736,00" in response.text


@pytest.mark.parametrize(
    ("kind", "value", "english", "french"),
    [
        ("percent", "12.50", "12.5 %", "12,5 %"),
        ("percent", "100", "100 %", "100 %"),
        ("amount", "1500", "1,500.00", f"1{NBSP}500,00"),
    ],
)
def test_a_discount_reads_in_the_language(kind, value, english, french):
    from loyalty_promos.models import Coupon

    coupon = Coupon(discount_type=kind, discount_value=Decimal(value))
    with translation.override("en"):
        assert coupon.discount_display == english
    with translation.override("fr"):
        assert coupon.discount_display == french


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "March 2026"), ("fr", "mars 2026"), ("ro", "Martie 2026")]
)
def test_chart_months_are_written_in_the_language(language, expected):
    from loyalty_promos.reports.charts import month_label

    with translation.override(language):
        assert month_label("2026-03") == expected
        assert month_label(datetime.datetime(2026, 3, 1, tzinfo=PARIS)) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en", Decimal("10.00"), f"10{NBSP}%"),
        ("fr", Decimal("12.50"), f"12,5{NBSP}%"),
        ("ro", Decimal("100"), f"100{NBSP}%"),
    ],
)
def test_a_percent_reads_without_trailing_zeros_or_exponent(language, value, expected):
    with translation.override(language):
        assert formats.format_percent(value) == expected
        assert formats.format_decimal(value) == expected.removesuffix(f"{NBSP}%")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "amount"), [("en", "1,736.00 EUR"), ("fr", f"1{NBSP}736,00 EUR")]
)
def test_a_charge_is_named_with_its_amount_in_the_language(language, amount):
    from tests import factories

    charge = factories.ChargeFactory(customer_name="Camille Dupont", service_name="Balayage")
    charge.amount_due, charge.currency = Decimal("1736"), "EUR"
    with translation.override(language):
        assert str(charge) == f"Camille Dupont · Balayage · {amount}"  # title and breadcrumbs
