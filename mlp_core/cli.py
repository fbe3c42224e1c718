"""Command line: `python -m mlp_core train` trains on the bundled MNIST and writes the model and a plot."""
import argparse
import json
import sys
from pathlib import Path

from .errors import MLPError
from .optimizers import OPTIMIZERS

DEFAULTS = dict(sizes="784,16,16,10", epochs=30, batch_size=32, lr=0.5, optimizer="sgd", momentum=0.9,
                loss="cross_entropy", activation="sigmoid", seed=0, subset=None, validation=0,
                lr_schedule="cosine", weight_decay=0.0, dtype="float32", out="runs/latest")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit code 2, instead of usage + message
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _sizes(text):
    try:
        sizes = [int(s) for s in text.replace(" ", "").split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be comma-separated integers, got {text!r}") from None
    if len(sizes) < 2 or sizes[0] != 784 or sizes[-1] != 10 or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"sizes must start with 784 (pixels) and end with 10 (digits), got {text!r}")
    return sizes


def _positive(kind):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a {kind.__name__}, got {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value
    return parse


def build_parser():
    p = _Parser(prog="python -m mlp_core", description="Train a multilayer perceptron on the bundled MNIST.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    t = sub.add_parser("train", help="train a network and write model.npz, history.json and training.png",
                       description="Train on the bundled MNIST with mini-batch gradient descent; print the "
                       "cost and test accuracy after each epoch; write model.npz, history.json and "
                       "training.png to --out.", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    d = DEFAULTS
    t.add_argument("--sizes", type=_sizes, default=_sizes(d["sizes"]), help="layer sizes n[0],...,n[L]")
    t.add_argument("--epochs", type=_positive(int), default=d["epochs"])
    t.add_argument("--batch-size", type=_positive(int), default=d["batch_size"], help="mini-batch size m")
    t.add_argument("--lr", type=_positive(float), default=d["lr"], help="learning rate eta")
    t.add_argument("--optimizer", choices=sorted(OPTIMIZERS), default=d["optimizer"])
    t.add_argument("--momentum", type=float, default=d["momentum"], help="mu for momentum and nesterov")
    t.add_argument("--loss", choices=["cross_entropy", "quadratic"], default=d["loss"])
    t.add_argument("--activation", choices=["sigmoid", "tanh", "relu"], default=d["activation"],
                   help="hidden-layer activation")
    t.add_argument("--init", choices=["scaled", "normal"], default="scaled",
                   help="scaled: N(0,1)/sqrt(n[l-1]); normal: N(0,1)")
    t.add_argument("--seed", type=int, default=d["seed"])
    t.add_argument("--subset", type=_positive(int), default=d["subset"], help="train on the first N images only")
    t.add_argument("--validation", type=int, default=d["validation"],
                   help="hold out the last N training images as a validation set")
    t.add_argument("--lr-schedule", choices=["constant", "cosine"], default=d["lr_schedule"])
    t.add_argument("--weight-decay", type=float, default=d["weight_decay"], help="L2 coefficient lambda")
    t.add_argument("--dtype", choices=["float32", "float64"], default=d["dtype"])
    t.add_argument("--data-dir", default=None, help="folder with the MNIST .gz files (default: bundled, or $MNIST_DIR)")
    t.add_argument("--out", default=d["out"], help="output folder")
    t.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    return p


def plot_history(history, path):
    """Save a two-panel figure: cost per epoch (train, test) and test accuracy per epoch."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    fig = Figure(figsize=(10, 4), layout="constrained")
    ax1, ax2 = fig.subplots(1, 2)
    ax1.plot(history.epoch, history.train_cost, "o-", label="train")
    ax1.plot(history.epoch, history.test_cost, "s-", label="test")
    ax1.set(title="Cost per epoch", xlabel="epoch", ylabel="cost C")
    ax1.legend()
    ax2.plot(history.epoch, [100 * a for a in history.test_accuracy], "s-", color="C1", label="test")
    ax2.set(title="Test accuracy per epoch", xlabel="epoch", ylabel="accuracy (%)")
    ax2.legend()
    fig.savefig(path, dpi=100)


def run_train(args):
    import numpy as np
    from tqdm.auto import tqdm

    from .data import load_mnist
    from .model_file import save_network
    from .network import Network
    from .training import train

    data = load_mnist(args.data_dir, subset=args.subset, validation=args.validation, dtype=args.dtype)
    net = Network(args.sizes, activation=args.activation, loss=args.loss, init=args.init,
                  seed=args.seed, dtype=np.dtype(args.dtype))
    print(f"{net}\ntraining on {len(data.train.X)} images, testing on {len(data.test.X)}; "
          f"{args.optimizer} lr={args.lr:g} batch={args.batch_size} epochs={args.epochs}", flush=True)
    bar = tqdm(total=args.epochs, desc="epochs", unit="epoch", disable=args.no_progress, leave=True)

    def report(history, _net):
        bar.update(1)
        bar.set_postfix(test_acc=f"{history.test_accuracy[-1]:.4f}")
        line = (f"epoch {history.epoch[-1]:3d}  train cost {history.train_cost[-1]:.4f}  "
                f"test cost {history.test_cost[-1]:.4f}  test accuracy {100 * history.test_accuracy[-1]:.2f}%")
        if history.validation_accuracy:
            line += f"  validation accuracy {100 * history.validation_accuracy[-1]:.2f}%"
        tqdm.write(line)

    history = train(net, data.train, test_data=data.test, validation_data=data.validation,
                    epochs=args.epochs, batch_size=args.batch_size, optimizer=args.optimizer, lr=args.lr,
                    momentum=args.momentum, seed=args.seed, lr_schedule=args.lr_schedule,
                    weight_decay=args.weight_decay, callbacks=[report])
    bar.close()
    out = Path(args.out)
    model = save_network(net, out / "model.npz")
    fields = ("epoch", "train_cost", "train_accuracy", "test_cost", "test_accuracy",
              "validation_cost", "validation_accuracy", "seconds")
    (out / "history.json").write_text(json.dumps({k: getattr(history, k) for k in fields}, indent=1))
    plot_history(history, out / "training.png")
    print(f"final test accuracy {100 * history.test_accuracy[-1]:.2f}% after {history.epoch[-1]} epochs "
          f"({sum(history.seconds):.2f} s of training); wrote {model}, {out / 'history.json'}, "
          f"{out / 'training.png'}")
    return 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return run_train(args)
    except (MLPError, ValueError, OSError) as e:
        print(f"python -m mlp_core {args.command}: error: {e}", file=sys.stderr)
        return 1
