"""Sign-ins, failed sign-ins and sign-outs go on the audit trail.

Receivers of Django's auth signals: recording an event is cross-cutting, and the sign-in views
belong to Django. django-axes' own receiver runs first and flags a request it locked out.
The attempted password is never recorded. For a failed sign-in the username is kept only when
it names a real account: people type passwords into the username box, and an unknown
"username" may be exactly that.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.services import audit_record, client_ip


@receiver(user_logged_in, dispatch_uid="cse_audit_login")
def record_login(sender, request, user, **kwargs):
    audit_record(
        action="login", actor=user, request=request, obj=user, object_ref=user.get_username()
    )


@receiver(user_logged_out, dispatch_uid="cse_audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            action="logout", actor=user, request=request, obj=user, object_ref=user.get_username()
        )


@receiver(user_login_failed, dispatch_uid="cse_audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    account = _account(credentials.get("username"))
    locked = bool(getattr(request, "axes_locked_out", False))
    audit_record(
        action="login.failed",
        actor_username=account.get_username() if account else "",
        ip_address=client_ip(request),
        object_type="user",
        object_id=account.pk if account else None,
        object_ref=account.get_username() if account else "",
        detail={"known_account": account is not None, "locked": locked},
    )


def _account(username):
    if not isinstance(username, str) or not username or "\x00" in username:
        return None
    return get_user_model()._default_manager.filter(username=username).first()
