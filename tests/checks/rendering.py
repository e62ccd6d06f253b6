"""What a reader's browser shows: formulas typeset, diagrams drawn, nothing fetched from elsewhere.

The JavaScript snippets run inside a Playwright page; the Python functions turn what they report
into problems that name the page and the element (the formula's TeX, the diagram's first line).
"""

from __future__ import annotations

from pathlib import Path

from .site import soup

# Polls the current page until it shows `expected` typeset formulas and drawn diagrams, or until
# `timeout` ms have passed, and returns what it saw, with the time it took. MathJax and Mermaid
# run asynchronously, and Material briefly removes the `mermaid` class while it draws, so the
# expected counts come from the built HTML rather than from the live page.
RENDERED = """async ([timeout, expected]) => {
  const t0 = performance.now();
  const state = () => {
    const math = [...document.querySelectorAll("article .arithmatex")];
    const raw = math.filter(el => !el.querySelector("mjx-container"));
    const merror = [...document.querySelectorAll("article mjx-merror, article [data-mjx-error]")];
    const noMml = [...document.querySelectorAll("article mjx-container")]
      .filter(el => !el.querySelector("mjx-assistive-mml"));
    const pending = [...document.querySelectorAll("article pre.mermaid")];
    const drawn = [...document.querySelectorAll("article div.mermaid")];
    const sized = drawn.filter(el => el.getBoundingClientRect().height >= 20);
    return {title: document.title, math: math.length, typeset: math.length - raw.length,
            raw: raw.map(el => el.textContent.slice(0, 60)),
            merror: merror.map(el => (el.getAttribute("data-mjx-error") || el.textContent)
                                     + " in " + el.closest(".arithmatex").textContent.slice(0, 60)),
            noMml: noMml.length,
            pending: pending.map(el => el.textContent.trim().split("\\n")[0]),
            drawn: sized.length};
  };
  let s = state();
  while ((s.typeset < expected.math || s.drawn < expected.diagrams || s.math !== expected.math)
         && performance.now() - t0 < timeout) {
    await new Promise(r => setTimeout(r, 20));
    s = state();
  }
  s.renderedAt = performance.now();
  // Measured once, after rendering: a display formula wider than the text column scrolls
  // sideways and hides its right part. Formulas inside closed <details> have no width to measure.
  s.wide = [...document.querySelectorAll("article div.arithmatex")]
    .filter(el => el.querySelector("mjx-container") && el.scrollWidth > el.clientWidth + 2)
    .map(el => `${el.scrollWidth - el.clientWidth} px: ` + el.textContent.slice(0, 60));
  return s;
}"""

# Hands every diagram source to Mermaid's own parser and returns the ones it rejects.
PARSE = """async (sources) => {
  if (!sources.length) return [];
  const t0 = performance.now();
  while (!(window.mermaid && window.mermaid.parse) && performance.now() - t0 < 10000)
    await new Promise(r => setTimeout(r, 50));
  if (!(window.mermaid && window.mermaid.parse)) return [["(all)", "Mermaid is not loaded"]];
  const rejected = [];
  for (const source of sources) {
    try { await window.mermaid.parse(source); }
    catch (e) { rejected.push([source.trim().split("\\n")[0], String(e.message || e).split("\\n")[0]]); }
  }
  return rejected;
}"""


def expected_from_html(html_file: Path) -> dict:
    """Count what a built page asks the browser to render.

    Parameters
    ----------
    html_file : pathlib.Path
        A page of the built site.

    Returns
    -------
    dict
        ``math``: number of ``.arithmatex`` elements in the article; ``diagrams``: number of
        ``pre.mermaid`` blocks; ``sources``: the diagrams' Mermaid sources, in page order.
    """
    article = soup(html_file).select_one("article")
    diagrams = article.select("pre.mermaid") if article else []
    return {"math": len(article.select(".arithmatex")) if article else 0,
            "diagrams": len(diagrams), "sources": [d.get_text() for d in diagrams]}


def render_problems(state: dict, expected: dict, rejected: list, offsite: list[str],
                    errors: list[str], requested: list[str]) -> list[str]:
    """Compare what the browser showed with what the built page asked for.

    Parameters
    ----------
    state : dict
        What :data:`RENDERED` returned.
    expected : dict
        What :func:`expected_from_html` counted.
    rejected : list of (str, str)
        What :data:`PARSE` returned: first line of each rejected diagram and Mermaid's message.
    offsite : list of str
        URLs of requests to other hosts (blocked).
    errors : list of str
        Console errors and uncaught page errors.
    requested : list of str
        Every URL the page requested.

    Returns
    -------
    list of str
        One line per problem; empty when the page is fully rendered.
    """
    problems = []
    if state["math"] != expected["math"]:
        problems.append(f"page shows {state['math']} formulas, the built HTML has {expected['math']}")
    problems += [f"formula not typeset: {tex!r}" for tex in state["raw"]]
    problems += [f"MathJax error: {m!r}" for m in state["merror"]]
    if state["noMml"]:
        problems.append(f"{state['noMml']} formulas without MathJax's assistive MathML")
    problems += [f"display formula wider than the text column by {w}" for w in state["wide"]]
    if state["drawn"] < expected["diagrams"]:
        problems.append(f"{state['drawn']} of {expected['diagrams']} diagrams drawn")
        problems += [f"diagram not drawn: {first!r}" for first in state["pending"]]
    problems += [f"Mermaid rejects the diagram {first!r}: {message}" for first, message in rejected]
    problems += [f"request to another host: {url}" for url in offsite]
    problems += errors
    if not expected["math"]:
        problems += [f"MathJax loaded on a page without math: {u}" for u in requested
                     if "/vendor/mathjax/" in u]
    if not expected["diagrams"]:
        problems += [f"Mermaid loaded on a page without diagrams: {u}" for u in requested
                     if "/vendor/mermaid/" in u]
    return problems
