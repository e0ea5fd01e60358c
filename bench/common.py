"""Shared set-up for benchmarks: Django on a fresh throw-away database, and a timer."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Configure Django against a new SQLite file (or DATABASE_URL if set) and migrate it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    if "DATABASE_URL" not in os.environ:
        os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="interviewkit-bench-")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def timed(function, repeat=5):
    """Median and best wall time of `repeat` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def empty_packet_store():
    """Forget every stored PDF and remembered failure, so the next download must render."""
    from django.core.files.storage import default_storage

    from interviewkit.packets.models import RenderFailure, StoredPart

    for stored in StoredPart.objects.all():
        default_storage.delete(stored.name)
    StoredPart.objects.all().delete()
    RenderFailure.objects.all().delete()
