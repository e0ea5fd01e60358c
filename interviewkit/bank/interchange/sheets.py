"""Spreadsheets in: CSV as Excel saves it (in any of its encodings), .xlsx and .ods.

A sheet is read into rows of text; its header row is mapped onto the bank's columns, guessed
from the headers ("Question" is the prompt, "Level" the difficulty) or as the person chose on
the preview; each row then becomes an Entry for the same checks as any bank file. Every size is
bounded before it is read: the file, what a workbook unpacks to, its rows and its columns.
"""

import csv
import datetime
import io
import re
import zipfile
import zlib

import python_calamine

from interviewkit.bank import limits
from interviewkit.bank.interchange.records import (
    CSV_COLUMNS,
    FIELDS,
    LIST_FIELDS,
    SCORES,
    Entry,
    Problem,
)
from interviewkit.bank.models import probes_from_lines, probes_to_lines

# A leading apostrophe keeps spreadsheets from running a cell as a formula (CSV injection).
FORMULA = re.compile(r"'*[=+\-@]")
ENCODINGS = {  # what "Encoding" on the upload form offers; "" is "find out"
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252 (Excel's “CSV” in Western Europe and the Americas)",
    "cp1250": "Windows-1250 (Central and Eastern Europe)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "mac_roman": "Mac Roman (older Excel for Mac)",
    "cp932": "Shift JIS (Japanese)",
    "gbk": "GBK (Simplified Chinese)",
}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Text read in the wrong single-byte encoding shows runs of accented letters ("Ïðèâåò") or
# symbols inside words ("lu»ou"); real Western text has neither.
MOJIBAKE = re.compile(r"[À-ÿ]{3,}|[^\W\d_][^\x00-\x7f\w’‘·–—×÷°±²³µ€…][^\W\d_]")
ZIP = b"PK\x03\x04"


def decode_csv(name, data, encoding=""):
    """The text of a CSV file and no problem, or None and the problem that says what to choose.

    Without an encoding chosen: UTF-8 (with or without a byte-order mark, as "CSV UTF-8"
    saves it), UTF-16 with its mark, else Windows-1252 when it reads cleanly, as plain "CSV"
    from Excel on Windows does in most of Europe and the Americas.
    """
    if encoding:
        text = decoded(data, "utf-8-sig" if encoding == "utf-8" else encoding)
        if text is None:
            message = (
                f"does not read as {ENCODINGS.get(encoding, encoding)}: choose the encoding it "
                f"was saved in, or save it from Excel as “CSV UTF-8”"
            )
            return None, Problem(name, "file", "", message)
        return text, None
    if data.startswith(ZIP):
        message = "is a workbook, not CSV text: name it .xlsx (or .ods) and upload it again"
        return None, Problem(name, "file", "", message)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = decoded(data, "utf-16")
        if text is not None:
            return text, None
    text = decoded(data, "utf-8-sig")
    if text is None:
        text = decoded(data, "cp1252")
        if text is None or not reads_cleanly(text):
            return None, Problem(name, "file", "", encoding_message(data))
    return text, None


def decoded(data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def reads_cleanly(text):
    return not CONTROL.search(text) and not MOJIBAKE.search(text)


def encoding_message(data):
    """Which encoding to choose for a file neither UTF-8 nor Windows-1252."""
    fits = [
        label
        for encoding, label in ENCODINGS.items()
        if encoding not in ("utf-8", "cp1252") and reads_cleanly(decoded(data, encoding) or "\0")
    ]
    choose = (
        f"under “Encoding” choose {fits[0]}" + (f" (or else {fits[1]})" if len(fits) > 1 else "")
        if fits
        else "under “Encoding” choose the encoding it was saved in"
    )
    return (
        f"is neither UTF-8 nor Windows-1252 text (Excel's plain “CSV”): {choose} and upload it "
        f"again, or save it from Excel as “CSV UTF-8”"
    )


def csv_rows(name, text):
    """The numbered rows of CSV text with any text in them: ',' ';' or tab delimited."""
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    numbered, row_start = [], 1
    try:
        for number, row in enumerate(reader, start=1):
            row_start = reader.line_num + 1
            if any_text(row):
                numbered.append((number, [unescape_formula(cell) for cell in row]))
                if len(numbered) > limits.QUESTIONS_PER_FILE + 1:  # the header and one too many
                    return [], [Problem(name, f"row {number}", "", too_many_rows())]
    except csv.Error as error:
        message = f"not valid CSV: {error} (check the quotes in the row that starts here)"
        return [], [Problem(name, f"line {row_start}", "", message)]
    return numbered, []


def workbook_rows(name, data):
    """The numbered rows of the questions sheet of an .xlsx or .ods file, cells as text.

    Formulas read as the value the spreadsheet last calculated, numbers and dates as text.
    """
    if len(data) > limits.UPLOAD_BYTES:
        return [], [Problem(name, "file", "", too_large())]
    problem = unpacked_problem(name, data)
    if problem:
        return [], [problem]
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_name(questions_sheet(workbook))
    except python_calamine.PasswordError:
        return [], [Problem(name, "file", "", "is protected by a password: save it without one")]
    except python_calamine.CalamineError as error:
        return [], [Problem(name, "file", "", f"cannot be read as a workbook ({error})")]
    if sheet.width > limits.SHEET_COLUMNS:
        return [], [Problem(name, f"sheet “{sheet.name}”", "", too_many_columns(sheet.width))]
    first_row, _ = sheet.start or (0, 0)
    numbered = []
    for number, row in enumerate(sheet.iter_rows(), start=first_row + 1):
        cells = [cell_text(value) for value in row]
        if any_text(cells):
            numbered.append((number, cells))
            if len(numbered) > limits.QUESTIONS_PER_FILE + 1:
                return [], [Problem(name, f"row {number}", "", too_many_rows())]
    return numbered, []


def unpacked_problem(name, data):
    """A problem if the workbook (a zip) unpacks to more than the limit, else None.

    A few megabytes of zip can unpack to gigabytes, so the sizes the zip declares are checked,
    then its parts are unpacked in chunks: zipfile stops each at the size it declares and checks
    its CRC, which catches a zip that lies about them.
    """
    most = limits.WORKBOOK_UNPACKED_BYTES
    message = (
        f"unpacks to more than {most // (1024 * 1024)} MB, the most one workbook may hold: split it"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if sum(part.file_size for part in parts) > most or len(parts) > 1_000:
                return Problem(name, "file", "", message)
            for part in parts:  # unpacked no further than it declares, and its CRC checked
                with archive.open(part) as stream:
                    while stream.read(1024 * 1024):
                        pass
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        zlib.error,
    ):
        message = "is not an .xlsx or .ods workbook, or it is damaged: save it again as .xlsx"
        return Problem(name, "file", "", message)
    return None


def questions_sheet(workbook):
    """The sheet named "Questions" (as exports name it), else the first visible worksheet."""
    sheets = [
        sheet
        for sheet in workbook.sheets_metadata
        if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
        and sheet.visible == python_calamine.SheetVisibleEnum.Visible
    ] or workbook.sheets_metadata
    named = [sheet.name for sheet in sheets if sheet.name.strip().lower() == "questions"]
    return named[0] if named else sheets[0].name


def cell_text(value):
    """A cell as the text a person sees in it: 5 not 5.0, dates as 2024-03-01."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M" + (":%S" if value.second else ""))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M" + (":%S" if value.second else ""))
    if isinstance(value, datetime.timedelta):
        minutes, seconds = divmod(int(value.total_seconds()), 60)
        return f"{minutes // 60}:{minutes % 60:02d}" + (f":{seconds:02d}" if seconds else "")
    return "" if value is None else str(value)


def any_text(cells):
    return any(cell.strip() for cell in cells)


def too_many_rows():
    return (
        f"the file holds more than {limits.QUESTIONS_PER_FILE:,} questions, the limit for one "
        f"file: split it"
    )


def too_many_columns(count):
    return (
        f"the sheet has {count} columns; the limit is {limits.SHEET_COLUMNS}: delete the "
        f"columns you do not import"
    )


def too_large():
    return (
        f"the file is over {limits.UPLOAD_BYTES // (1024 * 1024)} MB, the most one import "
        f"takes: split it"
    )


def header_key(header):
    return re.sub(r"[^a-z0-9]+", " ", header.lower()).strip()


# What recruiters' own sheets call our columns; each of ours is also known by its own name.
HEADER_WORDS = {
    "slug": ("id", "key"),
    "prompt": ("question", "questions", "question text", "interview question", "q"),
    "kind": ("type", "question type"),
    "competency": ("topic", "category", "area", "skill", "subject"),
    "difficulty": ("level", "seniority", "difficulty level"),
    "minutes": ("time", "duration", "mins", "time min", "time minutes", "duration min"),
    "status": ("state",),
    "roles": ("role", "job", "position"),
    "tags": ("tag", "keywords", "labels"),
    "model_answer": ("answer", "answers", "expected answer", "ideal answer", "sample answer"),
    "good_signals": ("signals", "what good looks like", "look for", "what to look for"),
    "probes": ("follow ups", "follow up", "follow up questions", "followups"),
    "red_flags": ("red flag", "warning signs"),
    **{f"rubric_{score}": (f"score {score}", f"anchor {score}", str(score)) for score in SCORES},
}
COLUMN_OF_HEADER = {
    **{word: column for column, words in HEADER_WORDS.items() for word in words},
    **{header_key(column): column for column in CSV_COLUMNS},
}


def guess_columns(headers):
    """Our column for each header, or "" for a column not imported; each of ours once."""
    columns = []
    for header in headers:
        column = COLUMN_OF_HEADER.get(header_key(header), "")
        columns.append("" if column in columns else column)
    return columns


def read_sheet(source):
    """Entries, problems and the mapping of the columns of a CSV, .xlsx or .ods source."""
    if source.format == "csv":
        text, problem = decode_csv(source.name, source.data, source.encoding)
        if problem:
            return [], [problem], []
        rows, problems = csv_rows(source.name, text)
    else:
        rows, problems = workbook_rows(source.name, source.data)
    if problems:
        return [], problems, []
    return parse_sheet(source.name, rows, source.columns)


def parse_sheet(name, rows, columns=None):
    """Entries of a sheet's rows, their problems, and the mapping of its header onto ours.

    columns is what the person chose for each header; without it, or when it does not fit the
    header (another file), the mapping is guessed.
    """
    if not rows:
        return [], [], []
    (header_row, header), *records = rows
    headers = [CONTROL.sub("", cell).strip() for cell in header]  # kept: no NUL in the database
    if len(headers) > limits.SHEET_COLUMNS:
        return [], [Problem(name, f"row {header_row}", "", too_many_columns(len(headers)))], []
    if not columns or len(columns) != len(headers):
        columns = guess_columns(headers)
    first = (records[0][1] if records else []) + [""] * len(headers)
    mapping = [
        {"header": header, "column": column, "example": CONTROL.sub("", first[number]).strip()[:80]}
        for number, (header, column) in enumerate(zip(headers, columns, strict=True))
    ]
    if "prompt" not in columns:
        message = "no column holds the prompt, the question itself: choose which one does"
        return [], [Problem(name, f"row {header_row}", "", message)], mapping
    named = {
        column: header
        for header, column in zip(headers, columns, strict=True)
        if column and header_key(header) != header_key(column)
    }
    entries, problems = [], []
    for index, (number, row) in enumerate(records):
        if len(row) > len(headers) and any_text(row[len(headers) :]):
            message = f"has {len(row)} cells but the header has {len(headers)} columns"
            problems.append(Problem(name, f"row {number}", "", message))
            continue
        cells = {column: cell for column, cell in zip(columns, row, strict=False) if column}
        data = row_fields(cells)
        entries.append(Entry(source=name, index=index, data=data, row=number, headers=named))
    return entries, problems, mapping


def row_fields(cells):
    """A row's cells by column as the fields of a question: list cells split one item a line."""
    data = {field: cells[field] for field in FIELDS if field in cells}
    for field in LIST_FIELDS:
        if field in cells:
            data[field] = split_items(field, cells[field])
    if "probes" in data:  # a probe's "Listen for: …" line follows its question in the cell
        data["probes"] = probes_from_lines(data["probes"])
    if "minutes" in cells:
        data["minutes"] = minutes_of(cells["minutes"])
    rubric = {score: cells[f"rubric_{score}"] for score in SCORES if f"rubric_{score}" in cells}
    if rubric:
        data["rubric"] = rubric
    return data


def split_items(field, cell):
    """One item a line; names (roles, tags, overlaps) may also be separated by commas."""
    lines = cell.splitlines()
    if field in ("roles", "tags", "overlaps"):
        lines = [name for line in lines for name in line.split(",")]
    return [line.strip() for line in lines if line.strip()]


MINUTES = re.compile(r"(\d{1,4})\s*(?:m|min|mins|minutes)?\.?", re.IGNORECASE)


def minutes_of(cell):
    """5, from "5", "5 min" or "5 minutes"; anything else stays text, for its check to report."""
    match = MINUTES.fullmatch(cell.strip())
    return int(match.group(1)) if match else cell


def record_cells(record):
    """A question record as the cells of a sheet's row: list items one a line."""
    cells = {**record, **{f"rubric_{n}": text for n, text in record["rubric"].items()}}
    for field in LIST_FIELDS:
        items = probes_to_lines(record[field]) if field == "probes" else record[field]
        cells[field] = "\n".join(items)
    return ["" if cells[column] is None else str(cells[column]) for column in CSV_COLUMNS]


def unescape_formula(value):
    return value[1:] if FORMULA.match(value) and value.startswith("'") else value


def escape_formula(value):
    return "'" + value if FORMULA.match(value) else value
