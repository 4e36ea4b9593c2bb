"""The triage dashboard and its CSV export.

Filters travel in the query string, except the search words: they may be a child's name, and
names must not appear in URLs (which end up in logs and browser history) or in the session
row. The search is posted and the URL carries it encrypted with this session's key
(search_tokens)."""

from django.http import QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.roles import lead_required
from audit.services import audit_record
from common.paging import AFTER, BEFORE, cursor_from
from referrals.selectors import live_region_context
from referrals.wording import wait_text

from . import dashboard_selectors, extensions, search_tokens
from .chart import trend_chart
from .export import csv_lines
from .lead_forms import TriageFilterForm

PAGING = ("page", AFTER, BEFORE)  # a page's place in the list, not a filter
NOT_IN_URL = {"csrfmiddlewaretoken", "submit", "search", "q", *PAGING}


@lead_required
def triage_dashboard(request):
    if request.method == "POST":
        form = TriageFilterForm(request.POST)
        if form.is_valid():
            return redirect(f"{reverse('triage')}?{_query_for(request, form)}")
    else:
        form = TriageFilterForm(_filter_data(request))
        form.is_valid()
    filters = form.filters()
    audit_record(
        action="triage.viewed",
        request=request,
        object_type="dashboard",
        detail=filters.as_audit_detail(),
    )
    return render(request, "triage/dashboard.html", _context(request, form, filters))


def _context(request, form, filters) -> dict:
    query = _current_query(request)
    cursor = cursor_from(request, dashboard_selectors.sort_order(filters))
    rows = dashboard_selectors.concerns_page(filters=filters, cursor=cursor)
    shown = [row["pk"] for row in rows["rows"]]
    return {
        "form": form,
        "filter_fields": form.govuk_fields(),
        "summary": _summary(),
        "page": rows,
        # Concerns on this page flagged for review by other apps (the network: naming an
        # entity another child's concern names), whatever their band.
        "linked": extensions.flagged_rows(shown),
        "query": query,
        "export_url": f"{reverse('triage_export')}?{query}" if not form.errors else "",
        "searching": bool(filters.search),
        "search_expired": bool(request.GET.get("q")) and not filters.search,
        **live_region_context(),
    }


def _summary() -> dict:
    now, today = dashboard_selectors.now_and_today()
    urgent = dashboard_selectors.urgent_waiting()
    trend = dashboard_selectors.weekly_trend(now=now)
    overdue = dashboard_selectors.overdue_reviews(now=now)
    monitoring_due = dashboard_selectors.monitoring_reviews_due(today=today)
    return {
        "counts": dashboard_selectors.dashboard_counts(),
        "urgent": urgent,
        "longest_wait": wait_text(urgent["oldest"], now) if urgent["oldest"] else "",
        "overdue": overdue,
        "monitoring_due": monitoring_due,
        "waiting": [overdue["rows"], monitoring_due["rows"]],
        "trend": trend,
        "chart": trend_chart(trend),
        # What other apps add (the network's alerts): see concerns.extensions.
        **_panels(),
    }


def _panels() -> dict:
    panels = extensions.panels_context(extensions.DASHBOARD)
    panels["panels"] = panels.pop("templates")
    return panels


@lead_required
def triage_export(request):
    form = TriageFilterForm(_filter_data(request))
    if not form.is_valid():
        return redirect(f"{reverse('triage')}?{_current_query(request)}")
    filters = form.filters()
    audit_record(
        action="concerns.exported",
        request=request,
        object_type="concern",
        detail=filters.as_audit_detail(),
    )
    response = StreamingHttpResponse(csv_lines(filters=filters), content_type="text/csv")
    _, today = dashboard_selectors.now_and_today()
    response["Content-Disposition"] = f'attachment; filename="concerns-{today.isoformat()}.csv"'
    return response


def _filter_data(request) -> QueryDict:
    data = request.GET.copy()
    for key in ("q", "search", *PAGING):
        data.pop(key, None)
    search = search_tokens.search_words(session=request.session, token=request.GET.get("q", ""))
    if search:
        data["search"] = search
    return data


def _query_for(request, form) -> str:
    """The query string for a valid posted filter form: filters as given, search as a token."""
    query = QueryDict(mutable=True)
    for key, values in request.POST.lists():
        kept = [value for value in values if value]
        if key not in NOT_IN_URL and kept:
            query.setlist(key, kept)
    search = form.cleaned_data["search"].strip()
    if search:
        query["q"] = search_tokens.search_token(session=request.session, search=search)
    return query.urlencode()


def _current_query(request) -> str:
    query = request.GET.copy()
    for key in PAGING:
        query.pop(key, None)
    return query.urlencode()
