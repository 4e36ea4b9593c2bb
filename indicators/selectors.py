from .models import Indicator, ScoringPolicy


def active_indicators(*, kind: str | None = None) -> list[Indicator]:
    queryset = Indicator.objects.filter(active=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    return list(queryset.order_by("order", "id"))


def current_policy() -> ScoringPolicy:
    return ScoringPolicy.objects.order_by("-version").first()
