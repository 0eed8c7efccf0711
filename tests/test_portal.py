"""The customer pages ("My loyalty"): what they show, what they do, and to whom.

Each page filters on the customer the logged-in user is (the adapter's
``get_customer_for_user``): another customer's data never shows, whatever
the URL says. Anonymous visitors go to the login page; a user who is no
customer gets a 403 page saying why.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import GiftCard, PointsEntry, RewardRedemption
from loyalty_promos.services import portal
from tests import factories
from tests.conftest import NOW

PAGES = ["overview", "rewards", "gift_cards", "packages", "credits"]


@pytest.fixture
def program(db):
    return api.configure_program(is_enabled=True, validity_count=12, validity_unit="months")


@pytest.fixture
def user(db):
    return factories.UserFactory(username="camille")


@pytest.fixture
def me(user):
    """The customer the logged-in user is."""
    return factories.CustomerFactory(
        first_name="Camille", last_name="Dupont", email="camille@example.com", user=user
    )


@pytest.fixture
def other(db):
    """Another customer, with a login of their own."""
    return factories.CustomerFactory(
        first_name="Bob", last_name="Martin", user=factories.UserFactory(username="bob")
    )


@pytest.fixture
def logged_in(client, user, me):
    client.force_login(user)
    return client


@pytest.fixture
def gift_reward(db):
    return factories.RewardFactory(
        name="Gift card 20", points_cost=100, kind="gift_card", value=Decimal("20.00")
    )


def url(name, *args):
    return reverse(f"loyalty_promos:{name}", args=args)


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Who may see the pages -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, name, settings):
    response = client.get(url(name))

    assert response.status_code == 302
    assert response["Location"].startswith(f"{resolve_url(settings.LOGIN_URL)}?next=/loyalty/")


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_a_user_who_is_no_customer_gets_403_with_the_reason(client, name):
    client.force_login(factories.UserFactory())

    response = client.get(url(name))

    assert response.status_code == 403
    assert "Your account is not linked to a customer of this business." in response.text


@pytest.mark.django_db
def test_redeeming_anonymously_or_as_no_customer_writes_nothing(client, gift_reward, program):
    anonymous = client.post(url("redeem_reward", gift_reward.pk))
    client.force_login(factories.UserFactory())
    stranger = client.post(url("redeem_reward", gift_reward.pk))

    assert (anonymous.status_code, stranger.status_code) == (302, 403)
    assert not RewardRedemption.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_a_customer_with_nothing_yet(logged_in, name):
    response = logged_in.get(url(name))

    assert response.status_code == 200
    assert 'href="#content"' in response.text  # the skip link of the default base template
    assert f'href="{url(name)}" aria-current="page"' in response.text


# My loyalty ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_overview_shows_balance_history_and_what_expires_when(logged_in, me, program, clock):
    api.adjust_points(me, 120, "Welcome gift")
    clock.shift(datetime.timedelta(days=40))
    api.adjust_points(me, 30, "Birthday")
    logged_in.force_login(me.user)  # the session of 40 days ago has expired

    response = logged_in.get(url("overview"))

    summary = response.context["summary"]
    assert (summary.balance, summary.pending) == (150, 0)
    assert [(e.day, e.points) for e in summary.expiries] == [
        (datetime.date(2027, 3, 14), 120),
        (datetime.date(2027, 4, 23), 30),
    ]
    assert [e.description for e in response.context["entries"]] == ["Birthday", "Welcome gift"]
    assert "120 points expire on March 14, 2027" in response.text


@pytest.mark.django_db
def test_overview_counts_points_of_paid_bookings_not_awarded_yet(logged_in, me, program):
    factories.EarningRuleFactory(points=25)
    booking = factories.AppointmentFactory(customer=me, start=NOW - datetime.timedelta(hours=1))
    charge = api.checkout(booking)
    api.pay(charge)

    response = logged_in.get(url("overview"))

    assert (response.context["summary"].balance, response.context["summary"].pending) == (0, 25)


@pytest.mark.django_db
def test_overview_history_is_paginated(logged_in, me, program):
    for n in range(25):
        api.adjust_points(me, 1, f"Point {n}")

    first = logged_in.get(url("overview"))
    second = logged_in.get(url("overview") + "?page=2")

    assert len(first.context["entries"]) == 20
    older = [e.description for e in second.context["entries"]]
    assert older == ["Point 4", "Point 3", "Point 2", "Point 1", "Point 0"]
    assert 'rel="next"' in first.text


@pytest.mark.django_db
def test_overview_shows_only_my_points(logged_in, me, other, program):
    api.adjust_points(me, 10, "Mine")
    api.adjust_points(other, 500, "Theirs")

    response = logged_in.get(url("overview"))

    assert response.context["summary"].balance == 10
    assert "Theirs" not in response.text


# Rewards ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_redeem_is_enabled_only_for_rewards_i_can_afford(logged_in, me, program, gift_reward):
    dear = factories.RewardFactory(name="Big one", points_cost=500)
    api.adjust_points(me, 150, "Gift")

    response = logged_in.get(url("rewards"))

    offers = response.context["catalogue"].offers
    assert [(o.reward, o.affordable, o.missing) for o in offers] == [
        (gift_reward, True, 0),
        (dear, False, 350),
    ]
    assert "350 more points needed." in response.text
    assert response.text.count("disabled") == 1


@pytest.mark.django_db
def test_redeeming_a_gift_card_reward_issues_emails_and_lists_the_card(
    logged_in, me, program, gift_reward, django_capture_on_commit_callbacks
):
    api.adjust_points(me, 150, "Gift")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(url("redeem_reward", gift_reward.pk))

    card = GiftCard.objects.get(owner=me)
    assert response.status_code == 302 and response["Location"] == url("gift_cards")
    assert (card.balance, api.points_balance(me)) == (Decimal("20.00"), 50)
    assert [m.subject for m in mail.outbox] == [f"Your gift card {card.code}"]
    assert mail.outbox[0].to == ["camille@example.com"]
    assert "worth 20.00\xa0€, valid until June 12, 2026" in mail.outbox[0].body
    listed = logged_in.get(response["Location"])
    assert card.code in listed.text
    assert f"your gift card {card.code} is below" in listed.text


@pytest.mark.django_db
def test_a_failing_sender_never_undoes_the_redemption(
    logged_in, me, program, gift_reward, settings, django_capture_on_commit_callbacks, caplog
):
    # The site's sender fails (a mail server down): through the notifier hook, which
    # works alike on every Django (6.1 deprecates EMAIL_BACKEND for MAILERS).
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "POINTS_NOTIFIER": f"{__name__}.down"}
    api.adjust_points(me, 100, "Gift")

    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(url("redeem_reward", gift_reward.pk))

    card = GiftCard.objects.get(owner=me)
    assert f"Gift card {card.pk}: the message to customer {me.pk} failed" in caplog.text


def down(customer, subject, message):
    raise OSError("mail server down")


@pytest.mark.django_db
def test_redeeming_a_discount_reward_shows_its_code(logged_in, me, program):
    reward = factories.RewardFactory(name="10 off", points_cost=50)
    api.adjust_points(me, 50, "Gift")

    response = logged_in.post(url("redeem_reward", reward.pk), follow=True)

    code = RewardRedemption.objects.get(customer=me).code
    assert f"You redeemed “10 off”: your code is {code}." in response.text
    assert f"<code>{code}</code>" in response.text  # and it stays listed


@pytest.mark.django_db
def test_redeeming_without_enough_points_says_so_and_writes_nothing(
    logged_in, me, program, gift_reward
):
    api.adjust_points(me, 99, "Gift")

    response = logged_in.post(url("redeem_reward", gift_reward.pk))

    assert response["Location"] == url("rewards")
    assert texts(response) == ["You do not have enough points for “Gift card 20”."]
    assert not GiftCard.objects.exists() and api.points_balance(me) == 99


@pytest.mark.django_db
def test_redeeming_while_the_programme_is_off_says_so(logged_in, me, gift_reward):
    response = logged_in.post(url("redeem_reward", gift_reward.pk))

    assert texts(response) == ["Rewards cannot be redeemed at the moment."]


@pytest.mark.django_db
def test_redeem_refuses_get_and_inactive_or_unknown_rewards(logged_in, me, program, gift_reward):
    api.adjust_points(me, 500, "Gift")
    inactive = factories.RewardFactory(is_active=False)

    assert logged_in.get(url("redeem_reward", gift_reward.pk)).status_code == 405
    assert logged_in.post(url("redeem_reward", inactive.pk)).status_code == 404
    assert logged_in.post(url("redeem_reward", 999_999)).status_code == 404
    assert not RewardRedemption.objects.exists()


@pytest.mark.django_db
def test_redeem_needs_the_csrf_token(client, user, me, program, gift_reward):
    client.handler.enforce_csrf_checks = True
    client.force_login(user)
    api.adjust_points(me, 500, "Gift")

    assert client.post(url("redeem_reward", gift_reward.pk)).status_code == 403
    assert not RewardRedemption.objects.exists()


@pytest.mark.django_db
def test_redeem_spends_my_points_whatever_customer_the_form_names(
    logged_in, me, other, program, gift_reward
):
    api.adjust_points(me, 100, "Mine")
    api.adjust_points(other, 100, "Theirs")

    logged_in.post(url("redeem_reward", gift_reward.pk), {"customer": other.pk, "owner": other.pk})

    assert (api.points_balance(me), api.points_balance(other)) == (0, 100)
    assert GiftCard.objects.get().owner == me


@pytest.mark.django_db
def test_rewards_list_only_my_redemptions(logged_in, me, other, program):
    reward = factories.RewardFactory(points_cost=10)
    api.adjust_points(other, 10, "Theirs")
    theirs = api.redeem_reward(other, reward)

    response = logged_in.get(url("rewards"))

    assert list(response.context["redemptions"]) == []
    assert theirs.code not in response.text


# Gift cards, packages, credits -----------------------------------------------------------


@pytest.mark.django_db
def test_gift_cards_show_code_balance_expiry_and_history_of_mine_only(logged_in, me, other):
    mine = api.issue_gift_card("50.00", owner=me, expires_at=NOW + datetime.timedelta(days=30))
    theirs = api.issue_gift_card("80.00", owner=other)
    unowned = api.issue_gift_card("30.00")

    response = logged_in.get(url("gift_cards"))

    assert list(response.context["cards"]) == [mine]
    assert mine.code in response.text and "50.00\xa0€" in response.text
    assert "April 13, 2026" in response.text and "Issued" in response.text
    assert theirs.code not in response.text and unowned.code not in response.text
    # No page takes a card id: asking for theirs in the query string changes nothing.
    assert theirs.code not in logged_in.get(url("gift_cards") + f"?card={theirs.pk}").text


@pytest.mark.django_db
def test_packages_show_kind_what_is_left_and_expiry(logged_in, me, other):
    visits = factories.PackagePlanFactory(name="5 blow-dries", visits=5)
    credit = factories.PackagePlanFactory(
        name="Credit 100", kind="credit_pack", visits=None, credit=Decimal("100.00")
    )
    api.assign_package(me, visits, expires=NOW + datetime.timedelta(days=60))
    api.assign_package(me, credit)
    api.assign_package(other, factories.PackagePlanFactory(name="Their pass"))

    response = logged_in.get(url("packages"))

    assert "5 of 5 visits" in response.text
    assert "100.00\xa0€ of 100.00\xa0€" in response.text
    assert 'class="lp-kind lp-kind--visit_pack">visit pack' in response.text
    assert 'class="lp-kind lp-kind--credit_pack">credit pack' in response.text
    assert "May 13, 2026" in response.text
    assert "Their pass" not in response.text


@pytest.mark.django_db
def test_credits_show_balance_and_my_entries(logged_in, me, other):
    api.add_credit(me, "25.00", "Refund of a late start")
    api.add_credit(other, "70.00", "Their top-up")

    response = logged_in.get(url("credits"))

    assert response.context["balance"] == Decimal("25.00")
    assert "+25.00\xa0€" in response.text and "Refund of a late start" in response.text
    assert "Their top-up" not in response.text


@pytest.mark.django_db
def test_credits_spent_on_a_booking_name_its_service_and_day_not_its_id(logged_in, me):
    api.add_credit(me, "100.00", "Top-up")
    service = factories.ServiceFactory(name="Manucure", price=Decimal("35.00"))
    booking = factories.AppointmentFactory(customer=me, service=service, start=NOW)
    api.checkout(booking, use_credits=True)

    response = logged_in.get(url("credits"))

    assert re.search(r">[^<>:]+: Manucure, March 14, 2026</td>", response.text)
    assert f": {booking.pk}<" not in response.text


@pytest.mark.django_db
def test_pages_speak_french(logged_in, me, settings):
    api.add_credit(me, "25.00", "Remboursement")

    response = logged_in.get(url("credits"), HTTP_ACCEPT_LANGUAGE="fr")

    assert '<html lang="fr">' in response.text
    assert "25,00\xa0€" in response.text
    assert re.search(r">[^<>:]+\xa0: Remboursement</td>", response.text)  # French spacing


@pytest.mark.django_db
def test_romanian_dates_write_the_month_in_lower_case(logged_in, me):
    api.add_credit(me, "100.00", "Top-up")
    service = factories.ServiceFactory(name="Manichiură", price=Decimal("35.00"))
    api.checkout(factories.AppointmentFactory(customer=me, service=service, start=NOW),
                 use_credits=True)  # fmt: skip

    response = logged_in.get(url("credits"), HTTP_ACCEPT_LANGUAGE="ro")

    assert re.search(r">[^<>:]+: Manichiură, 14 martie 2026</td>", response.text)


# Query counts: constant with the size of the history --------------------------------------


#: Session and user (2), customer (1), then the page's own reads; "My loyalty" also works
#: out the points of the one paid booking still to be awarded (4 queries).
MAX_QUERIES = {"overview": 13, "rewards": 8, "gift_cards": 6, "packages": 6, "credits": 6}


def fill(customer, size, reward):
    for n in range(size):
        api.adjust_points(customer, 10, f"Visit {n}")
        api.add_credit(customer, "5.00", f"Top-up {n}")
        card = api.issue_gift_card("10.00", owner=customer)
        api.assign_package(customer, factories.PackagePlanFactory())
        assert card
    api.redeem_reward(customer, reward)


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_each_page_runs_the_same_queries_for_a_small_and_a_large_history(
    logged_in, me, other, program, name
):
    reward = factories.RewardFactory(points_cost=10)
    factories.EarningRuleFactory(points=25)
    api.pay(api.checkout(factories.AppointmentFactory(customer=me, start=NOW)))  # points to come
    fill(me, 2, reward)
    small = queries(logged_in, url(name))
    fill(me, 12, reward)
    large = queries(logged_in, url(name))

    assert small == large
    assert large <= MAX_QUERIES[name]


@pytest.mark.django_db
def test_read_functions_filter_on_the_customer(me, other, program):
    api.adjust_points(other, 10, "Theirs")
    api.add_credit(other, "5.00", "Theirs")
    api.issue_gift_card("10.00", owner=other)

    assert not portal.points_history(me).exists()
    assert not portal.credit_history(me).exists()
    assert not portal.gift_cards(me).exists()
    assert portal.balances(me) == portal.Balances(0, Decimal("0.00"), 0, 0, Decimal("0.00"))
    assert PointsEntry.objects.count() == 1


# The host's own layout ---------------------------------------------------------------------

HOST_BASE = (
    "<html><head><title>Salon</title>{% block loyalty_head %}{% endblock %}</head>"
    "<body><header>Salon Lumière</header>{% block loyalty_content %}{% endblock %}</body></html>"
)


@pytest.fixture
def host_layout(settings):
    """A host whose base template is its own (``PORTAL_BASE_TEMPLATE``)."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"site/base.html": HOST_BASE}),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "PORTAL_BASE_TEMPLATE": "site/base.html"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_pages_sit_in_the_hosts_own_layout(host_layout, logged_in, name):
    response = logged_in.get(url(name))

    assert response.text.startswith('<html><head><title>Salon</title><link rel="stylesheet"')
    assert "/static/loyalty_promos/portal/portal.css" in response.text
    assert "<header>Salon Lumière</header>" in response.text
    assert 'class="lp-nav"' in response.text
    assert "Skip to content" not in response.text  # the default base is not used


@pytest.mark.django_db
def test_the_403_page_sits_in_the_hosts_own_layout(host_layout, client):
    client.force_login(factories.UserFactory())

    response = client.get(url("overview"))

    assert response.status_code == 403
    assert "<header>Salon Lumière</header>" in response.text
    assert "Your account is not linked to a customer of this business." in response.text
