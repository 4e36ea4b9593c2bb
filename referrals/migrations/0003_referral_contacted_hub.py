"""Which hub was phoned, kept on the referral, and an index that gives the queue its order.

Until now the hub was inferred from whether a follow-up reminder existed (only a call to MASH
sets one); existing referrals are filled in the same way, so nothing a lead sees changes."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def fill_contacted_hub(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Reminder = apps.get_model("referrals", "Reminder")
    follow_up = Reminder.objects.filter(concern_id=OuterRef("concern_id"), kind="follow_up")
    contacted = Referral.objects.filter(contacted_at__isnull=False)
    contacted.filter(Exists(follow_up)).update(contacted_hub="mash")
    contacted.filter(~Exists(follow_up)).update(contacted_hub="edt")


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_defaults"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="contacted_hub",
            field=models.CharField(
                blank=True,
                choices=[("mash", "MASH"), ("edt", "Emergency Duty Team")],
                max_length=4,
            ),
        ),
        migrations.RunPython(fill_contacted_hub, migrations.RunPython.noop),
        # The queue reads each status's oldest first; with the id too, ties need no sort.
        migrations.RemoveIndex(model_name="referral", name="referrals_r_status_2b2ceb_idx"),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["status", "created_at", "id"], name="referral_queue_order"
            ),
        ),
    ]
