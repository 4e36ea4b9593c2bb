"""Writes to indicators and the scoring policy. Each edit makes a new version."""

from django.db import transaction
from django.db.models import Max

from .models import Indicator, IndicatorVersion, ScoringPolicy


def indicator_save(*, indicator: Indicator, by) -> Indicator:
    """Save an indicator, bumping its version and recording the wording and weight it now has."""
    with transaction.atomic():
        if indicator.pk is not None:
            latest = IndicatorVersion.objects.filter(indicator_id=indicator.pk).aggregate(
                Max("version")
            )["version__max"]
            indicator.version = (latest or indicator.version) + 1
        indicator.save()
        IndicatorVersion.objects.create(
            indicator=indicator,
            version=indicator.version,
            text=indicator.text,
            help_text=indicator.help_text,
            weight=indicator.weight,
            active=indicator.active,
            changed_by=by,
        )
    return indicator


def policy_new_version(*, policy: ScoringPolicy, by) -> ScoringPolicy:
    """Policies are never edited in place: saving one adds the next version."""
    with transaction.atomic():
        latest = ScoringPolicy.objects.select_for_update().order_by("-version").first()
        policy.pk = None
        policy.version = (latest.version if latest else 0) + 1
        policy.created_by = by
        policy.save(force_insert=True)
    return policy
