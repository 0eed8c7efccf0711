"""Hostile probes of the customer side (issue #14 review).

Each test is one way a hostile customer, or a careless host developer, could
break the customer pages, the quote endpoint, the shop, the REST API or the
salon's booking form; each asserts the safe behaviour. Grouped: isolation,
throttling, money, web, host developer.
"""

import datetime
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.checks import Warning
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from example_project.salon.models import Appointment
from loyalty_promos import api, checks
from loyalty_promos.exceptions import PurchaseError
from loyalty_promos.integration import DefaultBookingAdapter
from loyalty_promos.models import LoyaltyProgram, Purchase
from loyalty_promos.portal.forms import PromoCodeField, PromoCodeFormMixin
from loyalty_promos.portal.quote import secrets_asked
from loyalty_promos.portal.throttling import client_address
from tests import factories
from tests.conftest import NOW
from tests.projects.other_host.spa.adapter import SpaAdapter
from tests.test_checks import ReadmeSpaAdapter, spa_host
from tests.utils import ROOT

pytestmark = pytest.mark.django_db
D = Decimal
QUOTE = reverse("loyalty_promos:quote")
BOOK = reverse("salon:book")
BUY = reverse("loyalty_promos:buy")
SHOP = reverse("loyalty_promos:shop")
PURCHASES = reverse("loyalty_promos_rest:purchases")
MONDAY = "2026-03-16T10:00"
XSS = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # the code-check throttle counts in the cache
    yield
    cache.clear()


def link_login(customer, username, *, client_class=Client, **client_options):
    """A client logged in as a new user who is ``customer``."""
    user = factories.UserFactory(username=username)
    customer.user = user
    customer.save(update_fields=["user"])
    client = client_class(**client_options)
    client.force_login(user)
    return client


@pytest.fixture
def ana():
    return factories.CustomerFactory(first_name="Ana", last_name="Pop")


@pytest.fixture
def bob():
    return factories.CustomerFactory(first_name="Bob", last_name="Stranger")


@pytest.fixture
def ana_client(ana):
    return link_login(ana, "ana")


@pytest.fixture
def ana_api(ana):
    return link_login(ana, "ana", client_class=APIClient)


@pytest.fixture
def service():
    return factories.ServiceFactory(name="Coupe", price=D("50.00"))


@pytest.fixture
def test_backend(settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "PAYMENT_BACKEND": "loyalty_promos.payments.backends.TestBackend",
    }


@pytest.fixture
def gift_cards_sold(settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "SHOP_GIFT_CARD_AMOUNTS": ["50"]}


# Isolation ---------------------------------------------------------------------------------


def test_a_staff_user_who_is_a_customer_sees_only_their_own_points(ana, bob):
    user = factories.StaffUserFactory(username="boss")
    ana.user = user
    ana.save(update_fields=["user"])
    api.adjust_points(bob, 777, "Bob's")
    api.adjust_points(ana, 12, "Ana's")
    client = Client()
    client.force_login(user)

    page = client.get(reverse("loyalty_promos:overview")).content.decode()

    assert "777" not in page
    assert "Ana&#x27;s" in page


def test_a_login_moved_to_another_customer_shows_the_new_customer_at_once(ana, bob):
    client = link_login(ana, "shared")
    api.adjust_points(ana, 777, "Ana's")
    api.adjust_points(bob, 31, "Bob's")
    user = ana.user
    ana.user = None
    ana.save(update_fields=["user"])
    bob.user = user
    bob.save(update_fields=["user"])

    page = client.get(reverse("loyalty_promos:overview")).content.decode()

    assert "777" not in page
    assert "Bob&#x27;s" in page


def test_pricing_with_another_customers_gift_card_names_nobody(ana_client, bob, service):
    card = api.issue_gift_card(D("23.00"), owner=bob)

    data = ana_client.get(
        QUOTE, {"service": service.pk, "start": MONDAY, "gift_card": card.code}
    ).json()

    assert data["gift_card"]["amount"] == "23.00"  # a gift card is a bearer voucher
    assert "Bob" not in str(data)
    assert "Stranger" not in str(data)


def test_pricing_with_another_customers_reward_code_names_nobody(ana_client, bob, service):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    reward = factories.RewardFactory(name="10 off", kind="amount", value=D("10"), points_cost=5)
    api.adjust_points(bob, 5, "welcome")
    code = api.redeem_reward(bob, reward).coupon.codes.get().code

    data = ana_client.get(QUOTE, {"service": service.pk, "start": MONDAY, "code": code}).json()

    assert data["discount"]["amount"] == "10.00"
    assert "Bob" not in str(data)
    assert "Stranger" not in str(data)


class CarelessPublicForm(PromoCodeFormMixin, forms.ModelForm):
    """A public booking form that (carelessly) lets the visitor name the customer."""

    promo_code = PromoCodeField()
    use_credits = forms.BooleanField(required=False)

    class Meta:
        model = Appointment
        fields = ["customer", "service", "start"]

    def get_checkout_options(self):
        return {**super().get_checkout_options(), "use_credits": True}


@pytest.mark.parametrize("who", ["anonymous", "user who is no customer"])
def test_a_public_form_naming_a_customer_does_not_price_with_their_credits(bob, service, who):
    api.add_credit(bob, D("30.00"), "Bob's credit")
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.5")
    request.user = AnonymousUser() if who == "anonymous" else factories.UserFactory()
    data = {"customer": bob.pk, "service": service.pk, "start": "2026-03-16 10:00"}

    form = CarelessPublicForm(data, request=request)
    form.is_valid()

    assert form.quote.customer is None
    assert form.quote.credits_amount == D("0.00")


# Throttling --------------------------------------------------------------------------------


def request_from(address):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def test_ipv4_clients_of_a_dual_stack_server_are_counted_each_on_its_own():
    """``::ffff:a.b.c.d`` fell in the /64 ``::``: one guesser locked every IPv4 client out."""
    assert client_address(request_from("::ffff:203.0.113.5")) == "203.0.113.5"
    assert client_address(request_from("::ffff:198.51.100.7")) == "198.51.100.7"


def test_a_spoofed_forwarded_for_is_ignored_without_client_address(ana_client, service, settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "CODE_CHECK_RATE": "2/10m"}
    for guess in ("G1", "G2"):
        ana_client.get(QUOTE, {"service": service.pk, "start": MONDAY, "code": guess})
    stranger = link_login(factories.CustomerFactory(), "stranger")

    response = stranger.get(
        QUOTE,
        {"service": service.pk, "start": MONDAY, "code": "G9"},
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )

    assert response.status_code == 429  # same REMOTE_ADDR: the header changes nothing


def test_no_code_and_card_pair_counts_as_another_pair():
    """``"A|B"`` alone and ``"A"`` with card ``"B|"`` were one value: a free second guess."""
    assert secrets_asked({"code": "A|B"}) != secrets_asked({"code": "A", "gift_card": "B|"})


def test_a_guess_costs_an_attempt_through_every_separator_trick(ana_client, service, settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "CODE_CHECK_RATE": "2/10m"}
    for code in ("GUESS1|X", "GUESS1"):
        extra = {"gift_card": "X|"} if code == "GUESS1" else {}
        response = ana_client.get(
            QUOTE, {"service": service.pk, "start": MONDAY, "code": code, **extra}
        )
        assert response.status_code == 200

    third = ana_client.get(QUOTE, {"service": service.pk, "start": MONDAY, "code": "GUESS2"})

    assert third.status_code == 429


# Money: odd values are a 400 or a message, never a 500 -------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"start": "9999-12-31T23:30"},
        {"start": "0001-01-01T00:00"},
        {"start": "2026-03-29T02:30"},  # does not exist in Paris (clocks go forward)
        {"points": "99999999999999999999"},
        {"points": "-5"},
        {"points": "NaN"},
        {"reward": "99999999999999999999"},
        {"staff": "99999999999999999999"},
        {"service": "99999999999999999999"},
        {"service": "NaN"},
        {"code": "x" * 500},
        {"code": "\x00abc"},
        {"gift_card": "\x00abc"},
    ],
)
def test_odd_quote_parameters_are_answered_never_a_500(ana_client, service, extra):
    response = ana_client.get(QUOTE, {"service": service.pk, "start": MONDAY, **extra})

    assert response.status_code in (200, 400)


@pytest.mark.parametrize("start", ["9999-12-31T23:30", "0001-01-01T00:30"])
def test_a_date_at_the_end_of_time_is_refused_with_a_message(ana_client, service, start):
    response = ana_client.get(QUOTE, {"service": service.pk, "start": start})

    assert response.status_code == 400
    assert response.json()["errors"] == {"start": ["Choose a date within 100 years of today."]}


@pytest.mark.parametrize("start", ["9999-12-31T23:30", "0001-01-01T00:30"])
def test_the_booking_form_refuses_a_date_at_the_end_of_time(ana_client, service, start):
    data = {"service": service.pk, "staff": "", "start": start, "update_price": "1"}

    response = ana_client.post(BOOK, data)

    assert response.status_code == 200
    assert response.context["form"].errors["start"] == ["Choose a date within 100 years of today."]


def test_the_rest_quote_refuses_a_date_at_the_end_of_time(ana_api, service):
    response = ana_api.get(
        reverse("loyalty_promos_rest:quote"), {"service": service.pk, "start": "9999-12-31T23:30"}
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "item",
    [
        "gift:sNaN",
        "gift:NaN",
        "gift:Infinity",
        "gift:1e999999",
        "gift:-50",
        "plan:99999999999999999999",
        "pack:-1",
    ],
)
def test_buying_an_odd_item_says_it_is_not_for_sale(ana_client, gift_cards_sold, item):
    response = ana_client.post(BUY, {"item": item}, follow=True)

    assert response.status_code == 200
    assert "This item cannot be bought online." in response.content.decode()
    assert not Purchase.objects.exists()


def test_the_shop_service_refuses_a_signalling_nan_gift_card(ana, gift_cards_sold):
    with pytest.raises(PurchaseError) as refused:
        api.start_purchase(ana, api.GiftCardOffer(Decimal("sNaN")))

    assert refused.value.code == "invalid_value"


@pytest.mark.parametrize(
    "body", ["[1, 2]", '"plan:1"', "null", '{"item": ["plan:1"]}', '{"item": {"a": 1}}']
)
def test_a_rest_purchase_body_that_is_no_object_is_a_400(ana_api, body):
    response = ana_api.post(PURCHASES, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "not_on_sale"


def test_a_price_changed_after_the_shop_was_shown_is_not_charged(ana_client, test_backend):
    plan = factories.PackagePlanFactory(price=D("200.00"), visits=5, sellable_online=True)
    ana_client.get(SHOP)
    plan.price = D("260.00")
    plan.save()

    response = ana_client.post(BUY, {"item": f"plan:{plan.pk}", "price": "200.00"}, follow=True)

    assert not Purchase.objects.exists()
    assert "The price of this item has changed since you saw it" in response.content.decode()


def test_the_rest_api_refuses_a_price_changed_since_shown(ana_api, test_backend):
    plan = factories.PackagePlanFactory(price=D("200.00"), visits=5, sellable_online=True)

    changed = ana_api.post(PURCHASES, {"item": f"plan:{plan.pk}", "price": "150.00"}, format="json")
    bought = ana_api.post(PURCHASES, {"item": f"plan:{plan.pk}", "price": "200.00"}, format="json")

    assert (changed.status_code, changed.json()["code"]) == (400, "price_changed")
    assert bought.status_code == 201
    assert Purchase.objects.get().price == D("200.00")


def test_the_shop_buttons_post_the_price_shown(ana_client):
    factories.PackagePlanFactory(price=D("1200.50"), visits=5, sellable_online=True)

    page = ana_client.get(SHOP, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert 'name="price" value="1200.50"' in page


def test_gift_cards_can_be_bought_in_french_and_romanian(ana, ana_client, gift_cards_sold):
    """The button posted ``gift:50,00`` in French: refused as "not for sale"."""
    for language in ("fr", "ro"):
        page = ana_client.get(SHOP, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert 'name="item" value="gift:50.00"' in page

        ana_client.post(BUY, {"item": "gift:50.00", "price": "50.00"})

    assert Purchase.objects.filter(customer=ana, amount=D("50.00")).count() == 2


@pytest.mark.parametrize(
    "query", [{"page": "-1"}, {"page": "abc"}, {"page_size": "-5"}, {"page_size": "9" * 20}]
)
@pytest.mark.parametrize("name", ["points", "credits", "gift-cards", "packages", "purchases"])
def test_rest_pages_with_odd_paging_are_answered(ana_api, name, query):
    response = ana_api.get(reverse(f"loyalty_promos_rest:{name}"), query)

    assert response.status_code in (200, 404)


@pytest.mark.parametrize("page", ["-1", "abc", "9" * 25, "last", "1e3"])
@pytest.mark.parametrize("name", ["overview", "gift_cards", "packages", "credits"])
def test_portal_pages_with_odd_page_numbers_are_answered(ana_client, name, page):
    response = ana_client.get(reverse(f"loyalty_promos:{name}"), {"page": page})

    assert response.status_code in (200, 404)


@pytest.mark.parametrize("pk", ["9" * 25, "0"])
def test_huge_or_zero_ids_in_urls_are_a_404(ana_client, pk):
    assert ana_client.post(f"/loyalty/rewards/{pk}/redeem/").status_code == 404
    assert ana_client.get(f"/bookings/{pk}/").status_code == 404
    assert ana_client.get(f"/loyalty/purchases/{'x' * 300}/").status_code == 404


# Web ---------------------------------------------------------------------------------------


def test_the_html_posts_need_the_csrf_token(ana):
    client = link_login(ana, "ana", enforce_csrf_checks=True)
    reward = factories.RewardFactory()

    assert client.post(BUY, {"item": "gift:50"}).status_code == 403
    assert client.post(reverse("loyalty_promos:redeem_reward", args=[reward.pk])).status_code == 403
    assert client.post(BOOK, {"start": MONDAY}).status_code == 403


def test_the_rest_api_needs_the_csrf_token_with_a_session(ana):
    client = link_login(ana, "ana", client_class=APIClient, enforce_csrf_checks=True)

    assert client.post(PURCHASES, {"item": "gift:50"}, format="json").status_code == 403


def test_get_never_writes(ana_client, ana, service, gift_cards_sold, test_backend):
    reward = factories.RewardFactory(points_cost=1)
    api.adjust_points(ana, 10, "welcome")
    pages = ["overview", "rewards", "gift_cards", "packages", "credits", "shop", "buy"]
    urls = [reverse(f"loyalty_promos:{name}") for name in pages] + [
        reverse("loyalty_promos:redeem_reward", args=[reward.pk]),
        f"{BOOK}?service={service.pk}&start={MONDAY}&promo_code=SPRING",
        f"{QUOTE}?service={service.pk}&start={MONDAY}&code=SPRING&use_credits=1",
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            ana_client.get(url)
        writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE"}]
        assert writes == [], url


@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "https://evil.example/", "/\\evil.example", "https:evil.example"],
)
def test_the_salon_login_never_sends_anyone_off_the_site(ana, target):
    user = factories.UserFactory(username="ana")
    user.set_password("pw")
    user.save()
    ana.user = user
    ana.save(update_fields=["user"])
    login = reverse("salon:login")

    response = Client().post(login, {"username": "ana", "password": "pw", "next": target})
    again = Client()
    again.force_login(user)
    already = again.get(login, {"next": target})

    assert response.status_code == already.status_code == 302
    assert "evil" not in response["Location"]
    assert "evil" not in already["Location"]


def test_names_and_descriptions_are_escaped_on_every_page(ana, ana_client, service):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    ana.first_name = XSS
    ana.save()
    reward = factories.RewardFactory(name=XSS, description=XSS, points_cost=10)
    api.adjust_points(ana, 50, XSS)
    api.add_credit(ana, D("5"), XSS)
    api.assign_package(ana, factories.PackagePlanFactory(name=XSS, sellable_online=True))
    factories.CreditPackFactory(name=XSS, sellable_online=True)
    service.name = XSS
    service.save()

    for name in ("overview", "rewards", "gift_cards", "packages", "credits", "shop"):
        assert XSS not in ana_client.get(reverse(f"loyalty_promos:{name}")).content.decode()
    redeemed = ana_client.post(
        reverse("loyalty_promos:redeem_reward", args=[reward.pk]), follow=True
    )
    assert XSS not in redeemed.content.decode()
    assert XSS not in ana_client.get(BOOK).content.decode()


def test_the_pages_may_not_be_framed(ana_client):
    for name in ("overview", "shop"):
        assert ana_client.get(reverse(f"loyalty_promos:{name}"))["X-Frame-Options"] == "DENY"


# Host developer ----------------------------------------------------------------------------


def test_a_host_following_the_guide_literally_gets_working_pages():
    """The spa: customer = user model (default ``get_customer_for_user``), no REST framework."""
    done = subprocess.run(
        [sys.executable, "tests/projects/other_host/customer_side.py"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.projects.other_host.settings",
            "PYTHONPATH": str(ROOT),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "/loyalty/ 200 True False",
        "/loyalty/rewards/ 200 True False",
        "/loyalty/shop/ 200 False False",
        "/loyalty/credits/ 200 False False",
        "quote 200 120.00",
    ]


def test_the_default_build_booking_says_what_to_override_for_a_booking_of_another_shape():
    """It raised ``TypeError: Reservation() got unexpected keyword arguments`` (a 500)."""
    user = factories.UserFactory()
    with (
        spa_host("tests.test_checks.ReadmeSpaAdapter"),
        pytest.raises(ImproperlyConfigured) as refused,
    ):
        ReadmeSpaAdapter().build_booking(user, factories.TreatmentFactory(), None, NOW)

    assert "ReadmeSpaAdapter.build_booking() is the default" in str(refused.value)
    assert "spa.Reservation has no such field" in str(refused.value)


def test_a_default_build_booking_on_a_booking_of_another_shape_is_w004():
    with spa_host("tests.test_checks.ReadmeSpaAdapter"):
        problems = checks.check_build_booking()

    assert [(type(p), p.id) for p in problems] == [(Warning, "loyalty_promos.W004")]
    assert "'start', 'end'" in problems[0].msg


def test_the_worked_adapters_and_the_example_host_build_their_bookings():
    with spa_host("tests.projects.other_host.spa.adapter.SpaAdapter"):
        assert checks.check_build_booking() == []
    assert checks.check_build_booking() == []
    assert SpaAdapter.build_booking is not DefaultBookingAdapter.build_booking


def test_the_spa_builds_the_reservation_being_made_as_its_adapter_reads_it():
    user, treatment = factories.UserFactory(), factories.TreatmentFactory()
    therapist = factories.TherapistFactory()
    adapter = SpaAdapter()
    with spa_host("tests.projects.other_host.spa.adapter.SpaAdapter"):
        reservation = adapter.build_booking(user, treatment, therapist, NOW)
        anyone = adapter.build_booking(user, treatment, None, NOW)

    assert reservation.pk is None
    assert (adapter.get_customer(reservation), adapter.get_service(reservation)) == (
        user,
        treatment,
    )
    assert adapter.get_staff(reservation) == therapist
    assert adapter.get_staff(anyone) is None
    assert (adapter.get_start(reservation), adapter.get_end(reservation)) == (
        NOW,
        NOW + datetime.timedelta(hours=1),
    )


def test_the_template_tags_work_without_the_request_context_processor(ana):
    user = factories.UserFactory(username="ana")
    ana.user = user
    ana.save(update_fields=["user"])
    api.adjust_points(ana, 140, "welcome")

    badge = Template("{% load loyalty_promos %}{% points_badge %}").render(Context({"user": user}))

    assert "140" in badge


@pytest.fixture
def no_context_processors(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"]}}
    ]
    settings.TEMPLATES[0]["OPTIONS"]["context_processors"] = [
        "django.contrib.messages.context_processors.messages"
    ]


def test_the_shop_offers_buy_to_a_customer_without_the_auth_context_processor(
    ana_client, no_context_processors
):
    factories.PackagePlanFactory(name="Cinq", sellable_online=True)

    page = ana_client.get(SHOP).content.decode()

    assert "Log in to buy" not in page
    assert 'aria-label="Buy Cinq"' in page


def test_the_navigation_marks_the_current_page_without_the_request_context_processor(
    ana_client, no_context_processors
):
    page = ana_client.get(reverse("loyalty_promos:credits")).content.decode()

    assert 'href="/loyalty/credits/" aria-current="page"' in page
