"""Import and export of the whole bank: all-or-nothing imports matched by slug, stable exports."""

from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from interviewkit.bank import limits
from interviewkit.bank.interchange import formats, sheets, workbook
from interviewkit.bank.interchange.records import (
    EXTENSIONS,
    FIELDS,
    SCORES,
    SPREADSHEETS,
    Problem,
    detect_format,
    question_record,
)
from interviewkit.bank.interchange.validation import load_reference, validate
from interviewkit.bank.models import BankImport, PendingImport, Question
from interviewkit.bank.services import save_question
from interviewkit.bank.standard import still_needs

PARSERS = {"yaml": formats.parse_yaml, "json": formats.parse_json}
WRITERS = {
    "yaml": formats.dump_yaml,
    "json": formats.dump_json,
    "csv": formats.dump_csv,
    "xlsx": workbook.dump_xlsx,
}
EXPORTS = tuple(WRITERS)
COPIED_FIELDS = ("prompt", "kind", "difficulty", "minutes", "status", "model_answer")
COPIED_FIELDS += ("good_signals", "probes", "red_flags")
UNORDERED_FIELDS = ("roles", "tags", "overlaps")


class SourceError(Exception):
    """A path that cannot be imported at all: missing, or of a format we cannot tell."""


@dataclass
class Source:
    """The raw bytes of one bank file and the format to read them as.

    A spreadsheet may also say which of our columns each of its columns holds (else they are
    guessed from its header) and, for CSV, its text encoding (else it is found out).
    """

    name: str
    data: bytes
    format: str
    columns: list | None = None
    encoding: str = ""


@dataclass
class Report:
    """What an import did, or would do: slugs by outcome, and the problems found.

    A file can hold millions of problems, so the report keeps the first PROBLEMS_SHOWN and
    counts the others.
    """

    created: list = field(default_factory=list)
    updated: dict = field(default_factory=dict)
    unchanged: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    more_problems: int = 0
    imported: bool = False
    drafts: dict = field(default_factory=dict)  # {slug: what it still needs to be active}
    columns: list = field(default_factory=list)  # a sheet's headers and the column each holds

    def add_problems(self, problems):
        room = max(limits.PROBLEMS_SHOWN - len(self.problems), 0)
        self.problems += problems[:room]
        self.more_problems += max(len(problems) - room, 0)

    @property
    def problem_count(self):
        return len(self.problems) + self.more_problems

    def summary(self):
        counts = (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.rejected)} rejected"
        )
        if self.drafts:
            counts += f", {len(self.drafts)} draft{'s' if len(self.drafts) > 1 else ''} to complete"
        if self.problems:
            counts += f", {self.problem_count:,} problem{'s' if self.problem_count > 1 else ''}"
        return counts

    def as_data(self):
        return asdict(self)

    @classmethod
    def from_data(cls, data):
        return cls(**{**data, "problems": [Problem(**problem) for problem in data["problems"]]})


def bank_files(directory):
    """The bank files in a directory, in name order; hidden files are skipped."""
    return sorted(
        path
        for path in Path(directory).iterdir()
        if path.is_file() and not path.name.startswith(".") and detect_format(path.name)
    )


def read_paths(paths, fmt=None, encoding=""):
    """Sources for files and directories; fmt overrides the extension of named files, encoding
    is that of CSV files (else found out)."""
    sources = []
    for path in map(Path, paths):
        if path.is_dir():
            files = bank_files(path)
            if not files:
                raise SourceError(f"{path} holds no {', '.join(EXTENSIONS)} files")
            sources += [
                Source(str(file), file.read_bytes(), detect_format(file.name), encoding=encoding)
                for file in files
            ]
        elif path.is_file():
            file_format = fmt or detect_format(path.name)
            if file_format is None:
                raise SourceError(
                    f"cannot tell the format of {path}: name it {', '.join(EXTENSIONS)}, "
                    "or give --format"
                )
            sources.append(Source(str(path), path.read_bytes(), file_format, encoding=encoding))
        else:
            raise SourceError(f"no such file or directory: {path}")
    return sources


def parse(source):
    """Entries and problems of one source."""
    entries, problems, _ = read_source(source)
    return entries, problems


def read_source(source):
    """Entries and problems of one source, and how a spreadsheet's columns were mapped.

    YAML and JSON must be UTF-8, with or without a BOM.
    """
    if source.format in SPREADSHEETS:
        return sheets.read_sheet(source)
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source.data.count(b"\n", 0, error.start) + 1
        message = "is not UTF-8 text: save it as UTF-8"
        return [], [Problem(source.name, f"line {line}", "", message)], []
    return *PARSERS[source.format](source.name, text), []


def import_sources(sources, *, user=None, dry_run=False):
    """Check every question in every source, then import them all in one transaction or none."""
    entries, problems, columns = [], [], []
    for source in sources:
        found, trouble, mapping = read_source(source)
        entries += found
        problems += trouble
        columns = mapping or columns
    reference = load_reference()
    accepted, invalid, rejected = validate(entries, reference)
    report = Report(rejected=rejected, columns=columns)
    report.add_problems(problems + invalid)
    try:
        with transaction.atomic():
            existing = plan(accepted, report)
            if not report.problems and not dry_run:
                apply(accepted, existing, report, reference=reference, user=user)
                report.imported = True
                if report.created or report.updated:  # a record of what changed, and by whom
                    BankImport.objects.create(
                        by=user,
                        sources=", ".join(source.name for source in sources)[:500],
                        summary=report.summary()[:300],
                        created=report.created,
                        updated=report.updated,
                    )
    except IntegrityError:
        report.imported = False
        message = "the bank changed while importing; nothing was imported, please try again"
        report.add_problems([Problem("", "", "", message)])
    return report


PENDING_FOR = timedelta(days=1)


def hold_upload(*, owner, name, data, encoding=""):
    """Check an uploaded file once and keep it, with its preview, until its owner confirms.

    Each person has one upload waiting at a time; uploads older than a day are dropped.
    """
    stale = Q(owner=owner) | Q(created_at__lt=timezone.now() - PENDING_FOR)
    PendingImport.objects.filter(stale).delete()
    pending = PendingImport(owner=owner, name=name, data=data, encoding=encoding)
    pending.preview = import_sources([pending_source(pending)], dry_run=True).as_data()
    pending.save()
    return pending


def remap_upload(pending, columns):
    """Read a held spreadsheet again with the columns its owner chose, and preview that."""
    pending.columns = columns
    pending.preview = import_sources([pending_source(pending)], dry_run=True).as_data()
    pending.save(update_fields=["columns", "preview"])


def pending_source(pending):
    return Source(
        pending.name,
        bytes(pending.data),
        detect_format(pending.name),
        columns=pending.columns,
        encoding=pending.encoding,
    )


def effective_overlaps(accepted, existing):
    """{slug: overlaps after the import} for every question in it.

    Overlaps go both ways: a question overlaps what it names, what names it in the same
    import, and the questions outside the import it already overlapped.
    """
    in_file = {clean["slug"] for _, clean in accepted}
    overlaps = {slug: set() for slug in in_file}
    for _, clean in accepted:
        for other in clean["overlaps"]:
            overlaps[clean["slug"]].add(other)
            if other in overlaps:
                overlaps[other].add(clean["slug"])
    for slug, question in existing.items():
        overlaps[slug] |= {q.slug for q in question.overlaps.all() if q.slug not in in_file}
    return {slug: sorted(others) for slug, others in overlaps.items()}


def plan(accepted, report):
    """Sort accepted questions into created, updated and unchanged; return those that exist."""
    slugs = [clean["slug"] for _, clean in accepted]
    existing = {
        question.slug: question
        for question in Question.objects.filter(slug__in=slugs)
        .select_related("competency")
        .prefetch_related("roles", "tags", "overlaps")
    }
    overlaps = effective_overlaps(accepted, existing)
    for _, clean in accepted:
        clean["overlaps"] = overlaps[clean["slug"]]
    report.add_problems(kept_problems(accepted, existing))
    for _, clean in accepted:
        if clean["status"] == Question.Status.DRAFT and (needs := still_needs(clean)):
            report.drafts[clean["slug"]] = [need.short for need in needs]
        question = existing.get(clean["slug"])
        if question is None:
            report.created.append(clean["slug"])
            continue
        changes = changed_fields(question_record(question), clean)
        if changes:
            report.updated[clean["slug"]] = changes
        else:
            report.unchanged.append(clean["slug"])
    return existing


def kept_problems(accepted, existing):
    """A question keeps its competency and minutes once it has them: kits and scores use them."""
    problems = []
    for entry, clean in accepted:
        question = existing.get(clean["slug"])
        for name in ("competency", "minutes"):
            if question and getattr(question, name) is not None and clean[name] is None:
                message = (
                    "is empty, but the question in the bank has one, which it keeps: fill it in"
                )
                where, label = entry.where(name), entry.label(name)
                problems.append(Problem(entry.source, where, label, message, clean["slug"]))
    return problems


def changed_fields(old, new):
    def comparable(name, record):
        return sorted(record[name]) if name in UNORDERED_FIELDS else record[name]

    return [name for name in FIELDS if comparable(name, old) != comparable(name, new)]


def apply(accepted, existing, report, *, reference, user):
    """Create or update each question that differs, through save_question for its revision."""
    for entry, clean in accepted:
        slug = clean["slug"]
        if slug not in report.updated and slug not in report.created:
            continue
        question = existing.get(slug) or Question(slug=slug)
        for name in COPIED_FIELDS:
            setattr(question, name, clean[name])
        question.competency = reference.competencies.get(clean["competency"])
        question.rubric = [clean["rubric"][score] for score in SCORES]
        save_question(
            question,
            roles=[reference.roles[role] for role in clean["roles"]],
            tags=clean["tags"],
            user=user,
            note=f"imported from {entry.source}"[:200],
        )
    link_overlaps(accepted, report)


def link_overlaps(accepted, report):
    """Set each changed question's overlaps, once every question of the import exists."""
    changed = [
        clean for _, clean in accepted if "overlaps" in report.updated.get(clean["slug"], [])
    ]
    changed += [clean for _, clean in accepted if clean["slug"] in report.created]
    slugs = {other for clean in changed for other in clean["overlaps"]}
    slugs |= {clean["slug"] for clean in changed}
    by_slug = Question.objects.in_bulk(slugs, field_name="slug")
    for clean in changed:
        by_slug[clean["slug"]].overlaps.set([by_slug[other] for other in clean["overlaps"]])


def export_bank(fmt="yaml"):
    """The whole bank in the given format, questions in slug order: text, or bytes for xlsx."""
    questions = Question.objects.select_related("competency").prefetch_related(
        "roles", "tags", "overlaps"
    )
    records = sorted((question_record(question) for question in questions), key=slug_of)
    return WRITERS[fmt](records)


def export_bank_bytes(fmt="yaml"):
    """export_bank's file as bytes, for writing: text in UTF-8."""
    exported = export_bank(fmt)
    return exported if isinstance(exported, bytes) else exported.encode("utf-8")


def slug_of(record):
    return record["slug"]
