"""Broken internal links and anchors, and resources loaded from other hosts."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .site import iter_pages, soup

LOCAL_BASE = "http://site.invalid/"
# Tags and attributes that make the browser fetch something when the page loads.
RESOURCES = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
             "video": "src", "embed": "src", "object": "data"}
IGNORED_REL = {"canonical", "alternate", "prev", "next", "author", "license"}


def _ids(path: Path) -> set[str]:
    doc = soup(path)
    return {el["id"] for el in doc.select("[id]")} | {el["name"] for el in doc.select("a[name]")}


def _target(site_dir: Path, path: str, prefix: str) -> Path | None:
    if not path.startswith(prefix):
        return None
    candidate = site_dir / unquote(path[len(prefix):])
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_links(site_dir: Path, prefix: str = "/") -> list[str]:
    """Find broken internal links and third-party resource loads in a built site.

    Every ``href``/``src`` of every page is resolved against the page's URL. A link to another host
    is allowed for ``<a>`` (citations) but not for anything the browser loads by itself (scripts,
    stylesheets, images, frames, fonts). An internal link must name an existing file, and its
    fragment, if any, an element id on the target page.

    Parameters
    ----------
    site_dir : pathlib.Path
        Output directory of ``mkdocs build``.
    prefix : str
        The path of ``site_url`` (``/ml-dl-guide/``): pages such as ``404.html`` link with
        absolute paths that start with it.

    Returns
    -------
    list of str
        One line per problem: ``page: <element attr=value>: what is wrong``.
    """
    problems: list[str] = []
    ids: dict[Path, set[str]] = {}
    for rel, doc in iter_pages(site_dir):
        page_url = urljoin(LOCAL_BASE + prefix.lstrip("/"), rel)
        for el in doc.select("[href], [src], object[data]"):
            attr = RESOURCES.get(el.name, "href")
            if el.name == "link":
                rel_values = set(el.get("rel") or [])
                if rel_values & IGNORED_REL:
                    continue
            value = el.get(attr)
            if value is None or value.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            url = urlsplit(urljoin(page_url, value))
            where = f"{rel}: <{el.name} {attr}={value!r}>"
            if f"{url.scheme}://{url.netloc}/" != LOCAL_BASE:
                if el.name != "a":
                    problems.append(f"{where}: loads a resource from another host")
                continue
            target = _target(site_dir, url.path, prefix)
            if target is None:
                problems.append(f"{where}: no such file in the site")
                continue
            fragment = unquote(url.fragment)
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _ids(target)
                if fragment not in ids[target]:
                    problems.append(f"{where}: no element with id {fragment!r} on that page")
    return problems
