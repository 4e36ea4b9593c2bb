from django.urls import path

from . import views

urlpatterns = [
    path("", views.intake_start, name="concern_new"),
    path("start/", views.intake_begin, name="intake_begin"),
    path("<uuid:draft_id>/check/", views.intake_check, name="intake_check"),
    path("<uuid:draft_id>/call-now/", views.intake_call_now, name="intake_call_now"),
    path("<uuid:draft_id>/delete/", views.intake_discard, name="intake_discard"),
    path("<uuid:draft_id>/<slug:slug>/", views.intake_section, name="intake_section"),
]
