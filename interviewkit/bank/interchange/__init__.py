"""The bank's open interchange format: YAML (primary), JSON, CSV and spreadsheets, imported
and exported.

See docs/bank-format.md. parse → validate → plan → apply lives in service.py; the YAML and
JSON readers and the text writers in formats.py; spreadsheets read (CSV in any encoding,
.xlsx, .ods) and their columns mapped in sheets.py, the .xlsx writer in workbook.py; the checks
in validation.py.
"""

from interviewkit.bank.interchange.records import FORMATS, SPREADSHEETS, Problem, detect_format
from interviewkit.bank.interchange.service import (
    EXPORTS,
    Report,
    Source,
    SourceError,
    bank_files,
    export_bank,
    export_bank_bytes,
    hold_upload,
    import_sources,
    parse,
    pending_source,
    read_paths,
    remap_upload,
)
from interviewkit.bank.interchange.sheets import ENCODINGS
from interviewkit.bank.interchange.workbook import template_xlsx

__all__ = [
    "ENCODINGS",
    "EXPORTS",
    "FORMATS",
    "SPREADSHEETS",
    "Problem",
    "Report",
    "Source",
    "SourceError",
    "bank_files",
    "detect_format",
    "export_bank",
    "export_bank_bytes",
    "hold_upload",
    "import_sources",
    "parse",
    "pending_source",
    "read_paths",
    "remap_upload",
    "template_xlsx",
]
