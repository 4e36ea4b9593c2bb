# Apart from 0003: on PostgreSQL, altering a table whose rows the same transaction updated
# fails while the deferred foreign-key checks are pending.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("network", "0003_link_child")]

    operations = [
        migrations.AlterField(
            model_name="entitylink",
            name="child",
            field=models.ForeignKey(
                db_index=False,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="concerns.child",
            ),
        ),
        migrations.AddIndex(
            model_name="entitylink",
            index=models.Index(fields=["child", "entity"], name="entity_link_child"),
        ),
        migrations.AddIndex(
            model_name="entitylink",
            index=models.Index(fields=["entity", "child", "cluster"], name="entity_link_children"),
        ),
    ]
