from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def child_from_concern(apps, schema_editor):
    EntityLink = apps.get_model("network", "EntityLink")
    Concern = apps.get_model("concerns", "Concern")
    child = Concern.objects.filter(pk=OuterRef("concern_id")).values("child_id")[:1]
    EntityLink.objects.update(child_id=Subquery(child))


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0013_concern_child_filed_id"),
        ("network", "0002_link_cluster"),
    ]

    operations = [
        migrations.AddField(
            model_name="entitylink",
            name="child",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="concerns.child",
            ),
        ),
        migrations.RunPython(child_from_concern, migrations.RunPython.noop),
    ]
