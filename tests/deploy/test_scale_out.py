"""Scale-out is a configuration change: as deployed, no process keeps state a second one would
contradict, and the README's account of running several of each stays true to the code.

The running proof is tests/integration/test_two_web_processes.py; these check the
configuration itself, without a Docker engine.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.apps import apps

from tests.deploy.support import ROOT, manage, outside_env, random_secret
from tests.deploy.test_compose import APP_SERVICES, services

# Paths under COMPERSION_VAR_DIR that production settings may name, and who writes each.
DOCUMENTED_VAR_PATHS = {
    # Written once, while the image is built (collectstatic); every container reads the same.
    "STATIC_ROOT": "static",
    # Written by `celery beat` only, and each beat keeps its own (see README).
    "CELERY_BEAT_SCHEDULE_FILENAME": "celerybeat-schedule",
    # Read only when ENCRYPTION_KEYS is empty, which production refuses.
    "ENCRYPTION_KEY_FILE": "encryption.key",
    # Made and read only when DEBUG is on (make run); production reads VAPID_PRIVATE_KEY or offers no push.
    "VAPID_KEY_FILE": "vapid.key",
}

SHOW_SETTINGS = """
import json
from pathlib import Path
from django.conf import settings
var = Path(settings.VAR_DIR).resolve()
def under_var(value):
    try:
        # type(), not isinstance(): a lazy object claims to be a str without being one.
        return (type(value) is str or isinstance(value, Path)) and Path(value).resolve().is_relative_to(var)
    except (OSError, ValueError):
        return False
print(json.dumps({
    "caches": {name: [c["BACKEND"], c.get("LOCATION", "")] for name, c in settings.CACHES.items()},
    "session_engine": settings.SESSION_ENGINE,
    "axes_handler": settings.AXES_HANDLER,
    "email_backend": settings.EMAIL_BACKEND,
    "redis_url": settings.REDIS_URL,
    "var_paths": {
        name: str(Path(getattr(settings, name)).resolve().relative_to(var))
        for name in dir(settings)
        if name.isupper() and name != "VAR_DIR" and under_var(getattr(settings, name))
    },
}))
"""


def as_deployed(var_dir: Path) -> dict[str, str]:
    """The environment a container gets: .env.example's values (the "change-me" keys made
    real) and the Dockerfile's COMPERSION_VAR_DIR."""
    env = outside_env()
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            env[match.group(1)] = match.group(2)
    env.update(
        DJANGO_SETTINGS_MODULE="compersion.settings",
        DJANGO_SECRET_KEY=random_secret(),
        ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        COMPERSION_VAR_DIR=str(var_dir),
    )
    return env


def deployed_settings(var_dir: Path) -> dict[str, Any]:
    result = manage("shell", "-c", SHOW_SETTINGS, env=as_deployed(var_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    shown: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return shown


def test_as_deployed_every_process_shares_its_cache_sessions_lockouts_and_mail(tmp_path: Path) -> None:
    shown = deployed_settings(tmp_path)

    assert shown["redis_url"] == "redis://redis:6379/0"
    # No process-local cache (locmem, file): every web process reads and writes one Redis.
    assert shown["caches"] == {"default": ["django.core.cache.backends.redis.RedisCache", shown["redis_url"]]}
    # Sessions are recorded in PostgreSQL (cached in that Redis), so any process knows any
    # signed-in browser, and a sign-out anywhere holds everywhere.
    assert shown["session_engine"] == "django.contrib.sessions.backends.cached_db"
    # Sign-in failures are counted in PostgreSQL, so a lockout holds whichever process answers.
    assert shown["axes_handler"] == "axes.handlers.database.AxesDatabaseHandler"
    # Mail leaves over SMTP, not as files in the container that happened to send it.
    assert shown["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_as_deployed_settings_name_nothing_under_var_but_the_documented_paths(tmp_path: Path) -> None:
    shown = deployed_settings(tmp_path)

    assert shown["var_paths"] == DOCUMENTED_VAR_PATHS
    # Starting up wrote nothing there (no development key file, no mail directory).
    assert list(tmp_path.iterdir()) == []


def test_worker_and_beat_can_be_scaled_by_compose_alone() -> None:
    found = services()
    for name in APP_SERVICES:
        # A fixed name would stop `docker compose up --scale <service>=N` at the second one.
        assert "container_name" not in found[name], name
    for name in ("worker", "beat", "migrate"):
        assert "ports" not in found[name], name


def deployment_section() -> str:
    text = (ROOT / "README.md").read_text()
    match = re.search(r"^## Deploying with Docker Compose\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert match, "README.md has no '## Deploying with Docker Compose' section"
    return match.group(1)


def test_readme_says_how_to_run_several_web_and_worker_containers_and_what_they_share() -> None:
    section = deployment_section()
    assert "--scale worker=" in section
    assert "WEB_CONCURRENCY" in section
    for shared in ("DJANGO_SECRET_KEY", "ENCRYPTION_KEYS", "SITE_URL", "DATABASE_URL", "REDIS_URL"):
        assert f"`{shared}`" in section, shared


def test_the_constraints_the_readme_cites_for_two_beats_exist() -> None:
    cited = set(re.findall(r"`(reminders_[a-z_]+)`", deployment_section()))
    assert "reminders_delivery_once_per_local_day" in cited
    constraints = {
        constraint.name
        # The schedule rows are accounts' (derived from the user's preferences); the ledger is reminders'.
        for label in ("accounts", "reminders")
        for model in apps.get_app_config(label).get_models()
        for constraint in model._meta.constraints
    }
    assert cited <= constraints, cited - constraints


def test_the_race_test_the_readme_cites_exists() -> None:
    cited = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", deployment_section())
    assert cited
    for path, name in cited:
        assert re.search(rf"^def {name}\(", (ROOT / path).read_text(), re.MULTILINE), (path, name)
