/*
 * Loads the two rendering libraries that this site serves itself, and only on pages that need them:
 *
 * - MathJax 3 (assets/vendor/mathjax/) typesets the `.arithmatex` elements that
 *   pymdownx.arithmatex writes. It is loaded the first time a page with math is shown, and every
 *   later page change of Material's instant navigation typesets the new content again.
 * - Mermaid (assets/vendor/mermaid/) is drawn by Material's own loader, which fetches Mermaid from
 *   a CDN whenever no global `mermaid` exists when it meets its first diagram. A stand-in
 *   `mermaid` object answers the two calls Material makes (`initialize`, `render`) by loading the
 *   site's copy first; the real library then replaces the stand-in. Pages without diagrams never
 *   call `render`, so they load no Mermaid bytes, and the 3.6 MB library never blocks the parser.
 *
 * `document$` is the observable of page changes that Material for MkDocs exposes.
 */
(function () {
  "use strict";

  var here = document.currentScript.src;
  function vendor(path) {
    return new URL("../vendor/" + path, here).href;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("Could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  /* Mermaid ------------------------------------------------------------------------------------ */

  if (typeof window.mermaid === "undefined") {
    var mermaidLoaded = null;
    var mermaidConfig = {};
    window.mermaid = {
      initialize: function (config) { mermaidConfig = config; },
      render: function (id, text) {
        mermaidLoaded = mermaidLoaded || loadScript(vendor("mermaid/mermaid.min.js"));
        return mermaidLoaded.then(function () {
          window.mermaid.initialize(mermaidConfig);
          return window.mermaid.render(id, text);
        });
      }
    };
  }

  /* MathJax ------------------------------------------------------------------------------------ */

  var mathState = "absent";  // "absent" -> "loading" -> "ready"
  var changedWhileLoading = false;

  function typeset() {
    var mj = window.MathJax;
    mj.startup.output.clearCache();
    mj.typesetClear();
    mj.texReset();
    return mj.typesetPromise();
  }

  function loadMathJax() {
    mathState = "loading";
    window.MathJax = {
      loader: { paths: { mathjax: vendor("mathjax") } },
      tex: {
        inlineMath: [["\\(", "\\)"]],
        displayMath: [["\\[", "\\]"]],
        processEscapes: true,
        processEnvironments: true
      },
      options: {
        ignoreHtmlClass: ".*|",
        processHtmlClass: "arithmatex"
      },
      startup: {
        pageReady: function () {
          return window.MathJax.startup.defaultPageReady().then(function () {
            mathState = "ready";
            if (changedWhileLoading) {
              changedWhileLoading = false;
              return typeset();
            }
          });
        }
      }
    };
    loadScript(vendor("mathjax/tex-chtml.js"));
  }

  // This script runs at the end of <body>, so the first page's article is already parsed: start
  // fetching MathJax now, in parallel with the rest of the page, instead of at DOMContentLoaded.
  // MathJax typesets that page itself once the document is ready, so the first emission of
  // `document$` (which announces the same page) needs nothing more.
  var firstPage = true;
  if (document.querySelector(".arithmatex")) loadMathJax();

  document$.subscribe(function () {
    var first = firstPage;
    firstPage = false;
    if (!document.querySelector(".arithmatex")) return;
    if (mathState === "ready") { if (!first) typeset(); }
    else if (mathState === "loading") changedWhileLoading = changedWhileLoading || !first;
    else loadMathJax();
  });
})();
