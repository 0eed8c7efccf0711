"""The reports' own admin: an entry in the admin index, their pages and exports under it."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from loyalty_promos import api
from loyalty_promos.models import Coupon, ExportJob
from loyalty_promos.reports import filters
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

INDEX = "admin:loyalty_promos_report_changelist"


def test_reports_have_urls_of_their_own_not_the_charges():
    assert reverse(INDEX) == "/admin/loyalty_promos/report/"
    assert reverse("admin:loyalty_promos_report", args=["billing"]) == (
        "/admin/loyalty_promos/report/billing/"
    )
    assert reverse("admin:loyalty_promos_export", args=[7]) == (
        "/admin/loyalty_promos/report/exports/7/"
    )
    assert reverse("admin:loyalty_promos_export_download", args=[7]) == (
        "/admin/loyalty_promos/report/exports/7/download/"
    )


def test_the_index_lists_every_report_and_the_users_exports(admin_client, superuser):
    job = ExportJob.objects.create(report="billing", format="csv", user=superuser)

    response = admin_client.get(reverse(INDEX))

    assert response.context["title"] == "Reports"
    assert [label for _url, label in response.context["reports"]] == [
        "Billing report",
        "Loyalty points report",
        "Promo code usage",
        "Promo code usage by batch",
        "Packages report",
        "Balances and liability",
    ]
    billing = reverse("admin:loyalty_promos_report", args=["billing"])
    assert f'<a href="{billing}">Billing report</a>' in response.text
    assert list(response.context["exports"]) == [job]


def test_reports_appear_in_the_admin_index_for_those_who_may_read_them(client):
    user = factories.StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_charge"))
    client.force_login(user)
    index = reverse(INDEX)

    assert f'href="{index}"' not in client.get(reverse("admin:index")).text
    assert client.get(index).status_code == 403

    user.user_permissions.add(Permission.objects.get(codename="view_reports"))
    user = type(user).objects.get(pk=user.pk)
    client.force_login(user)
    home = client.get(reverse("admin:index"))
    assert f'<a href="{index}">Reports</a>' in home.text
    assert client.get(index).context["title"] == "Reports"


@pytest.mark.parametrize(("page", "args"), [("add", []), ("change", [1]), ("delete", [1])])
def test_reports_cannot_be_added_changed_or_deleted(page, args):
    with pytest.raises(NoReverseMatch):
        reverse(f"admin:loyalty_promos_report_{page}", args=args)


def test_usage_filtersets_count_the_uses_between_their_dates_and_keep_every_row(customer):
    factories.CouponFactory(name="Printemps", code="SPRING")
    factories.CouponFactory(name="Unused", code="NEVER")
    api.checkout(factories.AppointmentFactory(customer=customer), code="SPRING")
    today, tomorrow = NOW.date(), NOW.date() + datetime.timedelta(days=1)

    def uses(data):
        rows = filters.CouponUsageFilter(data, queryset=Coupon.objects.order_by("name")).qs
        return [(row.name, row.uses, row.customers) for row in rows]

    assert uses(None) == [("Printemps", 1, 1), ("Unused", 0, 0)]
    assert uses({"date_from": today.isoformat()}) == [("Printemps", 1, 1), ("Unused", 0, 0)]
    assert uses({"date_from": tomorrow.isoformat()}) == [("Printemps", 0, 0), ("Unused", 0, 0)]
    assert uses({"name": "print"}) == [("Printemps", 1, 1)]
