"""Seconds per epoch of 784-16-16-10 on the full 60,000 MNIST training images. Usage:

    python benchmarks/speed.py

Prints, for batch 10/32/128 in float32 and float64: mlp_core's trainer, a plain vectorised numpy
loop written out in full (the reference the engine must match), and PyTorch CPU if it is importable
(it is not a dependency). Then the time of one numerical gradient against one backprop gradient."""
import time

import numpy as np

from mlp_core import Network, load_mnist, numerical_gradient, train

SIZES = [784, 16, 16, 10]


def engine_epoch(X, y, batch, dtype):
    net = Network(SIZES, dtype=dtype)
    h = train(net, (X, y), epochs=3, batch_size=batch, lr=0.1, evaluate_train=False, log_every=0)
    return min(h.seconds)


def plain_epoch(X, y, batch, dtype):
    """The straightforward loop: sigmoid hidden layers, softmax + cross-entropy, plain SGD."""
    rng = np.random.default_rng(0)
    X = X.astype(dtype)
    Y = np.eye(10, dtype=dtype)[y]
    W = [None] + [(rng.standard_normal((b, a)) / np.sqrt(a)).astype(dtype) for a, b in zip(SIZES, SIZES[1:])]
    B = [None] + [np.zeros((b, 1), dtype) for b in SIZES[1:]]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        perm = rng.permutation(len(X))
        for s in range(0, len(X), batch):
            idx = perm[s:s + batch]
            a0, yb = X[idx].T, Y[idx].T
            a1 = 1 / (1 + np.exp(-(W[1] @ a0 + B[1])))
            a2 = 1 / (1 + np.exp(-(W[2] @ a1 + B[2])))
            z3 = W[3] @ a2 + B[3]
            e = np.exp(z3 - z3.max(axis=0))
            d3 = (e / e.sum(axis=0) - yb) / len(idx)
            d2 = (W[3].T @ d3) * a2 * (1 - a2)
            d1 = (W[2].T @ d2) * a1 * (1 - a1)
            for l, d, a in ((3, d3, a2), (2, d2, a1), (1, d1, a0)):
                W[l] -= 0.1 * (d @ a.T)
                B[l] -= 0.1 * d.sum(axis=1, keepdims=True)
        times.append(time.perf_counter() - start)
    return min(times)


def torch_epoch(X, y, batch, dtype):
    import torch
    torch.manual_seed(0)
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    model = torch.nn.Sequential(torch.nn.Linear(784, 16), torch.nn.Sigmoid(), torch.nn.Linear(16, 16),
                                torch.nn.Sigmoid(), torch.nn.Linear(16, 10)).to(tdtype)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    Xt, yt = torch.tensor(X, dtype=tdtype), torch.tensor(y)
    times = []
    for _ in range(2):
        start = time.perf_counter()
        perm = torch.randperm(len(Xt))
        for s in range(0, len(Xt), batch):
            idx = perm[s:s + batch]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(Xt[idx]), yt[idx]).backward()
            opt.step()
        times.append(time.perf_counter() - start)
    return min(times)


def gradient_ratio(X, y, m=100):
    net = Network(SIZES, dtype=np.float64)
    Xb, yb = X[:m].T.astype(np.float64), y[:m]
    start = time.perf_counter()
    for _ in range(20):
        net.backprop(Xb, yb)
    backprop = (time.perf_counter() - start) / 20
    start = time.perf_counter()
    numerical_gradient(lambda: net.cost(Xb, yb), net.params)
    numeric = time.perf_counter() - start
    return numeric, backprop


def main():
    data = load_mnist()
    X, y = data.train
    try:
        import torch  # noqa: F401
        has_torch = True
    except ImportError:
        has_torch = False
    print(f"784-16-16-10, {len(X)} images, seconds per epoch (best of 3)")
    print(f"{'dtype':8s} {'batch':>5s} {'mlp_core':>9s} {'plain loop':>10s}"
          + (f" {'PyTorch':>8s}" if has_torch else ""))
    for dtype in (np.float32, np.float64):
        for batch in (10, 32, 128):
            row = (f"{dtype.__name__:8s} {batch:5d} {engine_epoch(X, y, batch, dtype):9.3f}"
                   f" {plain_epoch(X, y, batch, dtype):10.3f}")
            if has_torch:
                row += f" {torch_epoch(X, y, batch, dtype):8.3f}"
            print(row, flush=True)
    if not has_torch:
        print("(PyTorch is not importable: its column is left out)")
    numeric, backprop = gradient_ratio(X, y)
    print(f"one gradient of 13,002 parameters on a batch of 100: numerical {numeric:.2f} s, "
          f"backprop {1e3 * backprop:.3f} ms, ratio {numeric / backprop:,.0f}x")


if __name__ == "__main__":
    main()
