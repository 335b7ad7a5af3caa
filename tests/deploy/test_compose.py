"""The container files agree with the app: no Docker engine needed, only the files themselves."""

from __future__ import annotations

import importlib
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from celery import Celery
from django.conf import settings
from django.core.management import get_commands

from tests.deploy.support import manage, outside_env

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "beat")
# Consumed by the postgres image through docker-compose.yml; Django never reads it.
COMPOSE_ONLY_VARIABLES = {"POSTGRES_PASSWORD"}


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def services() -> dict[str, dict[str, Any]]:
    return compose()["services"]


def command_of(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def env_example() -> dict[str, str]:
    """Every NAME=value in .env.example, including the commented-out optional ones."""
    found: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def settings_variables() -> set[str]:
    source = (ROOT / "compersion" / "settings.py").read_text()
    helpers = re.findall(r"env_(?:str|bool|int|list)\(\s*\"([A-Z][A-Z0-9_]*)\"", source)
    direct = re.findall(r"os\.environ(?:\.get\(|\[)\s*\"([A-Z][A-Z0-9_]*)\"", source)
    return set(helpers) | set(direct)


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_compose_declares_every_service_from_one_image() -> None:
    found = services()
    assert set(found) >= {"db", "redis", *APP_SERVICES}
    assert found["db"]["image"] == "postgres:17"
    assert found["redis"]["image"].startswith("redis:7")
    images = {(found[name].get("build"), found[name].get("image")) for name in APP_SERVICES}
    assert images == {(".", "compersion:latest")}
    for name in APP_SERVICES:
        assert found[name]["env_file"] == ".env", name


def test_database_and_broker_keep_their_data_in_named_volumes() -> None:
    found = services()
    volumes = set(compose()["volumes"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in found["db"]["volumes"])
    assert {v.split(":")[0] for v in found["db"]["volumes"] + found["redis"]["volumes"]} <= volumes


def test_db_redis_and_web_have_healthchecks_that_probe_the_real_thing() -> None:
    found = services()
    assert "pg_isready" in " ".join(found["db"]["healthcheck"]["test"])
    assert found["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    web_check = " ".join(found["web"]["healthcheck"]["test"])
    assert "/healthz/" in web_check
    assert "127.0.0.1:8000" in web_check


def test_web_waits_for_a_successful_migrate_and_a_healthy_database() -> None:
    found = services()
    web = found["web"]["depends_on"]
    assert web["migrate"]["condition"] == "service_completed_successfully"
    assert web["db"]["condition"] == "service_healthy"
    assert found["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert found["migrate"]["restart"] == "no"
    for name in ("worker", "beat"):
        assert found[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_migrate_runs_a_management_command_that_exists() -> None:
    command = command_of(services()["migrate"])
    assert command[:2] == ["python", "manage.py"]
    assert command[2] == "migrate"
    assert command[2] in get_commands()
    assert (ROOT / "manage.py").is_file()


def test_dockerfile_build_runs_management_commands_that_exist() -> None:
    used = re.findall(r"manage\.py\s+([a-z_]+)", dockerfile())
    assert "collectstatic" in used
    assert set(used) <= set(get_commands())


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_celery_services_point_at_the_celery_app(service: str) -> None:
    command = command_of(services()[service])
    assert command[0] == "celery"
    app_name = command[command.index("--app") + 1] if "--app" in command else command[command.index("-A") + 1]
    module = importlib.import_module(app_name)
    # `celery -A compersion` finds the app as `compersion.celery_app` (or `.celery.app`).
    assert isinstance(module.celery_app, Celery)
    assert service in command


def gunicorn_target(command: list[str]) -> str:
    positional = [part for part in command[1:] if ":" in part and not part.startswith("-")]
    assert len(positional) == 1, command
    return positional[0]


def test_gunicorn_target_imports_to_a_wsgi_application() -> None:
    web = command_of(services()["web"])
    cmd_line = re.search(r"^CMD\s+(\[.*\])\s*$", dockerfile(), re.MULTILINE)
    assert cmd_line is not None
    image_default = yaml.safe_load(cmd_line.group(1))
    assert web[0] == image_default[0] == "gunicorn"
    targets = {gunicorn_target(web), gunicorn_target(image_default)}
    assert targets == {"compersion.wsgi:application"}
    module_name, attribute = targets.pop().split(":")
    application = getattr(importlib.import_module(module_name), attribute)
    assert callable(application)
    assert (ROOT / web[web.index("--config") + 1]).is_file()


def test_gunicorn_config_binds_all_interfaces_and_logs_requests_to_stdout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config: dict[str, Any] = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), config)  # noqa: S102
    assert config["bind"] == "0.0.0.0:8000"
    assert config["accesslog"] == "-"
    assert config["wsgi_app"] == "compersion.wsgi:application"
    assert 2 <= config["workers"] <= 17


def test_every_compose_variable_is_documented_in_env_example() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)", text))
    assert used, "expected the compose file to take at least the database password from .env"
    assert used <= set(env_example())


def test_env_example_lists_every_variable_settings_reads() -> None:
    read = settings_variables()
    assert {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"} <= read
    missing = read - set(env_example())
    assert not missing, f".env.example does not document {sorted(missing)}"


def test_env_example_lists_nothing_settings_does_not_read() -> None:
    documented = set(env_example())
    stale = documented - settings_variables() - COMPOSE_ONLY_VARIABLES
    assert not stale, f".env.example documents variables nothing reads: {sorted(stale)}"
    compose_text = (ROOT / "docker-compose.yml").read_text()
    for name in COMPOSE_ONLY_VARIABLES:
        assert "${" + name in compose_text, name


def test_env_example_database_url_matches_the_compose_database() -> None:
    values = env_example()
    database = urlsplit(values["DATABASE_URL"])
    db_env = services()["db"]["environment"]
    assert database.hostname == "db"
    assert database.username == db_env["POSTGRES_USER"]
    assert database.password == values["POSTGRES_PASSWORD"]
    assert database.path.lstrip("/") == db_env["POSTGRES_DB"]
    assert urlsplit(values["REDIS_URL"]).hostname == "redis"


def test_dockerfile_installs_an_existing_lock_file_and_runs_as_a_non_root_user() -> None:
    text = dockerfile()
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.MULTILINE)
    requirements = re.findall(r"(requirements/[\w.-]+\.txt)", text)
    assert requirements
    for path in requirements:
        assert (ROOT / path).is_file(), path
    users = re.findall(r"^USER\s+(\S+)", text, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".git", ".venv", "var"} <= ignored


def test_the_dockerfile_collectstatic_step_works_with_only_the_build_time_secret(tmp_path: Path) -> None:
    # The image build has no .env: only the Dockerfile's ENV lines and the throwaway key.
    step = re.search(
        r"^RUN ((?:[A-Z_]+=\S+ )+)(python manage\.py collectstatic[^\\&\n]*)", dockerfile(), re.M
    )
    assert step is not None
    assignments, command = step.group(1).split(), step.group(2)
    env = outside_env()
    env.update(DJANGO_SETTINGS_MODULE="compersion.settings", COMPERSION_VAR_DIR=str(tmp_path))
    for assignment in assignments:
        key, value = assignment.split("=", 1)
        env[key] = value
    args = shlex.split(command)
    assert args[:2] == ["python", "manage.py"]
    result = manage(*args[2:], env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "static" / "staticfiles.json").is_file()


def readme() -> str:
    return (ROOT / "README.md").read_text()


def test_readme_documents_every_variable_settings_reads() -> None:
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", readme(), re.MULTILINE))
    missing = settings_variables() - documented
    assert not missing, f"README.md's configuration table lacks {sorted(missing)}"


def test_readme_make_targets_exist_in_the_makefile() -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))
    mentioned = set(re.findall(r"`make ([a-z][a-z-]*)", readme()))
    assert {"run", "test"} <= mentioned
    assert mentioned <= targets


def test_gunicorn_config_takes_port_and_workers_from_the_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    config: dict[str, Any] = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), config)  # noqa: S102
    assert (config["bind"], config["workers"]) == ("0.0.0.0:9123", 3)


def test_readme_layout_names_every_app_of_ours() -> None:
    ours = {app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").is_file()}
    assert {"accounts", "people"} <= ours
    listed = set(re.findall(r"^\| `([a-z_]+)/` \|", readme(), re.MULTILINE))
    missing = ours - listed
    assert not missing, f"README.md's layout table lacks {sorted(missing)}"
    # And it names nothing that is not there.
    assert all((ROOT / name).is_dir() for name in listed), listed


def requirement_names(text: str) -> set[str]:
    names = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name = re.split(r"[\[<>=!~;\s]", line, maxsplit=1)[0]
        names.add(re.sub(r"[-_.]+", "-", name).lower())
    return names


def test_the_image_lock_file_pins_every_direct_dependency() -> None:
    # The image installs requirements/base.txt only; a package added to base.in but not
    # yet compiled into the lock would be missing in production alone.
    wanted = requirement_names((ROOT / "requirements" / "base.in").read_text())
    pinned = requirement_names((ROOT / "requirements" / "base.txt").read_text())
    missing = wanted - pinned
    assert not missing, f"requirements/base.txt lacks {sorted(missing)}: run pip-compile"
