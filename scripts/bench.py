"""`make bench`: seed a large authority's data, serve the app with gunicorn, drive every page
with wrk as it is really used, and print one table comparing each page with a trivial
authenticated view and a bare Django view measured in the same run.
`make bench BENCH_ARGS="--concerns 10000 --duration 5"` scales it down.

Steps: (1) for each data size (100,000 and 1,000,000 concerns by default), a bench database
of its own (never the app's or the tests'), dropped, created, migrated and seeded unless it
already holds a seed of that size made by the same seed code (benchlib/database.py);
(2) draw every page afresh in-process over random targets (benchtools.drawing, .workload),
timing it and counting its statements, at every size (benchlib/sizes.py); at the first
size: (3) start gunicorn with production settings relaxed
only for plain HTTP (cse_portal.settings.bench), and a second one serving a bare Django view
(benchtools.bare_settings); (4) sign in several leads and practitioners and drive each page
with wrk, a random target per request (benchlib/drive.py), the trivial view between pages;
(5) the same again with a filing a second and a sign-in every five seconds going on
(benchlib/writer.py); (6) print the table, the sizes side by side with issue 12's targets
worked out, and write them to bench-results/bench-<date>.md. The reminder sweep is timed
first, on the data as seeded.
"""

import argparse
import dataclasses
import datetime
import os
import platform
import random
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchlib import database, drive, report, server, sizes  # noqa: E402

RESULTS = ROOT / "bench-results"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--concerns",
        type=sizes.parse,
        default=[100_000, 1_000_000],
        help="data sizes, comma-separated (default 100000,1000000): each in a database of its "
        "own, drawn in-process at every size, driven with wrk at the first",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--samples", type=int, default=200, help="random targets per page, drawn in-process"
    )
    parser.add_argument(
        "--no-load",
        action="store_true",
        help="only the in-process drawing times and query counts (robust on a busy machine)",
    )
    parser.add_argument(
        "--reseed",
        action="store_true",
        help="seed afresh even a database that holds this size seeded by the same seed code",
    )
    # For the run itself: one size's in-process drawing, written to a file (benchlib/sizes).
    parser.add_argument("--draw-only", metavar="JSON", help=argparse.SUPPRESS)
    return parser.parse_args()


def ensure_wrk() -> None:
    """wrk comes from Debian's packages; install it when root, as ensure_services.sh does."""
    if shutil.which("wrk") is not None:
        return
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing. Install it with: sudo apt-get install -y wrk")
    print("Installing wrk from Debian's packages…")
    quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=quiet, check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=quiet, check=True)


def bench_env(url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cse_portal.settings.bench",
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "SECRET_KEY": secrets.token_urlsafe(40),  # a new one each run: sessions are throwaway
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "CONN_MAX_AGE": "60",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONUNBUFFERED": "1",
    }


@dataclasses.dataclass
class Size:
    concerns: int
    env: dict
    seconds: float | None = None  # the seeding's; None when reused
    earlier: dict | None = None  # when a reused database was seeded, and how long it took
    counted: int = 0  # concerns in the database when drawn (the benchmark files more)

    @property
    def name(self) -> str:
        return database.database_name(self.env["DATABASE_URL"])

    def line(self) -> str:
        if self.earlier is None:
            how = f"seeded in {self.seconds or 0:.0f} s"
        else:
            at, seconds = self.earlier["at"].strftime("%-d %b %H:%M UTC"), self.earlier["seconds"]
            how = f"reused: seeded {at} by the same seed code, in {seconds:.0f} s"
        return f"{self.counted:,} concerns in `{self.name}` ({how})"


def prepare_data(args, base_url: str, concerns: int) -> Size:
    size = Size(concerns, bench_env(database.sized_url(base_url, concerns)))
    url = size.env["DATABASE_URL"]
    size.earlier = None if args.reseed else database.seeded(url, concerns)
    if size.earlier is not None:
        print(f"Reusing {size.name}: {concerns:,} concerns seeded by the same seed code.")
        database.migrate(size.env)
        return size
    print(f"Creating {size.name} and seeding {concerns:,} concerns…")
    database.recreate(url)
    size.seconds = database.migrate_and_seed(size.env, concerns)
    database.mark_seeded(url, concerns, size.seconds)
    return size


def setup_django(env: dict) -> None:
    os.environ.update(env)
    import logging

    import django

    django.setup()
    # Sign-ins and filings made here, for counting queries, would log a line each.
    logging.getLogger().setLevel(logging.WARNING)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def load_average() -> str:
    """Other work on the same cores moves every number; the load average says how much."""
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True)
        return out.stdout.decode().strip() or "unknown"
    except OSError:
        return "unknown"


def write_results(text: str) -> Path:
    RESULTS.mkdir(exist_ok=True)
    # To the second: a 100,000 run and a --no-load run started after it can end in one minute.
    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M%S")  # noqa: DTZ005 - local file name
    path = RESULTS / f"bench-{stamp}.md"
    path.write_text(text)
    return path


def main() -> int:
    args = parse_args()
    if args.draw_only:
        return draw_only(args)
    ensure_wrk()
    base = database.bench_database_url()
    started, loads = time.monotonic(), [load_average()]
    data = [prepare_data(args, base, concerns) for concerns in args.concerns]
    setup_django(data[0].env)

    from benchlib.sweep import measure_sweep

    from benchtools import workload

    sweep = None
    if not args.no_load:
        # First, on the data as seeded: the benchmark's own filings add reminders due now.
        print("Timing the reminder sweep…")
        sweep = measure_sweep()
    pages = workload.build(count=max(args.samples, 200))
    drawn = draw_at_every_size(args, data, pages)
    loads.append(load_average())
    if args.no_load:
        text = render_drawing(args, data, drawn, loads)
        print(f"Written to {write_results(text).relative_to(ROOT)}")
        return 0
    scenarios = drive_pages(args, data[0].env, pages)
    loads.append(load_average())
    first = drawn[data[0].concerns]
    head, body = report.header(scenarios), report.rows(pages, scenarios, first)
    print("\n" + report.text_table(head, body) + "\n")
    shares = filing_shares(scenarios, first)
    print("\n".join(shares + sweep.lines()))
    text = render(args, (head, body), shares, scenarios, data, sweep, started, loads)
    text += render_sizes(drawn)
    path = write_results(text)
    print(f"\nWritten to {path.relative_to(ROOT)}")
    return 0


def draw_only(args) -> int:
    """One size's in-process drawing, for the run at the first size (benchlib/sizes)."""
    setup_django(dict(os.environ))
    from benchtools import workload
    from concerns.models import Concern

    drawn = draw_in_process(workload.build(count=max(args.samples, 200)), args.samples)
    sizes.save_drawn(args.draw_only, drawn, Concern.objects.count())
    return 0


def draw_at_every_size(args, data: list[Size], pages) -> dict[int, dict]:
    """The first size here (its pages are the ones wrk drives), the others each by a process
    of its own; then the sizes side by side with issue 12's targets."""
    from django.db import connections

    from concerns.models import Concern

    data[0].counted = Concern.objects.count()
    drawn = {data[0].concerns: draw_in_process(pages, args.samples)}
    connections.close_all()
    for size in data[1:]:
        print(f"At {size.concerns:,} concerns ({size.name}):")
        drawn[size.concerns], size.counted = sizes.draw_elsewhere(size.env, args.samples)
    if len(drawn) > 1:
        print("\n" + sizes.text(drawn) + "\n\n" + "\n".join(sizes.targets(drawn)) + "\n")
    return drawn


def render_sizes(drawn: dict[int, dict]) -> str:
    if len(drawn) < 2:
        return ""
    sized = " and ".join(f"{size:,}" for size in drawn)
    return "\n".join(
        [
            f"## Drawn afresh in-process at {sized} concerns",
            "",
            "Median / p90; statements per request (reads and writes, not BEGIN/COMMIT).",
            "",
            sizes.markdown(drawn),
            "",
            "Issue 12's targets, in-process:",
            "",
            *sizes.targets(drawn),
            "",
        ]
    )


HEADER = (
    "| Page (drawn afresh, in-process) | Median | p90 | Statements |\n| --- | ---: | ---: | ---: |"
)
PLAIN_FILING = "File a concern (POST)"
FILING_KINDS = [
    "File, child like an existing one",
    "File, naming three entities",
    "File, as the seed's concerns were",
]


def filing_shares(scenarios, drawn) -> list[str]:
    return report.filing_shares(scenarios, drawn, PLAIN_FILING, FILING_KINDS)


def draw_in_process(pages, samples: int) -> dict:
    """Each page drawn afresh over random targets: benchtools.drawing's pages, then the rest."""
    from benchtools import workload
    from benchtools.drawing import measure_drawing

    print(f"Drawing each page afresh in-process, {samples} random targets each…")
    drawn = {row.label: row for row in measure_drawing(samples=samples)}
    drawn.update({row.label: row for row in workload.measure(pages, samples=samples)})
    print("\n" + "\n".join([HEADER, *(row.line() for row in drawn.values())]) + "\n")
    return drawn


def drive_pages(args, env: dict, pages) -> list:
    """Both scenarios: the pages alone, then with a filing a second and a sign-in every five
    seconds going on (benchlib/writer.py), against the application and the bare view."""
    from django.db import connections
    from django.urls import reverse

    from benchtools.workload import plain_filing

    connections.close_all()
    RESULTS.mkdir(exist_ok=True)
    work = RESULTS / "work"
    work.mkdir(exist_ok=True)
    app = server.Gunicorn(env, server.free_port(), args.workers, RESULTS / "gunicorn.log")
    bare = server.bare_gunicorn(env, args.workers, RESULTS / "gunicorn-bare.log")
    sweeps = server.Sweeps(env, RESULTS / "sweeps.log")
    people = drive.People.from_data()
    try:
        app.wait_ready()
        bare.wait_ready()
        driver = drive.Driver(app.port, bare.port, args.threads, args.connections, work, people)
        driver.sign_in_all()
        print(f"Driving each page with wrk for {args.duration} s, the trivial view between…")
        quiet = drive.measure(pages, driver, drive.Scenario("Quiet"), args.duration)
        form = {**plain_filing(random.Random(5)), "last_name": "__NAME__"}
        spec = people.writer_spec(app.port, form, reverse("concern_new"))
        print("Again, with a filing every second and a sign-in every five seconds…")
        with drive.Writes(spec, work) as writes:
            busy = drive.measure(pages, driver, drive.Scenario("With writes"), args.duration)
        busy.writes = writes.done
    finally:
        app.stop()
        bare.stop()
        swept = sweeps.stop()
    print(f"The worker's sweeps (comparing, alerts), beside the web server throughout: {swept}.")
    quiet.sweeps = swept
    return [quiet, busy]


def _data_line(data: list[Size]) -> str:
    return f"- Data: {'; '.join(size.line() for size in data)}; commit {git_commit()}."


def render_drawing(args, data: list[Size], drawn: dict, loads: list[str]) -> str:
    first = drawn[data[0].concerns]
    tables = render_sizes(drawn) or "\n".join([HEADER, *(row.line() for row in first.values())])
    return "\n".join(
        [
            f"# In-process drawing times, {datetime.date.today().isoformat()}",  # noqa: DTZ011
            "",
            _data_line(data),
            f"- Machine: {machine()}; load average {' then '.join(loads)} (1, 5, 15 minutes).",
            f"- {args.samples} random targets per page, four signed-in leads in turn.",
            "",
            tables,
            "",
        ]
    )


def render(args, table, shares, scenarios, data, sweep, started, loads) -> str:
    writes = scenarios[1].writes or {}
    lines = [
        f"# Benchmark, {datetime.date.today().isoformat()}",  # noqa: DTZ011
        "",
        _data_line(data),
        f"- Machine: {machine()}; load average (1, 5, 15 minutes) {loads[0]} at the start, "
        f"{loads[1]} after drawing in-process, {loads[2]} after wrk.",
        f"- wrk at {data[0].concerns:,} concerns; the table's in-process column is that size's "
        "too (every size's in-process times follow it).",
        f"- Server: gunicorn, {args.workers} sync workers, `cse_portal.settings.bench` "
        "(production settings, DEBUG off, CONN_MAX_AGE=60, plain HTTP); the bare view is the "
        "same gunicorn command with `benchtools.bare_settings` (no middleware, no apps).",
        f"- Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s` per page from "
        f"a Lua script made for the run: each request picks one of {drive.LEADS} signed-in "
        "leads (or practitioners) and a random target; searches are posted by each session "
        "first and their token addresses requested. A "
        f"{max(2, args.duration // 3)} s run of the trivial view after each page; each ratio "
        "is to the mean of the trivial runs either side.",
        "- With writes: a separate process filed a concern every second through the form and "
        "signed someone in every five seconds throughout the second pass: "
        f"{writes.get('filed', 0):,} filed ({writes.get('filing_failed', 0)} refused), "
        f"{writes.get('signed_in', 0):,} sign-ins ({writes.get('sign_in_failed', 0)} failed) "
        f"in {writes.get('seconds', 0):.0f} s.",
        "- Beside the web server throughout both passes, the worker's share of filing "
        "(`manage.py bench_sweeps`, every REMINDER_SWEEP_SECONDS, as beat runs them): the "
        "comparison of people and places named (network.services.possible_matches_offer) and "
        "the alerts filings record, counted and sent (network.alerts.alerts_sweep, to the "
        f"in-memory email backend): {scenarios[0].sweeps}.",
        f"- In-process: {args.samples} random targets per page (a quarter of that for "
        "filings), Django's test client against the same database; statements are reads "
        "and writes, not BEGIN/COMMIT/savepoints.",
        f"- Whole run: {(time.monotonic() - started) / 60:.1f} minutes.",
        "",
        report.markdown_table(*table),
        "",
        *shares,
        "",
        "## Reminder sweep",
        "",
        *sweep.lines(),
        "",
        "Plan of the selection:",
        "",
        "```",
        *sweep.plan,
        "```",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
