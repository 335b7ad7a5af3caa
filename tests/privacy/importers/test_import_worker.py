"""A large file goes through Redis to a real Celery worker, which imports it into the test
database while the page shows its progress; the message carries the preview's id only."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import pytest
from celery.signals import before_task_publish
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from feelings.models import CheckIn
from privacy import services
from privacy.models import ImportPreview, ImportState
from tests.factories import UserFactory
from tests.integration.conftest import real_celery, smtp_sink, start_worker  # noqa: F401 (fixtures)

pytestmark = pytest.mark.integration


def test_a_large_daylio_file_is_imported_by_a_real_worker(start_worker: Any) -> None:  # noqa: F811
    user = UserFactory.create(email="robin@example.com", time_zone="Europe/Berlin")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    rows = [
        f"{date(2025, 12, 1) - timedelta(days=n // 3)},{8 + n % 3}:30 pm,good,walk,,Private words {n}"
        for n in range(services.BACKGROUND_AT + 20)
    ]
    data = ("full_date,time,mood,activities,note_title,note\n" + "\n".join(rows)).encode()
    client.post(reverse("privacy:import_apps"), {"file": SimpleUploadedFile("daylio.csv", data)})
    preview_page = reverse("privacy:import_apps_preview")
    choices = {"time_zone": "Europe/Berlin", "mood_0": "joy", "intensity_0": "7"}

    sent: list[dict[str, Any]] = []

    def keep(body: Any = None, **_: Any) -> None:
        sent.append({"args": list(body[0]), "kwargs": body[1]})

    before_task_publish.connect(keep, weak=False)
    try:
        page = client.post(preview_page, choices, follow=True).content.decode()
    finally:
        before_task_publish.disconnect(keep)
    assert sent == [{"args": [], "kwargs": {"preview_id": ImportPreview.objects.get(owner=user).pk}}]
    assert "Importing…" in page

    start_worker("--concurrency=1")
    deadline = time.monotonic() + 60
    while ImportPreview.objects.get(owner=user).state != ImportState.DONE and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ImportPreview.objects.get(owner=user).state == ImportState.DONE
    assert CheckIn.objects.filter(owner=user).count() == services.BACKGROUND_AT + 20
    assert "Imported 1020 check-ins" in client.get(preview_page).content.decode()
