"""Each link keeps what its concern said of the entity (`EntityLink.named`).

Links written before this did not keep it. They are given only what the concern's filer must
have typed for the link to be made: a vehicle's registration, a phone number, an account, or
a place's name and postcode when it was linked by them. Nothing else of the entity is copied:
the rest may have been typed by another filer about another child, or by a lead."""

from django.db import migrations, models

BATCH = 2_000
KEYS = {
    "vehicle": ("registration",),
    "phone": ("number",),
    "account": ("platform", "handle"),
}


def _named(entity) -> dict:
    names = KEYS.get(entity.kind, ())
    if entity.kind == "place" and entity.exact_key:
        names = ("name", "postcode")
    return {name: getattr(entity, name) for name in names if getattr(entity, name)}


def keep_what_identifies(apps, schema_editor):
    EntityLink = apps.get_model("network", "EntityLink")
    links = EntityLink.objects.select_related("entity").order_by("id")
    after = 0
    while batch := list(links.filter(id__gt=after)[:BATCH]):
        after = batch[-1].id
        for link in batch:
            link.named = _named(link.entity)
        EntityLink.objects.bulk_update(batch, ["named"])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0006_link_filed_at_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="entitylink",
            name="named",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(keep_what_identifies, migrations.RunPython.noop),
    ]
