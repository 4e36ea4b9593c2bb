from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import roles
from audit.selectors import concern_trail
from audit.services import audit_record
from common.paging import page_number
from indicators.scoring import Result
from referrals.selectors import contacts_in_order

from . import extensions, services
from .child_selectors import child_summary
from .forms import AddendumForm
from .lead_views import lead_panel
from .selectors import concern_get_for_user, concern_page_rows, concerns_filed_by


def _require_filer(user):
    if not roles.can_file(user):
        raise PermissionDenied


@login_required
def concern_filed(request, reference):
    concern = concern_get_for_user(user=request.user, reference=reference, request=request)
    audit_record(
        action="concern.viewed", request=request, obj=concern, detail={"page": "confirmation"}
    )
    return render(
        request,
        "concerns/filed.html",
        {
            "concern": concern,
            "result": Result.from_dict(concern.explanation),
            "contacts": contacts_in_order(),
        },
    )


LIST_PAGE_SIZE = 50
LAST_PAGE = 1000  # a bound on how far an offset can be pushed


@login_required
def concern_list(request):
    """The practitioner's concerns, newest first, a page at a time: one more row than shown
    is read to know whether there are older ones, so there is no count to make."""
    _require_filer(request.user)
    page = page_number(request, last=LAST_PAGE)
    start = (page - 1) * LIST_PAGE_SIZE
    rows = list(concerns_filed_by(user=request.user)[start : start + LIST_PAGE_SIZE + 1])
    context = {
        "concerns": rows[:LIST_PAGE_SIZE],
        "page": page,
        "newer_page": page - 1 if page > 1 else None,
        "older_page": page + 1 if len(rows) > LIST_PAGE_SIZE and page < LAST_PAGE else None,
    }
    return render(request, "concerns/list.html", context)


@login_required
def concern_detail(request, reference):
    concern = concern_get_for_user(user=request.user, reference=reference, request=request)
    audit_record(action="concern.viewed", request=request, obj=concern)
    return _render_detail(request, concern, AddendumForm())


TRAIL_ON_PAGE = 10


def _render_detail(request, concern, addendum_form, status=200):
    context = {
        "concern": concern,
        "result": Result.from_dict(concern.explanation),
        **concern_page_rows(concern=concern),
        "addendum_form": addendum_form,
        "contacts": contacts_in_order(),
        "can_add": concern.filed_by_id == request.user.pk or roles.is_lead(request.user),
        "viewer_is_lead": roles.is_lead(request.user),
    }
    if context["viewer_is_lead"]:
        context.update(lead_panel(concern))
        context["child_summary"] = _child_summary(concern)
        context["trail"] = concern_trail(concern=concern, limit=TRAIL_ON_PAGE, request=request)
    # What other apps show on the page (the network's people, vehicles and places): see
    # concerns.extensions.
    panels = extensions.panels_context(
        extensions.CONCERN_PAGE, concern=concern, viewer_is_lead=context["viewer_is_lead"]
    )
    context["panels"] = panels.pop("templates")
    context.update(panels)
    return render(request, "concerns/detail.html", context, status=status)


def _child_summary(concern) -> dict:
    summary = child_summary(concern=concern)
    extra = extensions.panels_context(extensions.CHILD_SUMMARY, concern=concern)
    summary["panels"] = extra.pop("templates")
    summary.update(extra)
    return summary


@login_required
@require_POST
def addendum_add(request, reference):
    concern = concern_get_for_user(user=request.user, reference=reference, request=request)
    form = AddendumForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, concern, form, status=200)
    services.addendum_add(
        concern=concern, author=request.user, text=form.cleaned_data["text"], request=request
    )
    messages.success(request, "Your addition has been saved with the concern.")
    return redirect("concern_detail", reference=concern.reference)
