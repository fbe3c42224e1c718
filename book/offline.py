"""Sphinx extension: the book's pages load nothing from outside the site.

sphinx-thebe (part of Jupyter Book 1) writes the address of its JavaScript on a CDN into every page,
even with thebe switched off; this drops that script and the loader that would use it.

The site ships the front end of the standard widgets only (@jupyter-widgets/base, controls, output).
A widget from another package (an anywidget, say) has no front end here: the widget manager cannot
draw it, nor any box that holds it, and would leave those places blank while it looks for the
package's code. Such widgets, and the standard ones that contain them, are taken out of the page's
widget state, and their places say in one line that they need a live notebook.

After the build, every HTML page is searched for a CDN host name and the build fails naming the
first one."""
import json
import re
from pathlib import Path

CDN_HOSTS = re.compile(r"(?:jsdelivr|unpkg|cdnjs|googleapis|gstatic|cloudflare|bootstrapcdn|"
                       r"jquery\.com|mathjax\.org|polyfill\.io|plausible\.io)", re.I)
THEBE = ("THEBE_JS_URL", "sphinx-thebe.js")
STATE_TYPE = "application/vnd.jupyter.widget-state+json"
VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S)
STATIC_MODULES = {"@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"}
LIVE_ONLY = ('<p class="widget-live-only"><em>This widget is drawn by code that only a live notebook '
             'runs: open the chapter live (launch button at the top) to use it.</em></p>')


def static_widget_state(state):
    """Split a widget state {"state": {model_id: model}} into what renders here and what cannot.

    Returns (state without the unrenderable models, set of their ids): a model is unrenderable when
    its module is not one of STATIC_MODULES, or when it refers ("IPY_MODEL_<id>") to one that is."""
    models = state.get("state", {})
    dropped = {i for i, m in models.items() if m.get("model_module") not in STATIC_MODULES}
    grew = bool(dropped)
    while grew:
        refs = {i for i, m in models.items() if i not in dropped
                and any(f"IPY_MODEL_{d}" in json.dumps(m.get("state", {})) for d in dropped)}
        dropped |= refs
        grew = bool(refs)
    kept = {i: m for i, m in models.items() if i not in dropped}
    return dict(state, state=kept), dropped


def _static_widgets(context):
    dropped = set()
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        if attributes.get("type") == STATE_TYPE and attributes.get("body"):
            kept, gone = static_widget_state(json.loads(attributes["body"]))
            if gone:
                attributes["body"] = json.dumps(kept).replace("</", "<\\/")
                dropped |= gone
    if dropped and "body" in context:
        def view(m):
            return LIVE_ONLY if json.loads(m.group(1)).get("model_id") in dropped else m.group(0)
        context["body"] = VIEW.sub(view, context["body"])


def _page_context(app, pagename, templatename, context, doctree):
    def keep(script):
        text = f"{getattr(script, 'filename', script) or ''} {getattr(script, 'attributes', {}).get('body', '')}"
        return not any(marker in text for marker in THEBE)
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if keep(s)]
        _static_widgets(context)


def cdn_names(html_dir):
    """Every (page, host name) where a page of the built site names a CDN."""
    found = []
    for page in sorted(Path(html_dir).rglob("*.html")):
        for match in CDN_HOSTS.finditer(page.read_text(encoding="utf-8", errors="replace")):
            found.append((page.relative_to(html_dir).as_posix(), match.group(0)))
    return found


def _check_pages(app, exception):
    if exception is None and app.builder.format == "html":
        found = cdn_names(app.outdir)
        if found:
            page, host = found[0]
            raise RuntimeError(f"{len(found)} CDN names in the built pages, the first {host!r} in {page}")


def setup(app):
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _check_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
