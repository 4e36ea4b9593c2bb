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
from .services import alert_claim, alert_count, alert_mark_sent
from .wording import alert_sentence

logger = logging.getLogger(__name__)

CLAIM_EXPIRES = datetime.timedelta(minutes=2)
KIND = "entity_linked"


def alert_send(*, alert_id: int) -> str:
    """Claim and send one alert to every active lead. Returns "sent" or "skipped"."""
    now = timezone.now()
    if not alert_claim(alert_id=alert_id, now=now, expires=CLAIM_EXPIRES):
        return "skipped"
    alert = (
        EntityAlert.objects.select_related("concern")
        .only(
            *("lines", "other_children", "concern__reference", "concern__band"),
            *("concern__filed_at", "concern__child_id"),  # what its counts are counted from
        )
        .get(pk=alert_id)
    )
    alert = alert_count(alert)
    leads = _leads()
    try:
        connection = get_connection()
        connection.send_messages(
            reminder_messages(kind=KIND, context=_context(alert), recipients=leads)
        )
    except Exception as exc:
        # Left claimed: the sweep sends it again once the claim expires.
        logger.error("entity alert id=%s not sent (%s); will retry", alert_id, type(exc).__name__)
        return "failed"
    alert_mark_sent(alert_id=alert_id, now=timezone.now())
    logger.info("entity alert sent id=%s to %s leads", alert_id, len(leads))
    return "sent"


def alerts_sweep() -> int:
    """Send every alert not yet sent. The partial index keeps this cheap."""
    now = timezone.now()
    due = EntityAlert.objects.filter(sent_at__isnull=True, created_at__lte=now).order_by(
        "created_at"
    )
    sent = 0
    for alert_id in list(due.values_list("id", flat=True)[:200]):
        sent += alert_send(alert_id=alert_id) == "sent"
    return sent


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
