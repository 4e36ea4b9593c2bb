from django.contrib.auth.models import AnonymousUser

from . import roles


def user_roles(request):
    # A request refused before the authentication middleware ran (a Host the site does not
    # serve) has no user; its error page must still draw.
    user = getattr(request, "user", None) or AnonymousUser()
    context = {
        "is_practitioner": roles.is_practitioner(user),
        "is_lead": roles.is_lead(user),
        "is_admin": roles.is_admin(user),
    }
    context["nav_items"] = _nav_items(request.path, context)
    return context


def _nav_items(path: str, flags: dict) -> list[dict]:
    candidates = [
        ("File a concern", "/concerns/new/", flags["is_practitioner"] or flags["is_lead"]),
        ("My concerns", "/concerns/", flags["is_practitioner"]),
        ("Triage", "/triage/", flags["is_lead"]),
        ("Referral queue", "/referrals/", flags["is_lead"]),
        ("Find a child", "/children/search/", flags["is_lead"]),
        ("Possible same child", "/children/possible-matches/", flags["is_lead"]),
        ("Networks", "/network/", flags["is_lead"]),
        ("Admin", "/admin/", flags["is_admin"]),
    ]
    shown = [(label, href) for label, href, allowed in candidates if allowed]
    # The longest matching prefix is the current page, so /concerns/new/ is not "My concerns".
    matches = [href for _, href in shown if path.startswith(href)]
    current = max(matches, key=len, default=None)
    return [{"label": label, "href": href, "active": href == current} for label, href in shown]
