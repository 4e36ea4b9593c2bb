"""In-process drawing at every data size: each size's database is drawn by a process of its
own (Django holds one database per process), and the sizes are set side by side with issue
12's targets worked out: lead pages in ≤ 25 ms median at the first size, within 20% of that
at the larger ones, and the same statements per request at every size."""

import dataclasses
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from . import report

SCRIPT = Path(__file__).resolve().parent.parent / "bench.py"
# Issue 12's lead pages: the ones its time and growth targets are about.
LEAD_PAGES = [
    "Triage dashboard",
    "Triage, filtered",
    "Triage, search",
    "Referral queue",
    "Concern page (lead)",
    "Child chronology",
]
LEAD_MEDIAN_MS = 25
GROWTH = 0.20


def parse(text: str) -> list[int]:
    """ "100000,1000000" → [100000, 1000000]: the sizes to draw, the first also under wrk."""
    sizes = [int(part.strip().replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise ValueError(text)
    return sizes


def draw_elsewhere(env: dict, samples: int) -> tuple[dict, int]:
    """This size's pages drawn in-process by a bench.py of its own against `env`'s database:
    (label → Drawn, concerns in the database)."""
    from benchtools.drawing import Drawn

    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, str(SCRIPT), "--samples", str(samples), "--draw-only", out.name]
        subprocess.run(command, env=env, check=True)
        found = json.loads(Path(out.name).read_text())
    drawn = {
        label: Drawn(**{**row, "queries": tuple(row["queries"])})
        for label, row in found["drawn"].items()
    }
    return drawn, found["concerns"]


def save_drawn(path: str, drawn: dict, concerns: int) -> None:
    rows = {label: dataclasses.asdict(row) for label, row in drawn.items()}
    Path(path).write_text(json.dumps({"drawn": rows, "concerns": concerns}))


def _times(row) -> str:
    if row is None:
        return "–"
    return f"{row.median_ms:.1f} / {row.p90_ms:.1f} ms"


def _statements(row) -> str:
    low, high = row.queries
    return str(low) if low == high else f"{low}–{high}"


def change(first: float, last: float) -> str:
    ratio = last / first
    return f"×{ratio:.1f}" if ratio >= 2 else f"{ratio - 1:+.0%}"


def table(by_size: dict[int, dict]) -> tuple[list[str], list[list[str]]]:
    """Median / p90 at each size, the change from the first size to the last, and the
    statements per request (one figure when every size made the same)."""
    sizes = list(by_size)
    first, last = by_size[sizes[0]], by_size[sizes[-1]]
    head = ["Page", *(f"{size:,}" for size in sizes), "Change", "Statements"]
    body = []
    for label, row in first.items():
        rows = [by_size[size].get(label) for size in sizes]
        moved = change(row.median_ms, last[label].median_ms) if label in last else "–"
        counts = {_statements(found) for found in rows if found is not None}
        statements = counts.pop() if len(counts) == 1 else " / ".join(map(_statements, rows))
        body.append([label, *map(_times, rows), moved, statements])
    return head, body


def markdown(by_size: dict[int, dict]) -> str:
    head, body = table(by_size)
    return report.markdown_table(head, body, left=1)


def text(by_size: dict[int, dict]) -> str:
    head, body = table(by_size)
    return report.text_table(head, body, left=1)


def targets(by_size: dict[int, dict]) -> list[str]:
    """Issue 12's in-process targets, met or missed, with the figures behind each."""
    sizes = list(by_size)
    first = by_size[sizes[0]]
    quick = {label: first[label].median_ms for label in LEAD_PAGES if label in first}
    slow = {label: ms for label, ms in quick.items() if ms > LEAD_MEDIAN_MS}
    lines = [
        f"- Lead pages drawn in ≤ {LEAD_MEDIAN_MS} ms median at {sizes[0]:,}: "
        f"{_verdict(not slow)} ({_listed(quick, lambda ms: f'{ms:.1f} ms')})."
    ]
    for size in sizes[1:]:
        grown = {
            label: by_size[size][label].median_ms / ms - 1
            for label, ms in quick.items()
            if label in by_size[size]
        }
        over = {label: share for label, share in grown.items() if share > GROWTH}
        lines.append(
            f"- Within {GROWTH:.0%} of that at {size:,}: {_verdict(not over)} "
            f"({_listed(grown, lambda share: f'{share:+.0%}')})"
            + (f"; missed by {', '.join(over)}." if over else ".")
        )
    # The fewest a request made: the most adds one-off statements (the once-a-minute session
    # renewal) that depend on when a sample fell, not on how much data there is.
    differ = {
        label: " / ".join(_statements(by_size[size][label]) for size in sizes)
        for label, row in first.items()
        if any(by_size[size].get(label, row).queries[0] != row.queries[0] for size in sizes[1:])
    }
    lines.append(
        f"- Fewest statements per request the same at {' and '.join(f'{s:,}' for s in sizes)}: "
        + (f"{_verdict(False)} for {_listed(differ, str)}." if differ else f"{_verdict(True)}.")
    )
    return lines


def _verdict(met: bool) -> str:
    return "**met**" if met else "**MISSED**"


def _listed(values: dict, show) -> str:
    return "; ".join(f"{label} {show(value)}" for label, value in values.items())
