"""The series as a static book, read in headless Chromium with no network beyond 127.0.0.1.

Builds the book with `book/build.sh` into a temporary folder (every chapter executed afresh, in
English and, when notebooks/ko/ holds the Korean chapters, in Korean under ko/), serves it on
127.0.0.1 and opens every chapter page with every other request blocked, on a laptop (1280 px) and a
phone (390 px). Fails on a page error, a blocked request, a missing local file, a figure that did not
load or has no alt text, a cell that wrote an error or a warning (matplotlib warns when a figure's
text has a glyph its font lacks, such as Hangul without a Korean font), a widget that did not render,
a control whose page slider, dragged, does not change its picture, a page wider than the screen, a
slider squeezed to its handle, a figure scaled below 60% on a phone, two search boxes, an unfolded
setup cell, a chapter page over 5 MB, or Korean text drawn without a Korean font. Screenshots go to
artifacts/book/.

BOOK_BUILT=<folder> reads a book that `bash book/build.sh <folder>` built before, instead of building.

Needs what the browser test needs (Debian's `chromium`, the `playwright` package), Jupyter Book
(`pip install -r requirements-book.txt`) and, the first time, `npm` (build.sh fetches the pages'
JavaScript from the npm registry into book/_vendor/). `.ci/run` installs all of them; elsewhere the
test skips with a message saying what is missing, which the end of the test run lists."""
import functools
import gzip
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
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest

from notebook_store import notebooks

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = [p for p in notebooks() if re.match(r"\d\d_", p.name)]
KOREAN = sorted((ROOT / "notebooks" / "ko").glob("[0-9][0-9]_*.ipynb"))
ARTIFACTS = ROOT / "artifacts" / "book"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
VENDOR = ROOT / "book" / "_vendor"
WIDGET_FAILURES = ("Error displaying widget", "Failed to load model class")
HANGUL = re.compile("[\uac00-\ud7a3]")
KOREAN_FONTS = re.compile(r"CJK|Nanum|Gothic|Malgun|Gulim|Dotum|Batang|Apple SD", re.I)
LAPTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
CONTROL_CALL = re.compile(r"\bcontrols\.[A-Z]\w*\(")
PAGE_LIMIT = 5_000_000     # bytes a chapter page loads, compressed as a web server sends them
SMALLEST_SCALE = 0.6       # a figure on a phone is shown at least this fraction of its size


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
    if os.environ.get("BOOK_BUILT"):           # a folder book/build.sh wrote, read as it is
        html, said = Path(os.environ["BOOK_BUILT"]) / "html", None
    else:
        out = tmp_path_factory.mktemp("book")
        env = dict(os.environ, BOOK_PYTHON=sys.executable)
        build = subprocess.run(["bash", str(ROOT / "book" / "build.sh"), str(out)], env=env,
                               capture_output=True, text=True, timeout=2400)
        assert build.returncode == 0, f"book/build.sh failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
        html, said = out / "html", build.stdout + build.stderr
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
                yield browser, f"http://127.0.0.1:{server.server_address[1]}", html, handler.not_found, said
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def _open(browser, base, page_name, viewport=LAPTOP):
    """Open one page of the site; return it with the lists of blocked requests and page errors and
    the bodies' sizes by address (compressed with gzip, as a web server sends them)."""
    page = browser.new_page(viewport=viewport)
    blocked, errors, sizes = [], [], {}

    def route(r):
        if urllib.parse.urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    def response(r):
        try:
            sizes[r.url] = len(gzip.compress(r.body(), compresslevel=6))
        except Exception:                          # a redirect or an aborted request has no body
            pass
    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", response)
    page.goto(f"{base}/{page_name}", wait_until="load", timeout=120000)
    page.wait_for_timeout(1500)                  # the widget manager and MathJax draw after load
    return page, blocked, errors, sizes


def _fonts_of(page, selector):
    """The platform fonts Chromium used to draw the text of the first element matching selector
    (CSS.getPlatformFontsForNode: the element's own text, not its children's)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return [f["familyName"] for f in fonts]


def _pixels(png):
    from PIL import Image
    return np.asarray(Image.open(BytesIO(png)).convert("RGB"), dtype=np.int16)


def _drag(page, control):
    """Drag the page slider of one control (`.mlp-static-control`) by a quarter of its track, to the
    right, or to the left from its right end; return (readout before, after, picture changed)."""
    slider = control.locator(".mlp-static-slider")
    handle, track = slider.locator(".noUi-handle").first, slider.locator(".noUi-target").first
    readout, frames = slider.locator(".widget-readout").first, control.locator(".mlp-static-frames")
    before, picture = readout.text_content().strip(), _pixels(frames.screenshot())
    handle.evaluate("e => e.scrollIntoView({block: 'center'})")     # not under the sticky header
    page.wait_for_timeout(200)
    box, width = handle.bounding_box(), track.bounding_box()["width"]
    at_right = box["x"] + box["width"] / 2 > track.bounding_box()["x"] + 0.9 * width
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + (-0.25 if at_right else 0.25) * width, y, steps=8)
    page.mouse.up()
    page.wait_for_timeout(400)
    after_picture = _pixels(frames.screenshot())
    changed = picture.shape != after_picture.shape or np.abs(picture - after_picture).max(axis=2).mean() > 0.5
    return before, readout.text_content().strip(), changed


def _check_figures(page):
    """Every figure loaded and has an alt text of its own (not the file name docutils puts there)."""
    figures = page.eval_on_selector_all(".cell_output img", "els => els.map(e => [e.src, e.naturalWidth, e.alt])")
    assert figures, "the page shows no figure"
    broken = [src for src, width, _ in figures if not width]
    assert not broken, f"{len(broken)} of {len(figures)} figures did not load, the first {broken[0][:80]}"
    unnamed = [src for src, _, alt in figures if not alt.strip() or alt.startswith("_images/")]
    assert not unnamed, (f"{len(unnamed)} of {len(figures)} figures have no alt text (a `# alt:` line in "
                         f"their cell), the first {unnamed[0][:80]}")
    return figures


def _check_page(page, blocked, errors, not_found):
    written = page.eval_on_selector_all(".cell_output .stderr", "els => els.map(e => e.textContent)")
    bad = [w for w in written if re.search(r"Error|Traceback|Warning", w)]
    assert not bad, f"a cell wrote an error or a warning (a glyph missing from matplotlib's font?): {bad[0][:300]}"
    text = page.inner_text("main")
    for failure in WIDGET_FAILURES:
        assert failure not in text, f"a widget shows {failure!r}"
    assert not errors, f"page errors: {errors[:3]}"
    assert not blocked, f"{len(blocked)} requests left the site, the first {blocked[0]}"
    missing = [p for p in not_found if not p.endswith("favicon.ico")]
    assert not missing, f"the site lacks {missing[:5]}"


def _check_korean_font(page):
    """The first paragraph of the article whose own text has Hangul is drawn with a Korean font."""
    found = page.evaluate("""re => {
        for (const e of document.querySelectorAll('.bd-article p, .bd-article li, .bd-article td')) {
            if ([...e.childNodes].some(n => n.nodeType === 3 && new RegExp(re).test(n.textContent))) {
                e.setAttribute('data-font-probe', '1');
                return true;
            }
        }
        return false;
    }""", HANGUL.pattern)
    if found:
        fonts = _fonts_of(page, "[data-font-probe]")
        assert any(KOREAN_FONTS.search(f) for f in fonts), f"Korean text drawn with {fonts} only"
    return found


def _has_controls(path):
    """Whether the chapter shows a control (a cell calling controls.Something(...))."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return any(CONTROL_CALL.search("".join(c["source"])) for c in cells if c["cell_type"] == "code")


def _wait_for_widgets(page, path):
    if _has_controls(path):
        page.wait_for_selector(".cell_output .jupyter-widgets", timeout=30000)
        page.wait_for_timeout(1000)


def _check_controls(page, name):
    """Every control with frames in the page answers a drag of its slider with another picture."""
    controls = page.locator(".mlp-static-control")
    assert controls.count(), "no control moves its figure in this page"
    assert page.locator("main .admonition").count(), "no note says what moves here and what needs a kernel"
    moves = []
    for i in range(controls.count()):
        before, after, changed = _drag(page, controls.nth(i))
        assert after != before, f"control {i}: dragging its slider left the readout at {before}"
        assert changed, f"control {i}: its slider went from {before} to {after} and the picture stayed"
        moves.append(f"{before}->{after}")
    page.screenshot(path=str(ARTIFACTS / f"{name}-moved.png"))
    return moves


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapter_page_on_a_laptop(book, path):
    """The chapter at 1280 px: figures with alt texts, folded plumbing, one search box, the page
    within the screen, every control's page slider changes its picture, under 5 MB."""
    browser, base, html, not_found, _ = book
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert (html / f"{path.stem}.html").is_file(), f"the book has no page for {path.name}"
    page, blocked, errors, sizes = _open(browser, base, f"{path.stem}.html")
    try:
        _wait_for_widgets(page, path)
        page.screenshot(path=str(ARTIFACTS / f"{path.stem}-1280.png"))
        figures = _check_figures(page)
        searches = page.locator(".search-button-field:visible, .bd-search:visible")
        assert searches.count() == 1, f"{searches.count()} search boxes are visible"
        assert page.evaluate("document.scrollingElement.scrollWidth") <= LAPTOP["width"]
        folded = page.locator(".cell.tag_setup details.hide, .cell.tag_hide-input details.hide")
        assert folded.count() >= 1 and not page.locator(".cell.tag_setup details[open]").count(), \
            "the setup cell is not folded"
        total = sum(sizes.values())
        assert total < PAGE_LIMIT, f"the page loads {total / 1e6:.1f} MB (compressed)"
        moves = _check_controls(page, path.stem) if _has_controls(path) else []
        _check_korean_font(page)                   # the Korean terms beside the English ones, if any
        _check_page(page, blocked, errors, not_found)
        print(f"{path.stem}: {len(figures)} figures, {total / 1e6:.2f} MB compressed, moves {', '.join(moves)}")
    finally:
        page.close()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapter_page_on_a_phone(book, path):
    """The chapter at 390 px: no sideways scroll of the page, widget rows wrapped so every slider keeps
    a track, wide figures at 60% of their size or more (scrolling inside their box), code wrapped."""
    browser, base, html, not_found, _ = book
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page, blocked, errors, _ = _open(browser, base, f"{path.stem}.html", PHONE)
    try:
        _wait_for_widgets(page, path)
        page.screenshot(path=str(ARTIFACTS / f"{path.stem}-390.png"))
        wide = page.evaluate("document.scrollingElement.scrollWidth")
        assert wide <= PHONE["width"], f"the page is {wide} px wide on a {PHONE['width']} px screen"
        assert page.locator(".bd-article h1").first.is_visible(), "the chapter title is not visible"
        tracks = page.eval_on_selector_all(".cell_output .widget-slider .noUi-target",
                                           "els => els.map(e => e.getBoundingClientRect().width)")
        assert min(tracks, default=100) >= 100, f"a slider's track is {min(tracks):.0f} px wide"
        scales = page.eval_on_selector_all(".cell_output img", """els => els.filter(e => e.naturalWidth &&
            e.getBoundingClientRect().width).map(e => e.getBoundingClientRect().width / e.naturalWidth)""")
        assert scales and min(scales) >= SMALLEST_SCALE - 0.01, f"a figure is shown at {min(scales):.0%} of its size"
        code = page.eval_on_selector_all("div.highlight pre",
                                         "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).length")
        assert code == 0, f"{code} code boxes scroll sideways"
        if _has_controls(path):
            before, after, changed = _drag(page, page.locator(".mlp-static-control").first)
            assert after != before and changed, "on a phone, dragging a control's page slider changed nothing"
        _check_page(page, blocked, errors, not_found)
    finally:
        page.close()


@pytest.mark.parametrize("path", KOREAN, ids=[p.stem for p in KOREAN])
def test_korean_chapter_page(book, path):
    """The Korean chapter: lang="ko", Korean interface, Hangul drawn with a Korean font, figures
    with alt texts, controls answering in the page, and links to and from the English page."""
    browser, base, html, not_found, _ = book
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert (html / "ko" / f"{path.stem}.html").is_file(), f"the Korean book has no page for {path.name}"
    page, blocked, errors, _ = _open(browser, base, f"ko/{path.stem}.html")
    try:
        _wait_for_widgets(page, path)
        page.screenshot(path=str(ARTIFACTS / f"ko-{path.stem}-1280.png"))
        assert page.evaluate("document.documentElement.lang") == "ko"
        assert len(HANGUL.findall(page.inner_text("main"))) > 500, "the page has little Korean text"
        assert HANGUL.search(page.inner_text(".bd-sidebar-primary")), "the interface is not Korean"
        assert "Show code cell" not in page.inner_text("main"), "a folded cell's button is English"
        english = page.locator("p.other-edition a[hreflang='en']")
        assert english.get_attribute("href") == f"../{path.stem}.html"
        assert _check_korean_font(page), "no paragraph of the article has Korean text"
        _check_figures(page)
        if _has_controls(path):
            _check_controls(page, f"ko-{path.stem}")
        _check_page(page, blocked, errors, not_found)
    finally:
        page.close()
    if (html / f"{path.stem}.html").is_file():
        page, *_ = _open(browser, base, f"{path.stem}.html")
        try:
            assert page.locator("p.other-edition a[hreflang='ko']").get_attribute("href") == f"ko/{path.stem}.html"
        finally:
            page.close()


@pytest.mark.parametrize("page_name", ["index.html", "intro.html", "notation.html", "search.html?q=gradient"])
def test_book_pages(book, page_name):
    """The landing page lists every chapter, the notation card renders, and search finds words."""
    browser, base, html, not_found, _ = book
    page, blocked, errors, _ = _open(browser, base, page_name)
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


def test_the_build_names_no_moved_folder_and_warns_of_nothing(book):
    output = book[4]
    if output is None:
        pytest.skip("BOOK_BUILT: the book was built before the test, its output is not known here")
    assert "WARNING" not in output and "Traceback" not in output, output[-3000:]
    assert "Your book's HTML pages are here" not in output
    assert output.strip().splitlines()[-1].startswith("book built in "), output[-500:]


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
