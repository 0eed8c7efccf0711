"""Code checks from customers are throttled per user and per client address."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from loyalty_promos.exceptions import ThrottledError
from loyalty_promos.portal.throttling import check_rate, client_address, parse_rate
from tests import factories


@pytest.fixture(autouse=True)
def rate(settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "CODE_CHECK_RATE": "3/10m"}
    cache.clear()
    yield
    cache.clear()


def request_from(address="203.0.113.5", user=None, **meta):
    request = RequestFactory().get("/", REMOTE_ADDR=address, **meta)
    request.user = user or AnonymousUser()
    return request


def attempts(request, count):
    for _ in range(count):
        check_rate(request)


def test_rate_is_count_over_a_period():
    assert parse_rate("10/10m") == (10, 600)
    assert parse_rate("30/h") == (30, 3600)
    assert parse_rate("5/s") == (5, 1)
    assert parse_rate("100/2d") == (100, 172800)


@pytest.mark.parametrize("rate", ["10", "ten/m", "0/m", "10/10w"])
def test_a_malformed_rate_is_a_configuration_error(rate):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(rate)


def test_n_attempts_pass_the_next_is_refused_with_a_stable_code():
    request = request_from()
    attempts(request, 3)

    with pytest.raises(ThrottledError) as refused:
        check_rate(request)
    assert refused.value.code == "throttled"
    assert refused.value.messages == [
        "Too many codes tried. Please wait a few minutes and try again."
    ]
    assert 0 < refused.value.wait <= 600


@pytest.mark.django_db
def test_per_user_whatever_the_address():
    user = factories.UserFactory()
    for n in range(3):
        check_rate(request_from(f"198.51.100.{n}", user=user))

    with pytest.raises(ThrottledError):
        check_rate(request_from("198.51.100.99", user=user))


@pytest.mark.django_db
def test_per_address_whatever_the_user():
    for _ in range(3):
        check_rate(request_from(user=factories.UserFactory()))

    with pytest.raises(ThrottledError):
        check_rate(request_from(user=factories.UserFactory()))


def test_other_addresses_are_not_held_back():
    attempts(request_from("203.0.113.5"), 3)

    check_rate(request_from("203.0.113.6"))


def test_an_ipv6_client_counts_as_its_network():
    attempts(request_from("2001:db8:1:2::1"), 3)

    with pytest.raises(ThrottledError):
        check_rate(request_from("2001:db8:1:2:ffff::9"))
    check_rate(request_from("2001:db8:1:3::1"))


def test_counting_starts_again_after_the_window(clock):
    request = request_from()
    attempts(request, 3)
    with pytest.raises(ThrottledError) as refused:
        check_rate(request)

    clock.shift(datetime.timedelta(seconds=refused.value.wait))

    attempts(request, 3)
    with pytest.raises(ThrottledError):
        check_rate(request)


def test_no_rate_means_no_limit(settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "CODE_CHECK_RATE": None}

    attempts(request_from(), 50)


def test_client_address_from_a_proxy_header(settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "CLIENT_ADDRESS": "HTTP_X_FORWARDED_FOR"}

    request = request_from("10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")

    assert client_address(request) == "203.0.113.7"


def test_client_address_from_a_callable(settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "CLIENT_ADDRESS": "tests.portal.test_throttling.real_ip",
    }

    assert client_address(request_from("10.0.0.1", HTTP_X_REAL_IP="198.51.100.4")) == "198.51.100.4"


def real_ip(request):
    return request.META["HTTP_X_REAL_IP"]


def test_a_missing_address_still_counts():
    request = request_from("")
    assert client_address(request) == "unknown"
    attempts(request, 3)

    with pytest.raises(ThrottledError):
        check_rate(request_from(""))


def test_a_value_let_through_is_not_counted_again():
    request = request_from()
    for _ in range(10):
        check_rate(request, value="SPRING")
    check_rate(request, value="SUMMER")
    check_rate(request, value="AUTUMN")

    with pytest.raises(ThrottledError):
        check_rate(request, value="WINTER")
    check_rate(request, value="SPRING")  # already let through in this window


def test_a_refused_value_stays_refused():
    request = request_from()
    attempts(request, 3)

    for _ in range(3):
        with pytest.raises(ThrottledError):
            check_rate(request, value="GUESS")
