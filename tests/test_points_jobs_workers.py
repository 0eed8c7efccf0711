"""The award and expiry jobs split across two real worker processes (PostgreSQL).

Each job is enqueued twice with small chunks; two ``db_worker`` processes run
them at once. The chunks are claimed with ``SKIP LOCKED``, so each charge is
awarded once and each lot written off once, whichever worker took it.
"""

import datetime
from decimal import Decimal

import pytest

from loyalty_promos import api
from loyalty_promos.models import Charge, LoyaltyProgram, PointsEntry
from loyalty_promos.services import audit
from loyalty_promos.services import points as points_service
from loyalty_promos.tasks import award_due_points_task, expire_points_task
from tests import factories
from tests.conftest import NOW
from tests.test_worker import QUEUE, work_until_done

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
DAY = datetime.timedelta(days=1)


def test_two_workers_split_the_award_and_expiry_jobs_without_doing_anything_twice(
    settings, tmp_path
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = QUEUE
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.award_moment = LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
    program.award_delay_hours = 0
    program.save()
    customers = [factories.CustomerFactory() for _ in range(12)]
    for customer in customers:
        for n in range(3):
            points_service.add_lot(customer, 5 + n, "adjust")
    PointsEntry.objects.filter(kind="adjust").update(expires_at=NOW - DAY)
    factories.EarningRuleFactory(points=10)
    service = factories.ServiceFactory(price=Decimal("45.00"))
    for n in range(36):
        booking = factories.AppointmentFactory(
            customer=customers[n % 12], service=service, start=NOW - DAY
        )
        api.pay(api.checkout(booking), method="card")

    for _ in range(2):
        award_due_points_task.enqueue(chunk_size=3)
        expire_points_task.enqueue(chunk_size=2)
    logs = work_until_done(tmp_path)

    results = list(DBTaskResult.objects.all())
    assert [r.status for r in results] == ["SUCCESSFUL"] * 4, logs
    assert sum(r.return_value for r in results if "award" in r.task_path) == 36
    assert sum(r.return_value for r in results if "expire" in r.task_path) == 36
    assert PointsEntry.objects.filter(kind="earn").count() == 36
    assert PointsEntry.objects.filter(kind="expire").count() == 36
    assert not Charge.objects.filter(points_awarded_at__isnull=True).exists()
    assert {api.points_balance(c) for c in customers} == {30}
    assert audit.find_mismatches() == []
