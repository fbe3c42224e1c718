"""Sphinx extension: each page of one edition of the book links to the same page of the other.

book/stage.py writes `book_other_edition` into the configuration: the other edition's folder
relative to this one ("ko/" from the English book, "../" from the Korean), the link's label, its
language, and the names of the pages that edition has. A page it has gets, at the top of its
article, a link to it; the site's pages are all at the top level of their edition."""
import html


def _page_context(app, pagename, templatename, context, doctree):
    other = app.config.book_other_edition
    if not other or pagename not in other.get("pages", ()) or "body" not in context:
        return
    href = "../" * pagename.count("/") + other["folder"] + pagename + ".html"
    code = html.escape(other["language"], quote=True)
    context["body"] = (f'<p class="other-edition"><a href="{html.escape(href, quote=True)}" hreflang="{code}" '
                       f'lang="{code}">{html.escape(other["label"])}</a></p>\n' + context["body"])


def setup(app):
    app.add_config_value("book_other_edition", {}, "html")
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
