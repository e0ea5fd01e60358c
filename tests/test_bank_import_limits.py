"""Imports that cannot exhaust memory or time: YAML anchors refused before anything is built,
caps on questions, events and problems, uploads stopped at the limit before the body is read,
a preview parsed once, and every malformed value a reported problem, never a 500."""

import json
import time
import tracemalloc

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from interviewkit.bank import interchange, limits, transfer_views
from interviewkit.bank.interchange import service
from interviewkit.bank.models import PendingImport
from tests.conftest import ensure_reference_data
from tests.test_bank_import_pages import upload
from tests.test_bank_interchange import csv_file, csv_row, new_question_yaml, yaml_file

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def parse(text, fmt="yaml"):
    data = text.encode() if isinstance(text, str) else text
    return interchange.parse(interchange.Source(f"bank.{fmt}", data, fmt))


def measured(function):
    """(result, seconds, peak MiB of Python memory) of a call."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = function()
        return result, time.perf_counter() - start, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_a_billion_laughs_is_refused_in_under_a_second_using_a_few_mb():
    assert len(BILLION_LAUGHS) < 600
    (entries, problems), seconds, peak = measured(lambda: parse(BILLION_LAUGHS))
    assert entries == []
    assert [(p.where, p.message) for p in problems] == [
        (
            "line 1",
            "the file has an anchor (&) or an alias (*), which bank files do not use: write each "
            "value out in full",
        )
    ]
    assert seconds < 1 and peak < 5


def test_an_alias_alone_is_refused_too():
    text = yaml_file(new_question_yaml("one", tags="[x]")).replace("[x]", "*nowhere")
    [problem] = parse(text)[1]
    assert problem.where == "line 12" and "alias" in problem.message


def test_a_million_row_csv_is_refused_quickly_by_the_row_cap():
    text = "x\n" * 1_000_000
    (entries, problems), seconds, peak = measured(lambda: parse(text, "csv"))
    assert entries == []
    assert [(p.where, p.message) for p in problems] == [
        (
            "row 2002",
            "the file holds more than 2,000 questions, the limit for one file: split it",
        )
    ]
    assert seconds < 1 and peak < 20


def test_yaml_and_json_with_too_many_questions_are_refused():
    questions = [{"slug": f"q{n}"} for n in range(limits.QUESTIONS_PER_FILE + 1)]
    document = {"format": "interviewkit-bank", "version": 2, "questions": questions}
    for fmt, text in (("json", json.dumps(document)), ("yaml", json.dumps(document))):
        entries, [problem] = parse(text, fmt)
        assert entries == [] and problem.field == "questions"
        assert "more than 2,000 questions" in problem.message


def test_a_yaml_file_of_too_many_values_is_refused_before_it_is_built():
    text = "questions:\n" + "- x\n" * limits.YAML_EVENTS
    (_, [problem]), seconds, peak = measured(lambda: parse(text))
    assert "the file holds more than 200,000 values, lists and mappings" in problem.message
    assert seconds < 5 and peak < 10


def test_yaml_nested_deeper_than_a_bank_file_is_refused():
    text = "format: interviewkit-bank\nversion: 2\nquestions: " + "[" * 100 + "]" * 100
    [problem] = parse(text)[1]
    assert problem.message.startswith("the file nests lists and mappings 7 deep; a bank file")


@pytest.fixture
def bank(db):
    ensure_reference_data()


def imported(text, fmt="yaml"):
    data = text.encode()
    return interchange.import_sources([interchange.Source(f"bank.{fmt}", data, fmt)])


def test_only_the_first_hundred_problems_are_kept_and_the_rest_counted(bank, manager_client):
    text = yaml_file(*(new_question_yaml(f"q-{n}", kind="quiz", minutes="0") for n in range(1_500)))
    report = imported(text)
    assert (len(report.problems), report.more_problems, report.problem_count) == (100, 2_900, 3_000)
    assert report.summary().endswith("1500 rejected, 3,000 problems")

    page = upload(manager_client, text).content.decode()
    assert "3,000 problems: nothing will be imported." in page
    assert "The first 100 problems are shown; 2,900 more are not." in page
    assert page.count('<td class="text-nowrap">line ') == 100


def test_the_import_command_lists_the_first_hundred_problems_and_counts_the_rest(
    bank, tmp_path, capsys
):
    path = tmp_path / "bank.yaml"
    path.write_text(yaml_file(*(new_question_yaml(f"q-{n}", kind="quiz") for n in range(150))))
    with pytest.raises(CommandError, match="150 rejected, 150 problems"):
        call_command("import_bank", str(path))
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 101 and lines[-1] == "… and 50 more problems"


MALFORMED = {
    "a 5,000-digit number in YAML": (
        yaml_file(new_question_yaml("big", minutes="9" * 5000)),
        "line 9",
        "",
        "'999999999999999999999999999999…' cannot be read as a whole number; quote it",
    ),
    "2024-02-30 in YAML": (
        yaml_file(new_question_yaml("date", prompt="2024-02-30")),
        "line 5",
        "",
        "'2024-02-30' cannot be read as a date; quote it if it is text",
    ),
    "an explicit !!int in YAML": (
        yaml_file(new_question_yaml("tagged", minutes="!!int five")),
        "line 9",
        "",
        "'five' cannot be read as a whole number",
    ),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_yaml_value_is_a_problem_with_its_line(bank, manager_client, name):
    text, where, field, message = MALFORMED[name]
    [problem] = imported(text).problems
    assert (problem.where, problem.field) == (where, field)
    assert message in problem.message
    response = upload(manager_client, text)
    assert response.status_code == 200 and "cannot be read as" in response.content.decode()


JSON_QUESTION = {
    "slug": "big",
    "prompt": "Explain it.",
    "kind": "conceptual",
    "competency": "ml-fundamentals",
    "difficulty": "basic",
    "minutes": "MINUTES",
    "status": "draft",
    "roles": [],
    "tags": [],
    "model_answer": "An answer.",
    "good_signals": [],
    "probes": [],
    "red_flags": [],
    "rubric": {"1": "a", "2": "b", "3": "c", "4": "d"},
}


def test_a_5000_digit_number_in_json_is_reported_on_its_field(bank, manager_client):
    document = {"format": "interviewkit-bank", "version": 2, "questions": [JSON_QUESTION]}
    text = json.dumps(document).replace('"MINUTES"', "9" * 5000)
    [problem] = imported(text, "json").problems
    assert problem.field == "minutes"
    assert problem.message.startswith("must be a whole number of minutes from 1 to 240, not '999")
    assert upload(manager_client, text, "bank.json").status_code == 200


def test_a_huge_key_or_slug_makes_a_short_problem(bank):
    text = yaml_file(new_question_yaml("x" * 100_000, **{"k" * 1000: "1"}))  # YAML keys ≤ 1024
    problems = imported(text).problems
    assert {p.field[:3] for p in problems} == {"kkk", "slu"}
    assert all(len(p.field) <= 100 and len(p.slug) <= 100 for p in problems)
    assert all(len(p.message) <= 1000 for p in problems)


def test_upload_settings_keep_an_allowed_file_in_memory():
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= limits.UPLOAD_BYTES
    assert settings.FILE_UPLOAD_HANDLERS[0] == "interviewkit.bank.uploads.UploadLimitHandler"


class EndlessUpload:
    """A request body that claims 200 MB and counts how much of it is read."""

    def __init__(self, boundary):
        self.head = (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="huge.yaml"\r\n'
            "Content-Type: application/yaml\r\n\r\n"
        ).encode()
        self.read_bytes = 0

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        chunk = (self.head + b"#" * size)[:size] if self.read_bytes == 0 else b"#" * size
        self.read_bytes += len(chunk)
        return chunk

    readline = read


def test_a_huge_upload_is_refused_before_its_body_is_read(manager_client):
    body = EndlessUpload("BoUnDaRy")
    response = manager_client.generic(
        "POST",
        "/bank/import/",
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(200 * 1024 * 1024),
            "CONTENT_TYPE": "multipart/form-data; boundary=BoUnDaRy",
        },
    )
    assert response.status_code == 200
    assert "The file is over 5 MB, the most one import takes" in response.content.decode()
    assert body.read_bytes < 1024 * 1024
    assert not PendingImport.objects.exists()


def test_a_file_over_the_limit_within_a_short_body_is_stopped_as_it_streams(manager_client):
    response = upload(manager_client, b"#" * (limits.UPLOAD_BYTES + 1))
    assert "The file is over 5 MB" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_the_preview_is_parsed_once_and_kept_server_side(bank, manager_client, monkeypatch):
    text = yaml_file(new_question_yaml("kept"))
    response = upload(manager_client, text)
    assert "<code>kept</code>" in response.content.decode()
    token = manager_client.session[transfer_views.PENDING_IMPORT]
    assert PendingImport.objects.get().token.hex == token.replace("-", "")

    def no_parsing(source):
        raise AssertionError("the preview page parsed the file again")

    monkeypatch.setattr(service, "parse", no_parsing)
    for _ in range(2):
        page = manager_client.get("/bank/import/preview/").content.decode()
        assert "<code>kept</code>" in page and "Import 1 question" in page


def test_an_upload_replaces_its_owners_earlier_one(bank, manager_client):
    upload(manager_client, yaml_file(new_question_yaml("first")))
    upload(manager_client, yaml_file(new_question_yaml("second")))
    assert list(PendingImport.objects.values_list("name", flat=True)) == ["bank.yaml"]
    assert "second" in manager_client.get("/bank/import/preview/").content.decode()


def test_a_csv_upload_with_malformed_cells_previews(bank, manager_client):
    text = csv_file(csv_row("nul", prompt="a\x00b"), csv_row("big", minutes="9" * 5000))
    response = upload(manager_client, text, "bank.csv")
    assert response.status_code == 200
    assert "NUL character" in response.content.decode()
