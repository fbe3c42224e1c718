"""Store the chapter notebooks clean, as the test suite expects them.

    python tests/notebook_store.py            # clean every notebook in place
    python tests/notebook_store.py --check    # list notebooks that are not stored clean (exit 1)
    python tests/notebook_store.py --execute notebooks/01_*.ipynb   # run, then clean (refreshes checked outputs)

Clean means: no outputs and no execution counts, except on cells containing NBVAL_CHECK_OUTPUT, which
keep their outputs and are numbered 1..n (nbval compares only cells with a stored output and count);
no widget state; cell metadata reduced to tags and slideshow; the kernel is plain 'python3'."""
import argparse
import copy
import glob
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "NBVAL_CHECK_OUTPUT"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
KEEP_CELL_METADATA = ("tags", "slideshow")


def notebooks():
    return sorted(Path(p) for p in glob.glob(str(ROOT / "notebooks" / "*.ipynb")))


def is_checked(cell):
    return cell["cell_type"] == "code" and MARK in "".join(cell["source"])


def clean(nb):
    """Return a cleaned copy of a notebook (a dict as json.load gives)."""
    nb = copy.deepcopy(nb)
    nb["metadata"] = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    count = 0
    for cell in nb["cells"]:
        cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k in KEEP_CELL_METADATA}
        if cell["cell_type"] != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        if is_checked(cell):
            count += 1
            cell["execution_count"] = count
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = count
        else:
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def problems(path):
    """What keeps the stored notebook at path from being clean (empty when clean)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    found = []
    for i, cell in enumerate(nb["cells"]):
        if is_checked(cell) and not (cell.get("outputs") and isinstance(cell.get("execution_count"), int)):
            found.append(f"cell {i}: {MARK} cell has no stored output and count, so nbval checks nothing")
    if clean(nb) != nb:
        found.append("outputs, counts or metadata are stored: run python tests/notebook_store.py")
    return found


def write(nb, path):
    Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def execute(path, timeout=600):
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    write(clean(json.loads(nbformat.writes(nb))), path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true")
    p.add_argument("--execute", action="store_true")
    p.add_argument("paths", nargs="*")
    args = p.parse_args(argv)
    paths = [Path(x) for x in args.paths] or notebooks()
    bad = 0
    for path in paths:
        if args.execute:
            execute(path)
        if args.check:
            for problem in problems(path):
                print(f"{path}: {problem}")
                bad += 1
        elif not args.execute:
            write(clean(json.loads(path.read_text(encoding="utf-8"))), path)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
