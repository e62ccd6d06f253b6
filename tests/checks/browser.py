"""Helpers for the browser tests: a watched Playwright page, and the check that it is rendered."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from . import ROOT
from .rendering import PARSE, RENDERED, render_problems

RESULTS = ROOT / "test-results"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    """Return the Chromium executable to use, or ``None`` for Playwright's own browser.

    Debian's ``/usr/bin/chromium`` when present, else the path in ``CHROMIUM_PATH``, else a
    ``chromium`` on ``PATH``.
    """
    for candidate in ("/usr/bin/chromium", os.environ.get("CHROMIUM_PATH"), shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Ignore a browser closing its connection early (a navigation cancels downloads)."""


def serve(root: Path) -> http.server.ThreadingHTTPServer:
    """Serve a directory on 127.0.0.1 from a background thread.

    Parameters
    ----------
    root : pathlib.Path
        Directory served at ``/``.

    Returns
    -------
    http.server.ThreadingHTTPServer
        The running server (port in ``server_port``); call ``shutdown()`` when done.
    """
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Watched:
    """A browser page with its requests, off-site requests, console and page errors recorded.

    ``host`` is the ``host:port`` of the local server; pages opened from ``file://`` pass ``""``.
    Every request to another host is aborted and listed in ``offsite``.
    """

    def __init__(self, page, host: str):
        self.page = page
        self.requested: list[str] = []
        self.offsite: list[str] = []
        self.errors: list[str] = []

        def route(r):
            url = r.request.url
            if urlsplit(url).netloc == host or url.startswith(("data:", "blob:", "file:")):
                r.continue_()
            else:
                self.offsite.append(url)
                r.abort()

        page.route("**/*", route)
        page.on("request", lambda r: self.requested.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def forget(self) -> None:
        """Clear what was recorded, before the next page is checked on its own."""
        self.requested.clear()
        self.offsite.clear()
        self.errors.clear()

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot under ``test-results/`` and return its path."""
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{name.replace('/', '_')}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def fail(self, where: str, title: str, problems: list[str]):
        """Fail the test with the page, its problems and a screenshot for the reader of the log."""
        shot = self.screenshot(f"failed-{where}")
        pytest.fail(f"{where} ({title}):\n  " + "\n  ".join(problems) + f"\n  screenshot: {shot}")


def assert_rendered(watched: Watched, where: str, expected: dict, timeout: int = 20000) -> dict:
    """Wait until the page shows what ``expected`` counts, then fail with every problem seen.

    Parameters
    ----------
    watched : Watched
        The page, already navigated to the page under test.
    where : str
        Name for the failure message and the screenshot file.
    expected : dict
        From :func:`checks.rendering.expected_from_html`.
    timeout : int
        Milliseconds to wait for MathJax and Mermaid.

    Returns
    -------
    dict
        What the page showed (see :data:`checks.rendering.RENDERED`).
    """
    state = watched.page.evaluate(RENDERED, [timeout, expected])
    rejected = watched.page.evaluate(PARSE, expected.get("sources", []))
    problems = render_problems(state, expected, rejected, watched.offsite, watched.errors,
                               watched.requested)
    if problems:
        watched.fail(where, state["title"], problems)
    return state


def broken_copy(site_dir: Path, served_root: Path, page: str, extra_html: str) -> str:
    """Serve a copy of the site in which one page has ``extra_html`` added to its article.

    Returns the copy's URL path of that page. Every other file of the copy is a link to the
    built site, so the broken page loads the site's own scripts and styles.
    """
    copy = served_root / "broken-site"
    if not copy.exists():
        copy.mkdir()
        for entry in site_dir.iterdir():
            (copy / entry.name).symlink_to(entry)
    folder, original = copy, site_dir
    for part in Path(page).parent.parts:  # real folders of links down to the page, so that
        folder, original = folder / part, original / part  # the page is replaced in the copy
        if folder.is_symlink():                             # and never in the site itself
            folder.unlink()
            folder.mkdir()
            for entry in original.iterdir():
                (folder / entry.name).symlink_to(entry)
    target = copy / page
    assert target.is_symlink(), f"{target} should be a link into the site"
    target.unlink()
    html = (site_dir / page).read_text()
    target.write_text(html.replace("</article>", extra_html + "</article>", 1))
    return "/broken-site/" + page.removesuffix("index.html")


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                           resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")), count: v.nodes.length}));
}"""


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_problems(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core (the pinned npm copy) on the page and list its WCAG 2.1 AA violations.

    Parameters
    ----------
    page : playwright.sync_api.Page
        A page that has finished rendering.
    impacts : tuple of str
        The impact levels that count as problems.

    Returns
    -------
    list of str
        One line per violated rule: rule id, impact, axe's summary, the number of elements and
        up to three of their CSS selectors.

    Raises
    ------
    FileNotFoundError
        If ``node_modules/axe-core`` is missing (``make setup`` installs it).
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):  # once per loaded page
        page.add_script_tag(content=_axe_source())
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']}; {v['count']} elements, e.g. "
            + ", ".join(v["targets"]) for v in violations if v["impact"] in impacts]
