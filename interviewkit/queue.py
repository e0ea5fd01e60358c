"""Putting work on the task queue (django-tasks): only once the transaction that asked for it
commits, so a worker never acts on data that was rolled back or is not yet visible."""

from django.db import transaction


def enqueue(task, *args, run_after=None, **kwargs):
    """Enqueue after commit; `run_after` defers it where the backend can (the test backend,
    which runs tasks at once, cannot, so there it runs straight away)."""

    def send():
        chosen = task
        if run_after is not None and task.get_backend().supports_defer:
            chosen = task.using(run_after=run_after)
        chosen.enqueue(*args, **kwargs)

    transaction.on_commit(send)
