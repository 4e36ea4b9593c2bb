"""People and places named are compared with those filed before them by the worker's sweep,
not in the filing's request. Those filed before this were compared at filing: none waits."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0008_alias_sound"),
    ]

    operations = [
        migrations.AddField(
            model_name="entity",
            name="to_compare",
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(
                condition=models.Q(("to_compare", True)), fields=["id"], name="entity_to_compare"
            ),
        ),
    ]
