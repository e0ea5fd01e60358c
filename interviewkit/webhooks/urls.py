from django.urls import path

from interviewkit.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.webhook_list, name="list"),
    path("<int:pk>/test/", views.webhook_test, name="test"),
    path("<int:pk>/delete/", views.webhook_delete, name="delete"),
]
