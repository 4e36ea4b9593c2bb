"""Sessions renewed at most once a minute, in one transaction with the audit rows of the
request's reads, and never able to turn a response into an error once a change has committed.

Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) cost a commit per page and,
when the session write failed after a concern had been filed, reported the saved concern as an
error. Instead the session is saved when a view changed it, or when its last renewal is at
least RENEW_SECONDS old: the 30-minute idle limit (SESSION_COOKIE_AGE) then holds to within a
minute.

Reads are audited too (audit.services defers the rows a request records outside any
transaction); they are written here, with the renewal, in one transaction. A request that
changes something writes its deferred read rows in the same transaction as the change."""

import logging
import time

from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.template import loader

from audit.services import PENDING, WROTE, write_pending

logger = logging.getLogger(__name__)

RENEWED_KEY = "cse_renewed"
RENEW_SECONDS = 60


class RenewingSessionMiddleware(SessionMiddleware):
    def process_request(self, request):
        super().process_request(request)
        setattr(request, PENDING, [])

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is None:
            return response
        if not session.is_empty() and _renewal_due(session):
            session[RENEWED_KEY] = int(time.time())
        try:
            with transaction.atomic():
                write_pending(request)
                response = super().process_response(request, response)
        except (DatabaseError, SessionInterrupted):
            return self._after_failed_write(request, response)
        getattr(request, PENDING, []).clear()
        return response

    @staticmethod
    def _after_failed_write(request, response):
        """The session could not be saved, or the audit rows not written. The rows matter
        more: try them alone. A page whose reading could not be recorded is not shown; a
        response to a change that has committed always stands."""
        connection.close_if_unusable_or_obsolete()
        try:
            with transaction.atomic():
                write_pending(request)
        except DatabaseError:
            if not getattr(request, WROTE, False):
                logger.error("audit rows of a read not written: the page was not shown")
                return _unavailable()
            logger.error("audit rows of a read not written after a change had committed")
        logger.warning("session not saved: it was not renewed by this request")
        return response


def _renewal_due(session) -> bool:
    renewed = session.get(RENEWED_KEY)
    return renewed is None or time.time() - renewed >= RENEW_SECONDS


def _unavailable():
    body = loader.get_template("errors/500.html").render()
    return HttpResponse(body, status=503)
