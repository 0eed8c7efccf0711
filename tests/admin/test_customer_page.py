"""The customer page, the overview (the app's own page) and the grouped navigation."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site as default_site
from django.contrib.auth.models import Permission
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loyalty_promos.admin.navigation import GROUPS, group_app_list
from loyalty_promos.checks import Codes, check_customer_search
from loyalty_promos.models import Charge, PointsBalance
from loyalty_promos.services import wallet
from loyalty_promos.services.points import adjust_points
from tests import factories
from tests.conftest import NOW
from tests.test_customer_overview_services import give_everything

pytestmark = pytest.mark.django_db


def customer_page(customer):
    return reverse("admin:loyalty_promos_customer", args=[customer.pk])


def staff_with(client, *codenames):
    user = factories.StaffUserFactory()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="loyalty_promos", codename__in=codenames)
    )
    client.force_login(user)
    return client


def test_the_customer_page_shows_what_the_customer_holds(admin_client, customer):
    give_everything(customer)

    page = admin_client.get(customer_page(customer))

    assert page.status_code == 200
    text = page.text
    assert "Camille Dupont" in text
    for action in (
        "Add or remove points",
        "Redeem a reward",
        "Assign a package",
        "Add credit or a refund",
        "Sell a credit pack",
        "Issue a gift card",
        "Send a promo code",
        "Check out",
        "Apply a code",
    ):
        assert action in text, action
    assert f"?customer={customer.pk}" in text


def test_a_staff_member_sees_only_the_actions_they_may_take(client, customer):
    give_everything(customer)
    staff_with(client, "view_pointsentry", "adjust_points")

    text = client.get(customer_page(customer)).text

    assert "Add or remove points" in text
    assert "Sell a credit pack" not in text
    assert "Apply a code" not in text
    assert 'class="button lp-checkout-link"' not in text


def test_the_customer_page_needs_a_view_permission_on_a_ledger(client, customer):
    staff_with(client, "view_coupon")

    assert client.get(customer_page(customer)).status_code == 403


def test_an_unknown_customer_is_not_found(admin_client):
    assert admin_client.get("/admin/loyalty_promos/overview/customer/abc/").status_code == 404


def test_the_old_points_page_leads_to_the_customer_page(admin_client, customer):
    url = reverse("admin:loyalty_promos_points_customer", args=[customer.pk])

    assert admin_client.get(url).url == customer_page(customer)


def test_the_customer_page_reads_in_the_same_number_of_queries(admin_client, customer):
    other = factories.CustomerFactory()
    give_everything(customer, copies=1)
    give_everything(other, copies=5)
    admin_client.get(customer_page(customer))  # sessions, content types: cached from here

    counts = []
    for someone in (customer, other):
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(customer_page(someone)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "changelist",
    [
        "charge",
        "pointsentry",
        "pointsbalance",
        "creditbalance",
        "creditentry",
        "customerpackage",
        "giftcard",
        "customerdiscount",
    ],
)
def test_every_list_of_customer_value_links_to_the_customer_page(
    admin_client, customer, changelist
):
    give_everything(customer)

    text = admin_client.get(reverse(f"admin:loyalty_promos_{changelist}_changelist")).text

    assert f'href="{customer_page(customer)}"' in text


@pytest.mark.parametrize(
    "changelist", ["pointsbalance", "creditbalance", "customerpackage", "giftcard"]
)
def test_balance_lists_find_customers_by_name_email_or_phone(admin_client, customer, changelist):
    give_everything(customer)
    give_everything(factories.CustomerFactory(first_name="Zoé", last_name="Martin"))
    url = reverse(f"admin:loyalty_promos_{changelist}_changelist")

    text = admin_client.get(url, {"q": "Dupont"}).text

    assert 'id="searchbar"' in text
    assert customer_page(customer) in text
    assert "Martin" not in text


def test_the_points_balance_list_links_customers_without_a_query_per_row(admin_client):
    for _n in range(3):
        adjust_points(factories.CustomerFactory(), 5, "hello")
    assert PointsBalance.objects.count() == 3
    url = reverse("admin:loyalty_promos_pointsbalance_changelist")
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for _n in range(3):
        adjust_points(factories.CustomerFactory(), 5, "hello")
    with CaptureQueriesContext(connection) as many:
        admin_client.get(url)

    assert len(few) == len(many)


def test_the_host_customer_list_has_a_column_to_the_customer_page(admin_client, customer):
    text = admin_client.get(reverse("admin:salon_customer_changelist")).text

    assert f'href="{customer_page(customer)}"' in text
    assert "Promotions and loyalty" in text


# The overview ------------------------------------------------------------------------------


def app_page():
    return reverse("admin:app_list", kwargs={"app_label": "loyalty_promos"})


def test_the_apps_page_is_the_overview(admin_client, customer):
    give_everything(customer)

    text = admin_client.get(app_page()).text

    assert "<h1>Overview</h1>" in text
    assert "Appointments to check out" in text
    assert reverse("admin:loyalty_promos_charge_checkout", args=[1])[:-2] in text
    assert customer_page(customer) in text
    assert "What customers hold" in text
    assert 'class="lp-chart-plot"' in text


def test_the_overview_entry_leads_to_the_apps_page(admin_client):
    url = reverse("admin:loyalty_promos_overview_changelist")

    assert admin_client.get(url).url == app_page()


def test_staff_without_billing_see_the_models_but_not_the_figures(client):
    staff_with(client, "view_coupon")

    text = client.get(app_page()).text

    assert "What customers hold" not in text
    assert "Promo codes" in text


def test_the_overview_reads_in_the_same_number_of_queries_whatever_the_data(admin_client, customer):
    give_everything(customer)
    admin_client.get(app_page())
    with CaptureQueriesContext(connection) as small:
        admin_client.get(app_page())
    for _n in range(4):
        give_everything(factories.CustomerFactory(), copies=2)
    with CaptureQueriesContext(connection) as large:
        admin_client.get(app_page())

    assert len(small) == len(large)


# Navigation --------------------------------------------------------------------------------


def captions(html):
    """The app captions of an admin index (Django 6.1 dropped their ``title``)."""
    return re.findall(r'<a href="[^"]*" class="section"(?: title="[^"]*")?>([^<]*)</a>', html)


def test_the_admin_index_groups_our_models_as_staff_think(admin_client):
    text = admin_client.get(reverse("admin:index")).text

    groups = [
        c
        for c in captions(text)
        if c in {"Promotions", "Packages and credits", "Loyalty", "Billing", "Reports", "Ledgers"}
    ]
    assert groups == ["Promotions", "Packages and credits", "Loyalty", "Billing", "Reports",
                      "Ledgers"]  # fmt: skip
    assert "Promotions and loyalty" not in captions(text)


def test_the_ledgers_are_folded_on_the_apps_page(admin_client):
    text = admin_client.get(app_page()).text

    assert re.search(r'<details class="lp-nav-folded">\s*<summary>Ledgers</summary>', text)


def test_the_sidebar_is_grouped_too(admin_client):
    text = admin_client.get(reverse("admin:loyalty_promos_coupon_changelist")).text

    sidebar = text[text.index('id="nav-sidebar"') :]
    assert "Packages and credits" in sidebar


def test_the_grouping_works_on_another_admin_site(admin_client, settings):
    settings.ROOT_URLCONF = "tests.admin.other_site"

    text = admin_client.get("/back-office/").text

    assert "Packages and credits" in captions(text)


def test_a_model_no_group_names_stays_listed():
    app = {"app_label": "loyalty_promos", "name": "Loyalty", "app_url": "/x/",
           "models": [{"object_name": "Coupon"}, {"object_name": "Shiny"}]}  # fmt: skip

    grouped = group_app_list([app])

    assert [(g["name"], [m["object_name"] for m in g["models"]]) for g in grouped] == [
        ("Promotions", ["Coupon"]),
        ("Loyalty", ["Shiny"]),
    ]


# Customer search ---------------------------------------------------------------------------


def test_a_site_whose_customer_admin_cannot_search_is_warned(monkeypatch):
    from example_project.salon.models import Customer

    monkeypatch.setattr(default_site.get_model_admin(Customer), "search_fields", ())

    found = [w for w in check_customer_search() if w.id == Codes.CUSTOMER_SEARCH]

    assert len(found) >= 1
    assert found[0].level == checks.WARNING


def test_the_credit_page_opens_with_the_customer_chosen(admin_client, customer):
    url = reverse("admin:loyalty_promos_credit_add")

    text = admin_client.get(url, {"customer": customer.pk}).text

    assert re.search(rf'<option value="{customer.pk}" selected>', text)


def test_adding_credit_from_the_customer_page_comes_back_to_it(admin_client, customer):
    url = reverse("admin:loyalty_promos_credit_add")
    back = customer_page(customer)

    response = admin_client.post(
        f"{url}?customer={customer.pk}&next={back}",
        {"customer": customer.pk, "kind": "topup", "amount": "12.50", "reason": "gift"},
    )

    assert response.url == back
    assert wallet.credit_balance(customer) == Decimal("12.50")


def test_an_overdue_appointment_shows_on_the_overview_until_checked_out(admin_client, customer):
    booking = factories.AppointmentFactory(
        customer=customer, start=NOW - datetime.timedelta(days=3)
    )
    checkout = reverse("admin:loyalty_promos_charge_checkout", args=[booking.pk])
    assert checkout in admin_client.get(app_page()).text

    factories.ChargeFactory(booking=booking, status=Charge.Status.PAID)

    assert checkout not in admin_client.get(app_page()).text


@pytest.mark.parametrize("code", ["billing", "points", "balances"])
def test_report_rows_link_to_the_customer_page(admin_client, customer, code):
    give_everything(customer)

    text = admin_client.get(reverse("admin:loyalty_promos_report", args=[code])).text

    assert f'href="{customer_page(customer)}">Customer</a>' in text


def test_every_model_of_ours_in_the_admin_has_its_group():
    """A new model must be placed where staff look for it, not left in a catch-all group."""
    named = {name for _key, _label, names in GROUPS for name in names}
    ours = {m.__name__ for m in default_site._registry if m._meta.app_label == "loyalty_promos"}

    assert ours - named == set()
