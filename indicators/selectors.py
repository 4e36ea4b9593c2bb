"""Reads of the configuration every filing needs, kept until the configuration changes
(cse_portal.pagecache: any write to these tables changes the configuration version)."""

from cse_portal.pagecache import remembered

from .models import Indicator, ScoringPolicy


def active_indicators(*, kind: str | None = None) -> list[Indicator]:
    return remembered(
        f"active-indicators:{kind or 'all'}", lambda: _active(kind), depends_on="configuration"
    )


def _active(kind: str | None) -> list[Indicator]:
    queryset = Indicator.objects.filter(active=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    return list(queryset.order_by("order", "id"))


def current_policy() -> ScoringPolicy:
    return remembered(
        "scoring-policy",
        lambda: ScoringPolicy.objects.order_by("-version").first(),
        depends_on="configuration",
    )
