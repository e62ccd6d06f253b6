"""Rendering in a real browser, on every page, directly and after instant navigation.

Formulas typeset, diagrams drawn, tooltips shown, and nothing fetched from another host.
"""

from __future__ import annotations

import pytest
from checks.site import html_files, soup

pytestmark = pytest.mark.browser

# Polls the current page until it shows `expected` typeset formulas and drawn diagrams, or until
# `timeout` ms have passed, and returns what it saw. MathJax and Mermaid run asynchronously, and
# Material briefly removes the `mermaid` class while it draws, so the expected counts come from
# the built HTML rather than from the live page.
RENDERED = """async ([timeout, expected]) => {
  const t0 = performance.now();
  const state = () => {
    const math = [...document.querySelectorAll("article .arithmatex")];
    const raw = math.filter(el => !el.querySelector("mjx-container"));
    const merror = [...document.querySelectorAll("article mjx-merror, article [data-mjx-error]")];
    const pending = [...document.querySelectorAll("article pre.mermaid")];
    const drawn = [...document.querySelectorAll("article div.mermaid")];
    const sized = drawn.filter(el => el.getBoundingClientRect().height >= 20);
    return {title: document.title, math: math.length, typeset: math.length - raw.length,
            raw: raw.map(el => el.textContent.slice(0, 60)),
            merror: merror.map(el => el.getAttribute("data-mjx-error") || el.textContent),
            pending: pending.map(el => el.textContent.trim().split("\\n")[0]),
            drawn: sized.length};
  };
  let s = state();
  while ((s.typeset < expected.math || s.drawn < expected.diagrams || s.math !== expected.math)
         && performance.now() - t0 < timeout) {
    await new Promise(r => setTimeout(r, 50));
    s = state();
  }
  return s;
}"""


def expected_counts(site_dir, path: str) -> dict:
    """Count the formulas and diagrams of a built page: what the browser must render."""
    doc = soup(site_dir / (path + "index.html" if path == "" or path.endswith("/") else path))
    article = doc.select_one("article")
    return {"math": len(article.select(".arithmatex")), "diagrams": len(article.select("pre.mermaid"))}


def page_paths(site_dir) -> list[str]:
    paths = []
    for path in html_files(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        if rel != "404.html":
            paths.append(rel.removesuffix("index.html"))
    return paths


def assert_rendered(watched, where: str, expected: dict, timeout: int = 20000) -> dict:
    state = watched.page.evaluate(RENDERED, [timeout, expected])
    problems = []
    if state["math"] != expected["math"]:
        problems.append(f"page shows {state['math']} formulas, the built HTML has {expected['math']}")
    problems += [f"formula not typeset: {tex!r}" for tex in state["raw"]]
    problems += [f"MathJax error: {m!r}" for m in state["merror"]]
    if state["drawn"] < expected["diagrams"]:
        problems.append(f"{state['drawn']} of {expected['diagrams']} diagrams drawn")
        problems += [f"diagram not drawn: {first!r}" for first in state["pending"]]
    problems += [f"request to another host: {url}" for url in watched.offsite]
    problems += watched.errors
    if problems:
        shot = watched.screenshot(f"failed-{where}")
        pytest.fail(f"{where} ({state['title']}):\n  " + "\n  ".join(problems)
                    + f"\n  screenshot: {shot}")
    return state


def test_every_page_renders_offline(watched, base_url, site_dir):
    paths = page_paths(site_dir)
    assert paths
    totals = {"math": 0, "drawn": 0}
    for path in paths:
        watched.page.goto(base_url + path, wait_until="load")
        state = assert_rendered(watched, path or "home", expected_counts(site_dir, path))
        totals["math"] += state["typeset"]
        totals["drawn"] += state["drawn"]
    assert totals["math"] > 0 and totals["drawn"] > 0, f"nothing was rendered at all: {totals}"


def test_instant_navigation_renders_math_and_diagrams(watched, base_url, site_dir):
    page = watched.page
    page.goto(base_url + "reference/glossary/", wait_until="load")
    assert_rendered(watched, "glossary", expected_counts(site_dir, "reference/glossary/"))
    assert page.evaluate("typeof window.MathJax === 'undefined' || !window.MathJax.startup"), \
        "MathJax was loaded on a page without math"
    for label in ("00 · ML Fundamentals", "00.01 Supervised vs Unsupervised", "00.02 Core Concepts"):
        link = page.locator("nav.md-nav--primary a", has_text=label).first
        target = link.evaluate("a => a.href")
        link.click()
        page.wait_for_function("(url) => location.href === url", arg=target)
        expected = expected_counts(site_dir, target.removeprefix(base_url))
        assert expected["math"] and expected["diagrams"], f"{label}: pick a page with both"
        assert_rendered(watched, f"instant-{label}", expected)
    page.go_back()
    page.wait_for_function("(url) => location.href !== url", arg=target)
    assert_rendered(watched, "instant-back", expected_counts(site_dir, page.url.removeprefix(base_url)))
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1, \
        "the clicks reloaded the page instead of navigating instantly"


def test_dark_mode_redraws_diagrams(watched, base_url, site_dir):
    page = watched.page
    page.goto(base_url + "00-ml-fundamentals/", wait_until="load")
    expected = expected_counts(site_dir, "00-ml-fundamentals/")
    assert_rendered(watched, "light", expected)
    page.locator("label[for='__palette_1']").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert_rendered(watched, "dark", expected)


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


def test_render_check_fails_on_raw_math_undrawn_diagram_and_cdn_request(watched, base_url, served_root):
    broken = served_root / "broken"
    broken.mkdir(exist_ok=True)
    (broken / "index.html").write_text(
        "<html><body><article>"
        '<span class="arithmatex">\\(x^2\\)</span>'
        '<pre class="mermaid"><code>flowchart LR\n  A --> B</code></pre>'
        '<script src="https://cdn.example.com/mathjax.js"></script>'
        "</article></body></html>")
    origin = base_url.split("/ml-dl-guide/")[0]
    watched.page.goto(f"{origin}/broken/", wait_until="load")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_rendered(watched, "fixture-broken", {"math": 1, "diagrams": 1}, timeout=1000)
    message = str(failure.value)
    assert "formula not typeset: '\\\\(x^2\\\\)'" in message
    assert "0 of 1 diagrams drawn" in message and "flowchart LR" in message
    assert "request to another host: https://cdn.example.com/mathjax.js" in message


def search(page, base_url, term: str) -> list[str]:
    """Type a query into Material's search box and return the result links (absolute URLs)."""
    page.goto(base_url + "reference/notation/", wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(term, delay=30)  # Material reacts to key events, not to fill()
    page.wait_for_function(
        "(q) => document.querySelector('.md-search__input').value === q"
        " && /matching/.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=term, timeout=10000)
    return page.evaluate(
        "[...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)")


@pytest.mark.parametrize("term", ["Huber loss", "DBSCAN", "AdamW"])
def test_search_finds_the_article_that_explains_a_glossary_term(watched, base_url, term):
    from checks.glossary import read_glossary

    entry = next(e for e in read_glossary() if e.term == term)
    article = entry.target.split("#")[0].removesuffix("index.md").removesuffix(".md")
    hrefs = search(watched.page, base_url, term)
    assert any(article in href for href in hrefs), f"{term}: {article} not in {hrefs}"


def test_search_check_tells_articles_apart(watched, base_url):
    hrefs = search(watched.page, base_url, "DBSCAN")
    assert hrefs and not any("02-core-concepts" in href for href in hrefs), hrefs
