from django.urls import path

from interviewkit.audit import views

app_name = "audit"
urlpatterns = [path("loops/<int:pk>/", views.loop_audit_page, name="loop")]
