"""Rendering in a real browser, on every page, directly and after instant navigation.

Formulas typeset, diagrams drawn, tooltips shown, and nothing fetched from another host.
"""

from __future__ import annotations

import pytest
from checks.browser import assert_rendered, broken_copy
from checks.rendering import expected_from_html
from checks.site import reader_pages

pytestmark = pytest.mark.browser


def expected_counts(site_dir, path: str) -> dict:
    """What the built page at a site path (``""``, ``"x/"`` or ``"x.html"``) must render."""
    return expected_from_html(site_dir / (path + "index.html" if path == "" or path.endswith("/") else path))


def test_every_page_renders_without_asking_another_host(watched, base_url, site_dir):
    pages = reader_pages(site_dir)
    assert pages
    totals = {"math": 0, "drawn": 0}
    for path, html in pages:
        watched.forget()
        watched.page.goto(base_url + path, wait_until="load")
        state = assert_rendered(watched, path or "home", expected_from_html(html))
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


BROKEN = (
    '<p><span class="arithmatex">\\(\\frac{1}\\)</span></p>'
    '<pre class="mermaid"><code>flowchart LR\n  A --> B --> </code></pre>'
    '<script src="https://cdn.example.com/mathjax.js"></script>'
    '<img src="../assets/images/logo.svg">'
)


def test_render_check_fails_on_tex_error_bad_diagram_and_cdn_request(watched, origin, site_dir,
                                                                     served_root):
    page = "00-ml-fundamentals/index.html"
    path = broken_copy(site_dir, served_root, page, BROKEN)
    expected = expected_counts(site_dir, page)
    expected = {"math": expected["math"] + 1, "diagrams": expected["diagrams"] + 1,
                "sources": expected["sources"] + ["flowchart LR\n  A --> B --> "]}
    watched.page.goto(origin + path, wait_until="load")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_rendered(watched, "fixture-broken", expected, timeout=5000)
    message = str(failure.value)
    assert "MathJax error: 'Missing argument for \\\\frac" in message, message
    assert "Mermaid rejects the diagram 'flowchart LR'" in message, message
    assert "request to another host: https://cdn.example.com/mathjax.js" in message, message
    assert "screenshot:" in message


def test_render_check_fails_on_formula_wider_than_the_column(watched, origin, site_dir,
                                                            served_root):
    page = "reference/misconceptions/index.html"
    sum_tex = " + ".join(f"x_{{{i}}}" for i in range(60))
    wide = f'<div class="arithmatex">\\[ {sum_tex} \\]</div>'
    path = broken_copy(site_dir, served_root, page, wide)
    expected = expected_counts(site_dir, page)
    expected = {**expected, "math": expected["math"] + 1}
    watched.page.goto(origin + path, wait_until="load")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_rendered(watched, "fixture-wide", expected, timeout=5000)
    message = str(failure.value)
    assert "display formula wider than the text column by" in message, message
    assert message.count("wider than the text column") == 1, message

def test_render_check_fails_on_raw_math_and_undrawn_diagram(watched, origin, served_root):
    bare = served_root / "bare"
    bare.mkdir(exist_ok=True)
    (bare / "index.html").write_text(
        "<html><body><article>"
        '<span class="arithmatex">\\(x^2\\)</span>'
        '<pre class="mermaid"><code>flowchart LR\n  A --> B</code></pre>'
        "</article></body></html>")
    watched.page.goto(f"{origin}/bare/", wait_until="load")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_rendered(watched, "fixture-bare", {"math": 1, "diagrams": 1, "sources": []},
                        timeout=1000)
    message = str(failure.value)
    assert "formula not typeset: '\\\\(x^2\\\\)'" in message
    assert "0 of 1 diagrams drawn" in message and "flowchart LR" in message


def search(page, base_url, term: str) -> list[str]:
    """Type a query into Material's search box and return the result links (absolute URLs)."""
    page.goto(base_url + "reference/glossary/", wait_until="load")
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
