"""Single sign-on against an OpenID Connect provider running in the test (tests/oidc_provider.py):
the redirect flow walked with the test client and real HTTP to the provider; password login
for break-glass administrators only; lockout still guarding the password."""

import pytest
import requests
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from interviewkit.accounts.groups import HIRING_MANAGERS, INTERVIEWERS
from interviewkit.accounts.sso import discover
from tests.conftest import PASSWORD, make_user
from tests.oidc_provider import Provider
from tests.test_security import run_fresh

CLIENT_ID = "interview-kit"
CLIENT_SECRET = "provider-side-secret"
CALLBACK = "http://testserver/oidc/callback/"
IVY = {
    "sub": "00u-ivy-1",
    "email": "ivy@acme.example",
    "email_verified": True,
    "preferred_username": "ivy.smith",
    "given_name": "Ivy",
    "family_name": "Smith",
}


@pytest.fixture
def provider():
    with Provider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=CALLBACK) as idp:
        yield idp


@pytest.fixture
def sso(provider, settings, db):
    """Settings as an administrator writes them from `manage.py sso_settings ISSUER`."""
    for name, value in discover(provider.issuer).items():
        setattr(settings, name, value)
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.SSO_ENABLED = True
    settings.OIDC_PROVIDER_NAME = "Acme ID"
    settings.OIDC_MANAGER_GROUPS = ["hiring-leads"]
    settings.OIDC_INTERVIEWER_GROUPS = ["interview-panel", "engineering"]
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "interviewkit.accounts.backends.SignOnBackend",
    ]
    return provider


def sign_in(client, provider, next_page="/loops/"):
    """Start at our site, follow the redirect to the provider over HTTP, come back with the code."""
    start = client.get(f"/oidc/authenticate/?next={next_page}")
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = at_provider.headers["Location"]
    assert back.startswith(CALLBACK)
    return client.get(back.removeprefix("http://testserver"))


def test_first_sign_in_creates_the_user_in_the_group_of_the_claim(sso):
    sso.signs_in(**IVY, groups=["engineering", "everyone"])
    client = Client()

    response = sign_in(client, sso)

    assert response.status_code == 302 and response["Location"] == "/loops/"
    ivy = User.objects.get(username="ivy.smith")
    assert (ivy.email, ivy.get_full_name()) == ("ivy@acme.example", "Ivy Smith")
    assert list(ivy.groups.values_list("name", flat=True)) == [INTERVIEWERS]
    assert not ivy.has_usable_password()  # nobody can sign in as them with a password
    assert (ivy.sign_on.issuer, ivy.sign_on.subject) == (sso.issuer, "00u-ivy-1")
    assert "Welcome, Ivy" in client.get("/").content.decode()


def test_a_second_sign_in_reuses_the_user_and_follows_the_claim(sso):
    sso.signs_in(**IVY, groups=["engineering"])
    sign_in(Client(), sso)
    first = User.objects.get(username="ivy.smith")

    sso.signs_in(**{**IVY, "email": "ivy.smith@acme.example"}, groups=["hiring-leads"])
    client = Client()
    assert sign_in(client, sso).status_code == 302

    assert User.objects.filter(sign_on__isnull=False).count() == 1
    ivy = User.objects.get(pk=first.pk)
    assert ivy.email == "ivy.smith@acme.example"
    assert list(ivy.groups.values_list("name", flat=True)) == [HIRING_MANAGERS]
    assert client.get("/loops/new/").status_code == 200  # a hiring manager now


def test_a_second_person_with_the_same_username_gets_another(sso):
    make_user("ivy.smith", INTERVIEWERS)  # a password account that is someone else
    sso.signs_in(**{**IVY, "email_verified": False}, groups=["engineering"])
    sign_in(Client(), sso)
    assert User.objects.get(sign_on__subject="00u-ivy-1").username == "ivy.smith-2"


def test_a_password_user_keeps_their_account_when_the_provider_vouches_for_the_email(sso):
    maria = make_user("maria", HIRING_MANAGERS)
    maria.email = "Maria@acme.example"
    maria.save()
    sso.signs_in(sub="00u-maria", email="maria@acme.example", email_verified=True,
                 groups=["hiring-leads"])  # fmt: skip
    sign_in(Client(), sso)
    maria.refresh_from_db()
    assert maria.sign_on.subject == "00u-maria"
    assert User.objects.count() == 1


def test_someone_in_no_mapped_group_is_refused_and_told_why(sso):
    sso.signs_in(**IVY, groups=["sales"])
    client = Client()
    response = sign_in(client, sso)
    assert response["Location"] == "/login/"
    page = client.get("/login/").content.decode()
    assert "Sign-in with Acme ID failed: your account is in none of the groups" in page
    assert "hiring-leads" in page
    assert not User.objects.filter(email="ivy@acme.example").exists()
    assert "_auth_user_id" not in client.session


def test_an_id_token_for_another_client_is_refused(sso):
    sso.signs_in(**IVY, groups=["engineering"])
    sso.id_token_extra = {"aud": "some-other-app"}
    client = Client()
    assert sign_in(client, sso)["Location"] == "/login/"
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="ivy@acme.example").exists()


def test_the_login_page_offers_the_provider(sso):
    page = Client().get("/login/?next=/loops/").content.decode()
    assert "Sign in with Acme ID" in page
    assert 'href="/oidc/authenticate/?next=/loops/"' in page
    assert 'name="password"' in page  # password login stays on unless turned off


def test_single_sign_on_pages_are_absent_when_it_is_not_set_up(db):
    assert Client().get("/oidc/authenticate/").status_code == 404
    assert "Sign in with" not in Client().get("/login/").content.decode()


@pytest.fixture
def passwords_off(sso, settings):
    settings.PASSWORD_LOGIN = False
    settings.BREAK_GLASS_USERS = ["oncall"]
    return settings


def log_in(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def test_with_password_login_off_only_break_glass_administrators_use_a_password(passwords_off):
    make_user("maria", HIRING_MANAGERS)
    make_user("oncall")
    User.objects.create_superuser("root", password=PASSWORD)

    refused = log_in(Client(), "maria")
    assert refused.status_code == 200
    assert "everyone else signs in with Acme ID" in refused.content.decode()
    assert log_in(Client(), "oncall").status_code == 302
    assert log_in(Client(), "root").status_code == 302
    page = Client().get("/login/").content.decode()
    assert "Sign in with Acme ID" in page and "Administrator sign-in with a password" in page


def test_turning_password_login_off_ends_password_sessions(manager, settings):
    client = Client()
    assert log_in(client, "maria").status_code == 302
    settings.PASSWORD_LOGIN = False
    assert client.get("/")["Location"].startswith("/login/")


def test_the_lockout_still_guards_the_break_glass_password(passwords_off):
    make_user("oncall")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(passwords_off.AXES_FAILURE_LIMIT):
        log_in(client, "oncall", "wrong password")
    assert log_in(client, "oncall").status_code == 429


def test_sso_settings_prints_the_endpoints_from_discovery(provider, capsys):
    call_command("sso_settings", provider.issuer)
    out = capsys.readouterr().out
    assert f"OIDC_ISSUER={provider.issuer}\n" in out
    assert f"OIDC_OP_TOKEN_ENDPOINT={provider.issuer}/token\n" in out
    assert f"OIDC_OP_JWKS_ENDPOINT={provider.issuer}/jwks\n" in out


def test_password_login_off_without_single_sign_on_refuses_to_start(tmp_path):
    result = run_fresh(
        "import django; django.setup()",
        DJANGO_SETTINGS_MODULE="interviewkit.settings",
        ENV_FILE=str(tmp_path / "none.env"),
        VAR_DIR=str(tmp_path),
        DEBUG="1",
        PASSWORD_LOGIN="off",
    )
    assert result.returncode != 0 and "PASSWORD_LOGIN is off" in result.stderr
