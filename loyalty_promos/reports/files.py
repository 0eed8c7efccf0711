"""What an export file is called and which CSV dialect it is written in.

Kept free of models so that the export jobs' model (``models/exports.py``)
names its file with the same rule as the report page's download.

* :class:`CsvOptions` — separator, BOM and decimal mark of a CSV, read from
  the export's query (``?export=csv&csv=fr-excel`` for :data:`FRENCH_EXCEL`);
* :func:`export_filename` — ``billing_2026-11-01_2026-11-30.csv``: the
  report, the filters' dates (``from_…`` / ``until_…`` / ``all-dates``) and
  the format (``…_fr-excel.csv`` for French Excel).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.translation import get_language


@dataclass(frozen=True)
class CsvOptions:
    """How a CSV is written: cell separator, BOM, decimal mark, and its name's suffix."""

    delimiter: str = ","
    bom: bool = False
    decimal_comma: bool = False
    #: Added to the file name (``billing_…_fr-excel.csv``).
    name: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> CsvOptions:
        """The options an export's query asks for (``csv=fr-excel``, or ``delimiter``/``bom``)."""
        if _param(params, "csv") == "fr-excel":
            return FRENCH_EXCEL
        return cls(
            delimiter=";" if _param(params, "delimiter") == "semicolon" else ",",
            bom=bool(_param(params, "bom")),
            decimal_comma=_param(params, "decimal") == "comma",
        )

    def as_kwargs(self) -> dict[str, Any]:
        return {"delimiter": self.delimiter, "bom": self.bom, "decimal_comma": self.decimal_comma}


#: French Excel and LibreOffice in French: ``;`` between cells, a BOM (UTF-8),
#: amounts with a decimal comma (``45,00``) so that they are read as numbers.
FRENCH_EXCEL = CsvOptions(delimiter=";", bom=True, decimal_comma=True, name="fr-excel")


def export_filename(code: str, params: Mapping[str, Any], kind: str) -> str:
    """``<report>_<from>_<until>[_fr-excel].<csv|xlsx>`` from the export's query."""
    start = _day(_param(params, "date_from"))
    end = _day(_param(params, "date_until"))
    if start and end:
        dates = f"{start}_{end}"
    elif start:
        dates = f"from_{start}"
    elif end:
        dates = f"until_{end}"
    else:
        dates = "all-dates"
    parts = [code, dates]
    if kind == "csv" and CsvOptions.from_params(params).name:
        parts.append(CsvOptions.from_params(params).name)
    return f"{'_'.join(parts)}.{kind}"


def _param(params: Mapping[str, Any], key: str) -> Any:
    """One value of a QueryDict, a dict of values or a dict of lists (an export job's)."""
    value = params.get(key)
    if isinstance(value, list | tuple):
        return value[-1] if value else None
    return value


def _day(text: Any) -> str | None:
    """A filter's date as ISO text: typed as the active language accepts it, or ISO."""
    if not text:
        return None
    text = str(text).strip()
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:  # the page's language first (01/11/2026 is November in French)
        languages = [get_language(), *(code for code, _name in settings.LANGUAGES)]
        for language in languages:
            for pattern in formats.get_format("DATE_INPUT_FORMATS", language):
                try:
                    day = datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
                except ValueError:
                    continue
                break
            if day is not None:
                break
    return day.isoformat() if day else None
