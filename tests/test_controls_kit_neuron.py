"""NeuronPlayground's defaults, the whole messages it refuses its arguments with, the edges of its
weight range, and the notes it shows the learner (in the status line, in English and Korean):
each expected value is worked out here from z = w·x + b and a = g(z)."""
import html
import math

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from mlp_core import i18n  # noqa: E402
from mlp_core.controls import NeuronPlayground  # noqa: E402
from mlp_core.drawings.style import WRONG  # noqa: E402
from mlp_core.errors import InputError  # noqa: E402
from mlp_core.i18n_ko import KOREAN  # noqa: E402

SATURATED = "saturated: the curve is flat here, so small changes of w or b barely change a"
SILENT = "relu gives 0 for every z < 0: this neuron is silent"


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def shown(note):
    """The status line of a control showing `note` (empty for no note): red text, escaped."""
    return f'<span style="color:{WRONG}">{html.escape(note)}</span>' if note else ""


def test_the_default_neuron_has_two_inputs_a_sigmoid_and_weights_from_minus_5_to_5():
    c = NeuronPlayground()
    assert [s.description for s in c.x + c.w] == ["x0", "x1", "w0", "w1"]
    assert c.activation.value == "sigmoid" and (c.b.min, c.b.max) == (-5.0, 5.0)
    z = 1.0 * 0.5 + 1.0 * 0.5 + 0.0                # w = 1, x = 0.5 for both inputs, b = 0
    assert c.z == pytest.approx(z) and c.a == pytest.approx(sigmoid(z))
    assert c.ax.get_title() == f"sigmoid: z = {z:.2f}, a = {sigmoid(z):.3f}"
    assert c.message == "" and c.status.value == ""


@pytest.mark.parametrize("kwargs, message", [
    ({"n_inputs": 0}, "n_inputs must be an integer from 1 to 10, got 0"),
    ({"n_inputs": 11}, "n_inputs must be an integer from 1 to 10, got 11"),
    ({"weight_range": 0.0009}, "weight_range must be a finite number in [0.001, 1000000.0], got 0.0009"),
    ({"activation": "swish"},
     "activation = 'swish': expected one of ['identity', 'relu', 'sigmoid', 'step', 'tanh']"),
])
def test_a_bad_argument_is_refused_with_the_whole_message(kwargs, message):
    with pytest.raises(InputError) as caught:
        NeuronPlayground(**kwargs)
    assert str(caught.value) == message


@pytest.mark.parametrize("weight_range", [1e-3, 0.5])
def test_a_weight_range_under_1_gives_sliders_that_narrow(weight_range):
    c = NeuronPlayground(n_inputs=2, weight_range=weight_range)
    assert all((s.min, s.max) == (-weight_range, weight_range) for s in c.w + [c.b])
    w = min(1.0, weight_range)                     # the starting weight 1 held inside the range
    assert [s.value for s in c.w] == [w, w]
    assert c.z == pytest.approx(2 * w * 0.5) and c.message == ""


def test_the_note_follows_the_activation_and_shows_in_the_status_line():
    c = NeuronPlayground(n_inputs=1, weight_range=10.0)
    c.x[0].value = 0.0                             # z = b
    c.b.value = 6.0                                # |z| > 5: sigmoid and tanh are flat here
    assert c.message == SATURATED and c.status.value == shown(SATURATED)
    c.activation.value = "tanh"
    assert c.message == SATURATED and c.a == pytest.approx(math.tanh(6.0))
    c.activation.value = "relu"
    assert c.message == "" and c.status.value == ""
    c.b.value = -6.0
    assert c.message == SILENT and c.status.value == shown(SILENT) and c.a == 0.0
    c.activation.value = "identity"
    assert c.message == "" and c.a == pytest.approx(-6.0)
    c.activation.value = "sigmoid"
    assert c.message == SATURATED and c.a == pytest.approx(sigmoid(-6.0))


def test_the_notes_and_refusals_speak_korean():
    try:
        i18n.set_language("ko")
        c = NeuronPlayground(n_inputs=1, activation="relu", weight_range=10.0)
        c.x[0].value = 0.0
        c.b.value = -1.0
        assert c.message == KOREAN[SILENT] and html.escape(KOREAN[SILENT]) in c.status.value
        c.activation.value = "tanh"
        c.b.value = 5.5
        assert c.message == KOREAN[SATURATED]
        with pytest.raises(InputError) as caught:
            NeuronPlayground(activation="swish")
        expected = KOREAN["activation = {value}: expected one of {names}"].format(
            value="'swish'", names="['identity', 'relu', 'sigmoid', 'step', 'tanh']")
        assert str(caught.value) == expected
    finally:
        i18n.set_language("en")
