"""Sphinx extension: the book's pages load nothing from outside the site.

sphinx-thebe (part of Jupyter Book 1) writes the address of its JavaScript on a CDN into every page,
even with thebe switched off; this drops that script and the loader that would use it. After the
build, every HTML page is searched for a CDN host name and the build fails naming the first one."""
import re
from pathlib import Path

CDN_HOSTS = re.compile(r"(?:jsdelivr|unpkg|cdnjs|googleapis|gstatic|cloudflare|bootstrapcdn|"
                       r"jquery\.com|mathjax\.org|polyfill\.io|plausible\.io)", re.I)
THEBE = ("THEBE_JS_URL", "sphinx-thebe.js")


def _drop_thebe(app, pagename, templatename, context, doctree):
    def keep(script):
        text = f"{getattr(script, 'filename', script) or ''} {getattr(script, 'attributes', {}).get('body', '')}"
        return not any(marker in text for marker in THEBE)
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if keep(s)]


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
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("build-finished", _check_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
