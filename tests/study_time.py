"""How long a chapter takes to study, measured the same way for every chapter.

    python tests/study_time.py notebooks/01_mnist_and_logistic_regression.ipynb   # core and full minutes

The model: prose (Markdown, without folded solutions) is read at 110 words a minute; each code cell
costs 0.3 minutes to read and run; each exercise 5 minutes, each prediction 2 and each control 2
(a code cell that creates a control of `mlp_core.controls`). The core path leaves out every section
whose `## ` heading ends with "(optional)"; the full path counts everything. A chapter states both
at its top as "Core path: about N minutes of study (M with the optional sections)"."""
import json
import re
import sys
from pathlib import Path

WORDS_PER_MINUTE = 110
MINUTES = {"code": 0.3, "exercise": 5.0, "predict": 2.0, "control": 2.0}
STATED = re.compile(r"Core path: about (\d+) minutes of study \((\d+) with the optional sections\)")
CONTROL_CALL = re.compile(r"\bcontrols\.[A-Z]\w*\(|\b(DigitBrowser|NeuronPlayground|OnePixelLogistic|WeightMover|"
                          r"LiveCostPlot|GradientDescentExplorer|OptimizerRace|HiddenLayerBoundary|DrawDigit|"
                          r"WeightTimeline)\(")


def _text(cell):
    return "".join(cell["source"])


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def cell_minutes(cell):
    """Minutes one cell costs a learner (a folded solution costs nothing on the way through)."""
    tags, text = _tags(cell), _text(cell)
    if "solution" in tags:
        return 0.0
    if cell["cell_type"] == "markdown":
        prose = re.sub(r"<[^>]+>|\$[^$]*\$|[#*`|>-]", " ", text)
        return len(prose.split()) / WORDS_PER_MINUTE
    minutes = MINUTES["code"]
    minutes += MINUTES["exercise"] if "exercise" in tags else 0.0
    minutes += MINUTES["predict"] if "predict" in tags else 0.0
    minutes += MINUTES["control"] if CONTROL_CALL.search(text) else 0.0
    return minutes


def sections(cells):
    """(optional?, cell) for every cell: a cell belongs to the last `## ` heading above it."""
    optional = False
    for cell in cells:
        if cell["cell_type"] == "markdown":
            headings = [line for line in _text(cell).splitlines() if line.startswith("## ")]
            if headings:
                optional = headings[-1].rstrip().lower().endswith("(optional)")
        yield optional, cell


def study_minutes(path):
    """(core, full) minutes of study for the notebook at path."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    core = full = 0.0
    for optional, cell in sections(cells):
        minutes = cell_minutes(cell)
        full += minutes
        core += 0.0 if optional else minutes
    return core, full


def stated_minutes(path):
    """(core, full) minutes the chapter states at its top, or None."""
    first = _text(json.loads(Path(path).read_text(encoding="utf-8"))["cells"][0])
    found = STATED.search(first.replace("\n", " "))
    return (int(found[1]), int(found[2])) if found else None


def words(path):
    """Words of prose the notebook holds (Markdown cells, solutions included)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    return sum(len(_text(c).split()) for c in cells if c["cell_type"] == "markdown")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        core, full = study_minutes(arg)
        print(f"{arg}: core {core:.0f} min, full {full:.0f} min, {words(arg)} words; "
              f"stated {stated_minutes(arg)}")
