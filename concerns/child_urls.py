from django.urls import path

from . import child_views, lead_views

urlpatterns = [
    path("<int:child_id>/", lead_views.chronology, name="child_chronology"),
    path("<int:child_id>/merge/", child_views.child_merge, name="child_merge"),
    path("search/", child_views.child_search, name="child_search"),
    path("possible-matches/", child_views.possible_matches, name="possible_matches"),
    path("possible-matches/<int:match_id>/", child_views.possible_match, name="possible_match"),
    path("merges/<int:merge_id>/undo/", child_views.merge_undo, name="merge_undo"),
]
