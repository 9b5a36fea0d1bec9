"""Take full-page screenshots of a running dashboard in Debian's Chromium (a developer tool).

.venv/bin/python scripts/screenshot.py http://localhost:8501/overview out.png [--width 1400]
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--wait", type=int, default=2500, help="ms to wait after the app settles")
    parser.add_argument("--wait-for", help="text that must be visible before the screenshot")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(args.url)
        page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60000)
        if args.wait_for:
            page.get_by_text(args.wait_for).first.wait_for(timeout=120000)
        page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)
        page.wait_for_timeout(args.wait)
        # the app scrolls inside its main container, not the page: grow the window to show it all
        content = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stMainBlockContainer]')]"
            ".map(e => e.scrollHeight))"
        )
        if content > args.height:
            page.set_viewport_size({"width": args.width, "height": content + 40})
            page.wait_for_timeout(800)
        page.screenshot(path=args.out, full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
