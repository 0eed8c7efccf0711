from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("loyalty_promos", "0018_code_shares"),
    ]

    operations = [
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
    ]
