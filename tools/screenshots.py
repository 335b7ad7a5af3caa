"""Screenshots for the README, taken from a running Compersion with the demo user.

    .venv/bin/python manage.py seed_demo --users 1 --days 400
    make run            # or any server; then, in another terminal:
    .venv/bin/python tools/screenshots.py http://127.0.0.1:8000

Signs in through the sign-in page as demo1@example.com (seed_demo's password) in Debian's
Chromium and writes docs/screenshots/*.png: a laptop in light mode and a phone in dark mode.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
EMAIL, PASSWORD = "demo1@example.com", "compersion-demo"
# (file name, path, width, height, colour scheme)
SHOTS = [
    ("today-laptop", "/", 1100, 760, "light"),
    ("journal-laptop", "/journal/", 1100, 760, "light"),
    ("kindness-laptop", "/kindness/", 1100, 760, "light"),
    ("feelings-laptop", "/feelings/", 1100, 760, "light"),
    ("today-phone-dark", "/", 375, 740, "dark"),
    ("menu-phone-dark", "/journal/", 375, 740, "dark"),
]


def sign_in(browser: Browser, base: str) -> str:
    """The session cookie's value after signing in through the form, as a person would."""
    page = browser.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")
    cookies = page.context.cookies()
    page.close()
    return next(c["value"] for c in cookies if c["name"] == "sessionid")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base_url", help="where Compersion runs, such as http://127.0.0.1:8000")
    parser.add_argument(
        "--session-only",
        action="store_true",
        help="only sign in and print the session cookie (for Lighthouse)",
    )
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "chromium"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--headless=new", "--no-sandbox", "--disable-background-networking"],
        )
        session = sign_in(browser, base)
        if args.session_only:
            print(session)
            return
        for name, path, width, height, scheme in SHOTS:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme=scheme,  # type: ignore[arg-type]
                timezone_id="Europe/Berlin",
            )
            context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
            page = context.new_page()
            page.goto(base + path)
            if name.startswith("menu-"):
                page.locator("summary", has_text="Menu").click()
            page.screenshot(path=str(OUT / f"{name}.png"))
            context.close()
            print(f"wrote docs/screenshots/{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
