"""The three jobs behind `python -m i18n`: update the catalogs, write the Korean files, check both."""
from pathlib import Path
import difflib
import re

from . import catalog, invariants, terms
from .code_text import value_literals
from .notebook import dumps, load, translate_markdown, translate_notebook

FENCE = re.compile(r"```python\n(.*?)```", re.S)


def korean_text(source, po):
    """What the generator writes for `source` with catalog `po`, and the untranslated count."""
    lookup = catalog.lookup_from(po)
    name = catalog.catalog_path(source).name
    if Path(source).suffix == ".md":
        text, missing = translate_markdown(Path(source).read_text(encoding="utf-8"), lookup)
        if missing:
            text = f"> 번역 중: 아직 영어로 남은 문단 {missing}개 (`i18n/ko/{name}`).\n\n" + text
        return text, (missing, 0)
    nb, missing = translate_notebook(load(source), lookup, name)
    return dumps(nb), missing


def update(source, drop_obsolete=False):
    """Merge the chapter's catalog with the English and write it and the Korean file."""
    path = catalog.catalog_path(source)
    po = catalog.merge(catalog.read(path), catalog.extract(source), catalog.compendium(path))
    if drop_obsolete:
        for e in [e for e in po if e.obsolete]:
            po.remove(e)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_if_changed(path, catalog.text(po))
    text, missing = korean_text(source, po)
    out = catalog.korean_path(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_if_changed(out, text)
    return po, missing


def _write_if_changed(path, text):
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def sync_problems(source):
    """The catalog is what `update` writes for today's English, and so is the Korean file."""
    path, out = catalog.catalog_path(source), catalog.korean_path(source)
    cmd = f"python -m i18n update {Path(source).stem[:2] if Path(source).stem[:2].isdigit() else Path(source).stem}"
    if not path.exists():
        return [f"{path.name}: no catalog; run {cmd}"]
    po = catalog.read(path)
    found = []
    if catalog.text(catalog.merge(po, catalog.extract(source))) != path.read_text(encoding="utf-8"):
        found.append(f"{path.name}: not what the English gives now (changed English, or saved by an editor); run {cmd}")
    if not out.exists() or korean_text(source, po)[0] != out.read_text(encoding="utf-8"):
        found.append(f"{out.relative_to(catalog.ROOT)}: not what the generator writes from the catalog; run {cmd}")
    return found


def completeness_problems(source):
    """Every entry translated, none fuzzy, none obsolete."""
    po = catalog.read(catalog.catalog_path(source))
    name = catalog.catalog_path(source).name
    counts = {"untranslated": len([e for e in po if not e.obsolete and not e.msgstr]),
              "fuzzy (English changed: compare with #| msgid, fix, remove the flag)":
                  len([e for e in po if not e.obsolete and e.msgstr and "fuzzy" in e.flags]),
              "obsolete (#~, reuse and delete)": len([e for e in po if e.obsolete])}
    return [f"{name}: {n} {what}" for what, n in counts.items() if n]


def translation_problems(source, table=None):
    """Invariants of each translated entry, and the term list on the Markdown ones."""
    po = catalog.read(catalog.catalog_path(source))
    korean = {(e.msgctxt, e.msgid): e.msgstr for e in po if catalog.translated(e)}
    name, found, prose = catalog.catalog_path(source).name, [], []
    for key, (piece, cells) in catalog.extract(source).items():
        text = korean.get(key)
        if piece.msgctxt is None:
            prose.append((piece.msgid, text))
        if text is not None:
            found += [f"{name} [{cells[0]}] {piece.msgid[:50]!r}: {p}" for p in invariants.entry_problems(piece, text)]
    values = value_literals_of(source)
    for key, (piece, cells) in catalog.extract(source).items():
        text = korean.get(key)
        if piece.msgctxt == "code" and piece.msgid in values and text is not None and text != piece.msgid:
            found.append(f"{name} [{cells[0]}] {piece.msgid!r}: the code also uses this text as a value "
                         f"(a key or an option it looks up), so it stays English")
    table = terms.load() if table is None else table
    found += [f"{name} terms: {p}" for p in terms.problems(prose, table)]
    return found


def value_literals_of(source):
    """Literal bodies used as values in the chapter's code cells and folded solutions."""
    if Path(source).suffix != ".ipynb":
        return set()
    found = set()
    for cell in load(source)["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        codes = ([text] if cell["cell_type"] == "code"
                 else FENCE.findall(text) if cell["cell_type"] == "markdown" else [])
        for code in codes:
            found |= value_literals(code)
    return found


def status(source):
    """(entries, translated, fuzzy, English words) for a chapter's catalog."""
    po = catalog.read(catalog.catalog_path(source))
    live = [e for e in po if not e.obsolete]
    return (len(live), len([e for e in live if catalog.translated(e)]),
            len([e for e in live if "fuzzy" in e.flags]), sum(len(e.msgid.split()) for e in live))


def word_diff(old, new):
    """`new` with the words changed since `old` marked [-old-]{+new+}."""
    a, b = old.split(), new.split()
    out = []
    for op, i, j, k, m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(a[i:j]))
        else:
            out.append(("[-" + " ".join(a[i:j]) + "-]" if j > i else "")
                       + ("{+" + " ".join(b[k:m]) + "+}" if m > k else ""))
    return " ".join(x for x in out if x)


def todo(source):
    """Text listing the entries still to translate: untranslated ones, and fuzzy ones with the change."""
    po = catalog.read(catalog.catalog_path(source))
    lines = []
    for e in po:
        if e.obsolete or catalog.translated(e):
            continue
        where = f"[{', '.join(o[0] for o in e.occurrences)}] ({e.msgctxt or 'markdown'})"
        if "fuzzy" in e.flags and getattr(e, "previous_msgid", None):
            lines.append(f"FUZZY {where}: {word_diff(e.previous_msgid, e.msgid)}")
        else:
            lines.append(f"EMPTY {where}: {e.msgid}")
    return "\n\n".join(lines)
