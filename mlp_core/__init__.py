"""mlp_core: the small engine behind the notebook series on how a neural network learns.

Notation as in the chapters: layer 0 is the input, L counts the other layers, W[l] has shape
(n[l], n[l-1]), b[l] has n[l] entries, and a batch holds one example per column.
notebooks/notation.md maps each formula of the chapters to the function that computes it.

The exports below are grouped as the series teaches them: the network and its maths first, then
learning (optimizers, training, callbacks), then data and files. The widgets are in mlp_core.controls,
the figures in mlp_core.drawings, the exercises' checks in mlp_core.checks."""
# ruff: noqa: E402  (the Ctrl-C guard must run before the imports below)
from .startup import quiet_interrupt_while_starting

quiet_interrupt_while_starting()   # only when run as the command line: Ctrl-C while importing exits in one line

# The network and its maths (chapters 1-4)
from .activations import (ACTIVATIONS, identity, identity_prime, relu, relu_prime, sigmoid, sigmoid_prime, softmax,
                          step, step_prime, tanh, tanh_prime)
from .losses import (cross_entropy, cross_entropy_gradient, quadratic_cost, quadratic_cost_gradient,
                     softmax_cross_entropy_delta)
from .network import Network, param_list
from .gradient_check import gradient_check, numerical_derivative, numerical_gradient, relative_error

# Learning (chapters 3-5)
from .optimizers import (OPTIMIZERS, SGD, AdaGrad, Adam, Momentum, Nesterov, Optimizer, RMSProp,
                         make_optimizer, nesterov_lookahead_path, optimizer_path)
from .training import evaluate, train
from .history import History
from .callbacks import Callback, WeightSnapshots, run_callbacks
from .metrics import confusion_matrix

# Data, labels and files
from .labels import one_hot
from .data import MNIST, Split, download_mnist, load_mnist
from .model_file import load_network, save_network
from .errors import DataError, DivergenceError, InputError, MLPError, ModelFileError, OutputError, ShapeError

__version__ = "0.1.0"
