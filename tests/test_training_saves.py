"""What a diverging `train` keeps: the last parameters known to give a finite cost.

At each epoch's end the parameters become the checkpoint to replay from. They also count as known to
give a finite cost when a data set was evaluated with them (the training set, test_data or
validation_data: a non-finite cost there raises at once); with no evaluation, the last parameters
known finite stay those before the last logged update (or the starting ones). The runs below make
the parameters finite but huge at the last update of epoch 1, so that the first mini-batch of epoch 2
has an infinite cost and the replay falls back on what the checkpoint says is known finite."""
import numpy as np
import pytest

from mlp_core import Callback, DivergenceError, Network, train
from stand_ins import HugeAt, blobs

LAST = 9          # 90 examples in batches of 10: updates 1..9 make epoch 1
BECAME_INF = "): after it the mini-batch cost became inf. Likely cause: "


class Record(Callback):
    """theta after each logged update (by step) and at each epoch's end (by epoch)."""

    def __init__(self):
        self.steps, self.epochs = {}, {}

    def on_train_begin(self, history, net):
        self.steps[0] = net.theta.copy()

    def on_step(self, history, net):
        self.steps[history.step[-1]] = net.theta.copy()

    def on_epoch_end(self, history, net):
        self.epochs[history.epoch[-1]] = net.theta.copy()


def diverge(log_every, **sets):
    """Train a linear network with the quadratic cost for 2 epochs, W[1][0, 0] = 1e200 after update 9.
    Returns (net, the error's message, Record)."""
    net, record = Network([6, 5, 3], activation="identity", loss="quadratic"), Record()
    with pytest.raises(DivergenceError) as error:
        train(net, blobs(), epochs=2, batch_size=10, optimizer=HugeAt(0.01, LAST), log_every=log_every,
              evaluate_train=False, callbacks=[record], **sets)
    return net, str(error.value), record


def without_x0(seed):
    """A data set whose inputs x_0 are all 0, so W[1][0, 0] does not reach its cost."""
    X, y = blobs(m=30, seed=seed)
    X[:, 0] = 0.0
    return X, y


@pytest.mark.parametrize("name", ["test_data", "validation_data"])
def test_parameters_evaluated_at_an_epochs_end_are_kept(name):
    """An evaluated set gave the end-of-epoch parameters a finite cost: they are kept, not the epoch thrown away."""
    net, message, record = diverge(0, **{name: without_x0(seed=4)})
    assert message.startswith(f"training diverged at step {LAST} (epoch 1{BECAME_INF}")
    assert message.endswith(f"The network keeps the parameters from after step {LAST}, the last ones kept.")
    assert net.theta[0] == 1e200 and list(record.epochs) == [1]
    np.testing.assert_array_equal(net.theta, record.epochs[1])


@pytest.mark.parametrize("log_every,kept", [(1, LAST - 1), (0, 0)])
def test_unevaluated_parameters_give_way_to_the_last_known_finite(log_every, kept):
    """No set evaluated: the end-of-epoch parameters were never costed, so the network goes back to those
    before the last logged update (their mini-batch cost was finite), or to its starting parameters."""
    net, message, record = diverge(log_every)
    assert message.startswith(f"training diverged at step {LAST} (epoch 1{BECAME_INF}")
    assert message.endswith(f"The network keeps the parameters from after step {kept}, the last whose cost was finite.")
    np.testing.assert_array_equal(net.theta, record.steps[kept])
    assert np.abs(net.theta).max() < 100 and not np.array_equal(net.theta, record.epochs[1])
