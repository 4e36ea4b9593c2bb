"""`make bench`: seed a large authority's data, serve the app with gunicorn, drive every page
with wrk, and print one table comparing each page with a trivial authenticated view measured
in the same run. `make bench BENCH_ARGS="--concerns 10000 --duration 5"` scales it down.

Steps: (1) drop, create, migrate and seed the bench database (never the app's or the tests');
(2) count the SQL queries of one request to each page, in-process; (3) start gunicorn with
production settings relaxed only for plain HTTP (cse_portal.settings.bench); (4) sign in and
run wrk against each page, with a short run of the trivial view before and after each one;
(5) time the reminder sweep; (6) print the table and write it to bench-results/bench-<date>.md.
"""

import argparse
import datetime
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchlib import database, drive, report, server  # noqa: E402

RESULTS = ROOT / "bench-results"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concerns", type=int, default=100_000, help="data set size")
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
        "--reuse-data",
        action="store_true",
        help="keep the bench database from the last run instead of seeding again",
    )
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


def prepare_data(args, env: dict) -> float | None:
    url = env["DATABASE_URL"]
    if args.reuse_data and database.exists(url):
        print(f"Reusing {database.database_name(url)} as it is.")
        return None
    print(f"Creating {database.database_name(url)} and seeding {args.concerns:,} concerns…")
    database.recreate(url)
    return database.migrate_and_seed(env, args.concerns)


def setup_django(env: dict) -> None:
    os.environ.update(env)
    import logging

    import django

    django.setup()
    # Sign-ins and filings made here, for counting queries, would log a line each.
    logging.getLogger().setLevel(logging.WARNING)


def count_queries(pages, targets) -> dict:
    from django.db import connections

    from benchtools.pages import count_queries as count

    counted = {page.label: count(page, targets) for page in pages if page.available}
    connections.close_all()
    return counted


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
    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M")  # noqa: DTZ005 - local file name
    path = RESULTS / f"bench-{stamp}.md"
    path.write_text(text)
    return path


def main() -> int:
    args = parse_args()
    ensure_wrk()
    env = bench_env(database.bench_database_url())
    started, load_before = time.monotonic(), load_average()
    seed_seconds = prepare_data(args, env)
    setup_django(env)

    from benchlib.sweep import measure_sweep

    from benchtools.drawing import HEADER, measure_drawing
    from benchtools.pages import bench_targets, benchmark_pages

    print(f"Drawing each lead page afresh in-process, {args.samples} random targets each…")
    drawn = measure_drawing(samples=args.samples)
    drawing = "\n".join([HEADER, *(row.line() for row in drawn)])
    print("\n" + drawing + "\n")
    if args.no_load:
        path = write_results(render_drawing(args, drawing, seed_seconds, load_before))
        print(f"Written to {path.relative_to(ROOT)}")
        return 0
    targets = bench_targets()
    pages = benchmark_pages(targets)
    print("Counting queries per request…")
    queries = count_queries(pages, targets)
    RESULTS.mkdir(exist_ok=True)
    port = server.free_port()
    gunicorn = server.Gunicorn(env, port, args.workers, RESULTS / "gunicorn.log")
    try:
        gunicorn.wait_ready()
        sessions = drive.sign_in_all(port, targets)
        driver = drive.Driver(sessions, port, args.threads, args.connections, RESULTS)
        print(f"Driving each page with wrk for {args.duration} s, the trivial view between…")
        rows = drive.measure(pages, targets, queries, driver, args.duration)
    finally:
        gunicorn.stop()
    print("Timing the reminder sweep…")
    sweep = measure_sweep()
    loads = f"{load_before} at the start, {load_average()} at the end (1, 5, 15 minutes)"
    text = render(args, rows, seed_seconds, sweep, time.monotonic() - started, loads)
    print("\n" + report.text_table(rows) + "\n")
    print("\n".join(sweep.lines()))
    path = write_results(text)
    print(f"\nWritten to {path.relative_to(ROOT)}")
    return 0


def render_drawing(args, drawing: str, seed_seconds, load_before: str) -> str:
    from concerns.models import Concern

    seeded = f"seeded in {seed_seconds:.0f} s" if seed_seconds is not None else "reused"
    return "\n".join(
        [
            f"# In-process drawing times, {datetime.date.today().isoformat()}",  # noqa: DTZ011
            "",
            f"- Data: {Concern.objects.count():,} concerns ({seeded}); commit {git_commit()}.",
            f"- Machine: {machine()}; load average {load_before} at the start.",
            f"- {args.samples} random targets per page, four signed-in leads in turn.",
            "",
            drawing,
            "",
        ]
    )


def render(args, rows, seed_seconds, sweep, total_seconds, loads) -> str:
    from concerns.models import Concern

    seeded = f"seeded in {seed_seconds:.0f} s" if seed_seconds is not None else "reused"
    lines = [
        f"# Benchmark, {datetime.date.today().isoformat()}",  # noqa: DTZ011
        "",
        f"- Data: {Concern.objects.count():,} concerns ({seeded}); commit {git_commit()}.",
        f"- Machine: {machine()}; load average {loads}.",
        f"- Server: gunicorn, {args.workers} sync workers, `cse_portal.settings.bench` "
        "(production settings, DEBUG off, CONN_MAX_AGE=60, plain HTTP).",
        f"- Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s` per page, from "
        f"a separate process; a {max(2, args.duration // 3)} s run of the trivial view before "
        "and after each page, and each ratio is to the mean of those two.",
        f"- Whole run: {total_seconds / 60:.1f} minutes.",
        "",
        report.markdown_table(rows),
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
