from django.urls import path

from . import views

urlpatterns = [
    path("", views.concern_list, name="concern_list"),
    path("<str:reference>/", views.concern_detail, name="concern_detail"),
    path("<str:reference>/filed/", views.concern_filed, name="concern_filed"),
    path("<str:reference>/addenda/", views.addendum_add, name="addendum_add"),
]
