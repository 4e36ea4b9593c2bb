from django.urls import path

from . import views

urlpatterns = [
    path("", views.networks, name="networks"),
    path("places/", views.places, name="places"),
    path("entities/<int:entity_id>/", views.entity_detail, name="entity_detail"),
    path("entities/<int:entity_id>/edit/", views.entity_edit, name="entity_edit"),
    path("entities/<int:entity_id>/split/", views.entity_split, name="entity_split"),
    path("entities/<int:entity_id>/merge/", views.entity_merge, name="entity_merge"),
    path("entities/<int:entity_id>/network/", views.network_for_entity, name="entity_network"),
    path("entities/<int:entity_id>/meeting-pack/", views.meeting_pack, name="meeting_pack"),
    path("children/<int:child_id>/", views.network_for_child, name="child_network"),
    path("matches/<int:match_id>/", views.match_decide, name="match_decide"),
    path(
        "concerns/<str:reference>/add/<str:kind>/",
        views.concern_add_entity,
        name="concern_add_entity",
    ),
]
