"""The bank interchange format: round trips, spreadsheet quirks, and bad files changing nothing."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from interviewkit.bank import interchange
from interviewkit.bank.management.commands import load_shipped_bank
from interviewkit.bank.models import Question, QuestionRevision, Tag
from tests.conftest import ensure_reference_data, make_question

TRAILING = "   "  # spaces at the end of a line, which every import trims
BANK_YAML = """\
format: interviewkit-bank
version: 1
questions:
  - slug: dedupe-events
    prompt: "  Write dedupe(events): keep the first event of each id, in order.  "
    kind: coding
    competency: coding
    difficulty: intermediate
    minutes: 25
    status: active
    roles: [ml-engineer, data-scientist]
    tags: [python, data-cleaning, 'yes']
    model_answer: |
      Keep a set of the ids seen so far — “O(n)” time:<SP>

      ```python
      def dedupe(events):
          seen = set()
          for event in events:
              if event["id"] not in seen:<SP>
                  seen.add(event["id"])
                  yield event

      assert list(dedupe([{"id": 1}, {"id": 1}])) == [{"id": 1}]
      ```

      Edge cases: an empty list; ids that are `None`; 'single' and "double" quotes.
    good_signals: ["Uses a set: O(1) lookups", "Keeps the original order", "Tests the empty list"]
    probes:
      - "What if the events don't fit in memory?"
      - 'Which do you keep: the first or the latest?'
    red_flags: [Sorts and loses the order, "Nested loops: O(n²)"]
    rubric:
      1: No working solution.
      2: "Works, but O(n²): compares every pair."
      3: O(n) with a set, and keeps the order.
      4: |-
        All of 3, plus streaming when memory runs out:
        an external sort or a Bloom filter — with the trade-offs.
  - slug: disagree-with-a-colleague
    prompt: Tell me about a time you disagreed with a colleague — über-careful, 日本語 ✓.
    kind: behavioural
    competency: behavioural
    difficulty: basic
    minutes: 10
    status: draft
    roles: []
    tags: []
    model_answer: "Situation, task, action, result: #1 the facts; #2 what they did."
    good_signals: [Names the disagreement, Listens first]
    probes: ["What would you do differently?"]
    red_flags: []
    rubric: {1: Blames others., 2: Vague., 3: Clear STAR story., 4: "Clear, with a lesson."}
""".replace("<SP>", TRAILING)


def write(directory, name, text):
    path = directory / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def import_files(*paths, **options):
    return interchange.import_sources(interchange.read_paths(paths), **options)


def empty_bank():
    QuestionRevision.objects.all().delete()
    Question.objects.all().delete()
    Tag.objects.all().delete()


def bank_state():
    """Everything an import could change, to show that a failed one changed nothing."""
    return (
        interchange.export_bank("json"),
        list(QuestionRevision.objects.values_list("question__slug", "number")),
    )


@pytest.fixture
def bank(db, tmp_path):
    ensure_reference_data()
    report = import_files(write(tmp_path, "bank.yaml", BANK_YAML))
    assert report.problems == []
    return report


def test_import_tidies_text_and_keeps_markdown_intact(bank):
    assert bank.created == ["dedupe-events", "disagree-with-a-colleague"]
    question = Question.objects.get(slug="dedupe-events")
    assert question.prompt == "Write dedupe(events): keep the first event of each id, in order."
    assert "— “O(n)” time:\n\n```python\ndef dedupe(events):\n" in question.model_answer
    assert '        if event["id"] not in seen:\n' in question.model_answer
    assert question.rubric[3].endswith("Bloom filter — with the trade-offs.")
    assert sorted(question.tags.values_list("name", flat=True)) == [
        "data-cleaning",
        "python",
        "yes",
    ]
    assert question.revisions.get().note.startswith("imported from ")


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
def test_export_import_export_is_byte_identical(bank, tmp_path, fmt):
    first = interchange.export_bank(fmt)
    empty_bank()
    report = import_files(write(tmp_path, f"export.{fmt}", first))
    assert report.created == ["dedupe-events", "disagree-with-a-colleague"]
    assert interchange.export_bank(fmt) == first
    assert "```python" in first and "日本語 ✓" in first


def test_yaml_export_is_readable_and_diffs_well(bank):
    text = interchange.export_bank("yaml")
    assert text.startswith("# Interview Kit question bank")
    assert "  - slug: dedupe-events\n    prompt: 'Write dedupe(events): keep" in text
    assert "    model_answer: |-\n      Keep a set of the ids seen so far" in text
    assert "    roles: [ml-engineer, data-scientist]\n" in text
    assert "    tags: [data-cleaning, python, 'yes']\n" in text
    assert "      4: |-\n        All of 3, plus streaming" in text
    assert TRAILING + "\n" not in text
    keys = [line.split(":")[0].strip() for line in text.split("- slug:")[1].splitlines()[1:15]]
    assert keys[:6] == ["prompt", "kind", "competency", "difficulty", "minutes", "status"]


def test_json_export_writes_rubric_scores_as_strings(bank):
    data = json.loads(interchange.export_bank("json"))
    assert list(data["questions"][0]["rubric"]) == ["1", "2", "3", "4"]
    assert [q["slug"] for q in data["questions"]] == ["dedupe-events", "disagree-with-a-colleague"]


def excel_style(csv_text):
    """The CSV as Excel saves it in much of Europe: BOM, ';', CRLF, blank rows, stray spaces."""
    rows = list(csv.reader(io.StringIO(csv_text.removeprefix("\ufeff"), newline="")))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([f" {cell.replace(chr(10), chr(13) + chr(10))} " for cell in row])
        writer.writerow([""] * len(row))
    return ("\ufeff" + out.getvalue() + "\r\n").encode("utf-8")


def test_csv_saved_by_excel_imports_to_the_same_bank(bank, tmp_path):
    before = interchange.export_bank("yaml")
    spreadsheet = excel_style(interchange.export_bank("csv"))
    assert spreadsheet.startswith(b"\xef\xbb\xbfslug;prompt;") and b"\r\n;;;" in spreadsheet
    empty_bank()
    report = import_files(write(tmp_path, "from-excel.csv", spreadsheet))
    assert report.problems == []
    assert interchange.export_bank("yaml") == before


def test_csv_cells_that_look_like_formulas_are_escaped_and_restored(bank, tmp_path):
    question = Question.objects.get(slug="disagree-with-a-colleague")
    question.prompt = '=HYPERLINK("http://example.com")'
    question.probes = ["-1 is wrong?", "'quoted'"]
    question.save()
    exported = interchange.export_bank("csv")
    assert "'=HYPERLINK" in exported and "\"'-1 is wrong?\n'quoted'\"" in exported
    empty_bank()
    import_files(write(tmp_path, "bank.csv", exported))
    question = Question.objects.get(slug="disagree-with-a-colleague")
    assert question.prompt == '=HYPERLINK("http://example.com")'
    assert [probe["ask"] for probe in question.probes] == ["-1 is wrong?", "'quoted'"]


def test_import_matches_by_slug_and_revises_only_changed_content(bank, tmp_path):
    make_question("already-here")
    edited = BANK_YAML.replace("minutes: 25", "minutes: 30").replace(
        "status: draft", "status: active"
    )
    edited = edited.replace("questions:\n", "questions:\n" + new_question_yaml("brand-new"), 1)
    report = import_files(write(tmp_path, "bank.yaml", edited))

    assert report.imported
    assert report.created == ["brand-new"]
    assert report.updated == {"dedupe-events": ["minutes"], "disagree-with-a-colleague": ["status"]}
    assert report.unchanged == []
    assert Question.objects.get(slug="dedupe-events").revision == 2
    assert Question.objects.get(slug="disagree-with-a-colleague").revision == 1  # status only
    assert Question.objects.filter(slug="already-here").exists()  # not in the file: left alone


def test_importing_the_same_file_again_changes_nothing(bank, tmp_path):
    revisions = QuestionRevision.objects.count()
    report = import_files(write(tmp_path, "bank.yaml", BANK_YAML))
    assert report.unchanged == ["dedupe-events", "disagree-with-a-colleague"]
    assert (report.created, report.updated, report.problems) == ([], {}, [])
    assert QuestionRevision.objects.count() == revisions


def test_dry_run_reports_without_writing(db, tmp_path):
    ensure_reference_data()
    report = import_files(write(tmp_path, "bank.yaml", BANK_YAML), dry_run=True)
    assert report.created == ["dedupe-events", "disagree-with-a-colleague"]
    assert not report.imported
    assert not Question.objects.exists()


def new_question_yaml(slug, **fields):
    """One question in YAML; fields replace lines (None drops the field)."""
    lines = {
        "slug": slug,
        "prompt": "Explain the bias-variance trade-off.",
        "kind": "conceptual",
        "competency": "ml-fundamentals",
        "difficulty": "basic",
        "minutes": "5",
        "status": "active",
        "roles": "[ml-engineer]",
        "tags": "[fundamentals]",
        "model_answer": "Bias is error from wrong assumptions; variance from sensitivity.",
        "good_signals": "[Defines both, Gives an example, Names the trade-off]",
        "probes": "[{ask: How does regularization move it?, listen_for: More bias and less"
        " variance}, {ask: What does more data do?, listen_for: Variance falls and bias stays}]",
        "red_flags": "[Thinks more data always helps, Swaps bias and variance]",
        "rubric": "{1: Wrong., 2: Partial., 3: Right., 4: Deep.}",
        **fields,
    }
    body = "".join(f"    {key}: {value}\n" for key, value in lines.items() if value is not None)
    return "  - " + body[4:]


def yaml_file(*questions):
    return "format: interviewkit-bank\nversion: 1\nquestions:\n" + "".join(questions)


def csv_file(*rows, delimiter=","):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(interchange.records.CSV_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def csv_row(slug, **cells):
    row = {
        "slug": slug,
        "prompt": "Explain k-fold cross-validation.",
        "kind": "conceptual",
        "competency": "data-processing",
        "difficulty": "basic",
        "minutes": "6",
        "status": "active",
        "roles": "ml-engineer\ndata-scientist",
        "tags": "validation",
        "overlaps": "",
        "model_answer": "Split into k folds; train on k-1, test on the rest; average.",
        "good_signals": "Explains folds\nMentions stratification\nAverages the scores",
        "probes": "Why not for time series?\nListen for: order matters: use forward chaining\n"
        "How many folds?\nListen for: 5 or 10, trading bias against variance",
        "red_flags": "Tunes on the test fold\nShuffles time series",
        "rubric_1": "Wrong.",
        "rubric_2": "Partial.",
        "rubric_3": "Right.",
        "rubric_4": "Deep.",
        **cells,
    }
    return [row[column] for column in interchange.records.CSV_COLUMNS]


BAD_FILES = {
    "wrong type": (
        "bad.yaml",
        yaml_file(new_question_yaml("good-one"), new_question_yaml("bad-one", minutes="five")),
        "line 23",
        "minutes",
        "whole number of minutes",
    ),
    "no prompt": (
        "bad.yaml",
        yaml_file(new_question_yaml("good-one"), new_question_yaml("bad-one", prompt=None)),
        "line 18",
        "prompt",
        "is empty: every question needs its prompt",
    ),
    "unknown competency": (
        "bad.yaml",
        yaml_file(new_question_yaml("good-one"), new_question_yaml("bad-one", competency="evals")),
        "line 21",
        "competency",
        "unknown competency 'evals'; use one of: ml-fundamentals",
    ),
    "rubric with a fifth score": (
        "bad.yaml",
        yaml_file(
            new_question_yaml("good-one"),
            new_question_yaml("bad-one", rubric="{1: No., 2: Some., 3: Yes., 4: All., 5: More.}"),
        ),
        "line 31",
        "rubric",
        "has a score '5'; the scores are 1, 2, 3 and 4",
    ),
    "duplicate slug": (
        "bad.yaml",
        yaml_file(new_question_yaml("good-one"), new_question_yaml("good-one")),
        "line 18",
        "slug",
        "'good-one' is also the slug of the question at line 4; slugs must differ",
    ),
    "malformed YAML": (
        "bad.yaml",
        yaml_file(new_question_yaml("good-one", roles="[ml-engineer")),
        "line 12",
        "",
        "not valid YAML",
    ),
    "unknown field": (
        "bad.yaml",
        yaml_file(new_question_yaml("good-one", **{"red_flag": "[x]"})),
        "line 18",
        "red_flag",
        "did you mean 'red_flags'?",
    ),
    "unquoted yes in a list": (
        "bad.yaml",
        yaml_file(new_question_yaml("good-one", tags="[metrics, yes]")),
        "line 12",
        "tags",
        "item 2 must be text, not true/false",
    ),
    "malformed JSON": (
        "bad.json",
        '{"format": "interviewkit-bank",\n "version": 1,,',
        "line 2",
        "",
        "not valid JSON",
    ),
    "malformed CSV": (
        "bad.csv",
        'slug,prompt\nok,fine\n"broken,quote\n',
        "line 3",
        "",
        "not valid CSV",
    ),
    "nested far too deeply": ("bad.json", "[" * 50_000 + "]" * 50_000, "file", "", "too deeply"),
    "NUL character": (
        "bad.csv",
        csv_file(csv_row("nul", prompt="a\x00b")),
        "row 2",
        "prompt",
        "NUL",
    ),
    "a huge number": (
        "bad.csv",
        csv_file(csv_row("big", minutes="9" * 5000)),
        "row 2",
        "minutes",
        "…",
    ),
    "not UTF-8": ("bad.yaml", "format: x\n# caf\xe9\n".encode("latin-1"), "line 2", "", "UTF-8"),
    "a workbook named .csv": ("bad.csv", b"PK\x03\x04\x14\x00", "file", "", "name it .xlsx"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_names_line_and_field_and_changes_nothing(bank, tmp_path, name):
    filename, text, where, field, message = BAD_FILES[name]
    before = bank_state()
    # The same import also carries a good update and a good new question.
    good = write(tmp_path, "good.yaml", yaml_file(new_question_yaml("another-new")))
    report = import_files(good, write(tmp_path, filename, text))

    assert not report.imported
    matching = [p for p in report.problems if p.where == where and p.field == field]
    assert matching, [str(p) for p in report.problems]
    assert message in matching[0].message
    assert bank_state() == before
    assert not Question.objects.filter(slug="another-new").exists()


def test_csv_problems_name_the_spreadsheet_row_and_column(db, tmp_path):
    ensure_reference_data()
    text = csv_file(
        csv_row("k-fold"),
        [""] * 17,
        csv_row("no-fourth-anchor", rubric_4=" "),
        csv_row("bad-role", roles="ml-engineer\nrecruiter", minutes="4.5"),
        delimiter=";",
    )
    report = import_files(write(tmp_path, "bank.csv", "\ufeff" + text))

    assert [str(problem) for problem in report.problems] == [
        f"{tmp_path}/bank.csv, row 5, minutes: must be a whole number of minutes from 1 to 240, "
        "not '4.5' [bad-role]",
        f"{tmp_path}/bank.csv, row 5, roles: unknown role 'recruiter'; use any of: ml-engineer, "
        "data-scientist, ai-engineer, mlops-engineer [bad-role]",
    ]
    assert report.rejected == ["bad-role"]
    assert report.created == ["k-fold", "no-fourth-anchor"]
    assert report.drafts == {"no-fourth-anchor": ["rubric anchor 4"]}
    assert not Question.objects.exists()


def test_a_sheet_may_leave_columns_out_and_those_it_does_not_know_are_not_imported(db, tmp_path):
    ensure_reference_data()
    text = "slug,prompt,kind,colour\nx,What is a tensor?,conceptual,red\n"
    report = import_files(write(tmp_path, "bank.csv", text))
    assert (report.problems, report.created) == ([], ["x"])
    assert [(c["header"], c["column"]) for c in report.columns] == [
        ("slug", "slug"),
        ("prompt", "prompt"),
        ("kind", "kind"),
        ("colour", ""),
    ]
    question = Question.objects.get(slug="x")
    assert (question.status, question.kind, question.competency) == ("draft", "conceptual", None)


def test_json_problems_name_the_line_of_the_question(bank, tmp_path):
    data = json.loads(interchange.export_bank("json"))
    data["questions"][1]["kind"] = "essay"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    report = import_files(write(tmp_path, "bank.json", text))
    question_line = text.splitlines().index("    {", 10) + 1
    [problem] = report.problems
    assert (problem.where, problem.field, problem.slug) == (
        f"line {question_line}",
        "kind",
        "disagree-with-a-colleague",
    )
    assert "'essay' is not one of: conceptual, scenario" in problem.message


def test_every_problem_in_a_file_is_reported_at_once(db, tmp_path):
    ensure_reference_data()
    text = yaml_file(
        new_question_yaml("one", kind="essay"),
        new_question_yaml("two", roles="ml-engineer", minutes="0"),
        new_question_yaml("Three Words"),
    )
    report = import_files(write(tmp_path, "bank.yaml", text))
    assert [(p.slug, p.field) for p in report.problems] == [
        ("one", "kind"),
        ("two", "minutes"),
        ("two", "roles"),
        ("Three Words", "slug"),
    ]
    assert report.rejected == ["one", "two", "Three Words"]


def test_a_directory_is_one_atomic_import_and_slugs_must_differ_across_files(db, tmp_path):
    ensure_reference_data()
    write(tmp_path, "a.yaml", yaml_file(new_question_yaml("first")))
    write(tmp_path, "b.csv", csv_file(csv_row("second")))
    write(tmp_path, "notes.txt", "not a bank file")
    report = import_files(tmp_path)
    assert report.created == ["first", "second"]

    write(tmp_path, "d.yaml", yaml_file(new_question_yaml("third"), new_question_yaml("second")))
    report = import_files(tmp_path)
    assert not report.imported
    [problem] = report.problems
    assert str(problem).startswith(f"{tmp_path}/d.yaml, line 18, slug: 'second' is also the slug")
    assert not Question.objects.filter(slug="third").exists()


def test_unchanged_import_takes_the_same_few_queries_for_any_bank_size(
    db, tmp_path, django_assert_max_num_queries
):
    ensure_reference_data()
    path = write(
        tmp_path, "bank.yaml", yaml_file(*(new_question_yaml(f"q-{n}") for n in range(40)))
    )
    import_files(path)
    with django_assert_max_num_queries(8):
        report = import_files(path)
    assert len(report.unchanged) == 40


def test_export_takes_the_same_few_queries_for_any_bank_size(db, django_assert_num_queries):
    for number in range(15):
        make_question(f"question-{number}")
    with django_assert_num_queries(4):  # questions, roles, tags, overlaps
        text = interchange.export_bank("yaml")
    assert text.count("- slug: question-") == 15


def test_import_bank_command_reports_outcomes_and_fails_on_problems(bank, tmp_path, capsys):
    path = write(tmp_path, "bank.yaml", BANK_YAML.replace("minutes: 25", "minutes: 26"))
    call_command("import_bank", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "updated (1): dedupe-events (minutes)" in out
    assert "unchanged (1): disagree-with-a-colleague" in out
    assert (
        "Would import: 0 created, 1 updated, 1 unchanged, 0 rejected, 1 draft to complete." in out
    )
    assert "draft disagree-with-a-colleague still needs: 3–5 signals" in out
    assert Question.objects.get(slug="dedupe-events").minutes == 25

    bad = write(tmp_path, "bad.yaml", BANK_YAML.replace("kind: coding", "kind: quiz"))
    refused = "Nothing imported: .* 1 rejected, 1 draft to complete, 1 problem"
    with pytest.raises(CommandError, match=refused):
        call_command("import_bank", str(bad))
    assert "bad.yaml, line 6, kind: 'quiz' is not one of" in capsys.readouterr().err


def test_import_bank_command_reads_any_extension_with_format(bank, tmp_path, capsys):
    path = write(tmp_path, "bank.txt", interchange.export_bank("json"))
    with pytest.raises(CommandError, match="cannot tell the format"):
        call_command("import_bank", str(path))
    call_command("import_bank", str(path), "--format", "json")
    assert "Imported: 0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_export_bank_command_writes_a_file_or_stdout(bank, tmp_path, capsys):
    call_command("export_bank", "--format", "csv", "-o", str(tmp_path / "bank.csv"))
    assert (tmp_path / "bank.csv").read_bytes() == interchange.export_bank("csv").encode()
    call_command("export_bank")
    assert capsys.readouterr().out == interchange.export_bank("yaml")


def test_load_shipped_bank_is_idempotent(db, tmp_path, monkeypatch, capsys):
    ensure_reference_data()
    monkeypatch.setattr(load_shipped_bank, "SHIPPED_BANK", tmp_path)
    call_command("load_shipped_bank")
    assert "No shipped question bank" in capsys.readouterr().out

    write(tmp_path, "ml.yaml", yaml_file(new_question_yaml("first"), new_question_yaml("second")))
    call_command("load_shipped_bank")
    call_command("load_shipped_bank")
    assert capsys.readouterr().out.splitlines() == [
        "Question bank loaded: 2 created, 0 updated, 0 unchanged, 0 rejected.",
        "Question bank loaded: 0 created, 0 updated, 2 unchanged, 0 rejected.",
    ]
    assert Question.objects.get(slug="first").revisions.get().note == (
        "imported from fixtures/bank/ml.yaml"
    )


def test_the_documented_example_imports_and_exports_unchanged(db, tmp_path):
    ensure_reference_data()
    docs = (settings.BASE_DIR / "docs" / "bank-format.md").read_text()
    example = docs.split("```yaml\n", 1)[1].split("```\n", 1)[0]
    report = import_files(write(tmp_path, "example.yaml", example))
    assert (report.created, report.problems) == (["precision-vs-recall"], [])
    assert interchange.export_bank("yaml") == example


def test_yaml_problems_inside_lists_and_rubrics_name_their_own_line(db, tmp_path):
    ensure_reference_data()
    signals = "\n      - Defines both\n      - 42\n      - Gives an example"
    rubric = "\n      1: Wrong.\n      2: Partial.\n      3: 42\n      4: Deep."
    text = yaml_file(new_question_yaml("bias", good_signals=signals, rubric=rubric))
    report = import_files(write(tmp_path, "bank.yaml", text))
    assert [(p.where, p.field, p.message) for p in report.problems] == [
        (
            "line 16",
            "good_signals",
            "item 2 must be text, not a number (42); put quotes around it if needed",
        ),
        (
            "line 23",
            "rubric",
            "anchor for score 3 must be text, not a number (42); put quotes around it if needed",
        ),
    ]


def v2_file(*questions):
    return "format: interviewkit-bank\nversion: 2\nquestions:\n" + "".join(questions)


LISTENED = (
    "\n      - ask: How does regularization move it?"
    "\n        listen_for: More regularization raises bias and lowers variance."
    "\n      - A plain probe with nothing to listen for yet"
)


def overlaps_of(slug):
    return sorted(Question.objects.get(slug=slug).overlaps.values_list("slug", flat=True))


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
def test_version_2_probes_and_overlaps_round_trip(db, tmp_path, fmt):
    ensure_reference_data()
    text = v2_file(
        new_question_yaml("bias", probes=LISTENED, overlaps="[variance]"),
        new_question_yaml("variance", overlaps="[]"),
        new_question_yaml("unrelated"),  # overlaps may be left out
    )
    report = import_files(write(tmp_path, "bank.yaml", text))
    assert report.problems == []
    assert (overlaps_of("bias"), overlaps_of("variance"), overlaps_of("unrelated")) == (
        ["variance"],
        ["bias"],  # both ways, whichever side named it
        [],
    )
    assert Question.objects.get(slug="bias").probes == [
        {
            "ask": "How does regularization move it?",
            "listen_for": "More regularization raises bias and lowers variance.",
        },
        {"ask": "A plain probe with nothing to listen for yet", "listen_for": ""},
    ]
    first = interchange.export_bank(fmt)
    empty_bank()
    assert import_files(write(tmp_path, f"again.{fmt}", first)).problems == []
    assert interchange.export_bank(fmt) == first
    assert overlaps_of("variance") == ["bias"]
    if fmt == "csv":
        assert "Listen for: More regularization raises bias" in first


def test_overlaps_must_name_other_questions(db, tmp_path):
    ensure_reference_data()
    text = v2_file(
        new_question_yaml("bias", overlaps="[bias, nowhere]"), new_question_yaml("variance")
    )
    report = import_files(write(tmp_path, "bank.yaml", text))
    assert not report.imported and not Question.objects.exists()
    assert [(p.field, p.message) for p in report.problems] == [
        ("overlaps", "item 1 is the question itself; name the other questions"),
        ("overlaps", "item 2: no question 'nowhere' in this import or in the bank"),
    ]


def test_an_import_keeps_overlaps_with_questions_it_does_not_hold(db, tmp_path):
    ensure_reference_data()
    both = v2_file(new_question_yaml("bias", overlaps="[variance]"), new_question_yaml("variance"))
    import_files(write(tmp_path, "both.yaml", both))
    alone = import_files(write(tmp_path, "alone.yaml", v2_file(new_question_yaml("bias"))))
    assert alone.unchanged == ["bias"] and overlaps_of("bias") == ["variance"]
    neither = v2_file(new_question_yaml("bias", overlaps="[]"), new_question_yaml("variance"))
    report = import_files(write(tmp_path, "neither.yaml", neither))
    assert report.updated == {"bias": ["overlaps"], "variance": ["overlaps"]}
    assert overlaps_of("bias") == overlaps_of("variance") == []


def test_version_1_files_are_still_read(bank):
    question = Question.objects.get(slug="dedupe-events")
    assert question.probes[0] == {
        "ask": "What if the events don't fit in memory?",
        "listen_for": "",
    }
    assert interchange.export_bank("yaml").splitlines()[2] == "version: 2"


def test_a_question_said_active_stays_so_unless_loops_could_not_use_it(db, tmp_path):
    make_question("older-standard")  # active, from before probes said what to listen for
    exported = interchange.export_bank("yaml")
    empty_bank()
    report = import_files(write(tmp_path, "older.yaml", exported))
    assert report.drafts == {}
    assert Question.objects.get(slug="older-standard").status == "active"
    assert interchange.export_bank("yaml") == exported
    no_competency = yaml_file(new_question_yaml("no-competency", competency="''"))
    report = import_files(write(tmp_path, "bank.yaml", no_competency))
    assert report.drafts == {"no-competency": ["competency"]}
    assert Question.objects.get(slug="no-competency").status == "draft"


def test_a_question_keeps_its_competency_and_minutes(db, tmp_path):
    make_question("kept")
    text = "slug,prompt,competency,minutes\nkept,Explain kept.,,\n"
    report = import_files(write(tmp_path, "bank.csv", text))
    assert [(p.where, p.field) for p in report.problems] == [
        ("row 2", "competency"),
        ("row 2", "minutes"),
    ]
    assert "the question in the bank has one, which it keeps" in report.problems[0].message
    assert Question.objects.get(slug="kept").competency.slug == "ml-fundamentals"
