import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from faker.providers.person.fr_FR import Provider as FrenchNames
from faker.providers.person.ro_RO import Provider as RomanianNames

from example_project.salon.models import Appointment, Customer, RecurringSeries, Service, Staff
from loyalty_promos import api
from loyalty_promos.models import Charge, CustomerDiscount, PackagePlan, Purchase
from loyalty_promos.services.audit import find_mismatches
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_small_salon_and_prints_the_login(capsys):
    call_command("seed_demo", customers=20, appointments=200)

    out = capsys.readouterr().out
    assert Service.objects.count() == 8
    assert Staff.objects.count() == 6
    assert Customer.objects.count() == 20
    series_occurrences = Appointment.objects.filter(series__isnull=False).count()
    assert Appointment.objects.count() == 200 + series_occurrences
    assert RecurringSeries.objects.count() == 20
    assert CustomerDiscount.objects.count() == 1
    assert get_user_model().objects.get(username="admin").is_superuser
    assert Charge.objects.exists()
    assert PackagePlan.objects.count() == 3
    assert find_mismatches() == []
    assert "Admin login: admin / admin" in out


def test_seed_demo_spreads_appointments_over_the_past_year_and_next_month():
    call_command("seed_demo", customers=30, appointments=300)

    starts = Appointment.objects.values_list("start", flat=True)
    assert min(starts) >= NOW - datetime.timedelta(days=366)
    assert max(starts) <= NOW + datetime.timedelta(days=31)
    assert Appointment.objects.filter(status="completed").exists()
    assert Appointment.objects.filter(status="booked").exists()
    assert not Appointment.objects.filter(start__week_day=1).exists()  # closed on Sundays


def test_seed_demo_is_repeatable_and_does_not_duplicate(capsys):
    call_command("seed_demo", customers=10, appointments=50)
    names = list(Customer.objects.values_list("last_name", flat=True))

    call_command("seed_demo", customers=10, appointments=50)
    assert "Demo data already present" in capsys.readouterr().out
    assert Customer.objects.count() == 10

    call_command("seed_demo", customers=10, appointments=50, flush=True)
    assert list(Customer.objects.values_list("last_name", flat=True)) == names


@pytest.mark.slow
def test_seed_demo_default_size_is_a_believable_salon():
    call_command("seed_demo")

    assert Customer.objects.count() == 300
    assert 3000 <= Appointment.objects.count() <= 3200
    romanian = Customer.objects.filter(last_name__in=RomanianNames.last_names).count()
    french = Customer.objects.filter(last_name__in=FrenchNames.last_names).count()
    assert romanian > 80
    assert french > 150
    assert romanian + french >= 290


def test_seed_demo_flush_clears_online_purchases_first():
    call_command("seed_demo", customers=10, appointments=50)
    plan = PackagePlan.objects.get(name="Pass brushing illimité")
    api.complete_purchase(api.start_purchase(Customer.objects.first(), plan))

    call_command("seed_demo", customers=10, appointments=50, flush=True)

    assert not Purchase.objects.exists()
