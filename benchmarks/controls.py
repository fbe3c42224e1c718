"""Milliseconds per move of each notebook control, measured in a real IPython kernel. Usage:

    python benchmarks/controls.py [--moves 30] [--only DrawDigit ...]

Starts a kernel (jupyter_client) with `%matplotlib inline`, as the chapters do, creates each
control on MNIST test images, displays it, then moves it `--moves` times (a slider, or a stroke on
DrawDigit's pad; HiddenLayerBoundary both with a setting it must train first and with one it has
seen). Each move is timed inside the kernel from setting the value until its `update_display_data`
has been formatted and sent: the observer, the drawing and the PNG encoding, all of what the learner waits
for apart from the transfer to the browser. Prints the median and the 95th percentile per control,
in wall-clock ms and in the kernel's CPU ms (which other processes on a shared machine do not
inflate), and the PNG size; then the share of a training run's time that LiveCostPlot takes."""
import argparse
import json
import os
import sys
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parent.parent

SETUP = """
%matplotlib inline
import time, json
import numpy as np
from mlp_core import Network, load_mnist, train
from mlp_core import controls
from mlp_core.callbacks import WeightSnapshots
data = load_mnist()
X, y = data.test.X[:100], data.test.y[:100]
net = Network([784, 16, 16, 10], seed=0)
snaps = WeightSnapshots()
trained = Network([784, 16, 16, 10], seed=0)
train(trained, (data.train.X[:2000], data.train.y[:2000]), epochs=2, lr=0.5, callbacks=[snaps], seed=0)
evidence = lambda x, top: x * trained.W[1][0]


def strokes(k, seed=0):
    # k pad drawings (56x56 grey levels, as the pad sends them), each of one to three random strokes
    rng, out = np.random.default_rng(seed), []
    for _ in range(k):
        ink = np.zeros((56, 56))
        for _ in range(rng.integers(1, 4)):
            r, c = rng.integers(8, 44, 2)
            ink[r:r + rng.integers(4, 12), c:c + rng.integers(4, 12)] = 1.0
        out.append(ink.ravel().tolist())
    return out
"""

# name: (the control, one move of it as a statement on c and v, the values v takes in turn)
CONTROLS = {
    "DigitBrowser": ("controls.DigitBrowser(X, y)", "c.index.value = v", "range(1, 100)"),
    "NeuronPlayground": ("controls.NeuronPlayground(n_inputs=3)", "c.x[0].value = v", "np.linspace(-1, 1, 41)"),
    "OnePixelLogistic": ("controls.OnePixelLogistic(X[:, 406], y == 5)", "c.theta0.value = v",
                         "np.linspace(-10, 10, 41)"),
    "WeightMover": ("controls.WeightMover(net, X, y)", "c.index.value = v", "range(1, 100)"),
    "WeightMover (weight)": ("controls.WeightMover(net, X, y)", "c.weight.value = v", "np.linspace(-3, 3, 41)"),
    "GradientDescentExplorer": ("controls.GradientDescentExplorer('double_well', lr=0.1, steps=30)",
                                "c.lr.value = v", "np.geomspace(0.01, 0.5, 41)"),
    "OptimizerRace": ("controls.OptimizerRace('elongated', lr=0.1, momentum=0.9, steps=200)", "c.lr.value = v",
                      "np.geomspace(0.01, 0.5, 41)"),
    "DrawDigit (test image)": ("controls.DrawDigit(network=trained, images=X)", "c.index.value = v", "range(1, 100)"),
    # a pad stroke, as the browser sends it: the 56x56 drawing
    "DrawDigit (network)": ("controls.DrawDigit(network=trained, images=X)", "c.pad.drawing = v", "strokes(60)"),
    "DrawDigit (explain)": ("controls.DrawDigit(trained.output, X, explain=evidence)", "c.pad.drawing = v",
                            "strokes(60)"),
    # every move a setting not seen before: its tiny network is trained, then drawn
    "HiddenLayerBoundary (new)": ("controls.HiddenLayerBoundary('xor', hidden=3)",
                                  "c.nets.pop(('xor', v, 'tanh'), None); c.hidden.value = v", "[2, 3] * 30"),
    "HiddenLayerBoundary (seen)": ("controls.HiddenLayerBoundary('xor', hidden=3)", "c.hidden.value = v",
                                   "[2, 3] * 30"),
    "WeightTimeline": ("controls.WeightTimeline(snaps)", "c.frame.value = v",
                       "[f % len(snaps.steps) for f in range(60)]"),
}

MOVE = """
c = {make}
display(c)
values = list({values})[:{moves}]
sizes, times, cpu = [], [], []
ip = get_ipython()
sent = ip.display_pub.publish
def publish(data, *args, **kwargs):
    sizes.append(len(data.get("image/png", b"")))
    return sent(data, *args, **kwargs)
ip.display_pub.publish = publish
try:
    for v in values:
        start, start_cpu = time.perf_counter(), time.process_time()
        {move}
        times.append(1000 * (time.perf_counter() - start))
        cpu.append(1000 * (time.process_time() - start_cpu))
finally:
    ip.display_pub.publish = sent
print("RESULT", json.dumps({{"ms": times, "cpu": cpu, "png": sizes, "message": c.message}}))
"""

TRAINING = """
def run(callbacks):
    start = time.perf_counter()
    train(Network([784, 16, 16, 10], seed=0), (data.train.X, data.train.y), epochs=2, batch_size=32, lr=0.5,
          log_every=10, test_data=(data.test.X, data.test.y), callbacks=callbacks)
    return time.perf_counter() - start
plain = min(run([]) for _ in range(2))
plots = [controls.LiveCostPlot(every_seconds=0.25) for _ in range(2)]
with_plot = min(run([p]) for p in plots)
plot = plots[-1]
print("RESULT", json.dumps({"plain": plain, "with_plot": with_plot, "redraws": plot.redraws,
                           "drawing": getattr(plot, "seconds_drawing", None)}))
"""


def execute(client, code, timeout=600):
    """Run code in the kernel; return the JSON after 'RESULT' in its output (or None)."""
    msg_id = client.execute(code)
    result = None
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream" and "RESULT " in content["text"]:
            result = json.loads(content["text"].split("RESULT ", 1)[1])
        elif kind == "error":
            raise RuntimeError("\n".join(content["traceback"]))
        elif kind == "status" and content["execution_state"] == "idle":
            return result


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--only", nargs="*", help="measure only the controls whose name holds one of these words")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    manager, client = start_new_kernel(kernel_name="python3", env=env, cwd=str(ROOT))
    try:
        execute(client, SETUP)
        print(f"{'control':27s} {'median ms':>10s} {'p95 ms':>8s} {'CPU median':>11s} {'CPU p95':>8s} {'PNG KB':>7s}")
        for name, (make, move, values) in CONTROLS.items():
            if args.only and not any(word in name for word in args.only):
                continue
            r = execute(client, MOVE.format(make=make, move=move, values=values, moves=args.moves + 1))
            ms, cpu = r["ms"][1:], r["cpu"][1:]            # the first move also lays the figure out
            png = sorted(r["png"])[len(r["png"]) // 2] / 1024 if r["png"] else float("nan")
            print(f"{name:27s} {percentile(ms, 50):10.1f} {percentile(ms, 95):8.1f} {percentile(cpu, 50):11.1f} "
                  f"{percentile(cpu, 95):8.1f} {png:7.0f}" + (f"  ({r['message']})" if r["message"] else ""),
                  flush=True)
        if args.only and "LiveCostPlot" not in args.only:
            return
        r = execute(client, TRAINING)
        extra = r["with_plot"] - r["plain"]
        print(f"LiveCostPlot: training {r['plain']:.2f} s alone, {r['with_plot']:.2f} s with the plot "
              f"({r['redraws']} redraws): {100 * extra / r['with_plot']:.1f}% of the run's time"
              + (f", of which {r['drawing']:.2f} s ({100 * r['drawing'] / r['with_plot']:.1f}%) in redraws"
                 if r["drawing"] is not None else ""))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    sys.exit(main())
