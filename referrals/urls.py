from django.urls import path

from . import views

urlpatterns = [
    path("", views.referral_queue, name="referral_queue"),
    path("<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("<int:referral_id>/acknowledge/", views.acknowledge, name="referral_acknowledge"),
    path("<int:referral_id>/contact/", views.record_contact, name="referral_contact"),
    path("<int:referral_id>/outcome/", views.record_outcome, name="referral_outcome"),
    path("<int:referral_id>/close/", views.close, name="referral_close"),
    path("<int:referral_id>/follow-up/", views.follow_up_sent, name="referral_follow_up"),
]
