"""Reminders through real parts: Celery worker processes, Redis, an SMTP server, PostgreSQL.

Every test checks the same promise from the outside: the SMTP server receives exactly
one reminder per user, whatever was killed or restarted on the way.
"""

from __future__ import annotations

import asyncio
import email
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from accounts.models import ReminderKind, ReminderSchedule, User
from reminders.models import DeliveryStatus, ReminderDelivery
from tests.integration.conftest import ROOT, free_port, subprocess_database_url

pytestmark = pytest.mark.integration


class CountingSink:
    """An SMTP server that can stall on the Nth message, so a test can kill the sender mid-send.

    A message counts as delivered only once the server has answered 250; if the client
    dies first, aiosmtpd cancels the handler and the message is, correctly, not accepted.
    """

    def __init__(self, *, stall_on: int | None = None) -> None:
        self.port = free_port()
        self.stall_on = stall_on
        self.stalled = threading.Event()
        self.messages: list[Message] = []
        self._started = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        with self._lock:
            self._started += 1
            stall = self._started == self.stall_on
        if stall:
            self.stalled.set()
            await asyncio.sleep(3)
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def wait_for(self, count: int, *, timeout: float = 40.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.count() < count:
            time.sleep(0.1)
        return self.count()

    def wait_until_quiet(self, *, quiet: float = 2.0, timeout: float = 40.0) -> int:
        deadline = time.monotonic() + timeout
        last, since = self.count(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.2)
            now_count = self.count()
            if now_count != last:
                last, since = now_count, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return last

    def recipients(self) -> Counter[str]:
        with self._lock:
            return Counter(str(message["To"]) for message in self.messages)


@pytest.fixture
def sink_factory() -> Iterator[Any]:
    controllers: list[Controller] = []

    def make(**kwargs: Any) -> CountingSink:
        sink = CountingSink(**kwargs)
        controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
        controller.start()
        controllers.append(controller)
        return sink

    yield make
    for controller in controllers:
        controller.stop()


def users_due(count: int) -> list[str]:
    """``count`` users whose daily reminder was due a minute ago."""
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(email=f"due{n}@example.com", password="!", time_zone="Europe/Berlin")  # noqa: S106
            for n in range(count)
        ]
    )
    today = now.date()
    ReminderSchedule.objects.bulk_create(
        [
            ReminderSchedule(
                user=user,
                kind=ReminderKind.DAILY,
                enabled=True,
                next_fire_at=now - timedelta(minutes=1),
                next_local_date=today,
            )
            for user in users
        ]
    )
    return [user.email for user in users]


def manage(*args: str, redis_url: str | None = None) -> subprocess.Popen[str]:
    """Run a management command in its own process, as beat's worker would."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "compersion.settings_test",
        "DATABASE_URL": subprocess_database_url(),
        **({"REDIS_URL": redis_url} if redis_url else {}),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )


def run(*args: str, redis_url: str | None = None) -> str:
    process = manage(*args, redis_url=redis_url)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0, out
    return out


def start_sending_worker(
    start_worker: Any, sink: CountingSink, *extra: str, redis_url: str | None = None
) -> Any:
    env = {"EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", **({"REDIS_URL": redis_url} if redis_url else {})}
    return start_worker(*extra, env=env)


def assert_exactly_one_each(sink: CountingSink, emails: list[str]) -> None:
    received = sink.recipients()
    assert sorted(received) == sorted(emails)
    assert set(received.values()) == {1}
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count() == len(emails)


def test_five_hundred_users_due_at_once_get_exactly_five_hundred_emails(
    transactional_db, start_worker, sink_factory
):
    sink = sink_factory()
    emails = users_due(500)
    start_sending_worker(start_worker, sink, "--concurrency=2")

    out = run("reminders_dispatch")

    assert "claimed=500 messages=1" in out  # one broker message for the whole batch
    sink.wait_for(500)
    assert sink.wait_until_quiet() == 500
    assert_exactly_one_each(sink, emails)


def test_a_worker_killed_mid_batch_and_restarted_still_sends_one_each(
    transactional_db, start_worker, sink_factory
):
    sink = sink_factory(stall_on=60)
    emails = users_due(200)
    worker = start_sending_worker(start_worker, sink, "--pool=solo")
    run("reminders_dispatch")

    assert sink.stalled.wait(timeout=40), "the worker never reached the 60th email"
    os.killpg(worker.pid, signal.SIGKILL)  # mid-batch, in the middle of an SMTP transaction
    worker.wait(timeout=10)
    assert sink.wait_until_quiet(quiet=1.0) == 59
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.SENDING).count() == 1

    start_sending_worker(start_worker, sink, "--pool=solo")
    # The sweeper (every dispatch pass; after ten minutes in production) finds the
    # row left "sending" and the rows whose message died with the worker.
    assert "requeued=141" in run("reminders_dispatch", "--sweep-only", "--stuck-after=0")

    sink.wait_for(200)
    assert sink.wait_until_quiet() == 200
    assert_exactly_one_each(sink, emails)


def test_two_dispatchers_racing_send_no_duplicate(transactional_db, start_worker, sink_factory):
    sink = sink_factory()
    emails = users_due(300)
    start_sending_worker(start_worker, sink, "--concurrency=2")

    racers = [manage("reminders_dispatch", "--claim-batch=25") for _ in range(2)]
    outputs = [racer.communicate(timeout=60)[0] for racer in racers]

    claimed = [int(out.split("claimed=")[1].split()[0]) for out in outputs]
    assert sum(claimed) == 300
    sink.wait_for(300)
    assert sink.wait_until_quiet() == 300
    assert_exactly_one_each(sink, emails)
    assert ReminderDelivery.objects.count() == 300


@pytest.fixture
def throwaway_redis() -> Iterator[Any]:
    """A private redis-server that a test may restart without touching the shared one."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    processes: list[subprocess.Popen[bytes]] = []

    def start() -> str:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        processes.append(process)
        for _ in range(50):
            if process.poll() is None and _port_open(port):
                return f"redis://127.0.0.1:{port}/0"
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop() -> None:
        processes[-1].kill()
        processes[-1].wait(timeout=10)

    yield start, stop
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_restarting_redis_mid_run_loses_none_and_duplicates_none(
    transactional_db, start_worker, sink_factory, throwaway_redis
):
    start_redis, stop_redis = throwaway_redis
    redis_url = start_redis()
    sink = sink_factory()
    emails = users_due(300)
    start_sending_worker(start_worker, sink, "--concurrency=1", redis_url=redis_url)

    # Send tasks of 100 rather than 500, so a short run still spans several broker messages.
    assert "claimed=300 messages=3" in run("reminders_dispatch", "--send-batch=100", redis_url=redis_url)
    sink.wait_for(30)
    # Redis dies with the later batches' messages still queued, and comes back empty.
    stop_redis()
    start_redis()
    assert sink.wait_until_quiet(quiet=3.0) == 100

    sweep = run(
        "reminders_dispatch", "--sweep-only", "--stuck-after=0", "--send-batch=100", redis_url=redis_url
    )
    assert "requeued=200" in sweep
    sink.wait_for(300)
    assert sink.wait_until_quiet() == 300
    assert_exactly_one_each(sink, emails)
