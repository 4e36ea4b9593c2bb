"""The page number a list was asked for."""


def page_number(request, *, last: int) -> int:
    """`?page=` as a number from 1 to `last`. Anything that is not a whole number is page 1,
    so no address can break a list or make its cache key unbounded."""
    try:
        return min(max(int(request.GET.get("page", "1")), 1), last)
    except ValueError:
        return 1
