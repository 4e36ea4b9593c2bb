from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from accounts import roles
from common.config_cache import remembered
from common.paging import Cursor, Keyset, moment, page_of

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
# The queue's order as a cursor (common.paging): stage, band, time raised, id. The band runs
# the other way (Immediate first), so the queries below are written out rather than made by
# keyset_page.
QUEUE_ORDER = Keyset(("stage", "band", "created_at", "id"))
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


def referral_queue(*, cursor: Cursor | None = None, per_page: int = QUEUE_PER_PAGE) -> dict:
    """One page of the open referrals from just past `cursor`: those awaiting contact first,
    then those in hand; in each, Immediate before High, then oldest first. Rows are plain
    dicts of what the queue shows. Two queries however many there are: the page's keys (and
    one more, to know whether there is a next page) with the total, then what the queue shows
    of them."""
    counted = {"total": 0}

    def fetch(cursor: Cursor | None) -> list[dict]:
        keys, counted["total"] = _queue_keys(cursor, per_page + 1)
        return keys

    page = page_of(fetch, QUEUE_ORDER, cursor, per_page)
    ids = [key["id"] for key in page["rows"]]
    found = (
        Referral.objects.filter(pk__in=ids)
        .order_by()
        .values("id", "status", "created_at", **QUEUE_FIELDS)
    )
    by_id = {row["id"]: row for row in found}
    return {**page, "rows": [by_id[pk] for pk in ids if pk in by_id], **counted}


# Each status's most urgent and oldest past the cursor, as many of each as fill a page, read
# from the index of (status, queue_band, created_at, id): queue_band is minus the concern's
# band, so Immediate first and then oldest is one ascending order, and a page starts at its
# cursor however many referrals wait. Written in SQL: the ORM takes several times longer to
# build this union than the database takes to run it. A step back reads the index backwards.
_ONE_STATUS = (
    "(SELECT r.id, %s AS stage, -r.queue_band AS band, r.created_at FROM referrals_referral r"
    " WHERE r.status = %s{past}"
    " ORDER BY r.queue_band {way}, r.created_at {way}, r.id {way} LIMIT %s)"
)
_PAST = {False: " AND (r.queue_band, r.created_at, r.id) > (%s, %s, %s)", True: ""}
_PAST[True] = _PAST[False].replace(">", "<")
_WAY = {False: "ASC", True: "DESC"}
QUEUE_SQL_ORDER = "stage, band DESC, created_at, id"


def _queue_keys(cursor: Cursor | None, limit: int) -> tuple[list[dict], int]:
    """The keys of `limit` open referrals in queue order from just past `cursor` (in reverse
    order for a step back), and how many referrals are open."""
    if connection.vendor != "postgresql":
        return _queue_keys_portable(cursor, limit)
    backward = cursor is not None and cursor.backward
    parts: list[str] = []
    params: list[Any] = [[status.value for status in QUEUE_STAGE]]
    for status, stage in QUEUE_STAGE.items():
        past, past_params = "", []
        if cursor is not None:
            at_stage, band, created, pk = cursor.values
            if stage == at_stage:
                past, past_params = _PAST[backward], [-band, moment(created), pk]
            elif (stage < at_stage) != backward:
                continue  # a stage wholly before the cursor
        parts.append(_ONE_STATUS.format(past=past, way=_WAY[backward]))
        params += [stage, status.value, *past_params, limit]
    if not parts:
        return [], 0
    order = "stage DESC, band, created_at DESC, id DESC" if backward else QUEUE_SQL_ORDER
    # Only constants are joined here; every value is a parameter.
    sql = (
        "SELECT stage, band, created_at, id,"  # noqa: S608
        " (SELECT count(*) FROM referrals_referral WHERE status = ANY(%s))"
        f" FROM ({' UNION ALL '.join(parts)}) AS keys ORDER BY {order} LIMIT %s"
    )
    with connection.cursor() as db:
        db.execute(sql, [*params, limit])
        found = db.fetchall()
    keys = [dict(zip(QUEUE_ORDER.columns, row[:4], strict=True)) for row in found]
    return keys, found[0][4] if found else 0


def _queue_keys_portable(cursor: Cursor | None, limit: int) -> tuple[list[dict], int]:
    """The same keys for the embedded default (SQLite), whose queue is small."""
    stage = Case(
        *[When(status=status.value, then=Value(n)) for status, n in QUEUE_STAGE.items()],
        output_field=IntegerField(),
    )
    open_referrals = Referral.objects.filter(status__in=[s.value for s in QUEUE_STAGE])
    keys = list(
        open_referrals.annotate(stage=stage, band=F("concern__band")).values(*QUEUE_ORDER.columns)
    )

    def place(key: dict) -> tuple:
        return (key["stage"], -key["band"], key["created_at"], key["id"])

    keys.sort(key=place)
    if cursor is not None:
        at_stage, band, created, pk = cursor.values
        mark = (at_stage, -band, moment(created), pk)
        if cursor.backward:
            keys = [key for key in reversed(keys) if place(key) < mark]
        else:
            keys = [key for key in keys if place(key) > mark]
    return keys[:limit], len(open_referrals)


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
