"""Accessibility: no serious or critical WCAG 2.1 AA violation on any page, light or dark.

axe-core runs on every page after its formulas and diagrams are rendered.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from checks.browser import Watched, assert_rendered, axe_problems, broken_copy
from checks.rendering import expected_from_html
from checks.site import reader_pages

pytestmark = pytest.mark.browser

# Palette name and the header toggle that switches to it (mkdocs.yml: light first, dark second).
PALETTES = {"default": "__palette_0", "slate": "__palette_1"}
SCHEME = "document.body.getAttribute('data-md-color-scheme')"
NO_TOOLTIP = "() => !document.querySelector('.md-tooltip--active, .md-tooltip2--active')"
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def test_every_page_passes_axe_in_light_and_dark(browser, base_url, site_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    watched = Watched(context.new_page(), urlsplit(base_url).netloc)
    failures = []
    pages = reader_pages(site_dir)
    for path, html in pages:
        expected = expected_from_html(html)
        watched.forget()
        watched.page.goto(base_url + path, wait_until="load")
        # The reader's choice is kept across pages: check the palette the page opened in, then
        # switch with the header toggle (diagrams are drawn again) and check the other one.
        first = watched.page.evaluate(SCHEME)
        for palette in (first, next(p for p in PALETTES if p != first)):
            if watched.page.evaluate(SCHEME) != palette:
                watched.page.locator(f"label[for='{PALETTES[palette]}']").click()
                watched.page.wait_for_function(f"(p) => {SCHEME} === p", arg=palette)
            # Nothing under the pointer and no transitions: a tooltip caught half-faded (in or
            # out) is partly transparent, and axe would measure the contrast of that moment.
            watched.page.add_style_tag(content=NO_TRANSITIONS)
            watched.page.mouse.move(1270, 890)
            watched.page.wait_for_function(NO_TOOLTIP)
            where = f"axe-{palette}-{path or 'home'}"
            assert_rendered(watched, where, expected)
            problems = axe_problems(watched.page)
            if problems:
                shot = watched.screenshot(where)
                failures.append(f"{path or 'home'} ({palette}), screenshot {shot.name}:\n    "
                                + "\n    ".join(problems))
    context.close()
    assert pages and not failures, "\n".join(failures)


def test_axe_check_fails_on_image_without_alt(watched, origin, site_dir, served_root):
    page = "reference/glossary/index.html"
    path = broken_copy(site_dir, served_root, page, '<img src="../../assets/images/logo.svg">')
    watched.page.goto(origin + path, wait_until="load")
    problems = axe_problems(watched.page)
    assert len(problems) == 1 and problems[0].startswith("image-alt (critical)"), problems
