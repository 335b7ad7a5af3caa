"""Make the favicon, the touch icon and the installed app's icons from static/img/icon.svg,
with Debian's Chromium.

    .venv/bin/python tools/make_icons.py

Writes static/root/favicon.ico (16, 32 and 48 pixels, each a PNG inside the ICO, as every
browser since 2007 reads) and static/root/apple-touch-icon.png (180 pixels on the page's
paper colour: iOS paints a transparent touch icon black). WhiteNoise serves static/root/ at
the site's root (WHITENOISE_ROOT), where browsers ask for both. The web app manifest's icons
go to static/img/: app-192.png and app-512.png (the mark on paper, as launchers show it) and
app-maskable-512.png (the mark inside the middle 60 %, the safe zone a launcher's round or
squircle mask never cuts, on paper to the edges). The outputs are committed;
run this again only when the SVG changes.
"""

from __future__ import annotations

import base64
import os
import shutil
import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "static" / "img" / "icon.svg"
OUT = ROOT / "static" / "root"
PAPER = "#fbf7f2"  # --bg in static/css/app.css
FAVICON_SIZES = (16, 32, 48)
TOUCH_SIZE = 180
APP_SIZES = (192, 512)
APP_OUT = ROOT / "static" / "img"


def _html(size: int, *, background: str | None, inset: float) -> str:
    source = "data:image/svg+xml;base64," + base64.b64encode(SVG.read_bytes()).decode()
    fill = f"background:{background};" if background else "background:transparent;"
    pad = round(size * inset)
    return (
        f"<!doctype html><html><body style='margin:0;{fill}'>"
        f"<img src='{source}' width='{size - 2 * pad}' height='{size - 2 * pad}' "
        f"style='display:block;margin:{pad}px'></body></html>"
    )


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding each PNG as it is (one directory entry per size)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries, images = b"", b""
    offset = 6 + 16 * len(pngs)
    for size, png in sorted(pngs.items()):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def main() -> None:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "chromium"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless=new", "--no-sandbox"]
        )

        def shot(size: int, *, background: str | None, inset: float) -> bytes:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(_html(size, background=background, inset=inset))
            png = page.screenshot(omit_background=background is None)
            page.close()
            return png

        pngs = {size: shot(size, background=None, inset=0) for size in FAVICON_SIZES}
        (OUT / "favicon.ico").write_bytes(ico(pngs))
        touch = shot(TOUCH_SIZE, background=PAPER, inset=0.12)
        (OUT / "apple-touch-icon.png").write_bytes(touch)
        for size in APP_SIZES:
            (APP_OUT / f"app-{size}.png").write_bytes(shot(size, background=PAPER, inset=0.12))
        (APP_OUT / "app-maskable-512.png").write_bytes(shot(512, background=PAPER, inset=0.2))
        browser.close()
    print(f"wrote {OUT / 'favicon.ico'}, {OUT / 'apple-touch-icon.png'} and the app icons in {APP_OUT}")


if __name__ == "__main__":
    main()
