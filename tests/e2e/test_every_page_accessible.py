"""axe-core finds no violation on any page, in light and dark mode, at 1280 and 375 pixels wide,
and no page scrolls sideways at either width.

The pages are every page the app serves (tests/pages/every_page.py: found from the URL
resolver, signed in with a little of everything and signed out). To stay quick, one browser
context per width visits each page once and axe-core runs twice on it, light then dark, with
its script put in once per page; in dark mode, where only colours change, it runs the rules
that read colours.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Browser

from tests.e2e.conftest import AXE_SCRIPT, COLOUR_RULES, axe_violations, describe_violation, sign_in
from tests.pages.every_page import READ_AT, account_and_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)
SCHEMES = ("light", "dark")


# Some 45 pages, two ways at each width: about half a minute a width on a quiet machine, several
# on a busy one. One test per width, so the two widths can run in the suite's two processes.
@pytest.mark.timeout(900)
@pytest.mark.parametrize("width", WIDTHS, ids=[f"{width}px" for width in WIDTHS])
def test_axe_core_finds_no_violation_on_any_page_light_and_dark_wide_and_narrow_and_none_scrolls_sideways(
    live_server, browser: Browser, width: int
) -> None:
    started = time.monotonic()
    user, pages = account_and_pages()
    problems: list[str] = []
    checked = 0
    with time_machine.travel(READ_AT, tick=True):
        context = browser.new_context(viewport={"width": width, "height": 900}, timezone_id="Europe/Berlin")
        context.set_default_timeout(10_000)
        # axe-core goes into every page as it loads, without a round trip per page.
        context.add_init_script(AXE_SCRIPT)
        page = context.new_page()
        signed_in_now = False
        for found in sorted(pages, key=lambda p: not p.signed_in):
            if found.signed_in and not signed_in_now:
                sign_in(context, user, live_server.url)
                signed_in_now = True
            elif not found.signed_in and signed_in_now:
                context.clear_cookies()
                signed_in_now = False
            page.goto(live_server.url + found.url)
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                problems.append(f"{found.label} {width}px: scrolls sideways ({wide}px wide)")
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
                label = f"{found.label} {scheme} {width}px"
                rules = COLOUR_RULES if scheme == "dark" else None
                problems += [describe_violation(label, v) for v in axe_violations(page, rules=rules)]
                checked += 1
            page.emulate_media(color_scheme="light")
        context.close()
    print(f"axe-core checked {len(pages)} pages in {checked} variants in {time.monotonic() - started:.1f} s")
    assert not problems, f"{len(problems)} axe-core violations:\n" + "\n".join(problems)
    assert checked == len(pages) * len(SCHEMES) and len(pages) > 35


def test_dark_mode_changes_only_colours() -> None:
    """What lets the dark pass above run only axe-core's colour rules."""
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text("utf-8")
    blocks = re.findall(r"@media \(prefers-color-scheme: dark\) \{(.*?)\n\}", css, flags=re.S)
    assert blocks, "app.css has no dark mode"
    for block in blocks:
        declarations = re.findall(r"([\w-]+)\s*:\s*[^;{}]+;", block)
        assert declarations
        changed = [name for name in declarations if not name.startswith("--")]
        assert not changed, f"dark mode sets more than colour variables: {changed}"
