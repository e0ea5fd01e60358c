"""Settings read from the environment (see environment.py); safe defaults run with nothing
installed."""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from interviewkit import environment

BASE_DIR = environment.BASE_DIR
environment.load()
VAR_DIR = environment.var_dir()


def env_bool(name, default=False):
    return os.getenv(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production set the SECRET_KEY environment variable to a "
            "long random value, the same on every server (generate one with: python -c "
            "'import secrets; print(secrets.token_urlsafe(50))'). For development, `make run` "
            "writes one to .env, or set DEBUG=1."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "interviewkit.accounts",
    "interviewkit.bank",
    "interviewkit.loops",
    "interviewkit.packets",
    "interviewkit.scorecards",
    "interviewkit.notifications",
    "interviewkit.analytics",
    "interviewkit.audit",
    "interviewkit.api",
    "interviewkit.webhooks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its Swagger UI from its own static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "interviewkit.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "interviewkit.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "interviewkit.urls"
WSGI_APPLICATION = "interviewkit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in var/ unless DATABASE_URL names another database (postgres://… in production).
DATABASES = {
    "default": dj_database_url.parse(
        environment.database_url(),
        conn_max_age=int(os.getenv("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Take the write lock when a transaction begins and wait for it, so that two requests writing
    # at once (an autosave racing a submit) queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:
    # A database host that does not answer fails a request in seconds, not at the OS's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", environment.database_connect_timeout()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username and address first
    "interviewkit.accounts.backends.PasswordBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on with OpenID Connect (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID is set.
# `manage.py sso_settings ISSUER` prints the endpoints from the provider's discovery document.
OIDC_RP_CLIENT_ID = os.getenv("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.getenv("OIDC_RP_CLIENT_SECRET", "")
OIDC_ISSUER = os.getenv("OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.getenv("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.getenv("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.getenv("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.getenv("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.getenv("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.getenv("OIDC_RP_SCOPES", "openid email profile")
OIDC_PROVIDER_NAME = os.getenv("OIDC_PROVIDER_NAME", "single sign-on")  # "Sign in with …"
OIDC_GROUPS_CLAIM = os.getenv("OIDC_GROUPS_CLAIM", "groups")
OIDC_MANAGER_GROUPS = env_list("OIDC_MANAGER_GROUPS")  # claim values → "Hiring managers"
OIDC_INTERVIEWER_GROUPS = env_list("OIDC_INTERVIEWER_GROUPS")  # claim values → "Interviewers"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10  # seconds for each call to the provider
LOGIN_REDIRECT_URL_FAILURE = "/login/"
SSO_ENABLED = bool(OIDC_RP_CLIENT_ID)
if SSO_ENABLED:
    AUTHENTICATION_BACKENDS.append("interviewkit.accounts.backends.SignOnBackend")
    unset = [
        name
        for name in ("OIDC_RP_CLIENT_SECRET", "OIDC_ISSUER", "OIDC_OP_AUTHORIZATION_ENDPOINT",
                     "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT")
        if not globals()[name]
    ]  # fmt: skip
    if unset:
        raise ImproperlyConfigured(
            f"Single sign-on is on (OIDC_RP_CLIENT_ID is set) but {', '.join(unset)} "
            f"{'is' if len(unset) == 1 else 'are'} not: see the README."
        )
# PASSWORD_LOGIN=off: only superusers and the BREAK_GLASS_USERS (usernames) use a password.
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", True)
BREAK_GLASS_USERS = env_list("BREAK_GLASS_USERS")
if not PASSWORD_LOGIN and not SSO_ENABLED:
    raise ImproperlyConfigured(
        "PASSWORD_LOGIN is off but single sign-on is not set up, so nobody but administrators "
        "could sign in: set the OIDC_* settings (see the README) or PASSWORD_LOGIN=on."
    )

# Failed logins: after AXES_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES; every failure is logged.
AXES_FAILURE_LIMIT = int(os.getenv("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.getenv("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "interviewkit.accounts.lockout.locked_out"
AXES_IPWARE_PROXY_COUNT = int(
    os.getenv("AXES_PROXY_COUNT", "0")
)  # proxies in front that set X-Forwarded-For

# Sessions end after SESSION_IDLE_HOURS without a request; requests extend them (written at
# most once a minute: interviewkit.middleware.IdleSessionMiddleware).
SESSION_COOKIE_AGE = int(float(os.getenv("SESSION_IDLE_HOURS", "8")) * 3600)

# Mail (password resets, notifications): printed to the console in development, SMTP in
# production; notifications are sent by the task queue's workers, never by a request.
EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or not os.getenv("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.getenv("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Interview Kit <interviewkit@localhost>")

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.getenv("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end assets come from npm packages installed by `make install` (no CDN).
STATICFILES_DIRS = [
    BASE_DIR / "interviewkit" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
    ("vendor/fonts/source-sans-3", NODE_MODULES / "@fontsource" / "source-sans-3" / "files"),
    ("vendor/fonts/jetbrains-mono", NODE_MODULES / "@fontsource" / "jetbrains-mono" / "files"),
]
# Request bodies: every form but the bank import is far under 1 MB. The import's file stops at
# bank.limits.UPLOAD_BYTES before the rest is read, and a file that size stays in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "interviewkit.bank.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
# Rendered PDFs live in the default storage: local files under MEDIA_ROOT, or any Django
# storage (a bucket through django-storages) named by STORAGE_BACKEND with its OPTIONS as JSON.
STORAGES = {
    "default": {
        "BACKEND": os.getenv("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.getenv("STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

PACKET_PAPER = os.getenv("PACKET_PAPER", "a4").lower()  # a4 or letter
# Each render runs in a child process stopped at these limits (interviewkit/packets/pdf.py).
PACKET_RENDER_SECONDS = int(os.getenv("PACKET_RENDER_SECONDS", "30"))
PACKET_RENDER_MEMORY_MB = int(os.getenv("PACKET_RENDER_MEMORY_MB", "1024"))

# Slow work (rendering packets, sending mail) runs on a task queue kept in the database:
# SQLite by default, PostgreSQL in production, where any number of workers
# (`manage.py db_worker`) on any number of machines share it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Webhooks may POST to http://127.0.0.1 or localhost, and to hosts at private addresses, only
# with this on (it is with DEBUG); otherwise only https:// URLs of public hosts.
WEBHOOKS_ALLOW_LOCAL = env_bool("WEBHOOKS_ALLOW_LOCAL", DEBUG)
# Tasks that queue their own next run, started once by `manage.py start_periodic_tasks`.
PERIODIC_TASKS = [
    "interviewkit.notifications.reminders.sweep_reminders_periodically",
    "interviewkit.packets.tasks.prune_periodically",
]
# A loop's packet is rendered ahead of time this many seconds after its last change.
PACKETS_PRERENDER = env_bool("PACKETS_PRERENDER", True)
PACKETS_PRERENDER_DELAY = int(os.getenv("PACKETS_PRERENDER_DELAY", "10"))
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # for links in mail

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Production-grade security whenever DEBUG is off; each can be relaxed from the environment.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.getenv("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline script or style anywhere: every behaviour lives in our static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws its small icons as data: SVG
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "bluetooth=(), display-capture=(), interest-cohort=()"
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
    "loggers": {"interviewkit.security": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
