"""The translatable blocks of a Markdown cell.

One entry per block: a paragraph, a whole list, a table, a heading, a line of HTML with words in it
(`<details><summary>Solution</summary>`). Copied as they are: blank lines, display maths (`$$` at the
start of a line, up to the line that ends with `$$`), anchors (`<a id="..."></a>` alone on a line) and
lines of HTML without words (`</details>`). A fenced ```python block gives its comments and literals
(code_text.py), so a folded solution reads like the cell it replaces; other fences are copied."""
import re

from .code_text import code_pieces
from .pieces import Piece, same

FENCE = re.compile(r"^[ \t]*(```+|~~~+)(.*)$")
HEADING = re.compile(r"^#{1,6} ")
ANCHOR = re.compile(r'^[ \t]*<a id="[^"]*">\s*</a>[ \t]*$')
TAGS = re.compile(r"<[^>]+>")
LETTER = re.compile(r"[^\W\d_]")


def _kind(line):
    """'blank', 'fence', 'maths', 'heading', 'fixed' (copied) or 'text' for one line."""
    if not line.strip():
        return "blank"
    if FENCE.match(line):
        return "fence"
    if line.lstrip().startswith("$$"):
        return "maths"
    if HEADING.match(line):
        return "heading"
    if ANCHOR.match(line) or (line.lstrip().startswith("<") and not LETTER.search(TAGS.sub("", line))):
        return "fixed"
    return "text"


def _blocks(lines):
    """(kind, first line, end line) for consecutive lines forming one block."""
    i, out = 0, []
    while i < len(lines):
        kind, j = _kind(lines[i]), i + 1
        if kind == "fence":
            mark = FENCE.match(lines[i]).group(1)
            while j < len(lines) and not lines[j].strip().startswith(mark):
                j += 1
            j = min(j + 1, len(lines))
        elif kind == "maths":
            rest = lines[i].strip()[2:]
            if "$$" not in rest:
                while j < len(lines) and "$$" not in lines[j]:
                    j += 1
                j = min(j + 1, len(lines))
        elif kind == "text":
            while j < len(lines) and _kind(lines[j]) == "text" and not _starts_html_line(lines[j], lines[j - 1]):
                j += 1
        out.append((kind, i, j))
        i = j
    return out


def _starts_html_line(line, previous):
    """An HTML line with words (a summary) is its own block, apart from the text around it."""
    return line.lstrip().startswith("<details") or previous.lstrip().startswith("<details")


def _text_piece(text):
    """Split surrounding whitespace off a block: [lead, Piece, trail] (whitespace stays verbatim)."""
    core = text.strip()
    lead = text[:len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return [x for x in (lead, Piece(None, core, same), trail) if x != ""]


def markdown_pieces(source):
    """The pieces (see pieces.py) of one Markdown cell's source."""
    lines = source.splitlines(True)
    pieces = []
    for kind, i, j in _blocks(lines):
        text = "".join(lines[i:j])
        if kind in ("heading", "text"):
            pieces.extend(_text_piece(text))
        elif kind == "fence" and FENCE.match(lines[i]).group(2).strip().lower() in ("python", "py", "python3") \
                and j - i >= 2 and FENCE.match(lines[j - 1]):
            pieces.append(lines[i])
            pieces.extend(code_pieces("".join(lines[i + 1:j - 1])))
            pieces.append(lines[j - 1])
        else:
            pieces.append(text)
    return _merge_verbatim(pieces)


def _merge_verbatim(pieces):
    out = []
    for p in pieces:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        else:
            out.append(p)
    return out
