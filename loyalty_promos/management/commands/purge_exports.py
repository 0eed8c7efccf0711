"""Delete finished background exports older than EXPORT_KEEP_HOURS. Schedule it daily.

python manage.py purge_exports
"""

from django.core.management.base import BaseCommand

from loyalty_promos.reports.tasks import purge_old_exports


class Command(BaseCommand):
    help = "Delete background exports (and their files) older than EXPORT_KEEP_HOURS."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_old_exports()} old exports deleted.")
