from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import twofactor_views, views
from .forms import LoginForm

admin.site.site_header = "CSE Concern Portal configuration"
admin.site.site_title = "CSE Concern Portal"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", views.logout_view, name="logout"),
    path(
        "accounts/two-factor/setup/",
        twofactor_views.two_factor_setup,
        name="two_factor_setup",
    ),
    path(
        "accounts/two-factor/verify/",
        twofactor_views.two_factor_verify,
        name="two_factor_verify",
    ),
    path("accounts/keep-alive/", views.keep_alive, name="keep_alive"),
    path("report-cse/", views.public_page, name="public_page"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Before concerns.urls, whose "<reference>/" would otherwise take "new/".
    path("concerns/new/", include("intake.urls")),
    path("concerns/", include("concerns.urls")),
    path("triage/", include("concerns.lead_urls")),
    path("referrals/", include("referrals.urls")),
    path("network/", include("network.urls")),
    path("children/", include("concerns.child_urls")),
    path("admin/", admin.site.urls),
]

if getattr(settings, "BENCH_VIEWS", False):  # only cse_portal.settings.bench turns this on
    urlpatterns.append(path("", include("benchtools.urls")))

handler400 = "cse_portal.views.bad_request"
handler403 = "cse_portal.views.permission_denied"
handler404 = "cse_portal.views.page_not_found"
handler500 = "cse_portal.views.server_error"
