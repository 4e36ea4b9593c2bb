"""A safeguarding lead's pages about child records: possible matches, merging, undoing a
merge, finding a child. Lead-only: a practitioner gets the 403 page, whatever the number."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.roles import lead_required
from audit.services import audit_record
from common.paging import numbered_links, page_number

from . import child_selectors as selectors
from . import child_services as services
from .child_forms import (
    ChildSearchForm,
    MatchDecisionForm,
    MergeConfirmForm,
    MergeForm,
    UndoMergeForm,
)
from .models import ChildMerge
from .selectors import child_get

MATCHES_PAGE = 50
MATCHES_LAST_PAGE = 200


@lead_required
def possible_matches(request):
    page = page_number(request, last=MATCHES_LAST_PAGE)
    rows = selectors.possible_matches_open(offset=(page - 1) * MATCHES_PAGE, limit=MATCHES_PAGE + 1)
    audit_record(action="child.matches_viewed", request=request, object_type="child")
    context = {
        "matches": rows[:MATCHES_PAGE],
        "page": page,
        **numbered_links(page, has_next=len(rows) > MATCHES_PAGE and page < MATCHES_LAST_PAGE),
    }
    return render(request, "children/possible_matches.html", context)


@lead_required
def possible_match(request, match_id):
    match = selectors.possible_match_get(match_id=match_id)
    if match is None:
        raise Http404("No possible match found")
    form = MatchDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _decide(request, match, form.cleaned_data)
    audit_record(
        action="child.match_viewed",
        request=request,
        obj=match.child_a,
        detail={"other_child": match.child_b_id},
    )
    context = {
        "match": match,
        "rows": selectors.compare_rows(match.child_a, match.child_b),
        "form": form,
    }
    return render(request, "children/possible_match.html", context)


def _decide(request, match, data):
    common = {
        "match_id": match.pk,
        "reason": data["reason"],
        "by": request.user,
        "request": request,
    }
    try:
        if data["decision"] == MatchDecisionForm.SAME:
            merge = services.possible_match_confirm(**common)
        else:
            services.possible_match_dismiss(**common)
    except services.MergeRefused as refusal:
        messages.warning(request, str(refusal))
        return redirect("possible_matches")
    if data["decision"] == MatchDecisionForm.DIFFERENT:
        messages.success(request, "Recorded: these are different children.")
        return redirect("possible_matches")
    messages.success(request, "The records are merged. Their concerns are now one history.")
    return redirect("child_chronology", child_id=merge.kept_id)


def _child_or_404(child_id):
    child = child_get(child_id=child_id)
    if child is None:
        raise Http404("No child found")
    return child


@lead_required
def child_merge(request, child_id):
    """Merge any other record into this one: choose it, compare side by side, then confirm."""
    child = _child_or_404(child_id)
    if request.method == "POST" and "reason" in request.POST:
        return _merge_confirm(request, child)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = child_get(child_id=form.cleaned_data["other"])
        if other is None or other.pk == child.pk or other.merged_into_id:
            form.add_error("other", "There is no other child record with that number")
        else:
            confirm = MergeConfirmForm(initial={"other": other.pk})
            return _render_confirm(request, child, other, confirm)
    context = {"child": child, "form": form, "likely": selectors.likely_matches_for(child=child)}
    return render(request, "children/merge.html", context)


def _render_confirm(request, child, other, form):
    audit_record(action="child.viewed", request=request, obj=other, detail={"page": "merge"})
    context = {
        "child": child,
        "other": other,
        "rows": selectors.compare_rows(child, other),
        "form": form,
    }
    return render(request, "children/merge_confirm.html", context)


def _merge_confirm(request, child):
    form = MergeConfirmForm(request.POST)
    other_id = form.data.get("other", "").strip()
    other = child_get(child_id=int(other_id)) if other_id.isdigit() else None
    if other is None or other.pk == child.pk:
        return redirect("child_merge", child_id=child.pk)
    if not form.is_valid():
        return _render_confirm(request, child, other, form)
    try:
        services.child_merge(
            kept_id=child.pk,
            merged_id=other.pk,
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        )
    except services.MergeRefused as refusal:
        messages.warning(request, str(refusal))
        return redirect("child_chronology", child_id=child.pk)
    messages.success(request, "The records are merged. Their concerns are now one history.")
    return redirect("child_chronology", child_id=child.pk)


@lead_required
def merge_undo(request, merge_id):
    merge = ChildMerge.objects.select_related("kept", "merged").filter(pk=merge_id).first()
    if merge is None:
        raise Http404("No merge found")
    form = UndoMergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.child_merge_undo(
                merge_id=merge.pk,
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except services.MergeRefused as refusal:
            messages.warning(request, str(refusal))
        else:
            messages.success(request, "The merge is undone: the two records are separate again.")
        return redirect("child_chronology", child_id=merge.kept_id)
    return render(request, "children/merge_undo.html", {"merge": merge, "form": form})


@lead_required
def child_search(request):
    """Posted, so that what was searched for never appears in an address."""
    form = ChildSearchForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        criteria = selectors.SearchCriteria(**form.cleaned_data, today=timezone.localdate())
        results = selectors.child_search(criteria=criteria)
        audit_record(
            action="child.searched",
            request=request,
            object_type="child",
            detail={"results": len(results)},
        )
    return render(request, "children/search.html", {"form": form, "results": results})
