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
    (["train", "--lr", "-1"], "argument --lr: expected a positive number, got -1"),
    (["train", "--sizes", "784,16,9"], "sizes must start with 784"),
    (["train", "--optimizer", "adamw"], "invalid choice: 'adamw'"),
    (["train", "--epochs", "many"], "argument --epochs: expected a positive integer, got 'many'"),
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


# ---------------------------------------------------------------- every option checked before loading data

import signal
from pathlib import Path

import mlp_core.data
import mlp_core.network
from mlp_core.cli import main
from mlp_core.errors import InputError
from test_download import serve, server  # noqa: F401  (the local-server fixture)


@pytest.fixture
def no_data(monkeypatch):
    """Make loading the data fail loudly: the checks under test must stop the run before it."""
    def refuse(*args, **kwargs):
        raise AssertionError("the data was loaded although an option was wrong")

    monkeypatch.setattr(mlp_core.data, "load_mnist", refuse)
    monkeypatch.delenv("MNIST_DIR", raising=False)


def call(capsys, *args):
    """Run main in this process: (exit code, stdout, stderr)."""
    try:
        code = main(list(args))
    except SystemExit as e:
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line_exit_2(capsys, *args):
    code, out, err = call(capsys, *args)
    assert code == 2 and out == "", err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    return err


@pytest.mark.parametrize("args, message", [
    (["--lr", "nan"], "argument --lr: expected a positive number, got nan"),
    (["--lr", "inf"], "argument --lr: expected a positive number, got inf"),
    (["--lr", "0"], "argument --lr: expected a positive number, got 0"),
    (["--seed", "-1"], "argument --seed: expected an integer from 0 to 2**63 - 1, got -1"),
    (["--subset", "60001"], "argument --subset: expected an integer from 1 to 60000, got 60001"),
    (["--subset", "0"], "argument --subset: expected an integer from 1 to 60000, got 0"),
    (["--validation", "-1"], "argument --validation: expected an integer from 0 to 59999, got -1"),
    (["--validation", "60000"], "argument --validation: expected an integer from 0 to 59999, got 60000"),
    (["--subset", "100", "--validation", "100"],
     "argument --validation: must be less than the 100 training images (--subset), got 100"),
    (["--momentum", "1.5"], "argument --momentum: expected a momentum mu with 0 <= mu < 1, got 1.5"),
    (["--momentum", "-3"], "argument --momentum: expected a momentum mu with 0 <= mu < 1, got -3"),
    (["--momentum", "1"], "argument --momentum: expected a momentum mu with 0 <= mu < 1, got 1"),
    (["--momentum", "nan"], "argument --momentum"),
    (["--weight-decay", "-1"], "argument --weight-decay: expected a weight decay lambda >= 0, got -1"),
    (["--weight-decay", "nan"], "argument --weight-decay: expected a weight decay lambda >= 0, got nan"),
    (["--weight-decay", "inf"], "argument --weight-decay: expected a weight decay lambda >= 0, got inf"),
    (["--batch-size", "0"], "argument --batch-size: expected a positive integer, got 0"),
])
def test_wrong_values_exit_2_naming_the_option_before_any_data_is_loaded(capsys, no_data, tmp_path, args,
                                                                          message):
    err = one_line_exit_2(capsys, "train", *args, "--out", str(tmp_path / "out"))
    assert message in err
    assert "learning rate" not in err or "--lr" in args


def test_a_missing_or_incomplete_data_dir_suggests_download(capsys, no_data, tmp_path, monkeypatch):
    out = str(tmp_path / "out")
    err = one_line_exit_2(capsys, "train", "--data-dir", str(tmp_path / "nowhere"), "--out", out)
    assert f"argument --data-dir: no such folder {tmp_path / 'nowhere'}; add --download" in err
    (tmp_path / "some").mkdir()
    (tmp_path / "some" / "t10k-labels-idx1-ubyte.gz").write_bytes(b"")
    err = one_line_exit_2(capsys, "train", "--data-dir", str(tmp_path / "some"), "--out", out)
    assert ("lacks train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz; "
            "add --download to fetch them from a public mirror") in err
    (tmp_path / "file").write_text("")
    err = one_line_exit_2(capsys, "train", "--data-dir", str(tmp_path / "file"), "--download", "--out", out)
    assert f"argument --data-dir: {tmp_path / 'file'} is a file, expected a folder" in err
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "gone"))
    err = one_line_exit_2(capsys, "train", "--out", out)
    assert f"environment variable MNIST_DIR: no such folder {tmp_path / 'gone'}" in err


def test_download_option_fetches_the_missing_files(capsys, server, tmp_path, monkeypatch):  # noqa: F811
    root, url = server
    serve(root, "m", mlp_core.data.FILES)
    monkeypatch.setattr(mlp_core.data, "MIRRORS", (url + "m/",))
    folder = tmp_path / "mnist"
    code, out, err = call(capsys, "train", "--data-dir", str(folder), "--download", "--subset", "100",
                          "--epochs", "1", "--no-progress", "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == sorted(mlp_core.data.FILES)
    assert "training on 100 images" in out


@pytest.mark.parametrize("make, message", [
    (lambda d: (d / "out").write_text(""), "argument --out: {d}/out is a file, expected a folder"),
    (lambda d: (d / "file").write_text(""), "argument --out: cannot create the folder {d}/file/out"),
    (lambda d: (d / "out" / "training.png").mkdir(parents=True),
     "argument --out: {d}/out/training.png is a folder, so training.png cannot be written there"),
    (lambda d: (d / "out" / "model.npz").mkdir(parents=True), "{d}/out/model.npz is a folder"),
])
def test_an_unusable_out_folder_is_found_before_training(capsys, no_data, tmp_path, make, message):
    make(tmp_path)
    out = tmp_path / ("file/out" if "file/out" in message else "out")
    err = one_line_exit_2(capsys, "train", "--out", str(out))
    assert message.format(d=tmp_path) in err


def test_a_read_only_out_folder_is_found_before_training(capsys, no_data, tmp_path, monkeypatch):
    real = Path.write_bytes

    def read_only(self, data):
        if self.parent == tmp_path / "out":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", read_only)
    err = one_line_exit_2(capsys, "train", "--out", str(tmp_path / "out"))
    assert f"argument --out: the folder {tmp_path / 'out'} is not writable (Permission denied)" in err


def test_network_and_optimizer_errors_exit_2_before_loading(capsys, no_data, tmp_path, monkeypatch):
    def rejecting(*args, **kwargs):
        raise InputError("activation: expected one of sigmoid, tanh, relu")

    monkeypatch.setattr(mlp_core.network, "Network", rejecting)
    err = one_line_exit_2(capsys, "train", "--out", str(tmp_path))
    assert err == "python -m mlp_core train: error: activation: expected one of sigmoid, tanh, relu\n"


def test_a_network_too_large_for_memory_is_one_line(capsys, no_data, tmp_path, monkeypatch):
    def out_of_memory(*args, **kwargs):
        raise MemoryError("Unable to allocate 2.86 TiB")

    monkeypatch.setattr(mlp_core.network, "Network", out_of_memory)
    err = one_line_exit_2(capsys, "train", "--sizes", "784,1000000000,10", "--out", str(tmp_path))
    assert ("argument --sizes: not enough memory for 795,000,000,010 parameters (2961.6 GiB as float32); "
            "choose smaller hidden layers") in err


@pytest.mark.skipif(not Path("/proc/sys/vm/overcommit_memory").is_file()
                    or Path("/proc/sys/vm/overcommit_memory").read_text().strip() == "1",
                    reason="only where the system refuses an allocation larger than its memory")
def test_a_network_too_large_for_memory_in_a_real_run(tmp_path):
    r = run("train", "--sizes", "784,1000000000,10", "--out", str(tmp_path))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "argument --sizes: not enough memory" in r.stderr


def test_ctrl_c_keeps_what_was_trained_in_one_line(tmp_path):
    out = tmp_path / "run"
    child = subprocess.Popen([sys.executable, "-m", "mlp_core", "train", "--subset", "1000", "--epochs",
                              "100000", "--sizes", "784,10", "--no-progress", "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = [child.stdout.readline() for _ in range(4)]   # the network, the settings, two epochs
    assert lines[3].startswith("epoch   2")
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode == 130
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    hist = json.loads((out / "history.json").read_text())
    done = len(hist["epoch"])
    assert done >= 2 and hist["epoch"] == list(range(1, done + 1))
    assert (f"interrupted in epoch {done + 1} of 100000; saved the model as trained so far to "
            f"{out / 'model.npz'}, the history of the {done} finished epoch(s) to {out / 'history.json'} "
            f"and its plot to {out / 'training.png'}") in stderr
    net = load_network(out / "model.npz", expect_sizes=[784, 10])
    assert np.isfinite(net.W[1]).all() and np.abs(net.W[1]).sum() > 0
    assert (out / "training.png").read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in out.iterdir()) == ["history.json", "model.npz", "training.png"]


def test_ctrl_c_while_loading_writes_nothing(capsys, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(mlp_core.data, "load_mnist", interrupted)
    code, out, err = call(capsys, "train", "--out", str(tmp_path / "out"))
    assert code == 130
    assert err == ("python -m mlp_core train: interrupted while loading the data; "
                   "nothing was trained or written\n")
    assert list((tmp_path / "out").iterdir()) == []
