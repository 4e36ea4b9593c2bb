"""The filtered concern list as CSV, safe to open in a spreadsheet."""

import csv

from django.utils import timezone

from .dashboard import Filters, concerns_filtered

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


def export_rows(*, filters: Filters):
    """Every row of the filtered list, in the list's order, streamed in chunks."""
    queryset = concerns_filtered(filters=filters).select_related(
        "child", "filed_by", "referral", "referral__outcome"
    )
    for concern in queryset.iterator(chunk_size=2000):
        yield [csv_safe(value) for value in _row(concern)]


def _row(concern) -> list:
    referral = getattr(concern, "referral", None)
    filer = concern.filed_by
    return [
        concern.reference,
        timezone.localtime(concern.filed_at).strftime("%Y-%m-%d %H:%M"),
        concern.child.first_name,
        concern.child.last_name,
        concern.age_years,
        concern.area,
        concern.get_band_display(),
        concern.get_scored_band_display(),
        concern.get_status_display(),
        referral.get_status_display() if referral else "",
        referral.outcome.name if referral and referral.outcome else "",
        filer.get_full_name() or filer.get_username(),
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
