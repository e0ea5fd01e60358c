from django.urls import path

from interviewkit.bank import transfer_views, views

app_name = "bank"
urlpatterns = [
    path("", views.question_list, name="list"),
    path("new/", views.question_create, name="create"),
    path("import/", transfer_views.bank_import, name="import"),
    path("import/preview/", transfer_views.import_preview, name="import-preview"),
    path("import/columns/", transfer_views.import_columns, name="import-columns"),
    path("import/confirm/", transfer_views.import_confirm, name="import-confirm"),
    path("import/template/", transfer_views.import_template, name="import-template"),
    path("export/", transfer_views.bank_export, name="export"),
    path("<slug:slug>/", views.question_detail, name="question"),
    path("<slug:slug>/edit/", views.question_edit, name="edit"),
    path("<slug:slug>/status/", views.question_status, name="status"),
]
