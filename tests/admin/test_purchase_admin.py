"""Online purchases in the admin: read-only, confirmed or cancelled by permitted staff."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import CustomerPackage, Purchase
from tests import factories
from tests.utils import redirected

pytestmark = pytest.mark.django_db
D = Decimal
LIST = "/admin/loyalty_promos/purchase/"
#: The same whatever the number of rows: customers come with their purchases.
QUERIES = 7


@pytest.fixture
def plan():
    return factories.PackagePlanFactory(name="5 visits", visits=5, sellable_online=True)


@pytest.fixture
def pending(customer, plan):
    return api.start_purchase(customer, plan)


def test_the_list_shows_purchases_and_finds_them_by_reference(admin_client, pending, plan):
    other = api.start_purchase(factories.CustomerFactory(), plan)

    response = admin_client.get(LIST, {"q": pending.reference})

    assert reverse("admin:loyalty_promos_purchase_changelist") == LIST
    assert pending.reference in response.text
    assert other.reference not in response.text
    assert "Waiting for payment" in response.text or "waiting for payment" in response.text


def test_the_list_writes_prices_with_their_currency_in_the_language(
    admin_client, customer, settings
):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "SHOP_GIFT_CARD_AMOUNTS": ["50.00"]}
    plan = factories.PackagePlanFactory(name="Carte", price=D("1736.00"), sellable_online=True)
    api.start_purchase(customer, plan)
    api.start_purchase(customer, api.GiftCardOffer(D("50.00")))

    text = admin_client.get(LIST, HTTP_ACCEPT_LANGUAGE="fr").text

    assert "1\xa0736,00 EUR" in text  # one column: amount and currency, French separators
    assert "50,00 EUR" in text and "50.00" not in text  # the gift card's name too
    assert 'class="column-currency"' not in text


def test_the_list_finds_purchases_by_customer_name(admin_client, pending, plan):
    api.start_purchase(factories.CustomerFactory(first_name="Zoé", last_name="Martin"), plan)

    response = admin_client.get(LIST, {"q": "Dupont"})

    assert list(response.context["cl"].result_list) == [pending]


def test_the_list_filters_by_status_and_kind(admin_client, pending, plan, customer):
    paid = api.complete_purchase(api.start_purchase(customer, plan))

    response = admin_client.get(LIST, {"status__exact": "paid", "kind__exact": "package"})

    assert list(response.context["cl"].result_list) == [paid]


def test_confirm_payment_delivers_after_the_confirmation_page(
    admin_client, superuser, pending, customer
):
    selection = {"action": "confirm_payment", "_selected_action": [pending.pk]}

    page = admin_client.post(LIST, selection)
    assert "1 pending purchase will be marked paid." in page.text
    assert not CustomerPackage.objects.exists()
    response = redirected(admin_client, admin_client.post(LIST, {**selection, "post": "yes"}), LIST)

    pending.refresh_from_db()
    assert (pending.status, pending.closed_by, pending.provider_reference) == (
        Purchase.Status.PAID,
        superuser,
        "desk",
    )
    assert CustomerPackage.objects.get(customer=customer) == pending.package
    assert "1 purchase confirmed." in response.text
    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.get_change_message()) == (
        superuser,
        str(pending.pk),
        "paid",
    )


def test_confirming_a_paid_purchase_again_does_nothing(admin_client, pending):
    api.complete_purchase(pending)
    selection = {"action": "confirm_payment", "_selected_action": [pending.pk]}

    page = admin_client.post(LIST, selection)

    assert "None of the selected purchases is waiting for payment." in page.text
    assert CustomerPackage.objects.count() == 1


def test_cancel_closes_the_pending_purchase(admin_client, pending):
    selection = {"action": "cancel_purchases", "_selected_action": [pending.pk]}

    admin_client.post(LIST, selection)
    response = redirected(admin_client, admin_client.post(LIST, {**selection, "post": "yes"}), LIST)

    pending.refresh_from_db()
    assert pending.status == Purchase.Status.CANCELLED
    assert "1 purchase cancelled." in response.text
    assert not CustomerPackage.objects.exists()


def test_a_pending_purchase_page_has_the_buttons(admin_client, pending):
    response = admin_client.get(reverse("admin:loyalty_promos_purchase_change", args=[pending.pk]))

    assert response.status_code == 200
    assert 'value="confirm_payment"' in response.text
    assert 'value="cancel_purchases"' in response.text
    assert pending.reference in response.text


def test_a_paid_purchase_page_has_no_buttons(admin_client, pending):
    api.complete_purchase(pending)

    response = admin_client.get(reverse("admin:loyalty_promos_purchase_change", args=[pending.pk]))

    assert 'value="confirm_payment"' not in response.text


def test_purchases_cannot_be_added_edited_or_deleted(admin_client, pending):
    change = reverse("admin:loyalty_promos_purchase_change", args=[pending.pk])

    assert admin_client.get(f"{LIST}add/").status_code == 403
    assert admin_client.get(f"{change}delete/").status_code == 403
    admin_client.post(change, {"price": "0.00", "status": "paid"})
    pending.refresh_from_db()
    assert (pending.price, pending.status) == (D("200.00"), Purchase.Status.PENDING)


def test_confirming_needs_its_permission(client, pending):
    user = factories.StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_purchase"))
    client.force_login(user)

    listing = client.get(LIST)
    form = listing.context["action_form"]
    actions = dict(form.fields["action"].choices) if form else {}
    page = client.get(reverse("admin:loyalty_promos_purchase_change", args=[pending.pk]))
    client.post(
        LIST, {"action": "confirm_payment", "_selected_action": [pending.pk], "post": "yes"}
    )

    assert "confirm_payment" not in actions
    assert "cancel_purchases" not in actions
    assert 'value="confirm_payment"' not in page.text
    pending.refresh_from_db()
    assert pending.status == Purchase.Status.PENDING


def test_staff_with_the_permission_can_confirm(client, pending):
    user = factories.StaffUserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_purchase", "confirm_purchase"])
    )
    client.force_login(user)
    selection = {"action": "confirm_payment", "_selected_action": [pending.pk], "post": "yes"}

    client.post(LIST, selection)

    pending.refresh_from_db()
    assert pending.status == Purchase.Status.PAID


@pytest.mark.parametrize("size", [2, 8])
def test_the_list_takes_the_same_queries_whatever_its_size(
    admin_client, plan, size, django_assert_num_queries
):
    for _ in range(size):
        api.start_purchase(factories.CustomerFactory(), plan)

    with django_assert_num_queries(QUERIES):
        response = admin_client.get(LIST)
    assert len(response.context["cl"].result_list) == size
