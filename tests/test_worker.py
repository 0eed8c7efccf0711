"""Background work on real workers: two ``db_worker`` processes (django-tasks-db) at once.

The test process enqueues through the database backend, as a site's web
workers and its cron would, then starts two worker processes against the same
test database and watches the export's page in the admin until the queue is
empty. Every task must have run exactly once, by one worker, and the jobs that
ran side by side must have done nothing twice.

Further background jobs join ``JOBS`` below: each entry enqueues its task and
returns a check to run once the workers are done.
"""

import datetime
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import ExportJob, LoyaltyProgram, PointsEntry
from loyalty_promos.services import audit
from loyalty_promos.tasks import award_due_points_task, expire_points_task
from tests import factories
from tests.conftest import NOW

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parent.parent
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
WORKERS = 2
TIMEOUT = 180  # seconds for the whole queue; bounded, never an endless wait
PROGRESS = re.compile(r"(\d+) of (\d+) rows written")


def worker_database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(n: int, media_root: Path, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.projects.worker.settings",
        "DATABASE_URL": worker_database_url(),
        "WORKER_MEDIA_ROOT": str(media_root),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "django", "db_worker", "--interval", "0.2"]
    command += ["--no-startup-delay", "--worker-id", f"worker-{n}"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def work_until_done(directory: Path, watch=lambda: None) -> str:
    """Two workers (files and logs in ``directory``) run until the queue is empty; returns
    their logs. ``watch()`` runs before each look at the queue, as staff reload a page."""
    from django_tasks_db.models import DBTaskResult

    workers = [start_worker(n, directory / "media", directory / f"worker-{n}.log") for n in (1, 2)]
    try:
        deadline = time.perf_counter() + TIMEOUT
        while True:
            watch()
            if not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists():
                break
            assert time.perf_counter() < deadline, "the queue did not empty in time"
            assert all(w.poll() is None for w in workers), "a worker died"
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
    return "\n".join((directory / f"worker-{n}.log").read_text() for n in (1, 2))


@pytest.fixture
def queue(settings, tmp_path):
    settings.TASKS = QUEUE
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "EXPORT_BACKGROUND_THRESHOLD": 2}
    return tmp_path


@pytest.fixture
def program():
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.award_moment = LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
    program.award_delay_hours = 0
    program.save()
    factories.EarningRuleFactory(points=10)
    return program


def paid_bookings_due(count):
    """``count`` paid charges whose points are due, four customers sharing them."""
    customers = [factories.CustomerFactory() for _ in range(4)]
    start = NOW - datetime.timedelta(days=1)
    for n in range(count):
        booking = factories.AppointmentFactory(customer=customers[n % 4], start=start)
        api.pay(api.checkout(booking), method="card")
    return customers


def expired_lots(customers):
    for customer in customers:
        api.adjust_points(customer, 7, "welcome")
    PointsEntry.objects.filter(description="welcome").update(
        expires_at=NOW - datetime.timedelta(days=1)
    )


def test_two_workers_run_every_task_once_and_the_admin_shows_the_export_progress(
    queue, program, admin_client
):
    customers = paid_bookings_due(12)
    expired_lots(customers)
    # What a site enqueues: a large export from the report page, and its scheduler's
    # jobs, twice each as two overlapping cron runs would.
    response = admin_client.get(
        reverse("admin:loyalty_promos_report", args=["billing"]), {"export": "csv"}
    )
    job = ExportJob.objects.get()
    assert response.url == reverse("admin:loyalty_promos_export", args=[job.pk])
    assert (job.status, job.rows_total) == ("queued", 12)
    first_page = admin_client.get(response.url).text
    assert "0 of 12 rows written." in first_page
    enqueued = [award_due_points_task.enqueue() for _ in range(3)]
    enqueued += [expire_points_task.enqueue() for _ in range(2)]
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 6  # the export and the five jobs

    seen = []

    def watch():
        page = admin_client.get(response.url).text
        seen.append(tuple(int(n) for n in PROGRESS.search(page).groups()))

    logs = work_until_done(queue, watch)

    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in results] == ["SUCCESSFUL"] * 6, logs
    assert [len(r.worker_ids) for r in results] == [1] * 6  # each task ran once
    assert {r.worker_ids[0] for r in results} <= {"worker-1", "worker-2"}
    # The award job ran three times at once, and awarded each charge once.
    assert PointsEntry.objects.filter(kind="earn").count() == 12
    assert PointsEntry.objects.filter(kind="expire").count() == 4
    assert [api.points_balance(c) for c in customers] == [30, 30, 30, 30]
    assert sum(r.return_value for r in results if "award" in r.task_path) == 12
    assert sum(r.return_value for r in results if "expire" in r.task_path) == 4
    assert audit.find_mismatches() == []
    # The export: done by a worker, its progress on the page staff watch, then the file.
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == ("done", 12, 12)
    assert seen[-1] == (12, 12)
    assert seen == sorted(seen)  # progress only goes forward
    page = admin_client.get(response.url).text
    assert "12 of 12 rows written." in page and "Download" in page
    download = admin_client.get(reverse("admin:loyalty_promos_export_download", args=[job.pk]))
    assert len(b"".join(download.streaming_content).decode().splitlines()) == 13


CODES_DONE = re.compile(r"(\d[\d,]*) of (\d[\d,]*) codes done")  # 200,000: grouped
BIG_GENERATION = 200_000
BIG_IMPORT = 20_000


def test_workers_generate_and_import_codes_once_with_progress_in_the_admin(queue, admin_client):
    from django_tasks_db.models import DBTaskResult

    from loyalty_promos.models import CodeBatch, CodeJob, CouponCode
    from loyalty_promos.services.code_jobs import run_code_job

    flyers = factories.CouponFactory(name="Flyers")
    fair = factories.CouponFactory(name="Salon fair")
    admin_client.post(
        reverse("admin:loyalty_promos_coupon_generate", args=[flyers.pk]),
        {"count": str(BIG_GENERATION), "length": "10", "prefix": "FLY"},
    )
    rows = "".join(f"FAIR-{n:06d},Salon fair,1,1\r\n" for n in range(BIG_IMPORT))
    upload = io.BytesIO(f"code,promo code,maximum uses of this code,active\r\n{rows}".encode())
    upload.name = "codes.csv"
    admin_client.post(
        reverse("admin:loyalty_promos_couponcode_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    generation, file_import = CodeJob.objects.order_by("pk")
    assert [(j.kind, j.status, j.rows_total) for j in (generation, file_import)] == [
        ("generate", "queued", BIG_GENERATION),
        ("import", "queued", BIG_IMPORT),
    ]
    run_code_job.enqueue(generation.pk)  # delivered twice: the second run must do nothing
    page = reverse("admin:loyalty_promos_couponcode_job", args=[generation.pk])
    seen = []

    def watch():
        found = CODES_DONE.search(admin_client.get(page).text).groups()
        seen.append(tuple(int(n.replace(",", "")) for n in found))

    logs = work_until_done(queue, watch)

    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in results] == ["SUCCESSFUL"] * 3, logs
    assert {r.worker_ids[0] for r in results} <= {"worker-1", "worker-2"}
    assert [(j.status, j.rows_done) for j in CodeJob.objects.order_by("pk")] == [
        ("done", BIG_GENERATION),
        ("done", BIG_IMPORT),
    ]
    assert flyers.codes.count() == BIG_GENERATION
    assert fair.codes.count() == BIG_IMPORT
    assert CouponCode.objects.count() == BIG_GENERATION + BIG_IMPORT  # nothing twice
    assert CodeBatch.objects.count() == 2
    # Staff saw the generation go forward, and the last reload said it was done.
    assert seen == sorted(seen) and seen[-1] == (BIG_GENERATION, BIG_GENERATION)
    assert "All codes were created." in admin_client.get(page).text
