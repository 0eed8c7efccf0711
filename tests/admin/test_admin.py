from decimal import Decimal

import pytest
from django.contrib.admin.sites import AdminSite
from django.urls import reverse

from loyalty_promos.admin import ChargeAdmin, CustomerDiscountAdmin, register
from loyalty_promos.models import Charge, CustomerDiscount
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_app_appears_on_the_admin_index(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Packages and credits" in response.text  # its models, grouped


def test_the_app_index_explains_the_section(admin_client):
    response = admin_client.get(reverse("admin:app_list", args=["loyalty_promos"]))

    assert response.status_code == 200
    assert "loyalty_promos/admin.css" in response.text
    assert "Billing records are written at checkout and cannot be edited" in response.text


def test_charges_are_listed_read_only(admin_client, booking):
    factories.ChargeFactory(booking=booking, status=Charge.Status.PAID)

    response = admin_client.get(reverse("admin:loyalty_promos_charge_changelist"))

    assert response.status_code == 200
    assert "Camille Dupont" in response.text
    assert '<span class="lp-badge lp-badge--paid">paid</span>' in response.text
    assert admin_client.get(reverse("admin:loyalty_promos_charge_add")).status_code == 403


def test_a_charge_detail_shows_its_snapshot_without_inputs(admin_client, booking):
    charge = factories.ChargeFactory(booking=booking)

    response = admin_client.get(reverse("admin:loyalty_promos_charge_change", args=[charge.pk]))

    assert response.status_code == 200
    assert "Coupe femme" in response.text
    assert 'name="amount_due"' not in response.text


def test_charge_search_finds_customer_names(admin_client):
    factories.ChargeFactory(customer_name="Ioana Popescu")
    factories.ChargeFactory(customer_name="Camille Martin")

    response = admin_client.get(reverse("admin:loyalty_promos_charge_changelist"), {"q": "popescu"})

    assert response.context["cl"].result_count == 1


def test_staff_add_a_permanent_discount_with_a_customer_search(admin_client, customer):
    url = reverse("admin:loyalty_promos_customerdiscount_add")

    form_page = admin_client.get(url)
    response = admin_client.post(
        url, {"customer": customer.pk, "percent": "12.5", "is_active": "on", "note": "VIP"}
    )

    # The salon registers its Customer admin with search_fields: autocomplete, not raw id.
    assert "admin-autocomplete" in form_page.text
    assert response.status_code == 302
    discount = CustomerDiscount.objects.get(customer=customer)
    assert discount.percent == Decimal("12.50")
    assert discount.history.get().history_user.username == "admin"


def test_a_discount_over_100_percent_is_refused_with_a_message(admin_client, customer):
    response = admin_client.post(
        reverse("admin:loyalty_promos_customerdiscount_add"),
        {"customer": customer.pk, "percent": "120", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in response.text
    assert not CustomerDiscount.objects.exists()


def test_without_a_searchable_customer_admin_the_field_falls_back_to_a_raw_id(rf, superuser):
    site = AdminSite(name="bare")
    register(site)  # the host registered nothing else on this site

    model_admin = site._registry[CustomerDiscount]
    request = rf.get("/")
    request.user = superuser

    assert isinstance(model_admin, CustomerDiscountAdmin)
    assert isinstance(site._registry[Charge], ChargeAdmin)
    assert model_admin.get_autocomplete_fields(request) == []
    assert "customer" in model_admin.raw_id_fields
    assert site.check(None) == []


def test_admin_speaks_french_when_the_site_language_is_french(admin_client, settings):
    settings.LANGUAGE_CODE = "fr"

    response = admin_client.get(reverse("admin:index"))

    assert "Facturations" in response.text


def test_admin_speaks_romanian(admin_client):
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ro")

    assert "Încasări" in response.text
