"""Real parts for integration tests: a Celery worker process, Redis and an SMTP sink."""

from __future__ import annotations

import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from compersion.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SmtpSink:
    """Collects every message delivered to it, as the outside world's mail server would."""

    port: int = 0
    messages: list[Message] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, *, timeout: float = 30.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.1)
        with self._lock:
            return list(self.messages)


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


def subprocess_database_url() -> str:
    """A DATABASE_URL naming the database this test is using, for processes the test starts."""
    settings = connection.settings_dict
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


@pytest.fixture
def real_celery() -> Iterator[None]:
    """Send tasks to the real broker (REDIS_URL) instead of running them inline."""
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()  # nothing left over from an earlier test may be delivered
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def start_worker(
    transactional_db: None, smtp_sink: SmtpSink, real_celery: None
) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start real `celery worker` processes against the test database, Redis and the sink."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(*extra_args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        worker_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "compersion.settings_test",
            "DATABASE_URL": subprocess_database_url(),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_sink.port}",
            **(env or {}),
        }
        worker_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "compersion",
                "worker",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                *extra_args,
            ],
            cwd=ROOT,
            env=worker_env,
            start_new_session=True,
        )
        processes.append(process)
        return process

    yield start
    # The test has asserted all it needed, and the next one purges the broker before it starts:
    # the workers are killed outright (a warm shutdown spent 1.3 to 1.8 s closing the pool).
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    for process in processes:
        process.wait(timeout=15)
