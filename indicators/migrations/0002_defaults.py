"""The ten grooming indicators and four defining features from the Wiltshire CSE briefing,
and scoring policy version 1. A data migration so production starts with them too."""

from decimal import Decimal

from django.db import migrations

INDICATORS = [
    ("missing", "Regularly missing from home or school and staying out all night", 3),
    ("behaviour", "Change in behaviour – becoming aggressive and disruptive or quiet and "
     "withdrawn", 1),
    ("gifts", "Unexplained gifts or new possessions such as clothes, jewellery, mobile phones "
     "or money that can't be accounted for", 2),
    ("phone", "Increase in mobile phone use or secretive use", 2),
    ("drugs_alcohol", "Appearing to be under the influence of drugs or alcohol", 2),
    ("cars", "Being picked up or dropped off in cars by unknown adults", 3),
    ("older_friend", "A significantly older 'boyfriend' or 'friend' or lots of new friends", 3),
    ("online", "Spending excessive amount of time online and becoming increasingly secretive "
     "about time spent online", 2),
    ("offending", "Sudden involvement in criminal behaviour or increased offending", 2),
    ("sexual_health", "Sexual health problems", 3),
]

FEATURES = [
    ("exchange", "Exchange: the child or a third person receives something for sexual activity",
     "For example food, accommodation, drugs, alcohol, cigarettes, affection, gifts or money.", 3),
    ("technology", "Technology: the child is exploited through technology",
     "For example persuaded to post sexual images on the internet or mobile phones, without "
     "immediate payment or gain.", 2),
    ("power", "Power imbalance: the person exploiting the child has power over them",
     "Through age, gender, strength, money, status or other resources.", 2),
    ("vulnerability", "Vulnerability: the child's choices are limited",
     "Social, economic or emotional vulnerability that limits the child's choice.", 1),
]


def load_defaults(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorVersion = apps.get_model("indicators", "IndicatorVersion")
    ScoringPolicy = apps.get_model("indicators", "ScoringPolicy")
    rows = [("indicator", key, text, "", weight) for key, text, weight in INDICATORS]
    rows += [("feature", key, text, help_text, weight) for key, text, help_text, weight in FEATURES]
    for order, (kind, key, text, help_text, weight) in enumerate(rows, start=1):
        indicator, created = Indicator.objects.get_or_create(
            key=key,
            defaults={"kind": kind, "text": text, "help_text": help_text, "weight": weight,
                      "order": order, "active": True, "version": 1},
        )
        if created:
            IndicatorVersion.objects.create(
                indicator=indicator, version=1, text=text, help_text=help_text,
                weight=weight, active=True,
            )
    if not ScoringPolicy.objects.exists():
        ScoringPolicy.objects.create(
            version=1, medium_threshold=Decimal(6), high_threshold=Decimal(12),
            young_age=13, repeat_count=3, repeat_days=90,
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
