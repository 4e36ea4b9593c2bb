"""Cross-cutting security middleware: session lifetime, two-factor enforcement, no-store."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from . import roles
from .audit import audit_record

SESSION_STARTED_KEY = "cse_session_started"


class SessionTimeoutMiddleware:
    """Ends a session 12 hours after sign-in however active it has been.
    The 30-minute idle limit is the session cookie age, renewed on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                audit_record(action="session.expired", request=request)
                logout(request)
                return redirect(f"{reverse('login')}?timeout=1")
        return self.get_response(request)


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
