"""Contacts from the Wiltshire CSE briefing, default office hours, reminder timings and the
outcomes a referral can have. A data migration so production starts with them too."""

from django.db import migrations

CONTACTS = [
    ("mash", "Multi-Agency Safeguarding Hub (MASH)", "0300 456 0108",
     "Children's social care, Wiltshire. Office hours."),
    ("edt", "Emergency Duty Team", "0845 6070 888", "Out of hours."),
    ("emergency", "Police and ambulance", "999", "When a child is in immediate danger."),
]

OUTCOMES = [
    "Strategy discussion",
    "Section 47 enquiry",
    "Section 17 assessment",
    "Early help",
    "No further action",
]


def load_defaults(apps, schema_editor):
    Contact = apps.get_model("referrals", "Contact")
    for purpose, name, number, description in CONTACTS:
        Contact.objects.get_or_create(
            purpose=purpose, defaults={"name": name, "number": number, "description": description}
        )
    OfficeHours = apps.get_model("referrals", "OfficeHours")
    if not OfficeHours.objects.exists():
        OfficeHours.objects.create()
    ReminderTimings = apps.get_model("referrals", "ReminderTimings")
    if not ReminderTimings.objects.exists():
        ReminderTimings.objects.create()
    Outcome = apps.get_model("referrals", "Outcome")
    for order, name in enumerate(OUTCOMES, start=1):
        Outcome.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
