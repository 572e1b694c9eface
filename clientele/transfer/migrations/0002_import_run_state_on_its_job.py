import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """An import's run state (status, counts, checkpoint, times) moves to its job; the
    import keeps a link to its latest job."""

    dependencies = [
        ("jobs", "0001_initial"),
        ("transfer", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(model_name="import", name="status"),
        migrations.RemoveField(model_name="import", name="total"),
        migrations.RemoveField(model_name="import", name="checkpoint"),
        migrations.RemoveField(model_name="import", name="errors"),
        migrations.RemoveField(model_name="import", name="started_at"),
        migrations.RemoveField(model_name="import", name="finished_at"),
        migrations.AddField(
            model_name="import",
            name="job",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="jobs.job",
                verbose_name="job",
            ),
        ),
        migrations.AddIndex(
            model_name="import",
            index=models.Index(fields=["user", "id"], name="import_user_newest"),
        ),
    ]
