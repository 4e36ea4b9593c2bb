"""Pages of a list. Lists that grow page by a cursor (keyset): the next page starts just past
the last row shown, found through an index on the sort columns, so a page deep in a million
rows costs what the first one does, and a row filed between pages neither repeats nor skips
a row. Short, bounded lists may still page by number (`page_number`).

A cursor holds the last (or first) row's sort values only: whole numbers such as ids, bands
and times in microseconds. Nothing about a child goes into an address."""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, DateTimeField, F, Func, Value

PER_PAGE = 25
AFTER, BEFORE = "after", "before"
LARGEST = 10**17  # past any id, and any time (in microseconds) a date can hold
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def page_number(request, *, last: int) -> int:
    """`?page=` as a number from 1 to `last`. Anything that is not a whole number is page 1,
    so no address can break a list."""
    try:
        return min(max(int(request.GET.get("page", "1")), 1), last)
    except ValueError:
        return 1


@dataclass(frozen=True)
class Keyset:
    """An order by some of the listed model's own columns, all in one direction, the last
    one unique (the id). An index on the same columns serves every page."""

    columns: tuple[str, ...]
    descending: bool = True


@dataclass(frozen=True)
class Cursor:
    values: tuple[int, ...]
    backward: bool  # the page before the row, not after it


def cursor_from(request, keyset: Keyset) -> Cursor | None:
    """The cursor in `?after=` or `?before=`, if it is one for this order. Anything else is
    the first page, so no address can break a list."""
    for name, backward in ((AFTER, False), (BEFORE, True)):
        text = request.GET.get(name, "")
        if text:
            return cursor_parse(text, keyset, backward=backward)
    return None


def cursor_parse(text: str, keyset: Keyset, *, backward: bool = False) -> Cursor | None:
    """A cursor's text ("1733000000000000.42") for this order, or None if it is not one."""
    try:
        values = tuple(int(part) for part in text.split("."))
    except ValueError:
        return None
    if len(values) == len(keyset.columns) and all(abs(v) < LARGEST for v in values):
        return Cursor(values, backward)
    return None


def keyset_page(
    queryset,
    keyset: Keyset,
    cursor: Cursor | None,
    per_page: int = PER_PAGE,
    *,
    shown: tuple[str, ...] = (),
):
    """One page of `queryset` (of dicts from .values(), holding the keyset's columns) in the
    keyset's order: its rows, whether there are pages before and after, and the query string
    of each ("after=…"). One query; two when a step back reaches the start of the list (the
    first page is drawn whole rather than short).

    `shown`, the columns to show, for a filter no index gives in the keyset's order, whose
    matches PostgreSQL must read and sort: the page's ids are picked in a subquery from the
    plain `queryset`'s own keys, and only those rows are joined to what the list shows,
    however many rows match."""

    def fetch(cursor: Cursor | None) -> list:
        found = queryset
        if cursor is not None:
            found = found.filter(_past(queryset.model, keyset, cursor))
        descending = keyset.descending != (cursor is not None and cursor.backward)
        order = [("-" if descending else "") + column for column in keyset.columns]
        found = found.order_by(*order)
        if shown:
            page_ids = found.values("pk")[: per_page + 1]
            rows = queryset.model.objects.filter(pk__in=page_ids).values(*shown)
            return list(rows.order_by(*order))
        return list(found[: per_page + 1])

    return page_of(fetch, keyset, cursor, per_page)


def page_of(fetch, keyset: Keyset, cursor: Cursor | None, per_page: int = PER_PAGE) -> dict:
    """The page from `fetch(cursor)`: up to per_page + 1 rows from the cursor on, in the
    keyset's order (the reverse of it for a step back); the row past the page says there is
    more. A cursor past either end gives the first page."""
    rows = fetch(cursor)
    more = len(rows) > per_page
    rows = rows[:per_page]
    backward = cursor is not None and cursor.backward
    if cursor is not None and (not rows or (backward and not more)):
        return page_of(fetch, keyset, None, per_page)
    if backward:
        rows.reverse()
    has_previous = more if backward else cursor is not None
    has_next = True if backward else more
    return {
        "rows": rows,
        "has_previous": has_previous,
        "has_next": has_next,
        "previous": f"{BEFORE}={cursor_text(rows[0], keyset)}" if has_previous else "",
        "next": f"{AFTER}={cursor_text(rows[-1], keyset)}" if has_next else "",
    }


def _past(model, keyset: Keyset, cursor: Cursor) -> Func:
    """(a, b, id) < (…) in SQL: one row comparison, which PostgreSQL answers from an index on
    (a, b, id) by starting at the cursor. Built of expressions, not SQL text, so that it still
    names the right table inside a subquery (`keyset_page` with `shown`)."""
    values = [
        Value(_from_number(model._meta.get_field(name), value))
        for name, value in zip(keyset.columns, cursor.values, strict=True)
    ]
    after = keyset.descending == cursor.backward  # later in ascending order
    return Func(
        _row(*(F(name) for name in keyset.columns)),
        _row(*values),
        template="%(expressions)s",
        arg_joiner=" > " if after else " < ",
        output_field=BooleanField(),
    )


def _row(*expressions) -> Func:
    return Func(*expressions, template="(%(expressions)s)", output_field=BooleanField())


def moment(microseconds: int) -> datetime.datetime:
    """The time a cursor holds as microseconds since 1970."""
    return _EPOCH + datetime.timedelta(microseconds=microseconds)


def _from_number(field, value: int):
    return moment(value) if isinstance(field, DateTimeField) else value


def _to_number(value) -> int:
    if isinstance(value, datetime.datetime):
        return (value - _EPOCH) // datetime.timedelta(microseconds=1)
    return int(value)


def cursor_text(row, keyset: Keyset) -> str:
    """`row`: a dict from .values(), or a model instance."""
    values = row if isinstance(row, dict) else row.__dict__
    return ".".join(str(_to_number(values[column])) for column in keyset.columns)


def numbered_links(page: int, *, has_next: bool) -> dict:
    """The query strings of the pages either side of page `page`, for includes/pagination.html."""
    return {
        "previous": f"page={page - 1}" if page > 1 else "",
        "next": f"page={page + 1}" if has_next else "",
    }
