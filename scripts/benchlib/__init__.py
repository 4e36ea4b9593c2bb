"""Helpers for scripts/bench.py: the bench database, the server, the load generator, the table."""
