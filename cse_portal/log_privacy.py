"""Logging that keeps child data out of log lines.

Our own log calls carry ids and references only. What could still leak is what others put in a
record: an exception message (PostgreSQL's "Key (...)=(...)" detail, a ValueError quoting input),
the request object Django attaches to error records (an error email would print the POST body),
and a query string in the development server's request line (a search for a child's name).
"""

import logging
import re
import traceback

WITHHELD = "[message withheld: it may hold personal data]"
_QUERY_STRING = re.compile(r"\?[^\s\"]*")


class PrivacyFormatter(logging.Formatter):
    """Tracebacks keep their frames (file, line, code) but not the exception's message."""

    def format(self, record):
        # Another handler may have cached its own rendering of the traceback, message and all.
        record.exc_text = None
        return super().format(record)

    def formatException(self, ei):  # noqa: N802 (logging's name)
        exc_type, _exc, tb = ei
        frames = "".join(traceback.format_tb(tb))
        name = f"{exc_type.__module__}.{exc_type.__qualname__}" if exc_type else "Exception"
        return f"Traceback (most recent call last):\n{frames}{name}: {WITHHELD}"


class DropRequestData(logging.Filter):
    """Removes the request from records and query strings from request lines."""

    def filter(self, record):
        record.__dict__.pop("request", None)
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                _QUERY_STRING.sub("?…", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


class NoTracebackForClientErrors(logging.Filter):
    """A refused or missing page (403, 404, 400) is the service working as meant: one line
    saying so, not a traceback of the PermissionDenied or Http404 that produced it."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
