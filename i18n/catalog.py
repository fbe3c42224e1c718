"""The gettext catalogs `i18n/ko/<chapter>.po`: extracting the entries, merging, reading translations.

Merging works like GNU `msgmerge --previous`: an entry whose English is unchanged keeps its Korean;
a new English text close to an old one (a changed paragraph) gets the old Korean, the `fuzzy` flag
and the old English as `#| msgid`; a new text with no close old one is empty, unless another chapter's
catalog has the same entry translated; old entries no longer in the chapter become obsolete (`#~`)."""
import difflib
from pathlib import Path

import polib

from .notebook import file_pieces
from .pieces import Piece

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "notebooks"
KOREAN = ENGLISH / "ko"
CATALOGS = ROOT / "i18n" / "ko"
MARKDOWN_SOURCES = ("notation.md",)
HEADER = {"Project-Id-Version": "mlp-series", "Language": "ko", "MIME-Version": "1.0",
          "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
CLOSE = 0.6          # difflib ratio above which a changed English text keeps its old Korean as fuzzy


def sources(selected=()):
    """The English sources (chapters, then the notation card) whose stem starts with a selected word."""
    found = sorted(ENGLISH.glob("*.ipynb")) + [ENGLISH / n for n in MARKDOWN_SOURCES if (ENGLISH / n).exists()]
    if not selected:
        return found
    chosen = [p for p in found if any(p.stem.startswith(s) or p.name == s for s in selected)]
    unknown = [s for s in selected if not any(p.stem.startswith(s) or p.name == s for p in found)]
    if unknown:
        raise SystemExit(f"no English source in notebooks/ starts with {', '.join(unknown)}")
    return chosen


def catalog_path(source):
    return CATALOGS / (Path(source).stem + ".po")


def korean_path(source):
    return KOREAN / Path(source).name


def extract(source):
    """{(msgctxt, msgid): (Piece, [cell ids])} in the order the chapter shows them."""
    units = {}
    for cell_id, pieces in file_pieces(source):
        for p in pieces:
            if isinstance(p, Piece):
                units.setdefault(p.key, (p, []))[1].append(cell_id or Path(source).name)
    return units


def read(path):
    return polib.pofile(str(path), wrapwidth=0) if Path(path).exists() else new_catalog()


def new_catalog():
    po = polib.POFile(wrapwidth=0)
    po.metadata = dict(HEADER)
    return po


def translated(entry):
    return bool(entry.msgstr) and "fuzzy" not in entry.flags and not entry.obsolete


def compendium(exclude):
    """{key: msgstr} of translated entries in the other catalogs (shared cells, setup code)."""
    found = {}
    for path in sorted(CATALOGS.glob("*.po")):
        if path != exclude:
            for e in read(path):
                if translated(e):
                    found.setdefault((e.msgctxt, e.msgid), e.msgstr)
    return found


def _entry(piece, cells, msgstr="", flags=(), previous=None):
    e = polib.POEntry(msgctxt=piece.msgctxt, msgid=piece.msgid, msgstr=msgstr, flags=list(flags),
                      occurrences=[(c, "") for c in dict.fromkeys(cells)], comment=piece.note or "")
    if previous is not None:
        e.previous_msgid = previous
    return e


def _closest(piece, pool):
    best, best_ratio = None, CLOSE
    for e in pool:
        if e.msgctxt != piece.msgctxt:
            continue
        m = difflib.SequenceMatcher(None, e.msgid, piece.msgid, autojunk=False)
        if m.real_quick_ratio() > best_ratio and m.quick_ratio() > best_ratio and m.ratio() > best_ratio:
            best, best_ratio = e, m.ratio()
    return best


def merge(old, units, shared=None):
    """The updated catalog for a chapter's `units` (extract()), given the `old` catalog."""
    shared = shared or {}
    current = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    retired = {(e.msgctxt, e.msgid): e for e in old if e.obsolete}
    pool = [e for k, e in current.items() if k not in units and e.msgstr]
    po, used = new_catalog(), set()
    for key, (piece, cells) in units.items():
        was = current.get(key) or retired.get(key)
        if was is not None:
            previous = getattr(was, "previous_msgid", None) if "fuzzy" in was.flags else None
            po.append(_entry(piece, cells, was.msgstr, [f for f in was.flags if f == "fuzzy"], previous))
            continue
        close = _closest(piece, [e for e in pool if id(e) not in used])
        if close is not None:
            used.add(id(close))
            po.append(_entry(piece, cells, close.msgstr, ["fuzzy"], close.msgid))
        else:
            po.append(_entry(piece, cells, shared.get(key, "")))
    for key, e in list(current.items()) + list(retired.items()):
        if key not in units and id(e) not in used and e.msgstr:
            gone = polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=e.msgstr, obsolete=True)
            po.append(gone)
    return po


def text(po):
    return str(po)


def lookup_from(po):
    """piece -> Korean text, or None where the entry is missing, empty or fuzzy."""
    table = {(e.msgctxt, e.msgid): e.msgstr for e in po if translated(e)}
    return lambda piece: table.get(piece.key)
