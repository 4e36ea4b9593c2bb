import logging

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_POST

from accounts import roles
from audit.services import audit_record
from cse_portal.health import broker_is_up, database_is_up, probes_run

logger = logging.getLogger(__name__)


@login_required
def home(request):
    user = request.user
    if roles.is_lead(user):
        return redirect("triage")
    if roles.can_file(user):
        return redirect("concern_list")
    if roles.is_admin(user):
        return redirect("admin:index")
    return render(request, "home_no_role.html")


@require_POST
def logout_view(request):
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_POST
def keep_alive(request):
    """Touching the session renews its idle timeout (at most once a minute: accounts.sessions).
    Signed out, it answers 401 rather than redirecting to the sign-in page: fetch follows a
    redirect, and the page would take the sign-in page for a renewal (static/js/keep-alive.js)."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return HttpResponse(status=204)


def public_page(request):
    from indicators.selectors import active_indicators
    from referrals.selectors import contacts_in_order

    return render(
        request,
        "public.html",
        {
            "indicators": active_indicators(kind="indicator"),
            "contacts": contacts_in_order(),
        },
    )


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's). The service has
    no icon (no crown, no GOV.UK branding), so: nothing, and no 404 in the log."""
    return HttpResponse(status=204, headers={"Cache-Control": "public, max-age=86400"})


def healthz(request):
    """200 when the database and the broker answer; 503, within HEALTHZ_SECONDS, when either
    does not (cse_portal.health)."""
    up = probes_run(
        {"database": database_is_up, "broker": broker_is_up}, seconds=settings.HEALTHZ_SECONDS
    )
    return JsonResponse(
        {name: "ok" if ok else "down" for name, ok in up.items()},
        status=200 if all(up.values()) else 503,
    )


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    # Every refusal is audited, whichever view or decorator raised it. The path only:
    # a query string may hold a search for a child's name.
    audit_record(
        action="access.denied",
        request=request,
        object_type="page",
        detail={"path": request.path.replace("\x00", "")[:200], "method": request.method},
    )
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No context processors: whatever broke must not break the error page too.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
