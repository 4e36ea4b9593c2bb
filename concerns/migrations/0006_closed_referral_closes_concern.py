"""A concern whose referral is closed is closed (referrals.services.referral_close does so from
now on): one status for the dashboard's counts, the status filter and the lists."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def close_concerns_of_closed_referrals(apps, schema_editor):
    Concern = apps.get_model("concerns", "Concern")
    Referral = apps.get_model("referrals", "Referral")
    closing = Referral.objects.filter(concern=OuterRef("pk"))
    Concern.objects.filter(status="referred", referral__status="closed").update(
        status="closed",
        status_changed_at=Subquery(closing.values("closed_at")[:1]),
        status_changed_by=Subquery(closing.values("closed_by")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0005_trend_index"),
        ("referrals", "0003_referral_contacted_hub"),
    ]
    operations = [
        migrations.RunPython(close_concerns_of_closed_referrals, migrations.RunPython.noop),
    ]
