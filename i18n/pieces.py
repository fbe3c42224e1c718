"""A cell's text cut into verbatim pieces and translatable `Piece`s, in order.

Joining the pieces with no translation gives the cell's source back exactly; joining them with
`Piece.render(translation)` in place of each piece gives the Korean cell. A piece's `msgctxt` is its
catalog context: None for a Markdown block, "comment" for a code comment, "code" for a string literal."""
from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass
class Piece:
    """One translatable unit: `msgid` is the English text as the catalog shows it."""
    msgctxt: Optional[str]
    msgid: str
    render: Callable[[str], str]     # catalog text -> the text that goes into the cell
    note: str = ""                   # shown to the translator (`#.` line): the code line around it
    extra: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.msgctxt, self.msgid)


def same(text):
    return text


def join(pieces, lookup=None):
    """The cell text: each Piece replaced by lookup(piece) (None keeps the English)."""
    out = []
    for p in pieces:
        if isinstance(p, str):
            out.append(p)
            continue
        found = lookup(p) if lookup else None
        out.append(p.render(found if found is not None else p.msgid))
    return "".join(out)


def cut(source, spans):
    """Pieces from `source` and sorted, non-overlapping (start, end, Piece) spans."""
    pieces, at = [], 0
    for start, end, piece in spans:
        if start > at:
            pieces.append(source[at:start])
        pieces.append(piece)
        at = end
    if at < len(source):
        pieces.append(source[at:])
    return pieces
