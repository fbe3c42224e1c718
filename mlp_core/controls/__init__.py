"""Interactive controls for the notebooks (ipywidgets 7.7 and 8), one control per module.

Each control builds its figure once, closes it in pyplot at once and updates the same artists in
place; every move renders the figure once as a PNG (rendering.FigureRenderer: a fixed layout, the
unchanging part drawn once) and replaces the picture shown through one IPython DisplayHandle, so
every front end (and the saved notebook) gets a real picture and nothing piles up. Every control
can be driven by code: set a widget's `.value`, then read the artists, the numbers (`.cost`,
`.path`, ...), `.message` (the last note or error shown to the learner) and `.redraws`. Display a
control by leaving it last in a cell. New controls subclass `Control` (see its docstring): build()
once, update() per move. The test surfaces of the descent controls live in mlp_core.surfaces."""
from ..surfaces import SURFACES as FUNCTIONS  # noqa: F401  (the test surfaces, by their old name)
from .base import Control as Control
from .boundary import HiddenLayerBoundary
from .descent import GradientDescentExplorer
from .digits import DigitBrowser
from .live_cost import LiveCostPlot
from .logistic import OnePixelLogistic
from .neuron import NeuronPlayground
from .pad import DrawDigit
from .race import OptimizerRace
from .timeline import WeightTimeline
from .weights import WeightMover

__all__ = ["DigitBrowser", "NeuronPlayground", "OnePixelLogistic", "WeightMover", "LiveCostPlot",
           "GradientDescentExplorer", "OptimizerRace", "HiddenLayerBoundary", "DrawDigit", "WeightTimeline"]
