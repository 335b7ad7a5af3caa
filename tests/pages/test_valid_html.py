"""The W3C Nu HTML checker finds no error on any page, nor in the HTML emails.

Every page (tests/pages/every_page.py) is rendered with Django's test client and written to a
folder, then vnu.jar (npm's vnu-jar, pinned in package-lock.json; run with Debian's Java) checks
them all in one run, as a JVM takes seconds to start.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accounts.models import ReminderKind
from reminders.emails import reminder_message
from tests.pages.every_page import READ_AT, Page, account_and_pages

ROOT = Path(__file__).resolve().parents[2]
VNU = Path(os.environ.get("VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


CONTROL = """<!doctype html><html lang="en"><head><title>Control</title></head>
<body><button hx-get="/x">Go</button></body></html>"""


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if not java:
        pytest.fail("Java is not installed: run `apt-get install -y default-jre-headless` (see .ci/run).")
    if not VNU.exists():
        pytest.fail(f"The Nu HTML checker is missing at {VNU}: run `npm ci --ignore-scripts` (see Makefile).")
    # The quick compiler only and a plain collector: a third of the time for one short run.
    jvm = ["-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    # Language detection only ever warns, and errors are what fail the test.
    checks = ["--errors-only", "--no-langdetect", "--format", "json", "--exit-zero-always"]
    return [java, *jvm, "-jar", str(VNU), *checks]


def nu_errors(files: dict[Path, str]) -> list[str]:
    """Each error the checker reports, as 'what it checked, line N: message (the markup)'."""
    result = subprocess.run(  # noqa: S603 - our own files, a fixed command
        [*vnu_command(), *map(str, files)], capture_output=True, text=True, timeout=240, check=False
    )
    report = json.loads(result.stderr or result.stdout)
    errors = []
    for message in report["messages"]:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        where = files.get(Path(message.get("url", "").removeprefix("file:")), message.get("url", "?"))
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{where}, line {message.get('lastLine', '?')}: {message['message']} ({extract})")
    return errors


@pytest.mark.django_db
def test_the_nu_html_checker_finds_no_error_on_any_page_or_email(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    user, pages = account_and_pages()
    files = {_write(tmp_path, f"page-{n}.html", page.html): page.label for n, page in enumerate(pages)}
    # A control with the mistake the issue found (a bare hx-* attribute): proof the checker checks.
    files[_write(tmp_path, "control.html", CONTROL)] = "the control"
    with time_machine.travel(READ_AT, tick=True):
        for kind in ReminderKind:
            message = reminder_message(user=user, kind=kind, local_date=date(2026, 3, 14), test=True)
            files[_write(tmp_path, f"reminder-{kind}.html", str(message.alternatives[0][0]))] = (
                f"the {kind} reminder email"
            )
        mail.outbox.clear()
        signed_out = Client()
        with django_capture_on_commit_callbacks(execute=True):
            signed_out.post("/accounts/password/reset/", {"email": user.email})
        for number, sent in enumerate(mail.outbox):
            for html, _type in getattr(sent, "alternatives", []):
                files[_write(tmp_path, f"mail-{number}.html", str(html))] = f"the email '{sent.subject}'"

    started = time.monotonic()
    errors = nu_errors(files)
    control = [error for error in errors if error.startswith("the control")]
    errors = [error for error in errors if not error.startswith("the control")]
    print(f"the Nu HTML checker read {len(files)} documents in {time.monotonic() - started:.1f} s")

    assert not errors, f"{len(errors)} Nu HTML checker errors:\n" + "\n".join(errors)
    assert control and "hx-get" in control[0], control
    # The walk really found the pages: each practice's, signed in and out, and the emails.
    labels = set(files.values())
    assert {
        Page("/", True).label,
        Page("/journal/", True).label,
        Page("/kindness/ideas/", True).label,
        Page("/feelings/", True).label,
        Page("/people/", True).label,
        Page("/settings/", True).label,
        Page("/", False).label,
        Page("/accounts/login/", False).label,
    } <= labels
    assert len(pages) > 35
    assert [label for label in labels if label.startswith("the email")], "no password reset email was sent"


def _write(folder: Path, name: str, html: str) -> Path:
    path = folder / name
    path.write_text(html, encoding="utf-8")
    return path
