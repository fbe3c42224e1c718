"""A drawing pad: draw a digit with the mouse (or a finger), get the 784 numbers a network reads.

The pad is an anywidget (its front end is the small ES module below, shipped with the package; no
lab extension to build). On every pointer-up the canvas is shrunk in the browser to `side` x `side`
grey levels and sent once as `drawing`; Python turns it into `pixels`, the MNIST-like 784-vector
(`mlp_core.preprocessing.mnist_like`). `load(x)` puts a 784-vector (e.g. a test digit) on the pad,
so the pad also works without a browser, in tests and for a reader without a mouse.

anywidget is optional: without it `make_pad` gives a `PadModel` (the same traits and methods, no
canvas) and `PAD_MISSING` says how to install it, so everything else keeps working."""
import numpy as np
import traitlets

from . import validation
from .errors import InputError
from .i18n import tr
from .preprocessing import SIZE, area_resize_matrix, mnist_like

try:
    import anywidget
except ImportError:                       # e.g. a Colab kernel: the pad cannot be shown
    anywidget = None

PAD_MISSING = "The drawing pad needs the anywidget package: run  pip install anywidget  and restart the kernel."

_ESM = r"""
function render({ model, el }) {
  const px = 252, side = model.get("side");
  const box = document.createElement("div");
  box.className = "mlp-digit-pad";
  box.style.cssText = "display:inline-flex;flex-direction:column;gap:6px;align-items:flex-start";
  const canvas = document.createElement("canvas");
  canvas.width = px; canvas.height = px;
  canvas.setAttribute("aria-label", "drawing pad: draw one digit");
  canvas.style.cssText = "border:1px solid #888;background:#fff;touch-action:none;cursor:crosshair";
  const ctx = canvas.getContext("2d");
  const clear = document.createElement("button");
  clear.textContent = "Clear";
  clear.className = "jupyter-button";
  box.append(canvas, clear);
  el.append(box);

  function wipe() { ctx.clearRect(0, 0, px, px); }
  function send() {
    const small = document.createElement("canvas");
    small.width = side; small.height = side;
    const sctx = small.getContext("2d");
    sctx.imageSmoothingEnabled = true;
    sctx.imageSmoothingQuality = "high";
    sctx.drawImage(canvas, 0, 0, side, side);
    const rgba = sctx.getImageData(0, 0, side, side).data;
    const ink = new Array(side * side);
    for (let i = 0; i < side * side; i++) ink[i] = Math.round(rgba[4 * i + 3] / 2.55) / 100;
    model.set("drawing", ink);
    model.save_changes();
  }
  function paintLoaded() {
    const x = model.get("pixels"), n = Math.round(Math.sqrt(x.length));
    if (!n) { wipe(); return; }
    const tiny = document.createElement("canvas");
    tiny.width = n; tiny.height = n;
    const tctx = tiny.getContext("2d"), img = tctx.createImageData(n, n);
    for (let i = 0; i < n * n; i++) { img.data[4 * i + 3] = Math.round(255 * x[i]); }
    tctx.putImageData(img, 0, 0);
    wipe();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tiny, 0, 0, px, px);
  }
  let drawing = false, last = null;
  function at(e) {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * px / r.width, (e.clientY - r.top) * px / r.height];
  }
  function line(p, q) {
    ctx.strokeStyle = "#000"; ctx.lineWidth = model.get("stroke") * px / 280;
    ctx.lineCap = "round"; ctx.lineJoin = "round";
    ctx.beginPath(); ctx.moveTo(p[0], p[1]); ctx.lineTo(q[0], q[1]); ctx.stroke();
  }
  canvas.addEventListener("pointerdown", (e) => {
    drawing = true; last = at(e); canvas.setPointerCapture(e.pointerId); line(last, last);
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drawing) return; const p = at(e); line(last, p); last = p;
  });
  const stop = () => { if (drawing) { drawing = false; send(); } };
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  clear.addEventListener("click", () => { wipe(); send(); });
  model.on("change:loads", paintLoaded);
  if (model.get("loads") > 0) paintLoaded();
}
export default { render };
"""


class PadModel(traitlets.HasTraits):
    """What a pad holds, without a canvas. Traits: `drawing` (side*side ink values 0..1 from the
    browser, row by row), `pixels` (the MNIST-like 784-vector the model gets), `loads` (counts
    `load` calls), `side` (the grid the browser sends, 8..280), `stroke` (pen width in px of a
    280 px canvas, in (0, 280]). Watch `pixels` (`pad.observe(fn, names="pixels")`) to answer each stroke."""
    side = traitlets.Int(56).tag(sync=True)
    stroke = traitlets.Float(26.0).tag(sync=True)
    drawing = traitlets.List(traitlets.Float()).tag(sync=True)
    pixels = traitlets.List(traitlets.Float()).tag(sync=True)
    loads = traitlets.Int(0).tag(sync=True)

    def __init__(self, image=None, **kwargs):
        for name, check in (("side", self._check_side), ("stroke", self._check_stroke)):
            if name in kwargs:                 # before the trait's own type check
                kwargs[name] = check({"value": kwargs[name]})
        super().__init__(**kwargs)
        self._loading = False
        self.observe(self._on_drawing, names="drawing")
        self.pixels = [0.0] * (SIZE * SIZE)
        if image is not None:
            self.load(image)

    @traitlets.validate("side")
    def _check_side(self, proposal):
        return validation.count("DigitPad(side)", proposal["value"], 8, 280)

    @traitlets.validate("stroke")
    def _check_stroke(self, proposal):
        return validation.number("DigitPad(stroke)", proposal["value"], 0, 280, low_open=True)

    @property
    def x(self):
        """The current input as a float array (784,)."""
        return np.asarray(self.pixels, dtype=float)

    def _on_drawing(self, change):
        if self._loading:
            return
        ink = np.asarray(change["new"], dtype=float)
        if ink.size != self.side ** 2:
            raise InputError(tr("drawing must hold side*side = {n} values, got {k}", n=self.side ** 2, k=ink.size))
        ink = validation.image("drawing", ink.reshape(self.side, self.side))
        self.pixels = mnist_like(ink).tolist()

    def load(self, image):
        """Put a 784-vector (or 28x28 array) with values 0..1 on the pad, as it is (an MNIST digit
        needs no preprocessing); the canvas shows it and the next stroke draws over it. Pixels in
        0..255 are refused with the hint to divide by 255."""
        flat = np.reshape(image, -1) if np.size(image) == SIZE * SIZE else image
        x = validation.image("image", flat, (SIZE * SIZE,))
        R = area_resize_matrix(SIZE, self.side)          # 28 cells to the pad's side x side
        big = R @ x.reshape(SIZE, SIZE) @ R.T
        self._loading = True
        try:
            self.drawing = big.ravel().tolist()
        finally:
            self._loading = False
        self.pixels = x.tolist()
        self.loads += 1

    def clear(self):
        """Wipe the pad (as the Clear button does)."""
        self.load(np.zeros(SIZE * SIZE))


if anywidget is not None:
    class DigitPad(PadModel, anywidget.AnyWidget):
        """A canvas to draw one digit on (see PadModel for its traits and methods)."""
        _esm = _ESM
else:
    DigitPad = None


def make_pad(image=None, **kwargs):
    """A DigitPad where anywidget is installed, else a PadModel (no canvas: see PAD_MISSING)."""
    return (DigitPad or PadModel)(image, **kwargs)
