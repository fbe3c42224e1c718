"""WeightSnapshots, the callback that keeps one layer's weights as training goes on."""
import numpy as np
import pytest

from mlp_core import InputError, Network, WeightSnapshots, train


def run(snaps, epochs=2, m=60, batch_size=10, sizes=(4, 3, 2), seed=0):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(m, sizes[0])), rng.integers(0, sizes[-1], m)
    net = Network(list(sizes), seed=seed)
    train(net, (X, y), epochs=epochs, batch_size=batch_size, lr=0.5, log_every=1, callbacks=[snaps])
    return net


def test_defaults_keep_layer_one_before_training_early_steps_and_every_epoch():
    snaps = WeightSnapshots()
    assert snaps.layer == 1 and snaps.early_steps == {50, 100, 200, 400, 800}
    net = run(snaps, epochs=2, m=600, batch_size=5)          # 120 updates an epoch
    assert snaps.steps == [0, 50, 100, 120, 200, 240]
    assert snaps.labels == ["before training", "after 50 updates", "after 100 updates", "after epoch 1",
                            "after 200 updates", "after epoch 2"]
    frames = snaps.frames
    assert frames.shape == (6, 3, 4) and frames.dtype == np.float32
    np.testing.assert_array_equal(frames[-1], net.W[1].astype(np.float32))


def test_each_frame_is_a_float32_copy_of_the_chosen_layer():
    snaps = WeightSnapshots(layer=2, early_steps=(3,))
    net = run(snaps, epochs=1)                                # 6 updates, logged at 3 and at the end
    assert snaps.steps == [0, 3, 6] and snaps.frames.shape == (3, 2, 3)
    assert snaps.frames.dtype == np.float32
    np.testing.assert_array_equal(snaps.frames[-1], net.W[2].astype(np.float32))
    assert not np.array_equal(snaps.frames[0], snaps.frames[-1])
    assert snaps.labels == ["before training", "after 3 updates", "after epoch 1"]


def test_the_first_update_can_be_kept():
    snaps = WeightSnapshots(early_steps=[1])
    run(snaps, epochs=1)
    assert snaps.steps == [0, 1, 6]


def test_a_step_that_is_also_an_epoch_end_is_kept_once():
    snaps = WeightSnapshots(early_steps=(6,))
    run(snaps, epochs=1)
    assert snaps.steps == [0, 6] and snaps.labels == ["before training", "after 6 updates"]


@pytest.mark.parametrize("kwargs,message", [
    (dict(early_steps=5), "WeightSnapshots(early_steps) must be a list of update counts, got 5"),
    (dict(early_steps=(10, 0)), "WeightSnapshots(early_steps) entry must"),
    (dict(layer=0), "WeightSnapshots(layer)"),
])
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(InputError) as info:
        WeightSnapshots(**kwargs)
    assert str(info.value).startswith(message)
    if "entry" in message:
        assert "got 0" in str(info.value)


def test_a_layer_the_network_does_not_have_is_refused_before_training():
    with pytest.raises(InputError, match="layer from 1 to L = 2 of this network, got 3"):
        run(WeightSnapshots(layer=3))
