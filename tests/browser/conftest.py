"""Fixtures for the browser tests: the built site served on 127.0.0.1, and headless Chromium.

Chromium is Debian's ``/usr/bin/chromium`` when present, else the path in ``CHROMIUM_PATH``,
else the browser Playwright installed itself. Every request to a host other than the local server
is aborted and recorded, so a test can assert that a page asked nothing of the network.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from checks.browser import CHROMIUM_FLAGS, Watched, chromium_path, serve


@pytest.fixture(scope="session")
def served_root(tmp_path_factory) -> Path:
    """Directory served at the server's root; the site is mounted at its ``site_url`` path."""
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="session")
def base_url(site_dir, mkdocs_config, served_root):
    """URL of the built site served from a thread on 127.0.0.1, under the ``site_url`` path."""
    prefix = urlsplit(mkdocs_config["site_url"]).path  # /ml-dl-guide/
    mount = served_root / prefix.strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site_dir, target_is_directory=True)
    server = serve(served_root)
    yield f"http://127.0.0.1:{server.server_port}{prefix}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by the session."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def origin(base_url) -> str:
    """``http://127.0.0.1:PORT``: the server's root, where fixture pages are served."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def watched(browser, base_url):
    """A fresh browser page (1280x900) that blocks and records every off-site request."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Watched(page, urlsplit(base_url).netloc)
    context.close()
