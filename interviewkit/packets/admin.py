from django.contrib import admin

from interviewkit.packets.models import RenderFailure


@admin.register(RenderFailure)
class RenderFailureAdmin(admin.ModelAdmin):
    """Deleting a failure lets its content be rendered again, e.g. after a passing fault."""

    list_display = ["failed_at", "loop", "kind", "paper", "reason", "revision"]
    list_filter = ["reason", "kind"]
    raw_id_fields = ["loop", "session", "revision"]
