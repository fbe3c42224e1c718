"""Lay out the book's source folder from the chapters as they are now.

    python book/stage.py SOURCE_DIR

copies the book's own files (`_config.yml`, `offline.py`, `intro.md`, `widgets-setup.js`), every
chapter `notebooks/NN_*.ipynb` and the notation card `notebooks/notation.md` into SOURCE_DIR, and
writes `_toc.yml` listing the chapters in file order. Each chapter's copy (never the notebook itself)
gets a note under its title saying what the page is, and a note after each control saying what only
a live kernel does. The landing page gets the README's command for opening the series, so the two
never disagree."""
import json
import re
import shutil
import sys
from pathlib import Path

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
NOTEBOOKS = ROOT / "notebooks"
CHAPTER_FILE = re.compile(r"^\d\d_.+\.ipynb$")
CONTROL_CALL = re.compile(r"\bcontrols\.([A-Z]\w*)\(")
COMMAND_BLOCK = re.compile(r"```bash\n([^`]*?jupyter lab[^`]*?)\n```")
HTML_ANCHOR = re.compile(r'^<a (?:id|name)="([^"]+)"></a>[ \t]*$', re.M)
HEADING = re.compile(r"^(#{1,6}) +(.+?)[ \t]*$", re.M)
LOCAL_LINK = re.compile(r"\]\(#([^)\s]+)\)")

PAGE_NOTE = """```{{note}}
This page is the chapter as it ran when the book was built: every figure and printed number on it is
the real output of the code just before it. {controls}To run the code yourself, open the chapter
live with the launch button (rocket icon) at the top of the page (Binder or Colab), or on your own
machine with the command on the front page ({{ref}}`run-it-live`).
```"""

CONTROLS_SENTENCE = ("It has {n} interactive control{s} ({names}): in this page their sliders and "
                     "menus move, but what they drive is computed by Python and changes only in a live "
                     "kernel. ")

CONTROL_NOTE = """```{{admonition}} Needs a live kernel
:class: tip
`{name}` computes its figure and numbers in Python. In this page the controls above move, but the
figure and numbers stay as they were when the book was built; open the chapter live (launch button at
the top) to see them follow the controls.
```"""


def markdown_cell(text, cell_id):
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text.splitlines(keepends=True)}


def myst_targets(notebook, page):
    """Give the chapter's in-page anchors MyST targets, so Sphinx resolves the links to them.

    After `<a id="x"></a>` on a line of its own comes the target line `(page-x)=`; a heading linked
    by JupyterLab's anchor (its text with spaces as dashes, `#5.-Two-costs`) gets a target before it;
    links `(#x)` become `(#page-x)`. Targets carry the page's name because Sphinx's are book-wide."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "markdown"]
    wanted = set(LOCAL_LINK.findall("".join("".join(c["source"]) for c in cells)))

    def label(anchor):
        return f"({page}-{anchor})="

    def heading(m):
        anchor = m.group(2).replace(" ", "-")
        return f"{label(anchor)}\n{m.group(0)}" if anchor in wanted else m.group(0)

    for cell in cells:
        source = HTML_ANCHOR.sub(lambda m: f"{m.group(0)}\n{label(m.group(1))}", "".join(cell["source"]))
        source = HEADING.sub(heading, source)
        source = LOCAL_LINK.sub(lambda m: f"](#{page}-{m.group(1)})", source)
        cell["source"] = source.splitlines(keepends=True)
    return notebook


def control_names():
    """The public names in mlp_core.controls that are interactive controls (widgets), not callbacks."""
    sys.path.insert(0, str(ROOT))
    from mlp_core import controls
    return {name for name in controls.__all__ if issubclass(getattr(controls, name), controls.Control)}


def annotate(notebook, controls):
    """Return the chapter with a page note under its title and a note after every control cell."""
    cells, found = [], []
    for index, cell in enumerate(notebook["cells"]):
        cells.append(cell)
        if cell["cell_type"] == "code":
            names = [n for n in CONTROL_CALL.findall("".join(cell["source"])) if n in controls]
            if names:
                found.extend(n for n in names if n not in found)
                cells.append(markdown_cell(CONTROL_NOTE.format(name=names[0]), f"book-live-{index}"))
    sentence = ""
    if found:
        sentence = CONTROLS_SENTENCE.format(n=len(found), s="" if len(found) == 1 else "s",
                                            names=", ".join(f"`{n}`" for n in found))
    note = PAGE_NOTE.format(controls=sentence)
    first = cells[0]
    if first["cell_type"] == "markdown" and "".join(first["source"]).startswith("# "):
        title, _, rest = "".join(first["source"]).partition("\n")
        cells[0] = dict(first, source=f"{title}\n\n{note}\n\n{rest}".splitlines(keepends=True))
    else:
        cells.insert(0, markdown_cell(note, "book-page-note"))
    return dict(notebook, cells=cells)


def open_command():
    """The README's first bash block that starts `jupyter lab`: the command that opens the series."""
    match = COMMAND_BLOCK.search((ROOT / "README.md").read_text(encoding="utf-8"))
    if match is None:
        raise SystemExit("README.md has no ```bash block with the `jupyter lab` command that opens the series")
    return match.group(1)


def write_toc(source, chapters):
    lines = ["format: jb-book", "root: intro", "parts:", "  - caption: Chapters", "    chapters:"]
    lines += [f"      - file: {c.stem}" for c in chapters]
    lines += ["  - caption: Reference", "    chapters:", "      - file: notation"]
    (source / "_toc.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def stage(source):
    source.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "offline.py"):
        shutil.copy(BOOK / name, source / name)
    (source / "vendor" / "widgets").mkdir(parents=True, exist_ok=True)
    shutil.copy(BOOK / "widgets-setup.js", source / "vendor" / "widgets" / "widgets-setup.js")
    intro = (BOOK / "intro.md").read_text(encoding="utf-8").replace("@OPEN_COMMAND@", open_command())
    (source / "intro.md").write_text(intro, encoding="utf-8")
    shutil.copy(NOTEBOOKS / "notation.md", source / "notation.md")
    chapters = sorted(p for p in NOTEBOOKS.iterdir() if CHAPTER_FILE.match(p.name))
    if not chapters:
        raise SystemExit(f"no chapters (NN_name.ipynb) in {NOTEBOOKS}")
    controls = control_names()
    for chapter in chapters:
        notebook = json.loads(chapter.read_text(encoding="utf-8"))
        (source / chapter.name).write_text(json.dumps(annotate(myst_targets(notebook, chapter.stem), controls), indent=1), encoding="utf-8")
    write_toc(source, chapters)
    print(f"staged {len(chapters)} chapters and the notation card in {source}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    stage(Path(sys.argv[1]).resolve())
