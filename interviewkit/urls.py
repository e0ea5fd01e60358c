from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from interviewkit import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
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
    path("bank/", include("interviewkit.bank.urls")),
    path("loops/", include("interviewkit.loops.urls")),
    path("packets/", include("interviewkit.packets.urls")),
    path("scorecards/", include("interviewkit.scorecards.urls")),
    path("audit/", include("interviewkit.audit.urls")),
    path("analytics/", include("interviewkit.analytics.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "interviewkit.views.server_error"
