"""The Korean edition: catalogs in sync with the English chapters, generated notebooks whose code is
the English code, translations that keep maths, links, literals and terms, and solutions that pass.

The full check is `python -m i18n check` (i18n/README.md); these tests run the same functions."""
import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from i18n import catalog, tasks                                    # noqa: E402
from i18n.code_text import masked                     # noqa: E402
from i18n.notebook import BANNER_ID, SET_LANGUAGE, file_pieces, load, source  # noqa: E402
from i18n.pieces import Piece, join                                # noqa: E402

SOURCES = catalog.sources()
CHAPTERS = [p for p in SOURCES if p.suffix == ".ipynb"]
FENCE = re.compile(r"```python\n(.*?)```", re.S)


def test_every_english_chapter_has_a_catalog_and_a_korean_notebook():
    assert len(CHAPTERS) >= 5, "the tests below would pass without any chapter"
    for path in SOURCES:
        assert catalog.catalog_path(path).exists() and catalog.korean_path(path).exists(), path.name


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_catalog_and_korean_file_are_what_the_english_gives_now(path):
    assert tasks.sync_problems(path) == []


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_translations_keep_maths_links_literals_and_terms(path):
    assert tasks.translation_problems(path) == []


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_catalog_is_complete(path):
    """No entry untranslated, fuzzy (its English changed) or obsolete: the Korean edition is current."""
    assert tasks.completeness_problems(path) == []


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_pieces_give_the_english_back(path):
    cells = [source(c) for c in load(path)["cells"]] if path.suffix == ".ipynb" else [path.read_text(encoding="utf-8")]
    assert [join(pieces) for _, pieces in file_pieces(path)] == cells
    assert any(isinstance(p, Piece) for _, pieces in file_pieces(path) for p in pieces)


# --- the code of a Korean chapter is the English code -------------------------------------------------

class _Blank(ast.NodeTransformer):
    """String literals (f-strings included) replaced by "": what the translation may change."""
    def visit_Constant(self, node):
        return ast.Constant("") if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node):
        return ast.Constant("")


def blanked(code):
    """The statements of `code` as dumps, with string literals blanked."""
    return [ast.dump(_Blank().visit(s)) for s in ast.parse(masked(code)).body]


def without(statements, drop):
    """`statements` less the statements `drop` (all of them present), else None."""
    rest = list(statements)
    for stmt in drop:
        if stmt not in rest:
            return None
        rest.remove(stmt)
    return rest


def code_of(cell):
    if cell["cell_type"] == "code":
        return [source(cell)]
    return FENCE.findall(source(cell)) if cell["cell_type"] == "markdown" else []


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_korean_code_is_the_english_code(path):
    english, korean = load(path), load(catalog.korean_path(path))
    kcells = [c for c in korean["cells"] if c.get("id") != BANNER_ID]
    assert [c.get("id") for c in kcells] == [c.get("id") for c in english["cells"]]
    assert korean["metadata"] == english["metadata"]
    set_language = blanked("\n".join(SET_LANGUAGE))
    added = 0
    for e, k in zip(english["cells"], kcells):
        assert ((e["cell_type"], e.get("metadata"), e.get("outputs"))
                == (k["cell_type"], k.get("metadata"), k.get("outputs")))
        e_code, k_code = code_of(e), code_of(k)
        assert len(e_code) == len(k_code), e["id"]
        for ec, kc in zip(e_code, k_code):
            kb, eb = blanked(kc), blanked(ec)
            if kb != eb and without(kb, set_language) == eb:
                kb, added = eb, added + 1
            assert kb == eb, f"cell {e['id']}: code differs beyond literals and comments"
            if "NBVAL_CHECK_OUTPUT" in ec:
                assert ast.dump(ast.parse(masked(kc))) == ast.dump(ast.parse(masked(ec))), \
                    "checked cells keep English literals"
    assert added == 1, "exactly one cell, the import cell, gains set_language('ko')"


def test_blanking_notices_changed_code():
    assert blanked('print("a", x)') == blanked('print("가", x)')
    assert blanked('print(f"{x:.2f} a")') == blanked('print(f"가 {x:.2f}")')
    assert blanked('print("a", x)') != blanked('print("a", y)')
    assert blanked('f(1)  # one') == blanked('f(1)  # 하나') != blanked('f(2)')


def test_nbval_collects_the_korean_chapters():
    """The README's test command (`pytest ... tests notebooks`) collects notebooks/ko/ too."""
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
                           "--nbval-lax", "--nbval-current-env", "notebooks"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    collected = {line.split("::")[0] for line in done.stdout.splitlines() if "::" in line}
    for path in CHAPTERS:
        assert f"notebooks/ko/{path.name}" in collected, done.stdout[-2000:]


# --- solutions, run in Korean ---------------------------------------------------------------------------

def tagged(nb, tag):
    return [i for i, c in enumerate(nb["cells"]) if tag in c.get("metadata", {}).get("tags", [])]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_korean_solutions_pass_their_checks(path):
    """Each exercise and prediction of the Korean chapter replaced by its (Korean) folded solution,
    the chapter run top to bottom in Korean: every check says ✔ (as tests/test_notebooks.py does
    for the English)."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient
    korean = catalog.korean_path(path)
    nb = nbformat.read(korean, as_version=4)
    exercises = tagged(nb, "exercise") + tagged(nb, "predict")
    assert exercises, "a chapter has exercises"
    for i in exercises:
        nb.cells[i].source = FENCE.findall(source(nb.cells[i + 1]))[0]
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(korean.parent)}}).execute()
    for i in exercises:
        text = "".join(o.get("text", "") for o in nb.cells[i].outputs if o.get("output_type") == "stream")
        assert "✔" in text and "✘" not in text, f"exercise cell {i}: {text}"
