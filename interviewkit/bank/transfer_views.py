"""Import (upload → preview → confirm) and export of the bank in its interchange format.

An upload is checked once and kept server-side with its preview (a PendingImport) until it is
confirmed; the session holds only its token. So what is imported is exactly what was
previewed, a confirm never trusts a second upload, and a preview page never parses again.
A spreadsheet's columns can be mapped again on the preview: the held file is checked again
with the new mapping, which the confirm then uses.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from interviewkit.bank import interchange
from interviewkit.bank.interchange import records
from interviewkit.bank.interchange.records import CSV_COLUMNS
from interviewkit.bank.limits import UPLOAD_BYTES
from interviewkit.bank.models import PendingImport, Question
from interviewkit.bank.uploads import upload_too_large

CURATE = ["bank.add_question", "bank.change_question"]
PENDING_IMPORT = "bank_import"
MEGABYTES = UPLOAD_BYTES // (1024 * 1024)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX,
}
EXTENSIONS = ",".join(records.EXTENSIONS)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Bank file or spreadsheet",
        help_text=f"YAML, JSON, CSV, Excel (.xlsx) or OpenDocument (.ods), up to {MEGABYTES} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": EXTENSIONS}),
    )
    encoding = forms.ChoiceField(
        label="Encoding (CSV only)",
        required=False,
        choices=[("", "Find out: UTF-8, else Windows-1252"), *interchange.ENCODINGS.items()],
        help_text="Leave it to be found out unless the preview asks you to choose: Excel's "
        "plain “CSV” is saved in your Windows language's encoding.",
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        if too_large:  # the upload handler stopped reading the file, so it is missing: say why
            self.fields["file"].error_messages["required"] = (
                f"The file is over {MEGABYTES} MB, the most one import takes: split it and "
                f"import each part."
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if interchange.detect_format(upload.name) is None:
            raise forms.ValidationError(
                "Choose a .yaml, .yml, .json, .csv, .xlsx or .ods file (an old Excel .xls: "
                "save it as .xlsx first)."
            )
        return upload


COLUMN_NAMES = {"prompt": "prompt — the question", "model_answer": "model answer"}


class ColumnsForm(forms.Form):
    """Which of our columns each column of a spreadsheet holds, one select per column."""

    def __init__(self, columns, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— not imported —")]
        choices += [(column, COLUMN_NAMES.get(column, column)) for column in CSV_COLUMNS]
        for number, column in enumerate(columns):
            self.fields[f"column_{number}"] = forms.ChoiceField(
                label=column["header"] or f"column {number + 1}",
                choices=choices,
                required=False,
                initial=column["column"],
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def clean(self):
        chosen = {name: self.cleaned_data.get(name, "") for name in self.fields}
        for column in set(chosen.values()) - {""}:
            headers = [f"“{self.fields[n].label}”" for n, c in chosen.items() if c == column]
            if len(headers) > 1:
                raise forms.ValidationError(
                    f"“{column}” is chosen for {' and '.join(headers)}: choose it for one column."
                )
        self.cleaned_data["columns"] = list(chosen.values())
        return self.cleaned_data


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[
            ("yaml", "YAML — for review in git"),
            ("json", "JSON — for other programs"),
            ("xlsx", "Excel workbook (.xlsx) — for spreadsheets, with a sheet on the columns"),
            ("csv", "CSV — for spreadsheets"),
        ],
        initial="yaml",
        widget=forms.RadioSelect,
    )


def pending_import(request):
    """The upload waiting for this person's confirmation, or None."""
    token = request.session.get(PENDING_IMPORT)
    if not isinstance(token, str):  # none, or a session from before uploads were kept aside
        return None
    return PendingImport.objects.filter(token=token, owner=request.user).first()


@permission_required(CURATE, raise_exception=True)
def bank_import(request):
    if request.method != "POST":
        return render(request, "bank/import.html", {"form": ImportForm()})
    # Bound even when the file, stopped for its size, was all the request held.
    form = ImportForm(request.POST, request.FILES, too_large=upload_too_large(request))
    if not form.is_valid():
        return render(request, "bank/import.html", {"form": form})
    upload = form.cleaned_data["file"]
    pending = interchange.hold_upload(
        owner=request.user,
        name=upload.name[-100:],
        data=upload.read(),
        encoding=form.cleaned_data["encoding"],
    )
    request.session[PENDING_IMPORT] = str(pending.token)
    return redirect("bank:import-preview")


@permission_required(CURATE, raise_exception=True)
def import_preview(request):
    pending = pending_import(request)
    if pending is None:
        messages.info(request, "Upload a bank file to preview it.")
        return redirect("bank:import")
    return render_preview(request, pending, interchange.Report.from_data(pending.preview))


def render_preview(request, pending, report, status=200, columns_form=None):
    columns_form = columns_form or ColumnsForm(report.columns)
    context = {
        "source": pending,
        "report": report,
        "updated": list(report.updated.items()),
        "drafts": list(report.drafts.items()),
        "token": pending.token,
        "to_import": len(report.created) + len(report.updated),
        "columns_form": columns_form,
        "column_rows": list(zip(columns_form, report.columns, strict=True)),
    }
    return render(request, "bank/import_preview.html", context, status=status)


@require_POST
@permission_required(CURATE, raise_exception=True)
def import_columns(request):
    """Check the held spreadsheet again with the columns chosen on its preview."""
    pending = pending_import(request)
    if pending is None or request.POST.get("token") != str(pending.token):
        messages.error(request, "That preview is out of date: upload the file again.")
        return redirect("bank:import")
    report = interchange.Report.from_data(pending.preview)
    form = ColumnsForm(report.columns, request.POST)
    if not form.is_valid():
        return render_preview(request, pending, report, status=400, columns_form=form)
    interchange.remap_upload(pending, form.cleaned_data["columns"])
    messages.info(request, "Columns changed: the preview below is checked again with them.")
    return redirect("bank:import-preview")


@require_POST
@permission_required(CURATE, raise_exception=True)
def import_confirm(request):
    pending = pending_import(request)
    if pending is None or request.POST.get("token") != str(pending.token):
        messages.error(request, "That preview is out of date: upload the file again.")
        return redirect("bank:import")
    report = interchange.import_sources([interchange.pending_source(pending)], user=request.user)
    if not report.imported:
        pending.preview = report.as_data()  # what the preview page shows from now on
        pending.save(update_fields=["preview"])
        return render_preview(request, pending, report, status=409)
    pending.delete()
    del request.session[PENDING_IMPORT]
    messages.success(request, f"Imported {pending.name}: {report.summary()}.")
    return redirect("bank:list")


@permission_required(CURATE, raise_exception=True)
def bank_export(request):
    form = ExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        fmt = form.cleaned_data["format"]
        data = interchange.export_bank_bytes(fmt)
        filename = f"interviewkit-bank-{timezone.localdate():%Y-%m-%d}.{fmt}"
        return attachment(data, content_type=CONTENT_TYPES[fmt], filename=filename)
    context = {"form": form, "count": Question.objects.count()}
    return render(request, "bank/export.html", context)


@permission_required(CURATE, raise_exception=True)
def import_template(request):
    """A spreadsheet to fill in: the columns, one example question, and how to fill it."""
    data = interchange.template_xlsx()
    return attachment(data, content_type=XLSX, filename="interviewkit-questions-template.xlsx")


def attachment(data, *, content_type, filename):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
