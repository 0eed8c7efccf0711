"""The template tags a host puts on its own pages: ``{% load loyalty_promos %}``."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from loyalty_promos import api
from tests import factories

PAGE = Template(
    "{% load loyalty_promos %}[{% points_badge %}][{% loyalty_summary %}][{% reward_available %}]"
)


def render(user, template=PAGE):
    request = RequestFactory().get("/")
    request.user = user
    return template.render(Context({"request": request})).strip()


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def me(user):
    return factories.CustomerFactory(user=user)


@pytest.fixture
def program(db):
    return api.configure_program(is_enabled=True)


def test_the_tags_render_nothing_for_anonymous_users():
    assert render(AnonymousUser()) == "[][][]"


@pytest.mark.django_db
def test_the_tags_render_nothing_for_users_who_are_no_customer(user):
    assert render(user) == "[][][]"


@pytest.mark.django_db
def test_the_tags_render_nothing_without_the_request_context_processor():
    assert PAGE.render(Context({})).strip() == "[][][]"


@pytest.mark.django_db
def test_points_badge_links_to_my_loyalty(user, me, program):
    api.adjust_points(me, 42, "Gift")

    html = render(user, Template("{% load loyalty_promos %}{% points_badge %}"))

    assert html == '<a class="lp-points-badge" href="/loyalty/">42 points</a>'


@pytest.mark.django_db
def test_points_badge_says_point_for_one(user, me, program):
    api.adjust_points(me, 1, "Gift")

    assert ">1 point</a>" in render(user, Template("{% load loyalty_promos %}{% points_badge %}"))


@pytest.mark.django_db
def test_summary_shows_every_balance(user, me, program):
    api.adjust_points(me, 42, "Gift")
    api.add_credit(me, "12.50", "Refund")
    api.assign_package(me, factories.PackagePlanFactory())
    api.issue_gift_card("20.00", owner=me)
    api.issue_gift_card("5.00", owner=me)

    html = render(user, Template("{% load loyalty_promos %}{% loyalty_summary %}"))

    assert "<dd>42</dd>" in html
    assert "<dd>12.50\xa0€</dd>" in html
    assert "<dd>1</dd>" in html
    assert "<dd>2 (25.00\xa0€)</dd>" in html


@pytest.mark.django_db
def test_reward_available_only_when_one_is_affordable(user, me, program):
    factories.RewardFactory(points_cost=50)
    tag = Template("{% load loyalty_promos %}{% reward_available %}")
    api.adjust_points(me, 49, "Gift")
    before = render(user, tag)
    api.adjust_points(me, 1, "Gift")

    assert before == ""
    assert render(user, tag) == (
        '<p class="lp-reward-available">You have a reward available. '
        '<a href="/loyalty/rewards/">Choose your reward</a></p>'
    )


@pytest.mark.django_db
def test_reward_available_says_nothing_while_the_programme_is_off(user, me):
    factories.RewardFactory(points_cost=0)

    assert render(user, Template("{% load loyalty_promos %}{% reward_available %}")) == ""


def queries(user):
    with CaptureQueriesContext(connection) as captured:
        render(user)
    return len(captured)


@pytest.mark.django_db
def test_the_three_tags_run_the_same_queries_for_a_small_and_a_large_customer(user, me, program):
    reward = factories.RewardFactory(points_cost=10)
    for _ in range(2):
        api.adjust_points(me, 10, "Gift")
        api.issue_gift_card("10.00", owner=me)
    small = queries(user)
    for _ in range(20):
        api.adjust_points(me, 10, "Gift")
        api.issue_gift_card("10.00", owner=me)
        api.assign_package(me, factories.PackagePlanFactory())
    api.redeem_reward(me, reward)

    # customer once; badge 1; summary 4; reward_available 3 (programme, balance, exists)
    assert small == queries(user) == 9


@pytest.mark.django_db
def test_money_filter_follows_the_language():
    from_fr = Template(
        "{% load i18n loyalty_promos %}{% language 'fr' %}{{ x|money }}{% endlanguage %}"
    )

    assert from_fr.render(Context({"x": Decimal("1234.5")})) == "1\xa0234,50\xa0€"
