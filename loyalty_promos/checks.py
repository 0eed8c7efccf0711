"""System checks: every misconfiguration a host can make, with an id and a hint.

=======================  =====================================================
``loyalty_promos.E001``  a ``LOYALTY_PROMOS_*_MODEL`` setting still names our
                         placeholder (the host forgot to set it)
``loyalty_promos.E002``  a ``LOYALTY_PROMOS_*_MODEL`` setting names a model
                         that is malformed or not installed
``loyalty_promos.E003``  ``LOYALTY_PROMOS["BOOKING_ADAPTER"]`` cannot be imported
``loyalty_promos.E004``  the adapter lacks a required method
``loyalty_promos.E005``  ``LOYALTY_PROMOS`` is not a dict
``loyalty_promos.E006``  a host model is created by a migration that our first
                         migration does not depend on (``migrate`` only)
``loyalty_promos.E007``  an ORM lookup of the adapter (``customer_lookup``,
                         ``start_lookup``) does not resolve on the booking
                         model, or leads to the wrong kind of field
``loyalty_promos.E008``  ``LOYALTY_PROMOS["TIME_ZONE"]`` is not a known time zone
``loyalty_promos.E009``  ``LOYALTY_PROMOS["PAYMENT_BACKEND"]`` cannot be imported
                         or is not a ``PaymentBackend``
``loyalty_promos.W001``  ``LOYALTY_PROMOS`` has a key we do not know (a typo?)
``loyalty_promos.W002``  the test payment backend (pays at once) with ``DEBUG`` off
``loyalty_promos.W003``  an AdminSite with our admin has no customer admin with
                         ``search_fields``: customers are chosen by id, not
                         searched by name, email or phone
``loyalty_promos.W004``  the adapter keeps the default ``build_booking`` but the
                         booking model lacks the fields it sets (the customer
                         side's booking form and live price would fail)
``loyalty_promos.W005``  ``CODE_CHECK_RATE`` is set but ``THROTTLE_CACHE`` names a
                         cache that keeps nothing (``DummyCache``) or none at
                         all: promo codes could be guessed without limit
=======================  =====================================================
"""

from __future__ import annotations

import zoneinfo

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.admin.sites import all_sites
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import CreateModel
from django.db.models.constants import LOOKUP_SEP
from django.db.models.sql.query import Query
from django.utils.module_loading import import_string

from loyalty_promos import conf, integration
from loyalty_promos.models import Overview
from loyalty_promos.payments.backends import PaymentBackend, TestBackend

HOST_EXAMPLES = {
    conf.CUSTOMER_MODEL_SETTING: "yourapp.Customer",
    conf.SERVICE_MODEL_SETTING: "yourapp.Service",
    conf.STAFF_MODEL_SETTING: "yourapp.StaffMember",
    conf.BOOKING_MODEL_SETTING: "yourapp.Appointment",
}


class Messages:
    PLACEHOLDER = (
        "{setting} is not set, so loyalty_promos still uses its placeholder model {placeholder}."
    )
    MALFORMED = "{setting} must be of the form 'app_label.ModelName', not {value!r}."
    NOT_INSTALLED = "{setting} refers to model {value!r}, which is not installed."
    ADAPTER_IMPORT = "LOYALTY_PROMOS['BOOKING_ADAPTER'] = {path!r} cannot be imported: {error}"
    ADAPTER_METHODS = "The booking adapter {path!r} lacks required methods: {methods}."
    NOT_A_DICT = "LOYALTY_PROMOS must be a dict, not {type}."
    UNKNOWN_KEY = "LOYALTY_PROMOS has unknown keys: {keys}."
    TIME_ZONE = "LOYALTY_PROMOS['TIME_ZONE'] = {value!r} is not a known time zone."
    LOOKUP_UNKNOWN = "{adapter}.{attribute} = {lookup!r} does not resolve on {model}: {error}"
    LOOKUP_CUSTOMER = (
        "{adapter}.customer_lookup = {lookup!r} leads to {found} on {model}, not to the "
        "customer model {customer}."
    )
    LOOKUP_START = (
        "{adapter}.start_lookup = {lookup!r} leads to {found} on {model}, not to a date or "
        "datetime field."
    )
    MIGRATION_ORDER = (
        "{model} is created by migration {migration}, which loyalty_promos.{first} "
        "does not wait for: its table may not exist yet when ours refer to it."
    )
    PAYMENT_BACKEND = "LOYALTY_PROMOS['PAYMENT_BACKEND'] = {path!r} {problem}"
    TEST_PAYMENTS = (
        "LOYALTY_PROMOS['PAYMENT_BACKEND'] is the test backend while DEBUG is off: every "
        "purchase in the shop is paid at once, without any payment."
    )
    CUSTOMER_SEARCH = (
        "The admin site {site!r} has no admin for {customer} with search_fields: staff "
        "must type customer ids instead of searching by name, email or phone."
    )
    THROTTLE_CACHE = (
        "LOYALTY_PROMOS['CODE_CHECK_RATE'] = {rate!r} limits how many promo codes a customer "
        "may try, but the cache {cache!r} {problem}: every try counts as the first, so codes "
        "can be guessed without limit."
    )


class Hints:
    PLACEHOLDER = "Add {setting} = '{example}' (your own model) to your settings, then migrate."
    MODEL = (
        "Use the label of an installed model, e.g. '{example}', and check that its app "
        "is in INSTALLED_APPS."
    )
    ADAPTER_IMPORT = (
        "Give the dotted path of a class, e.g. 'myapp.adapters.MyBookingAdapter', "
        "or remove the key to use the default adapter."
    )
    ADAPTER_METHODS = (
        "Subclass loyalty_promos.integration.DefaultBookingAdapter and override only "
        "the methods your models need."
    )
    NOT_A_DICT = "Write LOYALTY_PROMOS = {'CURRENCY': 'EUR', ...}."
    UNKNOWN_KEY = "Known keys: {known}."
    LOOKUP = {
        "customer_lookup": (
            "Set customer_lookup on your adapter to the ORM path from {model} to its "
            "customer ({customer}), e.g. 'client' or 'client__user'."
        ),
        "start_lookup": (
            "Set start_lookup on your adapter to the ORM path from {model} to the date or "
            "datetime its get_start() reads, e.g. 'starts_at' or 'slot__starts'."
        ),
    }
    TIME_ZONE = (
        "Give an IANA name such as 'Europe/Paris', or remove the key to use settings.TIME_ZONE."
    )
    PAYMENT_BACKEND = (
        "Give the dotted path of a subclass of "
        "loyalty_promos.payments.backends.PaymentBackend, or remove the key to take "
        "payments at the desk."
    )
    TEST_PAYMENTS = "Use your provider's backend, or remove the key to take payments at the desk."
    THROTTLE_CACHE = (
        "Point LOYALTY_PROMOS['THROTTLE_CACHE'] at a cache that keeps values (Redis or "
        "Memcached, shared by every process), or set CODE_CHECK_RATE to None on a site "
        "where only staff apply codes."
    )
    BUILD_BOOKING = (
        "See 'In your booking form' in the integration guide: build the unsaved booking "
        "(and its unsaved related objects, e.g. a slot) the way your model stores it."
    )
    MIGRATION_ORDER = (
        "Add run_before = [('loyalty_promos', '{first}')] to the Migration class of {migration}."
    )
    CUSTOMER_SEARCH = (
        "Register a ModelAdmin for {customer} on that site with search_fields, e.g. "
        "['last_name', 'first_name', 'email', 'phone']."
    )


class Codes:
    PLACEHOLDER = "loyalty_promos.E001"
    MODEL = "loyalty_promos.E002"
    ADAPTER_IMPORT = "loyalty_promos.E003"
    ADAPTER_METHODS = "loyalty_promos.E004"
    NOT_A_DICT = "loyalty_promos.E005"
    MIGRATION_ORDER = "loyalty_promos.E006"
    ADAPTER_LOOKUP = "loyalty_promos.E007"
    TIME_ZONE = "loyalty_promos.E008"
    PAYMENT_BACKEND = "loyalty_promos.E009"
    UNKNOWN_KEY = "loyalty_promos.W001"
    TEST_PAYMENTS = "loyalty_promos.W002"
    THROTTLE_CACHE = "loyalty_promos.W005"
    CUSTOMER_SEARCH = "loyalty_promos.W003"
    BUILD_BOOKING = "loyalty_promos.W004"


@register(Tags.models)
def check_host_models(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for setting, placeholder in conf.PLACEHOLDERS.items():
        value = getattr(settings, setting, None) or conf.model_setting_default(setting)
        example = HOST_EXAMPLES[setting]
        if value.lower() == placeholder.lower():
            errors.append(
                Error(
                    Messages.PLACEHOLDER.format(setting=setting, placeholder=placeholder),
                    hint=Hints.PLACEHOLDER.format(setting=setting, example=example),
                    id=Codes.PLACEHOLDER,
                )
            )
            continue
        try:
            django_apps.get_model(value, require_ready=False)
        except ValueError:
            message = Messages.MALFORMED
        except LookupError:
            message = Messages.NOT_INSTALLED
        else:
            continue
        errors.append(
            Error(
                message.format(setting=setting, value=value),
                hint=Hints.MODEL.format(example=example),
                id=Codes.MODEL,
            )
        )
    return errors


@register()
def check_options(app_configs=None, **kwargs) -> list[Error | Warning]:
    options = getattr(settings, "LOYALTY_PROMOS", {})
    if not isinstance(options, dict):
        return [
            Error(
                Messages.NOT_A_DICT.format(type=type(options).__name__),
                hint=Hints.NOT_A_DICT,
                id=Codes.NOT_A_DICT,
            )
        ]
    problems: list[Error | Warning] = []
    unknown = sorted(set(options) - set(conf.DEFAULTS))
    if unknown:
        problems.append(
            Warning(
                Messages.UNKNOWN_KEY.format(keys=", ".join(unknown)),
                hint=Hints.UNKNOWN_KEY.format(known=", ".join(sorted(conf.DEFAULTS))),
                id=Codes.UNKNOWN_KEY,
            )
        )
    zone = options.get("TIME_ZONE")
    if zone is not None:
        try:
            if not isinstance(zone, str):
                raise TypeError(zone)
            zoneinfo.ZoneInfo(zone)
        except (TypeError, ValueError, zoneinfo.ZoneInfoNotFoundError):
            problems.append(
                Error(
                    Messages.TIME_ZONE.format(value=zone),
                    hint=Hints.TIME_ZONE,
                    id=Codes.TIME_ZONE,
                )
            )
    return problems


@register()
def check_adapter(app_configs=None, **kwargs) -> list[Error]:
    path = conf.app_settings.BOOKING_ADAPTER
    try:
        adapter_class = import_string(path)
    except ImportError as exc:
        return [
            Error(
                Messages.ADAPTER_IMPORT.format(path=path, error=exc),
                hint=Hints.ADAPTER_IMPORT,
                id=Codes.ADAPTER_IMPORT,
            )
        ]
    missing = [
        name
        for name in integration.DefaultBookingAdapter.required_methods
        if not callable(getattr(adapter_class, name, None))
    ]
    if missing:
        return [
            Error(
                Messages.ADAPTER_METHODS.format(path=path, methods=", ".join(missing)),
                hint=Hints.ADAPTER_METHODS,
                id=Codes.ADAPTER_METHODS,
            )
        ]
    return []


@register()
def check_payment_backend(app_configs=None, **kwargs) -> list[Error | Warning]:
    """The payment backend imports and is one (``E009``), not the test one live (``W002``)."""
    path = conf.app_settings.PAYMENT_BACKEND
    try:
        backend = import_string(path)
    except ImportError as exc:
        problem = f"cannot be imported: {exc}"
    else:
        if isinstance(backend, type) and issubclass(backend, PaymentBackend):
            if issubclass(backend, TestBackend) and not settings.DEBUG:
                return [Warning(Messages.TEST_PAYMENTS, hint=Hints.TEST_PAYMENTS,
                                id=Codes.TEST_PAYMENTS)]  # fmt: skip
            return []
        problem = "is not a subclass of PaymentBackend."
    return [
        Error(
            Messages.PAYMENT_BACKEND.format(path=path, problem=problem),
            hint=Hints.PAYMENT_BACKEND,
            id=Codes.PAYMENT_BACKEND,
        )
    ]


#: The adapter's ORM paths, checked against the booking model.
ADAPTER_LOOKUPS = ("customer_lookup", "start_lookup")


def _resolve(model, lookup: str):
    """The field ``lookup`` ends on, following relations; raises FieldError when it does not."""
    if not isinstance(lookup, str) or not lookup:
        raise FieldError("it is not a field path")
    _path, final_field, _targets, rest = Query(model).names_to_path(
        lookup.split(LOOKUP_SEP), model._meta, fail_on_missing=True
    )
    if rest:  # a transform (``start__date``): the ORM will say whether it exists
        model._default_manager.filter(**{f"{lookup}__isnull": True}).query  # noqa: B018
    return final_field


@register(Tags.models)
def check_adapter_lookups(app_configs=None, **kwargs) -> list[Error]:
    """Each ORM path the adapter declares resolves on the booking model (``E007``).

    Silent while the booking model or the adapter is itself misconfigured
    (``E001``–``E004`` report that).
    """
    try:
        adapter = import_string(conf.app_settings.BOOKING_ADAPTER)()
        model = integration.get_booking_model()
        customer_model = integration.get_customer_model()
    except (ImportError, ImproperlyConfigured, TypeError):
        return []
    if model._meta.label.lower() == conf.PLACEHOLDERS[conf.BOOKING_MODEL_SETTING].lower():
        return []
    name = type(adapter).__name__
    errors = []
    for attribute in ADAPTER_LOOKUPS:
        lookup = getattr(adapter, attribute, None)
        hint = Hints.LOOKUP[attribute].format(
            model=model._meta.label, customer=customer_model._meta.label
        )
        try:
            field = _resolve(model, lookup)
        except FieldError as exc:
            message = Messages.LOOKUP_UNKNOWN.format(
                adapter=name, attribute=attribute, lookup=lookup, model=model._meta.label,
                error=exc,
            )  # fmt: skip
            errors.append(Error(message, hint=hint, id=Codes.ADAPTER_LOOKUP))
            continue
        found = _describe(field)
        if attribute == "customer_lookup":
            target = field.related_model if field.is_relation else field.model
            ok = target is not None and (
                issubclass(target, customer_model) or issubclass(customer_model, target)
            )
            message = Messages.LOOKUP_CUSTOMER
        else:
            ok = isinstance(field, models.DateField)  # DateTimeField subclasses it
            message = Messages.LOOKUP_START
        if not ok:
            message = message.format(
                adapter=name, lookup=lookup, found=found, model=model._meta.label,
                customer=customer_model._meta.label,
            )  # fmt: skip
            errors.append(Error(message, hint=hint, id=Codes.ADAPTER_LOOKUP))
    return errors


@register(Tags.models)
def check_build_booking(app_configs=None, **kwargs) -> list[Warning]:
    """The default ``build_booking`` can build the host's booking (``W004``).

    The customer side (the booking-form mixin, the live price, the REST quote)
    builds the booking being made with it; a booking model of another shape
    (the date on a related slot) needs the method overridden. Silent while the
    adapter or the booking model is itself misconfigured.
    """
    try:
        adapter = import_string(conf.app_settings.BOOKING_ADAPTER)
        model = integration.get_booking_model()
    except (ImportError, ImproperlyConfigured):
        return []
    if model._meta.label.lower() == conf.PLACEHOLDERS[conf.BOOKING_MODEL_SETTING].lower():
        return []
    if getattr(adapter, "build_booking", None) is not (
        integration.DefaultBookingAdapter.build_booking
    ):
        return []
    names = [adapter.customer_field, adapter.service_field, adapter.start_field]
    missing = integration.missing_booking_fields(model, [*names, adapter.end_field])
    if not missing:
        return []
    message = integration.build_booking_message(adapter, model, missing)
    return [Warning(message, hint=Hints.BUILD_BOOKING, id=Codes.BUILD_BOOKING)]


def _describe(field) -> str:
    if field.is_relation and field.related_model is not None:
        return f"{type(field).__name__} to {field.related_model._meta.label}"
    return f"{type(field).__name__} {field.model._meta.label}.{field.name}"


FIRST_MIGRATION = "0001_initial"


def _creating_migration(loader, app_label: str, model_name: str) -> tuple[str, str] | None:
    """The key of the migration of ``app_label`` that creates ``model_name``, if any."""
    for key in sorted(key for key in loader.disk_migrations if key[0] == app_label):
        for operation in loader.get_migration(*key).operations:
            if isinstance(operation, CreateModel) and operation.name_lower == model_name:
                return key
    return None


@register(Tags.database)
def check_migration_order(app_configs=None, databases=None, **kwargs) -> list[Error]:
    """Our first migration must run after the host migrations that create its models.

    ``swappable_dependency`` only waits for the host app's *first* migration
    (DESIGN.md, pitfall 3). Runs with ``migrate`` and ``check --database``.
    """
    if not databases:
        return []
    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = ("loyalty_promos", FIRST_MIGRATION)
    if ours not in loader.graph.nodes:
        return []
    ancestors = set(loader.graph.forwards_plan(ours))
    errors = []
    for setting, placeholder in conf.PLACEHOLDERS.items():
        label = getattr(settings, setting, None) or conf.model_setting_default(setting)
        if label.lower() == placeholder.lower() or label.count(".") != 1:
            continue  # reported by check_host_models
        creator = _creating_migration(loader, *label.lower().split("."))
        if creator is None or creator in ancestors:
            continue
        migration = ".".join(creator)
        errors.append(
            Error(
                Messages.MIGRATION_ORDER.format(
                    model=label, migration=migration, first=FIRST_MIGRATION
                ),
                hint=Hints.MIGRATION_ORDER.format(first=FIRST_MIGRATION, migration=migration),
                id=Codes.MIGRATION_ORDER,
            )
        )
    return errors


@register(Tags.admin)
def check_customer_search(app_configs=None, **kwargs) -> list[Warning]:
    """Each AdminSite with our admin can search the host's customers (``W003``): our
    customer pickers and the balance lists' search boxes use its ``search_fields``."""
    warnings = []
    try:
        customer = integration.get_customer_model()
    except ImproperlyConfigured:
        return []  # E001/E002 say why
    for site in all_sites:
        if not site.is_registered(Overview):
            continue
        if not site.is_registered(customer) or not site.get_model_admin(customer).search_fields:
            label = customer._meta.label
            warnings.append(
                Warning(
                    Messages.CUSTOMER_SEARCH.format(site=site.name, customer=label),
                    hint=Hints.CUSTOMER_SEARCH.format(customer=label),
                    id=Codes.CUSTOMER_SEARCH,
                )
            )
    return warnings


@register()
def check_throttle_cache(app_configs=None, **kwargs) -> list[Warning]:
    """The code-check limit is counted in a cache that keeps counts (``W005``)."""
    rate = conf.app_settings.CODE_CHECK_RATE
    if not rate:
        return []
    alias = conf.app_settings.THROTTLE_CACHE
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "") if alias else ""
    if alias not in settings.CACHES:
        problem = "is not in CACHES"
    elif backend.endswith(".DummyCache"):
        problem = "is a DummyCache, which keeps nothing"
    else:
        return []
    return [
        Warning(
            Messages.THROTTLE_CACHE.format(rate=rate, cache=alias, problem=problem),
            hint=Hints.THROTTLE_CACHE,
            id=Codes.THROTTLE_CACHE,
        )
    ]
