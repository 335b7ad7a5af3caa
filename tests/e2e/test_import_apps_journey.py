"""Bringing a Daylio history in: upload, map two moods on the preview, confirm, see the
check-ins in the feelings history and charts; the same file again adds nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from accounts.selectors import user_local_today
from feelings.models import CheckIn
from feelings.services import vocabulary_seed
from tests.e2e.conftest import assert_accessible, check_both_schemes, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _daylio_export(user: User, folder: Path) -> Path:
    today = user_local_today(user=user)
    days = [today - timedelta(days=n) for n in (1, 2, 3)]
    rows = [
        f"{days[0]},{days[0]:%B %-d},{days[0]:%A},20:39,rad,friends | cooking,Dinner,<p>Pasta <b>!</b></p>,",
        f"{days[1]},{days[1]:%B %-d},{days[1]:%A},8:20 am,sleepy but ok,,,,Sleep: 2/5",
        f"{days[2]},{days[2]:%B %-d},{days[2]:%A},14:00,rad,work,,,",
    ]
    path = folder / "daylio_export.csv"
    path.write_text("full_date,date,weekday,time,mood,activities,note_title,note,scales\n" + "\n".join(rows))
    return path


def test_a_daylio_history_comes_in_once(
    live_server, context: BrowserContext, page: Page, user: User, tmp_path: Path
) -> None:
    vocabulary_seed()  # transactional tests start from empty tables
    export = _daylio_export(user, tmp_path)
    sign_in(context, user, live_server.url)

    page.goto(live_server.url + "/settings/import/")
    page.get_by_role("link", name="Bring your history from another app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bring your history from another app")
    assert_accessible(page, "import-apps")
    page.get_by_label("Your export from another app").set_input_files(str(export))
    page.get_by_role("button", name="Read the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your file from Daylio")
    expect(page.get_by_test_id("import-months")).to_contain_text("3")
    check_both_schemes(page, "import-apps-preview")
    assert CheckIn.objects.count() == 0  # nothing before the confirmation
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll on a phone
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("Feeling for rad").select_option("joy")
    page.get_by_label("Intensity for rad").fill("8")
    page.get_by_label("Feeling for sleepy but ok").select_option("tiredness")
    page.get_by_label("Intensity for sleepy but ok").fill("3")
    page.get_by_role("button", name="Import 3 records").click()

    expect(page.get_by_test_id("import-result")).to_have_text("Imported 3 check-ins.")
    assert_accessible(page, "import-apps-done")
    page.get_by_role("link", name="See your check-ins").click()
    expect(page.locator(".feeling-list").first).to_contain_text("Joy 8")
    expect(page.get_by_text("Tiredness 3")).to_be_visible()

    page.goto(live_server.url + "/feelings/charts/?feeling=joy&feeling=tiredness&days=30")
    chart = page.get_by_role("img", name="Feelings over time: joy and tiredness")
    expect(chart.locator("desc")).to_contain_text("joy: 2 days, intensity from 8 to 8")
    expect(chart.locator("desc")).to_contain_text("tiredness: 1 day, intensity from 3 to 3")

    page.goto(live_server.url + "/settings/import/apps/")
    page.get_by_label("Your export from another app").set_input_files(str(export))
    page.get_by_role("button", name="Read the file").click()
    page.get_by_label("Feeling for rad").select_option("joy")
    page.get_by_role("button", name="Import 3 records").click()
    expect(page.get_by_role("heading", name="Nothing new")).to_be_visible()
    expect(page.get_by_test_id("import-result")).to_contain_text("nothing new was added")
    assert CheckIn.objects.filter(owner=user).count() == 3
