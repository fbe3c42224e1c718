"""What a translation must keep from its English entry; each function returns a list of problems.

Markdown: the same `$maths$` and `$$maths$$`, link targets, `<a id>` anchors, HTML tags, inline
`code` (where a span names a control's label, e.g. `learning rate`, the Korean may name the label as
the kit shows it in Korean, `학습률`), heading level, number of list items and table rows. Comment: a comment after code
stays one line; an `alt:` comment still starts with `alt:`. Literal: still one valid Python string literal
with the same prefix and quotes, and the same `{fields}` (format specs included) in any order."""
import ast
import re
from collections import Counter

DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE = re.compile(r"(?<![\\$])\$([^$\n]+?)\$")
CODE = re.compile(r"(`+)(.+?)\1", re.S)
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<(https?://[^>]+)>|href=\"([^\"]+)\"")
ANCHOR = re.compile(r"<a id=\"([^\"]+)\"")
TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.M)
TABLE_ROW = re.compile(r"^[ \t]*\|", re.M)
HEADING = re.compile(r"^(#{1,6}) ")


def _tight(formula):
    """A formula without the spaces LaTeX ignores (a space between two letters is kept)."""
    return re.sub(r"(?<![A-Za-z])\s+|\s+(?![A-Za-z])", "", formula)


def maths(text):
    without_code = CODE.sub(" ", text)
    display = DISPLAY.findall(without_code)
    return Counter([_tight(m) for m in display] + [_tight(m) for m in INLINE.findall(DISPLAY.sub(" ", without_code))])


def _differ(name, english, korean):
    if english == korean:
        return []
    lost, added = english - korean, korean - english
    parts = []
    if lost:
        parts.append("missing " + ", ".join(repr(x) for x in sorted(lost)))
    if added:
        parts.append("not in the English " + ", ".join(repr(x) for x in sorted(added)))
    return [f"{name}: " + "; ".join(parts)]


def _kit_labels():
    """Korean label -> English label of the kit (mlp_core.i18n_ko), for labels without {fields}."""
    try:
        from mlp_core.i18n_ko import KOREAN
    except ImportError:
        return {}
    return {k: e for e, k in KOREAN.items() if "{" not in e}


def inline_code(text, labels=None):
    """The `code` spans; a span naming a kit label in Korean counts as its English (`학습률` = `learning rate`)."""
    labels = labels or {}
    return Counter(labels.get(m[1], m[1]) for m in CODE.findall(text))


def markdown_problems(english, korean):
    found = []
    found += _differ("maths", maths(english), maths(korean))
    found += _differ("inline code", inline_code(english), inline_code(korean, _kit_labels()))
    def links(t):
        return Counter(next(g for g in m if g) for m in LINK.findall(CODE.sub(" ", t)))

    found += _differ("link targets", links(english), links(korean))
    found += _differ("anchors", Counter(ANCHOR.findall(english)), Counter(ANCHOR.findall(korean)))
    found += _differ("HTML tags", Counter(TAG.findall(CODE.sub(" ", english))),
                     Counter(TAG.findall(CODE.sub(" ", korean))))

    def level(t):
        return HEADING.match(t).group(1) if HEADING.match(t) else ""

    if level(english) != level(korean):
        found.append(f"heading level: the English starts with {level(english) or 'no heading'!r}")
    for name, pattern in (("list items", LIST_ITEM), ("table rows", TABLE_ROW)):
        e, k = len(pattern.findall(english)), len(pattern.findall(korean))
        if e != k:
            found.append(f"{name}: {k}, the English has {e}")
    return found


def comment_problems(english, korean, trailing):
    found = []
    if trailing and "\n" in korean:
        found.append("a comment after code stays on one line")
    if english.startswith("alt:") and not korean.startswith("alt:"):
        found.append("an alt-text comment starts with 'alt:' (the book reads it)")
    return found


def _fields(node):
    return Counter(ast.dump(v) for v in ast.walk(node) if isinstance(v, ast.FormattedValue))


def literal_problems(english, korean, prefix, quote):
    """`english`/`korean` are literal bodies; prefix and quote are the English literal's."""
    def parse(body):
        try:
            tree = ast.parse(prefix + quote + body + quote, mode="eval").body
        except SyntaxError as err:
            return None, f"not a valid Python literal once quoted as {prefix}{quote}...{quote}: {err.msg}"
        if (not isinstance(tree, (ast.Constant, ast.JoinedStr))
                or (isinstance(tree, ast.Constant) and not isinstance(tree.value, str))):
            return None, "not a single string literal (a quote inside it ends it: use the other kind of quote or \\)"
        return tree, None
    e_tree, _ = parse(english)
    k_tree, err = parse(korean)
    if err:
        return [err]
    if e_tree is None:
        return []
    return _differ("f-string fields", _fields(e_tree), _fields(k_tree))


def entry_problems(piece, korean):
    """Problems of `korean` as the translation of `piece` (a pieces.Piece)."""
    if piece.msgctxt is None:
        return markdown_problems(piece.msgid, korean)
    if piece.msgctxt == "comment":
        return comment_problems(piece.msgid, korean, piece.extra.get("trailing", False))
    return literal_problems(piece.msgid, korean, piece.extra["prefix"], piece.extra["quote"])
