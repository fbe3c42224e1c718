"""Training curves of a History: cost (and accuracy) per epoch and per logged step, drawn once and
updated in place, so the same function serves a chapter's figure, the command line's saved PNG and
a live plot during training."""
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import validation
from ..i18n import template, tr
from .canvas import legible, new_figure
from .style import CATEGORY, HALO, NEUTRAL

SPLITS = ("train", "test", "validation")
SPLIT_NAMES = {"train": template("train"), "test": template("test"), "validation": template("validation")}
MARKERS = {"train": "o", "test": "s", "validation": "^"}
COLOURS = dict(zip(SPLITS, CATEGORY))              # the splits are categories


def epochs_of(history, n):
    """The epochs of the first n per-epoch values (1..n if history.epoch is shorter)."""
    return np.asarray(history.epoch[:n] if len(history.epoch) >= n else range(1, n + 1), dtype=float)


class HistoryPlot:
    """Cost curves of a History on `ax` (new figure when None), accuracies in % on `accuracy_ax`
    (a second panel when new, else a twin axis of ax; accuracy=False: none).

    per: 'epoch' (per-epoch costs only) or 'step' (also the logged mini-batch costs, thin grey).
    x_in_epochs: the x axis counts epochs (a logged step s sits at s / steps_per_epoch), else steps
    (epoch e sits at e * steps_per_epoch; without steps_per_epoch the per-epoch values are left out).
    costs, accuracies: which splits to draw. label, color: one name and colour for every line (to
    overlay several runs on the same axes). log: log-scale cost axis while every cost is positive.
    update(history) sets the data of the same lines; attributes fig, ax, accuracy_ax, lines
    (Line2D by gid: 'step_cost', 'train_cost', ..., 'test_accuracy')."""

    def __init__(self, ax=None, accuracy_ax=None, per="epoch", x_in_epochs=True, log=False,
                 accuracy=True, costs=SPLITS, accuracies=SPLITS, label=None, color=None, title=None):
        validation.choice("per", per, ("epoch", "step"))
        self.per, self.x_in_epochs, self.log, self.lines = per, bool(x_in_epochs), bool(log), {}
        if ax is None:
            self.fig = new_figure(9 if accuracy else 4.8, 3.4)
            axes = self.fig.subplots(1, 2 if accuracy else 1, squeeze=False).ravel()
            ax, accuracy_ax = axes[0], axes[-1] if accuracy else None
        elif accuracy and accuracy_ax is None:
            accuracy_ax = ax.twinx()
        self.fig, self.ax, self.accuracy_ax = ax.figure, ax, accuracy_ax if accuracy else None
        self.twin = self.accuracy_ax is not None and self.accuracy_ax.get_position().bounds == ax.get_position().bounds
        if per == "step":
            self._line(ax, "step_cost", "-", color or NEUTRAL, label or tr("mini-batch cost"), lw=0.8)
        for split in costs:
            name = (tr("{split} cost", split=tr(SPLIT_NAMES[split])) if not label
                    else label if len(costs) == 1 else f"{label}, {split} cost")
            self._line(ax, f"{split}_cost", MARKERS[split] + "-", color or COLOURS[split], name)
        for split in accuracies if self.accuracy_ax is not None else ():
            name = (tr("{split} accuracy", split=tr(SPLIT_NAMES[split])) if not label
                    else label if len(accuracies) == 1 else f"{label}, {split}")
            self._line(self.accuracy_ax, f"{split}_accuracy", MARKERS[split] + ("--" if self.twin else "-"),
                       color or COLOURS[split], name)
        ax.set_title(title if title is not None else tr("cost during training"))
        if self.accuracy_ax is not None:
            self.accuracy_ax.set_ylabel(tr("accuracy (%)"))
            if not self.twin:
                self.accuracy_ax.set_title(tr("accuracy"))

    def _line(self, ax, gid, style, color, label, lw=1.5):
        """One line; the per-epoch ones with white-edged markers above the mini-batch costs."""
        marked = gid != "step_cost"
        (self.lines[gid],) = ax.plot([], [], style, color=color, lw=lw, ms=5 if marked else 4, label=label, gid=gid,
                                     mec=HALO if marked else None, mew=0.8, zorder=3 if marked else 2)

    def _xy(self, history, gid):
        """x and y of one line from the History (only finite values)."""
        spe = history.steps_per_epoch
        y = np.asarray(getattr(history, gid), dtype=float)
        if gid == "step_cost":
            x = np.asarray(history.step[:len(y)], dtype=float) / (spe if self.x_in_epochs and spe else 1)
        elif self.x_in_epochs or spe:
            x = epochs_of(history, len(y)) * (1 if self.x_in_epochs else spe)
        else:
            x = np.zeros(0)
        n = min(len(x), len(y))
        keep = np.isfinite(y[:n])
        return x[:n][keep], y[:n][keep] * (100.0 if gid.endswith("accuracy") else 1.0)

    def update(self, history):
        """Set every line's data from history (a History, possibly empty or mid-epoch). Returns self."""
        for gid, line in self.lines.items():
            line.set_data(*self._xy(history, gid))
        steps = not self.x_in_epochs or (self.per == "step" and not history.steps_per_epoch)
        self.ax.set(xlabel=tr("step") if steps else tr("epoch"), ylabel=tr("cost $C$"))
        if self.accuracy_ax is not None and not self.twin:
            self.accuracy_ax.set_xlabel(self.ax.get_xlabel())
        costs = np.concatenate([line.get_ydata() for g, line in self.lines.items() if g.endswith("cost")] + [[]])
        self.ax.set_yscale("log" if self.log and costs.size and costs.min() > 0 else "linear")
        for ax in filter(None, (self.ax, self.accuracy_ax)):
            ax.relim()
            ax.autoscale_view()
            ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))   # whole epochs (or steps), apart
        if self._legends():
            for ax in filter(None, (self.ax, self.accuracy_ax)):
                legible(ax)
        return self

    def _legends(self):
        """One legend per axes (one for both when accuracy is on a twin axis) of its labelled lines
        with data, this plot's and any drawn there before (several runs overlaid); made again only
        when the lines with data have changed. Returns whether it made them again."""
        axes = [ax for ax in (self.ax, self.accuracy_ax) if ax is not None]
        groups = [axes] if self.twin else [[ax] for ax in axes]
        drawn = [[line for ax in group for line in ax.lines
                  if len(line.get_xdata()) and not line.get_label().startswith("_")] for group in groups]
        key = [tuple(map(id, lines)) for lines in drawn] + [ax.get_legend() for ax in axes]
        if key == getattr(self, "_legend_key", None):
            return False
        for ax in axes:
            if ax.get_legend():
                ax.get_legend().remove()
        for group, lines in zip(groups, drawn):
            if lines:
                group[-1].legend(handles=lines, loc="center right" if self.twin else "best")
        self._legend_key = [tuple(map(id, lines)) for lines in drawn] + [ax.get_legend() for ax in axes]
        return True


def draw_history(history, ax=None, per="epoch", log=False, accuracy=True, title=None, x_in_epochs=True,
                 accuracy_ax=None, costs=SPLITS, accuracies=SPLITS, label=None, color=None):
    """Training curves of a History: train/test/validation cost per epoch (per='step': also the
    logged mini-batch costs), accuracies in % on a second panel or on accuracy_ax (on a twin axis
    when only ax is given; accuracy=False: none). See HistoryPlot for every argument. An empty or
    partial History draws labelled axes without data. Returns the Figure."""
    return HistoryPlot(ax, accuracy_ax, per, x_in_epochs, log, accuracy, costs, accuracies, label, color,
                       title).update(history).fig
