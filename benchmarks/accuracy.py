"""The test accuracy each configuration reaches on the full MNIST (seeded single runs), checked. Usage:

    python benchmarks/accuracy.py [name ...]     # default: every configuration below

Trains each configuration with seed 0 and prints its final and best test accuracy and the seconds
per epoch beside the figure STATED for it: the final test accuracy, in %, after the last epoch.
A run whose final accuracy is more than TOLERANCE points below its figure (the engine got worse) or
above it (the figure is stale, or test images leak into training) fails: the script ends with one
line per failure and exit code 1. Seeded runs repeat exactly on one machine; the band covers the
small differences of float32 sums between machines. About a minute on one core."""
import sys
import time

import numpy as np

from mlp_core import Network, load_mnist, train

TOLERANCE = 0.3       # percentage points either side of the stated figure

CONFIGS = {
    # what `python -m mlp_core train` does with no options (the README: "about 95.6 %")
    "cli-defaults": dict(sizes=[784, 16, 16, 10], epochs=30, batch_size=32, optimizer="sgd", lr=0.5,
                         lr_schedule="cosine"),
    # the best setting found for 784-16-16-10 within 30 epochs
    "best-16-16": dict(sizes=[784, 16, 16, 10], epochs=30, batch_size=32, optimizer="nesterov", lr=0.05,
                       momentum=0.9, lr_schedule="cosine", weight_decay=1e-4),
    "momentum-16-16": dict(sizes=[784, 16, 16, 10], epochs=30, batch_size=32, optimizer="momentum", lr=0.05,
                           momentum=0.9, lr_schedule="cosine", weight_decay=1e-4),
    # Nielsen's configuration: quadratic cost, SGD lr 3.0, batch 10 (his book reports 95.42%)
    "nielsen-30": dict(sizes=[784, 30, 10], loss="quadratic", epochs=30, batch_size=10, optimizer="sgd", lr=3.0),
    "nielsen-30-normal-init": dict(sizes=[784, 30, 10], loss="quadratic", init="normal", epochs=30,
                                   batch_size=10, optimizer="sgd", lr=3.0),
}

STATED = {                       # final test accuracy (%) of each configuration with seed 0
    "cli-defaults": 95.6,
    "best-16-16": 96.1,
    "momentum-16-16": 96.0,
    "nielsen-30": 95.6,
    "nielsen-30-normal-init": 95.3,
}
assert STATED.keys() == CONFIGS.keys(), "every configuration needs its stated figure"


def run(name, seed=0):
    """Train configuration `name` and return its test accuracy (%) after each epoch."""
    cfg = dict(CONFIGS[name])
    net = Network(cfg.pop("sizes"), loss=cfg.pop("loss", "cross_entropy"), init=cfg.pop("init", "scaled"),
                  seed=seed, dtype=np.float32)
    data = load_mnist()
    start = time.perf_counter()
    h = train(net, data.train, test_data=data.test, seed=seed, evaluate_train=False, **cfg)
    acc = 100 * np.array(h.test_accuracy)
    print(f"{name:24s} final {acc[-1]:.2f}% (stated {STATED[name]:.1f}% ± {TOLERANCE})  best {acc.max():.2f}% "
          f"(epoch {acc.argmax() + 1})  {np.mean(h.seconds):.3f} s/epoch  {time.perf_counter() - start:.0f} s in all",
          flush=True)
    return acc


def verdict(name, final):
    """None when `final` (%) lies within TOLERANCE points of the stated figure, else what is wrong."""
    gap = final - STATED[name]
    if abs(gap) <= TOLERANCE:
        return None
    side = "below" if gap < 0 else "above"
    hint = "the engine got worse" if gap < 0 else "update the figure if the gain is real, else look for a leak"
    return (f"{name}: final test accuracy {final:.2f}% is {abs(gap):.2f} points {side} the stated "
            f"{STATED[name]:.1f}% (tolerance {TOLERANCE}); {hint}")


def main(names):
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        sys.exit(f"unknown configuration {', '.join(unknown)}; choose from {', '.join(CONFIGS)}")
    failures = [v for v in (verdict(n, run(n)[-1]) for n in names) if v]
    if failures:
        sys.exit("FAILED\n" + "\n".join(failures))
    print(f"all {len(names)} within {TOLERANCE} points of their stated accuracy")


if __name__ == "__main__":
    main(sys.argv[1:] or list(CONFIGS))
