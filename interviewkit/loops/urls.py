from django.urls import path

from interviewkit.loops import views

app_name = "loops"
urlpatterns = [
    path("", views.loop_list, name="list"),
    path("new/", views.loop_create, name="create"),
    path("<int:pk>/", views.loop_detail, name="detail"),
    path("<int:pk>/edit/", views.loop_edit, name="edit"),
    path("<int:pk>/status/", views.loop_status, name="status"),
    path("<int:pk>/delete/", views.loop_delete, name="delete"),
    path("<int:pk>/reroll/", views.loop_reroll, name="reroll"),
    path("<int:pk>/undo/", views.loop_undo, name="undo"),
    path("<int:pk>/refresh/", views.loop_refresh, name="refresh"),
    path("<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path("<int:pk>/schedule.ics", views.loop_schedule, name="schedule"),
    path("sessions/<int:pk>/invite.ics", views.session_invite, name="session_invite"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("sessions/<int:pk>/refill/", views.session_refill, name="session_refill"),
    path("sessions/<int:pk>/reorder/", views.session_reorder, name="session_reorder"),
    path("sessions/<int:pk>/search/", views.session_search, name="session_search"),
    path("sessions/<int:pk>/add/", views.session_add_item, name="session_add_item"),
    path(
        "sessions/<int:pk>/interviewers/", views.session_interviewers, name="session_interviewers"
    ),
    path(
        "sessions/<int:session_pk>/items/<int:pk>/alternatives/",
        views.item_alternatives,
        name="item_alternatives",
    ),
    path(
        "sessions/<int:session_pk>/items/<int:pk>/<slug:action>/",
        views.item_action,
        name="item_action",
    ),
]
