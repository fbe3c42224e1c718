"""mlp_core: the small engine behind the notebook series on how a neural network learns.

Notation as in the chapters: layer 0 is the input, L counts the other layers, W[l] has shape
(n[l], n[l-1]), b[l] has n[l] entries, and a batch holds one example per column."""
# ruff: noqa: E402  (the Ctrl-C guard must run before the imports below)
from .startup import quiet_interrupt_while_starting

quiet_interrupt_while_starting()   # only when run as the command line: Ctrl-C while importing exits in one line
from .activations import (ACTIVATIONS, identity, identity_prime, relu, relu_prime, sigmoid, sigmoid_prime, softmax,
                          step, step_prime, tanh, tanh_prime)
from .callbacks import Callback
from .data import MNIST, Split, download_mnist, load_mnist, one_hot
from .errors import DataError, DivergenceError, InputError, MLPError, ModelFileError, OutputError, ShapeError
from .gradient_check import gradient_check, numerical_derivative, numerical_gradient, relative_error
from .losses import (cross_entropy, cross_entropy_gradient, quadratic_cost, quadratic_cost_gradient,
                     softmax_cross_entropy_delta)
from .metrics import confusion_matrix
from .model_file import load_network, save_network
from .network import Network
from .optimizers import (OPTIMIZERS, SGD, AdaGrad, Adam, Momentum, Nesterov, Optimizer, RMSProp,
                         make_optimizer, nesterov_lookahead_path, optimizer_path)
from .history import History
from .training import evaluate, train

__version__ = "0.1.0"
