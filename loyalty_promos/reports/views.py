"""Report pages inside the admin: the FilterSet drives both the table and the export."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loyalty_promos.conf import app_settings
from loyalty_promos.models import ExportJob
from loyalty_promos.reports import exporters
from loyalty_promos.reports.tasks import BACKGROUND, REFUSE, export_route, start_export

PER_PAGE = 50


@dataclass
class Page:
    """A page of rows without counting the whole table: one extra row tells if there is more."""

    number: int
    object_list: list
    has_next: bool

    @classmethod
    def of(cls, queryset, number) -> Page:
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        start = (number - 1) * PER_PAGE
        rows = list(queryset[start : start + PER_PAGE + 1])
        return cls(number, rows[:PER_PAGE], len(rows) > PER_PAGE)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def report_view(model_admin, request, report):
    """The report page, or its export (``?export=csv`` or ``?export=xlsx``)."""
    user = request.user
    if not user.has_perm("loyalty_promos.view_reports"):
        raise PermissionDenied
    filterset = report.filtered(request.GET)
    searchable_customer(filterset.form, model_admin.admin_site)
    queryset = report.rows(filterset)  # unbound: everything; invalid filters: nothing
    export = request.GET.get("export")
    if export:
        if not user.has_perm("loyalty_promos.export_reports"):
            raise PermissionDenied
        if export not in ("csv", "xlsx"):
            raise Http404
        route, rows = export_route(queryset)
        if route == REFUSE:
            messages.error(
                request,
                _(
                    "This export has %(rows)s rows, more than can be sent at once "
                    "(%(limit)s). Narrow the filters, or ask your developer to set up "
                    "a task worker for large exports."
                )
                % {"rows": rows, "limit": app_settings.EXPORT_STREAM_LIMIT},
            )
            query = request.GET.copy()
            query.pop("export", None)
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        if route == BACKGROUND:
            job = start_export(report, queryset, export, request.GET, user, rows=rows)
            return HttpResponseRedirect(
                reverse(
                    "admin:loyalty_promos_export",
                    args=[job.pk],
                    current_app=model_admin.admin_site.name,
                )
            )
        return export_response(report, queryset, export, request.GET)
    resource = report.resource()
    columns, queryset = sorted_columns(resource, queryset, request.GET.get("o", ""))
    page = Page.of(queryset, request.GET.get("page"))
    links = [report.row_links(obj, request) for obj in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("o", None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": report.title,
        "report": report,
        "filterset": filterset,
        "columns": columns,
        "rows": list(
            zip((resource.export_resource(obj) for obj in page.object_list), links, strict=True)
        ),
        "row_links": any(links),
        "page": page,
        "total_items": report.summary(queryset),
        "chart": report.chart(queryset),
        "tools": report.tools(request),
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "can_export": user.has_perm("loyalty_promos.export_reports"),
        "media": model_admin.media + filterset.form.media,
    }
    return TemplateResponse(request, "admin/loyalty_promos/report.html", context)


def sorted_columns(resource, queryset, order: str):
    """Column headers with their sort keys, and the rows sorted by ``?o=`` (``-`` = descending).

    A column sorts when its attribute is a field or an annotation of the rows;
    anything else in ``?o=`` is ignored.
    """
    model_fields = {f.name for f in queryset.model._meta.concrete_fields}
    sortable = model_fields | set(queryset.query.annotations)
    columns = []
    for field in resource.get_export_fields():
        key = field.attribute if field.attribute in sortable else None
        columns.append(
            {
                "header": field.column_name,
                "key": key,
                "current": key is not None and order.lstrip("-") == key,
                "descending": order.startswith("-"),
            }
        )
    if order.lstrip("-") in {c["key"] for c in columns if c["key"]}:
        queryset = queryset.order_by(order, "-pk" if order.startswith("-") else "pk")
    return columns, queryset


def searchable_customer(form, admin_site) -> None:
    """A customer filter is a search box (autocomplete), never a list of every customer."""
    if "customer" in form.fields:
        from loyalty_promos.admin.forms import customer_choice

        customer_choice(form.fields["customer"], admin_site)


def export_response(report, queryset, kind, options):
    """The export, streamed: CSV as it is read; .xlsx once written to a temporary file."""
    export = exporters.ReportExport(report.resource(), queryset)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{report.code}-{stamp}"
    if kind == "xlsx":
        handle = export.xlsx_file(title=str(report.title))
        return FileResponse(handle, as_attachment=True, filename=f"{name}.xlsx")
    chunks = export.csv_chunks(
        delimiter=";" if options.get("delimiter") == "semicolon" else ",",
        bom=bool(options.get("bom")),
    )
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def export_job_view(model_admin, request, job_id, *, download=False):
    """Progress of a background export (refreshing), then its file, streamed.

    Only its owner sees a job, or a user with ``view_all_exports``; anyone
    else gets a 404, as if it did not exist. The file is read from the
    private export storage and sent under its readable name.
    """
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=job_id)
    if download:
        if job.status != ExportJob.Status.DONE or not job.file:
            raise Http404
        try:
            handle = job.file.open("rb")
        except FileNotFoundError as error:  # purged, or the storage was emptied
            raise Http404 from error
        return FileResponse(handle, as_attachment=True, filename=job.download_name)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": str(job),
        "job": job,
        "refresh": job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING),
    }
    return TemplateResponse(request, "admin/loyalty_promos/export_job.html", context)
