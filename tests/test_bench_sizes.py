"""`make bench` draws every page at each data size it is given, each size in a database of its
own, and sets the sizes side by side with issue 12's targets worked out."""

from pathlib import Path

import pytest

from benchtools.drawing import Drawn

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture
def benchlib(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    from benchlib import database, sizes

    return database, sizes


def _drawn(**medians: tuple[float, tuple[int, int]]) -> dict:
    return {
        label.replace("_", " "): Drawn(label.replace("_", " "), ms, ms * 1.1, queries, 0)
        for label, (ms, queries) in medians.items()
    }


def test_sizes_are_given_as_a_comma_separated_list(benchlib):
    _, sizes = benchlib
    assert sizes.parse("100000,1000000") == [100_000, 1_000_000]
    assert sizes.parse("10000") == [10_000]
    assert sizes.parse("1_000_000") == [1_000_000]
    with pytest.raises(ValueError):
        sizes.parse("0")


def test_each_size_has_a_database_named_for_it(benchlib):
    database, _ = benchlib
    url = "postgres://postgres@127.0.0.1:5432/cse_bench_"
    assert database.sized_url(url, 100_000).endswith("/cse_bench_100k")
    assert database.sized_url(url, 1_000_000).endswith("/cse_bench_1m")
    assert database.sized_url(url, 1_500).endswith("/cse_bench_1500")


def test_the_sizes_table_shows_each_sizes_times_the_change_and_the_statements(benchlib):
    _, sizes = benchlib
    drawn = {
        100_000: _drawn(Triage_dashboard=(20.0, (14, 14)), Referral_queue=(10.0, (6, 6))),
        1_000_000: _drawn(Triage_dashboard=(23.0, (14, 14)), Referral_queue=(25.0, (6, 7))),
    }
    head, body = sizes.table(drawn)
    assert head == ["Page", "100,000", "1,000,000", "Change", "Statements"]
    assert body[0] == ["Triage dashboard", "20.0 / 22.0 ms", "23.0 / 25.3 ms", "+15%", "14"]
    assert body[1] == ["Referral queue", "10.0 / 11.0 ms", "25.0 / 27.5 ms", "×2.5", "6 / 6–7"]


def test_the_targets_are_worked_out_from_the_sizes(benchlib):
    _, sizes = benchlib
    drawn = {
        100_000: _drawn(Triage_dashboard=(20.0, (14, 14)), Referral_queue=(26.0, (6, 6))),
        1_000_000: _drawn(Triage_dashboard=(23.0, (14, 14)), Referral_queue=(40.0, (7, 8))),
    }
    quick, grown, statements = sizes.targets(drawn)
    assert quick.startswith("- Lead pages drawn in ≤ 25 ms median at 100,000: **MISSED**")
    assert "Referral queue 26.0 ms" in quick
    assert grown.startswith("- Within 20% of that at 1,000,000: **MISSED**")
    assert grown.endswith("missed by Referral queue.")
    assert "**MISSED** for Referral queue 6 / 7–8" in statements
    # A one-off extra statement in some requests (the session renewal) is not growth.
    drawn[1_000_000] = _drawn(Triage_dashboard=(21.0, (14, 14)), Referral_queue=(27.0, (6, 7)))
    _, grown, statements = sizes.targets(drawn)
    assert "**met**" in grown
    assert "**met**" in statements


def test_the_report_says_how_each_sizes_data_came_about(benchlib):
    import datetime
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_script", SCRIPTS / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    url = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cse_bench_1m"}
    at = datetime.datetime(2026, 12, 1, 18, 35, tzinfo=datetime.UTC)
    reused = bench.Size(1_000_000, url, earlier={"seconds": 1218.4, "at": at}, counted=1_000_250)
    seeded = bench.Size(1_000_000, url, seconds=514.2, counted=1_000_000)
    assert reused.line() == (
        "1,000,250 concerns in `cse_bench_1m` "
        "(reused: seeded 1 Dec 18:35 UTC by the same seed code, in 1218 s)"
    )
    assert seeded.line() == "1,000,000 concerns in `cse_bench_1m` (seeded in 514 s)"


def test_a_filing_measured_while_the_machine_slowed_is_judged_against_the_trivial_runs_around_it(
    benchlib,
):
    from benchlib.drive import Scenario
    from benchlib.load import LoadResult
    from benchlib.report import filing_shares

    def rate(per_second: float) -> LoadResult:
        return LoadResult(per_second, 10.0, 20.0, int(per_second * 10), 0, "")

    # Plain filing at 100 req/s beside a trivial view at 1,000; the other filing at 60 req/s
    # a minute later, when the trivial view ran at 600: the machine, not the filing, slowed.
    quiet = Scenario("Quiet", results={"Plain": rate(100), "Other": rate(60)})
    quiet.ratios = {"Plain": 0.10, "Other": 0.10}
    slower = Scenario("With writes", results={"Plain": rate(100), "Other": rate(70)})
    slower.ratios = {"Plain": 0.10, "Other": 0.07}
    drawn = _drawn(Plain=(20.0, (10, 10)), Other=(22.0, (15, 15)))

    (line,) = filing_shares([quiet, slower], drawn, "Plain", ["Other"])

    assert "quiet 1.00 (0.60 by raw rates)" in line
    assert "with writes 0.70 (0.70 by raw rates)" in line
    assert "in-process 0.91" in line
    assert line.endswith("(≥ 0.80: mixed).")
