"""The chapter notebooks: stored clean, shaped like a chapter, and every exercise's solution passes its check.

nbval (run by the README's test command) executes each notebook as stored, with the exercises
unanswered; here each notebook is also executed with every exercise replaced by its solution."""
import json
import re
from pathlib import Path

import pytest

from mlp_core import controls as kit
from notebook_store import MARK, notebooks, problems
from study_time import stated_minutes, study_minutes

NOTEBOOKS = notebooks()
CHAPTER_NAMES = [p.stem for p in NOTEBOOKS]      # the chapters are the notebooks in notebooks/, in order
CORE_LIMIT = 75                                  # minutes of study on a chapter's core path
ids = [p.stem for p in NOTEBOOKS]


def is_appendix(path):
    """An appendix is optional reading after the chapters: its title starts with '# Appendix'."""
    first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
    return "".join(first["source"]).startswith("# Appendix")


CHAPTERS = [p.stem for p in NOTEBOOKS if not is_appendix(p)]


def test_every_chapter_notebook_is_found():
    assert len(NOTEBOOKS) >= 5, "the tests below would pass without any notebook"
    assert CHAPTER_NAMES[:5] == ["01_mnist_and_logistic_regression", "02_notation_and_forward_propagation",
                                 "03_cost_and_gradient_descent", "04_backpropagation", "05_optimizers"]


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"])


def tagged(nb, tag):
    return [i for i, c in enumerate(nb["cells"]) if tag in c.get("metadata", {}).get("tags", [])]


def solution_code(markdown):
    found = re.findall(r"```python\n(.*?)```", markdown, flags=re.S)
    return found[0] if found else None


def test_notebook_names_say_the_chapter():
    """A number, then the chapter in words: 01_mnist_and_logistic_regression."""
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+", p.stem) for p in NOTEBOOKS), ids
    numbers = [int(p.stem[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(1, len(NOTEBOOKS) + 1)), "numbered 01, 02, ... without gaps"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_study_time_stated_matches_the_measurement(path):
    """The top states the core and full study time; both match tests/study_time.py within 10% (or 5
    minutes), and the core path fits a class: at most CORE_LIMIT minutes."""
    stated = stated_minutes(path)
    assert stated, "the first cell says 'Core path: about N minutes of study (M with the optional sections)'"
    measured = study_minutes(path)
    for said, found in zip(stated, measured):
        assert abs(said - found) <= max(5, 0.1 * found), f"stated {stated}, measured {measured}"
    assert stated[0] <= CORE_LIMIT


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_stored_clean_with_checked_outputs_kept(path):
    assert problems(path) == []
    nb = load(path)
    checked = [c for c in nb["cells"] if c["cell_type"] == "code" and MARK in source(c)]
    assert checked, "a chapter checks at least one of its numbers with nbval"
    assert all(c["outputs"] and isinstance(c["execution_count"], int) for c in checked)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_chapter_shape(path):
    nb = load(path)
    cells = nb["cells"]
    first, last = source(cells[0]), source(cells[-1])
    assert cells[0]["cell_type"] == "markdown" and first.startswith("# ")
    for heading in ("What you will be able to do", "Prerequisites", "Contents"):
        assert heading in first, heading
    assert "setup" in cells[1]["metadata"].get("tags", []), "the setup cell (tests/test_setup_cell.py) comes first"
    assert "%matplotlib inline" in source(cells[2]) and "from mlp_core import" in source(cells[2])
    for heading in ("Summary", "Glossary", "| English | Korean | Symbol |"):
        assert heading in last, heading
    if path.stem in CHAPTERS[:-1]:
        assert CHAPTERS[CHAPTERS.index(path.stem) + 1] + ".ipynb" in last, "link to the next chapter"
    code = "\n".join(source(c) for c in cells if c["cell_type"] == "code")
    controls = {name for name in kit.__all__ if re.search(rf"\b{name}\(", code)}
    if not is_appendix(path):     # an appendix may build its own machinery instead of using the kit's controls
        assert len(controls) >= 2, f"at least two controls of the kit, found {controls}"
    assert not any("plt." in source(c) for c in cells[:2]), "no figure before %matplotlib inline"


TOC_ENTRY = re.compile(r"^(?:(\d+)\.|-) \[([^\]]+)\]\(#([^)]+)\)", flags=re.M)
SECTION = re.compile(r"^## (\d+)\. (.+)$", flags=re.M)
EDITIONS = NOTEBOOKS + sorted(NOTEBOOKS[0].parent.glob("ko/*.ipynb"))


@pytest.mark.parametrize("path", EDITIONS, ids=[f"{p.parent.name}/{p.stem}" for p in EDITIONS])
def test_contents_list_the_numbered_sections_and_link_the_summary(path):
    """The contents name every numbered section with its number and title, in order; every link has
    its anchor; the summary, which has no number, is linked as an unnumbered item at the end."""
    cells = load(path)["cells"]
    contents = source(cells[0]).split("\n## ")[-1]          # the last heading of the top: the contents
    entries = TOC_ENTRY.findall(contents)
    numbered = [(int(n), title) for n, title, _ in entries if n]
    text = "\n".join(source(c) for c in cells if c["cell_type"] == "markdown")
    sections = [(int(n), title.strip()) for n, title in SECTION.findall(text)]
    assert numbered == sections
    assert [n for n, _ in sections] == list(range(1, len(sections) + 1))
    for _, _, target in entries:
        assert f'<a id="{target}"></a>' in text, f"no anchor for #{target}"
    last_number, last_title, last_target = entries[-1]
    assert not last_number and re.search(r"^<a id=\"%s\"></a>\s*## " % re.escape(last_target),
                                         source(cells[-1]), flags=re.M), "the summary is linked last"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_exercises_have_checks_and_hidden_solutions(path):
    nb = load(path)
    exercises = tagged(nb, "exercise")
    assert 3 <= len(exercises) <= 6
    for i in exercises:
        assert "check_" in source(nb["cells"][i]), f"cell {i} calls a check"
        solution = nb["cells"][i + 1]
        assert "solution" in solution.get("metadata", {}).get("tags", []), f"cell {i + 1} is the solution"
        text = source(solution)
        assert "<details>" in text and "</details>" in text and solution_code(text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_predictions_are_asked_before_they_are_shown(path):
    """Predict-then-run questions: a `predict` cell calls check_choice on an unanswered `...`, and
    the next cell is its folded answer."""
    nb = load(path)
    assert 3 <= len(tagged(nb, "predict")) <= 5, "each chapter asks 3-5 predictions"
    for i in tagged(nb, "predict"):
        assert "check_choice(" in source(nb["cells"][i]) and "= ..." in source(nb["cells"][i]), f"cell {i}"
        answer = nb["cells"][i + 1]
        assert "solution" in answer.get("metadata", {}).get("tags", []), f"cell {i + 1} is the answer"
        assert "<details>" in source(answer) and solution_code(source(answer))


CHECK_CALL = re.compile(r"\bchecks\.check_\w+\(")
PROBE = Path(__file__).with_name("test_checks_probe.py")
LOAD_PROBE = f"""def _load_check_probe():
    import importlib.util
    spec = importlib.util.spec_from_file_location("check_probe", {str(PROBE)!r})
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
_check_probe = _load_check_probe()
del _load_check_probe"""


def with_probes(nb):
    """Insert after every cell calling checks.check_* a cell probing its checks with wrong answers (see
    tests/test_checks_probe.py), in the same kernel, before the next cell changes the namespace.
    Returns {index of the check cell: (the cell, the number of check calls, its probe cell)}."""
    from nbformat.v4 import new_code_cell
    probed, cells = {}, []
    for i, cell in enumerate(nb.cells):
        cells.append(cell)
        calls = len(CHECK_CALL.findall(cell.source)) if cell.cell_type == "code" else 0
        if calls:
            if not probed:
                cells.append(new_code_cell(LOAD_PROBE))
            cells.append(new_code_cell(f"_check_probe.probe_cell(globals(), {i}, {cell.source!r})"))
            probed[i] = (cell, calls, cells[-1])
    nb.cells = cells
    return probed


def probe_reports(cell):
    """The records printed by a probe cell, one per check call."""
    text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
    return [json.loads(line[len("PROBE "):]) for line in text.splitlines() if line.startswith("PROBE ")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_solutions_pass_their_checks(path, tmp_path):
    """Run with every exercise and prediction replaced by its solution: each check says ✔; right after
    each check cell, every one of its checks is run again with wrong answers (✘) and harmless ones (✔)."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    exercises = tagged(nb, "exercise") + tagged(nb, "predict")
    for i in exercises:
        nb.cells[i].source = solution_code(source(nb.cells[i + 1]))
    probed = with_probes(nb)
    assert set(exercises) <= set(probed), "every exercise and prediction calls checks.check_..."
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for i in exercises:
        cell = probed[i][0]
        text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
        assert "✔" in text and "✘" not in text, f"exercise cell {i}: {text}"
    for i, (cell, calls, probe) in probed.items():
        reports = probe_reports(probe)
        assert [r["call"] for r in reports] == list(range(calls)), f"cell {i}: {calls} checks, probed {reports}"
        for report in reports:
            assert report["variants"] >= 5 and report["problems"] == [], f"cell {i}: {report}"
