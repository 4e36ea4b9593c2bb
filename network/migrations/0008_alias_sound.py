"""An entity's other name has its own sound (`Entity.alias_sound`), so that a nickname named
alone finds the person also known by it. Filled in for the entities that have one."""

from django.db import migrations, models

from network import normalise


def sound_the_aliases(apps, schema_editor):
    Entity = apps.get_model("network", "Entity")
    entities = list(Entity.objects.exclude(alias="").only("alias"))
    for entity in entities:
        entity.alias_sound = normalise.phonetic_key(entity.alias)[:60]
    Entity.objects.bulk_update(entities, ["alias_sound"], batch_size=2_000)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_link_named"),
    ]

    operations = [
        migrations.AddField(
            model_name="entity",
            name="alias_sound",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(
                condition=models.Q(("alias_sound", ""), _negated=True),
                fields=["kind", "alias_sound"],
                name="entity_alias_sound",
            ),
        ),
        migrations.RunPython(sound_the_aliases, migrations.RunPython.noop),
    ]
