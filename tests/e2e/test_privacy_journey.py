from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from accounts.selectors import user_local_today
from journal.services import gratitude_item_add
from people.models import PersonKind
from people.services import person_create
from tests.e2e.conftest import COLOUR_RULES, assert_accessible, check_both_schemes, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_exporting_importing_and_deleting_an_account(
    live_server, context: BrowserContext, page: Page, user: User, tmp_path: Path
) -> None:
    sam = person_create(user=user, name="Sam", kind=PersonKind.PARTNER)
    gratitude_item_add(
        user=user, local_date=user_local_today(user=user), text="Sam sang in the kitchen", people=[sam]
    )
    sign_in(context, user, live_server.url)

    page.goto(live_server.url + "/settings/")
    page.get_by_role("link", name="Export your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take everything with you")
    check_both_schemes(page, "privacy-export")

    with page.expect_download() as json_download:
        page.get_by_test_id("export-json").click()
    saved = tmp_path / json_download.value.suggested_filename
    json_download.value.save_as(saved)
    document = json.loads(saved.read_text())
    assert saved.suffix == ".json"
    assert [item["text"] for item in document["gratitude"]] == ["Sam sang in the kitchen"]
    assert document["gratitude"][0]["people"] == [document["people"][0]["key"]]

    with page.expect_download() as zip_download:
        page.get_by_test_id("export-zip").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(zip_download.value.path()).read_bytes()))
    assert "Sam sang in the kitchen _(with Sam)_" in archive.read("journal.md").decode()

    page.goto(live_server.url + "/settings/import/")
    assert_accessible(page, "privacy-import")
    page.get_by_label("Your export file").set_input_files(str(saved))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("nothing new was added")

    page.goto(live_server.url + "/settings/delete/")
    assert_accessible(page, "privacy-delete")
    page.get_by_label("Your password").fill("not the password")
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.get_by_text("That password doesn't match. Nothing has been deleted.")).to_be_visible()
    assert_accessible(page, "privacy-delete-wrong-password")
    assert User.objects.filter(pk=user.pk).exists()

    page.get_by_label("Your password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.get_by_role("status")).to_contain_text("Your account and everything in it are deleted")
    expect(page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")).to_be_visible()
    assert not User.objects.filter(pk=user.pk).exists()


def test_the_privacy_page_reads_well_signed_out_at_320px(live_server, context: BrowserContext, page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Privacy: what we keep and how to take it with you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your privacy, in plain words")
    expect(page.get_by_text("What you write is encrypted inside the database.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "privacy-page")
    page.emulate_media(color_scheme="dark")
    assert_accessible(page, "privacy-page-dark", rules=COLOUR_RULES)
