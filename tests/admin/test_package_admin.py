import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import CustomerPackage
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal
ASSIGN = "admin:loyalty_promos_customerpackage_assign"


def test_plans_show_their_kind_in_colour(admin_client):
    factories.PackagePlanFactory(name="Cinq massages", kind="visit_pack", visits=5)
    factories.PackagePlanFactory(name="Carte 100", kind="credit_pack", visits=None, credit=D("100"))

    response = admin_client.get(reverse("admin:loyalty_promos_packageplan_changelist"))

    assert '<span class="lp-badge lp-badge--visit_pack">visit pack</span>' in response.text
    assert '<span class="lp-badge lp-badge--credit_pack">credit pack</span>' in response.text
    assert "5 visits" in response.text


def test_a_held_plan_has_no_delete_button(admin_client, customer):
    plan = factories.PackagePlanFactory()
    api.assign_package(customer, plan)

    response = admin_client.get(reverse("admin:loyalty_promos_packageplan_change", args=[plan.pk]))

    assert "deletelink" not in response.text


def test_assign_a_package_directly(admin_client, customer):
    plan = factories.PackagePlanFactory(name="Cinq massages", visits=5)

    response = admin_client.post(reverse(ASSIGN), {"customer": customer.pk, "plan": plan.pk})

    package = CustomerPackage.objects.get()
    assert response.url == reverse("admin:loyalty_promos_customerpackage_change", args=[package.pk])
    assert (package.visits_left, package.price_paid, package.created_by.username) == (
        5,
        D("200.00"),
        "admin",
    )


def test_assigning_to_booked_appointments_shows_a_preview_first(admin_client, customer):
    service = factories.ServiceFactory(name="Massage", price=D("60"))
    booking = factories.AppointmentFactory(
        customer=customer, service=service, start=NOW + datetime.timedelta(days=3)
    )
    pending = api.checkout(booking)
    plan = factories.PackagePlanFactory(
        name="Carte 40", kind="credit_pack", visits=None, credit=D("40")
    )
    data = {"customer": customer.pk, "plan": plan.pk, "include_existing": "on"}

    preview = admin_client.post(reverse(ASSIGN), data)

    assert not CustomerPackage.objects.exists()
    [row] = preview.context["preview"]
    assert (row.charge, row.quote.amount_due) == (pending, D("20.00"))
    assert 'name="confirm"' in preview.text

    admin_client.post(reverse(ASSIGN), {**data, "confirm": "1"})

    pending.refresh_from_db()
    assert (pending.package_amount, pending.amount_due) == (D("40.00"), D("20.00"))


def test_extend_the_expiry_of_selected_packages(admin_client, customer):
    package = api.assign_package(customer, factories.PackagePlanFactory(), expires=NOW)
    url = reverse("admin:loyalty_promos_customerpackage_changelist")
    selection = {"action": "extend_expiry", "_selected_action": [package.pk]}

    assert "Extend by (days)" in admin_client.post(url, selection).text
    admin_client.post(url, {**selection, "days": "15"})

    package.refresh_from_db()
    assert package.expires_at - NOW == datetime.timedelta(days=15)


def test_assigning_needs_its_permission(client):
    user = factories.StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_customerpackage"))
    client.force_login(user)

    assert client.get(reverse(ASSIGN)).status_code == 403
    listing = client.get(reverse("admin:loyalty_promos_customerpackage_changelist"))
    assert "Assign a package" not in listing.text


def test_taking_plans_off_sale_records_their_history(admin_client):
    plan = factories.PackagePlanFactory(name="Cinq")
    changelist = reverse("admin:loyalty_promos_packageplan_changelist")

    response = admin_client.post(
        changelist, {"action": "deactivate", "_selected_action": [plan.pk]}
    )

    assert (response.status_code, response.url) == (302, changelist)
    plan.refresh_from_db()
    assert plan.is_active is False
    assert [h.is_active for h in plan.history.order_by("history_date", "history_id")] == [
        True,
        False,
    ]
    assert "1 plan taken off sale." in admin_client.get(changelist).text


def test_a_held_plans_kind_cannot_change(admin_client, customer):
    """Its packages keep visits or credit for its kind: another kind would break checkout."""
    from loyalty_promos.models import PackagePlan
    from tests.admin.test_history_admin import form_data

    plan = factories.PackagePlanFactory(kind="credit_pack", credit=D("50"), visits=None)
    api.assign_package(customer, plan)
    url = reverse("admin:loyalty_promos_packageplan_change", args=[plan.pk])
    page = admin_client.get(url)
    assert "kind" not in page.context["adminform"].form.fields  # shown, not editable

    data = {**form_data(page.context["adminform"].form), "kind": "visit_pack", "visits": "5"}
    admin_client.post(url, data)

    plan.refresh_from_db()
    assert plan.kind == "credit_pack"
    changed = PackagePlan.objects.get(pk=plan.pk)
    changed.kind = "visit_pack"
    with pytest.raises(ValidationError) as refused:  # any other path: the model refuses
        changed.full_clean()
    assert "so its kind cannot change" in str(refused.value)


def test_a_history_revert_cannot_change_a_held_plans_kind(admin_client, customer):
    from tests.admin.test_history_admin import form_data

    plan = factories.PackagePlanFactory(kind="visit_pack", visits=5)
    plan.kind, plan.visits, plan.credit = "credit_pack", None, D("50")
    plan.save()  # a second version, of another kind, before anyone held it
    api.assign_package(customer, plan)
    version = plan.history.earliest()  # the visit-pack version
    url = reverse(
        "admin:loyalty_promos_packageplan_simple_history", args=[plan.pk, version.history_id]
    )
    page = admin_client.get(url)

    response = admin_client.post(url, {**form_data(page.context["adminform"].form), "_save": "1"})

    assert response.status_code == 200  # the form again, with the reason
    assert "so its kind cannot change" in response.text
    plan.refresh_from_db()
    assert plan.kind == "credit_pack"
    assert api.checkout(factories.AppointmentFactory(customer=customer)).pk  # still works
