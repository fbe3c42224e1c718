"""The chapters as a learner sees them: JupyterLab in headless Chromium.

For every chapter notebook: open it in a real JupyterLab, Run All, wait for the kernel, then fail on
any error output, any widget that did not render, or a control cell without its controls; move the
first slider and require the figure next to it to change. Screenshots go to artifacts/browser/.

Needs Debian's `chromium` and the Python `playwright` package (which drives that binary; no browser
download). `.ci/run` installs both; elsewhere the test skips with a message saying what is missing."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest

from mlp_core import controls as kit
from notebook_store import notebooks

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = notebooks()
# the Korean edition, read like the English one: its first chapter (controls and a drawing pad)
KOREAN = sorted((ROOT / "notebooks" / "ko").glob("[0-9][0-9]_*.ipynb"))[:1]
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDGET_CONTROLS = [name for name in kit.__all__ if issubclass(getattr(kit, name), kit.Control)]
CONTROL_CALL = re.compile(r"controls\.({})\(".format("|".join(WIDGET_CONTROLS)))
WIDGET_FAILURES = ("Error displaying widget", "Failed to load model class", "Loading widget...")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    playwright = pytest.importorskip("playwright.sync_api", reason="the browser test needs `pip install playwright`")
    if CHROMIUM is None:
        pytest.skip("the browser test needs Chromium (Debian: apt-get install chromium)")
    work = tmp_path_factory.mktemp("lab")
    served = work / "notebooks"
    shutil.copytree(ROOT / "notebooks", served)           # never let the browser save into the repo
    settings = work / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = _free_port(), uuid.uuid4().hex
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(work / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(work / "runtime"))
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={served}",
           f"--FileContentsManager.checkpoints_kwargs={{'root_dir': '{work / 'checkpoints'}'}}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly", "--allow-root"]
    log = open(work / "lab.log", "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True, cwd=served)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"JupyterLab did not start:\n{(work / 'lab.log').read_text()[-3000:]}")
                time.sleep(0.5)
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            try:
                yield browser, base, token
            finally:
                browser.close()
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):     # the server, its kernels, everything it started
            try:
                os.killpg(proc.pid, sig)
                proc.wait(timeout=20)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        log.close()


def _pixels(png):
    from PIL import Image
    return np.asarray(Image.open(BytesIO(png)).convert("RGB"), dtype=np.int16)


KERNEL_IDLE = "() => /\\| Idle/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')"


def _wait_until_done(page, timeout=400):
    """Until the kernel is idle and every code cell has run, or a cell failed (Run All stops there)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        time.sleep(2)
        prompts = page.eval_on_selector_all(".jp-CodeCell .jp-InputPrompt", "els => els.map(e => e.textContent)")
        running = any("*" in p for p in prompts)
        failed = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
                              has_text="Traceback").count()
        unrun = sum(p.strip() in ("[ ]:", "") for p in prompts)
        if not running and page.evaluate(KERNEL_IDLE) and (failed or not unrun):
            return
    raise AssertionError(f"the notebook did not finish within {timeout} s; prompts: {prompts}")


def _name(path):
    """The notebook's path under notebooks/ (ko/01_....ipynb for a Korean chapter) and its id."""
    relative = path.relative_to(ROOT / "notebooks").as_posix()
    return relative, relative.removesuffix(".ipynb").replace("/", "-")


@pytest.mark.parametrize("path", NOTEBOOKS + KOREAN, ids=[_name(p)[1] for p in NOTEBOOKS + KOREAN])
def test_notebook_in_jupyterlab(lab, path):
    """Run All, then every control rendered, a slider moves its figure, a stroke on each pad changes
    the figure beside it; for the Korean chapter too."""
    browser, base, token = lab
    relative, name = _name(path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    start = time.time()
    try:
        page.goto(f"{base}/lab/workspaces/{name}/tree/{relative}?reset&token={token}",
                  wait_until="domcontentloaded")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60000)
        page.wait_for_function(KERNEL_IDLE, timeout=120000)       # the kernel has started
        page.locator(".jp-Notebook").click()
        page.keyboard.press("Escape")
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        _wait_until_done(page)
        page.wait_for_timeout(2000)                              # let widget views finish rendering
        page.screenshot(path=str(ARTIFACTS / f"{name}-run.png"), full_page=True)

        errors = page.eval_on_selector_all(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
            "els => els.map(e => e.textContent)")
        bad = [e for e in errors if re.search(r"Error|Traceback|Warning", e)]
        assert not bad, f"error or warning output: {bad[0][:500]}"
        text = page.inner_text(".jp-Notebook")
        for failure in WIDGET_FAILURES:
            assert failure not in text, f"a widget shows {failure!r}"

        nb = json.loads(path.read_text(encoding="utf-8"))
        code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        dom_cells = page.locator(".jp-Notebook .jp-CodeCell")
        assert dom_cells.count() == len(code_cells)
        widgets = 0
        for i, cell in enumerate(code_cells):
            rendered = dom_cells.nth(i).locator(".jp-OutputArea-output .jupyter-widgets").count()
            widgets += rendered
            shown = _shown_here(code_cells, i)
            if shown is not None:
                cell_i = dom_cells.nth(shown)
                assert cell_i.locator(".jp-OutputArea-output .jupyter-widgets").count(), \
                    f"code cell {i} creates a control that cell {shown} shows without widgets"
                assert cell_i.locator(".jp-OutputArea-output img").count(), f"code cell {shown}: no figure"

        appendix = "".join(nb["cells"][0]["source"]).startswith("# Appendix")
        assert widgets or appendix, "a chapter shows its controls as widgets"
        if widgets:        # an appendix may show no control of the kit; its cells must still run cleanly
            slider_cell = dom_cells.filter(has=page.locator(".noUi-handle")).first
            figure = slider_cell.locator(".jp-OutputArea-output img").last
            figure.scroll_into_view_if_needed()
            before = _pixels(figure.screenshot(path=str(ARTIFACTS / f"{name}-before-slider.png")))
            handle = slider_cell.locator(".noUi-handle").first
            handle.focus()
            for _ in range(5):
                handle.press("ArrowRight")
            page.wait_for_timeout(2500)
            after_png = figure.screenshot(path=str(ARTIFACTS / f"{name}-after-slider.png"))
            after = _pixels(after_png)
            changed = before.shape != after.shape or np.abs(before - after).max(axis=2).mean() > 0.1
            assert changed, "moving the first slider did not change the figure next to it"
        _draw_on_pads(page, name)
        if path in KOREAN:
            text = page.inner_text(".jp-Notebook")
            assert len(re.findall("[\uac00-\ud7a3]", text)) > 500, "the Korean chapter shows little Korean"
        print(f"{name}: {time.time() - start:.0f} s, {widgets} widgets rendered")
    finally:
        page.close()
        _shut_down_kernels(base, token)


def _shown_here(code_cells, i):
    """The index of the code cell that displays the control created in cell i (that cell itself, or
    a later cell that ends with the name the control was given), or None when cell i makes none."""
    text = "".join(code_cells[i]["source"])
    if not CONTROL_CALL.search(text):
        return None
    named = re.search(r"^(\w+) = controls\.\w+\(", text, flags=re.M)
    last = text.strip().splitlines()[-1].strip()
    if named is None or last == named.group(1):
        return i
    later = [j for j in range(i + 1, len(code_cells))
             if "".join(code_cells[j]["source"]).strip().splitlines()[-1:] == [named.group(1)]]
    assert later, f"code cell {i} creates the control {named.group(1)} and no cell shows it"
    return later[0]


def _draw_on_pads(page, name):
    """On every drawing pad of the chapter, draw a stroke with the mouse and require the figure in
    the same cell (the model's input and outputs) to change."""
    pads = page.locator(".jp-Notebook .jp-CodeCell").filter(has=page.locator(".mlp-digit-pad canvas"))
    for n in range(pads.count()):
        cell = pads.nth(n)
        canvas, figure = cell.locator(".mlp-digit-pad canvas").first, cell.locator(".jp-OutputArea-output img").last
        canvas.scroll_into_view_if_needed()
        figure.scroll_into_view_if_needed()
        cell.locator(".mlp-digit-pad button", has_text="Clear").click()
        page.wait_for_timeout(2000)
        before = _pixels(figure.screenshot())
        box = canvas.bounding_box()
        x0, y0, w, h = box["x"], box["y"], box["width"], box["height"]
        page.mouse.move(x0 + 0.3 * w, y0 + 0.2 * h)
        page.mouse.down()
        stroke = [(0.3, 0.2), (0.5, 0.2), (0.7, 0.2), (0.6, 0.4), (0.5, 0.6), (0.4, 0.8)]   # a seven
        for fx, fy in stroke:
            page.mouse.move(x0 + fx * w, y0 + fy * h, steps=4)
        page.mouse.up()
        page.wait_for_timeout(2500)
        after = _pixels(figure.screenshot(path=str(ARTIFACTS / f"{name}-pad-{n}-after-stroke.png")))
        changed = before.shape != after.shape or np.abs(before - after).max(axis=2).mean() > 0.1
        assert changed, f"drawing on pad {n} did not change the figure next to it"


def _shut_down_kernels(base, token):
    """Stop every kernel the server runs, so notebooks don't pile up kernels during the test."""
    kernels = json.load(urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10))
    for kernel in kernels:
        request = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30)
