"""The command line under faults: Ctrl-C pressed twice or while starting, a closed stdout, a full
disk, an empty --out, options that would only fail later; the outputs are one run's complete set
and history.json keeps every field of the History."""
import errno
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import mlp_core.files
from mlp_core import load_network
from test_cli import call     # run main in this process: (exit code, stdout, stderr)

TRAIN = ["train", "--subset", "300", "--sizes", "784,10", "--no-progress"]


def start(out, *extra):
    return subprocess.Popen([sys.executable, "-m", "mlp_core", *TRAIN, "--epochs", "100000", *extra,
                             "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_ctrl_c_pressed_twice_still_saves_the_whole_set(tmp_path):
    out = tmp_path / "run"
    child = start(out)
    for _ in range(4):                          # the network, the settings, two epochs
        child.stdout.readline()
    child.send_signal(signal.SIGINT)
    time.sleep(0.02)
    child.send_signal(signal.SIGINT)            # lands while the outputs are being prepared
    time.sleep(0.2)
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode == 130 and "Traceback" not in stderr, stderr
    assert sorted(p.name for p in out.iterdir()) == ["history.json", "model.npz", "training.png"]
    hist = json.loads((out / "history.json").read_text())
    assert len(hist["epoch"]) == len(hist["test_cost"]) == len(hist["train_cost"]) >= 2
    assert f"the history of the {len(hist['epoch'])} finished epoch(s)" in stderr
    load_network(out / "model.npz", expect_sizes=[784, 10])


def test_ctrl_c_while_the_package_imports_is_one_line(capsys, monkeypatch):
    from mlp_core import startup
    monkeypatch.setattr(sys, "argv", ["-m"])
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        startup.quiet_interrupt_while_starting()
        with pytest.raises(SystemExit) as leave:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert leave.value.code == 130
    assert capsys.readouterr().err == "python -m mlp_core: interrupted while starting; nothing was trained or written\n"


def test_a_closed_stdout_does_not_stop_the_run(tmp_path):
    out = tmp_path / "run"
    child = subprocess.Popen([sys.executable, "-m", "mlp_core", *TRAIN, "--epochs", "3", "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.readline()
    child.stdout.close()                         # as `| head -1` does
    stderr = child.stderr.read().decode()
    assert child.wait(timeout=120) == 0, stderr
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
    assert json.loads((out / "history.json").read_text())["epoch"] == [1, 2, 3]


def test_history_json_keeps_every_field(capsys, tmp_path):
    code, out, err = call(capsys, *TRAIN, "--epochs", "2", "--batch-size", "100", "--out", str(tmp_path))
    assert code == 0, err
    hist = json.loads((tmp_path / "history.json").read_text())
    assert hist["steps_per_epoch"] == 3 and hist["stopped_early"] is False
    assert len(hist["lr"]) == 2 and hist["lr"][0] > hist["lr"][1] > 0          # the cosine schedule
    assert hist["step"] == [] and hist["step_cost"] == []     # logged every 50 updates: 6 updates log none
    code, out, err = call(capsys, *TRAIN, "--epochs", "1", "--batch-size", "5", "--out", str(tmp_path))
    hist = json.loads((tmp_path / "history.json").read_text())
    assert hist["step"] == [50] and len(hist["step_cost"]) == 1 and np.isfinite(hist["step_cost"][0])


def test_a_full_disk_names_the_file_and_keeps_the_previous_set(capsys, tmp_path, monkeypatch):
    code, _, err = call(capsys, *TRAIN, "--epochs", "1", "--out", str(tmp_path))
    assert code == 0, err
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_write_set = mlp_core.files.write_set

    def full_disk_at_the_plot(folder, writers):
        def no_space(f):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write_set(folder, {**writers, "training.png": no_space})
    monkeypatch.setattr(mlp_core.files, "write_set", full_disk_at_the_plot)
    code, _, err = call(capsys, *TRAIN, "--epochs", "1", "--seed", "7", "--out", str(tmp_path))
    assert code == 1
    assert err == (f"python -m mlp_core train: error: {tmp_path / 'training.png'}: cannot be written (No space "
                   f"left on device); the previous files in {tmp_path} are unchanged\n")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("out", ["", "  "])
def test_an_empty_out_is_refused(capsys, tmp_path, monkeypatch, out):
    monkeypatch.chdir(tmp_path)
    code, _, err = call(capsys, *TRAIN, "--out", out)
    assert code == 2 and err == (f"python -m mlp_core train: error: argument --out: expected a folder name, "
                                 f"got {out!r} (see --help)\n")
    assert list(tmp_path.iterdir()) == []


def test_a_weight_decay_that_can_only_diverge_names_the_option(capsys, tmp_path):
    code, _, err = call(capsys, *TRAIN, "--weight-decay", "1e300", "--out", str(tmp_path))
    assert code == 2 and err.startswith("python -m mlp_core train: error: argument --weight-decay: lambda = 1e+300 "
                                        "with --lr 0.5 makes each step multiply the weights by 1 - eta lambda")
    assert "expected lambda < 2 / eta = 4" in err


def test_astronomical_sizes_name_the_option(capsys, tmp_path):
    code, _, err = call(capsys, "train", "--sizes", "784,100000000000000000000,10", "--out", str(tmp_path))
    assert code == 2 and err.startswith("python -m mlp_core train: error: argument --sizes: 7.95e+22 parameters "
                                        "is far more than any memory holds")


def test_help_shows_each_default_once():
    r = subprocess.run([sys.executable, "-m", "mlp_core", "train", "--help"], capture_output=True, text=True,
                       timeout=120)
    text = " ".join(r.stdout.split())
    for option, default in [("--epochs", "30"), ("--seed", "0"), ("--optimizer", "sgd"), ("--dtype", "float32"),
                            ("--loss", "cross_entropy"), ("--lr-schedule", "cosine"), ("--sizes", "784,16,16,10")]:
        part = text.split(f" {option} ")[1].split(" --")[0]
        assert f"(default: {default})" in part, (option, part)
    data_dir = text.split(" --data-dir DATA_DIR ")[1].split(" --")[0]
    assert data_dir.count("default") == 1 and "None" not in data_dir
    assert r.stdout.startswith("usage: python -m mlp_core train")


def test_the_script_says_its_own_name(tmp_path):
    script = tmp_path / "mlp-core"
    script.write_text("import sys\nfrom mlp_core.cli import main\nsys.exit(main())\n")
    r = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120,
                       cwd=os.getcwd(), env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert r.returncode == 0 and r.stdout.startswith("usage: mlp-core "), r.stdout + r.stderr
