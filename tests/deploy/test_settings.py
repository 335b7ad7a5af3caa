"""Production settings pass Django's deployment checklist, and bad configuration fails loudly."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from compersion.settings import env_bool, env_int
from tests.deploy.support import ROOT, manage, production_env


def test_deploy_check_finds_no_issues_with_production_variables() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_deploy_check_fails_on_a_weak_secret_key() -> None:
    # The check above means something only if the same command can fail.
    env = production_env(DJANGO_SECRET_KEY="django-insecure-short")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_deploy_check_fails_when_https_protections_are_switched_off() -> None:
    env = production_env(DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_SECURE_COOKIES="false")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    for check_id in ("security.W008", "security.W012", "security.W016"):
        assert check_id in result.stderr


def test_a_missing_secret_key_with_debug_off_is_refused() -> None:
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable." in result.stderr


def test_an_empty_secret_key_with_debug_off_is_refused() -> None:
    result = manage("check", env=production_env(DJANGO_SECRET_KEY=""))
    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable." in result.stderr


def test_a_junk_debug_value_stops_the_app_with_a_clear_message() -> None:
    result = manage("check", env=production_env(DJANGO_DEBUG="yes please"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG='yes please' is not a boolean; use true or false." in result.stderr


def test_env_bool_refuses_junk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_DEBUG", "yes please")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG='yes please' is not a boolean"):
        env_bool("DJANGO_DEBUG", default=False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        (" on ", True),
        ("False", False),
        ("0", False),
        ("no", False),
    ],
)
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("COMPERSION_EXAMPLE_FLAG", raw)
    assert env_bool("COMPERSION_EXAMPLE_FLAG", default=not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_a_blank_boolean_means_unset_and_keeps_the_default(
    monkeypatch: pytest.MonkeyPatch, default: bool
) -> None:
    # A blank line in .env must not quietly switch off a protection that defaults to on.
    monkeypatch.setenv("COMPERSION_EXAMPLE_FLAG", "  ")
    assert env_bool("COMPERSION_EXAMPLE_FLAG", default=default) is default


def test_env_int_refuses_junk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_CONN_MAX_AGE", "a minute")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CONN_MAX_AGE='a minute' is not a whole number"):
        env_int("DJANGO_CONN_MAX_AGE", default=60)


def test_blank_secure_cookie_setting_keeps_cookies_secure_in_production() -> None:
    script = (
        "from django.conf import settings; print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        cwd=ROOT,
        env=production_env(DJANGO_SECURE_COOKIES=""),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_a_database_url_that_is_not_postgresql_is_refused() -> None:
    result = manage("check", env=production_env(DATABASE_URL="sqlite:///var/compersion.sqlite3"))
    assert result.returncode != 0
    assert "DATABASE_URL must name a PostgreSQL database (postgres://...)." in result.stderr


def test_production_hashes_passwords_with_argon2() -> None:
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])",
        env=production_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.contrib.auth.hashers.Argon2PasswordHasher"
