"""Writes to the bank go through these functions so every content change is a revision."""

from django.db import transaction

from interviewkit.bank.models import Question, QuestionRevision, Tag, as_probe


@transaction.atomic
def save_question(question, *, roles=None, tags=None, overlaps=None, user=None, note=""):
    """Save a question; a new revision is made when its content differs from the last one.

    Returns the question's current revision.
    """
    question.probes = [as_probe(probe) for probe in question.probes]
    # The audit trail's line for this save (its column holds 100 characters; the revision
    # keeps the whole note, e.g. an import's long file path).
    question._change_reason = note[:100]
    if user is not None:
        question._history_user = user
    question.save()
    if roles is not None:
        question.roles.set(roles)
    if tags is not None:
        question.tags.set([Tag.objects.get_or_create(name=name)[0] for name in tags])
    if overlaps is not None:
        question.overlaps.set(overlaps)
    latest = question.revisions.order_by("-number").first()
    content = question.content()
    if latest is not None and latest.content == content:
        return latest
    number = latest.number + 1 if latest else 1
    revision = QuestionRevision.objects.create(
        question=question, number=number, content=content, created_by=user, note=note
    )
    Question.objects.filter(pk=question.pk).update(revision=number)
    question.revision = number
    return revision


def current_revision(question):
    return question.revisions.get(number=question.revision)


def set_status(question, status):
    """Retire or restore a question; questions are never deleted once they exist in kits."""
    question.status = status
    question.save(update_fields=["status", "updated_at"])
