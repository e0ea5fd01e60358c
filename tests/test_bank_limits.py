"""Content limits: one check for the question form, imports and the admin, each message naming
the limit; the shipped bank well inside them; and Markdown measured as the renderer reads it."""

import pytest
from django.contrib.auth.models import User

from interviewkit.bank import interchange, limits
from interviewkit.bank.limits import content_problems, markdown_problems, measure_markdown
from interviewkit.bank.models import Competency, Question, Role
from tests.conftest import ensure_reference_data, make_question
from tests.test_bank_interchange import csv_file, csv_row, new_question_yaml, yaml_file
from tests.test_shipped_bank import QUESTIONS

LONG_ITEM = "x" * (limits.ITEM_CHARS + 1)


def messages(content):
    return [(excess.field, excess.part, excess.message) for excess in content_problems(content)]


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["slug"] for q in QUESTIONS])
def test_every_shipped_question_is_within_the_limits(question):
    assert messages(question) == []


def test_each_message_names_the_field_and_the_limit():
    content = {
        "prompt": "p" * 3_001,
        "model_answer": "ok",
        "good_signals": ["fine", LONG_ITEM],
        "probes": [{"ask": "Why?", "listen_for": LONG_ITEM}],
        "red_flags": ["flag"] * 11,
        "rubric": {1: "a", 2: "b", 3: "c" * 601, 4: "d"},
        "tags": ["t"] * 21,
    }
    assert messages(content) == [
        ("prompt", None, "The prompt has 3,001 characters; the limit is 3,000: shorten it."),
        (
            "good_signals",
            2,
            "Signal 2 has 501 characters; the limit is 500 for each signal: shorten it.",
        ),
        (
            "probes",
            1,
            "What to listen for in probe 1 has 501 characters; the limit is 500 for each probe: "
            "shorten it.",
        ),
        ("red_flags", None, "There are 11 red flags; the limit is 10: keep the best ones."),
        ("tags", None, "There are 21 tags; the limit is 20: keep the best ones."),
        ("rubric", 3, "The anchor for score 3 has 601 characters; the limit is 600: shorten it."),
    ]


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("\n".join(["line"] * 401), "The model answer has 401 lines; the limit is 400"),
        ("- - - - - deep", "The model answer nests lists and quotes 5 deep; the limit is 4"),
        ("> - > - >     x", "nests lists and quotes 6 deep"),
        ("- a\n    - b\n        - c\n            - d\n                - e", "5 deep"),
        ("- item\n" * 201, "The model answer has 201 list items; the limit is 200"),
        ("*" * 301 + "_" * 300, "The model answer has 601 formatting marks (* _ ` <) outside"),
        ("[" * 101, "The model answer has 101 “[” outside code blocks; the limit is 100"),
        ("```\nx\n```\n" * 11, "The model answer has 11 code blocks; the limit is 10"),
        ("```python\n" + "x\n" * 201 + "```", "A code block in the model answer has 201 lines"),
        ("```\n" + "x" * 8_001 + "\n```", "has 8,002 characters; the limit is 8,000"),
        ("a | b\n--|--\n" + "1 | 2\n" * 99, "A table in the model answer has 101 rows"),
        ("|" + "a|" * 13 + "\n|" + "-|" * 13, "A table in the model answer has 13 columns"),
    ],
)
def test_markdown_over_a_limit_is_named(markdown, message):
    [problem] = markdown_problems(markdown, name="model answer")
    assert message in problem


def test_markdown_is_measured_as_the_renderer_reads_it():
    code = "```python\n" + "        - not a list, but code\n" * 50 + "[x] * 3\n" * 600 + "```"
    table = "| a | b |\n|---|---|\n| 1 | 2 |"
    text = f"Intro [link](https://example.com).\n\n{code}\n\n> quoted\n\n{table}"
    found = measure_markdown(text)
    assert (found["depth"], found["list_items"], found["marks"], found["brackets"]) == (1, 0, 0, 1)
    assert (found["code_blocks"], found["code_lines"]) == (1, 650)
    assert (found["table_rows"], found["table_columns"]) == (3, 2)
    # A fence the renderer would not close is not code: what follows it is measured as prose.
    assert measure_markdown("```\n- - - - - x")["depth"] == 5


def test_the_question_form_refuses_content_over_the_limits(manager_client):
    ensure_reference_data()
    response = manager_client.post(
        "/bank/new/",
        {
            "slug": "too-much",
            "prompt": "- " * 10 + "Why?",
            "kind": "conceptual",
            "competency": Competency.objects.first().pk,
            "difficulty": "basic",
            "minutes": 5,
            "status": "draft",
            "model_answer": "x" * 12_001,
            "red_flags": "\n".join(f"flag {n}" for n in range(11)),
            "rubric_1": "a",
            "rubric_2": "b",
            "rubric_3": "c" * 601,
            "rubric_4": "d",
        },
    )
    page = response.content.decode()
    assert "The prompt nests lists and quotes 10 deep; the limit is 4: flatten it." in page
    assert "The model answer has 12,001 characters; the limit is 12,000: shorten it." in page
    assert "There are 11 red flags; the limit is 10: keep the best ones." in page
    assert "The anchor for score 3 has 601 characters; the limit is 600: shorten it." in page
    assert not Question.objects.exists()


def test_the_form_says_what_the_limits_are(manager_client):
    page = manager_client.get("/bank/new/").content.decode()
    assert "up to 3,000 characters" in page and "up to 12,000 characters" in page


def test_the_admin_refuses_content_over_the_limits(db, client):
    question = make_question("in-the-admin")
    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    url = f"/admin/bank/question/{question.pk}/change/"
    data = {
        "slug": question.slug,
        "prompt": question.prompt,
        "kind": question.kind,
        "competency": question.competency_id,
        "difficulty": question.difficulty,
        "minutes": question.minutes,
        "model_answer": "> " * 5 + "deep",
        "good_signals": '["' + "s" * 501 + '"]',
        "probes": '["Why?"]',
        "red_flags": '["Guesses"]',
        "rubric": '["a", "b", "c", "d", "e"]',
        "status": "active",
        "roles": [role.pk for role in Role.objects.all()],
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
    }
    page = client.post(url, data).content.decode()
    assert "The model answer nests lists and quotes 5 deep; the limit is 4" in page
    assert "Signal 1 has 501 characters; the limit is 500 for each signal" in page
    assert "The rubric has 5 anchors; it holds 4, one per score." in page
    question.refresh_from_db()
    assert question.model_answer.startswith("A strong answer")


def test_an_import_reports_each_excess_with_its_line_and_field(db, tmp_path):
    ensure_reference_data()
    red_flags = "".join(f"\n      - flag {n}" for n in range(11))
    text = yaml_file(
        new_question_yaml("long-prompt", prompt="'" + "p" * 3_001 + "'"),
        new_question_yaml("many-flags", red_flags=red_flags, good_signals=f"[{LONG_ITEM}]"),
    )
    report = interchange.import_sources([interchange.Source("bank.yaml", text.encode(), "yaml")])
    assert [(p.where, p.field, p.slug, p.message.split(";")[0]) for p in report.problems] == [
        ("line 5", "prompt", "long-prompt", "The prompt has 3,001 characters"),
        ("line 28", "good_signals", "many-flags", "Signal 1 has 501 characters"),
        ("line 30", "red_flags", "many-flags", "There are 11 red flags"),
    ]
    assert not report.imported and report.rejected == ["long-prompt", "many-flags"]


def test_a_csv_import_reports_excess_by_row_and_column(db):
    ensure_reference_data()
    text = csv_file(csv_row("ok"), csv_row("long-anchor", rubric_2="r" * 601))
    report = interchange.import_sources([interchange.Source("bank.csv", text.encode(), "csv")])
    [problem] = report.problems
    assert (problem.where, problem.field) == ("row 3", "rubric_2")
    assert problem.message.startswith("The anchor for score 2 has 601 characters")


def test_the_format_docs_state_the_limits(settings):
    docs = (settings.BASE_DIR / "docs" / "bank-format.md").read_text()
    section = docs.split("## Limits\n", 1)[1].split("\n## ", 1)[0]
    rows = [
        ("`prompt`", f"{limits.PROMPT_CHARS:,} characters"),
        ("`model_answer`", f"{limits.ANSWER_CHARS:,} characters"),
        ("each signal, probe (`ask` and `listen_for`) and red flag", f"{limits.ITEM_CHARS}"),
        ("each rubric anchor", f"{limits.ANCHOR_CHARS} characters"),
        ("`good_signals`, `probes`, `red_flags`", f"{limits.LIST_ITEMS['probes']} items"),
        ("`tags`, `overlaps`", f"{limits.LIST_ITEMS['tags']} items"),
        ("`roles`", f"{limits.LIST_ITEMS['roles']} items"),
        ("lines", f"{limits.MARKDOWN_LINES}"),
        ("lists and block quotes inside each other", f"{limits.MARKDOWN_DEPTH} deep"),
        ("list items", f"{limits.MARKDOWN_LIST_ITEMS}"),
        ("formatting marks `*` `_` `` ` `` `<` outside code blocks", f"{limits.MARKDOWN_MARKS}"),
        ("`[` outside code blocks", f"{limits.MARKDOWN_BRACKETS}"),
        ("fenced code blocks", f"{limits.CODE_BLOCKS}"),
        ("lines of one code block", f"{limits.CODE_LINES}"),
        ("characters of one code block", f"{limits.CODE_CHARS:,}"),
        ("rows of one table (header and separator included)", f"{limits.TABLE_ROWS}"),
        ("columns of one table", f"{limits.TABLE_COLUMNS}"),
        ("one uploaded file", f"{limits.UPLOAD_BYTES // 2**20} MB"),
        ("questions in one file (rows of a sheet)", f"{limits.QUESTIONS_PER_FILE:,}"),
        ("columns of a sheet", f"{limits.SHEET_COLUMNS}"),
        ("what an .xlsx or .ods file unpacks to", f"{limits.WORKBOOK_UNPACKED_BYTES // 2**20} MB"),
        ("values, lists and mappings in one YAML file", f"{limits.YAML_EVENTS:,}"),
        ("problems listed", f"the first {limits.PROBLEMS_SHOWN},"),
    ]
    missing = [(what, limit) for what, limit in rows if f"| {what} | {limit}" not in section]
    assert missing == []
