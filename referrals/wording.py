"""How a referral's progress is put into words for leads. No database access."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.dateformat import format as date_format

from .models import Referral


def when_text(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "H:i \\o\\n j F Y")


def person(user) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


# For each status: who took the referral there, when, and what they did.
LATEST_STEP = {
    Referral.Status.ACKNOWLEDGED: ("acknowledged", "acknowledged this referral"),
    Referral.Status.MASH_CONTACTED: ("contacted", "recorded a call to MASH"),
    Referral.Status.EDT_CONTACTED: ("contacted", "recorded a call to the Emergency Duty Team"),
    Referral.Status.POLICE_CONTACTED: ("contacted", "recorded a call to the police"),
    Referral.Status.OUTCOME_RECORDED: ("outcome", "recorded the outcome"),
    Referral.Status.CLOSED: ("closed", "closed this referral"),
    Referral.Status.WITHDRAWN: ("withdrawn", "withdrew this referral"),
}


def latest_step_sentence(referral: Referral) -> str:
    """Who took the referral to where it is now, and when: "Sam Lee acknowledged it at …"."""
    if referral.status not in LATEST_STEP:
        return "This referral is still awaiting contact."
    field, did = LATEST_STEP[referral.status]
    who = getattr(referral, f"{field}_by")
    at = getattr(referral, f"{field}_at")
    return f"{person(who)} {did} at {when_text(at)}."


def wait_text(since: datetime.datetime, now: datetime.datetime) -> str:
    """ "2 hours 5 minutes", "3 days 4 hours", "under a minute"."""
    minutes = max(int((now - since).total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_plural(days, "day"))
    if hours:
        parts.append(_plural(hours, "hour"))
    if minutes and not days:
        parts.append(_plural(minutes, "minute"))
    return " ".join(parts) or "under a minute"


def _plural(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def explanation_summary(explanation: dict, shown: int = 3) -> dict:
    """The gist of why a concern got its band: the total, the answers that scored most, and
    any safety floor that lifted it."""
    contributions = sorted(
        explanation.get("contributions", []), key=lambda item: -Decimal(item["points"])
    )
    return {
        "total": explanation.get("total", ""),
        "top": [
            {"text": item["text"], "answer": item["answer"].capitalize()}
            for item in contributions[:shown]
        ],
        "more": max(len(contributions) - shown, 0),
        "floors": [floor["description"] for floor in explanation.get("floors", [])],
    }
