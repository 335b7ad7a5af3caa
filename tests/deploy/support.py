"""Helpers for tests that run the app in a subprocess configured exactly as production is."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
# Variables the test process may carry (settings_test sets several) that must not leak
# into a subprocess meant to see production configuration only.
_CLEARED = (
    "DJANGO_",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_",
    "SITE_URL",
    "COMPERSION_",
    "DEFAULT_FROM_EMAIL",
    "ENCRYPTION_KEYS",
)


def random_secret(length: int = 60) -> str:
    alphabet = string.ascii_letters + string.digits + "!#%&()*+-./:;<=>?@[]^_{|}~"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def outside_env() -> dict[str, str]:
    """The test process's environment without any of the app's own configuration."""
    return {key: value for key, value in os.environ.items() if not key.startswith(_CLEARED)}


def production_env(**overrides: str) -> dict[str, str]:
    env = outside_env()
    env.update(
        DJANGO_SETTINGS_MODULE="compersion.settings",
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=random_secret(),
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/compersion_deploy",
        ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
