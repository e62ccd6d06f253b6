"""Accessibility: no serious or critical WCAG 2.1 AA violation on any page, light or dark.

axe-core runs on every page after its formulas and diagrams are rendered.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from checks.browser import AXE, Watched, assert_rendered, axe_problems, broken_copy
from checks.rendering import expected_from_html
from checks.site import html_files

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_passes_axe(browser, base_url, site_dir, scheme):
    # The palette follows the system setting (mkdocs.yml), as it does for a reader.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    watched = Watched(context.new_page(), urlsplit(base_url).netloc)
    failures = []
    pages = [p for p in html_files(site_dir) if p.name != "404.html"]
    for html in pages:
        path = html.relative_to(site_dir).as_posix().removesuffix("index.html")
        watched.forget()
        watched.page.goto(base_url + path, wait_until="load")
        assert_rendered(watched, f"axe-{scheme}-{path or 'home'}", expected_from_html(html))
        shown = watched.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == SCHEMES[scheme], f"{path}: palette {shown}, expected {SCHEMES[scheme]}"
        problems = axe_problems(watched.page)
        if problems:
            shot = watched.screenshot(f"axe-{scheme}-{path or 'home'}")
            failures.append(f"{path or 'home'} ({scheme}), screenshot {shot.name}:\n    "
                            + "\n    ".join(problems))
    context.close()
    assert pages and not failures, "\n".join(failures)


def test_axe_check_fails_on_image_without_alt(watched, base_url, site_dir, served_root):
    page = "reference/notation/index.html"
    path = broken_copy(site_dir, served_root, page, '<img src="../../assets/images/logo.svg">')
    origin = base_url.split("/ml-dl-guide/")[0]
    watched.page.goto(origin + path, wait_until="load")
    problems = axe_problems(watched.page)
    assert len(problems) == 1 and problems[0].startswith("image-alt (critical)"), problems
