"""Reading the built site: pages, their main content, and their prose text."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

CONTENT = "article.md-content__inner"
# Elements whose text is not prose: code, math, diagrams, scripts, permalinks, the tooltip terms.
NOT_PROSE = ("pre", "code", "kbd", "script", "style", ".arithmatex", ".mermaid", "a.headerlink")


def html_files(site_dir: Path) -> list[Path]:
    """List the HTML pages of a built site.

    Parameters
    ----------
    site_dir : pathlib.Path
        Output directory of ``mkdocs build``.

    Returns
    -------
    list of pathlib.Path
        Every ``*.html`` file, sorted, excluding the copied JavaScript libraries.
    """
    return sorted(p for p in site_dir.rglob("*.html") if "assets" not in p.relative_to(site_dir).parts)


def reader_pages(site_dir: Path) -> list[tuple[str, Path]]:
    """List the pages a reader can open, as ``(URL path relative to the site, HTML file)``.

    The URL path of ``x/index.html`` is ``x/`` (``""`` for the home page); the 404 page is left
    out. Both the browser tests and ``tests/bench.py`` visit exactly these pages.
    """
    return [(p.relative_to(site_dir).as_posix().removesuffix("index.html"), p)
            for p in html_files(site_dir) if p.name != "404.html"]


@functools.lru_cache(maxsize=512)
def _parse(path: Path, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    """Parse an HTML file (cached by path and modification time).

    Parameters
    ----------
    path : pathlib.Path
        An HTML file.

    Returns
    -------
    bs4.BeautifulSoup
        The parsed document; treat it as read-only, it is shared between callers.
    """
    return _parse(path, path.stat().st_mtime)


def iter_pages(site_dir: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    """Yield ``(relative path, parsed document)`` for every page of a built site."""
    for path in html_files(site_dir):
        yield path.relative_to(site_dir).as_posix(), soup(path)


def content(doc: BeautifulSoup) -> Tag | None:
    """Return the article element of a Material page, or ``None`` if the page has none."""
    return doc.select_one(CONTENT)


def prose_strings(root: Tag, skip_abbr: bool = False) -> Iterator[NavigableString]:
    """Yield the text nodes of ``root`` that are prose.

    Parameters
    ----------
    root : bs4.Tag
        Usually the article element.
    skip_abbr : bool
        Also skip the text inside ``<abbr>`` elements (terms that already carry a tooltip).

    Yields
    ------
    bs4.NavigableString
        Text nodes outside code, math, diagrams, scripts and permalinks (see ``NOT_PROSE``).
    """
    excluded = set()
    for selector in NOT_PROSE + (("abbr",) if skip_abbr else ()):
        excluded.update(id(el) for el in root.select(selector))
    for text in root.find_all(string=True):
        if text.__class__ is not NavigableString:  # comments, CDATA, doctype
            continue
        if any(id(parent) in excluded for parent in text.parents):
            continue
        yield text
