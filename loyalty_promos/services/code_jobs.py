"""Big code jobs (generate, paste, import) as background tasks, like big exports.

A request that would create more codes than ``CODE_BACKGROUND_THRESHOLD``
stores its input on a :class:`~loyalty_promos.models.CodeJob` and enqueues
:func:`run_code_job` through Django's Tasks API (the same backend as
exports: immediate by default, a worker in production). The task validates
the whole input as a set and creates the codes in one transaction: any bad
row and nothing is written, the job fails and lists the rows.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from loyalty_promos.compat import task
from loyalty_promos.integration import User
from loyalty_promos.models import CodeBatch, CodeJob, Coupon
from loyalty_promos.reports.resources import CouponCodeImportResource
from loyalty_promos.services import codes

#: The spreadsheet row of a file's first data row (the header is row 1).
FIRST_DATA_ROW = 2


def rows_to_params(rows: list[codes.CodeRow]) -> dict[str, Any]:
    """The rows as JSON for the job: [line, code, coupon id, max uses, active]."""
    return {
        "rows": [
            [row.line, row.code, row.coupon.pk if row.coupon else None, row.max_uses, row.is_active]
            for row in rows
        ]
    }


def rows_from_params(params: dict[str, Any]) -> list[codes.CodeRow]:
    coupon_ids = {row[2] for row in params["rows"] if row[2] is not None}
    coupons = Coupon.objects.in_bulk(coupon_ids)
    return [
        codes.CodeRow(
            line=line, code=code, coupon=coupons.get(coupon_id), max_uses=uses, is_active=active
        )
        for line, code, coupon_id, uses, active in params["rows"]
    ]


def start_code_job(
    kind: str,
    *,
    user: User,
    coupon: Coupon | None = None,
    params: dict[str, Any],
    total: int,
) -> CodeJob:
    job = CodeJob.objects.create(
        kind=kind, user=user, coupon=coupon, params=params, rows_total=total
    )
    run_code_job.enqueue(job.pk)
    return job


@task()  # type: ignore[untyped-decorator, unused-ignore]  # untyped in the backport
def run_code_job(job_id: int) -> None:
    """Run the job ``job_id``: all its codes, or none and the reasons.

    A second delivery of the same job (another worker, a retry) finds it
    claimed and does nothing: a job never creates its codes twice.
    """
    if not CodeJob.claim(job_id):
        return
    job = CodeJob.objects.select_related("coupon").get(pk=job_id)
    try:
        batches = _run(job)
    except ValidationError as error:
        job.status = CodeJob.Status.FAILED
        job.errors = error.messages
        job.error = gettext("No code was created.")  # the rows are listed in ``errors``
    except Exception as error:  # the job must say it failed, not stay "in progress"
        job.status, job.error = CodeJob.Status.FAILED, str(error)
        raise
    else:
        job.status = CodeJob.Status.DONE
        job.rows_done = job.rows_total
        job.batches.set(batches)
    finally:
        job.finished_at = timezone.now()
        job.save()


def _run(job: CodeJob) -> list[CodeBatch]:
    params = job.params
    if job.kind == CodeJob.Kind.GENERATE:
        if job.coupon is None:
            raise ValueError(f"Code job {job.pk} generates codes for no promo code.")
        batch = codes.generate_codes(
            job.coupon,
            params["count"],
            length=params["length"],
            prefix=params["prefix"],
            max_uses=params["max_uses"],
            label=params["label"],
            user=job.user,
            progress=job.report_progress,
        )
        return [batch]
    if job.kind == CodeJob.Kind.IMPORT:
        rows, errors = file_rows(params["headers"], params["data"])
        if errors:
            good = [r for r in rows if r.line not in errors]
            errors.update(codes.check_code_rows(good, spreadsheet=True))
            raise ValidationError(
                codes.row_error_list(rows, dict(sorted(errors.items())), spreadsheet=True)
            )
        source = CodeBatch.Source.IMPORTED
    else:
        rows, source = rows_from_params(params), CodeBatch.Source.PASTED
    return codes.create_code_rows(
        rows,
        source=source,
        coupon=job.coupon,
        label=params.get("label", ""),
        user=job.user,
        progress=job.report_progress,
    )


def file_rows(
    headers: list[str], data: list[list[Any]]
) -> tuple[list[codes.CodeRow], dict[int, list[str]]]:
    """The rows of an imported file, read through the import resource's columns.

    Set-based: the promo codes are found by name with one query. Returns the
    rows and the errors of the cells that could not be read, per line.
    """
    fields = CouponCodeImportResource().fields
    index = {name: headers.index(str(f.column_name)) for name, f in fields.items()
             if str(f.column_name) in headers}  # fmt: skip
    errors: dict[int, list[str]] = {}
    if "code" not in index or "coupon" not in index:
        missing = ", ".join(
            str(fields[n].column_name) for n in ("code", "coupon") if n not in index
        )
        raise ValidationError(
            gettext("The file has no column %(columns)s.") % {"columns": missing},
            code="missing_columns",
        )

    def cell(values: list[Any], name: str, default: Any = None) -> Any:
        return values[index[name]] if name in index else default

    names = {str(cell(values, "coupon") or "").strip() for values in data}
    coupons = {coupon.name: coupon for coupon in Coupon.objects.filter(name__in=names)}
    integer, boolean = fields["max_uses"].widget, fields["is_active"].widget
    rows: list[codes.CodeRow] = []
    for line, values in enumerate(data, start=FIRST_DATA_ROW):  # the header is row 1
        name = str(cell(values, "coupon") or "").strip()
        row = codes.CodeRow(
            line=line, code=str(cell(values, "code") or ""), coupon=coupons.get(name)
        )
        if row.coupon is None:
            errors.setdefault(line, []).append(
                gettext("No promo code is named “%(name)s”.") % {"name": name}
            )
        for name, widget in (("max_uses", integer), ("is_active", boolean)):
            try:  # each cell's own reason, after its column's header (as on the preview page)
                value = widget.clean(cell(values, name, "1" if name == "is_active" else None))
            except (ValueError, ArithmeticError) as error:
                errors.setdefault(line, []).append(
                    gettext("%(column)s: %(error)s")
                    % {"column": fields[name].column_name, "error": error.args[0]}
                )
                continue
            if name == "max_uses":
                row.max_uses = value
            else:
                row.is_active = value is not False
        rows.append(row)
    return rows, errors
