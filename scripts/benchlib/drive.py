"""Driving the pages: sign in, find the search URL, warm up, then wrk each page with a short
run of the trivial view before and after it. Each page's ratio is to the mean of its two
neighbouring trivial runs, so a machine that slows down or speeds up mid-run (other work on
the same cores) moves both sides of the ratio together."""

import dataclasses
import statistics
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from . import load, report, server


def sign_in_all(port: int, targets) -> dict:
    from benchtools.pages import ANONYMOUS, LEAD, PRACTITIONER
    from benchtools.plan import PASSWORD

    sessions = {ANONYMOUS: server.Http(port)}
    for who, user in ((LEAD, targets.lead), (PRACTITIONER, targets.practitioner)):
        sessions[who] = server.Http(port)
        sessions[who].sign_in(user.username, PASSWORD)
    return sessions


def search_path(session: server.Http, page, term: str) -> str:
    """The dashboard takes search words by POST and redirects to a URL holding a token
    (names stay out of URLs); a dashboard that takes `?q=` directly gets the words."""
    status, headers, _ = session.post_form(page.path, {"search": term})
    location = urlsplit(headers.get("Location", ""))
    if status in (301, 302, 303) and "q=" in location.query:
        return f"{location.path}?{location.query}"
    return f"{page.path}?{urlencode({'q': term})}"


@dataclasses.dataclass
class Driver:
    sessions: dict
    port: int
    threads: int
    connections: int
    work: Path

    def warm_up(self, page) -> int:
        """A few requests first, so each worker has loaded its templates and connection."""
        if page.method != "GET":
            return 200
        status = 0
        for _ in range(10):
            status, _, _ = self.sessions[page.who].request("GET", page.path)
        return status

    def run(self, page, seconds: int) -> load.LoadResult:
        result = self._wrk(page, seconds)
        self.settle()
        return result

    def settle(self) -> None:
        """When wrk stops, requests it gave up on are still queued at the server. Wait for
        them: a request sent now is answered only once the queue ahead of it has gone."""
        for _ in range(2):
            self.sessions["anonymous"].request("GET", "/healthz")

    def _wrk(self, page, seconds: int) -> load.LoadResult:
        from benchtools.pages import filing_form

        session = self.sessions[page.who]
        url = f"http://127.0.0.1:{self.port}"
        options = {"duration": seconds, "threads": self.threads, "connections": self.connections}
        if page.method == "POST":
            form = filing_form(token="__TOKEN__", last_name="__NAME__")  # noqa: S106
            form["csrfmiddlewaretoken"] = session.csrf_token
            script = load.post_script(
                self.work / "file-concern.lua", page.path, session.cookie_header, form
            )
            return load.run_wrk(url, script=script, **options)
        return load.run_wrk(url + page.path, cookie=session.cookie_header, **options)


def measure(pages, targets, queries: dict, driver: Driver, duration: int) -> list[report.Row]:
    trivial, others = pages[0], pages[1:]
    burst = max(2, duration // 3)
    driver.warm_up(trivial)
    yardstick = [driver.run(trivial, burst)]
    rows = []
    for page in others:
        row = report.Row(page.label, target=page.target, queries=_count(queries, page))
        rows.append(row)
        if not page.available:
            row.note = "not available in this build"
            print(f"  {page.label}: not available")
            continue
        if page.search:
            page = dataclasses.replace(
                page, path=search_path(driver.sessions[page.who], page, targets.search_term)
            )
        status = driver.warm_up(page)
        if status >= 400:
            row.note = f"HTTP {status}"
            print(f"  {page.label}: HTTP {status}, skipped")
            continue
        result = driver.run(page, duration)
        yardstick.append(driver.run(trivial, burst))
        reference = (yardstick[-2].requests_per_second + yardstick[-1].requests_per_second) / 2
        _fill(row, result, reference, queries.get(page.label))
        print(f"  {page.label}: {result.requests_per_second:,.0f} req/s ({row.ratio:.2f})")
    return [_trivial_row(trivial, yardstick, queries), *rows]


def _count(queries: dict, page) -> tuple[int, int] | None:
    """(queries with what the page keeps drawn, queries drawing it afresh)."""
    measured = queries.get(page.label)
    return (measured.queries, measured.cold_queries) if measured is not None else None


def _fill(row: report.Row, result: load.LoadResult, reference: float, counted) -> None:
    row.rate, row.median_ms, row.p99_ms = (
        result.requests_per_second, result.median_ms, result.p99_ms
    )  # fmt: skip
    row.ratio = result.requests_per_second / reference
    notes = []
    if result.bad_responses:
        notes.append(f"{result.bad_responses:,} of {result.requests:,} responses failed")
    if counted is not None and counted.rows is not None:
        notes.append(f"{counted.rows:,} rows")
    row.note = ", ".join(notes)


def _trivial_row(trivial, yardstick: list[load.LoadResult], queries: dict) -> report.Row:
    rates = [result.requests_per_second for result in yardstick]
    return report.Row(
        trivial.label,
        rate=statistics.mean(rates),
        median_ms=statistics.median(result.median_ms for result in yardstick),
        p99_ms=statistics.median(result.p99_ms for result in yardstick),
        ratio=1.0,
        queries=_count(queries, trivial),
        note=f"mean of {len(rates)} runs between the pages ({min(rates):,.0f}–{max(rates):,.0f})",
    )
