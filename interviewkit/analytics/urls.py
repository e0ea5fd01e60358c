from django.urls import path

from interviewkit.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("report.pdf", views.report, name="report"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("questions/<slug:slug>/retire/", views.retire, name="retire"),
    path("questions/<slug:slug>/retired/", views.retired, name="retired"),
    path("calibration/", views.calibration_index, name="calibration"),
    path("calibration/packet.pdf", views.calibration_packet, name="packet"),
    path("calibration/<slug:slug>/", views.drill, name="drill"),
]
