import datetime
import os
import zoneinfo

import pytest
import time_machine
from django.utils import translation

from tests import factories, hosts

#: The instant every test runs at unless it travels: Saturday 14 March 2026, 10:00 in Paris.
NOW = datetime.datetime(2026, 3, 14, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def clock(request):
    """Pin the time for every test; browser tests let it tick from the same instant."""
    with time_machine.travel(NOW, tick="e2e" in request.keywords) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def site_language():
    """A request's LocaleMiddleware leaves its language active: reset it after each test."""
    yield
    translation.deactivate()


@pytest.fixture
def staff_user(db):
    return factories.StaffUserFactory()


@pytest.fixture
def superuser(db):
    return factories.SuperUserFactory(username="admin")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def customer(db):
    return factories.CustomerFactory(first_name="Camille", last_name="Dupont")


@pytest.fixture
def booking(db, customer):
    service = factories.ServiceFactory(name="Coupe femme", price="45.00", duration_minutes=45)
    return factories.AppointmentFactory(
        customer=customer,
        service=service,
        staff=factories.StaffFactory(name="Inès"),
        start=NOW + datetime.timedelta(days=2),
    )


@pytest.fixture
def host(db):
    """The test host of the active settings (``tests/hosts.py``): salon or studio."""
    return hosts.active_host()


def pytest_report_header(config):
    return f"test host: {os.environ.get('DJANGO_SETTINGS_MODULE', 'tests.settings')}"


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)


@pytest.fixture
def task_worker(settings):
    """A task queue kept for a worker (not run in the request); calling the fixture is the worker.

    ``task_worker()`` runs every task queued so far, in order, as a worker would.
    """
    try:
        from django.tasks import task_backends  # Django 6

        backend_path = "django.tasks.backends.dummy.DummyBackend"
    except ImportError:
        from django_tasks import task_backends

        backend_path = "django_tasks.backends.dummy.DummyBackend"
    settings.TASKS = {"default": {"BACKEND": backend_path}}

    def work():
        backend = task_backends["default"]
        queued, backend.results = list(backend.results), []
        for result in queued:
            result.task.call(*result.args, **result.kwargs)

    return work
