// A figure wider than the text column is shown at least at 65% of its size, so its axis text stays
// readable on a phone; what does not fit then scrolls sideways inside the output's box (book.css).
// Narrower figures, and wide ones on a wide screen, are left to fit the column. Runs for the
// figures in the page and for the pictures the widget manager draws later (a control's frames).
(function () {
  "use strict";
  var SMALLEST = 0.65;
  function fit(img) {
    var column = document.querySelector(".bd-article");
    if (!column || !img.naturalWidth || !img.closest(".cell_output")) return;
    var natural = img.naturalWidth, room = column.clientWidth;
    if (natural <= room || natural * SMALLEST <= room) {
      img.style.removeProperty("width");
      img.style.removeProperty("max-width");
    } else {
      img.style.width = Math.round(natural * SMALLEST) + "px";
      img.style.maxWidth = "none";
    }
  }
  function fitAll() { document.querySelectorAll(".cell_output img").forEach(fit); }
  document.addEventListener("load", function (e) { if (e.target.tagName === "IMG") fit(e.target); }, true);
  window.addEventListener("resize", fitAll);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fitAll);
  else fitAll();
})();
