from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from interviewkit.scorecards.models import Score, Scorecard, ScorecardEvent


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    raw_id_fields = ["item"]


class EventInline(admin.TabularInline):
    model = ScorecardEvent
    extra = 0
    readonly_fields = ["kind", "by", "at", "reason"]
    can_delete = False


@admin.register(Scorecard)
class ScorecardAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "recommendation", "submitted_at"]
    list_filter = ["recommendation"]
    inlines = [ScoreInline, EventInline]
