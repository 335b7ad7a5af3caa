"""Settings for the test suite: the real settings, with the few variables tests need."""

from __future__ import annotations

import os

# Tests exercise the production code paths (DEBUG off); only what plain-HTTP test
# servers cannot do is switched off here, and the security test switches it back on.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
# Fixed keys so a test database reused between runs stays readable (never used outside tests).
os.environ.setdefault("ENCRYPTION_KEYS", "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LW51bWJlci0=")

from compersion.settings import *  # noqa: E402, F403

# Mail goes to Django's in-memory outbox, except in a real worker started by an
# integration test, which is given EMAIL_URL pointing at a local SMTP sink.
if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    # Tests render pages without running collectstatic first.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Query-count tests include the session's query; keep it whether or not REDIS_URL is set
# (production reads sessions from Redis then: tests/perf/test_query_budgets.py covers that).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
