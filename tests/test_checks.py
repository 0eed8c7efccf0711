import importlib

import pytest
from django.core.checks import Error, Warning
from django.test.utils import override_settings

from loyalty_promos import checks, conf
from loyalty_promos.integration import DefaultBookingAdapter
from tests.projects.other_host.spa.adapter import SpaAdapter
from tests.utils import run_django


class MissingMethodsAdapter:
    """Not a DefaultBookingAdapter subclass, and incomplete."""

    def get_customer(self, booking):
        return booking.customer


def test_example_host_is_clean():
    assert checks.check_host_models() == []
    assert checks.check_options() == []
    assert checks.check_adapter() == []
    assert checks.check_migration_order(databases=["default"]) == []


@override_settings(LOYALTY_PROMOS_BOOKING_MODEL="loyalty_promos.Booking")
def test_placeholder_still_in_use_is_e001():
    assert checks.check_host_models() == [
        Error(
            "LOYALTY_PROMOS_BOOKING_MODEL is not set, so loyalty_promos still uses its "
            "placeholder model loyalty_promos.Booking.",
            hint="Add LOYALTY_PROMOS_BOOKING_MODEL = 'yourapp.Appointment' (your own model) "
            "to your settings, then migrate.",
            id="loyalty_promos.E001",
        )
    ]


@override_settings(LOYALTY_PROMOS_SERVICE_MODEL="salon.Treatment")
def test_model_that_does_not_exist_is_e002():
    assert checks.check_host_models() == [
        Error(
            "LOYALTY_PROMOS_SERVICE_MODEL refers to model 'salon.Treatment', which is not "
            "installed.",
            hint="Use the label of an installed model, e.g. 'yourapp.Service', and check that "
            "its app is in INSTALLED_APPS.",
            id="loyalty_promos.E002",
        )
    ]


@override_settings(LOYALTY_PROMOS_STAFF_MODEL="Staff")
def test_malformed_model_label_is_e002():
    [error] = checks.check_host_models()

    assert error.id == "loyalty_promos.E002"
    assert error.msg == (
        "LOYALTY_PROMOS_STAFF_MODEL must be of the form 'app_label.ModelName', not 'Staff'."
    )


def test_adapter_that_does_not_import_is_e003(settings):
    settings.LOYALTY_PROMOS = {"BOOKING_ADAPTER": "salon.adapters.Missing"}

    [error] = checks.check_adapter()

    assert error.id == "loyalty_promos.E003"
    assert error.msg.startswith(
        "LOYALTY_PROMOS['BOOKING_ADAPTER'] = 'salon.adapters.Missing' cannot be imported: "
    )
    assert "e.g. 'myapp.adapters.MyBookingAdapter'" in error.hint


def test_adapter_missing_methods_is_e004(settings):
    settings.LOYALTY_PROMOS = {"BOOKING_ADAPTER": f"{__name__}.MissingMethodsAdapter"}

    [error] = checks.check_adapter()

    assert error.id == "loyalty_promos.E004"
    assert error.msg == (
        f"The booking adapter '{__name__}.MissingMethodsAdapter' lacks required methods: "
        "get_service, get_staff, get_start, get_end, get_price, get_currency, "
        "get_series_key, is_cancelled, get_customer_name, get_customer_email, "
        "get_customer_phone, get_customer_bookings."
    )
    assert "DefaultBookingAdapter" in error.hint


def test_options_that_are_not_a_dict_are_e005(settings):
    settings.LOYALTY_PROMOS = [("CURRENCY", "EUR")]

    assert checks.check_options() == [
        Error(
            "LOYALTY_PROMOS must be a dict, not list.",
            hint="Write LOYALTY_PROMOS = {'CURRENCY': 'EUR', ...}.",
            id="loyalty_promos.E005",
        )
    ]


def test_unknown_option_is_w001(settings):
    settings.LOYALTY_PROMOS = {"CURENCY": "EUR", "CURRENCY": "EUR"}

    assert checks.check_options() == [
        Warning(
            "LOYALTY_PROMOS has unknown keys: CURENCY.",
            hint=f"Known keys: {', '.join(sorted(conf.DEFAULTS))}.",
            id="loyalty_promos.W001",
        )
    ]


def test_migration_order_is_checked_only_with_a_database():
    assert checks.check_migration_order(databases=None) == []


def test_host_model_created_after_our_first_migration_is_e006(monkeypatch):
    """Pitfall 3: without run_before, spa.0002 (Reservation) is not waited for."""
    reservation_migration = importlib.import_module(
        "tests.projects.other_host.spa.migrations.0002_reservation"
    )

    monkeypatch.setattr(reservation_migration.Migration, "run_before", [])

    with override_settings(LOYALTY_PROMOS_BOOKING_MODEL="spa.Reservation"):
        errors = checks.check_migration_order(databases=["default"])

    assert errors == [
        Error(
            "spa.Reservation is created by migration spa.0002_reservation, which "
            "loyalty_promos.0001_initial does not wait for: its table may not exist yet "
            "when ours refer to it.",
            hint="Add run_before = [('loyalty_promos', '0001_initial')] to the Migration "
            "class of spa.0002_reservation.",
            id="loyalty_promos.E006",
        )
    ]


def test_host_model_created_with_run_before_passes():
    with override_settings(LOYALTY_PROMOS_BOOKING_MODEL="spa.Reservation"):
        assert checks.check_migration_order(databases=["default"]) == []


def run_broken_host(mistake: str, *args: str):
    return run_django("tests.projects.broken_host.settings", *args, BROKEN_HOST_MISTAKE=mistake)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mistake", "code", "words"),
    [
        ("forgot_booking_model", "loyalty_promos.E001", "LOYALTY_PROMOS_BOOKING_MODEL is not set"),
        ("model_not_installed", "loyalty_promos.E002", "'spa.Booking', which is not installed"),
        ("adapter_not_importable", "loyalty_promos.E003", "cannot be imported"),
        ("adapter_incomplete", "loyalty_promos.E004", "lacks required methods"),
    ],
)
def test_a_misconfigured_host_gets_a_clear_error_at_start_up(mistake, code, words):
    """What a developer sees from `manage.py check` (and runserver/migrate): no traceback."""
    result = run_broken_host(mistake, "check")

    assert result.returncode == 1
    assert code in result.stderr
    assert words in result.stderr
    assert "HINT:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_misconfigured_host_cannot_migrate():
    result = run_broken_host("model_not_installed", "migrate", "--noinput")

    assert result.returncode == 1
    assert "loyalty_promos.E002" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("zone", ["Europe/Pariss", "", 1, "../etc/passwd"])
def test_an_unknown_business_time_zone_is_e008(settings, zone):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "TIME_ZONE": zone}

    assert checks.check_options() == [
        Error(
            f"LOYALTY_PROMOS['TIME_ZONE'] = {zone!r} is not a known time zone.",
            hint="Give an IANA name such as 'Europe/Paris', or remove the key to use "
            "settings.TIME_ZONE.",
            id="loyalty_promos.E008",
        )
    ]


def test_a_known_business_time_zone_is_clean(settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "TIME_ZONE": "Europe/Bucharest"}

    assert checks.check_options() == []


# E007: the adapter's ORM paths resolve on the booking model ------------------------------


class ReadmeSpaAdapter(DefaultBookingAdapter):
    """An adapter written the README's way: fields renamed, start and end read elsewhere."""

    customer_field = "user"
    service_field = "treatment"

    def get_start(self, booking):
        return self.combine(booking.slot.day, booking.slot.starts_at)

    def get_end(self, booking):
        return self.combine(booking.slot.day, booking.slot.ends_at)


SPA_HOST = {
    "LOYALTY_PROMOS_CUSTOMER_MODEL": "auth.User",
    "LOYALTY_PROMOS_SERVICE_MODEL": "spa.Treatment",
    "LOYALTY_PROMOS_STAFF_MODEL": "spa.Therapist",
    "LOYALTY_PROMOS_BOOKING_MODEL": "spa.Reservation",
}


def spa_host(adapter: str):
    return override_settings(**SPA_HOST, LOYALTY_PROMOS={"BOOKING_ADAPTER": adapter})


def test_the_example_hosts_lookups_resolve():
    assert checks.check_adapter_lookups() == []


def test_lookups_follow_the_renamed_fields():
    assert (ReadmeSpaAdapter.customer_lookup, ReadmeSpaAdapter().customer_lookup) == (
        "user",
        "user",
    )
    assert ReadmeSpaAdapter().start_lookup == "start"
    assert SpaAdapter().start_lookup == "slot__day"


def test_an_adapter_written_the_readme_way_is_told_to_set_start_lookup():
    with spa_host("tests.test_checks.ReadmeSpaAdapter"):
        assert checks.check_adapter_lookups() == [
            Error(
                "ReadmeSpaAdapter.start_lookup = 'start' does not resolve on spa.Reservation: "
                "Cannot resolve keyword 'start' into field. Choices are: cancelled, id, slot, "
                "slot_id, treatment, treatment_id, user, user_id",
                hint="Set start_lookup on your adapter to the ORM path from spa.Reservation to "
                "the date or datetime its get_start() reads, e.g. 'starts_at' or 'slot__starts'.",
                id="loyalty_promos.E007",
            )
        ]


def test_the_worked_spa_adapter_is_clean():
    with spa_host("tests.projects.other_host.spa.adapter.SpaAdapter"):
        assert checks.check_adapter_lookups() == []


class WrongTargetsAdapter(SpaAdapter):
    customer_lookup = "slot__therapist"
    start_lookup = "treatment__price"


def test_lookups_leading_to_the_wrong_kind_of_field_are_e007():
    with spa_host("tests.test_checks.WrongTargetsAdapter"):
        assert [(e.id, e.msg) for e in checks.check_adapter_lookups()] == [
            (
                "loyalty_promos.E007",
                "WrongTargetsAdapter.customer_lookup = 'slot__therapist' leads to ForeignKey "
                "to spa.Therapist on spa.Reservation, not to the customer model auth.User.",
            ),
            (
                "loyalty_promos.E007",
                "WrongTargetsAdapter.start_lookup = 'treatment__price' leads to DecimalField "
                "spa.Treatment.price on spa.Reservation, not to a date or datetime field.",
            ),
        ]


def test_lookups_are_not_checked_while_the_adapter_cannot_be_imported():
    with spa_host("nowhere.Adapter"):
        assert checks.check_adapter_lookups() == []


def test_the_default_payment_backend_is_clean():
    assert checks.check_payment_backend() == []


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("nowhere.Backend", "cannot be imported: No module named 'nowhere'"),
        ("loyalty_promos.models.Purchase", "is not a subclass of PaymentBackend."),
    ],
)
def test_a_payment_backend_that_is_none_is_e009(settings, path, problem):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "PAYMENT_BACKEND": path}

    assert checks.check_payment_backend() == [
        Error(
            f"LOYALTY_PROMOS['PAYMENT_BACKEND'] = {path!r} {problem}",
            hint="Give the dotted path of a subclass of "
            "loyalty_promos.payments.backends.PaymentBackend, or remove the key to take "
            "payments at the desk.",
            id="loyalty_promos.E009",
        )
    ]


@pytest.mark.parametrize(("debug", "warned"), [(False, True), (True, False)])
def test_the_test_payment_backend_on_a_live_site_is_w002(settings, debug, warned):
    settings.DEBUG = debug
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "PAYMENT_BACKEND": "loyalty_promos.payments.backends.TestBackend",
    }

    found = [message.id for message in checks.check_payment_backend()]

    assert found == (["loyalty_promos.W002"] if warned else [])


DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


@pytest.mark.parametrize(
    ("caches", "options", "problem"),
    [
        ({"default": DUMMY}, {}, "is a DummyCache, which keeps nothing"),
        ({"default": LOCMEM}, {"THROTTLE_CACHE": "codes"}, "is not in CACHES"),
        ({"default": LOCMEM}, {}, None),
        ({"default": DUMMY}, {"CODE_CHECK_RATE": None}, None),  # no limit asked
        ({"default": DUMMY, "codes": LOCMEM}, {"THROTTLE_CACHE": "codes"}, None),
    ],
)
def test_a_code_limit_counted_in_a_cache_that_keeps_nothing_is_w005(
    settings, caches, options, problem
):
    settings.CACHES = caches
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, **options}

    found = checks.check_throttle_cache()

    if problem is None:
        assert found == []
    else:
        (warning,) = found
        assert warning.id == "loyalty_promos.W005"
        assert problem in warning.msg and "guessed without limit" in warning.msg
