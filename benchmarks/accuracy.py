"""Accuracy targets on the full MNIST (seeded single runs). Usage:

    python benchmarks/accuracy.py [name ...]     # default: every configuration below

Prints the best and final test accuracy of each configuration and the seconds per epoch."""
import sys
import time

import numpy as np

from mlp_core import Network, load_mnist, train

CONFIGS = {
    # what `python -m mlp_core train` does with no options (target >= 95%)
    "cli-defaults": dict(sizes=[784, 16, 16, 10], epochs=30, batch_size=32, optimizer="sgd", lr=0.5,
                         lr_schedule="cosine"),
    # the best setting found for 784-16-16-10 (target >= 96.0% within 30 epochs)
    "best-16-16": dict(sizes=[784, 16, 16, 10], epochs=30, batch_size=32, optimizer="nesterov", lr=0.05,
                       momentum=0.9, lr_schedule="cosine", weight_decay=1e-4),
    "momentum-16-16": dict(sizes=[784, 16, 16, 10], epochs=30, batch_size=32, optimizer="momentum", lr=0.05,
                           momentum=0.9, lr_schedule="cosine", weight_decay=1e-4),
    # Nielsen's configuration: quadratic cost, SGD lr 3.0, batch 10 (target >= 95.42%)
    "nielsen-30": dict(sizes=[784, 30, 10], loss="quadratic", epochs=30, batch_size=10, optimizer="sgd", lr=3.0),
    "nielsen-30-normal-init": dict(sizes=[784, 30, 10], loss="quadratic", init="normal", epochs=30,
                                   batch_size=10, optimizer="sgd", lr=3.0),
}


def run(name, seed=0):
    cfg = dict(CONFIGS[name])
    net = Network(cfg.pop("sizes"), loss=cfg.pop("loss", "cross_entropy"), init=cfg.pop("init", "scaled"),
                  seed=seed, dtype=np.float32)
    data = load_mnist()
    start = time.perf_counter()
    h = train(net, data.train, test_data=data.test, seed=seed, evaluate_train=False, **cfg)
    acc = 100 * np.array(h.test_accuracy)
    print(f"{name:24s} final {acc[-1]:.2f}%  best {acc.max():.2f}% (epoch {acc.argmax() + 1})  "
          f"{np.mean(h.seconds):.3f} s/epoch  {time.perf_counter() - start:.0f} s in all", flush=True)
    return acc


if __name__ == "__main__":
    for name in sys.argv[1:] or CONFIGS:
        run(name)
