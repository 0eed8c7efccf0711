"""The schema of loyalty_promos 0.1.0, in one migration.

Every relation to a host model follows the swappable settings
(``LOYALTY_PROMOS_CUSTOMER_MODEL`` …, ``AUTH_USER_MODEL``) and never names a
host's app. A host whose model is created by a later migration of its own adds
``run_before = [("loyalty_promos", "0001_initial")]`` to it (check E006).

The last operation adds the two payment methods every install starts with
(card and cash); staff rename, reorder, switch off or add to them in the admin.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import loyalty_promos.models.coupons
import loyalty_promos.models.exports
import loyalty_promos.models.purchases
import loyalty_promos.validators

#: The payment methods every install starts with: (code, name, position).
DEFAULT_PAYMENT_METHODS = [("card", "Card", 0), ("cash", "Cash", 1)]


def add_payment_methods(apps, schema_editor):
    PaymentMethod = apps.get_model("loyalty_promos", "PaymentMethod")
    for code, name, position in DEFAULT_PAYMENT_METHODS:
        PaymentMethod.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.LOYALTY_PROMOS_BOOKING_MODEL),
        migrations.swappable_dependency(settings.LOYALTY_PROMOS_CUSTOMER_MODEL),
        migrations.swappable_dependency(settings.LOYALTY_PROMOS_SERVICE_MODEL),
        migrations.swappable_dependency(settings.LOYALTY_PROMOS_STAFF_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Booking",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start", models.DateTimeField(verbose_name="start")),
                ("end", models.DateTimeField(verbose_name="end")),
            ],
            options={
                "verbose_name": "booking",
                "verbose_name_plural": "bookings",
                "swappable": "LOYALTY_PROMOS_BOOKING_MODEL",
            },
        ),
        migrations.CreateModel(
            name="Customer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
            ],
            options={
                "verbose_name": "customer",
                "verbose_name_plural": "customers",
                "swappable": "LOYALTY_PROMOS_CUSTOMER_MODEL",
            },
        ),
        migrations.CreateModel(
            name="Service",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "price",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="price"),
                ),
            ],
            options={
                "verbose_name": "service",
                "verbose_name_plural": "services",
                "swappable": "LOYALTY_PROMOS_SERVICE_MODEL",
            },
        ),
        migrations.CreateModel(
            name="Staff",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
            ],
            options={
                "verbose_name": "staff member",
                "verbose_name_plural": "staff members",
                "swappable": "LOYALTY_PROMOS_STAFF_MODEL",
            },
        ),
        migrations.CreateModel(
            name="LoyaltyProgram",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "is_enabled",
                    models.BooleanField(default=False, verbose_name="loyalty points enabled"),
                ),
                (
                    "validity_count",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="points stay valid for"
                    ),
                ),
                (
                    "validity_unit",
                    models.CharField(
                        blank=True,
                        choices=[("", "never expire"), ("days", "days"), ("months", "months")],
                        default="",
                        max_length=6,
                        verbose_name="unit",
                    ),
                ),
                (
                    "award_moment",
                    models.CharField(
                        choices=[
                            ("at_payment", "when the booking is paid"),
                            ("after_appointment", "some hours after the appointment ends"),
                        ],
                        default="after_appointment",
                        max_length=20,
                        verbose_name="points are awarded",
                    ),
                ),
                (
                    "award_delay_hours",
                    models.PositiveIntegerField(
                        default=3, verbose_name="hours after the appointment"
                    ),
                ),
                (
                    "award_subject",
                    models.CharField(
                        default="You earned {{ points }} points",
                        max_length=200,
                        verbose_name="automatic award: subject",
                    ),
                ),
                (
                    "award_body",
                    models.TextField(
                        default="Hello {{ customer_name }},\n\nThank you for your visit: you earned {{ points }} points ({{ description }}). Your balance is now {{ balance }} points{% if expiry %}; these points are valid until {{ expiry }}{% endif %}.\n\nSee you soon!",
                        verbose_name="automatic award: message",
                    ),
                ),
                (
                    "manual_subject",
                    models.CharField(
                        default="Your points balance was updated",
                        max_length=200,
                        verbose_name="manual update: subject",
                    ),
                ),
                (
                    "manual_body",
                    models.TextField(
                        default="Hello {{ customer_name }},\n\nYour points balance changed by {{ points }}: {{ description }}. Your balance is now {{ balance }} points.\n\nSee you soon!",
                        verbose_name="manual update: message",
                    ),
                ),
            ],
            options={
                "verbose_name": "loyalty programme",
                "verbose_name_plural": "loyalty programme",
            },
        ),
        migrations.CreateModel(
            name="PaymentMethod",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="As staff see it on the buttons, e.g. Card, Cash, Bank transfer.",
                        max_length=50,
                        verbose_name="name",
                    ),
                ),
                (
                    "code",
                    models.SlugField(
                        help_text="Short and stable: what the API and your developer use, e.g. card.",
                        max_length=30,
                        unique=True,
                        verbose_name="code",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
            ],
            options={
                "verbose_name": "payment method",
                "verbose_name_plural": "payment methods",
                "ordering": ["position", "name"],
            },
        ),
        migrations.CreateModel(
            name="Charge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "booking_ref",
                    models.CharField(blank=True, max_length=64, verbose_name="booking reference"),
                ),
                (
                    "customer_name",
                    models.CharField(blank=True, max_length=200, verbose_name="customer name"),
                ),
                (
                    "service_name",
                    models.CharField(blank=True, max_length=200, verbose_name="service name"),
                ),
                (
                    "staff_name",
                    models.CharField(blank=True, max_length=200, verbose_name="staff member name"),
                ),
                (
                    "starts_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="appointment start"),
                ),
                (
                    "ends_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="appointment end"),
                ),
                (
                    "series_key",
                    models.CharField(blank=True, max_length=64, verbose_name="recurring series"),
                ),
                ("currency", models.CharField(max_length=3, verbose_name="currency")),
                (
                    "list_price",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="list price",
                    ),
                ),
                (
                    "price",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="price after pricing rules",
                    ),
                ),
                (
                    "discount_source",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "none"),
                            ("coupon", "promo code"),
                            ("reward", "loyalty reward"),
                            ("permanent", "permanent discount"),
                        ],
                        max_length=16,
                        verbose_name="discount source",
                    ),
                ),
                (
                    "discount_code",
                    models.CharField(blank=True, max_length=64, verbose_name="promo code"),
                ),
                (
                    "discount_name",
                    models.CharField(blank=True, max_length=200, verbose_name="discount name"),
                ),
                (
                    "discount_amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="discount",
                    ),
                ),
                (
                    "package_amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="paid by package",
                    ),
                ),
                (
                    "gift_card_amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="paid by gift card",
                    ),
                ),
                (
                    "credits_amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="paid with credits",
                    ),
                ),
                ("points_used", models.PositiveIntegerField(default=0, verbose_name="points used")),
                (
                    "uses_credits",
                    models.BooleanField(default=False, verbose_name="pay with credits"),
                ),
                (
                    "amount_due",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="amount due",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("pending", "pending"), ("paid", "paid"), ("void", "void")],
                        default="pending",
                        max_length=8,
                        verbose_name="status",
                    ),
                ),
                (
                    "payment_method",
                    models.CharField(blank=True, max_length=50, verbose_name="payment method name"),
                ),
                ("paid_at", models.DateTimeField(blank=True, null=True, verbose_name="paid at")),
                (
                    "points_awarded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="points awarded at"),
                ),
                (
                    "voided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="voided at"),
                ),
                (
                    "booking",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="loyalty_promos_charges",
                        to=settings.LOYALTY_PROMOS_BOOKING_MODEL,
                        verbose_name="booking",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "customer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="loyalty_promos_charges",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="loyalty_promos_charges",
                        to=settings.LOYALTY_PROMOS_SERVICE_MODEL,
                        verbose_name="service",
                    ),
                ),
                (
                    "staff",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="loyalty_promos_charges",
                        to=settings.LOYALTY_PROMOS_STAFF_MODEL,
                        verbose_name="staff member",
                    ),
                ),
            ],
            options={
                "verbose_name": "charge",
                "verbose_name_plural": "charges",
                "ordering": ["-created_at", "-pk"],
                "permissions": [
                    ("checkout_booking", "Can check out appointments"),
                    ("mark_paid", "Can mark charges paid"),
                    ("void_charge", "Can void charges"),
                    ("apply_code_to_charge", "Can apply a promo code to a pending charge"),
                    ("view_reports", "Can view reports"),
                    ("export_reports", "Can export reports"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ChargeLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="step")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("list_price", "list price"),
                            ("pricing_rule", "pricing rule"),
                            ("coupon", "promo code"),
                            ("reward", "loyalty reward"),
                            ("permanent", "permanent discount"),
                            ("package", "package"),
                            ("gift_card", "gift card"),
                            ("credits", "credits"),
                            ("amount_due", "amount due"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("label", models.CharField(max_length=200, verbose_name="label")),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="amount",
                    ),
                ),
                (
                    "charge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="loyalty_promos.charge",
                        verbose_name="charge",
                    ),
                ),
            ],
            options={
                "verbose_name": "charge line",
                "verbose_name_plural": "charge lines",
                "ordering": ["charge", "position"],
            },
        ),
        migrations.CreateModel(
            name="CodeBatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("label", models.CharField(blank=True, max_length=200, verbose_name="label")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("generated", "generated"),
                            ("pasted", "pasted list"),
                            ("imported", "imported file"),
                        ],
                        max_length=10,
                        verbose_name="source",
                    ),
                ),
                ("size", models.PositiveIntegerField(default=0, verbose_name="codes")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
            ],
            options={
                "verbose_name": "batch of codes",
                "verbose_name_plural": "batches of codes",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Coupon",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "name",
                    models.CharField(
                        help_text="Shown to staff and on billing records; must be unique.",
                        max_length=200,
                        unique=True,
                        verbose_name="name",
                    ),
                ),
                (
                    "discount_type",
                    models.CharField(
                        choices=[("percent", "percentage"), ("amount", "fixed amount")],
                        default="percent",
                        max_length=10,
                        verbose_name="discount type",
                    ),
                ),
                (
                    "discount_value",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="A percentage (100 makes the booking free, 0 only marks it) or an amount. A discount larger than the price brings it to zero.",
                        max_digits=10,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="discount",
                    ),
                ),
                (
                    "valid_from",
                    models.DateTimeField(
                        blank=True,
                        help_text="First moment the code can be used.",
                        null=True,
                        verbose_name="valid from",
                    ),
                ),
                (
                    "valid_until",
                    models.DateTimeField(
                        blank=True,
                        help_text="Last moment the code can be used (included).",
                        null=True,
                        verbose_name="valid until",
                    ),
                ),
                (
                    "appointment_from",
                    models.DateTimeField(
                        blank=True,
                        help_text="Only for appointments starting at or after this moment.",
                        null=True,
                        verbose_name="appointments from",
                    ),
                ),
                (
                    "appointment_until",
                    models.DateTimeField(
                        blank=True,
                        help_text="Only for appointments starting at or before this moment.",
                        null=True,
                        verbose_name="appointments until",
                    ),
                ),
                (
                    "time_from",
                    models.TimeField(
                        blank=True,
                        help_text="Happy hour: appointments starting from this time of day (included).",
                        null=True,
                        verbose_name="daily from",
                    ),
                ),
                (
                    "time_until",
                    models.TimeField(
                        blank=True,
                        help_text="…and before this time of day (excluded). May be past midnight.",
                        null=True,
                        verbose_name="daily until",
                    ),
                ),
                (
                    "weekdays",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Days of the appointment. None ticked: every day.",
                        validators=[loyalty_promos.models.coupons.validate_weekdays],
                        verbose_name="weekdays",
                    ),
                ),
                (
                    "max_uses",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Over all its codes, first come first served. Blank: unlimited.",
                        null=True,
                        validators=[loyalty_promos.validators.validate_use_limit],
                        verbose_name="maximum uses in total",
                    ),
                ),
                (
                    "max_uses_per_customer",
                    models.PositiveIntegerField(
                        blank=True,
                        default=1,
                        help_text="Blank: unlimited.",
                        null=True,
                        validators=[loyalty_promos.validators.validate_use_limit],
                        verbose_name="maximum uses per customer",
                    ),
                ),
                (
                    "first_booking_only",
                    models.BooleanField(
                        default=False,
                        help_text="Only for a customer who has never booked before.",
                        verbose_name="first booking only",
                    ),
                ),
                (
                    "staff_only",
                    models.BooleanField(
                        default=False,
                        help_text="Only a staff member applying it in the back office can use it; customers booking online cannot.",
                        verbose_name="staff only",
                    ),
                ),
                (
                    "series_mode",
                    models.CharField(
                        choices=[
                            ("per_booking", "per booking: every occurrence of a series, one use"),
                            ("per_occurrence", "per occurrence: each occurrence is one use"),
                        ],
                        default="per_booking",
                        help_text="Per booking: the code covers every occurrence of a series booked together and counts as one use. Per occurrence: each occurrence counts, so a code valid once covers only the first.",
                        max_length=16,
                        verbose_name="recurring bookings",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("description", models.TextField(blank=True, verbose_name="internal note")),
                (
                    "services",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Only for these services. None: every service.",
                        related_name="+",
                        to=settings.LOYALTY_PROMOS_SERVICE_MODEL,
                        verbose_name="services",
                    ),
                ),
                (
                    "staff",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Only with these staff members. None: everyone.",
                        related_name="+",
                        to=settings.LOYALTY_PROMOS_STAFF_MODEL,
                        verbose_name="staff members",
                    ),
                ),
            ],
            options={
                "verbose_name": "promo code",
                "verbose_name_plural": "promo codes",
                "ordering": ["-created_at", "-pk"],
                "permissions": [
                    ("generate_codes", "Can generate, paste and import codes"),
                    ("bulk_delete_codes", "Can delete codes in bulk"),
                    ("share_codes", "Can send codes to customers"),
                    ("test_codes", "Can test a code against a booking"),
                ],
            },
        ),
        migrations.CreateModel(
            name="CodeJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "waiting"),
                            ("running", "in progress"),
                            ("done", "ready"),
                            ("failed", "failed"),
                        ],
                        default="queued",
                        max_length=8,
                        verbose_name="status",
                    ),
                ),
                ("rows_total", models.PositiveIntegerField(default=0, verbose_name="rows")),
                ("rows_done", models.PositiveIntegerField(default=0, verbose_name="rows written")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("generate", "generate codes"),
                            ("paste", "paste a list of codes"),
                            ("import", "import a file of codes"),
                        ],
                        max_length=8,
                        verbose_name="kind",
                    ),
                ),
                ("params", models.JSONField(blank=True, default=dict, verbose_name="input")),
                ("errors", models.JSONField(blank=True, default=list, verbose_name="errors")),
                (
                    "batches",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="loyalty_promos.codebatch",
                        verbose_name="batches",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
                (
                    "coupon",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="loyalty_promos.coupon",
                        verbose_name="promo code",
                    ),
                ),
            ],
            options={
                "verbose_name": "code job",
                "verbose_name_plural": "code jobs",
                "ordering": ["-created_at"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="codebatch",
            name="coupon",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="batches",
                to="loyalty_promos.coupon",
                verbose_name="promo code",
            ),
        ),
        migrations.CreateModel(
            name="CouponCode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="Letters A to Z and digits 0 to 9; spaces, dashes and underscores may separate groups. Case, separators and accents are ignored (é counts as E); other alphabets, symbols and invisible characters are refused.",
                        max_length=80,
                        validators=[loyalty_promos.models.coupons.validate_code],
                        verbose_name="code",
                    ),
                ),
                (
                    "normalized",
                    models.CharField(editable=False, max_length=64, verbose_name="normalised code"),
                ),
                (
                    "max_uses",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Blank: unlimited.",
                        null=True,
                        validators=[loyalty_promos.validators.validate_use_limit],
                        verbose_name="maximum uses of this code",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="created"),
                ),
                (
                    "batch",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="codes",
                        to="loyalty_promos.codebatch",
                        verbose_name="batch",
                    ),
                ),
                (
                    "coupon",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="codes",
                        to="loyalty_promos.coupon",
                        verbose_name="promo code",
                    ),
                ),
            ],
            options={
                "verbose_name": "code",
                "verbose_name_plural": "codes",
                "ordering": ["coupon", "normalized"],
            },
        ),
        migrations.CreateModel(
            name="CodeShare",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code_text", models.CharField(max_length=80, verbose_name="code")),
                ("emailed", models.BooleanField(default=False, verbose_name="emailed")),
                ("texted", models.BooleanField(default=False, verbose_name="text message")),
                ("language", models.CharField(blank=True, max_length=15, verbose_name="language")),
                (
                    "sent_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="sent"),
                ),
                (
                    "batch",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="shares",
                        to="loyalty_promos.codebatch",
                        verbose_name="batch",
                    ),
                ),
                (
                    "customer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="loyalty_promos_code_shares",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="sent by",
                    ),
                ),
                (
                    "coupon",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="shares",
                        to="loyalty_promos.coupon",
                        verbose_name="promo code",
                    ),
                ),
                (
                    "code",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="shares",
                        to="loyalty_promos.couponcode",
                        verbose_name="code",
                    ),
                ),
            ],
            options={
                "verbose_name": "code sent",
                "verbose_name_plural": "codes sent",
                "ordering": ["-sent_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="CreditBalance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "balance",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="credit balance",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "customer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="loyalty_promos_credit",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
            ],
            options={
                "verbose_name": "customer credit",
                "verbose_name_plural": "customer credits",
                "ordering": ["-updated_at"],
                "permissions": [
                    ("adjust_credit", "Can add credit, one-off discounts and refunds"),
                    ("sell_credit_pack", "Can sell credit packs"),
                ],
            },
        ),
        migrations.CreateModel(
            name="CreditPack",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="credit given",
                    ),
                ),
                (
                    "price",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="price paid",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="on sale")),
                (
                    "sellable_online",
                    models.BooleanField(default=False, verbose_name="can be bought online"),
                ),
            ],
            options={
                "verbose_name": "credit pack",
                "verbose_name_plural": "credit packs",
                "ordering": ["price"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("price__gte", 0), ("value__gte", models.F("price")), ("value__gt", 0)
                        ),
                        name="loyalty_promos_credit_pack_value_covers_price",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CreditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=255, verbose_name="description"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="date"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("topup", "top-up"),
                            ("pack_purchase", "credit pack (paid)"),
                            ("pack_bonus", "credit pack (bonus)"),
                            ("discount", "one-off discount"),
                            ("refund", "refund"),
                            ("spend", "spent at checkout"),
                            ("reversal", "reversal"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="amount",
                    ),
                ),
                (
                    "balance_after",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="balance after",
                    ),
                ),
                (
                    "charge",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="credit_entries",
                        to="loyalty_promos.charge",
                        verbose_name="charge",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff user",
                    ),
                ),
                (
                    "customer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="loyalty_promos_credit_entries",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
                (
                    "pack",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="loyalty_promos.creditpack",
                        verbose_name="credit pack",
                    ),
                ),
            ],
            options={
                "verbose_name": "credit entry",
                "verbose_name_plural": "credit entries",
                "ordering": ["-created_at", "-pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="CustomerDiscount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "percent",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="Applied at checkout when no promo code is used; not on credits.",
                        max_digits=5,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100")),
                        ],
                        verbose_name="discount (%)",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "note",
                    models.CharField(blank=True, max_length=255, verbose_name="internal note"),
                ),
                (
                    "customer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="loyalty_promos_discount",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
            ],
            options={
                "verbose_name": "permanent customer discount",
                "verbose_name_plural": "permanent customer discounts",
            },
        ),
        migrations.CreateModel(
            name="CustomerPackage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "price_paid",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="price paid",
                    ),
                ),
                (
                    "starts_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="starts"),
                ),
                ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="expires")),
                (
                    "include_existing",
                    models.BooleanField(
                        default=False,
                        help_text="Also applies to appointments already booked when it was assigned.",
                        verbose_name="covers bookings made before",
                    ),
                ),
                (
                    "excluded_booking_refs",
                    models.JSONField(blank=True, default=list, editable=False),
                ),
                (
                    "visits_left",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="visits left"),
                ),
                (
                    "credit_left",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        default=None,
                        max_digits=12,
                        null=True,
                        verbose_name="credit left",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assigned by",
                    ),
                ),
                (
                    "customer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="loyalty_promos_packages",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
            ],
            options={
                "verbose_name": "customer package",
                "verbose_name_plural": "customer packages",
                "ordering": ["-starts_at", "-pk"],
                "permissions": [("assign_package", "Can assign packages to customers")],
            },
        ),
        migrations.AddField(
            model_name="charge",
            name="customer_package",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="charges",
                to="loyalty_promos.customerpackage",
                verbose_name="package",
            ),
        ),
        migrations.CreateModel(
            name="EarningRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("service", "a completed booking (of some services)"),
                            ("per_amount", "each amount paid"),
                            ("nth_visit", "the Nth visit"),
                        ],
                        max_length=12,
                        verbose_name="customers earn points for",
                    ),
                ),
                ("points", models.PositiveIntegerField(verbose_name="points")),
                (
                    "amount_step",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        default=None,
                        help_text="Each amount: points for every full step paid (rounded down).",
                        max_digits=12,
                        null=True,
                        verbose_name="per amount",
                    ),
                ),
                (
                    "visit_number",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Nth visit: which visit earns.",
                        null=True,
                        verbose_name="visit number",
                    ),
                ),
                (
                    "repeat",
                    models.BooleanField(
                        default=False,
                        help_text="Nth visit: also the 2N-th, 3N-th…",
                        verbose_name="every N visits",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("date_from", models.DateField(blank=True, null=True, verbose_name="from")),
                ("date_until", models.DateField(blank=True, null=True, verbose_name="until")),
                (
                    "services",
                    models.ManyToManyField(
                        blank=True,
                        help_text="None: every service.",
                        related_name="+",
                        to=settings.LOYALTY_PROMOS_SERVICE_MODEL,
                        verbose_name="services",
                    ),
                ),
            ],
            options={
                "verbose_name": "earning rule",
                "verbose_name_plural": "earning rules",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="ExportJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "waiting"),
                            ("running", "in progress"),
                            ("done", "ready"),
                            ("failed", "failed"),
                        ],
                        default="queued",
                        max_length=8,
                        verbose_name="status",
                    ),
                ),
                ("rows_total", models.PositiveIntegerField(default=0, verbose_name="rows")),
                ("rows_done", models.PositiveIntegerField(default=0, verbose_name="rows written")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                ),
                ("report", models.CharField(max_length=30, verbose_name="report")),
                ("params", models.JSONField(blank=True, default=dict, verbose_name="filters")),
                ("format", models.CharField(max_length=4, verbose_name="format")),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        storage=loyalty_promos.models.exports.export_storage_callable,
                        upload_to=loyalty_promos.models.exports.export_file_name,
                        verbose_name="file",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "export",
                "verbose_name_plural": "exports",
                "ordering": ["-created_at"],
                "permissions": [("view_all_exports", "Can download exports made by others")],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Overview",
            fields=[],
            options={
                "verbose_name": "overview",
                "verbose_name_plural": "overview",
                "proxy": True,
                "default_permissions": (),
                "indexes": [],
                "constraints": [],
            },
            bases=("loyalty_promos.exportjob",),
        ),
        migrations.CreateModel(
            name="Report",
            fields=[],
            options={
                "verbose_name": "report",
                "verbose_name_plural": "reports",
                "proxy": True,
                "default_permissions": (),
                "indexes": [],
                "constraints": [],
            },
            bases=("loyalty_promos.exportjob",),
        ),
        migrations.CreateModel(
            name="GiftCard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="Letters A to Z and digits 0 to 9; spaces, dashes and underscores may separate groups. Case, separators and accents are ignored (é counts as E); other alphabets, symbols and invisible characters are refused.",
                        max_length=64,
                        unique=True,
                        validators=[loyalty_promos.models.coupons.validate_code],
                        verbose_name="code",
                    ),
                ),
                (
                    "initial_value",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="value",
                    ),
                ),
                (
                    "balance",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="balance",
                    ),
                ),
                ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="expires")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "note",
                    models.CharField(blank=True, max_length=255, verbose_name="internal note"),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="issued"),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="loyalty_promos_gift_cards",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="owner",
                    ),
                ),
            ],
            options={
                "verbose_name": "gift card",
                "verbose_name_plural": "gift cards",
                "ordering": ["-created_at", "-pk"],
                "permissions": [("issue_gift_card", "Can issue and sell gift cards")],
            },
        ),
        migrations.AddField(
            model_name="charge",
            name="gift_card",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="charges",
                to="loyalty_promos.giftcard",
                verbose_name="gift card",
            ),
        ),
        migrations.CreateModel(
            name="GiftCardEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=255, verbose_name="description"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="date"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("issue", "issued"),
                            ("spend", "spent at checkout"),
                            ("reversal", "reversal"),
                            ("adjust", "adjustment"),
                        ],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="amount",
                    ),
                ),
                (
                    "balance_after",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="balance after",
                    ),
                ),
                (
                    "card",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entries",
                        to="loyalty_promos.giftcard",
                        verbose_name="gift card",
                    ),
                ),
                (
                    "charge",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="gift_card_entries",
                        to="loyalty_promos.charge",
                        verbose_name="charge",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff user",
                    ),
                ),
            ],
            options={
                "verbose_name": "gift card entry",
                "verbose_name_plural": "gift card entries",
                "ordering": ["-created_at", "-pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="HistoricalCoupon",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated"),
                ),
                (
                    "name",
                    models.CharField(
                        db_index=True,
                        help_text="Shown to staff and on billing records; must be unique.",
                        max_length=200,
                        verbose_name="name",
                    ),
                ),
                (
                    "discount_type",
                    models.CharField(
                        choices=[("percent", "percentage"), ("amount", "fixed amount")],
                        default="percent",
                        max_length=10,
                        verbose_name="discount type",
                    ),
                ),
                (
                    "discount_value",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="A percentage (100 makes the booking free, 0 only marks it) or an amount. A discount larger than the price brings it to zero.",
                        max_digits=10,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="discount",
                    ),
                ),
                (
                    "valid_from",
                    models.DateTimeField(
                        blank=True,
                        help_text="First moment the code can be used.",
                        null=True,
                        verbose_name="valid from",
                    ),
                ),
                (
                    "valid_until",
                    models.DateTimeField(
                        blank=True,
                        help_text="Last moment the code can be used (included).",
                        null=True,
                        verbose_name="valid until",
                    ),
                ),
                (
                    "appointment_from",
                    models.DateTimeField(
                        blank=True,
                        help_text="Only for appointments starting at or after this moment.",
                        null=True,
                        verbose_name="appointments from",
                    ),
                ),
                (
                    "appointment_until",
                    models.DateTimeField(
                        blank=True,
                        help_text="Only for appointments starting at or before this moment.",
                        null=True,
                        verbose_name="appointments until",
                    ),
                ),
                (
                    "time_from",
                    models.TimeField(
                        blank=True,
                        help_text="Happy hour: appointments starting from this time of day (included).",
                        null=True,
                        verbose_name="daily from",
                    ),
                ),
                (
                    "time_until",
                    models.TimeField(
                        blank=True,
                        help_text="…and before this time of day (excluded). May be past midnight.",
                        null=True,
                        verbose_name="daily until",
                    ),
                ),
                (
                    "weekdays",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Days of the appointment. None ticked: every day.",
                        validators=[loyalty_promos.models.coupons.validate_weekdays],
                        verbose_name="weekdays",
                    ),
                ),
                (
                    "max_uses",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Over all its codes, first come first served. Blank: unlimited.",
                        null=True,
                        validators=[loyalty_promos.validators.validate_use_limit],
                        verbose_name="maximum uses in total",
                    ),
                ),
                (
                    "max_uses_per_customer",
                    models.PositiveIntegerField(
                        blank=True,
                        default=1,
                        help_text="Blank: unlimited.",
                        null=True,
                        validators=[loyalty_promos.validators.validate_use_limit],
                        verbose_name="maximum uses per customer",
                    ),
                ),
                (
                    "first_booking_only",
                    models.BooleanField(
                        default=False,
                        help_text="Only for a customer who has never booked before.",
                        verbose_name="first booking only",
                    ),
                ),
                (
                    "staff_only",
                    models.BooleanField(
                        default=False,
                        help_text="Only a staff member applying it in the back office can use it; customers booking online cannot.",
                        verbose_name="staff only",
                    ),
                ),
                (
                    "series_mode",
                    models.CharField(
                        choices=[
                            ("per_booking", "per booking: every occurrence of a series, one use"),
                            ("per_occurrence", "per occurrence: each occurrence is one use"),
                        ],
                        default="per_booking",
                        help_text="Per booking: the code covers every occurrence of a series booked together and counts as one use. Per occurrence: each occurrence counts, so a code valid once covers only the first.",
                        max_length=16,
                        verbose_name="recurring bookings",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("description", models.TextField(blank=True, verbose_name="internal note")),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_id",
                    models.BigAutoField(editable=False, primary_key=True, serialize=False),
                ),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical promo code",
                "verbose_name_plural": "historical promo codes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCreditPack",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated"),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="credit given",
                    ),
                ),
                (
                    "price",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="price paid",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="on sale")),
                (
                    "sellable_online",
                    models.BooleanField(default=False, verbose_name="can be bought online"),
                ),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_id",
                    models.BigAutoField(editable=False, primary_key=True, serialize=False),
                ),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical credit pack",
                "verbose_name_plural": "historical credit packs",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCustomerDiscount",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated"),
                ),
                (
                    "percent",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="Applied at checkout when no promo code is used; not on credits.",
                        max_digits=5,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100")),
                        ],
                        verbose_name="discount (%)",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "note",
                    models.CharField(blank=True, max_length=255, verbose_name="internal note"),
                ),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_id",
                    models.BigAutoField(editable=False, primary_key=True, serialize=False),
                ),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "customer",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical permanent customer discount",
                "verbose_name_plural": "historical permanent customer discounts",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalEarningRule",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated"),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("service", "a completed booking (of some services)"),
                            ("per_amount", "each amount paid"),
                            ("nth_visit", "the Nth visit"),
                        ],
                        max_length=12,
                        verbose_name="customers earn points for",
                    ),
                ),
                ("points", models.PositiveIntegerField(verbose_name="points")),
                (
                    "amount_step",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        default=None,
                        help_text="Each amount: points for every full step paid (rounded down).",
                        max_digits=12,
                        null=True,
                        verbose_name="per amount",
                    ),
                ),
                (
                    "visit_number",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Nth visit: which visit earns.",
                        null=True,
                        verbose_name="visit number",
                    ),
                ),
                (
                    "repeat",
                    models.BooleanField(
                        default=False,
                        help_text="Nth visit: also the 2N-th, 3N-th…",
                        verbose_name="every N visits",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("date_from", models.DateField(blank=True, null=True, verbose_name="from")),
                ("date_until", models.DateField(blank=True, null=True, verbose_name="until")),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_id",
                    models.BigAutoField(editable=False, primary_key=True, serialize=False),
                ),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical earning rule",
                "verbose_name_plural": "historical earning rules",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalLoyaltyProgram",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated"),
                ),
                (
                    "is_enabled",
                    models.BooleanField(default=False, verbose_name="loyalty points enabled"),
                ),
                (
                    "validity_count",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="points stay valid for"
                    ),
                ),
                (
                    "validity_unit",
                    models.CharField(
                        blank=True,
                        choices=[("", "never expire"), ("days", "days"), ("months", "months")],
                        default="",
                        max_length=6,
                        verbose_name="unit",
                    ),
                ),
                (
                    "award_moment",
                    models.CharField(
                        choices=[
                            ("at_payment", "when the booking is paid"),
                            ("after_appointment", "some hours after the appointment ends"),
                        ],
                        default="after_appointment",
                        max_length=20,
                        verbose_name="points are awarded",
                    ),
                ),
                (
                    "award_delay_hours",
                    models.PositiveIntegerField(
                        default=3, verbose_name="hours after the appointment"
                    ),
                ),
                (
                    "award_subject",
                    models.CharField(
                        default="You earned {{ points }} points",
                        max_length=200,
                        verbose_name="automatic award: subject",
                    ),
                ),
                (
                    "award_body",
                    models.TextField(
                        default="Hello {{ customer_name }},\n\nThank you for your visit: you earned {{ points }} points ({{ description }}). Your balance is now {{ balance }} points{% if expiry %}; these points are valid until {{ expiry }}{% endif %}.\n\nSee you soon!",
                        verbose_name="automatic award: message",
                    ),
                ),
                (
                    "manual_subject",
                    models.CharField(
                        default="Your points balance was updated",
                        max_length=200,
                        verbose_name="manual update: subject",
                    ),
                ),
                (
                    "manual_body",
                    models.TextField(
                        default="Hello {{ customer_name }},\n\nYour points balance changed by {{ points }}: {{ description }}. Your balance is now {{ balance }} points.\n\nSee you soon!",
                        verbose_name="manual update: message",
                    ),
                ),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_id",
                    models.BigAutoField(editable=False, primary_key=True, serialize=False),
                ),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical loyalty programme",
                "verbose_name_plural": "historical loyalty programme",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPackagePlan",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated"),
                ),
                ("name", models.CharField(db_index=True, max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("time_pass", "time pass"),
                            ("visit_pack", "visit pack"),
                            ("credit_pack", "credit pack"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                (
                    "price",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="price",
                    ),
                ),
                (
                    "visits",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Visit pack: bookings it pays.",
                        null=True,
                        verbose_name="visits",
                    ),
                ),
                (
                    "credit",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        default=None,
                        max_digits=12,
                        null=True,
                        verbose_name="credit",
                    ),
                ),
                (
                    "validity_count",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="valid for"),
                ),
                (
                    "validity_unit",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "no expiry"),
                            ("days", "days"),
                            ("months", "months"),
                            ("years", "years"),
                        ],
                        default="",
                        max_length=6,
                        verbose_name="unit",
                    ),
                ),
                (
                    "sellable_online",
                    models.BooleanField(default=False, verbose_name="can be bought online"),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="on sale")),
                (
                    "cancellation",
                    models.CharField(
                        choices=[
                            ("return", "the visit or credit comes back"),
                            ("forfeit_late", "forfeited for a late cancellation or a no-show"),
                        ],
                        default="return",
                        max_length=12,
                        verbose_name="when a booking is cancelled",
                    ),
                ),
                (
                    "late_cancellation_hours",
                    models.PositiveIntegerField(
                        default=24,
                        help_text="A cancellation less than this many hours before the start is late.",
                        verbose_name="late cancellation (hours)",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_id",
                    models.BigAutoField(editable=False, primary_key=True, serialize=False),
                ),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical package plan",
                "verbose_name_plural": "historical package plans",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPricingRule",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated"),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("percent", "change by a percentage"),
                            ("amount", "change by an amount"),
                            ("set_price", "set the price"),
                        ],
                        max_length=10,
                        verbose_name="change",
                    ),
                ),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="Percentage or amount: positive raises the price, negative lowers it (for example −10). Set price: the new price.",
                        max_digits=10,
                        verbose_name="value",
                    ),
                ),
                (
                    "per_hour",
                    models.BooleanField(
                        default=False,
                        help_text="Set price only: the price is per hour of the booking (rooms, studios).",
                        verbose_name="per hour",
                    ),
                ),
                (
                    "priority",
                    models.IntegerField(
                        default=0,
                        help_text="Among the matching rules applying alone, only the one with the highest priority applies. Rules on top apply after it, highest priority first.",
                        verbose_name="priority",
                    ),
                ),
                (
                    "stacking",
                    models.CharField(
                        choices=[
                            (
                                "exclusive",
                                "alone: only the matching rule with the highest priority",
                            ),
                            ("stack", "on top: after the rule applying alone, on its result"),
                        ],
                        default="exclusive",
                        help_text="On top: a percentage or an amount applied to the price the other rules left, for example −10 % at weekends on a room's hourly price.",
                        max_length=9,
                        verbose_name="applies",
                    ),
                ),
                (
                    "weekdays",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Days of the appointment. None ticked: every day.",
                        validators=[loyalty_promos.models.coupons.validate_weekdays],
                        verbose_name="weekdays",
                    ),
                ),
                (
                    "time_from",
                    models.TimeField(
                        blank=True,
                        help_text="Start included.",
                        null=True,
                        verbose_name="from (time of day)",
                    ),
                ),
                (
                    "time_until",
                    models.TimeField(
                        blank=True,
                        help_text="End excluded.",
                        null=True,
                        verbose_name="until (time of day)",
                    ),
                ),
                ("date_from", models.DateField(blank=True, null=True, verbose_name="from (date)")),
                (
                    "date_until",
                    models.DateField(
                        blank=True, help_text="Included.", null=True, verbose_name="until (date)"
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_id",
                    models.BigAutoField(editable=False, primary_key=True, serialize=False),
                ),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical pricing rule",
                "verbose_name_plural": "historical pricing rules",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalReward",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated"),
                ),
                ("name", models.CharField(db_index=True, max_length=200, verbose_name="name")),
                ("points_cost", models.PositiveIntegerField(verbose_name="points")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("percent", "percentage discount"),
                            ("amount", "fixed discount"),
                            ("free_service", "a free service"),
                            ("gift_card", "a gift card"),
                        ],
                        max_length=12,
                        verbose_name="reward",
                    ),
                ),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        help_text="Percentage, amount or gift card value.",
                        max_digits=12,
                        verbose_name="value",
                    ),
                ),
                (
                    "valid_days",
                    models.PositiveIntegerField(
                        default=90,
                        help_text="How long the code or gift card lasts.",
                        verbose_name="valid for (days)",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_id",
                    models.BigAutoField(editable=False, primary_key=True, serialize=False),
                ),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.LOYALTY_PROMOS_SERVICE_MODEL,
                        verbose_name="free service",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical reward",
                "verbose_name_plural": "historical rewards",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PackagePlan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("time_pass", "time pass"),
                            ("visit_pack", "visit pack"),
                            ("credit_pack", "credit pack"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                (
                    "price",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="price",
                    ),
                ),
                (
                    "visits",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Visit pack: bookings it pays.",
                        null=True,
                        verbose_name="visits",
                    ),
                ),
                (
                    "credit",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        default=None,
                        max_digits=12,
                        null=True,
                        verbose_name="credit",
                    ),
                ),
                (
                    "validity_count",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="valid for"),
                ),
                (
                    "validity_unit",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "no expiry"),
                            ("days", "days"),
                            ("months", "months"),
                            ("years", "years"),
                        ],
                        default="",
                        max_length=6,
                        verbose_name="unit",
                    ),
                ),
                (
                    "sellable_online",
                    models.BooleanField(default=False, verbose_name="can be bought online"),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="on sale")),
                (
                    "cancellation",
                    models.CharField(
                        choices=[
                            ("return", "the visit or credit comes back"),
                            ("forfeit_late", "forfeited for a late cancellation or a no-show"),
                        ],
                        default="return",
                        max_length=12,
                        verbose_name="when a booking is cancelled",
                    ),
                ),
                (
                    "late_cancellation_hours",
                    models.PositiveIntegerField(
                        default=24,
                        help_text="A cancellation less than this many hours before the start is late.",
                        verbose_name="late cancellation (hours)",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "services",
                    models.ManyToManyField(
                        blank=True,
                        help_text="None: every service.",
                        related_name="+",
                        to=settings.LOYALTY_PROMOS_SERVICE_MODEL,
                        verbose_name="services covered",
                    ),
                ),
            ],
            options={
                "verbose_name": "package plan",
                "verbose_name_plural": "package plans",
                "ordering": ["kind", "name"],
            },
        ),
        migrations.AddField(
            model_name="customerpackage",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="customer_packages",
                to="loyalty_promos.packageplan",
                verbose_name="plan",
            ),
        ),
        migrations.CreateModel(
            name="PackageUsage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=255, verbose_name="description"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="date"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("open", "opened"),
                            ("use", "used"),
                            ("return", "returned"),
                            ("forfeit", "forfeited"),
                        ],
                        max_length=8,
                        verbose_name="kind",
                    ),
                ),
                ("visits", models.IntegerField(default=0, verbose_name="visits")),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="amount",
                    ),
                ),
                (
                    "charge",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="package_usages",
                        to="loyalty_promos.charge",
                        verbose_name="charge",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff user",
                    ),
                ),
                (
                    "package",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="usages",
                        to="loyalty_promos.customerpackage",
                        verbose_name="package",
                    ),
                ),
            ],
            options={
                "verbose_name": "package usage",
                "verbose_name_plural": "package usages",
                "ordering": ["-created_at", "-pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="charge",
            name="method",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="charges",
                to="loyalty_promos.paymentmethod",
                verbose_name="payment method",
            ),
        ),
        migrations.CreateModel(
            name="PointsBalance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("balance", models.IntegerField(default=0, verbose_name="points")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "customer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="loyalty_promos_points",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
            ],
            options={
                "verbose_name": "points balance",
                "verbose_name_plural": "points balances",
                "ordering": ["-balance"],
                "permissions": [
                    ("adjust_points", "Can add or remove points"),
                    ("redeem_reward", "Can redeem rewards for customers"),
                ],
            },
        ),
        migrations.CreateModel(
            name="PointsDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                ("kind", models.CharField(max_length=10, verbose_name="kind")),
                ("rule_key", models.BigIntegerField(default=0, verbose_name="rule")),
                (
                    "entries",
                    models.PositiveIntegerField(default=0, verbose_name="number of entries"),
                ),
                ("points", models.BigIntegerField(default=0, verbose_name="points")),
                ("shortfall", models.BigIntegerField(default=0, verbose_name="shortfall")),
            ],
            options={
                "verbose_name": "daily points total",
                "verbose_name_plural": "daily points totals",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("day", "kind", "rule_key"), name="loyalty_promos_one_points_day"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PointsEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=255, verbose_name="description"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="date"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("earn", "earned"),
                            ("spend", "spent"),
                            ("expire", "expired"),
                            ("adjust", "adjusted"),
                            ("reversal", "reversal"),
                        ],
                        max_length=8,
                        verbose_name="kind",
                    ),
                ),
                ("points", models.IntegerField(verbose_name="points")),
                ("balance_after", models.IntegerField(verbose_name="balance after")),
                ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="expires")),
                ("remaining", models.PositiveIntegerField(default=0, verbose_name="left")),
                ("reversed", models.BooleanField(default=False, verbose_name="reversed")),
                ("shortfall", models.PositiveIntegerField(default=0, verbose_name="shortfall")),
                (
                    "booking",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="loyalty_promos_points_entries",
                        to=settings.LOYALTY_PROMOS_BOOKING_MODEL,
                        verbose_name="booking",
                    ),
                ),
                (
                    "charge",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="points_entries",
                        to="loyalty_promos.charge",
                        verbose_name="charge",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff user",
                    ),
                ),
                (
                    "customer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="loyalty_promos_points_entries",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
                (
                    "rule",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="entries",
                        to="loyalty_promos.earningrule",
                        verbose_name="rule",
                    ),
                ),
            ],
            options={
                "verbose_name": "points entry",
                "verbose_name_plural": "points entries",
                "ordering": ["-created_at", "-pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="PointsAllocation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("points", models.PositiveIntegerField()),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="allocations",
                        to="loyalty_promos.pointsentry",
                    ),
                ),
                (
                    "lot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="loyalty_promos.pointsentry",
                    ),
                ),
            ],
            options={
                "verbose_name": "points allocation",
                "verbose_name_plural": "points allocations",
            },
        ),
        migrations.CreateModel(
            name="PricingRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("percent", "change by a percentage"),
                            ("amount", "change by an amount"),
                            ("set_price", "set the price"),
                        ],
                        max_length=10,
                        verbose_name="change",
                    ),
                ),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="Percentage or amount: positive raises the price, negative lowers it (for example −10). Set price: the new price.",
                        max_digits=10,
                        verbose_name="value",
                    ),
                ),
                (
                    "per_hour",
                    models.BooleanField(
                        default=False,
                        help_text="Set price only: the price is per hour of the booking (rooms, studios).",
                        verbose_name="per hour",
                    ),
                ),
                (
                    "priority",
                    models.IntegerField(
                        default=0,
                        help_text="Among the matching rules applying alone, only the one with the highest priority applies. Rules on top apply after it, highest priority first.",
                        verbose_name="priority",
                    ),
                ),
                (
                    "stacking",
                    models.CharField(
                        choices=[
                            (
                                "exclusive",
                                "alone: only the matching rule with the highest priority",
                            ),
                            ("stack", "on top: after the rule applying alone, on its result"),
                        ],
                        default="exclusive",
                        help_text="On top: a percentage or an amount applied to the price the other rules left, for example −10 % at weekends on a room's hourly price.",
                        max_length=9,
                        verbose_name="applies",
                    ),
                ),
                (
                    "weekdays",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Days of the appointment. None ticked: every day.",
                        validators=[loyalty_promos.models.coupons.validate_weekdays],
                        verbose_name="weekdays",
                    ),
                ),
                (
                    "time_from",
                    models.TimeField(
                        blank=True,
                        help_text="Start included.",
                        null=True,
                        verbose_name="from (time of day)",
                    ),
                ),
                (
                    "time_until",
                    models.TimeField(
                        blank=True,
                        help_text="End excluded.",
                        null=True,
                        verbose_name="until (time of day)",
                    ),
                ),
                ("date_from", models.DateField(blank=True, null=True, verbose_name="from (date)")),
                (
                    "date_until",
                    models.DateField(
                        blank=True, help_text="Included.", null=True, verbose_name="until (date)"
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "services",
                    models.ManyToManyField(
                        blank=True,
                        help_text="None: every service.",
                        related_name="+",
                        to=settings.LOYALTY_PROMOS_SERVICE_MODEL,
                        verbose_name="services",
                    ),
                ),
                (
                    "staff",
                    models.ManyToManyField(
                        blank=True,
                        help_text="None: everyone.",
                        related_name="+",
                        to=settings.LOYALTY_PROMOS_STAFF_MODEL,
                        verbose_name="staff members",
                    ),
                ),
            ],
            options={
                "verbose_name": "pricing rule",
                "verbose_name_plural": "pricing rules",
                "ordering": ["-priority", "-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Purchase",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "reference",
                    models.CharField(
                        default=loyalty_promos.models.purchases.new_reference,
                        editable=False,
                        max_length=40,
                        unique=True,
                        verbose_name="reference",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("package", "package"),
                            ("credit_pack", "credit pack"),
                            ("gift_card", "gift card"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=255, verbose_name="description"),
                ),
                (
                    "amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        default=None,
                        max_digits=12,
                        null=True,
                        verbose_name="value",
                    ),
                ),
                (
                    "price",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="price",
                    ),
                ),
                ("currency", models.CharField(max_length=3, verbose_name="currency")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "waiting for payment"),
                            ("paid", "paid"),
                            ("failed", "payment failed"),
                            ("cancelled", "cancelled"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("backend", models.CharField(max_length=200, verbose_name="payment backend")),
                (
                    "provider_reference",
                    models.CharField(
                        blank=True,
                        help_text="The payment's id at the provider (or a note for a payment at the desk).",
                        max_length=255,
                        verbose_name="provider reference",
                    ),
                ),
                (
                    "failure_reason",
                    models.CharField(blank=True, max_length=255, verbose_name="reason"),
                ),
                ("paid_at", models.DateTimeField(blank=True, null=True, verbose_name="paid")),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="confirmed or cancelled by",
                    ),
                ),
                (
                    "credit_entry",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="purchase",
                        to="loyalty_promos.creditentry",
                        verbose_name="credit delivered",
                    ),
                ),
                (
                    "credit_pack",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="purchases",
                        to="loyalty_promos.creditpack",
                        verbose_name="credit pack",
                    ),
                ),
                (
                    "customer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="loyalty_promos_purchases",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
                (
                    "gift_card",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="purchase",
                        to="loyalty_promos.giftcard",
                        verbose_name="gift card delivered",
                    ),
                ),
                (
                    "package",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="purchase",
                        to="loyalty_promos.customerpackage",
                        verbose_name="package delivered",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="purchases",
                        to="loyalty_promos.packageplan",
                        verbose_name="package plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "online purchase",
                "verbose_name_plural": "online purchases",
                "ordering": ["-created_at", "-pk"],
                "permissions": [("confirm_purchase", "Can confirm and cancel online purchases")],
            },
        ),
        migrations.CreateModel(
            name="Redemption",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code_text", models.CharField(max_length=80, verbose_name="code")),
                ("coupon_name", models.CharField(max_length=200, verbose_name="promo code name")),
                ("discount_type", models.CharField(max_length=10, verbose_name="discount type")),
                (
                    "discount_value",
                    models.DecimalField(decimal_places=2, max_digits=10, verbose_name="discount"),
                ),
                ("booking_ref", models.CharField(max_length=64, verbose_name="booking reference")),
                ("use_key", models.CharField(editable=False, max_length=80, verbose_name="use")),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="discount given",
                    ),
                ),
                ("first_booking", models.BooleanField(default=False, verbose_name="new customer")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="used at"),
                ),
                (
                    "voided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="released at"),
                ),
                (
                    "booking",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="loyalty_promos_redemptions",
                        to=settings.LOYALTY_PROMOS_BOOKING_MODEL,
                        verbose_name="booking",
                    ),
                ),
                (
                    "charge",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="redemptions",
                        to="loyalty_promos.charge",
                        verbose_name="charge",
                    ),
                ),
                (
                    "code",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="redemptions",
                        to="loyalty_promos.couponcode",
                        verbose_name="code",
                    ),
                ),
                (
                    "coupon",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="redemptions",
                        to="loyalty_promos.coupon",
                        verbose_name="promo code",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="applied by",
                    ),
                ),
                (
                    "customer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="loyalty_promos_redemptions",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
            ],
            options={
                "verbose_name": "code use",
                "verbose_name_plural": "code uses",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Reward",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                ("points_cost", models.PositiveIntegerField(verbose_name="points")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("percent", "percentage discount"),
                            ("amount", "fixed discount"),
                            ("free_service", "a free service"),
                            ("gift_card", "a gift card"),
                        ],
                        max_length=12,
                        verbose_name="reward",
                    ),
                ),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        help_text="Percentage, amount or gift card value.",
                        max_digits=12,
                        verbose_name="value",
                    ),
                ),
                (
                    "valid_days",
                    models.PositiveIntegerField(
                        default=90,
                        help_text="How long the code or gift card lasts.",
                        verbose_name="valid for (days)",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "service",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.LOYALTY_PROMOS_SERVICE_MODEL,
                        verbose_name="free service",
                    ),
                ),
            ],
            options={
                "verbose_name": "reward",
                "verbose_name_plural": "rewards",
                "ordering": ["points_cost"],
            },
        ),
        migrations.AddField(
            model_name="pointsentry",
            name="reward",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="loyalty_promos.reward",
                verbose_name="reward",
            ),
        ),
        migrations.CreateModel(
            name="RewardRedemption",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="date"),
                ),
                (
                    "coupon",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="loyalty_promos.coupon",
                        verbose_name="promo code",
                    ),
                ),
                (
                    "customer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="loyalty_promos_rewards",
                        to=settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
                        verbose_name="customer",
                    ),
                ),
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="loyalty_promos.pointsentry",
                    ),
                ),
                (
                    "gift_card",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="loyalty_promos.giftcard",
                        verbose_name="gift card",
                    ),
                ),
                (
                    "reward",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="redemptions",
                        to="loyalty_promos.reward",
                        verbose_name="reward",
                    ),
                ),
            ],
            options={
                "verbose_name": "redeemed reward",
                "verbose_name_plural": "redeemed rewards",
                "ordering": ["-created_at"],
            },
        ),
        migrations.AddConstraint(
            model_name="coupon",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("discount_value__gte", 0),
                    models.Q(
                        ("discount_type", "amount"), ("discount_value__lte", 100), _connector="OR"
                    ),
                ),
                name="loyalty_promos_coupon_discount_range",
            ),
        ),
        migrations.AddIndex(
            model_name="couponcode",
            index=models.Index(fields=["normalized"], name="lp_couponcode_normalized"),
        ),
        migrations.AddConstraint(
            model_name="couponcode",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_active", True)),
                fields=("normalized",),
                name="loyalty_promos_one_active_code_per_value",
                violation_error_message="This code is already active on another promo code.",
            ),
        ),
        migrations.AddConstraint(
            model_name="codeshare",
            constraint=models.UniqueConstraint(
                condition=models.Q(("batch__isnull", False)),
                fields=("code",),
                name="loyalty_promos_personal_code_sent_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="codeshare",
            constraint=models.UniqueConstraint(
                condition=models.Q(("batch__isnull", False)),
                fields=("batch", "customer"),
                name="loyalty_promos_one_code_per_batch_and_customer",
            ),
        ),
        migrations.AddConstraint(
            model_name="creditbalance",
            constraint=models.CheckConstraint(
                condition=models.Q(("balance__gte", 0)),
                name="loyalty_promos_credit_balance_not_negative",
            ),
        ),
        migrations.AddIndex(
            model_name="creditentry",
            index=models.Index(fields=["customer", "created_at"], name="lp_credit_customer_date"),
        ),
        migrations.AddConstraint(
            model_name="customerdiscount",
            constraint=models.CheckConstraint(
                condition=models.Q(("percent__gte", 0), ("percent__lte", 100)),
                name="loyalty_promos_customer_discount_percent_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="giftcard",
            constraint=models.CheckConstraint(
                condition=models.Q(("balance__gte", 0)),
                name="loyalty_promos_gift_card_balance_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="customerpackage",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("credit_left__isnull", True), ("credit_left__gte", 0), _connector="OR"
                ),
                name="loyalty_promos_package_credit_not_negative",
            ),
        ),
        migrations.AddIndex(
            model_name="charge",
            index=models.Index(fields=["status", "created_at"], name="lp_charge_status_created"),
        ),
        migrations.AddIndex(
            model_name="charge",
            index=models.Index(fields=["created_at"], name="lp_charge_created"),
        ),
        migrations.AddIndex(
            model_name="charge",
            index=models.Index(
                fields=["created_at", "status", "amount_due", "discount_amount", "credits_amount"],
                name="lp_charge_period_sums",
            ),
        ),
        migrations.AddIndex(
            model_name="charge",
            index=models.Index(fields=["starts_at"], name="lp_charge_starts_at"),
        ),
        migrations.AddIndex(
            model_name="charge",
            index=models.Index(
                condition=models.Q(("points_awarded_at__isnull", True), ("status", "paid")),
                fields=["id"],
                name="lp_charge_points_due",
            ),
        ),
        migrations.AddConstraint(
            model_name="charge",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("booking__isnull", False), models.Q(("status", "void"), _negated=True)
                ),
                fields=("booking",),
                name="loyalty_promos_one_live_charge_per_booking",
            ),
        ),
        migrations.AddConstraint(
            model_name="charge",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_due__gte", 0)),
                name="loyalty_promos_charge_amount_due_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="charge",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("discount_amount__gte", 0), ("discount_amount__lte", models.F("price"))
                ),
                name="loyalty_promos_charge_discount_within_price",
            ),
        ),
        migrations.AddConstraint(
            model_name="pointsbalance",
            constraint=models.CheckConstraint(
                condition=models.Q(("balance__gte", 0)), name="loyalty_promos_points_not_negative"
            ),
        ),
        migrations.AddConstraint(
            model_name="pricingrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "set_price"), _negated=True),
                    ("value__gte", 0),
                    _connector="OR",
                ),
                name="loyalty_promos_pricing_set_price_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="pricingrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "percent"), _negated=True),
                    ("value__gte", -100),
                    _connector="OR",
                ),
                name="loyalty_promos_pricing_percent_not_below_minus_100",
            ),
        ),
        migrations.AddConstraint(
            model_name="pricingrule",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "set_price"), ("stacking", "stack"), _negated=True),
                name="loyalty_promos_pricing_set_price_never_on_top",
            ),
        ),
        migrations.AddIndex(
            model_name="purchase",
            index=models.Index(fields=["customer", "created_at"], name="lp_purchase_customer"),
        ),
        migrations.AddConstraint(
            model_name="purchase",
            constraint=models.CheckConstraint(
                condition=models.Q(("price__gte", 0)),
                name="loyalty_promos_purchase_price_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="purchase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("paid_at__isnull", False),
                        ("status", "paid"),
                        models.Q(
                            ("package__isnull", False),
                            ("gift_card__isnull", False),
                            ("credit_entry__isnull", False),
                            _connector="OR",
                        ),
                    ),
                    models.Q(
                        models.Q(("status", "paid"), _negated=True),
                        ("credit_entry__isnull", True),
                        ("gift_card__isnull", True),
                        ("package__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="loyalty_promos_purchase_delivered_only_when_paid",
            ),
        ),
        migrations.AddIndex(
            model_name="redemption",
            index=models.Index(fields=["coupon", "use_key"], name="lp_redemption_coupon_use"),
        ),
        migrations.AddIndex(
            model_name="redemption",
            index=models.Index(fields=["code", "use_key"], name="lp_redemption_code_use"),
        ),
        migrations.AddConstraint(
            model_name="redemption",
            constraint=models.UniqueConstraint(
                condition=models.Q(("booking__isnull", False), ("voided_at__isnull", True)),
                fields=("booking",),
                name="loyalty_promos_one_live_redemption_per_booking",
            ),
        ),
        migrations.AddIndex(
            model_name="pointsentry",
            index=models.Index(fields=["customer", "created_at"], name="lp_points_customer_date"),
        ),
        migrations.AddIndex(
            model_name="pointsentry",
            index=models.Index(fields=["customer", "expires_at"], name="lp_points_lots"),
        ),
        migrations.AddIndex(
            model_name="pointsentry",
            index=models.Index(fields=["created_at", "id"], name="lp_points_created"),
        ),
        migrations.AddIndex(
            model_name="pointsentry",
            index=models.Index(
                condition=models.Q(("remaining__gt", 0)),
                fields=["expires_at", "remaining"],
                name="lp_points_live_lots_sum",
            ),
        ),
        migrations.AddIndex(
            model_name="pointsentry",
            index=models.Index(
                condition=models.Q(("shortfall__gt", 0)),
                fields=["created_at"],
                name="lp_points_shortfall",
            ),
        ),
        migrations.AddConstraint(
            model_name="pointsentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("booking__isnull", False), ("kind", "earn"), ("reversed", False)
                ),
                fields=("booking", "rule"),
                name="loyalty_promos_one_award_per_booking_and_rule",
            ),
        ),
        migrations.RunPython(add_payment_methods, migrations.RunPython.noop),
    ]
