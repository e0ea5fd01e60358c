"""Spreadsheets in the bank: .xlsx, .ods and Excel's plain CSV round-trip the shipped bank, a
recruiter's own sheet comes in as drafts, its columns can be mapped on the preview, and every
size is bounded."""

import csv
import datetime
import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from odf import teletype
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from interviewkit.bank import interchange, limits, transfer_views
from interviewkit.bank.interchange.records import CSV_COLUMNS
from interviewkit.bank.models import Question, QuestionRevision
from interviewkit.bank.services import save_question
from tests.conftest import ensure_reference_data
from tests.test_bank_interchange import empty_bank

pytestmark = pytest.mark.django_db


def import_bytes(name, data, **source):
    fmt = interchange.detect_format(name)
    return interchange.import_sources([interchange.Source(name, data, fmt, **source)])


def xlsx(rows, title="Sheet1"):
    """A workbook as a recruiter saves it: the rows on one sheet."""
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods(rows):
    """An OpenDocument spreadsheet of the rows; numbers as numbers, a (formula, value) pair as a
    formula with the value LibreOffice last calculated for it."""
    document = OpenDocumentSpreadsheet()
    table = Table(name="Questions")
    for row in rows:
        line = TableRow()
        for value in row:
            if isinstance(value, tuple):
                formula, value = value
                cell = TableCell(valuetype="float", value=value, formula=formula)
                cell.addElement(P(text=str(value)))
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                for text in value.split("\n"):
                    paragraph = P()
                    teletype.addTextToElement(paragraph, text)
                    cell.addElement(paragraph)
            line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def sheet_rows(data, sheet="Questions"):
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()


def csv_rows_of_export():
    return list(csv.reader(io.StringIO(interchange.export_bank("csv").removeprefix("\ufeff"))))


@pytest.fixture
def shipped_bank():
    """The whole shipped bank, as exported in YAML."""
    ensure_reference_data()
    call_command("load_shipped_bank", verbosity=0)
    return interchange.export_bank("yaml")


@pytest.fixture
def part_of_shipped_bank():
    """Five files of the shipped bank (metrics, code, formulas, stories), to keep tests quick."""
    ensure_reference_data()
    names = ["01-fundamentals", "02-evaluation", "10-behavioural", "11-coding", "12-statistics"]
    paths = [settings.BASE_DIR / "fixtures" / "bank" / f"{name}.yaml" for name in names]
    assert interchange.import_sources(interchange.read_paths(paths)).imported
    return interchange.export_bank("yaml")


def test_the_shipped_bank_round_trips_through_an_xlsx_export(shipped_bank):
    exported = interchange.export_bank("xlsx")
    header, *rows = sheet_rows(exported)
    assert header == list(CSV_COLUMNS) and len(rows) == Question.objects.count() > 300
    assert sheet_rows(exported, "Columns")[0][0] == "How to fill the Questions sheet"
    empty_bank()
    report = import_bytes("bank.xlsx", exported)
    assert (report.problems, report.drafts) == ([], {})
    assert interchange.export_bank("yaml") == shipped_bank


def test_the_shipped_bank_round_trips_through_ods_with_numbers_as_numbers(part_of_shipped_bank):
    header, *rows = sheet_rows(interchange.export_bank("xlsx"))  # cells as text, minutes numbers
    assert isinstance(rows[0][header.index("minutes")], float)
    empty_bank()
    report = import_bytes("bank.ods", ods([header, *rows]))
    assert report.problems == []
    assert interchange.export_bank("yaml") == part_of_shipped_bank


def test_excel_plain_csv_in_windows_1252_with_semicolons_round_trips(part_of_shipped_bank):
    kept = [row[0] for row in csv_rows_of_export()[1:] if fits_windows_1252(row)]
    question = Question.objects.get(slug=kept[0])
    question.prompt = "What’s the café owner’s precision–recall trade-off?"
    save_question(question)
    QuestionRevision.objects.exclude(question__slug__in=kept).delete()
    Question.objects.exclude(slug__in=kept).delete()
    header, *rows = csv_rows_of_export()
    assert len(rows) > 20 and any("café owner’s" in cell for row in rows for cell in row)
    before = interchange.export_bank("yaml")
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    data = out.getvalue().encode("cp1252")
    empty_bank()
    report = import_bytes("from-excel.csv", data)
    assert report.problems == []
    assert interchange.export_bank("yaml") == before


def fits_windows_1252(row):
    try:
        "".join(row).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def test_a_csv_in_another_encoding_names_the_one_to_choose_and_imports_with_it(db):
    ensure_reference_data()
    data = "Question;Answer\nЧто такое переобучение?;Модель запоминает шум.\n".encode("cp1251")
    report = import_bytes("bank.csv", data)
    [problem] = report.problems
    assert "under “Encoding” choose Windows-1251 (Cyrillic)" in problem.message
    report = import_bytes("bank.csv", data, encoding="cp1251")
    assert report.problems == [] and report.imported
    assert Question.objects.get().prompt == "Что такое переобучение?"


QUESTION_ANSWER_LEVEL = [
    ["Question", "Answer", "Level"],
    ["What is overfitting?", "The model learns the noise of its training data.", "Junior"],
    ["How would you detect data drift?", "", "Senior"],
    ["Explain the bias-variance trade-off.", "Bias against variance.", "Medium"],
]


def test_a_question_answer_level_sheet_imports_as_drafts_saying_what_each_still_needs(db):
    ensure_reference_data()
    report = import_bytes("recruiter.xlsx", xlsx(QUESTION_ANSWER_LEVEL))
    assert report.problems == [] and report.imported
    common = [
        "kind",
        "competency",
        "minutes",
        "3–5 signals of what good looks like (has 0)",
        "2 follow-up probes",
        "2 red flags",
        "roles",
        "rubric anchors 1–4",
    ]
    assert report.drafts == {
        "what-is-overfitting": common,
        "how-would-you-detect-data-drift": [*common[:3], "model answer", *common[3:]],
        "explain-the-bias-variance-trade-off": common,
    }
    drift = Question.objects.get(slug="how-would-you-detect-data-drift")
    assert (drift.status, drift.difficulty, drift.model_answer) == ("draft", "advanced", "")
    levels = dict(Question.objects.values_list("slug", "difficulty"))
    assert levels["what-is-overfitting"] == "basic"
    assert levels["explain-the-bias-variance-trade-off"] == "intermediate"
    again = import_bytes("recruiter.xlsx", xlsx(QUESTION_ANSWER_LEVEL))  # slugs made the same
    assert (again.created, len(again.unchanged)) == ([], 3)


def test_a_complete_row_without_a_status_comes_in_active_and_topics_name_competencies(db):
    ensure_reference_data()
    header = ["Question", "Topic", "Type", "Time", "Roles", "Tags", "Model answer"]
    header += ["Signals", "Follow-ups", "Red flags", "Score 1", "Score 2", "Score 3", "Score 4"]
    row = ["What does dropout do?", "Deep learning", "Conceptual", "5 min", "ML Engineer"]
    row += ["regularization, dropout", "It zeroes random units while training.", "a\nb\nc"]
    row += ["Why scale?\nListen for: the expectation\nWhen not?\nListen for: batch norm"]
    row += ["Drops at inference\nSpeeds training", "None.", "Some.", "Most.", "All of it."]
    report = import_bytes("sheet.ods", ods([header, row]))
    assert (report.problems, report.drafts) == ([], {"what-does-dropout-do": ["difficulty"]})
    question = Question.objects.get()
    assert (question.competency.slug, question.kind, question.minutes) == (
        "deep-learning",
        "conceptual",
        5,
    )
    assert sorted(question.tags.values_list("name", flat=True)) == ["dropout", "regularization"]


def test_formulas_read_as_their_values_and_numbers_and_dates_as_text(db):
    ensure_reference_data()
    rows = [["slug", "prompt", "minutes"], ["when", "Launched on", ("of:=2+3", 5)]]
    report = import_bytes("sheet.ods", ods(rows))
    assert report.problems == []
    assert Question.objects.get().minutes == 5
    book = xlsx([["Question", "Answer"], ["What happened on this day?", datetime.date(2024, 3, 1)]])
    import_bytes("dates.xlsx", book)
    assert Question.objects.get(slug="what-happened-on-this-day").model_answer == "2024-03-01"


def upload(client, data, name, **fields):
    file = SimpleUploadedFile(name, data)
    return client.post("/bank/import/", {"file": file, **fields}, follow=True)


def test_the_preview_maps_columns_and_a_changed_mapping_is_checked_again(manager_client):
    rows = [
        ["Question", "Notes", "Level"],
        ["What is a p-value?", "Chance of data this odd.", "Mid"],
    ]
    page = upload(manager_client, xlsx(rows), "mine.xlsx").content.decode()
    assert 'aria-label="Columns"' in page and "Chance of data this odd." in page
    assert '<option value="" selected>— not imported —</option>' in page  # Notes: unknown
    token = manager_client.session[transfer_views.PENDING_IMPORT]
    mapping = {"token": token, "column_0": "prompt", "column_1": "model_answer"}
    clash = manager_client.post("/bank/import/columns/", {**mapping, "column_2": "prompt"})
    assert clash.status_code == 400
    assert "“prompt” is chosen for “Question” and “Level”" in clash.content.decode()
    page = manager_client.post(
        "/bank/import/columns/", {**mapping, "column_2": "difficulty"}, follow=True
    ).content.decode()
    assert "Columns changed" in page and "model answer" not in page.split("still needs")[1][:200]
    manager_client.post("/bank/import/confirm/", {"token": token})
    question = Question.objects.get(slug="what-is-a-p-value")
    assert (question.model_answer, question.difficulty) == (
        "Chance of data this odd.",
        "intermediate",
    )
    bank = manager_client.get("/bank/").content.decode()
    assert "Drafts to complete (1)" in bank and "Still needs: kind, competency" in bank


def test_the_upload_form_offers_the_encoding_and_the_import_page_the_template(manager_client):
    page = manager_client.get("/bank/import/").content.decode()
    assert "Windows-1252" in page and "/bank/import/template/" in page
    data = "Question\nCafé au lait?\n".encode("cp1252")
    page = upload(manager_client, data, "cafe.csv", encoding="cp1252").content.decode()
    assert "cafe-au-lait" in page


def test_the_template_has_our_columns_an_example_and_how_to_fill_it(manager_client):
    response = manager_client.get("/bank/import/template/")
    assert response["Content-Type"] == transfer_views.XLSX
    header, example = sheet_rows(response.content)
    assert header == list(CSV_COLUMNS) and example[0] == "precision-vs-recall"
    notes = sheet_rows(response.content, "Columns")
    assert any("one item per line" in row[0] for row in notes)
    assert import_bytes("template.xlsx", response.content).problems == []


def test_the_export_page_offers_a_workbook(manager_client):
    ensure_reference_data()
    import_bytes("one.xlsx", xlsx(QUESTION_ANSWER_LEVEL[:2]))
    response = manager_client.get("/bank/export/?format=xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert sheet_rows(response.content)[1][1] == "What is overfitting?"


def test_a_file_over_the_upload_cap_is_refused_before_it_is_read(db):
    report = import_bytes("big.xlsx", b"PK\x03\x04" + b"\0" * limits.UPLOAD_BYTES)
    assert [p.message for p in report.problems] == [
        "the file is over 5 MB, the most one import takes: split it"
    ]


def test_a_sheet_of_too_many_rows_or_columns_is_refused_naming_the_limit(db):
    rows = [["Question"], *([f"Question {n}?"] for n in range(limits.QUESTIONS_PER_FILE + 1))]
    [problem] = import_bytes("long.xlsx", xlsx(rows)).problems
    assert problem.where == "row 2002" and "more than 2,000 questions" in problem.message
    wide = xlsx([["Question", *(f"c{n}" for n in range(limits.SHEET_COLUMNS))], ["Why?"]])
    [problem] = import_bytes("wide.xlsx", wide).problems
    assert problem.message.startswith("the sheet has 51 columns; the limit is 50")
    assert not Question.objects.exists()


def test_a_workbook_that_unpacks_to_too_much_is_refused(db):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (limits.WORKBOOK_UNPACKED_BYTES + 1))
    [problem] = import_bytes("bomb.xlsx", out.getvalue()).problems
    assert problem.message.startswith("unpacks to more than 25 MB")
    [problem] = import_bytes("old.xlsx", b"\xd0\xcf\x11\xe0 an old .xls").problems
    assert "is not an .xlsx or .ods workbook" in problem.message


def test_an_oversized_upload_on_the_page_saves_nothing(manager_client):
    ensure_reference_data()
    rows = [["Question"], *([f"Q{n}?"] for n in range(limits.QUESTIONS_PER_FILE + 1))]
    page = upload(manager_client, xlsx(rows), "long.xlsx").content.decode()
    assert "more than 2,000 questions" in page and "/bank/import/confirm/" not in page
    assert not Question.objects.exists()


def test_drafts_without_a_competency_or_minutes_read_as_null_in_the_api(manager_api):
    ensure_reference_data()
    import_bytes("one.xlsx", xlsx(QUESTION_ANSWER_LEVEL[:2]))
    response = manager_api.get("/api/v1/questions", {"status": "draft"})
    assert response.status_code == 200
    [question] = response.json()["items"]
    assert (question["slug"], question["competency"], question["minutes"]) == (
        "what-is-overfitting",
        None,
        None,
    )
