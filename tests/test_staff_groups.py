import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from loyalty_promos.management.commands.create_staff_groups import MANAGER, RECEPTION
from tests import factories

pytestmark = pytest.mark.django_db


def codenames(group):
    return set(group.permissions.values_list("codename", flat=True))


def test_the_command_creates_both_groups_and_can_run_again(capsys):
    call_command("create_staff_groups")
    call_command("create_staff_groups")

    assert codenames(Group.objects.get(name="Reception")) == set(RECEPTION)
    assert codenames(Group.objects.get(name="Manager")) == set(MANAGER)
    assert "Group 'Reception' updated" in capsys.readouterr().out


def test_a_receptionist_checks_out_but_cannot_export_reports(client, booking):
    call_command("create_staff_groups", reception="Accueil")
    user = factories.StaffUserFactory()
    user.groups.add(Group.objects.get(name="Accueil"))
    client.force_login(user)

    checkout = reverse("admin:loyalty_promos_charge_checkout", args=[booking.pk])
    report = reverse("admin:loyalty_promos_report", args=["billing"])
    page = client.get(checkout)
    assert (page.status_code, page.context["title"]) == (200, "Check out an appointment")
    assert 'name="_preview"' in page.text or 'name="code"' in page.text
    assert client.get(report).status_code == 403
