from django.http import HttpResponse
from django.urls import path


def bare_ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare_ok)]
