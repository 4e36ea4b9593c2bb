"""The network pages: lead-only, every view audited, nothing in the URL but ids."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import lead_required
from audit.services import audit_record
from common.paging import cursor_from, numbered_links, page_number
from concerns.selectors import concern_get_for_user

from . import graph, selectors, services
from .clusters import cluster_of, clusters_page
from .forms import FORMS, MergeChooseForm, MergeFindForm
from .keys import DETAIL_FIELDS
from .models import Kind
from .wording import A_KIND

PERIODS = {"3": 3, "6": 6, "12": 12, "all": None}
DEFAULT_PERIOD = "6"


def _entity_or_404(entity_id: int):
    entity = selectors.entity_get(entity_id=entity_id)
    if entity is None:
        raise Http404("No such entity")
    return entity


def _period(request) -> tuple[str, datetime.datetime | None]:
    chosen = request.GET.get("months", DEFAULT_PERIOD)
    chosen = chosen if chosen in PERIODS else DEFAULT_PERIOD
    months = PERIODS[chosen]
    since = None
    if months:
        today = timezone.localdate()
        start = today - datetime.timedelta(days=round(months * 30.44))
        since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    return chosen, since


ENTITY_CONCERNS_SHOWN = 50


@lead_required
def entity_detail(request, entity_id):
    entity = _entity_or_404(entity_id)
    if entity.pk != entity_id:
        return redirect("entity_detail", entity_id=entity.pk)
    cursor = cursor_from(request, selectors.ENTITY_CONCERNS_ORDER)
    # Another page lists other concerns: the trail says which (a time and an id, nothing more).
    where = None
    if cursor:
        side = "concerns_before" if cursor.backward else "concerns_after"
        where = {side: ".".join(map(str, cursor.values))}
    audit_record(action="entity.viewed", request=request, obj=entity, detail=where)
    context = {
        "entity": entity,
        "concerns": selectors.entity_concerns_page(
            entity=entity, cursor=cursor, per_page=ENTITY_CONCERNS_SHOWN
        ),
        "named_in": selectors.entity_named_in(entity=entity),
        "matches": selectors.possible_matches_for(entity=entity),
    }
    return render(request, "network/entity.html", context)


@lead_required
def entity_edit(request, entity_id):
    entity = _entity_or_404(entity_id)
    form_class = FORMS[entity.kind]
    if request.method == "POST":
        form = form_class(request.POST, with_role=False)
        if form.is_valid():
            details = {k: v for k, v in form.to_input().details().items() if k in form.fields}
            changed = services.entity_edit(
                entity=entity, details=details, by=request.user, request=request
            )
            messages.success(request, "Saved." if changed else "Nothing was changed.")
            return redirect("entity_detail", entity_id=entity.pk)
    else:
        initial = {name: getattr(entity, name) for name in DETAIL_FIELDS}
        form = form_class(initial=initial, with_role=False)
    audit_record(action="entity.viewed", request=request, obj=entity, detail={"page": "edit"})
    return render(request, "network/entity_edit.html", {"entity": entity, "form": form})


@lead_required
@require_POST
def entity_split(request, entity_id):
    entity = _entity_or_404(entity_id)
    concern_ids = [int(v) for v in request.POST.getlist("concerns") if v.isdigit()]
    try:
        new = services.entity_split(
            entity=entity, concern_ids=concern_ids, by=request.user, request=request
        )
    except services.NetworkRefused as refusal:
        messages.warning(request, str(refusal))
        return redirect("entity_detail", entity_id=entity.pk)
    messages.success(request, "Split off. Correct the new entry's details if they differ.")
    return redirect("entity_detail", entity_id=new.pk)


@lead_required
def entity_merge(request, entity_id):
    """A lead finds another entry of the same kind and merges it into this one: for the
    same car with a registration mistyped, or a man named by nickname in one concern and by
    name in another, which the matching could not offer. What is typed is posted, never put
    in the address; the entries shown are recorded in the audit trail by id."""
    entity = _entity_or_404(entity_id)
    if entity.pk != entity_id:
        return redirect("entity_merge", entity_id=entity.pk)
    posted = request.POST if request.method == "POST" else None
    find = MergeFindForm(posted, kind=entity.kind)
    candidates, choose = [], None
    if posted is not None and find.is_valid():
        candidates = selectors.merge_candidates(entity=entity, text=find.cleaned_data["find"])
        choosing = posted.get("action") == "merge"
        choose = MergeChooseForm(posted if choosing else None, candidates=candidates)
        if choosing and choose.is_valid():
            return _merge_chosen(request, entity, choose.chosen)
    detail = {"page": "merge", "shown": [other.pk for other in candidates]}
    audit_record(action="entity.viewed", request=request, obj=entity, detail=detail)
    context = {
        "entity": entity,
        "find": find,
        "choose": choose,
        "candidates": candidates,
        "limit": selectors.MERGE_CHOICES,
    }
    return render(request, "network/entity_merge.html", context)


def _merge_chosen(request, entity, other):
    try:
        services.entity_merge(keep=entity, merge=other, by=request.user, request=request)
    except services.NetworkRefused as refusal:
        messages.warning(request, str(refusal))
        return redirect("entity_detail", entity_id=entity.pk)
    messages.success(request, "Merged: every concern naming the other entry now names this one.")
    return redirect("entity_detail", entity_id=entity.pk)


@lead_required
@require_http_methods(["GET", "POST"])
def match_decide(request, match_id):
    """GET: the two entries side by side, to confirm that they are the same. POST: the
    decision ("same" from that page, "apart" straight from a list of possible matches)."""
    if request.method != "POST":
        return _match_confirm(request, match_id)
    same = request.POST.get("decision") == "same"
    try:
        match = services.possible_match_decide(
            match_id=match_id, same=same, by=request.user, request=request
        )
    except services.NetworkRefused as refusal:
        messages.warning(request, str(refusal))
        return redirect("networks")
    messages.success(request, "Merged: both are now one entry." if same else "Kept apart.")
    return redirect("entity_detail", entity_id=match.first_id)


def _match_confirm(request, match_id):
    match = selectors.possible_match_open(match_id=match_id)
    if match is None:
        messages.warning(request, "Another lead has already decided this. Nothing was changed.")
        return redirect("networks")
    audit_record(
        action="entity.viewed",
        request=request,
        obj=match.first,
        detail={"page": "possible match", "other": match.second_id},
    )
    pair = (match.first, match.second)
    entries = [(entity, selectors.entity_named_in(entity=entity)) for entity in pair]
    return render(request, "network/match_confirm.html", {"match": match, "entries": entries})


@lead_required
def network_for_child(request, child_id):
    network = graph.network_for_child(child_id=child_id)
    if network is None:
        raise Http404("No network")
    audit_record(
        action="network.viewed",
        request=request,
        object_type="child",
        object_id=child_id,
        object_ref=str(child_id),
    )
    return render(request, "network/network.html", {"network": network})


@lead_required
def network_for_entity(request, entity_id):
    entity = _entity_or_404(entity_id)
    network = graph.network_for_entity(entity_id=entity.pk)
    if network is None:
        raise Http404("No network")
    audit_record(action="network.viewed", request=request, obj=entity)
    return render(request, "network/network.html", {"network": network, "entity": entity})


CLUSTERS_SHOWN = 50
LAST_PAGE = 200


@lead_required
def networks(request):
    chosen, since = _period(request)
    page = page_number(request, last=LAST_PAGE)
    audit_record(
        action="networks.viewed",
        request=request,
        object_type="networks",
        detail={"months": chosen, "page": page},
    )
    found = clusters_page(since=since, start=(page - 1) * CLUSTERS_SHOWN, size=CLUSTERS_SHOWN)
    context = {
        "clusters": found[:CLUSTERS_SHOWN],
        "page": page,
        "first_number": (page - 1) * CLUSTERS_SHOWN,
        **numbered_links(page, has_next=len(found) > CLUSTERS_SHOWN and page < LAST_PAGE),
        "query": f"months={chosen}",
        "chosen": chosen,
        "periods": PERIODS,
        "matches": selectors.possible_matches_open(),
    }
    return render(request, "network/networks.html", context)


@lead_required
def places(request):
    chosen, since = _period(request)
    audit_record(
        action="places.viewed", request=request, object_type="places", detail={"months": chosen}
    )
    since = since or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    context = {"places": selectors.places_ranked(since=since), "chosen": chosen, "periods": PERIODS}
    return render(request, "network/places.html", context)


@lead_required
def meeting_pack(request, entity_id):
    cluster = cluster_of(entity_id=entity_id)
    if cluster is None:
        raise Http404("No such network")
    pack = selectors.meeting_pack(child_ids=cluster.child_ids, entity_ids=cluster.entity_ids)
    audit_record(
        action="network.exported",
        request=request,
        object_type="network",
        object_id=cluster.key,
        object_ref=str(cluster.key),
        detail={
            "format": "meeting pack",
            "children": len(cluster.child_ids),
            "entities": len(cluster.entity_ids),
            "concerns": len(pack["concerns"]),
        },
    )
    context = {"cluster": cluster, **pack, "printed_at": timezone.now()}
    return render(request, "network/meeting_pack.html", context)


@lead_required
def concern_add_entity(request, reference, kind):
    if kind not in Kind.values:
        raise Http404("No such kind")
    concern = concern_get_for_user(user=request.user, reference=reference, request=request)
    form_class = FORMS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.has_content():
        services.entities_add_to_concern(
            concern=concern, entities=[form.to_input()], by=request.user, request=request
        )
        messages.success(request, f"{Kind(kind).label} added to the concern.")
        return redirect("concern_detail", reference=concern.reference)
    if request.method == "POST" and not form.errors:
        form.add_error(form.identifying[0], form.required_message)
    audit_record(
        action="concern.viewed", request=request, obj=concern, detail={"page": f"add {kind}"}
    )
    context = {"concern": concern, "form": form, "kind_label": A_KIND[kind]}
    return render(request, "network/add_entity.html", context)
