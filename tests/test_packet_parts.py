"""Packets made of stored parts, rendered by the task queue: an edit renders only its session's
parts again, a ready packet is served without rendering, one not ready answers with a progress
page, ten quick edits cause one render ahead of time, and pruning keeps what loops point at."""

import io
import os
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from interviewkit.bank.models import Question
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.loops.services import swap_item
from interviewkit.packets import services
from interviewkit.packets.documents import Document
from interviewkit.packets.models import QueuedPart, StoredPart
from interviewkit.packets.parts import parts_of
from interviewkit.packets.prune import prune
from interviewkit.packets.services import deliver, packet_pdf
from tests.conftest import DATABASE_QUEUE, run_worker

RENDER = "interviewkit.packets.tasks.render_stored_part"


@pytest.fixture
def renders():
    with mock.patch.object(services, "render_pdf", wraps=services.render_pdf) as counted:
        yield counted


def rendered_html(renders):
    """The <title> of each HTML document rendered so far, to tell the parts apart."""
    return [
        call.args[0].split("<title>")[1].split("</title>")[0] for call in renders.call_args_list
    ]


def pdf_text(pdf):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def loop_url(loop):
    return f"/packets/loops/{loop.pk}/loop.pdf"


def unused_question(loop, competency):
    used = [item.question_id for s in loop.sessions.all() for item in s.items.all()]
    return Question.objects.filter(competency__slug=competency).exclude(pk__in=used).first()


def swap_in_breadth(loop):
    """Swap the breadth session's first question for one of the same competency."""
    item = loop.sessions.all()[1].items.all()[0]
    question = unused_question(loop, item.question.competency.slug)
    swap_item(item, question)
    return question


def test_an_edit_renders_only_the_changed_sessions_parts(packet_loop, renders):
    first, _ = packet_pdf(packet_loop, kind="loop")
    assert renders.call_count == 1 + 2 * 2  # the cover, then each session's guide and sheet

    question = swap_in_breadth(packet_loop)
    again, cached = packet_pdf(loop_with_sessions(packet_loop.pk), kind="loop")
    assert not cached
    assert rendered_html(renders)[5:] == [
        "Interviewer guide — Ada Lovelace — Senior ML Engineer — ML breadth",
        "Scoring sheet — Ada Lovelace — Senior ML Engineer — ML breadth",
    ]
    assert question.prompt.rstrip(".")[:40] in " ".join(pdf_text(again).split())
    assert len(PdfReader(io.BytesIO(again)).pages) >= len(PdfReader(io.BytesIO(first)).pages) - 1


def test_a_download_of_a_ready_packet_renders_nothing(
    manager_client, packet_loop, renders, django_assert_max_num_queries
):
    packet_pdf(packet_loop, kind="loop")
    renders.reset_mock()
    for _ in range(2):  # the first merges the stored parts, the second reads the merge
        with django_assert_max_num_queries(15):
            response = manager_client.get(loop_url(packet_loop))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert renders.call_count == 0
    text = pdf_text(response.content)
    for session in packet_loop.sessions.all():
        assert f"{session.name} · page 1 of" in text
    outline = PdfReader(io.BytesIO(response.content)).outline
    titles = [entry.title for entry in outline if not isinstance(entry, list)]
    assert "Phone screen — interviewer guide" in titles and "ML breadth — scoring sheet" in titles


@pytest.mark.django_db(transaction=True)
def test_a_download_not_ready_shows_progress_and_the_worker_renders_it(
    manager_client, packet_loop, renders, settings
):
    settings.TASKS = DATABASE_QUEUE
    response = manager_client.get(loop_url(packet_loop))
    assert response.status_code == 202 and renders.call_count == 0
    text = response.content.decode()
    assert "Preparing the loop packet" in text and "0 of 5" in text
    waiting = f"{loop_url(packet_loop)}?waiting=1"
    assert f'<meta http-equiv="refresh" content="2; url={waiting}">' in text
    assert manager_client.get(loop_url(packet_loop)).status_code == 202  # it asks again
    assert DBTaskResult.objects.filter(task_path=RENDER).count() == 5  # queued once each

    run_worker()
    assert renders.call_count == 5 and not QueuedPart.objects.exists()
    done = DBTaskResult.objects.filter(task_path=RENDER)
    assert set(done.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    ready = manager_client.get(waiting)  # the progress page's next refresh
    assert ready.status_code == 200 and "The loop packet (A4) is ready" in ready.content.decode()
    assert f'content="0; url={loop_url(packet_loop)}"' in ready.content.decode()
    response = manager_client.get(loop_url(packet_loop))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert renders.call_count == 5


@pytest.mark.django_db(transaction=True)
def test_a_part_half_done_counts_in_the_progress(manager_client, packet_loop, settings):
    settings.TASKS = DATABASE_QUEUE
    session = packet_loop.sessions.first()
    packet_pdf(packet_loop, kind="guide", session=session)
    response = manager_client.get(loop_url(packet_loop))
    assert response.status_code == 202 and "1 of 5" in response.content.decode()
    assert DBTaskResult.objects.filter(task_path=RENDER).count() == 4


@pytest.mark.django_db(transaction=True)
def test_ten_quick_edits_render_the_packet_ahead_of_time_once(packet_loop, renders, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.PACKETS_PRERENDER = True
    settings.PACKETS_PRERENDER_DELAY = 0  # due at once, so the worker below runs it
    item = packet_loop.sessions.all()[1].items.all()[0]
    competency = item.question.competency.slug
    for _ in range(10):
        swap_item(item, unused_question(packet_loop, competency))
    run_worker()
    assert renders.call_count == 5  # one packet's parts, not ten packets' parts
    pdf, progress = deliver(Document(loop_with_sessions(packet_loop.pk), "loop"))
    assert progress is None and pdf.startswith(b"%PDF")


def old_file(name):
    """A file left in storage an hour and more ago, without a row (a crash mid-save)."""
    path = default_storage.save(name, ContentFile(b"%PDF-1.7 half"))
    past = time.time() - 2 * 3600
    os.utime(default_storage.path(path), (past, past))
    return path


def test_pruning_keeps_what_loops_point_at_and_removes_the_rest(packet_loop, renders):
    packet_pdf(packet_loop, kind="loop")
    before = set(StoredPart.objects.values_list("key", flat=True))
    swap_in_breadth(packet_loop)
    fresh = loop_with_sessions(packet_loop.pk)
    packet_pdf(fresh, kind="loop")
    current = {p.key for p in parts_of(Document(fresh, "loop"))}
    stale = before - current  # the breadth guide and sheet before the swap, and their merge
    assert len(stale) == 3
    loose, saving = (
        old_file("packets/ab/loose.pdf"),
        default_storage.save("packets/ab/new.pdf", ContentFile(b"x")),
    )

    call_command("prune_packets")
    kept = set(StoredPart.objects.values_list("key", flat=True))
    assert kept.isdisjoint(stale) and current <= kept
    for stored in StoredPart.objects.all():
        assert default_storage.exists(stored.name)
    assert not default_storage.exists(loose) and default_storage.exists(saving)
    renders.reset_mock()
    packet_pdf(fresh, kind="loop")
    assert renders.call_count == 0  # what the loop points at is all still there
    assert prune() == (0, 0)


def test_pruning_removes_the_parts_of_a_deleted_loop(packet_loop):
    packet_pdf(packet_loop, kind="loop")
    names = list(StoredPart.objects.values_list("name", flat=True))
    packet_loop.delete()
    parts, _ = prune()
    assert parts == len(names) == 6  # five parts and their merge
    assert not any(default_storage.exists(name) for name in names)


@pytest.mark.django_db(transaction=True)
def test_a_part_waiting_in_a_long_queue_is_not_queued_twice_but_one_a_dead_worker_held_is(
    manager_client, packet_loop, settings
):
    settings.TASKS = DATABASE_QUEUE
    manager_client.get(loop_url(packet_loop))
    assert DBTaskResult.objects.filter(task_path=RENDER).count() == 5
    long_ago = timezone.now() - timedelta(minutes=30)  # longer than any render, in a backlog
    QueuedPart.objects.update(queued_at=long_ago)
    manager_client.get(loop_url(packet_loop))
    assert DBTaskResult.objects.filter(task_path=RENDER).count() == 5  # still waiting: left

    cover = parts_of(Document(packet_loop, "loop"))[0]
    QueuedPart.objects.filter(key=cover.key).update(started_at=long_ago)  # its worker died
    manager_client.get(loop_url(packet_loop))
    assert DBTaskResult.objects.filter(task_path=RENDER).count() == 6
    assert QueuedPart.objects.get(key=cover.key).started_at is None


@pytest.mark.django_db(transaction=True)
def test_progress_pages_that_read_the_queue_at_the_same_moment_queue_each_part_once(
    packet_loop, settings
):
    settings.TASKS = DATABASE_QUEUE
    parts = parts_of(Document(packet_loop, "loop"))
    services.queue_parts(parts)
    # The second read the queue before the first had added its rows.
    with mock.patch.object(QueuedPart.objects, "in_bulk", return_value={}):
        services.queue_parts(parts)
    assert DBTaskResult.objects.filter(task_path=RENDER).count() == len(parts)

    QueuedPart.objects.update(started_at=timezone.now() - timedelta(hours=2))  # workers died
    lost = QueuedPart.objects.in_bulk()
    with mock.patch.object(QueuedPart.objects, "in_bulk", return_value=lost):
        services.queue_parts(parts)
        services.queue_parts(parts)  # read the lost rows before the first took them over
    assert DBTaskResult.objects.filter(task_path=RENDER).count() == 2 * len(parts)
