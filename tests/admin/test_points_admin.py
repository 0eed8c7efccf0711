import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import LoyaltyProgram, PointsEntry, RewardRedemption
from tests import factories
from tests.utils import redirected

pytestmark = pytest.mark.django_db
ADD = "admin:loyalty_promos_points_add"
REPORT = "admin:loyalty_promos_pointsentry_changelist"


@pytest.fixture(autouse=True)
def program(db):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    return program


def test_the_programme_list_opens_its_one_record_with_a_preview(admin_client, program):
    response = admin_client.get(reverse("admin:loyalty_promos_loyaltyprogram_changelist"))
    assert response.url == reverse("admin:loyalty_promos_loyaltyprogram_change", args=[program.pk])

    page = admin_client.get(response.url)
    assert "Hello Camille Dupont," in page.text
    assert "you earned 25 points" in page.text


def test_add_points_from_the_report_with_a_customer_search(admin_client, customer):
    report = admin_client.get(reverse(REPORT))
    assert "Add points" in report.text

    response = admin_client.post(
        reverse(ADD), {"customer": customer.pk, "points": "30", "description": "Parrainage"}
    )

    assert response.url == reverse(REPORT)
    entry = PointsEntry.objects.get()
    assert (entry.points, entry.description, entry.created_by.username) == (
        30,
        "Parrainage",
        "admin",
    )


def test_each_row_offers_a_bonus_for_its_customer(admin_client, customer):
    api.adjust_points(customer, 10, "Bienvenue")

    report = admin_client.get(reverse(REPORT))
    link = f"{reverse(ADD)}?customer={customer.pk}"
    assert link in report.text

    page = admin_client.get(link)
    assert page.context["form"].initial["customer"] == str(customer.pk)


def test_adding_points_from_the_points_report_goes_back_to_it(admin_client, customer):
    api.adjust_points(customer, 10, "Bienvenue")
    report_url = reverse("admin:loyalty_promos_report", args=["points"]) + "?kind=adjust"

    report = admin_client.get(report_url)
    tool_url = {label: url for url, label in report.context["tools"]}["Add points"]
    form = admin_client.get(tool_url)
    response = admin_client.post(
        tool_url,
        {"customer": customer.pk, "points": "5", "description": "Bonus", "next": report_url},
    )

    assert 'name="next" value="' in form.text
    assert response.url == report_url
    assert api.points_balance(customer) == 15


def test_a_next_address_off_the_site_is_ignored(admin_client, customer):
    response = admin_client.post(
        reverse(ADD),
        {"customer": customer.pk, "points": "5", "description": "x", "next": "https://evil.test/"},
    )

    assert response.url == reverse(REPORT)


def test_removing_too_many_points_is_explained(admin_client, customer):
    response = admin_client.post(
        reverse(ADD), {"customer": customer.pk, "points": "-5", "description": "Erreur"}
    )

    assert "The customer does not have enough points." in response.text
    assert not PointsEntry.objects.exists()


def test_add_points_to_selected_customers_from_the_host_customer_list(admin_client):
    customers = factories.CustomerFactory.create_batch(3)
    url = reverse("admin:salon_customer_changelist")
    selection = {"action": "add_points", "_selected_action": [c.pk for c in customers]}

    assert "3 customers selected." in admin_client.post(url, selection).text
    admin_client.post(url, {**selection, "points": "15", "description": "Fête du salon"})

    assert [api.points_balance(c) for c in customers] == [15, 15, 15]


def test_the_customer_history_shows_balance_entries_lots_and_pending(admin_client, customer):
    factories.EarningRuleFactory(name="Chaque visite", points=10)
    api.adjust_points(customer, 40, "Bienvenue")
    api.pay(api.checkout(factories.AppointmentFactory(customer=customer)), method="card")

    response = admin_client.get(
        reverse("admin:loyalty_promos_points_customer", args=[customer.pk]), follow=True
    )

    assert response.context["summary"].points == 40  # the customer page, since #13
    assert "Bienvenue" in response.text
    assert "Pending: will be awarded" in response.text
    assert "Chaque visite" in response.text


def test_points_need_the_adjust_permission(client, customer):
    user = factories.StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_pointsentry"))
    user.user_permissions.add(Permission.objects.get(codename="view_customer"))
    client.force_login(user)
    api.adjust_points(customer, 10, "")

    report = client.get(reverse(REPORT))
    assert "Add points" not in report.text
    assert "Add bonus to this customer" not in report.text
    assert client.get(reverse(ADD)).status_code == 403
    response = redirected(
        client,
        client.post(
            reverse("admin:salon_customer_changelist"),
            {"action": "add_points", "_selected_action": [customer.pk], "points": "5",
             "description": "x"},
        ),
        reverse("admin:salon_customer_changelist"),
    )  # fmt: skip
    assert "You are not allowed to change points." in response.text
    assert api.points_balance(customer) == 10


def test_the_host_customer_list_links_to_the_points_history(admin_client, customer):
    api.adjust_points(customer, 12, "")

    response = admin_client.get(reverse("admin:salon_customer_changelist"))

    url = reverse("admin:loyalty_promos_customer", args=[customer.pk])
    assert f'<a class="lp-customer-link" href="{url}">12</a>' in response.text


def test_the_report_shows_a_shortfall(admin_client, customer):
    factories.EarningRuleFactory(points=50)
    booking = factories.AppointmentFactory(customer=customer)
    program = LoyaltyProgram.get()
    program.award_moment = "at_payment"
    program.save()
    charge = api.pay(api.checkout(booking), method="card")
    api.adjust_points(customer, -40, "Cadeau")
    api.void(charge)

    response = admin_client.get(reverse(REPORT), {"kind__exact": "reversal"})

    [entry] = response.context["cl"].result_list
    assert (entry.points, entry.shortfall) == (-10, 40)


def test_redeem_a_reward_for_a_customer_shows_the_code_to_hand_over(admin_client, customer):
    reward = factories.RewardFactory(name="10 € off", points_cost=100, value="10")
    factories.RewardFactory(name="Too dear", points_cost=500)
    api.adjust_points(customer, 130, "Welcome")
    url = reverse("admin:loyalty_promos_points_redeem", args=[customer.pk])

    page = admin_client.get(url)
    assert [str(r) for r in page.context["form"].fields["reward"].queryset] == ["10 € off"]
    response = redirected(
        admin_client,
        admin_client.post(url, {"reward": reward.pk}),
        reverse("admin:loyalty_promos_customer", args=[customer.pk]),
    )

    redemption = RewardRedemption.objects.get()
    assert redemption.code.startswith("R")
    assert f"10 € off redeemed: give Camille Dupont the code {redemption.code}." in response.text
    assert api.points_balance(customer) == 30
    assert response.context["summary"].rewards == [redemption]  # listed on the customer page


def test_a_reward_the_customer_cannot_afford_is_refused(admin_client, customer):
    reward = factories.RewardFactory(points_cost=100)
    api.adjust_points(customer, 30, "")
    url = reverse("admin:loyalty_promos_points_redeem", args=[customer.pk])

    response = admin_client.post(url, {"reward": reward.pk})

    assert response.context["form"].errors["reward"]
    assert api.points_balance(customer) == 30
    assert not RewardRedemption.objects.exists()


def test_redeeming_needs_its_permission(client, customer):
    user = factories.StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_pointsentry"))
    client.force_login(user)

    history = client.get(reverse("admin:loyalty_promos_customer", args=[customer.pk]))
    assert "Redeem a reward" not in history.text
    url = reverse("admin:loyalty_promos_points_redeem", args=[customer.pk])
    assert client.get(url).status_code == 403
