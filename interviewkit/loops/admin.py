from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from interviewkit.loops.models import (
    Assignment,
    KitItem,
    Level,
    Loop,
    LoopEvent,
    LoopTemplate,
    Session,
    SessionTemplate,
)


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "difficulty_mix"]


class SessionTemplateInline(admin.StackedInline):
    model = SessionTemplate
    extra = 0
    filter_horizontal = ["focus"]


@admin.register(LoopTemplate)
class LoopTemplateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role", "level"]
    list_filter = ["role", "level"]
    inlines = [SessionTemplateInline]


class SessionInline(admin.TabularInline):
    model = Session
    fields = ["position", "name", "minutes"]
    extra = 0
    show_change_link = True


class LoopEventInline(admin.TabularInline):
    model = LoopEvent
    fields = ["at", "by", "kind", "description"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Loop)
class LoopAdmin(SimpleHistoryAdmin):
    list_display = ["title", "role", "level", "candidate_name", "owner", "status", "created_at"]
    list_filter = ["status", "role", "level"]
    search_fields = ["title", "candidate_name", "candidate_email"]
    inlines = [SessionInline, LoopEventInline]


class KitItemInline(admin.TabularInline):
    model = KitItem
    fields = ["position", "question", "revision", "minutes", "locked"]
    raw_id_fields = ["question", "revision"]
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ["interviewer", "role"]
    extra = 0


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "loop", "minutes"]
    filter_horizontal = ["focus"]
    inlines = [AssignmentInline, KitItemInline]
