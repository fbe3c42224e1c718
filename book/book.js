// A figure wider than the text column is shown at least at 65% of its size, so its axis text stays
// readable on a phone; what does not fit then scrolls sideways inside the output's box (book.css).
// Narrower figures, and wide ones on a wide screen, are left to fit the column. Runs for the
// figures in the page and for the pictures the widget manager draws later (a control's frames).
(function () {
  "use strict";
  var SMALLEST = 0.65;
  function fit(img) {
    var output = img.closest(".cell_output");
    if (!output || !img.naturalWidth) return;
    var natural = img.naturalWidth, room = output.clientWidth - 8;   // a widget's own padding
    if (natural <= room || natural * SMALLEST <= room) {
      img.style.removeProperty("width");
      img.style.removeProperty("max-width");
    } else {
      img.style.width = Math.round(natural * SMALLEST) + "px";
      img.style.maxWidth = "none";
    }
  }
  function fitAll() { document.querySelectorAll(".cell_output img").forEach(fit); }
  function fitWhenLoaded(img) {
    if (img.complete) fit(img);
    else img.addEventListener("load", function () { fit(img); }, { once: true });
  }
  document.addEventListener("load", function (e) { if (e.target.tagName === "IMG") fit(e.target); }, true);
  // the widget manager writes a control's frames into the page after it has loaded
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType !== 1) return;
        if (node.tagName === "IMG") fitWhenLoaded(node);
        else node.querySelectorAll("img").forEach(fitWhenLoaded);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("resize", fitAll);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fitAll);
  else fitAll();
})();
