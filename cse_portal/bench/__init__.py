"""Benchmark support: the `seed_bench` data set, the pages `make bench` measures and a trivial
view to compare them with. Nothing here runs in normal operation; the trivial view is routed
only when `settings.BENCH_VIEWS` is on, which only `cse_portal.settings.bench` sets."""
