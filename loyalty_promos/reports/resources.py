"""Columns declared once and reused for every file format (django-import-export).

The page shows a report's rows through its resource; its exports read the same
columns as values (``reports/columns.py``): declare a column with an
``attribute`` (a field, a ``get_<field>_display``, an annotation of the rows),
a :class:`~loyalty_promos.reports.columns.LabelField` or an
:class:`~loyalty_promos.reports.columns.ObjectField` rather than a
``dehydrate_*`` method, which makes the export read objects one by one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from loyalty_promos.models import Charge, CodeBatch, Coupon, CouponCode, PackagePlan, PointsEntry
from loyalty_promos.reports.columns import LabelField, ObjectField
from loyalty_promos.services import codes as code_service


class CouponByName(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Coupon, field="name")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Coupon.DoesNotExist as error:
            raise ValueError(_("No promo code is named “%(name)s”.") % {"name": value}) from error


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole number, or a translated reason (never ``decimal.ConversionSyntax``)."""

    def clean(self, value, row=None, **kwargs):
        try:
            number = super().clean(value, row, **kwargs)
            exact = number is None or Decimal(str(value).strip()) == number
        except (ValueError, ArithmeticError) as error:
            raise ValueError(_("Enter a whole number (or leave the cell empty).")) from error
        if not exact:  # 2.5 is not a number of uses (the widget would read 2)
            raise ValueError(_("Enter a whole number (or leave the cell empty)."))
        return number


class YesNoWidget(widgets.BooleanWidget):
    """1/0, true/false, yes/no (in the staff's languages too); anything else is refused.

    django-import-export reads any unknown text as "no": a typo would
    deactivate a code without a word.
    """

    YES = {"1", "true", "yes", "y", "x", "oui", "da"}
    NO = {"0", "false", "no", "n", "non", "nu"}

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            return value
        text = str(int(value) if isinstance(value, float) and value.is_integer() else value)
        text = text.strip().lower()
        if text in self.YES or text == str(_("yes")).lower():
            return True
        if text in self.NO or text == str(_("no")).lower():
            return False
        raise ValueError(_("Write 1 (yes) or 0 (no)."))


class CouponCodeImportResource(resources.ModelResource):
    """Codes in and out of a spreadsheet: one row per code.

    Import creates codes only (an existing code is never changed by a file):
    each row names its promo code by name, and the codes of one import under
    one promo code form one batch. Every row is validated like a form; any
    row error and nothing is imported.
    """

    code = fields.Field(attribute="code", column_name=_("code"))
    coupon = fields.Field(
        attribute="coupon",
        column_name=_("promo code"),
        widget=CouponByName(),
    )
    max_uses = fields.Field(
        attribute="max_uses",
        column_name=_("maximum uses of this code"),
        widget=WholeNumberWidget(),
    )
    is_active = fields.Field(
        attribute="is_active",
        column_name=_("active"),
        widget=YesNoWidget(),
        default=True,
    )

    class Meta:
        model = CouponCode
        fields = ["code", "coupon", "max_uses", "is_active"]
        import_id_fields = ["code"]
        clean_model_instances = True
        use_transactions = True
        skip_diff = False

    def __init__(self, user: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user
        self._batches: dict[int, CodeBatch] = {}
        self._row_errors: dict[int, list[str]] = {}
        self._current_row = 0

    def before_import(self, dataset, **kwargs):
        """Check every row's code as one set (services.codes.check_code_rows).

        One query per chunk finds the codes already active elsewhere, instead
        of a uniqueness query per row; the errors are attached to their rows
        in :meth:`validate_instance`. It runs at the confirmation too, so a
        code taken since the preview fails its row and (with
        ``rollback_on_validation_errors``) the whole import.
        """
        headers = list(dataset.headers or [])
        column = {name: headers.index(str(f.column_name)) for name, f in self.fields.items()
                  if str(f.column_name) in headers}  # fmt: skip
        missing = [str(self.fields[n].column_name) for n in ("code", "coupon") if n not in column]
        if missing:
            # Said once for the file, not once per row: no row is read (every one would
            # fail for the same missing column).
            del dataset[0 : len(dataset)]
            raise ValueError(
                gettext("The file has no column %(columns)s. Start from the template.")
                % {"columns": ", ".join(f"“{name}”" for name in missing)}
            )
        rows = []
        for line, values in enumerate(dataset, start=2):  # the spreadsheet's rows: header = 1
            code = str(values[column["code"]] or "")
            cells = dict(zip(headers, values, strict=False))
            try:
                active = self.fields["is_active"].clean(cells)
                max_uses = self.fields["max_uses"].clean(cells)
            except (ValueError, ArithmeticError, KeyError):
                active, max_uses = True, None  # the row's own cleaning reports it
            rows.append(
                code_service.CodeRow(
                    line=line,
                    code=code,
                    max_uses=None if max_uses in ("", None) else max_uses,
                    is_active=active is not False,
                )
            )
        self._row_errors = code_service.check_code_rows(rows, spreadsheet=True)

    def before_import_row(self, row, **kwargs):
        # django-import-export counts data rows from 1; the spreadsheet shows the header as 1.
        self._current_row = kwargs.get("row_number", 0) + 1

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self._current_row in self._row_errors:
            errors.setdefault("code", []).extend(self._row_errors[self._current_row])
        if instance.coupon_id is None and "coupon" not in errors:
            errors["coupon"] = [gettext("Name the promo code of this code.")]
        try:
            # Fields only: the coupon was resolved by name, the uniqueness was
            # checked above for the whole file.
            instance.full_clean(
                exclude={*errors, "coupon", "batch"},
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def get_instance(self, instance_loader, row):
        return None  # always a new code: a file never rewrites an existing one

    def before_save_instance(self, instance, row, **kwargs):
        batch = self._batches.get(instance.coupon_id)
        if batch is None:
            batch = CodeBatch.objects.create(
                coupon=instance.coupon, source=CodeBatch.Source.IMPORTED, created_by=self.user
            )
            self._batches[instance.coupon_id] = batch
        instance.batch = batch

    def after_import(self, dataset, result, **kwargs):
        for batch in self._batches.values():
            batch.size = batch.codes.count()
            batch.save(update_fields=["size"])


class CouponCodeResource(CouponCodeImportResource):
    """The import columns plus what a code has become: its uses and its batch."""

    uses = fields.Field(attribute="uses", column_name=_("uses"), readonly=True)
    batch = fields.Field(attribute="batch", column_name=_("batch"), readonly=True)

    class Meta(CouponCodeImportResource.Meta):
        fields = [*CouponCodeImportResource.Meta.fields, "uses", "batch"]

    def dehydrate_uses(self, code):
        uses = getattr(code, "uses", None)
        return code.redemptions.uses() if uses is None else uses


def money(attribute, label):
    return fields.Field(attribute=attribute, column_name=label, widget=widgets.DecimalWidget())


class BillingResource(resources.ModelResource):
    """The billing report: one row per charge, the same columns in .xlsx and .csv."""

    created_at = fields.Field(
        attribute="created_at", column_name=_("date"), widget=widgets.DateTimeWidget()
    )
    customer_name = fields.Field(attribute="customer_name", column_name=_("customer"))
    service_name = fields.Field(attribute="service_name", column_name=_("service"))
    staff_name = fields.Field(attribute="staff_name", column_name=_("staff member"))
    starts_at = fields.Field(
        attribute="starts_at", column_name=_("appointment"), widget=widgets.DateTimeWidget()
    )
    list_price = money("list_price", _("list price"))
    price = money("price", _("price after pricing rules"))
    discount_source = LabelField(attribute="discount_source", column_name=_("discount source"))
    discount_code = fields.Field(attribute="discount_code", column_name=_("promo code"))
    discount_amount = money("discount_amount", _("discount"))
    package_amount = money("package_amount", _("paid by package"))
    gift_card_amount = money("gift_card_amount", _("paid by gift card"))
    credits_amount = money("credits_amount", _("paid with credits"))
    points_used = fields.Field(
        attribute="points_used", column_name=_("points used"), widget=widgets.IntegerWidget()
    )
    amount_due = money("amount_due", _("amount due"))
    status = fields.Field(attribute="get_status_display", column_name=_("status"))
    payment_method = fields.Field(attribute="payment_method", column_name=_("payment method"))
    currency = fields.Field(attribute="currency", column_name=_("currency"))

    class Meta:
        model = Charge
        fields = [
            "created_at", "customer_name", "service_name", "staff_name", "starts_at",
            "list_price", "price", "discount_source", "discount_code", "discount_amount",
            "package_amount", "gift_card_amount", "credits_amount", "points_used",
            "amount_due", "status", "payment_method", "currency",
        ]  # fmt: skip
        export_order = fields


def count(attribute, label):
    return fields.Field(attribute=attribute, column_name=label, widget=widgets.IntegerWidget())


class PointsResource(resources.ModelResource):
    created_at = fields.Field(
        attribute="created_at", column_name=_("date"), widget=widgets.DateTimeWidget()
    )
    customer = fields.Field(attribute="customer", column_name=_("customer"))
    kind = fields.Field(attribute="get_kind_display", column_name=_("kind"))
    points = count("points", _("points"))
    balance_after = count("balance_after", _("balance after"))
    booking = fields.Field(attribute="booking", column_name=_("booking"))
    rule = fields.Field(attribute="rule", column_name=_("rule"))
    description = fields.Field(attribute="description", column_name=_("description"))
    created_by = fields.Field(attribute="created_by", column_name=_("staff user"))
    shortfall = count("shortfall", _("shortfall"))

    class Meta:
        model = PointsEntry
        fields = [
            "created_at", "customer", "kind", "points", "balance_after", "booking", "rule",
            "description", "created_by", "shortfall",
        ]  # fmt: skip
        export_order = fields


class CouponUsageResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name=_("promo code"))
    uses = count("uses", _("uses"))
    customers = count("customers", _("customers"))
    new_customers = count("new_customers", _("new customers"))
    discount_given = money("discount_given", _("discount given"))
    revenue = money("revenue", _("revenue of the bookings"))

    class Meta:
        model = Coupon
        fields = ["name", "uses", "customers", "new_customers", "discount_given", "revenue"]
        export_order = fields


class BatchUsageResource(resources.ModelResource):
    batch = ObjectField(column_name=_("batch"))
    coupon = fields.Field(attribute="coupon__name", column_name=_("promo code"))
    size = count("size", _("codes"))
    uses = count("uses", _("uses"))
    customers = count("customers", _("customers"))
    new_customers = count("new_customers", _("new customers"))
    discount_given = money("discount_given", _("discount given"))
    revenue = money("revenue", _("revenue of the bookings"))

    class Meta:
        model = CodeBatch
        fields = [
            "batch", "coupon", "size", "uses", "customers", "new_customers", "discount_given",
            "revenue",
        ]  # fmt: skip
        export_order = fields


class PackagesResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name=_("plan"))
    kind = fields.Field(attribute="get_kind_display", column_name=_("kind"))
    sold = count("sold", _("sold"))
    revenue = money("revenue", _("revenue"))
    active = count("active", _("active"))
    visits_used = count("visits_used", _("visits used"))
    visits_left = count("visits_left", _("visits left"))
    credit_used = money("credit_used", _("credit used"))
    credit_left = money("credit_left", _("credit left"))
    expiring_30 = count("expiring_30", _("expiring within 30 days"))

    class Meta:
        model = PackagePlan
        fields = [
            "name", "kind", "sold", "revenue", "active", "visits_used", "visits_left",
            "credit_used", "credit_left", "expiring_30",
        ]  # fmt: skip
        export_order = fields


class BalancesResource(resources.Resource):
    """Per customer: what the salon owes them (the host's customer model)."""

    customer = ObjectField(column_name=_("customer"))
    points = count("points", _("points"))
    credits = money("credits", _("credits"))
    gift_cards = money("gift_cards", _("gift cards"))
    packages = count("packages", _("active packages"))

    class Meta:
        fields = ["customer", "points", "credits", "gift_cards", "packages"]
        export_order = fields
