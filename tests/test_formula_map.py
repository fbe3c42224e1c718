"""The map between the chapters and mlp_core stays true both ways.

The notation card's table "Where each formula lives in mlp_core" names functions that exist, and each
of them names in its docstring the sections of the table's row. Every "Chapter N §k" that a docstring
of mlp_core (or the table) cites is a numbered section of chapter N, and every equation number it
cites is one the chapter gives; the citation ends its paragraph, in the one form the card describes."""
import ast
import importlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CARD = ROOT / "notebooks" / "notation.md"
TABLE_HEADING = "## Where each formula lives in mlp_core"

# "Chapter 4 §8–9, equations (1)–(4)", "Chapter 3 §3 and §6", "Chapter 5 §1 and §9–10"
SECTIONS = r"§\d+(?:–\d+)?(?:(?:, | and )§\d+(?:–\d+)?)*"
ONE = rf"Chapter (\d+) ({SECTIONS})(?:, equations? \((\d+)\)(?:–\((\d+)\))?)?"
CITATION = re.compile(ONE)
# a paragraph ends with its citations, "...; Chapter 5 §1."
ENDING = re.compile(rf"(?:^|\s)({ONE}(?:; {ONE})*)\.$")


def numbers(first, last=None):
    """The integers first..last (both given as strings; last may be None)."""
    return set(range(int(first), int(last or first) + 1))


def citations(text):
    """(chapter, sections, equations) for each citation in text, whitespace normalised."""
    found = []
    for m in CITATION.finditer(" ".join(text.split())):
        sections = set().union(*(numbers(a, b) for a, b in re.findall(r"§(\d+)(?:–(\d+))?", m[2])))
        equations = numbers(m[3], m[4]) if m[3] else set()
        found.append((int(m[1]), sections, equations))
    return found


def cited_sections(text):
    """{(chapter, section)} that text cites."""
    return {(chapter, k) for chapter, sections, _ in citations(text) for k in sections}


def read_chapters():
    """chapter number -> (numbered '## k.' headings, equation labels '\\text{(k)}') of that chapter.
    Only notebooks whose title is '# Chapter N: ...' count: an appendix is not cited as a chapter."""
    chapters = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        title = re.match(r"# Chapter (\d+):", text)
        if title:
            assert int(title[1]) == int(path.name[:2]), f"{path.name} is titled chapter {title[1]}"
            headings = {int(k) for k in re.findall(r"^## (\d+)\. ", text, flags=re.M)}
            labels = {int(k) for k in re.findall(r"\\text\{\((\d+)\)\}", text)}
            chapters[int(title[1])] = (headings, labels)
    return chapters


CHAPTERS = read_chapters()


def problems(text):
    """What is wrong with the citations in text: a chapter, a section or an equation that is not there."""
    wrong = []
    for chapter, sections, equations in citations(text):
        if chapter not in CHAPTERS:
            wrong.append(f"there is no chapter {chapter}")
            continue
        headings, labels = CHAPTERS[chapter]
        wrong += [f"chapter {chapter} has no section {k}" for k in sorted(sections - headings)]
        wrong += [f"chapter {chapter} numbers no equation ({k})" for k in sorted(equations - labels)]
    return wrong


def docstrings():
    """(qualified name, docstring) of every module, class, function and method of mlp_core, read from
    the source (nothing is imported); functions inside functions are left out."""
    found = []

    def walk(node, prefix):
        for child in node.body:
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}.{child.name}"
                found.append((name, ast.get_docstring(child) or ""))
                if isinstance(child, ast.ClassDef):
                    walk(child, name)

    for path in sorted((ROOT / "mlp_core").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found.append((module, ast.get_docstring(tree) or ""))
        walk(tree, module)
    return found


DOCSTRINGS = dict(docstrings())


def card_rows():
    """(formula, chapter and section, [function names]) for each row of the card's table."""
    card = CARD.read_text(encoding="utf-8")
    assert TABLE_HEADING in card, f"notebooks/notation.md has no section '{TABLE_HEADING}'"
    table = card.split(TABLE_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) != 3 or cells[0] in ("formula", "---"):
            continue
        rows.append((cells[0], cells[1], re.findall(r"`(mlp_core\.[\w.]+)`", cells[2])))
    return rows


ROWS = card_rows()


def resolve(dotted):
    """The object a dotted name such as mlp_core.network.Network.backprop_into names."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)      # AttributeError: the card names something that is not there
        return obj
    raise ModuleNotFoundError(dotted)


def test_the_card_maps_the_formulas_of_every_chapter():
    assert len(ROWS) >= 35
    assert all(functions for _, _, functions in ROWS), "a row of the card's table names no function"
    covered = {chapter for _, where, _ in ROWS for chapter, _, _ in citations(where)}
    assert covered == set(CHAPTERS) == {1, 2, 3, 4, 5}


@pytest.mark.parametrize("formula, where, functions", ROWS,
                         ids=[f"{where.replace('§', 'section ')} {functions[0]}" for _, where, functions in ROWS])
def test_each_row_names_functions_that_exist_and_cite_its_sections(formula, where, functions):
    assert citations(where), f"the row '{formula}' names no chapter and section: {where!r}"
    assert problems(where) == []
    for name in functions:
        obj = resolve(name)
        assert callable(obj) or isinstance(obj, property), f"{name} is not a function, class or property"
        missing = cited_sections(where) - cited_sections(DOCSTRINGS.get(name, ""))
        assert not missing, f"the docstring of {name} does not cite {sorted(missing)} (the card's row: {where})"


def test_every_docstring_citation_names_a_section_that_exists():
    cited = {name: doc for name, doc in DOCSTRINGS.items() if citations(doc)}
    assert len(cited) >= 40
    assert ("mlp_core.network.Network.backprop_into" in cited
            and (4, {8, 9, 10}, {1, 2, 3, 4}) in citations(cited["mlp_core.network.Network.backprop_into"]))
    wrong = {name: problems(doc) for name, doc in cited.items() if problems(doc)}
    assert wrong == {}


def test_every_public_function_that_cites_a_chapter_is_on_the_card():
    on_card = {name for _, _, functions in ROWS for name in functions}
    public = {name for name, doc in DOCSTRINGS.items()
              if citations(doc) and not any(part.startswith("_") for part in name.split("."))}
    assert sorted(public - on_card) == []


def test_citations_end_their_paragraph_in_the_cards_form():
    for name, doc in DOCSTRINGS.items():
        assert not re.search(r"[Cc]hapter \d+,? sections? \d|[Ss]ection \d+ of chapter", doc), \
            f"{name}: write a citation as 'Chapter 5 §4.' (see notebooks/notation.md)"
        if not re.search(r"Chapter \d+ §", doc):
            continue
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", doc)]
        for k, paragraph in enumerate(paragraphs):
            ending = ENDING.search(paragraph)
            inside = paragraph.count("Chapter ")
            if k == 0 or inside:
                assert ending, f"{name}: paragraph {k} does not end with its citation: {paragraph[-80:]!r}"
                assert ending[1].count("Chapter ") == inside, f"{name}: a citation in the middle of {paragraph!r}"


@pytest.mark.parametrize("text, wrong", [
    ("Chapter 4 §8, equations (1)–(4).", []),
    ("Chapter 4 §20.", ["chapter 4 has no section 20"]),
    ("Chapter 3 §14–16.", ["chapter 3 has no section 16"]),
    ("Chapter 2 §4 and §13.", ["chapter 2 has no section 13"]),
    ("Chapter 4 §8, equation (5).", ["chapter 4 numbers no equation (5)"]),
    ("Chapter 5 §2, equation (1).", ["chapter 5 numbers no equation (1)"]),
    ("Chapter 6 §1.", ["there is no chapter 6"]),
])
def test_a_citation_of_a_missing_section_or_equation_is_found(text, wrong):
    assert problems(text) == wrong


def test_the_form_is_read_whole():
    assert citations("Chapter 3 §9–10; Chapter 5 §1 and §9.") == [(3, {9, 10}, set()), (5, {1, 9}, set())]
    assert ENDING.search("dC/dA = 2 (A - T) / B. Chapter 4 §8–9, equation (1).")
    assert not ENDING.search("Chapter 4 §8 explains it, see there.")
