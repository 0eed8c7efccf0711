"""The one factory for every ``HistoricalRecords`` of the app.

django-simple-history reads several host settings when it builds a history
model (``SIMPLE_HISTORY_HISTORY_ID_USE_UUID``,
``SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD``,
``SIMPLE_HISTORY_DATE_INDEX``). Each would change the schema of our shipped
migrations, so every choice is pinned here.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class PinnedHistoricalRecords(HistoricalRecords):
    @property
    def _date_indexing(self) -> bool:
        # Plain index on history_date, whatever SIMPLE_HISTORY_DATE_INDEX says.
        return True


def history(**kwargs) -> HistoricalRecords:
    """History for a configuration model, with a host-independent schema."""
    kwargs.setdefault("history_id_field", models.BigAutoField(primary_key=True))
    kwargs.setdefault("history_change_reason_field", models.CharField(max_length=100, null=True))
    return PinnedHistoricalRecords(**kwargs)
