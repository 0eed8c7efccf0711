"""The app's background work as tasks of Django's Tasks API, for a host's workers.

``django.tasks`` on Django 6, the ``django-tasks`` backport on 5.2
(:mod:`loyalty_promos.compat`). Schedule the periodic ones (integration guide,
"Scheduling the jobs"):

* :data:`award_due_points_task` — every 15 minutes or so;
* :data:`expire_points_task` — daily;
* :data:`purge_exports_task` — daily;
* :data:`close_points_days_task` — daily, after midnight (the points report
  sums the days it has not summed yet itself, so this only keeps its first
  view of the day quick);
* :data:`run_export` — enqueued by the report pages for large exports.

Each takes and returns JSON values only, and running one twice at the same
time does nothing twice: the services lock what they write (the award job
each charge, the expiry job each customer's points) and check again under
the lock. The award and expiry jobs claim their work in chunks that no other
worker holds (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL), so to spread
a large run over several workers, enqueue the task once per worker: each takes
chunks until none is left.
"""

from __future__ import annotations

from loyalty_promos.compat import task
from loyalty_promos.reports.tasks import purge_old_exports, run_export
from loyalty_promos.services import points, rollups

__all__ = [
    "award_due_points_task",
    "close_points_days_task",
    "expire_points_task",
    "purge_exports_task",
    "run_export",
]


@task()
def award_due_points_task(chunk_size: int = points.AWARD_CHUNK) -> int:
    """Award the points of paid bookings whose moment has come; returns entries made.

    ``chunk_size``: charges claimed and awarded per transaction.
    """
    return points.award_due_points(chunk_size=chunk_size)


@task()
def expire_points_task(chunk_size: int = points.EXPIRY_CHUNK) -> int:
    """Write off what is left of expired points lots; returns entries written.

    ``chunk_size``: customers claimed and written off per transaction.
    """
    return points.expire_points(chunk_size=chunk_size)


@task()
def purge_exports_task() -> int:
    """Delete finished exports older than ``EXPORT_KEEP_HOURS``; returns how many."""
    return purge_old_exports()


@task()
def close_points_days_task() -> int:
    """Sum the points ledger's closed days into daily totals; returns rows written."""
    return rollups.close_points_days()
