"""LiveCostPlot: a training callback that draws the costs while `train` runs."""
import time

from IPython import display as ipd

from .. import validation
from ..callbacks import Callback
from ..drawings import HistoryPlot
from ..drawings.history import SPLIT_NAMES
from ..i18n import tr
from .rendering import FigureRenderer


class LiveCostPlot(Callback):
    """A training callback that draws the cost while `train` runs: train(..., callbacks=[LiveCostPlot()]).

    Try: train with a larger and a smaller learning rate and compare the curves; watch the gap
    between the train and test cost.
    Notice: the mini-batch cost (thin grey) is noisy, the per-epoch costs are smooth; a test cost
    that rises while the train cost falls means overfitting. Redraws at most once per
    `every_seconds` and once at the end; the last picture stays in the output.
    per: 'step' (x axis in steps) or 'epoch'; test: also draw test cost and test accuracy.
    The curves are drawn by drawings.HistoryPlot (`plot`), as every history figure of the series.
    Attributes: plot, fig, cost_ax, acc_ax (None without test), step_line, train_line, test_line and
    accuracy_line (None without test), redraws, seconds_drawing (all redraws so far), clock (a
    function returning seconds; replaceable in tests)."""

    def __init__(self, every_seconds=0.25, per="step", test=True, log=False):
        per = validation.choice("per", per, ("step", "epoch"))
        self.every_seconds = validation.number("every_seconds (seconds between redraws)", every_seconds, 0)
        self.per, self.test = per, bool(test)
        self.clock, self.redraws, self.message, self.handle, self.history = time.monotonic, 0, "", None, None
        self._cost = 0.0                       # seconds the last redraw took (display included)
        self.seconds_drawing = 0.0             # seconds all redraws took
        self.plot = HistoryPlot(per="step", x_in_epochs=per == "epoch", log=log, accuracy=test,
                                costs=("train", "test") if test else ("train",),
                                accuracies=("test",) if test else ())
        self.fig, self.cost_ax, self.acc_ax = self.plot.fig, self.plot.ax, self.plot.accuracy_ax
        self.renderer = FigureRenderer(self.fig)
        lines = self.plot.lines
        self.step_line, self.train_line = lines["step_cost"], lines["train_cost"]
        self.test_line, self.accuracy_line = lines.get("test_cost"), lines.get("test_accuracy")

    def on_train_begin(self, history, net):
        self.history, self._last = history, self.clock()
        self._draw()
        self.handle = ipd.DisplayHandle()
        self.handle.display(self.picture())

    def on_step(self, history, net):
        self._maybe(history)

    def on_epoch_end(self, history, net):
        self._maybe(history)

    def on_train_end(self, history, net):
        self.history = history
        self._redraw()

    def _maybe(self, history):
        self.history = history
        # wait every_seconds, and at least 4x as long as the last redraw took, so that drawing never
        # takes more than a fifth of the training time however slow the front end is
        if self.clock() - self._last >= max(self.every_seconds, 4 * self._cost):
            self._redraw()

    def _redraw(self):
        start = self.clock()
        try:
            self._draw()
            self.message = ""
        except Exception as exc:               # a drawing problem must never stop the training
            self.message = f"{type(exc).__name__}: {exc}"[:300]
        self.redraws += 1
        if self.handle is not None:
            self.handle.update(self.picture())
        self._last = self.clock()
        self._cost = self._last - start
        self.seconds_drawing += self._cost

    def _draw(self):
        """The curves through the kit's one history drawing (HistoryPlot), then the latest numbers
        in the titles."""
        h = self.history
        self.plot.update(h)
        where = tr("epoch {k}", k=h.epoch[-1]) if h.epoch else tr("step {k}", k=h.step[-1] if h.step else 0)
        splits = (("train", h.train_cost), ("test", h.test_cost if self.test else []))
        costs = [f"{tr(SPLIT_NAMES[name])} {v[-1]:.4f}" for name, v in splits if len(v)]
        self.cost_ax.set_title(tr("{where}: cost {costs}", where=where, costs=", ".join(costs)) if costs else where)
        if self.test and h.test_accuracy:
            self.acc_ax.set_title(tr("test accuracy {share}", share=f"{h.test_accuracy[-1]:.2%}"))

    def picture(self):
        """A displayable PNG of the figure as it is now (see rendering.Picture)."""
        w, h = (self.fig.get_size_inches() * self.fig.dpi).round().astype(int)
        return self.renderer.picture(f"<LiveCostPlot figure {w}x{h} px>")

    def show(self):
        """Display the current figure (e.g. again after training)."""
        ipd.display(self.picture())

    def _ipython_display_(self):
        self.show()
