"""The seams a contributor extends: the parameter-order helper, running callbacks by hand, label
encoding apart from the data loader."""
import ast
from pathlib import Path

import numpy as np
import pytest

import mlp_core
from mlp_core import Callback, InputError, Network, ShapeError, gradient_check, param_list, run_callbacks
from mlp_core.callbacks import HOOKS, as_callbacks

PACKAGE = Path(mlp_core.__file__).parent


def test_param_list_interleaves_layers_in_the_order_of_params():
    W, b = [None, "W1", "W2", "W3"], [None, "b1", "b2", "b3"]
    assert param_list(W, b) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    net = Network([3, 4, 2], seed=0)
    assert all(p is q for p, q in zip(param_list(net.W, net.b), net.params))
    assert len(net.params) == 2 * net.L


def test_param_list_orders_gradients_like_the_network():
    net = Network([3, 4, 2], seed=1)
    X, y = np.random.default_rng(0).normal(size=(3, 5)), np.array([0, 1, 1, 0, 1])
    dW, db = net.backprop(X, y)
    grads = net.gradients(X, y)
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    for got, want in zip(param_list(dW, db), grads):
        np.testing.assert_array_equal(got, want)


def test_param_list_refuses_lists_of_different_lengths():
    with pytest.raises(InputError, match="3 and 2"):
        param_list([None, 1, 2], [None, 1])


def test_gradient_check_refuses_a_backprop_missing_a_layer():
    net = Network([3, 4, 2], seed=2)
    X, y = np.random.default_rng(1).normal(size=(3, 4)), np.array([0, 1, 1, 0])

    def short(n, x, t):
        dW, db = n.backprop(x, t)
        return dW[:-1], db[:-1]

    with pytest.raises(ShapeError, match="layers 1..L = 2, got 1"):
        gradient_check(net, X, y, backprop=short)


class Recorder(Callback):
    def __init__(self, answer=None):
        self.calls, self.answer = [], answer

    def on_step(self, history, net):
        self.calls.append(("on_step", history, net))
        return self.answer


def test_run_callbacks_calls_the_hook_in_order_and_collects_a_stop():
    first, second = Recorder(), Recorder(answer="stop")
    plain = []
    callbacks = as_callbacks([first, second, lambda h, n: plain.append((h, n))])
    assert run_callbacks(callbacks, "on_step", "history", "net") is True
    assert first.calls == [("on_step", "history", "net")] and second.calls == first.calls
    assert plain == []                            # a plain function is only an epoch-end hook
    assert run_callbacks(callbacks, "on_epoch_end", "h", "n") is False
    assert plain == [("h", "n")]
    assert run_callbacks([Recorder(answer=1)], "on_step", None, None) is False


def test_a_hand_written_loop_runs_the_same_hooks_as_train():
    from mlp_core import History
    seen = []

    class Log(Callback):
        def on_train_begin(self, history, net):
            seen.append("begin")

        def on_epoch_end(self, history, net):
            seen.append("epoch")

    history, net = History(), Network([2, 2], seed=0)
    callbacks = as_callbacks(Log())
    for hook in ("on_train_begin", "on_epoch_end", "on_epoch_end", "on_train_end"):
        run_callbacks(callbacks, hook, history, net)
    assert seen == ["begin", "epoch", "epoch"]


def test_callbacks_and_hooks_are_checked():
    with pytest.raises(InputError, match="on_epoch"):
        run_callbacks([], "on_epoch", None, None)
    with pytest.raises(InputError, match="neither a function"):
        as_callbacks([object()])
    with pytest.raises(InputError, match="a list of them, got 5"):
        as_callbacks(5)
    assert HOOKS == ("on_train_begin", "on_step", "on_epoch_end", "on_train_end")
    single = Recorder()
    assert as_callbacks(single) == [single]


@pytest.mark.parametrize("module", ["network", "training", "minibatch", "labels"])
def test_the_teaching_core_reads_no_files(module):
    """The network and the training loop need no loader: label encoding lives in mlp_core.labels."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported.isdisjoint({"data", "download", "idx", "files", "model_file"}), imported


def test_one_hot_has_one_home():
    from mlp_core import data, labels
    assert mlp_core.one_hot is labels.one_hot is data.one_hot
    np.testing.assert_array_equal(labels.one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
