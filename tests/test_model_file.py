import numpy as np
import pytest

from mlp_core import ModelFileError, Network, load_network, save_network


def test_round_trip_keeps_everything(tmp_path):
    net = Network([6, 5, 4, 3], activation="tanh", loss="quadratic", output_activation="sigmoid", seed=4,
                  dtype=np.float32)
    path = save_network(net, tmp_path / "m")
    assert path.name == "m.npz"
    back = load_network(path, expect_sizes=[6, 5, 4, 3])
    assert (back.sizes, back.activation, back.loss, back.output_activation) == \
        ([6, 5, 4, 3], "tanh", "quadratic", "sigmoid")
    for p, q in zip(net.params, back.params):
        assert q.dtype == np.float32
        np.testing.assert_array_equal(p, q)
    X = np.random.default_rng(0).random((6, 3)).astype(np.float32)
    np.testing.assert_array_equal(net.output(X), back.output(X))


def test_file_holds_no_pickled_objects(tmp_path):
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    with np.load(path, allow_pickle=False) as f:
        assert all(f[k].dtype != object for k in f.files)


def test_errors_name_the_file_and_fault(tmp_path):
    with pytest.raises(ModelFileError, match="no such model file"):
        load_network(tmp_path / "missing.npz")
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(ModelFileError, match="junk.npz: not a readable"):
        load_network(junk)
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    with pytest.raises(ModelFileError, match=r"sizes \[3, 2\], expected \[784, 10\]"):
        load_network(path, expect_sizes=[784, 10])
    arrays = dict(np.load(path))
    arrays["W1"] = np.zeros((3, 2))
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ModelFileError, match=r"W1 has shape \(3, 2\).*\(2, 3\)"):
        load_network(tmp_path / "bad.npz")
    del arrays["b1"]
    arrays["W1"] = np.zeros((2, 3))
    np.savez(tmp_path / "nob.npz", **arrays)
    with pytest.raises(ModelFileError, match="b1 is missing"):
        load_network(tmp_path / "nob.npz")
    np.savez(tmp_path / "other.npz", weights=np.zeros(3))
    with pytest.raises(ModelFileError, match="missing format"):
        load_network(tmp_path / "other.npz")
    arrays["b1"], arrays["activation"] = np.zeros(2), np.array("swish")
    np.savez(tmp_path / "act.npz", **arrays)
    with pytest.raises(ModelFileError, match="unknown activation 'swish'"):
        load_network(tmp_path / "act.npz")
