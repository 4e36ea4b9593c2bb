"""The filtered concern list as CSV, safe to open in a spreadsheet."""

import csv

from django.conf import settings

from common.db_limits import longer_statements
from referrals.hours import LONDON
from referrals.models import Referral

from .dashboard_selectors import Filters, concerns_filtered
from .models import BAND_CHOICES, Concern

HEADER = [
    "Reference",
    "Filed",
    "Child first name",
    "Child last name",
    "Age",
    "Area",
    "Band",
    "Scored band",
    "Status",
    "Referral status",
    "Outcome",
    "Filed by",
]
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


# Read as plain tuples: building a model instance (and its related ones) per row cost more
# than everything else the export does.
COLUMNS = (
    "reference",
    "filed_at",
    "child__first_name",
    "child__last_name",
    "age_years",
    "area",
    "band",
    "scored_band",
    "status",
    "referral__status",
    "referral__outcome__name",
    "filed_by__first_name",
    "filed_by__last_name",
    "filed_by__username",
)
BANDS = dict(BAND_CHOICES)
STATUSES = dict(Concern.Status.choices)
REFERRAL_STATUSES = dict(Referral.Status.choices)


def export_rows(*, filters: Filters):
    """Every row of the filtered list, in the list's order, streamed in chunks. Its statements
    may run longer than a page's (EXPORT_STATEMENT_TIMEOUT)."""
    rows = concerns_filtered(filters=filters).values_list(*COLUMNS)
    with longer_statements(settings.EXPORT_STATEMENT_TIMEOUT):
        for row in rows.iterator(chunk_size=2000):
            yield [csv_safe(value) for value in _row(row)]


def _row(row) -> list:
    (reference, filed_at, first_name, last_name, age, area, band, scored_band, status) = row[:9]
    referral_status, outcome, filer_first, filer_last, filer_username = row[9:]
    filer = f"{filer_first} {filer_last}".strip()
    return [
        reference,
        filed_at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M"),
        first_name,
        last_name,
        age,
        area,
        BANDS[band],
        BANDS[scored_band],
        STATUSES.get(status, status),
        REFERRAL_STATUSES.get(referral_status, referral_status or ""),
        outcome or "",
        filer or filer_username,
    ]


class _Echo:
    """csv.writer wants a file; this hands each line straight back for streaming."""

    def write(self, value):
        return value


def csv_lines(*, filters: Filters):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)  # the BOM makes Excel read UTF-8 names correctly
    for row in export_rows(filters=filters):
        yield writer.writerow(row)
