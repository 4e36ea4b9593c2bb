from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def filed_at_from_concern(apps, schema_editor):
    EntityLink = apps.get_model("network", "EntityLink")
    Concern = apps.get_model("concerns", "Concern")
    filed_at = Concern.objects.filter(pk=OuterRef("concern_id")).values("filed_at")[:1]
    EntityLink.objects.update(filed_at=Subquery(filed_at))


class Migration(migrations.Migration):
    dependencies = [("network", "0004_link_child_required")]

    operations = [
        migrations.AddField(
            model_name="entitylink",
            name="filed_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(filed_at_from_concern, migrations.RunPython.noop),
    ]
