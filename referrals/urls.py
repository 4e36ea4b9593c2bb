from django.urls import path

from . import views, written_views

urlpatterns = [
    path("", views.referral_queue, name="referral_queue"),
    path("live/", written_views.live, name="referral_live"),
    path("<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("<int:referral_id>/acknowledge/", views.acknowledge, name="referral_acknowledge"),
    path("<int:referral_id>/contact/", views.record_contact, name="referral_contact"),
    path("<int:referral_id>/reference/", views.add_reference, name="referral_reference"),
    path("<int:referral_id>/outcome/", views.record_outcome, name="referral_outcome"),
    path("<int:referral_id>/close/", views.close, name="referral_close"),
    path("<int:referral_id>/withdraw/", views.withdraw, name="referral_withdraw"),
    path("<int:referral_id>/written/", written_views.written_page, name="referral_written"),
    path(
        "<int:referral_id>/written/generate/",
        written_views.generate,
        name="referral_written_generate",
    ),
    path(
        "<int:referral_id>/written/<int:document_id>.pdf",
        written_views.pdf,
        name="referral_written_pdf",
    ),
    path(
        "<int:referral_id>/written/<int:document_id>/email/",
        written_views.email,
        name="referral_written_email",
    ),
    path(
        "<int:referral_id>/written/<int:document_id>/sent/",
        written_views.mark_sent,
        name="referral_written_sent",
    ),
]
