"""Take the README's screenshot of ``archiver serve``: serve an archive, load a page in headless
Chromium (Debian's ``chromium``, driven by Playwright), save a PNG.

    python tools/screenshot_serve.py --archive /tmp/bench-100k/archive \
        --path '/?q=mayor&split=outlet&by=year' --out docs/serve-search.png
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from webserver import LAUNCH_ARGS  # noqa: E402 - the browser tests' launch flags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "serve-search.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    from webserver import serving

    with serving(args.archive) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=LAUNCH_ARGS, headless=True)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(server.base + args.path)
        page.wait_for_selector("#timeline[data-ready]", timeout=120_000)
        page.screenshot(path=str(args.out))
        browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
