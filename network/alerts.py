"""Telling the leads that a new concern names a known entity: filing records an EntityAlert;
the sweep (beat runs it every REMINDER_SWEEP_SECONDS, like urgent reminders) counts the other
concerns and children naming each entity, and sends it. Nothing is published from a request,
so a frozen broker cannot hold up a filing. Claimed
before sending, like a reminder (referrals.reminders), so two workers, two beats or a retried
task never send the same alert. The email says the kind of entity and how many other
concerns and children name it, never who or what, nor anything about the child."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from referrals.emails import reminder_messages

from .models import EntityAlert
from .services import alert_claim, alert_count, alert_mark_sent, entries_standing
from .wording import alert_sentence

logger = logging.getLogger(__name__)

CLAIM_EXPIRES = datetime.timedelta(minutes=2)
KIND = "entity_linked"


BATCH = 200  # alerts a sweep sends at most; the next sweep takes the rest
ALERT_FIELDS = (
    *("lines", "other_children", "concern__reference", "concern__band"),
    *("concern__filed_at", "concern__child_id"),  # what its counts are counted from
)


def alert_send(*, alert_id: int) -> str:
    """Claim and send one alert to every active lead. Returns "sent" or "skipped"."""
    alert = _unsent().filter(pk=alert_id).first()
    if alert is None:
        return "skipped"
    return _send(alert, _leads(), entries_standing(alert.lines))


def alerts_sweep() -> int:
    """Send every alert not yet sent, BATCH a sweep. The alerts, the leads and the entries
    their entities stand as now are read once for the batch; each alert is then claimed,
    counted, sent and marked sent on its own, so a second sweep at once sends none twice."""
    due = list(_unsent().filter(created_at__lte=timezone.now()).order_by("created_at")[:BATCH])
    if not due:
        return 0
    leads = _leads()
    standing = entries_standing([line for alert in due for line in alert.lines])
    return sum(_send(alert, leads, standing) == "sent" for alert in due)


def _unsent():
    return (
        EntityAlert.objects.filter(sent_at__isnull=True)
        .select_related("concern")
        .only(*ALERT_FIELDS)
    )


def _send(alert: EntityAlert, leads: list, standing: dict[int, int]) -> str:
    if not alert_claim(alert_id=alert.pk, now=timezone.now(), expires=CLAIM_EXPIRES):
        return "skipped"
    alert = alert_count(alert, standing=standing)
    try:
        connection = get_connection()
        connection.send_messages(
            reminder_messages(kind=KIND, context=_context(alert), recipients=leads)
        )
    except Exception as exc:
        # Left claimed: the sweep counts and sends it again once the claim expires.
        logger.error("entity alert id=%s not sent (%s); will retry", alert.pk, type(exc).__name__)
        return "failed"
    alert_mark_sent(alert=alert, now=timezone.now())
    logger.info("entity alert sent id=%s to %s leads", alert.pk, len(leads))
    return "sent"


def _leads() -> list:
    users = get_user_model().objects.filter(is_active=True, groups__name=roles.LEAD)
    return list(users.exclude(email="").distinct().order_by("pk"))


def _context(alert: EntityAlert) -> dict:
    site = settings.SITE_URL.rstrip("/")
    reference = alert.concern.reference
    return {
        "reference": reference,
        "band": alert.concern.band_label,
        "sentences": [alert_sentence(line) for line in alert.lines],
        "url": site + reverse("concern_detail", args=[reference]),
    }
