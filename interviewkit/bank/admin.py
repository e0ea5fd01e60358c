from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from interviewkit.bank import limits
from interviewkit.bank.models import (
    BankImport,
    Competency,
    Question,
    QuestionRevision,
    Role,
    Tag,
)


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class RevisionInline(admin.TabularInline):
    model = QuestionRevision
    fields = ["number", "created_at", "created_by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(BankImport)
class BankImportAdmin(admin.ModelAdmin):
    list_display = ["at", "by", "sources", "summary"]
    readonly_fields = ["at", "by", "sources", "summary", "created", "updated"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuestionAdminForm(forms.ModelForm):
    """The admin edits the stored fields directly, so it checks the same limits as the form.

    ModelAdmin makes the form's Meta (model and fields) from this base.
    """

    def clean(self):
        data = super().clean()
        for excess in limits.content_problems(data):
            self.add_error(excess.field, excess.message)
        return data


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    form = QuestionAdminForm
    list_display = ["slug", "competency", "kind", "difficulty", "minutes", "status", "revision"]
    list_filter = ["status", "kind", "difficulty", "competency", "roles"]
    search_fields = ["slug", "prompt"]
    filter_horizontal = ["roles", "tags"]
    inlines = [RevisionInline]

    def save_related(self, request, form, formsets, change):
        from interviewkit.bank.services import save_question

        super().save_related(request, form, formsets, change)
        save_question(form.instance, user=request.user, note="edited in the admin")

    def has_delete_permission(self, request, obj=None):
        return False  # retire instead: kits keep pointing at questions


@admin.register(QuestionRevision)
class QuestionRevisionAdmin(admin.ModelAdmin):
    list_display = ["question", "number", "created_at", "created_by"]
    readonly_fields = ["question", "number", "content", "created_at", "created_by", "note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
