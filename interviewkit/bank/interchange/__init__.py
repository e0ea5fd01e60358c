"""The bank's open interchange format: YAML (primary), JSON and CSV, imported and exported.

See docs/bank-format.md. parse → validate → plan → apply lives in service.py; the readers and
writers of each format in formats.py; the checks in validation.py.
"""

from interviewkit.bank.interchange.records import FORMATS, Problem, detect_format
from interviewkit.bank.interchange.service import (
    Report,
    Source,
    SourceError,
    bank_files,
    export_bank,
    hold_upload,
    import_sources,
    parse,
    pending_source,
    read_paths,
)

__all__ = [
    "FORMATS",
    "Problem",
    "Report",
    "Source",
    "SourceError",
    "bank_files",
    "detect_format",
    "export_bank",
    "hold_upload",
    "import_sources",
    "parse",
    "pending_source",
    "read_paths",
]
