"""The glossary: source and page in sync, every term used, every acronym defined, tooltips shown."""

from __future__ import annotations

import re
from pathlib import Path

from . import load_hook
from .site import content, iter_pages, prose_strings, soup

GLOSSARY_PAGE = "reference/glossary/index.html"
# A word with two or more capital letters: an acronym (MSE, ReLU) or a name like NumPy.
ACRONYM = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*\b")


glossary_hook = load_hook("glossary")
read_glossary = glossary_hook.read_glossary


def check_page_in_sync(site_dir: Path, entries) -> list[str]:
    """Compare the terms of the built Glossary page with the glossary source.

    Parameters
    ----------
    site_dir : pathlib.Path
        Output directory of ``mkdocs build``.
    entries : list
        ``Entry`` objects from ``read_glossary``.

    Returns
    -------
    list of str
        Terms missing from the page, terms on the page that the source lacks, and entries whose
        definition has no link to a section.
    """
    page = site_dir / GLOSSARY_PAGE
    if not page.is_file():
        return [f"{GLOSSARY_PAGE}: not built"]
    doc = content(soup(page))
    shown = {}
    for dt in doc.select("dt"):
        term = re.sub(r"\s*\(also [^)]*\)$", "", dt.get_text(" ", strip=True))
        shown[term] = dt.find_next_sibling("dd")
    expected = {e.term for e in entries if not e.variant_of}
    problems = [f"glossary page lacks {t!r}" for t in sorted(expected - shown.keys())]
    problems += [f"glossary page shows {t!r}, not in the source" for t in sorted(shown.keys() - expected)]
    for term, dd in shown.items():
        if dd is None or dd.find("a", href=True) is None:
            problems.append(f"glossary page: {term!r} has no link to the section that explains it")
    return problems


def check_terms_used(site_dir: Path, entries) -> list[str]:
    """Find glossary terms that no page other than the Glossary uses (as a tooltip)."""
    used: set[str] = set()
    for rel, doc in iter_pages(site_dir):
        article = content(doc)
        if rel == GLOSSARY_PAGE or article is None:
            continue
        used.update(abbr.get_text() for abbr in article.select("abbr[title]"))
    return [f"glossary term {e.term!r} is not used on any page" for e in entries if e.term not in used]


def _reference_lists(article) -> set[int]:
    """Ids of the elements that hold citations: footnotes and the lists under "References"."""
    found = {id(el) for el in article.select(".footnote")}
    heading = article.find("h2", id="references")
    for sibling in heading.find_next_siblings() if heading else []:
        if sibling.name == "h2":
            break
        found.add(id(sibling))
    return found


def check_acronyms_defined(site_dir: Path) -> list[str]:
    """Find words with two or more capitals in prose that carry no glossary tooltip.

    Citations (footnotes, the References section) are not prose: authors' names such as
    "MacQueen" are left alone there.

    Returns
    -------
    list of str
        ``page: 'WORD' in "...context..."``, once per word and page.
    """
    problems: list[str] = []
    for rel, doc in iter_pages(site_dir):
        article = content(doc)
        if article is None:
            continue
        seen: set[str] = set()
        citations = _reference_lists(article)
        for text in prose_strings(article, skip_abbr=True):
            if any(id(parent) in citations for parent in text.parents):
                continue
            for m in ACRONYM.finditer(text):
                if m.group() not in seen:
                    seen.add(m.group())
                    context = " ".join(text[max(0, m.start() - 30): m.end() + 30].split())
                    problems.append(f"{rel}: {m.group()!r} has no glossary definition (\"…{context}…\")")
    return problems


def check_tooltips_shown(site_dir: Path, pages: list[str]) -> list[str]:
    """Check that each listed page shows at least one glossary tooltip in its article."""
    problems = []
    for rel in pages:
        article = content(soup(site_dir / rel))
        if article is None or not article.select("abbr[title]"):
            problems.append(f"{rel}: no glossary tooltip in the article")
    return problems


def check_source_hidden(site_dir: Path) -> list[str]:
    """Find glossary source lines that a page prints instead of swallowing.

    The snippet is appended to every page; its ``*[TERM]: …`` and ``[glossary:TERM]: …`` lines
    render as nothing only while Python-Markdown parses them as abbreviation and link reference
    definitions. A line that stops being one (a destination with a space, two labels that differ
    only in case) shows up as text at the foot of every page.

    Returns
    -------
    list of str
        ``page: shows "…text…"``, once per offending paragraph.
    """
    problems = []
    for rel, doc in iter_pages(site_dir):
        for element in doc.select("p, li, dd, td"):
            text = element.get_text(" ", strip=True)
            if re.search(r"\[glossary:|^\*\[[^\]]+\]:", text):
                problems.append(f"{rel}: shows \"{text[:80]}\"")
    return problems
