"""The production server the security and private-log tests share: one per test process, since
migrating a fresh database and collecting the static files take some ten seconds."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.deploy.support import ROOT, production_env, random_secret
from tests.deploy.test_security import (
    EMAIL,
    PASSWORD,
    Server,
    dedicated_database,
    free_port,
    prepare,
    recreate_database,
    wait_until_healthy,
)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    var_dir = tmp_path_factory.mktemp("production-var")
    database_url, maintenance_url, database_name = dedicated_database(os.environ["DATABASE_URL"])
    env = production_env(
        DJANGO_SECRET_KEY=random_secret(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_TRUST_X_FORWARDED_PROTO="true",
        DATABASE_URL=database_url,
        COMPERSION_VAR_DIR=str(var_dir),
        DJANGO_SUPERUSER_EMAIL=EMAIL,
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        WEB_CONCURRENCY="1",
    )
    port = free_port()
    log = var_dir / "gunicorn.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        recreate_database(maintenance_url, database_name, create=True)
        prepare(env)
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--config",
                    "gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{port}",
                    # In the container the proxy's address is not gunicorn's trusted loopback, so
                    # gunicorn ignores X-Forwarded-Proto; HTTPS must be recognised by Django alone.
                    "--forwarded-allow-ips=192.0.2.1",
                ],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        running = Server(port=port, log=log, env=env)
        wait_until_healthy(running, process)
        yield running
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        recreate_database(maintenance_url, database_name, create=False)
