"""Every chapter runs top to bottom in a Colab-like kernel: IPython 7.34, ipykernel 6.17, ipywidgets 7.7,
numpy 2.0 and matplotlib 3.10, with mlp_core found through the setup cell (not installed), once
without anywidget (the drawing pad then says what to install and everything else works) and, for the
chapters with the pad, once with it.

The kernel's Python is `.venv-colab` at the project root (`.ci/run` makes it with the versions above;
make it yourself with the command in `COLAB_VENV` below)."""
import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from notebook_store import notebooks

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv-colab" / "bin" / "python"
COLAB_VENV = ('python3 -m venv .venv-colab && .venv-colab/bin/pip install "ipython==7.34.0" "ipykernel==6.17.1" '
              '"ipywidgets==7.7.1" "numpy==2.0.2" "matplotlib==3.10.0" tqdm')
ANYWIDGET = ROOT / ".venv-colab" / "anywidget-extra"      # anywidget and psygnal, put on the path for the "with" runs
CHAPTERS = [p for p in notebooks() if p.stem[:2] in {"01", "02", "03", "04", "05"}]
PAD_CHAPTERS = [p for p in CHAPTERS if "DrawDigit(" in p.read_text(encoding="utf-8")]

if not PYTHON.exists():
    warnings.warn(f"Colab-like kernel tests skipped: no {PYTHON.relative_to(ROOT)}; make it with: {COLAB_VENV}")
    pytestmark = pytest.mark.skip(reason=f"no Colab-like kernel at {PYTHON}; make it with: {COLAB_VENV}")


def kernel_dir(tmp_path, with_anywidget):
    """A kernelspec 'colab-like' whose kernel is the .venv-colab Python, without the project installed."""
    spec = tmp_path / "kernels" / "colab-like"
    spec.mkdir(parents=True)
    env = {"OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    if with_anywidget:
        env["PYTHONPATH"] = str(ANYWIDGET)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(PYTHON), "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab-like", "language": "python", "env": env}), encoding="utf-8")
    return tmp_path


def run_chapter(path, tmp_path, with_anywidget):
    """Execute a copy of the chapter in the Colab-like kernel; return its executed notebook."""
    import nbformat
    from nbclient import NotebookClient
    from jupyter_client.kernelspec import KernelSpecManager
    nb = nbformat.read(path, as_version=4)
    ksm = KernelSpecManager(kernel_dirs=[str(kernel_dir(tmp_path, with_anywidget) / "kernels")])
    client = NotebookClient(nb, timeout=300, kernel_name="colab-like",
                            resources={"metadata": {"path": str(path.parent)}})
    client.km = client.kernel_manager_class(kernel_name="colab-like", kernel_spec_manager=ksm)
    client.execute()
    return nb


def printed(nb):
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                   if o.get("output_type") == "stream")


def test_the_kernel_has_colabs_versions(tmp_path):
    done = subprocess.run([str(PYTHON), "-c", "import IPython, ipywidgets, importlib.util; "
                           "print(IPython.__version__, ipywidgets.__version__, importlib.util.find_spec('anywidget'), "
                           "importlib.util.find_spec('mlp_core'))"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.stdout.split() == ["7.34.0", "7.7.1", "None", "None"], done.stderr


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_runs_without_anywidget(path, tmp_path):
    nb = run_chapter(path, tmp_path, with_anywidget=False)
    out = printed(nb)
    assert "Using mlp_core from" in out, "the setup cell found the checkout"
    if path in PAD_CHAPTERS:
        assert "pip install anywidget" in out, "the chapter says what the pad needs"


@pytest.fixture(scope="module")
def anywidget_extra():
    """anywidget and psygnal from the main environment, copied where only the 'with' kernel looks."""
    if not ANYWIDGET.exists():
        import anywidget
        import psygnal
        ANYWIDGET.mkdir(parents=True)
        for module in (anywidget, psygnal):
            shutil.copytree(Path(module.__file__).parent, ANYWIDGET / module.__name__)
        site = Path(psygnal.__file__).parent.parent
        for compiled in site.glob("*__mypyc*"):                    # psygnal's compiled helpers
            shutil.copy2(compiled, ANYWIDGET / compiled.name)
        for info in [*site.glob("anywidget-*.dist-info"), *site.glob("psygnal-*.dist-info")]:   # their versions
            shutil.copytree(info, ANYWIDGET / info.name)
    return ANYWIDGET


@pytest.mark.parametrize("path", PAD_CHAPTERS, ids=[p.stem for p in PAD_CHAPTERS])
def test_chapter_with_the_pad_runs_with_anywidget(path, tmp_path, anywidget_extra):
    nb = run_chapter(path, tmp_path, with_anywidget=True)
    out = printed(nb)
    assert "Using mlp_core from" in out and "pip install anywidget" not in out
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    models = {m.get("model_name") for m in state.values()}
    assert "AnyModel" in models, f"the pad is shown as a widget: models {sorted(filter(None, models))}"
