"""How a concern follows its referral. Referrals sit below concerns and never import them
(referrals/signals.py says why), so concerns listens: closing a referral closes its concern,
withdrawing one puts the concern back to the leads, and the reminders about a concern's own
review ask concerns whether they are still due."""

from django.dispatch import receiver

from referrals.models import Reminder
from referrals.reminders import CONCERN_CHECKS
from referrals.signals import referral_closed, referral_withdrawn

from .models import Concern


@receiver(referral_closed)
def close_the_concern(sender, *, concern_id: int, by, at, **kwargs) -> None:
    """A concern's status is the one definition the dashboard's counts, the status filter and
    the lists all read, so a closed referral's concern is closed with it."""
    Concern.objects.filter(pk=concern_id, status=Concern.Status.REFERRED).update(
        status=Concern.Status.CLOSED, status_changed_at=at, status_changed_by=by
    )


@receiver(referral_withdrawn)
def return_the_concern_to_the_leads(sender, *, concern_id: int, by, at, **kwargs) -> None:
    """The concern goes back to the leads for a decision (monitor or close)."""
    Concern.objects.filter(pk=concern_id, status=Concern.Status.REFERRED).update(
        status=Concern.Status.NEW, reviewed_at=None
    )


def _review_still_due(concern: Concern) -> bool:
    return concern.status == Concern.Status.NEW and concern.reviewed_at is None


def _monitoring_still_due(concern: Concern) -> bool:
    return concern.status == Concern.Status.MONITORING


CONCERN_CHECKS[Reminder.Kind.REVIEW_DUE] = _review_still_due
CONCERN_CHECKS[Reminder.Kind.MONITORING_REVIEW] = _monitoring_still_due
