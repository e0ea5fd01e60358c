"""Renders that fail or overlap: a packet too slow or too big to render is stopped, remembered
and explained, and one packet is rendered once however many ask for it at the same time."""

import io
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django.utils.safestring import mark_safe
from pypdf import PdfReader

from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.packets import documents, failures, services
from interviewkit.packets.models import RenderClaim, RenderFailure
from interviewkit.packets.parts import Part
from interviewkit.packets.services import PacketBusy, PacketFailed, packet_pdf

# Saved straight into a revision, as content from before input limits would be: WeasyPrint
# needs well over ten seconds and hundreds of megabytes to lay it out.
HUGE_TABLE = "<table>" + "<tr><td>1</td><td>2</td><td>3</td></tr>" * 10_000 + "</table>"


@pytest.fixture
def hostile_loop(loop, interviewer, settings, tmp_path, monkeypatch):
    """The loop with a huge table in the model answer of the first question of its screen.

    The first wall (input limits, and Markdown over them printed as plain text) is taken
    down here, so that what reaches the renderer is as hostile as content can be."""
    monkeypatch.setattr(documents, "render_markdown", mark_safe)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PACKET_RENDER_SECONDS = 3
    for session in loop.sessions.all():
        session.interviewers.add(interviewer)
    item = loop.sessions.first().items.first()
    item.revision.content["model_answer"] = "Fine words.\n\n" + HUGE_TABLE
    item.revision.save()
    return loop_with_sessions(loop.pk)


@pytest.fixture
def packet_loop(loop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return loop_with_sessions(loop.pk)


def guide_url(loop):
    return f"/packets/loops/{loop.pk}/sessions/{loop.sessions.first().pk}/guide.pdf"


def hostile_title(loop):
    return loop.sessions.first().items.first().revision.prompt.rstrip(".")


@pytest.fixture
def renders():
    """Counts the renders of whole documents and of questions tried alone."""
    with (
        mock.patch.object(services, "render_pdf", wraps=services.render_pdf) as documents,
        mock.patch.object(failures, "render_pdf", wraps=failures.render_pdf) as questions,
    ):
        yield documents, questions


def test_an_over_long_render_is_stopped_and_the_page_names_the_question(
    manager_client, hostile_loop, renders, tmp_path
):
    start = time.monotonic()
    response = manager_client.get(guide_url(hostile_loop))
    assert time.monotonic() - start < 20  # a 3 s render and a 3 s try of the question alone
    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert hostile_title(hostile_loop) in text
    assert "took longer than 3 seconds" in text and "edit it in the bank, or swap it" in text
    assert not list((tmp_path / "media").rglob("*.pdf"))
    failure = RenderFailure.objects.get()
    assert (failure.reason, failure.kind, failure.seconds) == ("time", "guide", 3)
    assert failure.revision == hostile_loop.sessions.first().items.first().revision


def test_a_failed_render_is_not_tried_again_until_the_content_changes(
    manager_client, interviewer_client, hostile_loop, renders, settings
):
    documents, questions = renders
    assert manager_client.get(guide_url(hostile_loop)).status_code == 422
    assert (documents.call_count, questions.call_count) == (1, 1)

    for client in (manager_client, interviewer_client, manager_client):
        start = time.monotonic()
        again = client.get(guide_url(hostile_loop))
        assert time.monotonic() - start < 3  # answered before a render could even time out
        assert again.status_code == 422 and hostile_title(hostile_loop) in again.content.decode()
    assert (documents.call_count, questions.call_count) == (1, 1)

    item = hostile_loop.sessions.first().items.first()
    item.revision.content["model_answer"] = "A short answer again."
    item.revision.save()
    settings.PACKET_RENDER_SECONDS = 60  # 3 s is too little for any render on a busy machine
    fixed = manager_client.get(guide_url(hostile_loop))
    assert fixed.status_code == 200 and fixed["Content-Type"] == "application/pdf"
    assert "A short answer again." in PdfReader(io.BytesIO(fixed.content)).pages[0].extract_text()
    assert documents.call_count == 2


def test_a_failure_under_a_limit_since_raised_is_tried_again(hostile_loop, settings):
    failure = RenderFailure.objects.create(
        key="k" * 64,
        loop=hostile_loop,
        kind="loop",
        paper="a4",
        reason="time",
        seconds=3,
        memory_mb=1024,
    )
    assert failures.remembered_failure(failure.key) == failure
    settings.PACKET_RENDER_SECONDS = 60
    assert failures.remembered_failure(failure.key) is None
    failure.reason = "error"
    failure.save()
    assert failures.remembered_failure(failure.key) == failure  # a crash stays a crash


def test_export_packet_reports_a_render_over_the_memory_limit_and_writes_nothing(
    hostile_loop, settings, tmp_path
):
    settings.PACKET_RENDER_SECONDS = 30
    settings.PACKET_RENDER_MEMORY_MB = 300
    revision = hostile_loop.sessions.first().items.first().revision
    revision.content["model_answer"] = HUGE_TABLE
    revision.save()
    output = tmp_path / "guide.pdf"
    with pytest.raises(CommandError) as error:
        call_command("export_packet", hostile_loop.pk, "--session", "1", "-o", str(output))
    assert error.value.returncode == 3
    message = str(error.value)
    assert message.startswith("Nothing written. The interviewer guide — Phone screen (A4)")
    assert "needed more than 300 MB of memory" in message and hostile_title(hostile_loop) in message
    assert not output.exists()
    assert not list((tmp_path / "media").rglob("*.pdf"))


def test_the_loop_page_lists_the_failures_its_manager_can_mend(
    manager_client, interviewer_client, hostile_loop
):
    manager_client.get(guide_url(hostile_loop))
    page = manager_client.get(hostile_loop.get_absolute_url()).content.decode()
    assert "1 PDF of this loop could not be rendered" in page
    assert "The interviewer guide — Phone screen (A4) failed to render" in page
    assert hostile_title(hostile_loop) in page
    interviewer_page = interviewer_client.get(hostile_loop.get_absolute_url()).content.decode()
    assert "could not be rendered" not in interviewer_page

    item = hostile_loop.sessions.first().items.first()
    item.minutes += 1  # any change to what the guide prints is new content
    item.save()
    assert (
        "could not be rendered"
        not in manager_client.get(hostile_loop.get_absolute_url()).content.decode()
    )


def test_a_request_while_another_renders_the_part_gets_the_progress_page(
    manager_client, packet_loop
):
    key = Part(packet_loop, "guide", packet_loop.sessions.first()).key
    RenderClaim.objects.create(key=key, started_at=timezone.now())
    response = manager_client.get(guide_url(packet_loop))
    assert response.status_code == 202 and response["Retry-After"] == "2"
    text = response.content.decode()
    assert "0 of 1 parts rendered" in text and "Interviewer guide — Phone screen" in text

    RenderClaim.objects.filter(key=key).update(started_at=timezone.now() - timedelta(hours=1))
    response = manager_client.get(guide_url(packet_loop))  # its renderer died: take it over
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not RenderClaim.objects.exists()


def at_once(count, function):
    """Call function from `count` threads started together; their results (or errors)."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        barrier.wait()
        try:
            results[index] = function()
        except Exception as error:  # handed back to the test
            results[index] = error
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def slow(function, seconds):
    def slower(*args, **kwargs):
        time.sleep(seconds)  # so the other requests arrive while this one renders
        return function(*args, **kwargs)

    return slower


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_one_packet_render_it_once(packet_loop):
    session = packet_loop.sessions.first()
    render = mock.patch.object(services, "render_pdf", side_effect=slow(services.render_pdf, 1))
    with render as renders, mock.patch.object(services, "WAIT_SECONDS", 30):
        results = at_once(3, lambda: packet_pdf(packet_loop, kind="sheet", session=session))
    assert renders.call_count == 1
    assert sorted(cached for _, cached in results) == [False, True, True]
    assert len({pdf for pdf, _ in results}) == 1
    assert not RenderClaim.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_request_that_waits_too_long_for_another_render_is_busy(packet_loop):
    session = packet_loop.sessions.first()
    render = mock.patch.object(services, "render_pdf", side_effect=slow(services.render_pdf, 3))
    with render as renders, mock.patch.object(services, "WAIT_SECONDS", 0.5):
        results = at_once(2, lambda: packet_pdf(packet_loop, kind="guide", session=session))
    assert renders.call_count == 1
    assert sum(isinstance(result, PacketBusy) for result in results) == 1
    assert sum(isinstance(result, tuple) for result in results) == 1


@pytest.mark.django_db(transaction=True)
def test_requests_waiting_on_a_render_that_fails_get_its_failure(
    packet_loop, settings, monkeypatch
):
    monkeypatch.setattr(documents, "render_markdown", mark_safe)  # past the first wall
    settings.PACKET_RENDER_SECONDS = 3
    session = packet_loop.sessions.first()
    item = session.items.first()
    item.revision.content["model_answer"] = HUGE_TABLE
    item.revision.save()
    fresh = loop_with_sessions(packet_loop.pk)
    with mock.patch.object(services, "WAIT_SECONDS", 20):
        results = at_once(
            2, lambda: packet_pdf(fresh, kind="guide", session=fresh.sessions.first())
        )
    assert all(isinstance(result, PacketFailed) for result in results)
    assert RenderFailure.objects.count() == 1
