"""The series as a static book, read in headless Chromium with no network beyond 127.0.0.1.

Builds the book with `book/build.sh` into a temporary folder (every chapter executed afresh), serves
it on 127.0.0.1 and opens every chapter page with every other request blocked. Fails on a page
error, a blocked request, a missing local file, a figure that did not load, a cell that wrote an
error or a warning (matplotlib warns when a figure's text has a glyph its font lacks, such as Hangul
without a Korean font), a widget that did not render, a slider whose readout does not follow the
arrow keys, or Korean text in the page drawn without a Korean font. Screenshots go to artifacts/book/.

Needs what the browser test needs (Debian's `chromium`, the `playwright` package), Jupyter Book
(`pip install -r requirements-book.txt`) and, the first time, `npm` (build.sh fetches the pages'
JavaScript from the npm registry into book/_vendor/). `.ci/run` installs all of them; elsewhere the
test skips with a message saying what is missing."""
import functools
import http.server
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from notebook_store import notebooks

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = notebooks()
ARTIFACTS = ROOT / "artifacts" / "book"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
VENDOR = ROOT / "book" / "_vendor"
WIDGET_FAILURES = ("Error displaying widget", "Failed to load model class")
HANGUL = re.compile("[\uac00-\ud7a3]")
KOREAN_FONTS = re.compile(r"CJK|Nanum|Gothic|Malgun|Gulim|Dotum|Batang|Apple SD", re.I)


def _offline():
    """book/offline.py, the Sphinx extension that keeps the pages off the network."""
    spec = importlib.util.spec_from_file_location("book_offline", ROOT / "book" / "offline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _missing():
    if importlib.util.find_spec("playwright") is None:
        return "the book test needs `pip install playwright`"
    if CHROMIUM is None:
        return "the book test needs Chromium (Debian: apt-get install chromium)"
    if importlib.util.find_spec("jupyter_book") is None:
        return "the book test needs Jupyter Book: pip install -r requirements-book.txt"
    if shutil.which("npm") is None and len(list(VENDOR.glob("*.tgz"))) < 3:
        return "the book test needs npm once, to fetch the pages' JavaScript (Debian: apt-get install npm)"
    return None


class _Site(http.server.SimpleHTTPRequestHandler):
    """Serves the built site quietly and remembers every path it could not find."""
    not_found = None

    def log_message(self, *args):
        pass

    def send_error(self, code, *args, **kwargs):
        if code == 404:
            self.not_found.append(urllib.parse.unquote(self.path))
        super().send_error(code, *args, **kwargs)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    missing = _missing()
    if missing:
        pytest.skip(missing)
    out = tmp_path_factory.mktemp("book")
    env = dict(os.environ, BOOK_PYTHON=sys.executable)
    build = subprocess.run(["bash", str(ROOT / "book" / "build.sh"), str(out)], env=env,
                           capture_output=True, text=True, timeout=1200)
    assert build.returncode == 0, f"book/build.sh failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
    html = out / "html"
    handler = type("Handler", (_Site,), {"not_found": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(html)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    from playwright.sync_api import sync_playwright
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            try:
                yield browser, f"http://127.0.0.1:{server.server_address[1]}", html, handler.not_found
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def _open(browser, base, page_name):
    """Open one page of the site; return it with the lists of blocked requests and page errors."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    blocked, errors = [], []

    def route(r):
        if urllib.parse.urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()
    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/{page_name}", wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, blocked, errors


def _fonts_of(page, element_handle):
    """The platform fonts Chromium used to draw an element's text (CSS.getPlatformFontsForNode)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    element_handle.evaluate("e => e.setAttribute('data-font-probe', '1')")
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-font-probe]"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return [f["familyName"] for f in fonts]


def _move_a_slider(page):
    """Press ArrowRight on sliders until one readout changes; return (before, after) or None."""
    sliders = page.locator(".widget-slider:not(.mod-disabled)")
    for i in range(min(sliders.count(), 6)):
        slider = sliders.nth(i)
        handle, readout = slider.locator(".noUi-handle").first, slider.locator(".widget-readout").first
        if not handle.count() or not readout.count():
            continue
        before = readout.text_content().strip()
        handle.scroll_into_view_if_needed()
        handle.focus()
        for _ in range(3):
            handle.press("ArrowRight")
        page.wait_for_timeout(300)
        after = readout.text_content().strip()
        if after == before:                        # at its maximum: try the other way
            for _ in range(3):
                handle.press("ArrowLeft")
            page.wait_for_timeout(300)
            after = readout.text_content().strip()
        if after != before:
            return before, after
    return None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapter_page(book, path):
    browser, base, html, not_found = book
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert (html / f"{path.stem}.html").is_file(), f"the book has no page for {path.name}"
    page, blocked, errors = _open(browser, base, f"{path.stem}.html")
    try:
        page.wait_for_selector(".cell_output .jupyter-widgets", timeout=30000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ARTIFACTS / f"{path.stem}.png"), full_page=False)

        figures = page.eval_on_selector_all(".cell_output img", "els => els.map(e => [e.src, e.naturalWidth])")
        assert figures, "the page shows no figure"
        broken = [src for src, width in figures if not width]
        assert not broken, f"{len(broken)} of {len(figures)} figures did not load, the first {broken[0]}"

        written = page.eval_on_selector_all(".cell_output .stderr", "els => els.map(e => e.textContent)")
        bad = [w for w in written if re.search(r"Error|Traceback|Warning", w)]
        assert not bad, f"a cell wrote an error or a warning (a glyph missing from matplotlib's font?): {bad[0][:300]}"

        text = page.inner_text("main")
        for failure in WIDGET_FAILURES:
            assert failure not in text, f"a widget shows {failure!r}"
        assert page.locator(".cell_output .widget-slider").count(), "no slider rendered"
        assert page.locator("main .admonition:has-text('Needs a live kernel')").count(), \
            "no note saying what needs a live kernel"
        moved = _move_a_slider(page)
        assert moved, "no slider's readout changed when its handle was moved with the arrow keys"

        korean = page.locator("main p, main td, main li").filter(has_text=HANGUL).first
        if korean.count():
            fonts = _fonts_of(page, korean.element_handle())
            assert any(KOREAN_FONTS.search(f) for f in fonts), f"Korean text drawn with {fonts} only"

        assert not errors, f"page errors: {errors[:3]}"
        assert not blocked, f"{len(blocked)} requests left the site, the first {blocked[0]}"
        missing = [p for p in not_found if not p.endswith("favicon.ico")]
        assert not missing, f"the site lacks {missing[:5]}"
        print(f"{path.stem}: {len(figures)} figures, slider {moved[0]} -> {moved[1]}")
    finally:
        page.close()


@pytest.mark.parametrize("page_name", ["index.html", "intro.html", "notation.html", "search.html?q=gradient"])
def test_book_pages(book, page_name):
    """The landing page lists every chapter, the notation card renders, and search finds words."""
    browser, base, html, not_found = book
    page, blocked, errors = _open(browser, base, page_name)
    try:
        if page_name.startswith("search"):
            page.wait_for_selector("#search-results li", timeout=30000)
            assert page.locator("#search-results li").count() >= 3, "searching 'gradient' finds little"
        if page_name == "intro.html":
            links = page.eval_on_selector_all("main a", "els => els.map(e => e.getAttribute('href'))")
            for chapter in NOTEBOOKS:
                assert f"{chapter.stem}.html" in links, f"the landing page does not link {chapter.stem}"
            assert "notation.html" in links
            assert "pip install -r requirements.txt" in page.inner_text("main")
        if page_name == "notation.html":
            assert page.locator("main mjx-container").count() > 20, "MathJax did not typeset the notation card"
        assert not errors, f"page errors: {errors[:3]}"
        assert not blocked, f"{len(blocked)} requests left the site, the first {blocked[0]}"
    finally:
        page.close()


def _model(module, name, **state):
    return {"model_module": module, "model_name": name, "model_module_version": "*", "state": state}


def test_widgets_the_site_cannot_draw_leave_the_others_rendering():
    """A widget from another package (here an anywidget) and the boxes holding it leave the page's
    state and show a line instead; the standard widgets beside them stay; no CDN name is written."""
    offline = _offline()
    controls = "@jupyter-widgets/controls"
    state = {"version_major": 2, "version_minor": 0, "state": {
        "pad": _model("anywidget", "AnyModel"),
        "box": _model(controls, "VBoxModel", children=["IPY_MODEL_pad", "IPY_MODEL_slider"]),
        "outer": _model(controls, "HBoxModel", children=["IPY_MODEL_box"]),
        "slider": _model(controls, "IntSliderModel", value=3, layout="IPY_MODEL_layout"),
        "layout": _model("@jupyter-widgets/base", "LayoutModel"),
    }}
    kept, dropped = offline.static_widget_state(state)
    assert dropped == {"pad", "box", "outer"}
    assert set(kept["state"]) == {"slider", "layout"}
    assert offline.static_widget_state(kept) == (kept, set())

    class Script(str):
        attributes = {}
    script = Script("")
    script.attributes = {"type": offline.STATE_TYPE, "body": json.dumps(state)}
    view = '<script type="application/vnd.jupyter.widget-view+json">{{"model_id": "{}"}}</script>'
    context = {"script_files": [script], "body": view.format("outer") + view.format("slider")}
    offline._page_context(None, "page", "page.html", context, None)
    assert set(json.loads(context["script_files"][0].attributes["body"])["state"]) == {"slider", "layout"}
    assert context["body"] == offline.LIVE_ONLY + view.format("slider")
    assert not offline.CDN_HOSTS.search(context["body"])
