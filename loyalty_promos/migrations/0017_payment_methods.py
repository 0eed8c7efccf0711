"""Payment methods: a list staff edit; charges point at theirs and keep its name.

Card and cash are added here so every install (and every test database) starts
with them; charges paid before, whose free-text method reads "card" or "cash"
(any case), are linked to them.
"""

import django.db.models.deletion
from django.db import migrations, models

DEFAULTS = [("card", "Card", 0), ("cash", "Cash", 1)]


def add_defaults(apps, schema_editor):
    PaymentMethod = apps.get_model("loyalty_promos", "PaymentMethod")
    Charge = apps.get_model("loyalty_promos", "Charge")
    for code, name, position in DEFAULTS:
        method, _created = PaymentMethod.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )
        Charge.objects.filter(payment_method__iexact=code, method__isnull=True).update(
            method=method
        )


class Migration(migrations.Migration):
    dependencies = [
        ("loyalty_promos", "0016_purchases"),
    ]

    operations = [
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
        migrations.AlterField(
            model_name="charge",
            name="payment_method",
            field=models.CharField(blank=True, max_length=50, verbose_name="payment method name"),
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
        migrations.AlterModelOptions(
            name="charge",
            options={
                "ordering": ["-created_at", "-pk"],
                "permissions": [
                    ("checkout_booking", "Can check out appointments"),
                    ("mark_paid", "Can mark charges paid"),
                    ("void_charge", "Can void charges"),
                    ("apply_code_to_charge", "Can apply a promo code to a pending charge"),
                    ("view_reports", "Can view reports"),
                    ("export_reports", "Can export reports"),
                ],
                "verbose_name": "charge",
                "verbose_name_plural": "charges",
            },
        ),
        migrations.RunPython(add_defaults, migrations.RunPython.noop),
    ]
