"""The presentation mode as one self-contained HTML page: every slide of the deck's story
(analysis.contest.slides) pre-rendered, so changing slides only shows another one (no server
round trip: well under 0.2 s). Each slide is laid out on a 1600×900 stage scaled to fit the screen
(1366×768, 1920×1080, any projector) without scrolling; text that would not fit is made smaller at
load, never cut. The controls (◀ n/N ▶, full screen, leave) stay hidden until the mouse moves.
Keys: → ↓ PageDown space next, ← ↑ PageUp previous, Home, End, F full screen.

Every text from data or users is escaped; the page loads nothing from elsewhere."""

from __future__ import annotations

import base64
from html import escape

from analysis.contest.html_charts import CHART_CSS, chart_html
from analysis.contest.pdf import font_stack, style
from analysis.contest.slides import Slide
from analysis.i18n import translate

PRESENT_CSS = """
#cia-present { position: fixed; inset: 0; z-index: 999990; background: #0b1722; overflow: hidden;
  font-family: %(font)s; color: #1f2933; }
#cia-present * { font-family: inherit; box-sizing: border-box; }
#cia-present p, #cia-present ul, #cia-present li, #cia-present td, #cia-present th { font-size: inherit; line-height: inherit;
  color: inherit; margin-top: 0; }
#cia-present .stage { position: absolute; left: 50%%; top: 50%%; width: 1600px; height: 900px;
  transform-origin: center center; background: white; }
#cia-present .slide { position: absolute; inset: 0; padding: 48px 64px 40px; display: none; flex-direction: column; }
#cia-present .slide.active { display: flex; }
#cia-present h1 { font-size: 50px; line-height: 1.2; color: %(accent)s; margin: 0 0 6px; }
#cia-present .sub { font-size: 28px; color: #52606d; margin: 0 0 14px; }
#cia-present .body { flex: 1; min-height: 0; overflow: hidden; font-size: 30px; line-height: 1.45; }
#cia-present .body ul { margin: 0; padding-left: 1.1em; } #cia-present .body li { margin-bottom: 0.35em; }
#cia-present .cover { justify-content: center; text-align: center; }
#cia-present .cover h1 { font-size: 72px; } #cia-present .cover .sub { font-size: 34px; }
#cia-present .cover .body { flex: none; font-size: 30px; color: #52606d; }
#cia-present table { border-collapse: collapse; width: 100%%; font-size: 1em; table-layout: fixed; }
#cia-present th { background: %(accent)s; color: white; text-align: left; }
#cia-present th, #cia-present td { border: 1px solid #cbd2d9; padding: 6px 12px; vertical-align: top; }
#cia-present tr:nth-child(even) td { background: #f5f7fa; }
#cia-present .picture { max-width: 100%%; max-height: 100%%; display: block; margin: 0 auto; object-fit: contain; }
#cia-present .photos { display: flex; gap: 20px; height: 100%%; }
#cia-present .photos figure { flex: 1; margin: 0; display: flex; flex-direction: column; min-width: 0; }
#cia-present .photos img { width: 100%%; flex: 1; min-height: 0; object-fit: contain; border-radius: 6px; }
#cia-present .photos figcaption { font-size: 22px; color: #52606d; }
#cia-present .split { display: flex; gap: 28px; height: 100%%; } #cia-present .split > * { flex: 1; min-width: 0; }
#cia-present .demo { position: absolute; right: 24px; bottom: 10px; font-size: 18px; color: #8a6d00; }
#cia-present .controls { position: absolute; left: 50%%; bottom: 18px; transform: translateX(-50%%);
  display: flex; gap: 10px; align-items: center; background: rgba(15, 23, 34, 0.82); color: white;
  border-radius: 10px; padding: 8px 14px; font-size: 18px; opacity: 0; pointer-events: none;
  transition: opacity 0.15s; }
#cia-present.moving .controls { opacity: 1; pointer-events: auto; }
#cia-present .controls button, #cia-present .controls a { background: #334e68; color: white; border: 0;
  border-radius: 6px; padding: 6px 14px; font: inherit; cursor: pointer; text-decoration: none; }
#cia-present.idle { cursor: none; }
"""

PRESENT_JS = """
(function () {
  const root = document.getElementById('cia-present');
  if (!root || root.dataset.ready) return;
  root.dataset.ready = '1';
  // over the whole window: out of any page element whose style would make it the fixed box's frame
  if (root.parentElement !== document.body) {
    document.querySelectorAll('body > #cia-present').forEach(function (old) { old.remove(); });
    const marker = document.createElement('span');
    root.parentElement.insertBefore(marker, root);
    document.body.appendChild(root);
    // the page left (another page of the app): the slides go with it
    const watch = setInterval(function () {
      if (!document.body.contains(marker)) { root.remove(); clearInterval(watch); }
    }, 400);
  }
  const stage = root.querySelector('.stage');
  const slides = Array.from(root.querySelectorAll('.slide'));
  const counter = root.querySelector('.counter');
  let current = Math.min(Math.max(parseInt((location.hash.match(/slide-(\\d+)/) || [0, 1])[1], 10) - 1, 0), slides.length - 1);
  function fit() {
    const scale = Math.min(window.innerWidth / 1600, window.innerHeight / 900);
    stage.style.transform = 'translate(-50%, -50%) scale(' + scale + ')';
  }
  function shrink(slide) {  // text that does not fit is made smaller, never cut
    const body = slide.querySelector('.body');
    if (!body) return;
    let size = parseFloat(getComputedStyle(body).fontSize);
    while (body.scrollHeight > body.clientHeight + 1 && size > 14) {
      size -= 1;
      body.style.fontSize = size + 'px';
    }
  }
  function show(index) {
    current = Math.min(Math.max(index, 0), slides.length - 1);
    slides.forEach(function (s, i) { s.classList.toggle('active', i === current); });
    counter.textContent = (current + 1) + ' / ' + slides.length;
    history.replaceState(null, '', location.pathname + location.search + '#slide-' + (current + 1));
    root.dataset.slide = String(current + 1);
  }
  slides.forEach(function (s) { s.classList.add('active'); shrink(s); s.classList.remove('active'); });
  fit();
  show(current);
  window.addEventListener('resize', fit);
  let timer = null;
  function moved() {
    root.classList.add('moving');
    root.classList.remove('idle');
    clearTimeout(timer);
    timer = setTimeout(function () { root.classList.remove('moving'); root.classList.add('idle'); }, 2500);
  }
  root.addEventListener('mousemove', moved);
  document.addEventListener('keydown', function (e) {
    if (['ArrowRight', 'ArrowDown', 'PageDown', ' '].includes(e.key)) { show(current + 1); e.preventDefault(); }
    else if (['ArrowLeft', 'ArrowUp', 'PageUp'].includes(e.key)) { show(current - 1); e.preventDefault(); }
    else if (e.key === 'Home') { show(0); } else if (e.key === 'End') { show(slides.length - 1); }
    else if (e.key === 'f' || e.key === 'F') { toggleFull(); }
  });
  function toggleFull() {
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (root.requestFullscreen) { root.requestFullscreen(); }
  }
  root.querySelector('.prev').addEventListener('click', function () { show(current - 1); });
  root.querySelector('.next').addEventListener('click', function () { show(current + 1); });
  root.querySelector('.full').addEventListener('click', toggleFull);
})();
"""


def scoped(css: str, scope: str) -> str:
    """``css`` with every selector under ``scope`` (the page around the slides keeps its own style)."""
    rules = []
    for rule in css.split("}"):
        if "{" not in rule:
            continue
        selectors, body = rule.split("{", 1)
        prefixed = ", ".join(f"{scope} {s.strip()}" for s in selectors.split(",") if s.strip())
        rules.append(f"{prefixed} {{{body}}}")
    return "\n".join(rules)


def _png(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _table(slide: Slide) -> str:
    table = slide.table
    total = sum(table.widths)
    columns = "".join(f"<col style='width:{100 * w / total:.1f}%'>" for w in table.widths)
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{'<br>'.join(escape(p) for p in str(v).split(chr(10)))}</td>" for v in row) + "</tr>"
        for row in table.rows
    )
    return f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


JPEG = b"\xff\xd8"


def _photos(photos: list[tuple[bytes, str]]) -> str:
    figures = "".join(
        f"<figure><img src='{_png(data, 'image/jpeg' if data.startswith(JPEG) else 'image/png')}' alt=''>"
        f"<figcaption>{escape(caption)}</figcaption></figure>"
        for data, caption in photos
    )
    return f"<div class='photos'>{figures}</div>"


def _body(slide: Slide, lang: str) -> str:
    parts = []
    if slide.chart:
        parts.append(chart_html(slide.chart, lang))
    if slide.table:
        parts.append(_table(slide))
    if slide.image:
        parts.append(f"<img class='picture' src='{_png(slide.image)}' alt='{escape(slide.title)}'>")
    bullets = "<ul>" + "".join(f"<li>{escape(b)}</li>" for b in slide.bullets) + "</ul>" if slide.bullets else ""
    if bullets and slide.photos:
        parts.append(f"<div class='split'>{bullets}{_photos(slide.photos[:1])}</div>")
    elif bullets:
        parts.append(bullets)
    elif slide.photos:
        parts.append(_photos(slide.photos))
    return "".join(parts)


def _slide(slide: Slide, lang: str) -> str:
    cover = slide.key in ("title", "closing")
    if cover:
        lines = "".join(f"<p>{escape(b)}</p>" for b in slide.bullets)
        body = f"<div class='body'>{lines}</div>"
    else:
        body = f"<div class='body'>{_body(slide, lang)}</div>"
    sub = f"<p class='sub'>{escape(slide.subtitle)}</p>" if slide.subtitle else ""
    return (
        f"<section class='slide{' cover' if cover else ''}' data-key='{escape(slide.key)}'>"
        f"<h1>{escape(slide.title)}</h1>{sub}{body}</section>"
    )


def presentation_html(slides: list[Slide], lang: str = "th", demo_note: str | None = None, leave_href: str = "") -> str:
    """The presentation (a fragment with its style and script: the Streamlit page shows it over
    everything; ``standalone_presentation`` wraps it in a page of its own)."""
    css = PRESENT_CSS % {"font": font_stack("deck"), "accent": style()["accent"]} + scoped(CHART_CSS, "#cia-present")
    demo = f"<div class='demo'>{escape(demo_note)}</div>" if demo_note else ""
    leave = (
        f"<a class='leave' href='{escape(leave_href)}'>✕ {escape(translate('present.leave', lang))}</a>"
        if leave_href
        else ""
    )
    controls = (
        "<div class='controls'><button class='prev' aria-label='previous'>◀</button><span class='counter'></span>"
        f"<button class='next' aria-label='next'>▶</button><button class='full'>⛶ {escape(translate('present.full_screen', lang))}</button>"
        f"{leave}</div>"
    )
    sections = "".join(_slide(s, lang) for s in slides)
    return (
        f"<style>{css}</style><div id='cia-present' lang='{lang}'>"
        f"<div class='stage'>{sections}{demo}</div>{controls}</div><script>{PRESENT_JS}</script>"
    )


def standalone_presentation(slides: list[Slide], title: str, lang: str = "th", demo_note: str | None = None) -> str:
    """The presentation as a file of its own (opens without the app or the internet)."""
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{escape(title)}</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'></head><body style='margin:0'>"
        f"{presentation_html(slides, lang, demo_note)}</body></html>"
    )
