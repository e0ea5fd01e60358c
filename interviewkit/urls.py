from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from interviewkit import views
from interviewkit.accounts.views import LoginView
from interviewkit.scorecards import views as scorecard_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Short, so a sheet's QR code stays small: the kit code printed on it, and the typed one.
    path("k/", scorecard_views.kit_code_typed, name="kit_code_typed"),
    path("k/<str:code>", scorecard_views.kit_code_open, name="kit_code"),
    path("login/", LoginView.as_view(), name="login"),
    path("oidc/", include("interviewkit.accounts.sso_urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", include("interviewkit.accounts.urls")),
    path("bank/", include("interviewkit.bank.urls")),
    path("loops/", include("interviewkit.loops.urls")),
    path("packets/", include("interviewkit.packets.urls")),
    path("scorecards/", include("interviewkit.scorecards.urls")),
    path("audit/", include("interviewkit.audit.urls")),
    path("", include("interviewkit.api.urls")),
    path("settings/webhooks/", include("interviewkit.webhooks.urls")),
    path("analytics/", include("interviewkit.analytics.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "interviewkit.views.server_error"
