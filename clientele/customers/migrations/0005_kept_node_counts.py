import django.db.models.deletion
from django.db import migrations, models

from clientele.core.rows.tallies import Tally, tally_install, tally_remove

# The customers of each group and territory, kept by triggers (``core.rows.tallies``).
KEPT = (("customer_group", "CustomerGroupCustomers"), ("territory", "TerritoryCustomers"))


def _tallies(apps):
    customer = apps.get_model("customers", "Customer")
    return [Tally(customer, link, apps.get_model("customers", kept)) for link, kept in KEPT]


def install(apps, schema_editor):
    for tally in _tallies(apps):
        tally_install(tally, using=schema_editor.connection.alias)


def remove(apps, schema_editor):
    for tally in _tallies(apps):
        tally_remove(tally, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0004_frozen_filter_index"),
        ("selling", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CustomerGroupCustomers",
            fields=[
                ("records", models.IntegerField(default=0)),
                (
                    "node",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="selling.customergroup",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="TerritoryCustomers",
            fields=[
                ("records", models.IntegerField(default=0)),
                (
                    "node",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="selling.territory",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.RunPython(install, remove),
    ]
