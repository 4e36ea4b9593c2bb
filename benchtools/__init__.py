"""Benchmark tools, for development only: the `seed_bench` data set, the pages `make bench`
measures, and the trivial views to compare them with. Installed only by
cse_portal.settings.bench and the test settings; a production install never loads it."""
