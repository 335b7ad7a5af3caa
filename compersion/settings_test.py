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
# A fixed VAPID pair, so push is offered in tests and a worker process signs with the same key.
os.environ.setdefault("VAPID_PRIVATE_KEY", "HK9nAQqnRSp12vyHMxbCEe-4ruX8-Cd11P3vrH4LZBc")


def _redis_url_for_xdist_worker() -> None:
    """Give each pytest-xdist worker its own Redis database, as pytest-django gives it its own
    PostgreSQL one: the broker's queues, a purge and the cache's flush stay within the worker.

    Worker gwN uses REDIS_URL's database minus N (15, 14 for the default /15). The processes a
    test starts inherit the rewritten REDIS_URL and the marker, so they do not shift it again.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("REDIS_URL", "")
    if not worker.startswith("gw") or not url or os.environ.get("COMPERSION_TEST_REDIS_WORKER") == worker:
        return
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    database = int(parts.path.lstrip("/") or 0) - int(worker[2:])
    if database < 0:
        raise RuntimeError(f"REDIS_URL's database number is too low for xdist worker {worker}: use /15")
    os.environ["REDIS_URL"] = parts._replace(path=f"/{database}").geturl()
    os.environ["COMPERSION_TEST_REDIS_WORKER"] = worker


_redis_url_for_xdist_worker()

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
# Argon2 at its production cost (about 0.2 s of CPU per check) runs where the production settings
# do: tests/deploy's gunicorn servers sign in through it and check it is first. Elsewhere a fast
# hash stands in, as Django's testing guide suggests; signing in is otherwise the same code.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
