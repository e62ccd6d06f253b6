"""Rendering in a real browser, on every page, directly and after instant navigation.

Formulas typeset, diagrams drawn, tooltips shown, and nothing fetched from another host.
"""

from __future__ import annotations

import pytest
from checks.site import html_files

pytestmark = pytest.mark.browser

# Resolves once every formula and diagram of the current page is rendered, or fails naming what
# is not; MathJax and Mermaid run asynchronously, so the page is polled for up to `timeout` ms.
RENDERED = """async (timeout) => {
  const t0 = performance.now();
  const state = () => {
    const math = [...document.querySelectorAll("article .arithmatex")];
    const raw = math.filter(el => !el.querySelector("mjx-container"));
    const merror = [...document.querySelectorAll("article mjx-merror, article [data-mjx-error]")];
    const pending = [...document.querySelectorAll("article pre.mermaid")];
    const drawn = [...document.querySelectorAll("article div.mermaid")];
    const empty = drawn.filter(el => el.getBoundingClientRect().height < 20);
    return {math: math.length, raw: raw.map(el => el.textContent.slice(0, 60)),
            merror: merror.map(el => el.getAttribute("data-mjx-error") || el.textContent),
            pending: pending.map(el => el.textContent.trim().split("\\n")[0]),
            drawn: drawn.length, empty: empty.length};
  };
  let s = state();
  while ((s.raw.length || s.pending.length || s.empty) && performance.now() - t0 < timeout) {
    await new Promise(r => setTimeout(r, 50));
    s = state();
  }
  return s;
}"""


def page_paths(site_dir) -> list[str]:
    paths = []
    for path in html_files(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        if rel != "404.html":
            paths.append(rel.removesuffix("index.html"))
    return paths


def assert_rendered(watched, where: str, timeout: int = 15000) -> dict:
    state = watched.page.evaluate(RENDERED, timeout)
    problems = [f"formula not typeset: {tex!r}" for tex in state["raw"]]
    problems += [f"MathJax error: {m!r}" for m in state["merror"]]
    problems += [f"diagram not drawn: {first!r}" for first in state["pending"]]
    problems += [f"{state['empty']} drawn diagram(s) with no height"] if state["empty"] else []
    problems += [f"request to another host: {url}" for url in watched.offsite]
    problems += watched.errors
    if problems:
        shot = watched.screenshot(f"failed-{where}")
        pytest.fail(f"{where}:\n  " + "\n  ".join(problems) + f"\n  screenshot: {shot}")
    return state


def test_every_page_renders_offline(watched, base_url, site_dir):
    paths = page_paths(site_dir)
    assert paths
    totals = {"math": 0, "drawn": 0}
    for path in paths:
        watched.page.goto(base_url + path, wait_until="load")
        state = assert_rendered(watched, path or "home")
        totals["math"] += state["math"]
        totals["drawn"] += state["drawn"]
    assert totals["math"] > 0 and totals["drawn"] > 0, f"nothing was rendered at all: {totals}"


def test_instant_navigation_renders_math_and_diagrams(watched, base_url):
    page = watched.page
    page.goto(base_url + "reference/glossary/", wait_until="load")
    assert_rendered(watched, "glossary")
    assert page.evaluate("typeof window.MathJax === 'undefined' || !window.MathJax.startup"), \
        "MathJax was loaded on a page without math"
    for label in ("00 · ML Fundamentals", "00.01 Supervised vs Unsupervised", "00.02 Core Concepts"):
        before = page.title()
        page.locator("nav.md-nav--primary a", has_text=label).first.click()
        page.wait_for_function("(before) => document.title !== before", arg=before)
        state = assert_rendered(watched, f"instant-{label}")
        assert state["math"] > 0 and state["drawn"] > 0, f"{label}: expected math and diagrams"
    before = page.title()
    page.go_back()
    page.wait_for_function("(before) => document.title !== before", arg=before)
    assert_rendered(watched, "instant-back")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1, \
        "the clicks reloaded the page instead of navigating instantly"


def test_dark_mode_redraws_diagrams(watched, base_url):
    page = watched.page
    page.goto(base_url + "00-ml-fundamentals/", wait_until="load")
    assert_rendered(watched, "light")
    page.locator("label[for='__palette_1']").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert_rendered(watched, "dark")


def test_glossary_tooltip_appears_on_hover(watched, base_url):
    page = watched.page
    page.goto(base_url + "00-ml-fundamentals/", wait_until="load")
    term = page.locator("article abbr[title]").first
    definition = term.get_attribute("title") or page.evaluate(
        "() => document.querySelector('article abbr').getAttribute('data-title')")
    term.scroll_into_view_if_needed()
    term.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active").first
    tooltip.wait_for(state="visible", timeout=5000)
    assert definition and definition[:20] in tooltip.inner_text()
