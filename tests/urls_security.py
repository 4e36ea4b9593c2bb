"""The portal's URLs plus two test-only views: one for leads only, one that breaks."""

from django.http import HttpResponse
from django.urls import path

from accounts.roles import lead_required
from cse_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from cse_portal.urls import urlpatterns as portal_urlpatterns


@lead_required
def lead_only(request):
    return HttpResponse("lead-only page")


def broken(request):
    raise RuntimeError("Jamie Example, 14, Example Academy")  # child data in a message


urlpatterns = [
    path("test-only/lead/", lead_only),
    path("test-only/broken/", broken),
    *portal_urlpatterns,
]
