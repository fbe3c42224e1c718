// Loaded before the widget manager on every page with widgets (see _config.yml, nb_ipywidgets_js).
(function () {
  "use strict";
  // 1. The widget manager loads its icon fonts from the folder next to its own script, not from
  //    the site's root (its built-in default).
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  window.__jupyter_widgets_assets_path__ = here + "@jupyter-widgets/html-manager/dist/";

  // 2. ipywidgets typesets labels with MathJax 2's MathJax.Hub.Queue; the pages run MathJax 3.
  //    Give every MathJax object a Hub whose Queue typesets with MathJax 3 (or does nothing yet).
  var hub = {
    Queue: function (job) {
      var element = Array.isArray(job) ? job[2] : undefined;
      var mathjax = window.MathJax;
      if (element && mathjax && typeof mathjax.typesetPromise === "function") {
        mathjax.typesetPromise([element]).catch(function () {});
      }
    }
  };
  function withHub(value) {
    if (value && typeof value === "object" && !("Hub" in value)) {
      Object.defineProperty(value, "Hub", { value: hub, enumerable: false, configurable: true });
    }
    return value;
  }
  var current = withHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); }
  });
})();
