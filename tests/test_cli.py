import json
import subprocess
import sys

import numpy as np
import pytest

from mlp_core import load_network


def run(*args):
    return subprocess.run([sys.executable, "-m", "mlp_core", *args], capture_output=True, text=True, timeout=300)


def test_train_end_to_end_on_a_subset(tmp_path):
    out = tmp_path / "run"
    r = run("train", "--subset", "2000", "--epochs", "2", "--sizes", "784,20,10", "--lr", "2.0",
            "--seed", "3", "--out", str(out))
    assert r.returncode == 0, r.stderr
    lines = [l for l in r.stdout.splitlines() if l.startswith("epoch")]
    assert len(lines) == 2 and "test accuracy" in lines[1]
    assert "training on 2000 images, testing on 10000" in r.stdout
    net = load_network(out / "model.npz", expect_sizes=[784, 20, 10])
    hist = json.loads((out / "history.json").read_text())
    assert hist["epoch"] == [1, 2] and hist["test_accuracy"][-1] > 0.8
    final = float(r.stdout.split("final test accuracy ")[1].split("%")[0])
    assert final == pytest.approx(100 * hist["test_accuracy"][-1], abs=0.006)
    png = (out / "training.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000
    assert net.W[1].dtype == np.float32
    assert "epochs" in r.stderr          # the tqdm progress bar


def test_same_seed_same_model(tmp_path):
    for name in ("a", "b"):
        r = run("train", "--subset", "300", "--epochs", "1", "--optimizer", "nesterov", "--lr", "0.1",
                "--no-progress", "--out", str(tmp_path / name))
        assert r.returncode == 0, r.stderr
    a, b = load_network(tmp_path / "a" / "model.npz"), load_network(tmp_path / "b" / "model.npz")
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p, q)


def test_help_documents_the_options():
    r = run("train", "--help")
    assert r.returncode == 0
    for option in ("--sizes", "--epochs", "--batch-size", "--lr", "--optimizer", "--momentum", "--loss",
                   "--activation", "--seed", "--subset", "--out"):
        assert option in r.stdout


@pytest.mark.parametrize("args,fault", [
    (["train", "--lr", "-1"], "must be positive"),
    (["train", "--sizes", "784,16,9"], "sizes must start with 784"),
    (["train", "--optimizer", "adamw"], "invalid choice: 'adamw'"),
    (["train", "--epochs", "many"], "expected a int"),
    (["fly"], "invalid choice: 'fly'"),
])
def test_bad_argument_gives_one_line_and_exit_code_2(args, fault):
    r = run(*args)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and fault in r.stderr


def test_divergence_is_reported_in_one_line(tmp_path):
    r = run("train", "--subset", "500", "--epochs", "2", "--activation", "relu", "--lr", "1e30",
            "--no-progress", "--out", str(tmp_path))
    assert r.returncode == 1
    assert "diverged at step" in r.stderr and "learning rate 1e+30" in r.stderr
    assert "Traceback" not in r.stderr
