"""A made-up training History for the drawing tests."""
import numpy as np

from mlp_core.history import History


def history(epochs=3, with_validation=False):
    h = History(epoch=list(range(1, epochs + 1)), steps_per_epoch=100,
                train_cost=list(np.linspace(0.9, 0.2, epochs)), test_cost=list(np.linspace(1.0, 0.3, epochs)),
                train_accuracy=list(np.linspace(0.7, 0.95, epochs)),
                test_accuracy=list(np.linspace(0.68, 0.93, epochs)),
                step=list(range(10, 100 * epochs + 1, 10)))
    h.step_cost = list(np.exp(-np.arange(len(h.step)) / 10) + 0.05)
    if with_validation:
        h.validation_cost, h.validation_accuracy = list(h.test_cost), list(h.test_accuracy)
    return h
