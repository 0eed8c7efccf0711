import pytest
from django.core.management import call_command

from loyalty_promos.models import Charge, PointsEntry
from loyalty_promos.services.audit import find_mismatches

pytestmark = pytest.mark.django_db


def test_seed_scale_writes_the_asked_rows_and_keeps_the_ledgers_true(capsys):
    call_command("seed_scale", entries=3000, charges=700, customers=50)

    assert PointsEntry.objects.count() == 3000
    assert Charge.objects.count() == 700
    assert find_mismatches() == []
    assert "Added 700 charges and 3,000 points entries." in capsys.readouterr().out
