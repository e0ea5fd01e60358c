"""Import (upload → preview → confirm) and export of the bank in its interchange format.

An upload is checked once and kept server-side with its preview (a PendingImport) until it is
confirmed; the session holds only its token. So what is imported is exactly what was
previewed, a confirm never trusts a second upload, and a preview page never parses again.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from interviewkit.bank import interchange
from interviewkit.bank.limits import UPLOAD_BYTES
from interviewkit.bank.models import PendingImport, Question
from interviewkit.bank.uploads import upload_too_large

CURATE = ["bank.add_question", "bank.change_question"]
PENDING_IMPORT = "bank_import"
MEGABYTES = UPLOAD_BYTES // (1024 * 1024)
CONTENT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Bank file",
        help_text=f"YAML, JSON or CSV (from a spreadsheet: UTF-8, ',' or ';'), up to "
        f"{MEGABYTES} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json,.csv"}),
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
        owner=request.user, name=upload.name[-100:], data=upload.read()
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


def render_preview(request, pending, report, status=200):
    context = {
        "source": pending,
        "report": report,
        "updated": list(report.updated.items()),
        "token": pending.token,
        "to_import": len(report.created) + len(report.updated),
    }
    return render(request, "bank/import_preview.html", context, status=status)


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
        response = HttpResponse(
            interchange.export_bank(fmt).encode("utf-8"), content_type=CONTENT_TYPES[fmt]
        )
        filename = f"interviewkit-bank-{timezone.localdate():%Y-%m-%d}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {"form": form, "count": Question.objects.count()}
    return render(request, "bank/export.html", context)
