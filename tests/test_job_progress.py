"""A code job's progress is seen while it still runs, inside its one transaction (PostgreSQL)."""

import threading

import pytest
from django.db import connection, transaction

from loyalty_promos.models import CodeJob
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def rows_done_seen_by_another_connection(job_pk):
    seen = []

    def read():
        try:
            seen.append(CodeJob.objects.get(pk=job_pk).rows_done)
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    return seen[0]


def test_progress_written_inside_the_jobs_transaction_is_seen_at_once():
    job = CodeJob.objects.create(
        kind=CodeJob.Kind.GENERATE, user=factories.StaffUserFactory(), rows_total=20000
    )

    with transaction.atomic():
        job.report_progress(5000)
        seen_during = rows_done_seen_by_another_connection(job.pk)
        job.report_progress(10000)

    assert seen_during == 5000
    assert CodeJob.objects.get(pk=job.pk).rows_done == 10000


def test_progress_never_waits_for_a_row_its_own_transaction_holds():
    job = CodeJob.objects.create(
        kind=CodeJob.Kind.GENERATE, user=factories.StaffUserFactory(), rows_total=10
    )

    with transaction.atomic():
        CodeJob.objects.filter(pk=job.pk).update(status=CodeJob.Status.RUNNING)  # row held
        job.report_progress(3)  # gives up after half a second instead of waiting forever

    assert CodeJob.objects.get(pk=job.pk).status == CodeJob.Status.RUNNING
