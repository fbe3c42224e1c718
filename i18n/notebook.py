"""From an English chapter to its pieces, and from the pieces and a catalog to the Korean chapter.

The Korean notebook is the English one (cells, ids, code, metadata, stored outputs) with only the
catalog's text swapped in, two lines added to the import cell (SET_LANGUAGE), and, while entries are
still untranslated, a banner cell on top saying how many. Cells whose output nbval compares
(`# NBVAL_CHECK_OUTPUT`) keep their string literals English, so the stored output still matches."""
import copy
import json
from pathlib import Path

from .code_text import code_pieces
from .markdown_text import markdown_pieces
from .pieces import Piece, join

MARK = "NBVAL_CHECK_OUTPUT"
SET_LANGUAGE = ["from mlp_core.i18n import set_language", 'set_language("ko")']
BANNER_ID = "ko-translation-status"


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def dumps(nb):
    """The text notebook_store writes: one-space indent, UTF-8, a final newline."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def cell_pieces(cell):
    text = source(cell)
    if cell["cell_type"] == "markdown":
        return markdown_pieces(text)
    if cell["cell_type"] == "code":
        return code_pieces(text, literals=MARK not in text)
    return [text]


def file_pieces(path):
    """[(cell id, pieces)] for a notebook, or [(None, pieces)] for a Markdown file."""
    path = Path(path)
    if path.suffix == ".md":
        return [(None, markdown_pieces(path.read_text(encoding="utf-8")))]
    return [(c.get("id"), cell_pieces(c)) for c in load(path)["cells"]]


def import_cell_index(nb):
    """The cell that imports the kit (`from mlp_core import`), skipping the setup cell."""
    for i, cell in enumerate(nb["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code" and "setup" not in tags and "from mlp_core import" in source(cell):
            return i
    return None


def with_set_language(code):
    """`code` with SET_LANGUAGE added after its last line that imports from mlp_core."""
    lines = code.split("\n")
    last = max(i for i, line in enumerate(lines) if line.startswith(("from mlp_core", "import mlp_core")))
    return "\n".join(lines[:last + 1] + SET_LANGUAGE + lines[last + 1:])


def as_lines(text):
    return text.splitlines(True)


def banner(untranslated, catalog_name):
    prose, code = untranslated
    text = (f"> **번역 중인 장입니다.** 이 장에서 아직 영어로 남아 있는 글: 문단 {prose}개, "
            f"코드 속 주석과 글 {code}개. "
            f"번역은 `i18n/ko/{catalog_name}`에서 채웁니다.\n"
            f"> *This chapter is being translated: {prose} paragraphs and {code} comments or strings "
            f"are still in English.*")
    return {"cell_type": "markdown", "id": BANNER_ID, "metadata": {}, "source": as_lines(text)}


def translate_notebook(nb, lookup, catalog_name):
    """The Korean notebook: `lookup(piece)` gives the Korean text or None (English kept)."""
    nb = copy.deepcopy(nb)
    missing = [0, 0]

    def counted(piece):
        found = lookup(piece)
        if found is None:
            missing[piece.msgctxt is not None] += 1
        return found

    for cell in nb["cells"]:
        text = join(cell_pieces(cell), counted)
        if text != source(cell):
            cell["source"] = as_lines(text)
    index = import_cell_index(nb)
    if index is not None:
        nb["cells"][index]["source"] = as_lines(with_set_language(source(nb["cells"][index])))
    if any(missing):
        nb["cells"].insert(0, banner(missing, catalog_name))
    return nb, tuple(missing)


def translate_markdown(text, lookup):
    pieces = markdown_pieces(text)
    missing = sum(1 for p in pieces if isinstance(p, Piece) and lookup(p) is None)
    return join(pieces, lookup), missing
