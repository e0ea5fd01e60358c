"""Import (upload → preview → confirm) and export pages of the question bank."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from interviewkit.bank import interchange, transfer_views
from interviewkit.bank.models import Question
from tests.conftest import make_question
from tests.test_bank_interchange import csv_file, csv_row, new_question_yaml, yaml_file

GOOD_YAML = yaml_file(new_question_yaml("bias-variance"), new_question_yaml("overfitting"))


def upload(client, text, name="bank.yaml"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post("/bank/import/", {"file": SimpleUploadedFile(name, data)}, follow=True)


def confirm(client, **extra):
    token = client.session[transfer_views.PENDING_IMPORT]
    return client.post("/bank/import/confirm/", {"token": token, **extra}, follow=True)


@pytest.mark.parametrize(
    "url", ["/bank/import/", "/bank/import/preview/", "/bank/export/", "/bank/export/?format=csv"]
)
def test_interviewers_cannot_import_or_export(interviewer_client, url):
    assert interviewer_client.get(url).status_code == 403


def test_interviewers_are_not_shown_links_they_cannot_follow(interviewer_client, manager_client):
    assert "/bank/export/" not in interviewer_client.get("/bank/").content.decode()
    assert "/bank/export/" in manager_client.get("/bank/").content.decode()


def test_interviewers_cannot_confirm_an_import(interviewer_client):
    assert interviewer_client.post("/bank/import/confirm/", {"token": "x"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/bank/import/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_upload_previews_without_saving_then_confirm_imports(manager_client, manager):
    make_question("overfitting", minutes=8)
    response = upload(manager_client, GOOD_YAML)

    assert response.redirect_chain == [("/bank/import/preview/", 302)]
    page = response.content.decode()
    assert "<code>bias-variance</code>" in page
    assert '<code>overfitting</code> <span class="text-muted small">changes prompt, minutes' in page
    assert "Import 2 questions" in page
    assert not Question.objects.filter(slug="bias-variance").exists()

    response = confirm(manager_client)
    assert response.redirect_chain[-1] == ("/bank/", 302)
    assert "Imported bank.yaml: 1 created, 1 updated, 0 unchanged, 0 rejected." in (
        response.content.decode()
    )
    created = Question.objects.get(slug="bias-variance")
    revision = created.revisions.get()
    assert (revision.created_by, revision.note) == (manager, "imported from bank.yaml")
    assert Question.objects.get(slug="overfitting").minutes == 5
    assert transfer_views.PENDING_IMPORT not in manager_client.session


def test_preview_lists_every_problem_and_offers_no_import(manager_client):
    text = yaml_file(
        new_question_yaml("bias-variance", competency="astrology"),
        new_question_yaml("overfitting", rubric="{1: a, 2: b, 3: c, 4: d, 9: e}"),
    )
    page = upload(manager_client, text).content.decode()

    assert "2 problems: nothing will be imported." in page
    assert '<td class="text-nowrap">line 7</td>' in page
    assert "unknown competency &#x27;astrology&#x27;" in page
    assert '<td class="text-nowrap">line 31</td>' in page
    assert "has a score &#x27;9&#x27;; the scores are 1, 2, 3 and 4" in page
    assert "/bank/import/confirm/" not in page
    assert "Upload another file" in page

    response = confirm(manager_client)
    assert response.status_code == 409
    assert not Question.objects.exists()


def test_confirm_imports_what_was_previewed_not_a_new_upload(manager_client):
    upload(manager_client, GOOD_YAML)
    other = SimpleUploadedFile("other.yaml", yaml_file(new_question_yaml("sneaky")).encode())
    confirm(manager_client, file=other)
    assert sorted(Question.objects.values_list("slug", flat=True)) == [
        "bias-variance",
        "overfitting",
    ]


def test_confirm_from_a_stale_preview_imports_nothing(manager_client):
    upload(manager_client, GOOD_YAML)
    response = manager_client.post("/bank/import/confirm/", {"token": "stale"}, follow=True)
    assert "That preview is out of date: upload the file again." in response.content.decode()
    assert not Question.objects.exists()


def test_preview_without_an_upload_goes_back_to_the_form(manager_client):
    response = manager_client.get("/bank/import/preview/", follow=True)
    assert response.redirect_chain == [("/bank/import/", 302)]
    assert "Upload a bank file to preview it." in response.content.decode()


def test_a_spreadsheet_csv_previews_by_row(manager_client):
    text = csv_file(csv_row("k-fold"), csv_row("leaky", kind="quiz"), delimiter=";")
    page = upload(manager_client, ("\ufeff" + text).encode("utf-8"), "bank.csv").content.decode()
    assert '<td class="text-nowrap">row 3</td>' in page
    assert "&#x27;quiz&#x27; is not one of" in page


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("bank.txt", 10, "Choose a .yaml, .yml, .json, .csv, .xlsx or .ods file"),
        ("bank.yaml", 5 * 1024 * 1024 + 1, "The file is over 5 MB"),
    ],
)
def test_upload_form_refuses_other_files(manager_client, name, size, message):
    response = upload(manager_client, b"#" * size, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert transfer_views.PENDING_IMPORT not in manager_client.session


def test_everything_unchanged_says_so(manager_client):
    upload(manager_client, GOOD_YAML)
    confirm(manager_client)
    page = upload(manager_client, GOOD_YAML).content.decode()
    assert "there is nothing to import" in page
    assert "Unchanged (2)" in page


def test_export_page_offers_the_three_formats(manager_client):
    make_question("overfitting")
    page = manager_client.get("/bank/export/").content.decode()
    assert "Download all 1 question in the bank" in page
    for label in (
        "YAML — for review in git",
        "JSON — for other programs",
        "CSV — for spreadsheets",
    ):
        assert label in page


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("yaml", "application/yaml; charset=utf-8"),
        ("json", "application/json; charset=utf-8"),
        ("csv", "text/csv; charset=utf-8"),
    ],
)
def test_export_downloads_a_dated_file(manager_client, fmt, content_type):
    for number in range(3):
        make_question(f"question-{number}")
    response = manager_client.get(f"/bank/export/?format={fmt}")
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="interviewkit-bank-{today}.{fmt}"'
    )
    assert response.content == interchange.export_bank(fmt).encode("utf-8")
    assert b"question-2" in response.content


def test_export_rejects_an_unknown_format(manager_client):
    response = manager_client.get("/bank/export/?format=xml")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
