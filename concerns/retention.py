"""Data retention: closed concerns are deleted once the period an administrator set (75 years by
default) has passed since the child's date of birth or the concern's last change, whichever is
later, with everything hanging off them and any child left with no concern. Never while the
child has an open concern.
The audit trail is kept: it holds references and ids, not what the concerns said."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest

from audit.services import audit_record
from common.db_limits import longer_statements
from concerns.models import Addendum, BandOverride, Child, Concern, RetentionPolicy


@dataclass
class PurgeReport:
    cutoff: datetime.datetime
    retention_days: int
    dry_run: bool
    references: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def concerns_past_retention(*, cutoff: datetime.datetime):
    """Closed concerns whose child's date of birth and last change (filing, status change,
    review, addendum, override or referral step) are both older than `cutoff`, and whose child
    has no open concern."""
    latest_addendum = Addendum.objects.filter(concern=OuterRef("pk")).order_by("-created_at")
    latest_override = BandOverride.objects.filter(concern=OuterRef("pk")).order_by("-at")
    changes = [
        Coalesce(F("status_changed_at"), F("filed_at")),
        Coalesce(F("reviewed_at"), F("filed_at")),
        Coalesce(Subquery(latest_addendum.values("created_at")[:1]), F("filed_at")),
        Coalesce(Subquery(latest_override.values("at")[:1]), F("filed_at")),
        Coalesce(F("referral__outcome_at"), F("filed_at")),
        Coalesce(F("referral__closed_at"), F("filed_at")),
    ]
    born = Coalesce(Cast("child__date_of_birth", DateTimeField()), F("filed_at"))
    return (
        Concern.objects.filter(status=Concern.Status.CLOSED)
        .annotate(
            last_change=Greatest(F("filed_at"), *changes),
            counted_from=Greatest(born, F("last_change")),
        )
        .filter(counted_from__lt=cutoff)
        .exclude(child_id__in=children_with_open_concerns())
    )


def children_with_open_concerns():
    """While any concern about a child is open, none of theirs is deleted: the history is
    what the open one is judged against."""
    return Concern.objects.exclude(status=Concern.Status.CLOSED).values("child_id")


def concerns_purge_expired(*, now: datetime.datetime, dry_run: bool, actor=None) -> PurgeReport:
    """Delete what is past retention (or, with dry_run, count it and roll back) and audit it."""
    days = retention_policy().closed_concern_retention_days
    report = PurgeReport(
        cutoff=now - datetime.timedelta(days=days), retention_days=days, dry_run=dry_run
    )
    with longer_statements(settings.PURGE_STATEMENT_TIMEOUT), transaction.atomic():
        with transaction.atomic():
            _delete(report)
            if dry_run:
                transaction.set_rollback(True)
        audit_record(
            action="retention.dry_run" if dry_run else "retention.purged",
            actor=actor,
            object_type="retention",
            detail={
                "retention_days": days,
                "cutoff": report.cutoff.isoformat(),
                "references": report.references,
                "counts": report.counts,
            },
        )
    return report


def _delete(report: PurgeReport) -> None:
    expired = list(
        concerns_past_retention(cutoff=report.cutoff)
        .select_for_update(of=("self",))
        .values_list("pk", "reference", "child_id")
    )
    report.references = sorted(reference for _, reference, _ in expired)
    if not expired:
        return
    _, concern_counts = (
        Concern.objects.filter(pk__in=[pk for pk, _, _ in expired], status=Concern.Status.CLOSED)
        .exclude(child_id__in=children_with_open_concerns())
        .delete()
    )
    orphans = Child.objects.filter(
        pk__in={child_id for _, _, child_id in expired}, concerns__isnull=True
    )
    _, child_counts = orphans.delete()
    for label, count in [*concern_counts.items(), *child_counts.items()]:
        if count:
            report.counts[label] = report.counts.get(label, 0) + count


def retention_policy() -> RetentionPolicy:
    policy, _ = RetentionPolicy.objects.get_or_create(pk=1)
    return policy
