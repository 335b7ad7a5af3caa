"""Compersion settings: one module, configured by environment variables only.

The embedded default (``make run``) needs nothing set but ``DJANGO_DEBUG=True``: an
embedded PostgreSQL with its data under ``var/``, Celery's queue in that same database
and mail written to files. Production sets ``DATABASE_URL``, ``REDIS_URL``, ``EMAIL_URL``
and friends.
"""

from __future__ import annotations

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from compersion.lib.keys import KEY_RECIPE, fernet_keys, local_key_file, local_vapid_file, vapid_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COMPERSION_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    # An empty value (a blank line left in .env) means "not set", never a silent False
    # that would switch off a production protection such as secure cookies.
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

if DEBUG:
    # A development key is fine only while DEBUG is on; production must set one.
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "django-insecure-compersion-development-only-key")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")


# Encryption at rest (compersion/lib/encryption.py): the first key encrypts, every key decrypts.
ENCRYPTION_KEY_FILE = VAR_DIR / "encryption.key"
_encryption_keys = fernet_keys(os.environ.get("ENCRYPTION_KEYS", ""), name="ENCRYPTION_KEYS")
if _encryption_keys is None and not DEBUG:
    raise ImproperlyConfigured(
        "Set the ENCRYPTION_KEYS environment variable (comma-separated Fernet keys, newest first); "
        f"make a key with: {KEY_RECIPE}"
    )
if _encryption_keys is None:
    _encryption_keys = fernet_keys(
        ",".join(local_key_file(ENCRYPTION_KEY_FILE)), name=str(ENCRYPTION_KEY_FILE)
    )
    if _encryption_keys is None:
        raise ImproperlyConfigured(f"{ENCRYPTION_KEY_FILE} holds no key; delete it and it is made again.")
ENCRYPTION_KEYS = _encryption_keys

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [],
)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Web Push reminders (reminders/push.py): the VAPID pair that signs every push. Unset, push is
# simply not offered and reminders come by email; with DEBUG on, var/vapid.key is made and used.
VAPID_KEY_FILE = VAR_DIR / "vapid.key"
_vapid = vapid_keys(
    os.environ.get("VAPID_PRIVATE_KEY", ""), os.environ.get("VAPID_PUBLIC_KEY", ""), name="VAPID_PRIVATE_KEY"
)
if _vapid is None and DEBUG:
    _vapid = local_vapid_file(VAPID_KEY_FILE)
VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY = _vapid or ("", "")
# Who push services may contact about this site's pushes (RFC 8292 "sub"): mailto: or https:.
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "")
if VAPID_SUBJECT and not VAPID_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured(f"VAPID_SUBJECT={VAPID_SUBJECT!r} must start with mailto: or https://.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "accounts",
    "people",
    "feelings",
    "journal",
    "kindness",
    "reminders",
    "privacy",
    "insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before the idle timeout, so the answer that signs an idle user out clears the browser too.
    "compersion.lib.middleware.PrivateResponseMiddleware",
    # After auth and messages (they need both); their __call__ runs before CSRF reads a body.
    "compersion.lib.middleware.RequestTooLargeMiddleware",
    "compersion.lib.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # AxesMiddleware must be last: it turns a lockout signal into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "compersion.urls"
WSGI_APPLICATION = "compersion.wsgi.application"

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
                "compersion.lib.removal.undo_window_context",
            ],
        },
    },
]
# Django's form templates as they are, beside ours in templates/widgets/; every field for words gets
# dir="auto" (compersion/lib/forms.py).
FORM_RENDERER = "compersion.lib.forms.FormRenderer"

# --- Database -------------------------------------------------------------

# PostgreSQL only. Unset, DATABASE_URL names `make run`'s embedded server
# (compersion/lib/embedded_postgres.py) on its Unix socket in var/postgres/: `make run` sets it
# itself, and any other manage.py command run beside it finds the same database.
DATABASE_URL = env_str("DATABASE_URL", f"postgres://postgres@/compersion?host={VAR_DIR / 'postgres'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database (postgres://...).")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out account is refused even with the right password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3
# The longest form (a check-in) holds a few thousand characters; 512 KB leaves room for
# any script's percent-encoding and refuses a flood (a friendly 413, compersion.lib.middleware).
# compersion.lib.middleware applies it to whole bodies, files included, before anything reads
# them; only the views in LARGE_BODY_VIEWS may take more.
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
# The largest export file the import accepts (privacy's form says so); the body around it
# may carry a little more (multipart headers, the CSRF token). Measured in
# docs/export-format.md ("Size and time"): the costliest valid 5 MB file imports in 7.4 s
# with a 53 MiB peak on a busy two-core host, a quarter of gunicorn's 30 s timeout.
IMPORT_MAX_BYTES = 5 * 1024 * 1024
LARGE_BODY_VIEWS = {
    "privacy:import": IMPORT_MAX_BYTES + 64 * 1024,
    "privacy:import_apps": IMPORT_MAX_BYTES + 64 * 1024,
}

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the pause does not restart it, so "try again in N minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# The sign-in form names the email "username"; count failures per folded address.
AXES_USERNAME_CALLABLE = "accounts.views.lockout_username"
AXES_VERBOSE = False
# Behind a proxy the client address comes from X-Forwarded-For only when told to.
AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# --- Internationalisation and time ---------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico, /apple-touch-icon.png), made from
# static/img/icon.svg by tools/make_icons.py and served by WhiteNoise without a view.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Email ----------------------------------------------------------------

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Compersion <hello@compersion.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def admins_from(raw: str, *, name: str) -> list[tuple[str, str]]:
    """``"Sam Ops <ops@example.org>, dev@example.org"`` as Django's ADMINS; junk stops start-up."""
    admins = []
    for display, address in getaddresses([raw]):
        if not address and not display:
            continue
        if "@" not in address:
            raise ImproperlyConfigured(f"{name} holds {address or display!r}, which is not an email address.")
        admins.append((display or address, address))
    return admins


# Who is emailed a report when a page fails (Django's mail_admins; the report carries no
# user's words, see compersion.lib.logs). Unset, nobody is, and the 500 page says so.
ADMINS = admins_from(env_str("DJANGO_ADMINS", ""), name="DJANGO_ADMINS")
if os.environ.get("EMAIL_URL"):
    vars().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
else:
    # The embedded default: every message becomes a file under var/mail/.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = 10

# --- Celery ---------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    # Without Redis (`make run`): kombu's SQLAlchemy transport keeps the queue in two tables
    # (kombu_queue, kombu_message) of the same PostgreSQL database, so nothing more is started.
    # Workers take messages under a row lock. (kombu's file-system transport can hand a worker
    # a half-written message file, which kills the worker.)
    CELERY_BROKER_URL = "sqla+postgresql+psycopg://" + DATABASE_URL.split("://", 1)[1]
    CELERY_BROKER_TRANSPORT_OPTIONS = {}  # the transport hands these to create_engine()
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # One dispatch pass every 30 s claims every reminder due, in batches; a pass that
    # waited longer than its interval in the queue is dropped, as the next one covers it.
    "reminders-dispatch": {
        "task": "reminders.tasks.reminders_dispatch_task",
        "schedule": 30.0,
        "options": {"expires": 25.0},
    },
    # Removed records (compersion.lib.removal) are deleted for good once their 15-minute
    # Undo has closed: at most five minutes later. Running twice deletes nothing twice.
    "removed-purge": {
        "task": "privacy.tasks.removed_purge_task",
        "schedule": 300.0,
        "options": {"expires": 240.0},
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Cache ------------------------------------------------------------------

# Only derived values live here (the journal's charts, keyed by what they are drawn from), so
# losing the cache costs time, never correctness. Without Redis each process keeps its own.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Signed-in pages read the session from Redis instead of querying for it; writes still go
    # to the database first, which stays the record (sign-out everywhere is the user's salt).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Security ---------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# One year; an operator trying HTTPS out for the first time may start lower.
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Our page for a refused form, which shows the user's words back (escaped) so nothing is lost.
CSRF_FAILURE_VIEW = "accounts.error_pages.csrf_failure"
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SILENCED_SYSTEM_CHECKS = [
    # Joining the browsers' HSTS preload list is an operator's decision (DJANGO_HSTS_PRELOAD).
    "security.W021",
]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}

# No user's words in any log line or error mail (compersion.lib.logs): every handler rewrites
# its records without query strings, emailed link tokens or email addresses, and error
# reports carry no form values, local variables, GET values or cookies.
DEFAULT_EXCEPTION_REPORTER = "compersion.lib.logs.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "compersion.lib.logs.PrivateExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "private_words": {"()": "compersion.lib.logs.PrivateWordsFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["private_words"]},
        # Sends only when ADMINS is set (DJANGO_ADMINS).
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "private_words"],
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Django's defaults give these loggers handlers of their own; ours replace them.
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
    },
}
