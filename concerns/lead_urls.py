from django.urls import path

from . import lead_views, triage_views

urlpatterns = [
    path("", triage_views.triage_dashboard, name="triage"),
    path("export.csv", triage_views.triage_export, name="triage_export"),
    path("concerns/<str:reference>/decision/", lead_views.concern_decide, name="concern_decide"),
    path("concerns/<str:reference>/band/", lead_views.concern_override, name="concern_override"),
    path(
        "concerns/<str:reference>/audit-trail/",
        lead_views.concern_audit_trail,
        name="concern_audit_trail",
    ),
]
