from django.urls import path

from interviewkit.scorecards import views

app_name = "scorecards"
urlpatterns = [
    path("sessions/<int:session_pk>/", views.scorecard_edit, name="edit"),
    path("sessions/<int:session_pk>/submit/", views.scorecard_submit, name="submit"),
    path("<int:pk>/", views.scorecard_detail, name="detail"),
    path("<int:pk>/reopen/", views.scorecard_reopen, name="reopen"),
    path("loops/<int:pk>/debrief/", views.debrief_page, name="debrief"),
    path("loops/<int:pk>/decision/", views.debrief_decide, name="decide"),
]
