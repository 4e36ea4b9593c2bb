"""Page-level access for the safeguarding lead's pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from . import roles
from .audit import audit_record


def lead_required(view):
    """Signed-out people go to the login page; anyone else who is not a lead gets a 403,
    and the attempt is recorded."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles.is_lead(request.user):
            audit_record(
                action="access.denied",
                request=request,
                object_type="page",
                object_ref=(request.resolver_match.url_name or "")[:32],
                detail={"path": request.path},
            )
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)
