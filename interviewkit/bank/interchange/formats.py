"""Reading the bank interchange format as YAML and JSON, and writing it as YAML, JSON and CSV.

Readers turn a file into Entries (one per question, remembering the line or row each part
came from) and Problems; writers turn question records into text that diffs well and is
byte-identical when the same bank is exported twice.
"""

import bisect
import csv
import io
import json
import json.decoder
import json.scanner
import re

import yaml

from interviewkit.bank import limits
from interviewkit.bank.interchange.records import (
    CSV_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    LIST_FIELDS,
    READABLE_VERSIONS,
    Entry,
    Problem,
    score_of,
)
from interviewkit.bank.interchange.sheets import escape_formula, record_cells, too_many_rows

YAML_HEADER = f"# Interview Kit question bank (format: {FORMAT_NAME}, version {FORMAT_VERSION})\n"
TOP_LEVEL = ("format", "version", "questions")


class LocatedDict(dict):
    """A mapping that remembers its line, each key's line and any key given twice."""

    def __init__(self, *args, line=None):
        super().__init__(*args)
        self.line = line
        self.key_lines = {}
        self.duplicates = []


class LocatedList(list):
    """A sequence that remembers the line of each item."""

    def __init__(self, *args, item_lines=()):
        super().__init__(*args)
        self.item_lines = list(item_lines)


class BankLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML loading that records node start marks, for messages that name a line."""

    def construct_object(self, node, deep=False):
        # A 5,000-digit number or a date such as 2024-02-30 cannot be built: say where it is.
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError):
            what = READ_AS.get(node.tag, "a value")
            problem = f"{short(node.value)} cannot be read as {what}; quote it if it is text"
            raise Refused(problem=problem, problem_mark=node.start_mark) from None

    def construct_located_map(self, node):
        self.flatten_mapping(node)
        data = LocatedDict(line=node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                raise yaml.constructor.ConstructorError(
                    None, None, "found a key that is not text", key_node.start_mark
                )
            line = key_node.start_mark.line + 1
            if key in data:
                data.duplicates.append((key, line))
            data[key] = self.construct_object(value_node, deep=True)
            data.key_lines[key] = line
        return data

    def construct_located_list(self, node):
        items = [self.construct_object(child, deep=True) for child in node.value]
        return LocatedList(items, item_lines=[child.start_mark.line + 1 for child in node.value])


BankLoader.add_constructor("tag:yaml.org,2002:map", BankLoader.construct_located_map)
BankLoader.add_constructor("tag:yaml.org,2002:seq", BankLoader.construct_located_list)
READ_AS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
}


def short(value, most=30):
    text = value if isinstance(value, str) else "the value"
    return repr(text if len(text) <= most else text[:most] + "…")


class Refused(yaml.MarkedYAMLError):
    """Valid YAML that the bank does not read; the problem says why, the mark where."""


def check_events(text):
    """Refuse, before anything is built, what could make a small file huge or deep.

    Anchors and aliases repeat a part of the file (a 500-byte "billion laughs" file expands to
    gigabytes), so bank files have none; the events (each value, list and mapping) are counted,
    and nesting deeper than a bank file needs is refused, before the parser recurses.
    """
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=BankLoader), start=1):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(
                problem="the file has an anchor (&) or an alias (*), which bank files do not use: "
                "write each value out in full",
                problem_mark=event.start_mark,
            )
        if count > limits.YAML_EVENTS:
            raise Refused(
                problem=f"the file holds more than {limits.YAML_EVENTS:,} values, lists and "
                f"mappings, the limit for one file: split it",
                problem_mark=event.start_mark,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > YAML_DEPTH:
                raise Refused(
                    problem=f"the file nests lists and mappings {depth} deep; a bank file needs "
                    f"at most {YAML_DEPTH}",
                    problem_mark=event.start_mark,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


YAML_DEPTH = 6  # file → questions → question → probes → probe, with one to spare


def parse_yaml(name, text):
    try:
        check_events(text)
        document = yaml.load(text, Loader=BankLoader)  # noqa: S506 - BankLoader is a SafeLoader
    except Refused as error:
        where = f"line {error.problem_mark.line + 1}"
        return [], [Problem(name, where, "", error.problem)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}" if mark else "file"
        return [], [Problem(name, where, "", f"not valid YAML: {error.problem or error}")]
    except yaml.YAMLError as error:
        return [], [Problem(name, "file", "", f"not valid YAML: {error}")]
    except RecursionError:
        return [], [Problem(name, "file", "", "not a bank file: it is nested far too deeply")]
    return entries_from_document(name, document)


class LocatedJSONDecoder(json.JSONDecoder):
    """A JSON decoder that records the line each object starts on and keys given twice."""

    def __init__(self, text):
        super().__init__(object_pairs_hook=self.located_dict, parse_int=read_int)
        self.breaks = [match.start() for match in re.finditer("\n", text)]
        self.parse_object = self.parse_located_object
        self.scan_once = json.scanner.py_make_scanner(self)

    @staticmethod
    def located_dict(pairs):
        data = LocatedDict()
        for key, value in pairs:
            if key in data:
                data.duplicates.append((key, None))
            data[key] = value
        return data

    def parse_located_object(self, string_and_end, *args):
        data, end = json.decoder.JSONObject(string_and_end, *args)
        data.line = bisect.bisect_left(self.breaks, string_and_end[1]) + 1
        return data, end


def read_int(digits):
    """A JSON integer; one too long to be a number stays text, for its field's check to report."""
    return int(digits) if len(digits) <= 100 else digits


def parse_json(name, text):
    try:
        document = LocatedJSONDecoder(text).decode(text)
    except json.JSONDecodeError as error:
        return [], [Problem(name, f"line {error.lineno}", "", f"not valid JSON: {error.msg}")]
    except RecursionError:
        return [], [Problem(name, "file", "", "not a bank file: it is nested far too deeply")]
    return entries_from_document(name, document)


def entries_from_document(name, document):
    """The questions of a parsed YAML or JSON document, after checking its outer shape."""
    if not isinstance(document, dict):
        message = "the file must be a mapping with format, version and questions (see the docs)"
        return [], [Problem(name, "line 1", "", message)]
    problems = [
        Problem(name, line_of(document, key), str(key), "unknown top-level key")
        for key in document
        if key not in TOP_LEVEL
    ]
    for key, line in getattr(document, "duplicates", []):
        where = f"line {line}" if line else "file"
        problems.append(Problem(name, where, str(key), "is given twice; keep one"))
    if document.get("format") != FORMAT_NAME:
        message = f"must be '{FORMAT_NAME}'"
        problems.append(Problem(name, line_of(document, "format"), "format", message))
    if document.get("version") not in READABLE_VERSIONS:
        versions = " or ".join(map(str, READABLE_VERSIONS))
        message = f"must be {versions}: this version of Interview Kit reads those"
        problems.append(Problem(name, line_of(document, "version"), "version", message))
    questions = document.get("questions")
    if not isinstance(questions, list):
        message = "must be a list of questions (use [] for none)"
        return [], [*problems, Problem(name, line_of(document, "questions"), "questions", message)]
    if len(questions) > limits.QUESTIONS_PER_FILE:
        where = line_of(document, "questions")
        return [], [*problems, Problem(name, where, "questions", too_many_rows())]
    entries = []
    for index, item in enumerate(questions):
        if not isinstance(item, dict):
            where = item_line(questions, index)
            problems.append(Problem(name, where, "", "each question must be a mapping of fields"))
            continue
        entries.append(entry_from_mapping(name, index, item))
    return entries, problems


def line_of(mapping, key):
    line = getattr(mapping, "key_lines", {}).get(key) or getattr(mapping, "line", None)
    return f"line {line}" if line else "file"


def item_line(sequence, index):
    lines = getattr(sequence, "item_lines", [])
    return f"line {lines[index]}" if index < len(lines) else f"question {index + 1}"


def entry_from_mapping(name, index, item):
    lines = dict(getattr(item, "key_lines", {}))
    for field in LIST_FIELDS:
        for number, line in enumerate(getattr(item.get(field), "item_lines", []), start=1):
            lines[(field, number)] = line
    rubric = item.get("rubric")
    for key, line in getattr(rubric, "key_lines", {}).items():
        lines[("rubric", score_of(key))] = line
    return Entry(
        source=name,
        index=index,
        data=dict(item),
        line=getattr(item, "line", None),
        lines=lines,
        duplicates=list(getattr(item, "duplicates", [])),
    )


class FlowList(list):
    """A short list (roles, tags) written on one line: [ml-engineer, data-scientist]."""


class BankDumper(yaml.SafeDumper):
    """YAML for people: block scalars for multi-line text, nested lists indented."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def represent_text(dumper, text):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def represent_flow_list(dumper, items):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


BankDumper.add_representer(str, represent_text)
BankDumper.add_representer(FlowList, represent_flow_list)


def document(records):
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "questions": records}


def dump_yaml(records):
    flowing = [
        {**record, "roles": FlowList(record["roles"]), "tags": FlowList(record["tags"])}
        for record in records
    ]
    body = yaml.dump(
        document(flowing),
        Dumper=BankDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )
    return YAML_HEADER + body


def dump_json(records):
    jsonable = [
        {**record, "rubric": {str(score): text for score, text in record["rubric"].items()}}
        for record in records
    ]
    return json.dumps(document(jsonable), ensure_ascii=False, indent=2) + "\n"


def dump_csv(records):
    """CSV as Excel likes it: UTF-8 with a byte-order mark, CRLF between rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow([escape_formula(cell) for cell in record_cells(record)])
    return "\ufeff" + out.getvalue()
