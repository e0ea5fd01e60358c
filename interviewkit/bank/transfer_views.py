"""Import (upload → preview → confirm) and export of the bank in its interchange format.

The uploaded bytes are kept in the session between preview and confirm, so what is imported
is exactly what was previewed; a confirm never trusts a second upload.
"""

import base64
import uuid
import zlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from interviewkit.bank import interchange
from interviewkit.bank.models import Question

CURATE = ["bank.add_question", "bank.change_question"]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PENDING_IMPORT = "bank_import"
CONTENT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Bank file",
        help_text="YAML, JSON or CSV (from a spreadsheet: UTF-8, ',' or ';'), up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is over 5 MB: split it and import each part.")
        if interchange.detect_format(upload.name) is None:
            raise forms.ValidationError("Choose a .yaml, .yml, .json or .csv file.")
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[
            ("yaml", "YAML — for review in git"),
            ("json", "JSON — for other programs"),
            ("csv", "CSV — for spreadsheets"),
        ],
        initial="yaml",
        widget=forms.RadioSelect,
    )


def pending_source(request):
    """The upload waiting for confirmation, as an interchange Source, or None."""
    pending = request.session.get(PENDING_IMPORT)
    if not pending:
        return None
    data = zlib.decompress(base64.b64decode(pending["data"]))
    return interchange.Source(pending["name"], data, interchange.detect_format(pending["name"]))


@permission_required(CURATE, raise_exception=True)
def bank_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        request.session[PENDING_IMPORT] = {
            "token": uuid.uuid4().hex,
            "name": upload.name[-100:],
            "data": base64.b64encode(zlib.compress(upload.read())).decode("ascii"),
        }
        return redirect("bank:import-preview")
    return render(request, "bank/import.html", {"form": form})


@permission_required(CURATE, raise_exception=True)
def import_preview(request):
    source = pending_source(request)
    if source is None:
        messages.info(request, "Upload a bank file to preview it.")
        return redirect("bank:import")
    report = interchange.import_sources([source], dry_run=True)
    return render_preview(request, source, report)


def render_preview(request, source, report, status=200):
    context = {
        "source": source,
        "report": report,
        "updated": list(report.updated.items()),
        "token": request.session[PENDING_IMPORT]["token"],
        "to_import": len(report.created) + len(report.updated),
    }
    return render(request, "bank/import_preview.html", context, status=status)


@require_POST
@permission_required(CURATE, raise_exception=True)
def import_confirm(request):
    source = pending_source(request)
    if source is None or request.POST.get("token") != request.session[PENDING_IMPORT]["token"]:
        messages.error(request, "That preview is out of date: upload the file again.")
        return redirect("bank:import")
    report = interchange.import_sources([source], user=request.user)
    if not report.imported:
        return render_preview(request, source, report, status=409)
    del request.session[PENDING_IMPORT]
    messages.success(request, f"Imported {source.name}: {report.summary()}.")
    return redirect("bank:list")


@permission_required(CURATE, raise_exception=True)
def bank_export(request):
    form = ExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        fmt = form.cleaned_data["format"]
        response = HttpResponse(
            interchange.export_bank(fmt).encode("utf-8"), content_type=CONTENT_TYPES[fmt]
        )
        filename = f"interviewkit-bank-{timezone.localdate():%Y-%m-%d}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {"form": form, "count": Question.objects.count()}
    return render(request, "bank/export.html", context)
