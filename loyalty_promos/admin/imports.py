"""Imports staff can fix: every bad row at once, by its spreadsheet row, and a template.

django-import-export shows its own row count (the first data row is 1), the
exception's text (``[<class 'decimal.ConversionSyntax'>]``) and a "non field
specific" heading. :class:`ImportHelpMixin` gives an import page that reads
like the spreadsheet staff have open instead:

* each problem names the row as the spreadsheet numbers it — the header is
  row 1, so the first data row is row 2 — and the column by its header;
* reasons are the translated messages of the resource's widgets and checks
  (:mod:`loyalty_promos.reports.resources`), never an exception's repr;
* rows that failed to read and rows that failed to validate are listed
  together, all of them: nothing is imported until the file is clean;
* the page links a template of the import, as .xlsx and .csv: the header
  and one example row (:meth:`ImportHelpMixin.get_import_example`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.urls import path
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loyalty_promos.reports.exporters import write_xlsx

#: The spreadsheet row of the first data row (the header is row 1).
FIRST_DATA_ROW = 2


@dataclass
class RowProblem:
    """What is wrong with one row of an imported file."""

    row: int
    messages: list[str] = field(default_factory=list)


def spreadsheet_row(data_row: int) -> int:
    """The row number a spreadsheet shows for django-import-export's 1-based data row."""
    return data_row + FIRST_DATA_ROW - 1


def reason(error) -> list[str]:
    """The translated messages of an error, never its class or repr."""
    if isinstance(error, ValidationError):
        return list(error.messages)
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], str | Promise):
        return [str(error.args[0])]
    return [_("This row could not be read. Check its cells against the template.")]


def import_problems(result, resource=None) -> list[RowProblem]:
    """Every bad row of an import result, in row order, worded for staff.

    ``resource`` names the columns (its fields' ``column_name``): an error on
    ``max_uses`` reads "maximum uses of this code: Enter a whole number.".
    """
    labels = {}
    if resource is not None:
        labels = {name: str(f.column_name) for name, f in resource.fields.items()}
    rows: dict[int, list[str]] = {}
    for number, errors in result.row_errors():
        for error in errors:
            rows.setdefault(spreadsheet_row(number), []).extend(reason(error.error))
    for invalid in result.invalid_rows:
        messages = rows.setdefault(spreadsheet_row(invalid.number), [])
        for name, errors in invalid.error_dict.items():
            for message in errors:
                if name == NON_FIELD_ERRORS or name not in labels:
                    messages.append(str(message))
                else:
                    messages.append(
                        _("%(column)s: %(error)s") % {"column": labels[name], "error": message}
                    )
    return [RowProblem(row, messages) for row, messages in sorted(rows.items())]


class ImportHelpMixin:
    """An import page with spreadsheet row numbers, translated reasons and a template file.

    For a ModelAdmin using django-import-export's ``ImportMixin``; declare the
    example row with ``import_example`` (values in the order of the import
    resource's columns) or override :meth:`get_import_example`.
    """

    import_template_name = "admin/loyalty_promos/import.html"
    #: One example row of the import template, in the resource's column order.
    import_example: tuple = ()
    import_template_label = gettext_lazy("Template")

    def get_urls(self):
        urls = [
            path(
                "import/template.<str:kind>",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import_template",
            )
        ]
        return urls + super().get_urls()

    def get_import_example(self, request) -> list:
        return list(self.import_example)

    def get_import_template_headers(self, request) -> list[str]:
        resource_class = self.get_import_resource_classes(request)[0]
        resource = resource_class(**self.get_import_resource_kwargs(request))
        return [str(f.column_name) for f in resource.get_import_fields()]

    def import_template_filename(self, kind: str) -> str:
        return f"{self.opts.model_name}_import_template.{kind}"

    def import_template_view(self, request, kind):
        """The import's header and one example row, as .csv or .xlsx."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if kind not in ("csv", "xlsx"):
            raise Http404
        headers = self.get_import_template_headers(request)
        example = self.get_import_example(request)
        name = self.import_template_filename(kind)
        if kind == "xlsx":
            handle = write_xlsx(headers, [example], title=str(_("Import")))
            return FileResponse(handle, as_attachment=True, filename=name)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerow(["" if value is None else value for value in example])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def import_action(self, request, **kwargs):
        return self._with_problems(request, super().import_action(request, **kwargs))

    def process_import(self, request, **kwargs):
        return self._with_problems(request, super().process_import(request, **kwargs))

    def _with_problems(self, request, response):
        """Add the worded list of bad rows to a page showing an import's result."""
        data = getattr(response, "context_data", None)
        if data and data.get("result") is not None:
            resource_class = self.get_import_resource_classes(request)[0]
            resource = resource_class(**self.get_import_resource_kwargs(request))
            data["import_problems"] = import_problems(data["result"], resource)
        return response

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["import_template_url_name"] = (
            f"admin:{self.opts.app_label}_{self.opts.model_name}_import_template"
        )
        return context
