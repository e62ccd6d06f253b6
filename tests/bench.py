"""Performance benchmark of the built site (``make bench``): a report, not a test.

For every page, in headless Chromium with an empty cache: the bytes and requests the page loads,
its JavaScript bytes (and how many of them are MathJax's and Mermaid's), the time until it is
fully rendered (every formula typeset, every diagram drawn) and that time as a ratio to the
page's own DOMContentLoaded time, which carries across machines better than milliseconds. Then
the wall time of a full strict build. The figures are printed and written as JSON
(``test-results/bench.json`` by default) for comparison between versions.

Budgets (exit status 1 when one is missed): pages without math load no MathJax bytes, pages
without diagrams load no Mermaid bytes, the heaviest page is fully rendered within 1.5 s, and the
strict build takes less than 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checks import ROOT  # noqa: E402
from checks.browser import CHROMIUM_FLAGS, chromium_path, serve  # noqa: E402
from checks.rendering import RENDERED, expected_from_html  # noqa: E402
from checks.site import reader_pages  # noqa: E402

RENDER_BUDGET_MS = 1500
BUILD_BUDGET_S = 10.0


def build_seconds() -> float:
    """Time one full strict build of the site into a temporary directory.

    Returns
    -------
    float
        Wall-clock seconds of ``mkdocs build --strict``.

    Raises
    ------
    RuntimeError
        If the build fails.
    """
    mkdocs = Path(sys.executable).with_name("mkdocs")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        run = subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", out], cwd=ROOT,
                             capture_output=True, text=True,
                             env={**os.environ, "OFFLINE": "false", "NO_MKDOCS_2_WARNING": "1"})
        seconds = time.perf_counter() - start
    if run.returncode:
        raise RuntimeError(f"strict build failed:\n{run.stderr[-2000:]}")
    return seconds


def measure_page(browser, url: str, expected: dict) -> dict:
    """Load one page in a fresh browser context and measure it.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        Headless Chromium.
    url : str
        The page's address on the local server.
    expected : dict
        Formula and diagram counts of the built page (:func:`checks.rendering.expected_from_html`).

    Returns
    -------
    dict
        ``requests``, ``bytes``, ``js_bytes``, ``mathjax_bytes``, ``mermaid_bytes`` (response
        bodies, bytes), ``dcl_ms`` (DOMContentLoaded end, ms after navigation start),
        ``rendered_ms`` (fully rendered, same origin), ``complete`` (whether it got there).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    state = page.evaluate(RENDERED, [20000, expected])
    page.wait_for_timeout(300)  # let late requests (fonts) finish
    dcl = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    sizes = [(r.url, r.resource_type, r.sizes()["responseBodySize"]) for r in finished]
    context.close()
    js = [(u, n) for u, kind, n in sizes if kind == "script"]
    return {
        "requests": len(sizes),
        "bytes": sum(n for _, _, n in sizes),
        "js_bytes": sum(n for _, n in js),
        "mathjax_bytes": sum(n for u, _, n in sizes if "/vendor/mathjax/" in u),
        "mermaid_bytes": sum(n for u, _, n in sizes if "/vendor/mermaid/" in u),
        "dcl_ms": round(dcl, 1),
        "rendered_ms": round(state["renderedAt"], 1),
        "complete": state["typeset"] == expected["math"] and state["drawn"] >= expected["diagrams"],
    }


def main() -> int:
    """Run the benchmark; print the table and the budgets; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site", help="built site to measure (default: site)")
    parser.add_argument("--json", default="test-results/bench.json", help="where to write JSON")
    parser.add_argument("--runs", type=int, default=3, help="loads per page; the median counts")
    args = parser.parse_args()
    site = (ROOT / args.site).resolve()

    from playwright.sync_api import sync_playwright

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}/"

    pages = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for path, html in reader_pages(site):
            expected = expected_from_html(html)
            runs = [measure_page(browser, base + path, expected) for _ in range(args.runs)]
            median = {key: statistics.median(r[key] for r in runs)
                      for key in ("dcl_ms", "rendered_ms")}
            pages[path or "(home)"] = {**runs[-1], **median, "math": expected["math"],
                                       "diagrams": expected["diagrams"],
                                       "complete": all(r["complete"] for r in runs),
                                       "ratio": round(median["rendered_ms"] / median["dcl_ms"], 2)}
        browser.close()
    server.shutdown()
    build = round(build_seconds(), 2)

    print(f"{'page':52} {'req':>4} {'kB':>7} {'JS kB':>7} {'DCL ms':>7} {'rendered':>9} {'ratio':>6}")
    for name, r in pages.items():
        print(f"{name:52} {r['requests']:4d} {r['bytes'] / 1e3:7.0f} {r['js_bytes'] / 1e3:7.0f} "
              f"{r['dcl_ms']:7.0f} {r['rendered_ms']:9.0f} {r['ratio']:6.2f}")
    total = {k: sum(r[k] for r in pages.values()) for k in ("requests", "bytes", "js_bytes")}
    print(f"{'total':52} {total['requests']:4d} {total['bytes'] / 1e3:7.0f} "
          f"{total['js_bytes'] / 1e3:7.0f}")
    heaviest = max(pages, key=lambda k: pages[k]["bytes"])
    slowest = max(pages, key=lambda k: pages[k]["rendered_ms"])
    budgets = {
        "every page fully rendered": all(r["complete"] for r in pages.values()),
        "no MathJax bytes without math": all(r["mathjax_bytes"] == 0 for r in pages.values()
                                             if not r["math"]),
        "no Mermaid bytes without diagrams": all(r["mermaid_bytes"] == 0 for r in pages.values()
                                                 if not r["diagrams"]),
        f"heaviest page ({heaviest}) rendered within {RENDER_BUDGET_MS} ms":
            pages[heaviest]["rendered_ms"] <= RENDER_BUDGET_MS,
        f"strict build under {BUILD_BUDGET_S:g} s": build < BUILD_BUDGET_S,
    }
    print(f"\nheaviest page: {heaviest}: {pages[heaviest]['bytes'] / 1e3:.0f} kB, rendered in "
          f"{pages[heaviest]['rendered_ms']:.0f} ms = {pages[heaviest]['ratio']:.2f} x its "
          f"DOMContentLoaded")
    print(f"slowest page:  {slowest}: rendered in {pages[slowest]['rendered_ms']:.0f} ms = "
          f"{pages[slowest]['ratio']:.2f} x its DOMContentLoaded")
    print(f"strict build:  {build:.2f} s")
    for name, ok in budgets.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    out = ROOT / args.json
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"pages": pages, "total": total, "build_seconds": build,
                               "heaviest": heaviest, "budgets": budgets}, indent=2) + "\n")
    print(f"written to {out}")
    return 0 if all(budgets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
