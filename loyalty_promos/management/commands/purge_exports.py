"""Delete finished background exports older than EXPORT_KEEP_HOURS. Schedule it daily.

python manage.py purge_exports            # runs it here, now
python manage.py purge_exports --enqueue  # hands it to the task workers (TASKS)
"""

from loyalty_promos.management.base import JobCommand
from loyalty_promos.reports.tasks import purge_old_exports
from loyalty_promos.tasks import purge_exports_task


class Command(JobCommand):
    help = "Delete background exports (and their files) older than EXPORT_KEEP_HOURS."
    task = purge_exports_task
    run = staticmethod(purge_old_exports)
    done = "{count} old exports deleted."
