"""The first code cell of every chapter: it makes `mlp_core` importable wherever the notebook is opened.

Each case runs the cell in a fresh Python. `python -S` skips site-packages' .pth files, so the
editable install of mlp_core is invisible there while numpy and the others stay importable: that is
a kernel without the package, as in Colab or a VS Code kernel that never ran the install."""
import json
import re
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from notebook_store import notebooks

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = notebooks()


def setup_cells():
    cells = []
    for path in NOTEBOOKS:
        code = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        cells.append("".join(code[0]["source"]))
    return cells


SETUP = setup_cells()[0]


def declared_repository():
    found = re.search(r'^Repository = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert found, "pyproject.toml states the repository under [project.urls]"
    return found.group(1)


def run_cell(tmp_path, cwd, source=SETUP, packages=True, colab=False, python=sys.executable):
    """Run `source` as a kernel without mlp_core would; return (exit code, stdout, stderr)."""
    dirs = [d for d in site.getsitepackages() + [site.getusersitepackages()] if Path(d).is_dir()]
    program = tmp_path / "kernel.py"
    program.write_text("\n".join([
        "import sys, types",
        "sys.path.insert(0, '')",
        f"sys.path += {dirs!r}" if packages else "",
        "sys.modules['google.colab'] = types.ModuleType('google.colab')" if colab else "",
        f"exec(compile({source!r}, 'setup cell', 'exec'))",
        "import mlp_core",
        "print('IMPORTED', mlp_core.__file__)",
    ]), encoding="utf-8")
    isolated = ["-S"] if python == sys.executable else []     # the Colab-like Python lacks mlp_core anyway
    done = subprocess.run([python, *isolated, str(program)], cwd=cwd, capture_output=True, text=True,
                          timeout=300)
    return done.returncode, done.stdout, done.stderr


def copy_checkout(tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "mlp_core", checkout / "mlp_core", ignore=shutil.ignore_patterns("__pycache__"))
    (checkout / "notebooks").mkdir()
    return checkout


def test_every_chapter_starts_with_the_same_setup_cell():
    assert len(set(setup_cells())) == 1
    assert not re.search(r"^\s*[%!]", SETUP, re.M), "plain Python: no magics, so any front end runs it"


def test_the_cell_the_readme_and_pyproject_name_one_repository():
    url = declared_repository()
    assert f'REPOSITORY = "{url}"' in SETUP
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    slug = url.removeprefix("https://github.com/")
    assert f"mybinder.org/v2/gh/{slug}/" in readme and f"colab.research.google.com/github/{slug}/" in readme


def test_where_mlp_core_is_installed_the_cell_does_nothing(tmp_path):
    done = subprocess.run([sys.executable, "-c", SETUP + "\nimport mlp_core; print('IMPORTED', mlp_core.__file__)"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("IMPORTED ") and "Using mlp_core" not in done.stdout


def test_the_kernel_without_the_package_really_lacks_it(tmp_path):
    code, out, err = run_cell(tmp_path, tmp_path, source="")
    assert code != 0 and "No module named 'mlp_core'" in err


def test_a_checkout_opened_without_installing_uses_the_checkout(tmp_path):
    checkout = copy_checkout(tmp_path)
    code, out, err = run_cell(tmp_path, checkout / "notebooks")
    assert code == 0, err
    assert f"Using mlp_core from {checkout.resolve()}" in out
    assert f"IMPORTED {checkout.resolve() / 'mlp_core' / '__init__.py'}" in out


def test_a_checkout_without_numpy_says_exactly_what_to_install(tmp_path):
    checkout = copy_checkout(tmp_path)
    code, out, err = run_cell(tmp_path, checkout / "notebooks", packages=False)
    assert code != 0
    assert "ModuleNotFoundError: This kernel's Python lacks numpy, matplotlib, ipywidgets, tqdm" in err
    assert f'cd "{checkout.resolve()}"' in err
    assert f'"{sys.executable}" -m pip install -r requirements.txt' in err


def test_nowhere_to_find_it_says_what_to_clone_and_install(tmp_path):
    code, out, err = run_cell(tmp_path, tmp_path)
    assert code != 0 and "ModuleNotFoundError: mlp_core is not installed" in err
    assert f"git clone {declared_repository()}" in err
    assert f'"{sys.executable}" -m pip install -r requirements.txt' in err


def test_on_colab_the_cell_clones_the_repository_and_imports_from_the_clone(tmp_path):
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs git and a git checkout of the project to clone from")
    source = SETUP.replace(declared_repository(), ROOT.as_uri())
    content = tmp_path / "content"
    content.mkdir()
    code, out, err = run_cell(tmp_path, content, source=source, colab=True)
    assert code == 0, err
    clone = (content / "mlp-series").resolve()
    assert f"Using mlp_core from {clone}" in out
    assert f"IMPORTED {clone / 'mlp_core' / '__init__.py'}" in out
    assert (clone / "resources" / "mnist" / "t10k-labels-idx1-ubyte.gz").is_file(), "MNIST comes with the clone"
    # Run again (a restarted Colab runtime keeps its files): the clone is reused, not cloned twice.
    code, out, err = run_cell(tmp_path, content, source=source, colab=True)
    assert code == 0 and f"Using mlp_core from {clone}" in out, err


def test_a_bare_folder_named_mlp_core_does_not_count_as_the_package(tmp_path):
    """An empty mlp_core/ in the working folder is a namespace package to Python; the cell still
    finds the real checkout instead of importing the empty folder."""
    checkout = copy_checkout(tmp_path)
    (checkout / "notebooks" / "mlp_core").mkdir()
    code, out, err = run_cell(tmp_path, checkout / "notebooks", source=SETUP + "\nfrom mlp_core import Network")
    assert code == 0, err
    assert f"Using mlp_core from {checkout.resolve()}" in out


def test_a_deleted_working_folder_says_to_reopen_the_chapter(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    code, out, err = run_cell(tmp_path, gone, source="import os; os.rmdir(os.getcwd())\n" + SETUP)
    assert code != 0
    assert "FileNotFoundError: This notebook's working folder no longer exists" in err
    assert err.count("Traceback") == 1, "one error, not one raised while handling another"


COLAB_PYTHON = ROOT / ".venv-colab" / "bin" / "python"


@pytest.mark.skipif(not COLAB_PYTHON.exists(), reason="needs the Colab-like kernel .venv-colab (made by .ci/run)")
def test_without_anywidget_the_cell_names_the_one_install_and_goes_on(tmp_path):
    checkout = copy_checkout(tmp_path)
    code, out, err = run_cell(tmp_path, checkout / "notebooks", packages=False, python=str(COLAB_PYTHON))
    assert code == 0, err
    assert f'The drawing pad needs anywidget: "{COLAB_PYTHON}" -m pip install anywidget' in out
    assert f"IMPORTED {checkout.resolve() / 'mlp_core' / '__init__.py'}" in out


@pytest.mark.skipif(not COLAB_PYTHON.exists(), reason="needs the Colab-like kernel .venv-colab (made by .ci/run)")
def test_on_colab_without_anywidget_the_cell_installs_it_without_touching_colabs_packages(tmp_path):
    """pip is replaced by a stand-in that records its arguments (tests never reach the network)."""
    checkout = copy_checkout(tmp_path)
    record, fake = tmp_path / "pip-args", tmp_path / "fake_pip.py"
    fake.write_text(f"import sys\nopen({str(record)!r}, 'w').write(' '.join(sys.argv[1:]))\n", encoding="utf-8")
    fake_pip = f"[sys.executable, {str(fake)!r}, "
    source = SETUP.replace('[sys.executable, "-m", "pip", ', fake_pip)
    assert source != SETUP
    code, out, err = run_cell(tmp_path, checkout / "notebooks", source=source, packages=False, colab=True,
                              python=str(COLAB_PYTHON))
    assert code == 0, err
    assert record.read_text() == "install --quiet --no-deps anywidget psygnal"
