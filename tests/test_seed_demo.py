import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from faker.providers.person.fr_FR import Provider as FrenchNames
from faker.providers.person.ro_RO import Provider as RomanianNames

from example_project.salon.models import Appointment, Customer, RecurringSeries, Service, Staff
from loyalty_promos import api
from loyalty_promos.integration import get_adapter
from loyalty_promos.models import (
    Charge,
    CodeShare,
    CreditPack,
    CustomerDiscount,
    CustomerPackage,
    GiftCard,
    PackagePlan,
    PointsEntry,
    Purchase,
    Reward,
)
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
    showcase = Appointment.objects.filter(customer__user__username="camille").count()
    assert Appointment.objects.count() == 200 + series_occurrences + showcase
    assert RecurringSeries.objects.count() == 20
    assert CustomerDiscount.objects.count() == 1
    assert get_user_model().objects.get(username="admin").is_superuser
    assert Charge.objects.exists()
    assert PackagePlan.objects.count() == 3
    assert find_mismatches() == []
    assert "Admin login: admin / admin" in out
    assert (
        "Customer logins: camille / demo (Camille Dupont), ioana / demo (Ioana Popescu), "
        "emma / demo (Emma Walker)" in out
    )


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
    assert 1000 <= Appointment.objects.count() <= 1200
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


def months(values):
    return {(v.year, v.month) for v in values}


def test_seed_demo_lives_a_year_through_the_services():
    call_command("seed_demo", customers=40, appointments=400, verbosity=0)

    assert len(months(Charge.objects.values_list("created_at", flat=True))) >= 12
    earned = PointsEntry.objects.filter(kind="earn").values_list("created_at", flat=True)
    assert len(months(earned)) >= 12
    assert PointsEntry.objects.filter(kind="expire").exists()
    assert len(months(GiftCard.objects.values_list("created_at", flat=True))) >= 5
    assert len(months(CustomerPackage.objects.values_list("starts_at", flat=True))) >= 5
    assert Charge.objects.filter(status="pending").exists()  # to apply a code to
    assert Charge.objects.filter(status="void").exists()  # no-shows
    assert CodeShare.objects.filter(batch__isnull=False).count() == 39  # flyers, one each
    assert find_mismatches() == []
    today = Appointment.objects.filter(start__date=NOW.date(), status="booked")
    assert not Charge.objects.filter(booking_id__in=today.values("pk")).exists()


def test_the_showcase_customer_holds_every_kind_of_value(client):
    call_command("seed_demo", customers=20, appointments=100, verbosity=0)
    camille = Customer.objects.get(user__username="camille")

    gift_card_reward = Reward.objects.get(kind="gift_card")
    assert api.points_balance(camille) >= gift_card_reward.points_cost  # "Select by points"
    soon = NOW + datetime.timedelta(days=30)
    assert PointsEntry.objects.filter(
        customer=camille, remaining__gt=0, expires_at__gt=NOW, expires_at__lte=soon
    ).exists()
    assert api.credit_balance(camille) == 100
    packages = {p.plan.kind: p for p in CustomerPackage.objects.filter(customer=camille)}
    assert set(packages) == {"visit_pack", "credit_pack"}
    assert packages["visit_pack"].visits_left == 4  # one massage used
    assert 0 < packages["credit_pack"].credit_left < 200  # a brushing paid from it
    assert GiftCard.objects.filter(owner=camille, balance__gt=0).exists()
    assert CustomerDiscount.objects.filter(customer=camille).exists()
    assert Charge.objects.filter(customer=camille, status="pending").count() == 1
    assert camille.language == "fr"
    assert CreditPack.objects.filter(sellable_online=True).exists()  # the shop sells credits
    assert client.login(username="camille", password="demo")
    assert get_adapter().get_customer_for_user(camille.user) == camille
