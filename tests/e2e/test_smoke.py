from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, check_both_schemes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_landing_page_says_what_compersion_is(live_server, page: Page):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Be glad for the people you love")
    assert_accessible(page, "landing")


def test_the_accessibility_check_fails_on_a_field_without_a_label(page: Page):
    # What every journey leans on: the check sees a violation, in the whole page or within a part.
    page.set_content('<html lang="en"><title>t</title><main><div id="part"><input></div></main></html>')
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page, "unlabelled-field")
    with pytest.raises(AssertionError, match="label"):
        check_both_schemes(page, "unlabelled-field-part", within="#part")
