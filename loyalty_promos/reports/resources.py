"""Columns declared once and reused for every file format (django-import-export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from loyalty_promos.models import CodeBatch, Coupon, CouponCode


class CouponByName(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Coupon, field="name")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Coupon.DoesNotExist as error:
            raise ValueError(_("No promo code is named “%(name)s”.") % {"name": value}) from error


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
        widget=widgets.IntegerWidget(),
    )
    is_active = fields.Field(
        attribute="is_active",
        column_name=_("active"),
        widget=widgets.BooleanWidget(),
        default=True,
    )

    class Meta:
        model = CouponCode
        fields = ["code", "coupon", "max_uses", "is_active"]
        import_id_fields = ["code"]
        clean_model_instances = True
        use_transactions = True
        skip_diff = False

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._batches: dict[int, CodeBatch] = {}

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
