from django.db import models

from interviewkit.bank.markdown import short_title
from interviewkit.bank.models import QuestionRevision
from interviewkit.loops.models import Loop, Session


class RenderFailure(models.Model):
    """A document whose content failed to render, so the same content is not tried again on
    every request; `key` is its cache key, so changed content renders afresh."""

    class Reason(models.TextChoices):
        TIME = "time", "took too long"
        MEMORY = "memory", "needed too much memory"
        ERROR = "error", "crashed the renderer"

    key = models.CharField(max_length=64, unique=True)
    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="render_failures")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10)  # guide, sheet, kit, loop or debrief
    paper = models.CharField(max_length=10)
    fillable = models.BooleanField(default=False)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    detail = models.CharField(max_length=300, blank=True)
    # The question that failed when tried alone, if one did.
    revision = models.ForeignKey(
        QuestionRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seconds = models.PositiveIntegerField()  # the limits it failed under
    memory_mb = models.PositiveIntegerField()
    failed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-failed_at"]

    def __str__(self):
        return f"{self.kind} of loop {self.loop_id}: {self.get_reason_display()}"

    @property
    def question_title(self):
        return short_title(self.revision.prompt) if self.revision else ""

    @property
    def what_happened(self):
        """The failure in words, limits included, to follow "it" or "the question"."""
        if self.reason == self.Reason.TIME:
            return f"took longer than {self.seconds} seconds to lay out"
        if self.reason == self.Reason.MEMORY:
            return f"needed more than {self.memory_mb} MB of memory to lay out"
        return f"crashed the renderer ({self.detail or 'no message'})"


class RenderClaim(models.Model):
    """A render in progress, one per content (its cache key): another request for the same
    content waits for it instead of rendering too. A claim older than any render can take
    was left by a process that died, and may be taken over."""

    key = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField()

    def __str__(self):
        return f"{self.key[:12]} since {self.started_at:%H:%M:%S}"


class StoredPart(models.Model):
    """A rendered part (or a merged document) kept in storage under its key. A file without a
    row may be half-written and is never served; pruning removes it."""

    key = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)  # its file in Django's default storage
    loop = models.ForeignKey(
        Loop, null=True, blank=True, on_delete=models.SET_NULL, related_name="stored_parts"
    )
    kind = models.CharField(max_length=10)  # cover, guide, sheet, debrief or merged
    pages = models.PositiveIntegerField(default=0)
    stored_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.kind} {self.key[:12]}"


class QueuedPart(models.Model):
    """A part on the task queue, so asking again (a progress page reloading) does not queue it
    twice. A worker that takes it sets started_at and deletes the row when done; a row started
    longer ago than any render can take, or waiting far longer than any queue should, was left
    by a worker that died or a task that was lost, and is queued again."""

    key = models.CharField(max_length=64, primary_key=True)
    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="queued_parts")
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.key[:12]} queued {self.queued_at:%H:%M:%S}"


class PrerenderDue(models.Model):
    """When a loop's packets are next rendered ahead of time: every change pushes it back a
    little, so ten quick edits cause one render."""

    loop = models.OneToOneField(Loop, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()

    def __str__(self):
        return f"loop {self.loop_id} at {self.due_at:%H:%M:%S}"
