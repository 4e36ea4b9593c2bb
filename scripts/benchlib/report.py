"""The one table `make bench` prints, and the file it writes it to."""

from dataclasses import dataclass
from fractions import Fraction


@dataclass
class Row:
    page: str
    path: str = ""
    rate: float | None = None
    median_ms: float | None = None
    p99_ms: float | None = None
    ratio: float | None = None
    target: float | None = None
    queries: tuple[int, int] | None = None  # kept drawn, drawn afresh
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target is None or self.ratio is None:
            return ""
        share = Fraction(self.target).limit_denominator(10)
        return f"≥ {share}: {'met' if self.ratio >= self.target else 'MISSED'}"


HEADER = ["Page", "Requests/s", "Median", "p99", "Ratio to trivial", "Target"]
HEADER += ["Queries/request (kept, afresh)", "Notes"]


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def _cells(row: Row) -> list[str]:
    return [
        row.page,
        f"{row.rate:,.0f}" if row.rate is not None else "–",
        _ms(row.median_ms),
        _ms(row.p99_ms),
        f"{row.ratio:.2f}" if row.ratio is not None else "–",
        row.verdict,
        _queries(row.queries),
        row.note,
    ]


def _queries(counts: tuple[int, int] | None) -> str:
    """Under load a page is served from what it kept drawn; the first request after any change
    to the data draws it afresh."""
    if counts is None:
        return "–"
    kept, afresh = counts
    return str(kept) if kept == afresh else f"{kept}, {afresh}"


def markdown_table(rows: list[Row]) -> str:
    lines = [_line(HEADER), _line(["---"] + ["---:"] * 6 + ["---"])]
    lines += [_line(_cells(row)) for row in rows]
    return "\n".join(lines)


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def text_table(rows: list[Row]) -> str:
    table = [HEADER] + [_cells(row) for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    out = []
    for index, line in enumerate(table):
        cells = [
            cell.ljust(width) if i in (0, 5, 7) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)
