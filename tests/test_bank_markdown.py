"""The renderer cannot be poisoned: text over the limits, text the parser fails on and HTML
nested too deep show as escaped plain text with a notice, and a question stored that way (before
the limits, or by a script) leaves its bank page and every packet holding it working."""

import markdown as python_markdown
import pytest

from interviewkit.bank import limits
from interviewkit.bank.markdown import render_markdown, short_title
from interviewkit.bank.services import save_question
from interviewkit.loops.models import KitItem
from interviewkit.loops.services import refresh_loop
from tests.conftest import make_loop, make_question
from tests.test_packets import pdf_text

DEEP_LIST = "- " * 1000 + "bottom <script>alert(1)</script>"  # a 1,000-level list


def test_a_deep_list_renders_as_escaped_text_with_a_notice():
    html = render_markdown(DEEP_LIST)
    assert html.startswith(
        '<p class="markdown-notice">Shown as plain text. The text nests lists and quotes '
        "1,000 deep; the limit is 4: flatten it.</p>"
    )
    assert "bottom &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html


def test_plain_text_is_cut_to_what_a_formatted_text_may_hold():
    html = render_markdown("x" * 5_000_000)
    assert "The first 12,000 of its 5,000,000 characters are shown." in html
    assert len(html) < 13_000
    assert render_markdown("x\n" * 10_000).count("\n") == limits.MARKDOWN_LINES - 1


@pytest.mark.parametrize("nested", ["<div>" * 60 + "x", "**" * 60 + "x" + "**" * 60])
def test_html_nested_deeper_than_the_pdf_renderer_follows_is_plain_text(nested):
    assert "more than 40 deep" in render_markdown(nested)


def test_whatever_a_snapshot_holds_renders():
    assert render_markdown(None) == "" and render_markdown(42) == "<p>42</p>"


def test_a_parser_failure_is_plain_text_not_an_error(monkeypatch):
    def fail(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(python_markdown, "markdown", fail)
    assert "It could not be formatted." in render_markdown("**fine** text")


def test_text_at_every_limit_is_still_formatted():
    table = "|" + "h|" * limits.TABLE_COLUMNS + "\n|" + "-|" * limits.TABLE_COLUMNS + "\n"
    table += ("|" + "1|" * limits.TABLE_COLUMNS + "\n") * (limits.TABLE_ROWS - 2)
    code = "```python\n" + "x = [1]\n" * limits.CODE_LINES + "```\n"
    nested = "- " * limits.MARKDOWN_DEPTH + "deepest\n"
    text = f"{nested}\n{table}\n{code}"
    assert limits.markdown_problems(text) == []
    html = render_markdown(text)
    assert "markdown-notice" not in html
    assert html.count("<tr>") == limits.TABLE_ROWS - 1  # the separator row is not a row
    assert html.count("<ul>") == limits.MARKDOWN_DEPTH and 'class="codehilite"' in html


def test_a_stored_deep_list_leaves_the_bank_page_and_packets_working(
    manager_client, manager, small_bank, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    loop = make_loop(manager)
    for question in small_bank:  # saved as a script would, past the form and the import
        question.prompt = DEEP_LIST
        question.model_answer = DEEP_LIST
        save_question(question)
    refresh_loop(loop)
    assert KitItem.objects.filter(session__loop=loop, revision__content__prompt=DEEP_LIST).exists()

    page = manager_client.get(small_bank[0].get_absolute_url())
    assert page.status_code == 200
    assert "Shown as plain text. The text nests lists and quotes 1,000" in page.content.decode()
    assert manager_client.get(loop.get_absolute_url()).status_code == 200
    packet = manager_client.get(f"/packets/loops/{loop.pk}/loop.pdf")
    debrief = manager_client.get(f"/packets/loops/{loop.pk}/debrief.pdf")
    assert (packet.status_code, debrief.status_code) == (200, 200)
    assert "Shown as plain text." in pdf_text(packet.content)


def test_the_question_page_of_stored_deep_html_still_shows(manager_client):
    question = make_question("nested-html")
    question.model_answer = "<div>" * 500 + "x"
    save_question(question)
    page = manager_client.get(question.get_absolute_url()).content.decode()
    assert "Shown as plain text. It nests elements more than 40 deep" in page


def test_a_title_reads_only_the_start_of_a_huge_stored_prompt():
    assert short_title("Why " * 5_000_000) == " ".join(["Why"] * 12) + " …"
