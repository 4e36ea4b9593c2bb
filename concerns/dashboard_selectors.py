"""Reads for the safeguarding lead's triage dashboard. Every function here runs a fixed number
of queries however many concerns there are: aggregates happen in the database and lists are
bounded."""

import datetime
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import dateformat, timezone

from common.paging import Cursor, Keyset, keyset_page
from indicators.scoring import Band
from referrals.hours import LONDON, add_working_days
from referrals.models import Referral
from referrals.selectors import office_hours, reminder_timings

from .models import Concern, ConcernCount, WeeklyCount, status_text

OVERDUE_SHOWN = 10
COUNTED_UP_TO = 1000
TREND_WEEKS = 12
# Each order ends in the id and runs one way throughout, so a page starts just past the last
# row of the one before from an index on the same columns (common.paging). Within a band the
# lowest-first order is oldest first, the highest-first newest first: each is the other
# read backwards, from the one index.
SORTS = {
    "newest": Keyset(("filed_at", "id")),
    "oldest": Keyset(("filed_at", "id"), descending=False),
    "band_high": Keyset(("band", "filed_at", "id")),
    "band_low": Keyset(("band", "filed_at", "id"), descending=False),
}
# What the list shows: not the narrative, answers or explanation each concern carries.
LIST_COLUMNS = (
    "id",
    "reference",
    "filed_at",
    "band",
    "status",
    "area",
    "child_id",
    "child__first_name",
    "child__last_name",
    "filed_by__username",
    "filed_by__first_name",
    "filed_by__last_name",
    "referral__status",
    "referral__outcome__name",
)
WAITING_COLUMNS = (
    "reference",
    "filed_at",
    "band",
    "review_date",
    "child__first_name",
    "child__last_name",
)
REFERENCE = re.compile(r"^\s*CSE-(\d{4})-(\d{1,6})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Filters:
    search: str = ""
    band: int | None = None
    status: str = ""
    area: str = ""
    filed_by_ids: tuple[int, ...] = ()
    filed_from: datetime.date | None = None
    filed_to: datetime.date | None = None
    sort: str = "newest"

    def as_audit_detail(self) -> dict:
        """What was asked for, without the search words (they may be a child's name)."""
        return {
            "search": bool(self.search),
            "band": self.band,
            "status": self.status,
            "area": self.area,
            "filed_by": list(self.filed_by_ids) or None,
            "filed_from": self.filed_from.isoformat() if self.filed_from else None,
            "filed_to": self.filed_to.isoformat() if self.filed_to else None,
            "sort": self.sort,
        }


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=LONDON)


def concerns_filtered(*, filters: Filters):
    """Every concern the filters match, in the order asked for."""
    order = sort_order(filters)
    sign = "-" if order.descending else ""
    return _concerns_matching(filters).order_by(*[sign + column for column in order.columns])


def _concerns_matching(filters: Filters):
    queryset = Concern.objects.all()
    if filters.search.strip():
        queryset = _search(queryset, filters.search)
    if filters.band:
        queryset = queryset.filter(band=filters.band)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.area.strip():
        queryset = queryset.filter(area__iexact=filters.area.strip())
    if filters.filed_by_ids:
        queryset = queryset.filter(filed_by_id__in=filters.filed_by_ids)
    if filters.filed_from:
        queryset = queryset.filter(filed_at__gte=_day_start(filters.filed_from))
    if filters.filed_to:
        next_day = filters.filed_to + datetime.timedelta(days=1)
        queryset = queryset.filter(filed_at__lt=_day_start(next_day))
    return queryset


def _search(queryset, text: str):
    """A reference (CSE-2026-000123, zero padding optional), or words that each begin the
    child's first or last name."""
    match = REFERENCE.match(text)
    if match:
        year, number = match.groups()
        return queryset.filter(reference=f"CSE-{year}-{int(number):06d}")
    for word in text.split()[:4]:
        queryset = queryset.filter(
            Q(child__first_name__istartswith=word) | Q(child__last_name__istartswith=word)
        )
    return queryset


def sort_order(filters: Filters) -> Keyset:
    return SORTS.get(filters.sort, SORTS["newest"])


def concerns_page(*, filters: Filters, cursor: Cursor | None) -> dict:
    """One page of the list, from just past `cursor` (common.paging). No COUNT over the whole
    set: one extra row says whether there is a next page."""
    found, order = _concerns_matching(filters), sort_order(filters)
    cursor = _within(filters, order, cursor)
    if filters.search.strip() and not REFERENCE.match(filters.search):
        # A search by name: no index holds the matching children's concerns in the list's
        # order, so the page is picked from their keys before anything else is joined.
        page = keyset_page(found, order, cursor, shown=LIST_COLUMNS)
    else:
        page = keyset_page(found.values(*LIST_COLUMNS), order, cursor)
    page["rows"] = list_rows(page["rows"])
    return page


def _within(filters: Filters, order: Keyset, cursor: Cursor | None) -> Cursor | None:
    """No cursor for one outside the list: a band filtered on, and a cursor from another band
    (an address edited by hand, or the filter changed). The list starts afresh from such a
    cursor anyway, and PostgreSQL would first read past every concern of the bands between,
    since it cannot stop an index scan at the band when a row comparison starts it."""
    if cursor is None or not filters.band or "band" not in order.columns:
        return cursor
    return cursor if cursor.values[order.columns.index("band")] == filters.band else None


def list_rows(rows: list[dict]) -> list[dict]:
    """What each row of the list shows, as plain text and links worked out here: the template
    draws a page of them several times quicker than model instances and per-row url tags."""
    concern_url = _url_pattern("concern_detail", "REF")
    child_url = _url_pattern("child_chronology", 987654321)
    zone = timezone.get_current_timezone()
    return [
        {
            "pk": row["id"],
            "reference": row["reference"],
            "url": concern_url.format(row["reference"]),
            "child_name": f"{row['child__first_name']} {row['child__last_name']}",
            "chronology_url": child_url.format(row["child_id"]),
            "filed": dateformat.format(row["filed_at"].astimezone(zone), "j M Y H:i"),
            "band_label": Band(row["band"]).label,
            "status": status_text(
                row["status"], row["referral__status"], row["referral__outcome__name"]
            ),
            "area": row["area"],
            "filed_by": _person(row),
        }
        for row in rows
    ]


def _person(row: dict) -> str:
    name = f"{row['filed_by__first_name']} {row['filed_by__last_name']}".strip()
    return name or row["filed_by__username"]


def _band_status_counts():
    if connection.vendor == "postgresql":
        return ConcernCount.objects.values_list("band", "status", "count")
    # The embedded default has no trigger keeping ConcernCount; its data is small.
    return Concern.objects.values_list("band", "status").annotate(count=Count("id")).order_by()


def dashboard_counts() -> dict:
    """Concerns by band and by status, from the counts the database keeps as concerns change
    (one small query, whatever the number of concerns)."""
    by_band, by_status = {}, {}
    for band, status, count in _band_status_counts():
        by_band[band] = by_band.get(band, 0) + count
        by_status[status] = by_status.get(status, 0) + count
    return {
        "total": sum(by_band.values()),
        "by_band": [(band.label, by_band.get(band.value, 0)) for band in reversed(Band)],
        "by_status": [(status.label, by_status.get(status.value, 0)) for status in Concern.Status],
    }


def urgent_waiting() -> dict:
    row = Referral.objects.filter(status=Referral.Status.AWAITING).aggregate(
        count=Count("id"), oldest=Min("created_at")
    )
    return {"count": row["count"], "oldest": row["oldest"]}


def overdue_filter(*, now: datetime.datetime, working_days: int, hours) -> Q:
    """Concerns filed long enough ago that their review deadline (`working_days` working days
    later, same time of day) has passed. Days whose deadline is today are overdue up to the
    current time of day; days whose deadline was earlier are overdue all day."""
    local = now.astimezone(LONDON)
    today, time_now = local.date(), local.time()
    condition = Q()
    day = today
    while True:
        deadline = add_working_days(_day_start(day), working_days, hours).date()
        if deadline < today:
            break
        if deadline == today:
            until = datetime.datetime.combine(day, time_now, tzinfo=LONDON)
            condition |= Q(filed_at__gte=_day_start(day), filed_at__lte=until)
        day -= datetime.timedelta(days=1)
    return condition | Q(filed_at__lt=_day_start(day + datetime.timedelta(days=1)))


def overdue_reviews(*, now: datetime.datetime, limit: int = OVERDUE_SHOWN) -> dict:
    """Non-urgent concerns still awaiting a lead's review past the working-day limit."""
    due = overdue_filter(
        now=now, working_days=reminder_timings().review_working_days, hours=office_hours()
    )
    queryset = Concern.objects.filter(due, status=Concern.Status.NEW, band__lt=Band.HIGH)
    found = queryset.order_by("filed_at", "id").values(*WAITING_COLUMNS)[:limit]
    zone = timezone.get_current_timezone()
    rows = _waiting_rows(
        found,
        lambda row: (
            "Review overdue: filed "
            + dateformat.format(row["filed_at"].astimezone(zone), "j M Y H:i")
        ),
    )
    return {"rows": rows, **_counted_up_to(queryset)}


def monitoring_reviews_due(*, today: datetime.date, limit: int = OVERDUE_SHOWN) -> dict:
    queryset = Concern.objects.filter(status=Concern.Status.MONITORING, review_date__lte=today)
    found = queryset.order_by("review_date", "id").values(*WAITING_COLUMNS)[:limit]
    rows = _waiting_rows(
        found,
        lambda row: "Monitoring review due " + dateformat.format(row["review_date"], "j M Y"),
    )
    return {"rows": rows, **_counted_up_to(queryset)}


def _waiting_rows(found, why) -> list[dict]:
    """What the dashboard's "Waiting for you" table shows of each concern, as text."""
    concern_url = _url_pattern("concern_detail", "REF")
    return [
        {
            "reference": row["reference"],
            "url": concern_url.format(row["reference"]),
            "child_name": f"{row['child__first_name']} {row['child__last_name']}",
            "band_label": Band(row["band"]).label,
            "why": why(row),
        }
        for row in found
    ]


def _url_pattern(name: str, stand_in) -> str:
    """The view's address with "{}" for its one argument: formatted per row, quicker than
    reversing the address for each."""
    return reverse(name, args=[stand_in]).replace(str(stand_in), "{}")


def _counted_up_to(queryset, most: int = COUNTED_UP_TO) -> dict:
    """How many rows, counted no further than `most`: reviews left undone pile up with the
    years, and past a thousand the figure tells a lead nothing a bounded count does not."""
    count = queryset.order_by()[: most + 1].count()
    text = f"More than {most:,}" if count > most else f"{count:,}"
    return {"count": min(count, most), "count_text": text, "more": count > most}


def weekly_trend(*, now: datetime.datetime, weeks: int = TREND_WEEKS) -> list[dict]:
    """Concerns filed each week (Monday to Sunday, UK time) by band, oldest week first,
    this week included. One query of at most weeks × bands rows."""
    this_monday = now.astimezone(LONDON).date()
    this_monday -= datetime.timedelta(days=this_monday.weekday())
    first_monday = this_monday - datetime.timedelta(weeks=weeks - 1)
    counts = {(_as_date(week), band): count for week, band, count in _week_counts(first_monday)}
    trend = []
    for offset in range(weeks):
        monday = first_monday + datetime.timedelta(weeks=offset)
        by_band = {band: counts.get((monday, band.value), 0) for band in Band}
        trend.append(
            {
                "week": monday,
                "label": f"{monday:%-d %B %Y}",
                "by_band": by_band,
                "counts": list(by_band.values()),
                "total": sum(by_band.values()),
            }
        )
    return trend


def _week_counts(first_monday: datetime.date):
    """(Monday, band, concerns) from `first_monday` on: from the counts the database keeps as
    concerns are filed (one row a week and band, however many are filed a week)."""
    if connection.vendor == "postgresql":
        return WeeklyCount.objects.filter(week__gte=first_monday).values_list(
            "week", "band", "count"
        )
    # The embedded default has no trigger keeping WeeklyCount; its data is small.
    return (
        Concern.objects.filter(filed_at__gte=_day_start(first_monday))
        .annotate(week=TruncWeek("filed_at", tzinfo=LONDON))
        .values_list("week", "band")
        .annotate(count=Count("*"))
        .order_by()
    )


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.astimezone(LONDON).date()
    return value


def filer_ids_matching(text: str) -> tuple[int, ...]:
    """People who can file concerns whose username, or first and last name, is `text`
    (any case). More than one when two people share a name."""
    words = text.split()
    by_name = Q(username__iexact=text.strip())
    if len(words) >= 2:
        by_name |= Q(first_name__iexact=" ".join(words[:-1]), last_name__iexact=words[-1])
    ids = (
        get_user_model()
        .objects.filter(by_name, groups__permissions__codename="file_concern")
        .values_list("id", flat=True)
        .distinct()
    )
    return tuple(sorted(ids))


def now_and_today() -> tuple[datetime.datetime, datetime.date]:
    now = timezone.now()
    return now, now.astimezone(LONDON).date()
