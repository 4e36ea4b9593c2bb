from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils import timezone

from .hours import Hours, is_office_hours
from .models import Contact, OfficeHours, Outcome, Referral, Reminder, ReminderTimings


def office_hours() -> Hours:
    row = OfficeHours.objects.first()
    if row is None:
        return Hours()
    return Hours(opens=row.opens, closes=row.closes, weekdays=frozenset(row.open_weekdays()))


def reminder_timings() -> ReminderTimings:
    return ReminderTimings.objects.first() or ReminderTimings()


def contacts_in_order(*, at=None) -> dict:
    """The contacts to show, the right one first: MASH in office hours, the EDT outside them.
    999 always comes first when a child is in immediate danger, so it is returned separately."""
    moment = at or timezone.now()
    in_hours = is_office_hours(moment, office_hours())
    by_purpose = {contact.purpose: contact for contact in Contact.objects.all()}
    order = ["mash", "edt"] if in_hours else ["edt", "mash"]
    return {
        "in_office_hours": in_hours,
        "ordered": [by_purpose[p] for p in order if p in by_purpose],
        "emergency": by_purpose.get("emergency"),
    }


OPEN_STATUSES = [
    Referral.Status.AWAITING,
    Referral.Status.ACKNOWLEDGED,
    Referral.Status.MASH_CONTACTED,
    Referral.Status.EDT_CONTACTED,
    Referral.Status.OUTCOME_RECORDED,
]
QUEUE_LIMIT = 100
PEOPLE = ["acknowledged_by", "contacted_by", "outcome_by", "closed_by"]


def _with_details(queryset):
    mash_called = Reminder.objects.filter(
        concern_id=OuterRef("concern_id"), kind=Reminder.Kind.FOLLOW_UP
    )
    return queryset.select_related(
        "concern", "concern__child", "concern__filed_by", "outcome", *PEOPLE
    ).annotate(mash_called=Exists(mash_called))


def referral_queue(*, limit: int = QUEUE_LIMIT) -> dict:
    """Open referrals: those awaiting contact first, then those in hand; oldest first in each.
    One query for the rows and one for the total, however many there are."""
    stage = Case(
        When(status=Referral.Status.AWAITING, then=Value(0)),
        When(status=Referral.Status.ACKNOWLEDGED, then=Value(1)),
        default=Value(2),
    )
    open_referrals = Referral.objects.filter(status__in=OPEN_STATUSES)
    rows = list(
        _with_details(open_referrals)
        .annotate(stage=stage)
        .order_by("stage", "created_at", "id")[:limit]
    )
    return {"rows": rows, "total": open_referrals.count(), "limit": limit}


def referral_get_for_lead(*, referral_id: int) -> Referral | None:
    return _with_details(Referral.objects.filter(pk=referral_id)).first()


def referral_with_people(referral_id: int) -> Referral | None:
    return Referral.objects.select_related(*PEOPLE).filter(pk=referral_id).first()


def outcomes_active():
    return Outcome.objects.filter(active=True).order_by("order", "name")
