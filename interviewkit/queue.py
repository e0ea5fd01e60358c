"""Putting work on the task queue (django-tasks): only once the transaction that asked for it
commits, so a worker never acts on data that was rolled back or is not yet visible; and
periodic tasks, which queue their own next run."""

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def enqueue(task, *args, run_after=None, **kwargs):
    """Enqueue after commit; `run_after` defers it where the backend can (the test backend,
    which runs tasks at once, cannot, so there it runs straight away)."""

    def send():
        chosen = task
        if run_after is not None and task.get_backend().supports_defer:
            chosen = task.using(run_after=run_after)
        chosen.enqueue(*args, **kwargs)

    transaction.on_commit(send)


def waiting(task):
    """Whether a run of this task is on the database queue and not started yet."""
    return DBTaskResult.objects.filter(
        task_path=task.module_path, backend_name=task.backend, status=TaskResultStatus.READY
    ).exists()


def repeat(task, *, after):
    """Queue a periodic task's next run `after` from now, unless a run is already waiting
    (so two chains, started twice by accident, fold into one). Only on the database queue: a
    backend that runs tasks at once would repeat forever. Returns whether it queued one."""
    if not isinstance(task.get_backend(), DatabaseBackend) or waiting(task):
        return False
    task.using(run_after=timezone.now() + after).enqueue()
    return True


def start(task):
    """Start a periodic task now unless a run of it is already waiting; idempotent."""
    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend) and waiting(task):
        return False
    task.enqueue()
    return True


def runs_at_once(task):
    """Whether the task's backend runs tasks as they are enqueued, in this process (the test
    settings) rather than on a worker."""
    return not task.get_backend().supports_defer
