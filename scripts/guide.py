"""`make guide`: the user manual (issue 26) from fresh screenshots of the running demo.

Writes the demo workspace (build/guide/workspace, when missing), starts the app on it, takes every
screenshot declared in data/guide/manual.toml in Debian's Chromium (build/guide/shots/<lang>/ID.png),
then builds build/guide/manual-<lang>.pdf (A4, table of contents) and the quick cards
build/guide/quickcard-<lang>.pdf (two A4 pages per journey). The dashboard's manual page shows the
same pictures and offers both PDFs.

.venv/bin/python -m scripts.guide [--lang th en] [--out build/guide] [--no-shots] [--only ID ...]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from analysis.guide.content import BUILD_ENV, Shot, build_dir, card_path, pdf_path, shot_path, shots
from analysis.guide.pdf import manual_pdf
from analysis.guide.quickcard import quickcard_pdf
from analysis.i18n import LANGUAGES, translate

VIEWPORT = {"width": 1366, "height": 900}


def take_shots(url: str, build: Path, lang: str, only: list[str] | None = None) -> list[Path]:
    """Every declared screenshot (or ``only`` those) of the app at ``url`` in ``lang``."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, locale="th-TH" if lang == "th" else "en-GB")
        for shot in shots().values():
            if only and shot.id not in only:
                continue
            out = shot_path(build, shot.id, lang)
            out.parent.mkdir(parents=True, exist_ok=True)
            _shoot(page, url, shot, lang, out)
            taken.append(out)
        browser.close()
    return taken


def _shoot(page, url: str, shot: Shot, lang: str, out: Path) -> None:
    from tests.browser import settled_map, wait_until_idle

    query = "&".join(
        part for part in (f"area={shot.area}" if shot.area else "", "lang=en" if lang == "en" else "") if part
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": shot.height})
    page.goto(f"{url}/{shot.page}?{query}")
    page.wait_for_selector("[data-testid='stMainBlockContainer']", timeout=60000)
    wait_until_idle(page, settle_ms=1200)
    for key in shot.click:
        page.get_by_text(translate(key, lang), exact=True).first.click()
        wait_until_idle(page, settle_ms=1200)
    if shot.page == "map":
        settled_map(page)
    if shot.scroll_to:
        target = page.get_by_text(translate(shot.scroll_to, lang), exact=True).first
        target.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(500)
    page.mouse.move(0, shot.height - 1)  # no hover tooltip in the picture
    page.screenshot(path=str(out))


def build(build_folder: Path, languages: list[str], with_shots: bool = True, only: list[str] | None = None) -> dict:
    """Screenshots (when ``with_shots``) and the PDFs; returns what was made, with timings."""
    made: dict = {"shots": {}, "pdf": {}, "seconds": {}}
    if with_shots:
        from analysis.demo import create_demo
        from tests.browser import running_app

        workspace = build_folder / "workspace"
        if not (workspace / "state.json").is_file():
            started = time.monotonic()
            create_demo(workspace)
            made["seconds"]["demo"] = round(time.monotonic() - started, 1)
        with running_app(workspace, timeout=120) as url:
            for lang in languages:
                started = time.monotonic()
                made["shots"][lang] = take_shots(url, build_folder, lang, only)
                made["seconds"][f"shots_{lang}"] = round(time.monotonic() - started, 1)
    for lang in languages:
        started = time.monotonic()
        out = pdf_path(build_folder, lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(manual_pdf(lang, build_folder))
        card_path(build_folder, lang).write_bytes(quickcard_pdf(lang, build_folder))
        made["pdf"][lang] = out
        made["seconds"][f"pdf_{lang}"] = round(time.monotonic() - started, 1)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=None, help=f"build folder (default build/guide or ${BUILD_ENV})")
    parser.add_argument("--lang", nargs="+", choices=LANGUAGES, default=list(LANGUAGES))
    parser.add_argument("--no-shots", action="store_true", help="build the PDFs from the screenshots already taken")
    parser.add_argument("--only", nargs="+", help="take only these screenshots (ids of data/guide/manual.toml)")
    args = parser.parse_args()
    made = build(args.out or build_dir(), args.lang, not args.no_shots, args.only)
    for lang, pdf in made["pdf"].items():
        print(f"{pdf} ({len(made['shots'].get(lang, []))} screenshots taken)")
    print("seconds:", made["seconds"])


if __name__ == "__main__":
    main()
