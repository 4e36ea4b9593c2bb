import math
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from accounts import roles
from common.config_cache import remembered
from common.paging import numbered_links

from .hours import LONDON, Hours, is_office_hours, opening_hours_text
from .models import (
    Contact,
    DutyShift,
    Notification,
    OfficeHours,
    Outcome,
    Referral,
    Reminder,
    ReminderTimings,
)


def office_hours() -> Hours:
    return remembered("office-hours", _office_hours)


def _office_hours() -> Hours:
    row = OfficeHours.objects.first()
    if row is None:
        return Hours()
    return Hours(opens=row.opens, closes=row.closes, weekdays=frozenset(row.open_weekdays()))


def reminder_timings() -> ReminderTimings:
    return remembered("reminder-timings", _reminder_timings)


def _reminder_timings() -> ReminderTimings:
    return ReminderTimings.objects.first() or ReminderTimings()


OTHER_ROUTES = ["childline", "ceop", "police", "crimestoppers"]


def contacts_in_order(*, at=None) -> dict:
    """The contacts to show, the right one first: MASH in office hours, the EDT outside them.
    999 always comes first when a child is in immediate danger, so it is returned separately.
    The public page also lists the other routes (Childline, CEOP, police 101, Crimestoppers)."""
    moment = at or timezone.now()
    hours = office_hours()
    in_hours = is_office_hours(moment, hours)
    by_purpose = remembered(
        "contacts", lambda: {contact.purpose: contact for contact in Contact.objects.all()}
    )
    order = ["mash", "edt"] if in_hours else ["edt", "mash"]
    return {
        "in_office_hours": in_hours,
        "opening_hours": opening_hours_text(hours),
        "ordered": [by_purpose[p] for p in order if p in by_purpose],
        "emergency": by_purpose.get("emergency"),
        "other_routes": [by_purpose[p] for p in OTHER_ROUTES if p in by_purpose],
    }


# The queue's order: awaiting contact first, then acknowledged, then the rest; in each,
# Immediate before High, then oldest first.
QUEUE_STAGE = {
    Referral.Status.AWAITING: 0,
    Referral.Status.ACKNOWLEDGED: 1,
    Referral.Status.MASH_CONTACTED: 2,
    Referral.Status.EDT_CONTACTED: 2,
    Referral.Status.POLICE_CONTACTED: 2,
    Referral.Status.OUTCOME_RECORDED: 2,
}
QUEUE_PER_PAGE = 25
QUEUE_MAX_PAGE = 200  # 5,000 referrals: a bound on how far the offset can be pushed
PEOPLE = ["acknowledged_by", "contacted_by", "outcome_by", "closed_by", "withdrawn_by"]
QUEUE_FIELDS = {
    "reference": F("concern__reference"),
    "band": F("concern__band"),
    "explanation": F("concern__explanation"),
    "first_name": F("concern__child__first_name"),
    "last_name": F("concern__child__last_name"),
}


def _with_details(queryset):
    return queryset.select_related(
        "concern", "concern__child", "concern__filed_by", "outcome", *PEOPLE
    )


def referral_queue(*, page: int = 1, per_page: int = QUEUE_PER_PAGE) -> dict:
    """One page of the open referrals: those awaiting contact first, then those in hand; in
    each, Immediate before High, then oldest first. Rows are plain dicts of what the queue
    shows. Two queries however many there are: the page's ids (and one more, to know whether
    there is a next page) with the total, then what the queue shows of them."""
    page, ids, total = _queue_ids(page, per_page)
    more = len(ids) > per_page
    ids = ids[:per_page]
    found = (
        Referral.objects.filter(pk__in=ids)
        .order_by()
        .values("id", "status", "created_at", **QUEUE_FIELDS)
    )
    by_id = {row["id"]: row for row in found}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    start = (page - 1) * per_page
    return {
        "rows": rows,
        "total": total,
        "page": page,
        "first_number": start + 1,
        "last_number": start + len(rows),
        "has_previous": page > 1,
        "has_next": more and page < QUEUE_MAX_PAGE,
        **numbered_links(page, has_next=more and page < QUEUE_MAX_PAGE),
        "at_limit": more and page == QUEUE_MAX_PAGE,
    }


def _queue_ids(page: int, per_page: int) -> tuple[int, list[int], int]:
    """The page to show, its ids and one more, and how many referrals are open. A page past
    the end (a bookmark, or the last referral on it closed since) gives the last page."""
    page = min(max(page, 1), QUEUE_MAX_PAGE)
    ids, total = _queue_page((page - 1) * per_page, per_page + 1)
    last_page = min(max(math.ceil(total / per_page), 1), QUEUE_MAX_PAGE)
    if not ids and page > last_page:
        page = last_page
        ids, total = _queue_page((page - 1) * per_page, per_page + 1)
    return page, ids, total


# Each status's most urgent and oldest, as many of each as reach the end of the page. The sort
# by band reads each open status's referrals with their concern's band: open referrals are
# few beside the closed ones, which the status index leaves out. Written in SQL: the ORM takes
# several times longer to build this union than the database takes to run it. The ids come back
# as one array beside the total, so a page past the end still gives the total.
_OLDEST_OF_ONE_STATUS = (
    "(SELECT r.id, %s AS stage, c.band, r.created_at FROM referrals_referral r"
    " JOIN concerns_concern c ON c.id = r.concern_id"
    " WHERE r.status = %s ORDER BY c.band DESC, r.created_at, r.id LIMIT %s)"
)
_OLDEST_OF_EACH = " UNION ALL ".join([_OLDEST_OF_ONE_STATUS] * len(QUEUE_STAGE))
# Only constants are joined here; every value is a parameter.
_QUEUE_PAGE_SQL = (
    "SELECT (SELECT count(*) FROM referrals_referral WHERE status = ANY(%s)) AS total,"  # noqa: S608
    f" ARRAY(SELECT id FROM ({_OLDEST_OF_EACH}) AS oldest"
    " ORDER BY stage, band DESC, created_at, id LIMIT %s OFFSET %s) AS ids"
)


def _queue_page(offset: int, limit: int) -> tuple[list[int], int]:
    """The ids of `limit` open referrals in queue order from `offset`, and how many are open."""
    if connection.vendor != "postgresql":
        return _queue_page_portable(offset, limit)
    params: list[Any] = [[status.value for status in QUEUE_STAGE]]
    for status, stage in QUEUE_STAGE.items():
        params += [stage, status.value, offset + limit]
    with connection.cursor() as cursor:
        cursor.execute(_QUEUE_PAGE_SQL, [*params, limit, offset])
        total, ids = cursor.fetchone()
    return list(ids), total


def _queue_page_portable(offset: int, limit: int) -> tuple[list[int], int]:
    """The same page for the embedded default (SQLite), whose queue is small."""
    stage = Case(
        *[When(status=status.value, then=Value(n)) for status, n in QUEUE_STAGE.items()],
        output_field=IntegerField(),
    )
    open_referrals = Referral.objects.filter(status__in=[s.value for s in QUEUE_STAGE])
    ordered = open_referrals.annotate(stage=stage, band=F("concern__band")).order_by(
        "stage", "-band", "created_at", "id"
    )
    ids = list(ordered.values_list("id", flat=True)[offset : offset + limit])
    return ids, open_referrals.count()


def referral_get_for_lead(*, referral_id: int) -> Referral | None:
    return _with_details(Referral.objects.filter(pk=referral_id)).first()


def referral_with_people(referral_id: int) -> Referral | None:
    return Referral.objects.select_related(*PEOPLE).filter(pk=referral_id).first()


def outcomes_active():
    return Outcome.objects.filter(active=True).order_by("order", "name")


def duty_lead_at(*, moment) -> object | None:
    """The duty lead on the rota at `moment` (office hours or out of hours of that day in
    England), if they can be reached by email."""
    period = DutyShift.Period.OFFICE_HOURS
    if not is_office_hours(moment, office_hours()):
        period = DutyShift.Period.OUT_OF_HOURS
    shift = (
        DutyShift.objects.select_related("lead")
        .filter(day=moment.astimezone(LONDON).date(), period=period)
        .first()
    )
    if shift is None or not shift.lead.is_active or not shift.lead.email:
        return None
    return shift.lead


def leads_without_email():
    """Active safeguarding leads whom no email can reach: admins are warned of them."""
    users = get_user_model().objects.filter(is_active=True, groups__name=roles.LEAD, email="")
    return users.order_by("username")


def rota_candidates():
    """Who can be put on the duty rota: active safeguarding leads with an email address."""
    users = get_user_model().objects.filter(is_active=True, groups__name=roles.LEAD)
    return users.exclude(email="").order_by("first_name", "last_name", "username")


def referral_escalated_to(*, referral_id: int, user) -> bool:
    """Whether an escalation about this referral was sent to the user (a duty manager)."""
    return Notification.objects.filter(
        recipient=user,
        kind=Reminder.Kind.ESCALATION,
        reminder__concern__referral__id=referral_id,
    ).exists()


def referrals_new_urgent(*, after_id: int, limit: int = 10) -> list[dict]:
    """Referrals awaiting contact created after `after_id`, newest first: for the live update
    on the queue and the dashboard. The reference and band only."""
    rows = (
        Referral.objects.filter(pk__gt=after_id, status=Referral.Status.AWAITING)
        .order_by("-pk")
        .values("id", reference=F("concern__reference"), band=F("concern__band"))
    )
    return [dict(row) for row in rows[:limit]]


def referral_latest_id() -> int:
    return Referral.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def open_referral_id(*, concern_id: int) -> int | None:
    """The concern's referral, if it is still open (it could be withdrawn)."""
    return (
        Referral.objects.filter(concern_id=concern_id, status__in=OPEN_STATUSES)
        .values_list("pk", flat=True)
        .first()
    )


OPEN_STATUSES = (*QUEUE_STAGE, Referral.Status.POLICE_CONTACTED)


def referral_calls(*, referral: Referral) -> list:
    return list(referral.calls.select_related("by"))


def referral_documents(*, referral: Referral) -> list:
    """The written referrals generated, oldest first, without their PDFs."""
    return list(referral.documents.select_related("generated_by", "sent_by").defer("pdf"))


def live_region_context() -> dict:
    """What the live region of new urgent referrals needs: where it starts from, how often."""
    return {
        "live_after": referral_latest_id(),
        "live_every_seconds": settings.LIVE_REFERRALS_SECONDS,
    }
