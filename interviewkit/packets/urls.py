from django.urls import path

from interviewkit.packets import views

app_name = "packets"
urlpatterns = [
    path("loops/<int:pk>/debrief.pdf", views.debrief_download, name="debrief"),
    path("loops/<int:pk>/<slug:kind>.pdf", views.packet_download, name="loop"),
    path(
        "loops/<int:pk>/sessions/<int:session_pk>/<slug:kind>.pdf",
        views.packet_download,
        name="session",
    ),
]
