# Apart from 0005, as 0004 is from 0003.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("network", "0005_link_filed_at")]

    operations = [
        migrations.AlterField(
            model_name="entitylink",
            name="filed_at",
            field=models.DateTimeField(),
        ),
        migrations.AddIndex(
            model_name="entitylink",
            index=models.Index(
                fields=["filed_at", "cluster", "child", "concern", "entity"],
                name="entity_link_filed",
            ),
        ),
    ]
