"""`make run`'s PostgreSQL: started from the pip wheel, data kept in var/postgres/, stopped on the way out.

Each test runs ``python -m compersion.lib.embedded_postgres COMMAND`` exactly as the Makefile does,
in a temporary var/ directory, with a small Python script as COMMAND.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.deploy.support import ROOT, outside_env

WRITE = """
import os, psycopg
with psycopg.connect(os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)) as db:
    db.execute("CREATE TABLE kept (words text)")
    db.execute("INSERT INTO kept VALUES ('still here')")
"""
READ = """
import os, sys, psycopg
with psycopg.connect(os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)) as db:
    print(db.execute("SELECT words FROM kept").fetchone()[0])
sys.exit(3)
"""
WAIT = """
import sys, time
print("ready", flush=True)
time.sleep(60)
sys.exit("not interrupted")
"""


def run_env(var_dir: Path, **extra: str) -> dict[str, str]:
    return {**outside_env(), "COMPERSION_VAR_DIR": str(var_dir), **extra}


def with_embedded_postgres(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compersion.lib.embedded_postgres", sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def servers_on(data_dir: Path) -> list[int]:
    """The process ids of PostgreSQL servers running on ``data_dir``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue  # ended while we looked
        if words[0].endswith(b"/postgres") and str(data_dir).encode() in words:
            found.append(int(cmdline.parent.name))
    return found


def test_the_embedded_postgres_keeps_its_data_between_runs_and_stops_after_each(tmp_path: Path) -> None:
    env = run_env(tmp_path)
    wrote = with_embedded_postgres(WRITE, env)
    assert wrote.returncode == 0, wrote.stdout + wrote.stderr
    assert (tmp_path / "postgres" / "PG_VERSION").read_text().strip() == "18"
    assert servers_on(tmp_path / "postgres") == []

    read = with_embedded_postgres(READ, env)
    assert read.stdout.strip() == "still here", read.stderr
    assert read.returncode == 3  # the command's exit status is make run's
    assert servers_on(tmp_path / "postgres") == []


def test_ctrl_c_stops_the_command_and_postgres_too(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "compersion.lib.embedded_postgres", sys.executable, "-c", WAIT],
        cwd=ROOT,
        env=run_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives `make run`
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        assert len(servers_on(tmp_path / "postgres")) >= 1
        started = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does
        process.wait(timeout=30)
        assert time.monotonic() - started < 10
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert servers_on(tmp_path / "postgres") == []
    assert not (tmp_path / "postgres" / "postmaster.pid").exists()


def test_a_database_url_that_is_set_is_used_and_nothing_is_started(tmp_path: Path) -> None:
    env = run_env(tmp_path, DATABASE_URL="postgres://someone@db.example:5432/theirs")
    done = with_embedded_postgres("import os; print(os.environ['DATABASE_URL'])", env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "postgres://someone@db.example:5432/theirs"
    assert not (tmp_path / "postgres").exists()


BESIDE_MAKE_RUN = """
import os, django, psycopg
# As in a second terminal: only make run's own processes are given DATABASE_URL.
url = os.environ.pop("DATABASE_URL").replace("postgres://", "postgresql://", 1)
django.setup()
from django.db import connection
from compersion.celery import app
with connection.cursor() as cursor:
    cursor.execute("SELECT current_database()")
    print(cursor.fetchone()[0])
with app.connection_for_write() as broker:
    queue = broker.SimpleQueue("make-run-check")
    queue.put({"words": "queued"})
    with psycopg.connect(url) as db:
        print(db.execute("SELECT count(*) FROM kombu_message").fetchone()[0])
    message = queue.get(timeout=10)
    message.ack()
    print(message.payload["words"])
"""


def test_beside_make_run_settings_find_its_postgresql_and_celery_queues_there(tmp_path: Path) -> None:
    env = run_env(tmp_path, DJANGO_SETTINGS_MODULE="compersion.settings", DJANGO_DEBUG="true")
    done = with_embedded_postgres(BESIDE_MAKE_RUN, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.split() == ["compersion", "1", "queued"]


def test_without_a_var_dir_set_make_run_keeps_its_data_where_settings_look_for_it() -> None:
    # The server's data folder and the socket settings point manage.py at must be one place:
    # var/postgres/ at the top of the checkout, wherever the module that starts it lives.
    script = (
        "import os; os.environ.pop('COMPERSION_VAR_DIR', None); "
        "from compersion.lib import embedded_postgres; print(embedded_postgres.DATA_DIR)"
    )
    printed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=outside_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(printed.stdout.strip()) == ROOT / "var" / "postgres"
