"""The presentation mode on a projector, in Debian's Chromium: at 1366×768 and 1920×1080 every
slide fits the screen without scrolling and none of its text is cut; the controls stay hidden until
the mouse moves; a slide changes in well under 0.2 s (pre-rendered); the working-group and closing
slides are there; the charts' axes say their unit."""

from __future__ import annotations

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, running_app, wait_until_idle

pytestmark = pytest.mark.browser

FITS = """() => {
  const root = document.getElementById('cia-present');
  const stage = root.querySelector('.stage').getBoundingClientRect();
  const slides = Array.from(root.querySelectorAll('.slide'));
  const out = [];
  slides.forEach(function (slide, i) {
    slide.classList.add('active');
    const body = slide.querySelector('.body');
    out.push({key: slide.dataset.key, overflow: body.scrollHeight - body.clientHeight,
              wide: body.scrollWidth - body.clientWidth});
    slide.classList.remove('active');
  });
  slides[Number(root.dataset.slide) - 1].classList.add('active');
  return {stage: [stage.left, stage.top, stage.right, stage.bottom], slides: out,
          scroll: [document.documentElement.scrollHeight, window.innerHeight]};
}"""

CHANGE = """() => new Promise(function (resolve) {
  const root = document.getElementById('cia-present');
  const before = Number(root.dataset.slide);
  const start = performance.now();
  document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight'}));
  requestAnimationFrame(function () {
    const shown = root.querySelector('.slide.active');
    resolve({ms: performance.now() - start, moved: Number(root.dataset.slide) === before + 1,
             visible: shown.getBoundingClientRect().height > 0});
  });
})"""


def test_the_presentation_fits_a_projector(demo_path):
    from playwright.sync_api import sync_playwright

    with running_app(demo_path) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in ((1366, 768), (1920, 1080)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{url}/present?area=990101")
            page.wait_for_selector("#cia-present .slide.active", timeout=90000)
            wait_until_idle(page, 800)
            _check(page, width, height)
            page.close()
        browser.close()


def _check(page, width: int, height: int) -> None:
    fitted = page.evaluate(FITS)
    left, top, right, bottom = fitted["stage"]
    assert left >= -1 and top >= -1 and right <= width + 1 and bottom <= height + 1  # the whole slide shows
    assert fitted["scroll"][0] <= height + 1  # the page itself does not scroll
    keys = [s["key"] for s in fitted["slides"]]
    assert keys[:3] == ["title", "profile", "team"] and keys[-1] == "closing"
    assert [s for s in fitted["slides"] if s["overflow"] > 1 or s["wide"] > 1] == []  # nothing cut
    controls = page.locator("#cia-present .controls")
    assert controls.evaluate("e => getComputedStyle(e).opacity") == "0"  # hidden until the mouse moves
    page.mouse.move(width / 2, height / 2)
    page.mouse.move(width / 2 + 40, height / 2 + 10)
    page.wait_for_timeout(300)
    assert controls.evaluate("e => getComputedStyle(e).opacity") == "1"
    assert controls.locator(".counter").inner_text() == f"1 / {len(keys)}"
    page.wait_for_timeout(2900)
    assert controls.evaluate("e => getComputedStyle(e).opacity") == "0"  # and hide again
    times = []
    for _ in range(len(keys) - 1):
        changed = page.evaluate(CHANGE)
        assert changed["moved"] and changed["visible"]
        times.append(changed["ms"])
    assert max(times) <= 200, times
    axes = page.locator("#cia-present .axis-title").all_inner_texts()
    assert "ร้อยละไม่ผ่านเกณฑ์ (%)" in axes and "งบประมาณ (บาท)" in axes
