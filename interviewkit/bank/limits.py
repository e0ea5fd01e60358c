"""How much a question may hold, and how much an import may carry.

The question form, imports and the admin all check content with content_problems, each message
naming the limit broken; the renderer checks Markdown again with markdown_problems before
formatting it, as text saved before these limits existed (or by a script) never went through
them.

Each limit leaves room many times over the largest value in the shipped bank (the "shipped"
figures below), and together they bound what the worst question they allow costs to print: an
interviewer guide holding one renders in under 4 seconds. bench/bench_limits.py measures it: the
slowest shapes, a 100-row, 12-column table and a 200-line code block, took 1.4 s on two lightly
loaded CPUs and 3.8 s on two CPUs shared with other test runs (load 7).

Markdown is measured from its lines rather than by running the Markdown parser, so measuring
stays linear on any input. The measures over-count (an indented line counts as nesting) and
never under-count.
"""

import re
from typing import NamedTuple

from markdown.extensions.fenced_code import FencedBlockPreprocessor

# Characters in each text
PROMPT_CHARS = 3_000  # shipped: 352
ANSWER_CHARS = 12_000  # shipped: 2,316
ITEM_CHARS = 500  # each signal, probe, "listen for" and red flag; shipped: 107
ANCHOR_CHARS = 600  # each rubric anchor; shipped: 121

# Items in each list of a question
LIST_ITEMS = {
    "good_signals": 10,  # shipped: 5
    "probes": 10,  # shipped: 2
    "red_flags": 10,  # shipped: 2
    "tags": 20,  # shipped: 4
    "roles": 10,  # shipped: 4
    "overlaps": 20,  # shipped: 0
}
ANCHORS = 4  # one per score

# The Markdown of a prompt or a model answer
MARKDOWN_LINES = 400  # shipped: 57
MARKDOWN_DEPTH = 4  # lists and block quotes inside each other; shipped: 1
MARKDOWN_LIST_ITEMS = 200  # shipped: 10
# Outside code, * _ ` < may each open an inline element, and the parser and the PDF renderer
# take time that grows with their square; from each [ the parser looks ahead for a link.
MARKDOWN_MARKS = 600  # shipped: 46
MARKDOWN_BRACKETS = 100  # shipped: 2
MARKS = "*_`<"
TABLE_ROWS = 100  # header and separator rows included; shipped: 10
TABLE_COLUMNS = 12  # shipped: 3
CODE_BLOCKS = 10  # shipped: 2
CODE_LINES = 200  # in one fenced code block; shipped: 34
CODE_CHARS = 8_000  # in one fenced code block; shipped: 1,144

# What the renderer makes: elements inside each other (WeasyPrint recurses out at about 130)
HTML_DEPTH = 40

# Imports
UPLOAD_BYTES = 5 * 1024 * 1024  # one uploaded file; the whole shipped bank is 400 KB
QUESTIONS_PER_FILE = 2_000  # rows of a sheet too; shipped: 17
SHEET_COLUMNS = 50  # columns of a sheet; an export has 18
WORKBOOK_UNPACKED_BYTES = 25 * 1024 * 1024  # an .xlsx or .ods is a zip; the shipped bank: 2 MB
YAML_EVENTS = 200_000  # values, lists and mappings in one YAML file; shipped: 1,012
PROBLEMS_SHOWN = 100  # an import reports how many more there are


class Excess(NamedTuple):
    """Content over a limit: its field, the list item or rubric score at fault, and why."""

    field: str
    part: int | None
    message: str


MARKDOWN_FIELDS = {
    "prompt": ("prompt", PROMPT_CHARS),
    "model_answer": ("model answer", ANSWER_CHARS),
}
LIST_NAMES = {
    "good_signals": ("signal", "signals"),
    "probes": ("probe", "probes"),
    "red_flags": ("red flag", "red flags"),
    "tags": ("tag", "tags"),
    "roles": ("role", "roles"),
    "overlaps": ("overlap", "overlaps"),
}
TEXT_LISTS = ("good_signals", "probes", "red_flags")  # tags and the rest are short names


def content_problems(content):
    """Everything in a question's content that is over a limit, each naming the limit.

    content maps fields to values as a form, an import or the admin cleaned them; a field
    left out (say, one that failed its own check) is not checked here.
    """
    found = []
    for field, (name, chars) in MARKDOWN_FIELDS.items():
        if isinstance(content.get(field), str):
            problems = markdown_problems(content[field], name=name, chars=chars)
            found += [Excess(field, None, message) for message in problems]
    for field, limit in LIST_ITEMS.items():
        if field in content:
            found += list_problems(field, as_list(content[field]), limit)
    if "rubric" in content:
        found += rubric_problems(content["rubric"])
    return found


def as_list(value):
    """The items of a list field; a single value (the admin may be given one) is one item."""
    if value is None:
        return []
    if isinstance(value, str | dict | int | float):
        return [value]
    return list(value)  # lists, and the admin's querysets of roles, tags and overlaps


def list_problems(field, items, limit):
    one, many = LIST_NAMES[field]
    if len(items) > limit:
        message = f"There are {len(items):,} {many}; the limit is {limit}: keep the best ones."
        return [Excess(field, None, message)]
    if field not in TEXT_LISTS:
        return []
    found = []
    for number, item in enumerate(items, start=1):
        for text, what in item_texts(item, f"{one} {number}"):
            if len(text) > ITEM_CHARS:
                message = (
                    f"{what[0].upper()}{what[1:]} has {len(text):,} characters; the limit is "
                    f"{ITEM_CHARS} for each {one}: shorten it."
                )
                found.append(Excess(field, number, message))
    return found


def item_texts(item, name):
    if isinstance(item, dict):  # a probe: its question, and what a good reply holds
        ask, listen_for = str(item.get("ask") or ""), str(item.get("listen_for") or "")
        return [(ask, name), (listen_for, f"what to listen for in {name}")]
    return [(str(item), name)]


def rubric_problems(rubric):
    if isinstance(rubric, dict):
        anchors = list(rubric.items())
    else:
        anchors = list(enumerate(as_list(rubric), start=1))
    if len(anchors) > ANCHORS:
        message = f"The rubric has {len(anchors):,} anchors; it holds {ANCHORS}, one per score."
        return [Excess("rubric", None, message)]
    return [
        Excess(
            "rubric",
            score,
            f"The anchor for score {score} has {len(str(anchor)):,} characters; the limit is "
            f"{ANCHOR_CHARS}: shorten it.",
        )
        for score, anchor in anchors
        if len(str(anchor)) > ANCHOR_CHARS
    ]


MARKDOWN_LIMITS = (  # (measure, limit, message)
    ("lines", MARKDOWN_LINES, "The {name} has {found:,} lines; the limit is {limit}: shorten it."),
    (
        "depth",
        MARKDOWN_DEPTH,
        "The {name} nests lists and quotes {found:,} deep; the limit is {limit}: flatten it.",
    ),
    (
        "list_items",
        MARKDOWN_LIST_ITEMS,
        "The {name} has {found:,} list items; the limit is {limit}: shorten it.",
    ),
    (
        "marks",
        MARKDOWN_MARKS,
        "The {name} has {found:,} formatting marks (* _ ` <) outside code blocks; the limit is "
        "{limit}: put code in a code block, or format less.",
    ),
    (
        "brackets",
        MARKDOWN_BRACKETS,
        "The {name} has {found:,} “[” outside code blocks; the limit is {limit}: put code in a "
        "code block.",
    ),
    (
        "code_blocks",
        CODE_BLOCKS,
        "The {name} has {found:,} code blocks; the limit is {limit}: join or drop some.",
    ),
    (
        "code_lines",
        CODE_LINES,
        "A code block in the {name} has {found:,} lines; the limit is {limit}: shorten it.",
    ),
    (
        "code_chars",
        CODE_CHARS,
        "A code block in the {name} has {found:,} characters; the limit is {limit:,}: shorten it.",
    ),
    (
        "table_rows",
        TABLE_ROWS,
        "A table in the {name} has {found:,} rows; the limit is {limit}: shorten it.",
    ),
    (
        "table_columns",
        TABLE_COLUMNS,
        "A table in the {name} has {found:,} columns; the limit is {limit}: drop some.",
    ),
)


def markdown_problems(text, *, name="text", chars=ANSWER_CHARS):
    """What in a Markdown text is over a limit, in sentences naming it and the limit."""
    if len(text) > chars:
        return [f"The {name} has {len(text):,} characters; the limit is {chars:,}: shorten it."]
    found = measure_markdown(text)
    return [
        message.format(name=name, found=found[key], limit=limit)
        for key, limit, message in MARKDOWN_LIMITS
        if found[key] > limit
    ]


# Fenced code is found by the renderer's own rule, so what it formats as code is measured as code.
FENCED_CODE = FencedBlockPreprocessor.FENCED_BLOCK_RE
FENCE_LINE = re.compile(r"^(?:`{3,}|~{3,})", re.MULTILINE)
# What opens a level: a quote mark, or a list marker followed by a space (or the line's end).
CONTAINER = re.compile(r"( *)(>|[-*+](?= |$)|\d{1,9}[.)](?= |$))")
TAB = 4  # Markdown's indent for one level


def measure_markdown(text):
    """The sizes MARKDOWN_LIMITS bound: fenced code blocks, then the rest line by line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(TAB)
    found = {"lines": text.count("\n") + 1, "code_lines": 0, "code_chars": 0}
    found["code_blocks"] = (len(FENCE_LINE.findall(text)) + 1) // 2
    prose = [text]
    # Finding a fence's end scans the rest of the text, so only a few fences are looked for.
    if found["code_blocks"] <= CODE_BLOCKS:
        prose, start = [], 0
        for match in FENCED_CODE.finditer(text):
            code = match.group("code")
            found["code_lines"] = max(found["code_lines"], code.count("\n"))
            found["code_chars"] = max(found["code_chars"], len(code))
            prose.append(text[start : match.start()])
            start = match.end()
        prose.append(text[start:])
    found.update(measure_prose("\n".join(prose).split("\n")))
    return found


def measure_prose(lines):
    """Nesting, list items, formatting marks and tables of Markdown outside fenced code."""
    measures = ("depth", "list_items", "marks", "brackets", "table_rows", "table_columns")
    found = dict.fromkeys(measures, 0)
    block = []  # the lines of one block (a table is one), up to a blank line
    for line in [*lines, ""]:
        found["marks"] += sum(map(line.count, MARKS))
        found["brackets"] += line.count("[")
        if line.strip():
            block.append(line)
            depth, items = nesting(line)
            found["depth"] = max(found["depth"], depth)
            found["list_items"] += items
            continue
        if any("|" in row for row in block):
            found["table_rows"] = max(found["table_rows"], len(block))
            found["table_columns"] = max(found["table_columns"], *map(columns, block))
        block = []
    return found


def nesting(line):
    """(levels of lists and quotes a line can open, list markers on it)."""
    depth = items = position = 0
    while match := CONTAINER.match(line, position):
        depth += len(match.group(1)) // TAB + 1
        items += match.group(2) != ">"
        position = match.end()
    rest = line[position:]
    return depth + (len(rest) - len(rest.lstrip(" "))) // TAB, items


def columns(row):
    """Cells in a table row, as Markdown splits it: an outer pipe at either end is optional."""
    return row.strip().removeprefix("|").removesuffix("|").count("|") + 1
