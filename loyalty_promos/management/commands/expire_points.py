"""Write off what is left of expired points lots. Schedule it daily.

python manage.py expire_points            # runs it here, now
python manage.py expire_points --enqueue  # hands it to the task workers (TASKS)
"""

from loyalty_promos.management.base import JobCommand
from loyalty_promos.services.points import expire_points
from loyalty_promos.tasks import expire_points_task


class Command(JobCommand):
    help = "Expire what is left of loyalty points lots past their expiry date."
    task = expire_points_task
    run = staticmethod(expire_points)
    done = "{count} expired lots written off."
