"""A date-only end means the end of that day (business time zone); a date-only start, its start."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from loyalty_promos.admin.dayfields import DayEndDateTimeField, DayStartDateTimeField
from loyalty_promos.models import Coupon, CustomerPackage, GiftCard
from tests import factories
from tests.admin.test_coupon_admin import coupon_form

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(day, hour, minute=0, second=0):
    return datetime.datetime(2026, 12, day, hour, minute, second, tzinfo=PARIS)


def test_a_date_alone_ends_at_the_end_of_that_day():
    field = DayEndDateTimeField(required=False)

    assert field.clean(["2026-12-31", ""]) == at(31, 23, 59, 59)


def test_a_date_alone_starts_at_the_start_of_that_day():
    field = DayStartDateTimeField(required=False)

    assert field.clean(["2026-12-01", ""]) == at(1, 0)


def test_a_typed_time_is_kept_and_an_empty_field_is_none():
    field = DayEndDateTimeField(required=False)

    assert field.clean(["2026-12-31", "18:00"]) == at(31, 18)
    assert field.clean(["", ""]) is None


def test_a_time_without_its_date_is_refused():
    field = DayEndDateTimeField(required=False)

    with pytest.raises(Exception, match=r"Enter a complete value|Enter a valid date"):
        field.clean(["", "18:00"])


def test_a_coupon_valid_until_a_date_is_valid_at_23_59_that_day(admin_client):
    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_add"),
        coupon_form(valid_until_0="2026-12-31", valid_until_1="", valid_from_0="2026-12-01"),
    )

    assert response.status_code == 302
    coupon = Coupon.objects.get(name="Nouvel an")
    assert coupon.valid_until == at(31, 23, 59, 59)
    assert coupon.valid_from == at(1, 0)
    assert Coupon.objects.active(at=at(31, 23, 59)).filter(pk=coupon.pk).exists()
    assert not Coupon.objects.active(at=at(31, 23, 59) + datetime.timedelta(minutes=1)).exists()


def test_a_gift_card_expiring_on_a_date_is_usable_all_that_day(admin_client, customer):
    response = admin_client.post(
        reverse("admin:loyalty_promos_giftcard_add"),
        {"code": "", "initial_value": "50", "owner": customer.pk,
         "expires_at_0": "2026-12-24", "expires_at_1": "", "note": ""},
    )  # fmt: skip

    assert response.status_code == 302
    assert GiftCard.objects.get().expires_at == at(24, 23, 59, 59)


def test_assigning_a_package_with_an_expiry_date_alone(admin_client, customer):
    plan = factories.PackagePlanFactory()

    response = admin_client.post(
        reverse("admin:loyalty_promos_customerpackage_assign"),
        {"customer": customer.pk, "plan": plan.pk, "price": "",
         "starts_0": "", "starts_1": "", "expires_0": "2026-12-31", "expires_1": ""},
    )  # fmt: skip

    assert response.status_code == 302, response.context["form"].errors
    assert CustomerPackage.objects.get().expires_at == at(31, 23, 59, 59)


def test_the_form_says_what_an_empty_time_means(admin_client):
    response = admin_client.get(reverse("admin:loyalty_promos_coupon_add"))

    assert "Time left empty: until the end of that day." in response.text
