"""The bank as an Excel workbook: a "Questions" sheet with the columns of the CSV export, one
row per question, and a "Columns" sheet saying how to fill each; the import reads it back.

Cells are written as text (minutes as a number), so a prompt starting with "=" stays text:
in a workbook, unlike CSV, no apostrophe is needed to keep it from running as a formula.
"""

import io

from interviewkit.bank.interchange.records import CSV_COLUMNS
from interviewkit.bank.interchange.sheets import record_cells

HOW_TO_FILL = (
    "How to fill the Questions sheet",
    "One row per question, under the header row. Only the prompt is required: a question "
    "without everything an active question needs comes in as a draft, and the bank lists what "
    "each draft still needs.",
    "In list cells (roles, tags, overlaps, good_signals, probes, red_flags) put one item per "
    "line: Alt+Enter in Excel, Ctrl+Enter in LibreOffice and Google Sheets.",
    "Leave slug empty to have one made from the prompt. Import the file from the bank's Import "
    "page: a preview shows what would change before anything is saved.",
)
COLUMN_NOTES = {  # column: (what it holds, what it may be)
    "slug": ("The question's stable name; an import matches on it", "lowercase-with-hyphens"),
    "prompt": ("The question as the interviewer says it (Markdown)", "required"),
    "kind": ("What sort of question", "conceptual, scenario, coding, system-design, behavioural"),
    "competency": (
        "What it measures",
        "ml-fundamentals, data-processing, supervised-learning, unsupervised-learning, "
        "evaluation, deep-learning, nlp-genai, mlops-system-design, coding, behavioural "
        "(or the competency's name)",
    ),
    "difficulty": (
        "Who should answer it",
        "basic, intermediate, advanced (or Junior, Mid, Senior)",
    ),
    "minutes": ("What it takes with its follow-ups", "a whole number, 1 to 240"),
    "status": ("Whether loops use it", "draft, active, retired; empty: active if complete"),
    "roles": ("The roles it suits", "ml-engineer, data-scientist, ai-engineer, mlops-engineer"),
    "tags": ("Free tags", "lowercase-with-hyphens, one a line"),
    "overlaps": ("Slugs of questions that ask the same thing", "slugs, one a line"),
    "model_answer": ("What a strong candidate says (Markdown)", "text"),
    "good_signals": ("What good looks like", "3 to 5, one a line"),
    "probes": (
        "Follow-up questions",
        "at least 2, one a line, each followed by a line “Listen for: …”",
    ),
    "red_flags": ("What shows a misunderstanding", "at least 2, one a line"),
    **{
        f"rubric_{score}": (f"The anchor for a score of {score} ({name})", "one or two sentences")
        for score, name in ((1, "strong no"), (2, "no"), (3, "yes"), (4, "strong yes"))
    },
}
WIDTHS = {"prompt": 60, "model_answer": 80, "good_signals": 40, "probes": 50, "red_flags": 40}


def dump_xlsx(records):
    """The questions as the bytes of an .xlsx workbook."""
    from openpyxl import Workbook  # here: openpyxl loads NumPy, which no other page needs

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Questions")
    for letter, column in zip(column_letters(), CSV_COLUMNS, strict=False):
        sheet.column_dimensions[letter].width = WIDTHS.get(column, 18)
    sheet.freeze_panes = "A2"
    sheet.append([styled(sheet, column, bold=True) for column in CSV_COLUMNS])
    for record in records:
        cells = record_cells(record)
        sheet.append(
            [
                styled(sheet, cell, number=name == "minutes")
                for name, cell in zip(CSV_COLUMNS, cells, strict=True)
            ]
        )
    write_columns_sheet(book.create_sheet("Columns"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_columns_sheet(sheet):
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 70
    title, *lines = HOW_TO_FILL
    sheet.append([styled(sheet, title, bold=True)])
    for line in lines:
        sheet.append([styled(sheet, line)])
    sheet.append([])
    sheet.append([styled(sheet, text, bold=True) for text in ("Column", "What it holds", "Values")])
    for column in CSV_COLUMNS:
        what, values = COLUMN_NOTES[column]
        sheet.append([styled(sheet, text) for text in (column, what, values)])


def styled(sheet, value, *, bold=False, number=False):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    if number and value.isdigit():
        return WriteOnlyCell(sheet, value=int(value))
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # text, even when it starts with "="
    cell.alignment = Alignment(wrap_text="\n" in value, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    return cell


def column_letters():
    from openpyxl.utils import get_column_letter

    return [get_column_letter(number) for number in range(1, len(CSV_COLUMNS) + 1)]


def template_xlsx():
    """A workbook to fill in: the header, one complete example question, how to fill it."""
    return dump_xlsx([EXAMPLE])


EXAMPLE = {
    "slug": "precision-vs-recall",
    "prompt": "Explain precision and recall. When would you optimise for one over the other?",
    "kind": "conceptual",
    "competency": "evaluation",
    "difficulty": "basic",
    "minutes": 5,
    "status": "draft",
    "roles": ["ml-engineer", "data-scientist"],
    "tags": ["metrics", "classification"],
    "overlaps": [],
    "model_answer": "Precision is the share of predicted positives that are positive, "
    "TP / (TP + FP); recall is the share of real positives found, TP / (TP + FN). Optimise "
    "precision when a false positive is costly, recall when a miss is. Pick the threshold from "
    "a precision-recall curve against the business constraint.",
    "good_signals": [
        "Gives both formulas",
        "Ties the choice to the cost of each error",
        "Picks the threshold from a curve",
    ],
    "probes": [
        {
            "ask": "Your fraud model has 99% precision and 10% recall. What do you tell them?",
            "listen_for": "It catches one fraud in ten; lower the threshold, price the reviews.",
        },
        {
            "ask": "Why is a ROC curve misleading when positives are rare?",
            "listen_for": "It ignores the base rate; a small false-positive rate still swamps.",
        },
    ],
    "red_flags": ["Confuses recall with accuracy", "Says the threshold is always 0.5"],
    "rubric": {
        1: "Cannot define either metric, or swaps them.",
        2: "Defines both but cannot tie them to the cost of errors.",
        3: "Correct formulas and a sound example of each trade-off.",
        4: "A 3 that also sets the threshold from the base rate and error costs.",
    },
}
