"""Reading from disk: the copy from ``make offline`` works over ``file://``, search included."""

from __future__ import annotations

import pytest
from checks.browser import Watched, assert_rendered
from checks.rendering import expected_from_html

pytestmark = pytest.mark.browser

PAGE = "00-ml-fundamentals/02-core-concepts.html"  # formulas and diagrams


@pytest.fixture
def from_disk(browser):
    """A page that may open ``file://`` URLs and records every request to any host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page(), host="")
    context.close()


def test_offline_copy_renders_math_and_diagrams_from_disk(from_disk, offline_site_dir):
    page = offline_site_dir / PAGE
    expected = expected_from_html(page)
    assert expected["math"] and expected["diagrams"], f"{PAGE} should have math and diagrams"
    from_disk.page.goto(page.as_uri(), wait_until="load")
    assert_rendered(from_disk, f"offline-{PAGE}", expected)


def test_offline_copy_searches_from_disk(from_disk, offline_site_dir):
    page = from_disk.page
    page.goto((offline_site_dir / PAGE).as_uri(), wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("DBSCAN", delay=30)
    page.wait_for_function(
        "() => /matching/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=15000)
    hrefs = page.evaluate(
        "[...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)")
    assert any("01-supervised-vs-unsupervised.html" in h and h.startswith("file://")
               for h in hrefs), hrefs
    assert not from_disk.offsite and not from_disk.errors, from_disk.offsite + from_disk.errors


def test_offline_copy_links_between_files(offline_site_dir):
    html = (offline_site_dir / PAGE).read_text()
    assert 'href="../index.html"' in html or 'href="index.html"' in html, \
        "links in the offline copy should name .html files (use_directory_urls is off)"
