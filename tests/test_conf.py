import pytest
from django.conf import settings as django_settings

from loyalty_promos import conf
from loyalty_promos.conf import app_settings


def test_defaults_apply_when_the_host_sets_nothing(settings):
    settings.LOYALTY_PROMOS = {}

    assert app_settings.CURRENCY == "EUR"
    assert app_settings.BOOKING_ADAPTER == "loyalty_promos.integration.DefaultBookingAdapter"
    assert app_settings.ENABLE_ADMIN is True


def test_host_values_override_defaults_and_changes_are_seen(settings):
    settings.LOYALTY_PROMOS = {"CURRENCY": "RON"}
    assert app_settings.CURRENCY == "RON"

    settings.LOYALTY_PROMOS = {"CURRENCY": "CHF"}
    assert app_settings.CURRENCY == "CHF"


def test_unknown_setting_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="Invalid loyalty_promos setting: 'CURENCY'"):
        app_settings.CURENCY  # noqa: B018


@pytest.fixture
def forgotten_model_settings():
    """Remove the four model settings as a host that never wrote them, then restore."""
    saved = {name: getattr(django_settings, name) for name in conf.PLACEHOLDERS}
    for name in saved:
        delattr(django_settings, name)
    yield
    for name, value in saved.items():
        setattr(django_settings, name, value)


def test_missing_model_settings_get_their_defaults(forgotten_model_settings):
    """Pitfall 1: the names must exist before models and migrations read them."""
    assert not hasattr(django_settings, "LOYALTY_PROMOS_BOOKING_MODEL")

    conf.install_model_settings()

    assert django_settings.LOYALTY_PROMOS_CUSTOMER_MODEL == django_settings.AUTH_USER_MODEL
    assert django_settings.LOYALTY_PROMOS_SERVICE_MODEL == "loyalty_promos.Service"
    assert django_settings.LOYALTY_PROMOS_STAFF_MODEL == "loyalty_promos.Staff"
    assert django_settings.LOYALTY_PROMOS_BOOKING_MODEL == "loyalty_promos.Booking"


def test_model_settings_the_host_wrote_are_kept():
    conf.install_model_settings()

    assert django_settings.LOYALTY_PROMOS_CUSTOMER_MODEL == "salon.Customer"
    assert django_settings.LOYALTY_PROMOS_BOOKING_MODEL == "salon.Appointment"
