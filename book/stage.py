"""Lay out the book's source folder from the chapters as they are now.

    python book/stage.py SOURCE_DIR [--language ko]

copies the book's own files (`_config.yml`, the Sphinx extensions `offline.py` and `pages.py`,
`book.css`, `book.js`, `widgets-setup.js`, the landing page), every chapter `NN_*.ipynb` and the notation card
`notation.md` of the edition (English: notebooks/, Korean: notebooks/ko/) into SOURCE_DIR, and writes
`_toc.yml` listing the chapters in file order. In each chapter's copy (never the notebook itself):
a note under its title says what the page is and a note after each control what moves in the page;
a code cell's `# alt: ...` comment becomes the alt text of its images; the setup cell is folded like
the cells tagged `hide-input`; links to an anchor of another chapter point at its MyST target. The
landing page gets the README's command for opening the series, so the two never disagree.
The words the book adds are in book/texts.py, one entry per language."""
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

import texts

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
FOLDERS = {"en": ROOT / "notebooks", "ko": ROOT / "notebooks" / "ko"}
CHAPTER_FILE = re.compile(r"^\d\d_.+\.ipynb$")
CONTROL_CALL = re.compile(r"\bcontrols\.([A-Z]\w*)\(")
COMMAND_BLOCK = re.compile(r"```bash\n([^`]*?jupyter lab[^`]*?)\n```")
HTML_ANCHOR = re.compile(r'^<a (?:id|name)="([^"]+)"></a>[ \t]*$', re.M)
HEADING = re.compile(r"^(#{1,6}) +(.+?)[ \t]*$", re.M)
LOCAL_LINK = re.compile(r"\]\(#([^)\s]+)\)")
CHAPTER_LINK = re.compile(r"\]\((\d\d_[\w-]+)\.ipynb#([^)\s]+)\)")
ALT = re.compile(r"^[ \t]*#[ \t]*alt:[ \t]*(.+?)[ \t]*$", re.M)


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
        source = CHAPTER_LINK.sub(lambda m: f"](#{m.group(1)}-{m.group(2)})", source)
        cell["source"] = source.splitlines(keepends=True)
    return notebook


def control_names():
    """The public names in mlp_core.controls that are interactive controls (widgets), not callbacks,
    and those of them whose figure one slider moves in the page (mlp_core.controls.static.FRAMES)."""
    sys.path.insert(0, str(ROOT))
    from mlp_core import controls
    from mlp_core.controls import static
    names = {name for name in controls.__all__ if issubclass(getattr(controls, name), controls.Control)}
    return names, set(static.FRAMES)


def describe_and_fold(notebook):
    """Each code cell's first `# alt: ...` comment becomes the alt text of its images (myst-nb's cell
    metadata `mystnb.image.alt`); the setup cell (tag `setup`) is folded like `hide-input` cells."""
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        meta = cell.setdefault("metadata", {})
        alt = ALT.search("".join(cell["source"]))
        if alt:
            meta.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alt.group(1)
        tags = meta.get("tags", [])
        if "setup" in tags and "hide-input" not in tags:
            meta["tags"] = [*tags, "hide-input"]
    return notebook


def annotate(notebook, controls, language):
    """Return the chapter with a page note under its title and a note after every control cell.
    controls: (names of the controls, names of those with frames in the page)."""
    names, static = controls
    cells, found = [], []
    for index, cell in enumerate(notebook["cells"]):
        cells.append(cell)
        if cell["cell_type"] == "code":
            shown = [n for n in CONTROL_CALL.findall("".join(cell["source"])) if n in names]
            if shown:
                found.extend(n for n in shown if n not in found)
                note = texts.STATIC_NOTE if shown[0] in static else texts.LIVE_NOTE
                cells.append(markdown_cell(note[language].format(name=shown[0]), f"book-note-{index}"))
    sentence = ""
    if found:
        sentence = texts.CONTROLS_SENTENCE[language].format(
            n=len(found), s="" if len(found) == 1 else "s", names=", ".join(f"`{n}`" for n in found))
    note = texts.PAGE_NOTE[language].format(controls=sentence)
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


def write_toc(source, chapters, language):
    chapters_caption, reference_caption = texts.CONFIG[language]["toc"]
    lines = ["format: jb-book", "root: intro", "parts:", f"  - caption: {chapters_caption}", "    chapters:"]
    lines += [f"      - file: {c.stem}" for c in chapters]
    lines += [f"  - caption: {reference_caption}", "    chapters:", "      - file: notation"]
    (source / "_toc.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_config(source, language, pages):
    """book/_config.yml with the edition's title, language, footer, and the link to the other edition
    (pages: the names of the pages that edition has; none when it is not built)."""
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    words = texts.CONFIG[language]
    config["title"] = words["title"]
    config["html"]["extra_footer"] = words["footer"]
    sphinx = config["sphinx"]["config"]
    sphinx["language"] = language
    if "fold" in words:
        sphinx["nb_code_prompt_show"], sphinx["nb_code_prompt_hide"] = words["fold"]
    if language != "en":
        config["repository"]["path_to_book"] = f"notebooks/{language}"
    folder, label, code = texts.OTHER[language]
    sphinx["book_other_edition"] = {"folder": folder, "label": label, "language": code, "pages": sorted(pages)}
    (source / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def editions_pages(language):
    """The page names of the other edition (chapters, notation, intro), or [] when it has no chapters."""
    other = "ko" if language == "en" else "en"
    folder = FOLDERS[other]
    chapters = [p.stem for p in folder.glob("*.ipynb") if CHAPTER_FILE.match(p.name)] if folder.is_dir() else []
    return chapters + ["intro", "notation"] if chapters else []


def stage(source, language="en"):
    folder = FOLDERS[language]
    source.mkdir(parents=True, exist_ok=True)
    for name in ("offline.py", "pages.py"):
        shutil.copy(BOOK / name, source / name)
    write_config(source, language, editions_pages(language))
    (source / "vendor" / "widgets").mkdir(parents=True, exist_ok=True)
    shutil.copy(BOOK / "widgets-setup.js", source / "vendor" / "widgets" / "widgets-setup.js")
    for name in ("book.css", "book.js"):
        shutil.copy(BOOK / name, source / "vendor" / name)
    intro_file = BOOK / ("intro.md" if language == "en" else f"intro.{language}.md")
    intro = intro_file.read_text(encoding="utf-8").replace("@OPEN_COMMAND@", open_command())
    (source / "intro.md").write_text(intro, encoding="utf-8")
    notation = folder / "notation.md"
    shutil.copy(notation if notation.is_file() else FOLDERS["en"] / "notation.md", source / "notation.md")
    chapters = sorted(p for p in folder.iterdir() if CHAPTER_FILE.match(p.name))
    if not chapters:
        raise SystemExit(f"no chapters (NN_name.ipynb) in {folder}")
    controls = control_names()
    for chapter in chapters:
        notebook = describe_and_fold(myst_targets(json.loads(chapter.read_text(encoding="utf-8")), chapter.stem))
        (source / chapter.name).write_text(json.dumps(annotate(notebook, controls, language), indent=1,
                                                      ensure_ascii=False), encoding="utf-8")
    write_toc(source, chapters, language)
    print(f"staged {len(chapters)} chapters and the notation card ({language}) in {source}")


if __name__ == "__main__":
    args = sys.argv[1:]
    language = "en"
    if len(args) == 3 and args[1] == "--language" and args[2] in FOLDERS:
        language = args[2]
    elif len(args) != 1:
        raise SystemExit(__doc__)
    stage(Path(args[0]).resolve(), language)
