"""Cross-cutting security middleware: session lifetime, two-factor enforcement, no-store."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import roles
from audit.services import audit_record

SESSION_STARTED_KEY = "cse_session_started"


class SessionTimeoutMiddleware:
    """Ends a session 12 hours after sign-in however active it has been.
    The 30-minute idle limit is the session cookie age, renewed on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self._past_limit(request):
            audit_record(action="session.expired", request=request)
            logout(request)
            return redirect(f"{reverse('login')}?timeout=1")
        response = self.get_response(request)
        # Stamped on the way out, so the sign-in request itself starts the clock.
        if request.user.is_authenticated and SESSION_STARTED_KEY not in request.session:
            request.session[SESSION_STARTED_KEY] = time.time()
        return response

    @staticmethod
    def _past_limit(request) -> bool:
        started = request.session.get(SESSION_STARTED_KEY)
        return started is not None and time.time() - started > settings.SESSION_ABSOLUTE_SECONDS


class TwoFactorRequiredMiddleware:
    """With REQUIRE_2FA on, leads and admins must verify a TOTP device before anything else."""

    EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/report-cse/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_verification(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('two_factor_verify')}?{query}")
        return self.get_response(request)

    def _needs_verification(self, request) -> bool:
        if not settings.REQUIRE_2FA or not request.user.is_authenticated:
            return False
        if request.path.startswith(self.EXEMPT_PREFIXES):
            return False
        if not (roles.is_lead(request.user) or roles.is_admin(request.user)):
            return False
        return not request.user.is_verified()


class NoStoreMiddleware:
    """Pages for signed-in users may show child data: never let a browser or proxy keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith("/accounts/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class RejectNulBytesMiddleware:
    """A NUL byte in the address or query string is refused with the 400 page: PostgreSQL
    cannot store or compare text holding one, so it would otherwise end as a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_query = any("\x00" in value for _, values in request.GET.lists() for value in values)
        if "\x00" in request.path or in_query:
            return render(request, "errors/400.html", status=400)
        return self.get_response(request)
