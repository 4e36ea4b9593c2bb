"""Driving the pages as they are used: several signed-in leads (and practitioners) at once,
a random target per request (benchtools.workload), from wrk in a separate process.

Each scenario runs the bare Django view and the trivial signed-in view first, then every page
with a short run of the trivial view after it, then the bare view again. A page's ratio to
the trivial view is to the mean of the two trivial runs either side of it, so a machine that
slows down or speeds up mid-run (other work on the same cores) moves both sides together."""

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import load, server

LEADS = PRACTITIONERS = 4  # signed-in sessions that wrk's requests rotate among


@dataclass
class Scenario:
    name: str
    results: dict = field(default_factory=dict)  # page label -> load.LoadResult
    ratios: dict = field(default_factory=dict)  # page label -> share of the trivial view
    trivial: list = field(default_factory=list)  # the trivial view's runs, in order
    bare: list = field(default_factory=list)  # the bare Django view's runs
    notes: dict = field(default_factory=dict)  # page label -> text
    writes: dict | None = None  # what the writer did, in the second scenario
    sweeps: str = ""  # what the worker's sweeps did beside the web server

    @property
    def trivial_rate(self) -> float:
        return statistics.mean(run.requests_per_second for run in self.trivial)

    @property
    def bare_rate(self) -> float:
        return statistics.mean(run.requests_per_second for run in self.bare)


@dataclass
class People:
    """Who signs in: wrk's sessions, the writer's filer, and those the writer signs in."""

    leads: list[str]
    practitioners: list[str]
    password: str

    @classmethod
    def from_data(cls) -> "People":
        from django.contrib.auth.models import User

        from benchtools.people import LEAD_PREFIX, PRACTITIONER_PREFIX
        from benchtools.plan import PASSWORD

        def names(prefix: str) -> list[str]:
            users = User.objects.filter(username__startswith=prefix).order_by("id")
            return list(users.values_list("username", flat=True))

        return cls(names(LEAD_PREFIX), names(PRACTITIONER_PREFIX), PASSWORD)

    def writer_spec(self, port: int, form: dict, path: str) -> dict:
        """The writer files as a practitioner wrk does not use, and signs in the leads and
        practitioners wrk does not use, in turn."""
        spare = self.leads[LEADS:] + self.practitioners[PRACTITIONERS + 1 :]
        return {
            "port": port,
            "password": self.password,
            "filer": self.practitioners[PRACTITIONERS],
            "sign_ins": spare or self.leads,
            "form": form,
            "path": path,
        }


def sign_in(port: int, usernames: list[str], password: str) -> list[server.Http]:
    sessions = []
    for username in usernames:
        session = server.Http(port)
        session.sign_in(username, password)
        sessions.append(session)
    return sessions


@dataclass
class Driver:
    port: int
    bare_port: int
    threads: int
    connections: int
    work: Path
    people: People
    sessions: dict = field(default_factory=dict)  # who -> [Http]

    def sign_in_all(self) -> None:
        from benchtools.pages import ANONYMOUS, LEAD, PRACTITIONER

        password = self.people.password
        self.sessions = {
            LEAD: sign_in(self.port, self.people.leads[:LEADS], password),
            PRACTITIONER: sign_in(self.port, self.people.practitioners[:PRACTITIONERS], password),
            ANONYMOUS: [server.Http(self.port)],
        }

    def script(self, page, scenario: str) -> Path:
        """The page's wrk script. Searches are posted now, by each session, for this run:
        their token addresses last 30 minutes and only the session that made them reads them."""
        sessions = self.sessions[page.who]
        path = self.work / f"{page.slug}-{scenario.lower().replace(' ', '-')}.lua"
        lua_sessions = [load.Session(s.cookie_header, s.csrf_token) for s in sessions]
        if page.search_at:
            lua_sessions = [self._searched(page, n, s) for n, s in enumerate(sessions)]
            post_at = "" if lua_sessions[0].paths else page.search_at
            return load.real_use_script(path, lua_sessions, post_at=post_at)
        return load.real_use_script(
            path, lua_sessions, paths=page.paths, forms=page.forms, post_at=page.post_at
        )

    def _searched(self, page, number: int, session: server.Http) -> load.Session:
        """This session's share of the searches: redirected (their token addresses), or
        answered in place (the forms, posted on every request)."""
        share = page.searches[number :: len(self.sessions[page.who])]
        status, headers, _ = session.post_form(page.search_at, share[0])
        if status not in (301, 302, 303):
            return load.Session(session.cookie_header, session.csrf_token, forms=tuple(share))
        paths = [_local(headers["Location"])]
        for search in share[1:]:
            _, headers, _ = session.post_form(page.search_at, search)
            paths.append(_local(headers["Location"]))
        return load.Session(session.cookie_header, session.csrf_token, paths=tuple(paths))

    def warm_up(self, page) -> int:
        """A few requests first, so each worker has loaded the page's templates."""
        if page.post_at or page.search_at:
            return 200
        status = 0
        sessions = self.sessions[page.who]
        for n in range(8):
            session, path = sessions[n % len(sessions)], page.paths[n % len(page.paths)]
            status, _, _ = session.request("GET", path)
        return status

    def run(self, script: Path, seconds: int) -> load.LoadResult:
        result = load.run_wrk(
            f"http://127.0.0.1:{self.port}",
            script=script,
            duration=seconds,
            threads=self.threads,
            connections=self.connections,
        )
        self.settle()
        return result

    def run_bare(self, seconds: int) -> load.LoadResult:
        return load.run_wrk(
            f"http://127.0.0.1:{self.bare_port}{server.BARE_PATH}",
            duration=seconds,
            threads=self.threads,
            connections=self.connections,
        )

    def settle(self) -> None:
        """When wrk stops, requests it gave up on are still queued at the server. Wait for
        them: a request sent now is answered only once the queue ahead of it has gone."""
        for _ in range(2):
            server.Http(self.port).request("GET", "/healthz")


def measure(pages, driver: Driver, scenario: Scenario, duration: int) -> Scenario:
    from benchtools.workload import concern_count

    trivial, others = pages[0], pages[1:]
    burst = max(2, duration // 3)
    scenario.bare.append(driver.run_bare(burst))
    driver.warm_up(trivial)
    trivial_script = driver.script(trivial, scenario.name)
    scenario.trivial.append(driver.run(trivial_script, burst))
    for page in others:
        status = driver.warm_up(page)
        if status >= 400:
            scenario.notes[page.label] = f"HTTP {status}"
            print(f"  {page.label}: HTTP {status}, skipped")
            continue
        script = driver.script(page, scenario.name)
        before = concern_count() if page.post_at else 0
        result = driver.run(script, duration)
        scenario.trivial.append(driver.run(trivial_script, burst))
        reference = statistics.mean(r.requests_per_second for r in scenario.trivial[-2:])
        scenario.results[page.label] = result
        scenario.ratios[page.label] = result.requests_per_second / reference
        scenario.notes[page.label] = _note(page, result, concern_count() - before, scenario)
        print(
            f"  {page.label}: {result.requests_per_second:,.0f} req/s "
            f"({scenario.ratios[page.label]:.2f} of trivial)"
        )
    scenario.bare.append(driver.run_bare(burst))
    return scenario


def _note(page, result: load.LoadResult, filed: int, scenario: Scenario) -> str:
    notes = []
    if result.bad_responses:
        notes.append(f"{result.bad_responses:,} of {result.requests:,} failed")
    if page.post_at and scenario.writes is None and filed < result.requests:
        # A refused filing answers 200 with the form again, which wrk counts as a success.
        notes.append(f"only {filed:,} of {result.requests:,} filed")
    return ", ".join(notes)


class Writes:
    """The writer process (writer.py) for the length of a `with` block."""

    def __init__(self, spec: dict, work: Path):
        self.spec_path = work / "writer-spec.json"
        self.result_path = work / "writer-result.json"
        self.spec_path.write_text(json.dumps(spec))
        self.process: subprocess.Popen | None = None
        self.done: dict = {}

    def __enter__(self) -> "Writes":
        script = Path(__file__).resolve().parent / "writer.py"
        self.process = subprocess.Popen(
            [sys.executable, str(script), str(self.spec_path), str(self.result_path)],
            env={**os.environ},
        )
        time.sleep(2)  # signed in, and filing
        if self.process.poll() is not None:
            raise SystemExit("The writer (scripts/benchlib/writer.py) stopped at once.")
        return self

    def __exit__(self, *exc) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self.result_path.exists():
            self.done = json.loads(self.result_path.read_text())


def _local(location: str) -> str:
    """The path and query of a redirect, whether or not it names the host."""
    from urllib.parse import urlsplit

    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
