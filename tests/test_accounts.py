import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from interviewkit.accounts.groups import HIRING_MANAGERS, INTERVIEWERS


@pytest.mark.django_db
def test_groups_exist_after_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {HIRING_MANAGERS, INTERVIEWERS}


@pytest.mark.django_db
def test_pages_require_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/")


@pytest.mark.django_db
def test_login_page_is_public(client):
    assert client.get("/login/").status_code == 200


def logs_in(client, username, password):
    """Through the login page, as a person does (and as the lockout counts)."""
    response = client.post("/login/", {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_demo_user_is_created_once_with_a_working_password(client, capsys):
    call_command("ensure_demo_user")
    first = capsys.readouterr().out
    password = first.split("'demo' with password: ")[1].split()[0]
    assert logs_in(client, "demo", password)
    assert "changepassword demo" in first
    assert User.objects.get(username="demo").groups.filter(name=HIRING_MANAGERS).exists()

    call_command("ensure_demo_user")
    second = capsys.readouterr().out
    assert "already exists" in second and "changepassword demo" in second
    assert logs_in(Client(), "demo", password)  # not reset by the second run


def test_logged_in_user_sees_home(manager_client):
    response = manager_client.get("/")
    assert response.status_code == 200
    assert b"Welcome, Maria" in response.content


def test_unknown_page_is_a_friendly_404(manager_client):
    response = manager_client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
