"""The article standard's structural parts, checked on the Markdown sources."""

from __future__ import annotations

import difflib
import re
from itertools import combinations
from pathlib import Path

import yaml

from . import load_hook

FRONT_MATTER = ("title", "description", "tags", "level", "prerequisites")
LEVELS = ("beginner", "intermediate", "advanced")
# (minimum prose words, minimum Mermaid diagrams, minimum interview questions)
MAIN = (1200, 1, 3)
DEEP_DIVE = (2000, 2, 4)
QUESTION = re.compile(r'^\s*\?\?\?\+? question "(.+)"\s*$', re.M)
DIFFICULTY = re.compile(r"^\[(Easy|Medium|Hard)\]\s*")
REQUIRED_H2 = ("Worked example", "Pitfalls", "Interview questions", "Key takeaways",
               "References", "Next")

article_meta = load_hook("article_meta")


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split a Markdown file into its YAML front matter and body.

    Returns
    -------
    (dict, str)
        The front matter (empty if there is none) and the rest of the text.

    Raises
    ------
    yaml.YAMLError
        If the front matter is not valid YAML.
    """
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end > 0:
            return yaml.safe_load(text[4:end]) or {}, text[end + 5:]
    return {}, text


def is_article(rel: str) -> bool:
    """Return whether a docs-relative path is an article (in a numbered section folder)."""
    return re.match(r"^\d\d-[a-z0-9-]+/", rel) is not None


def check_article(rel: str, text: str) -> list[str]:
    """Check one article's source against the structural parts of the article standard.

    Parameters
    ----------
    rel : str
        Path relative to ``docs/``; ``index.md`` of a section folder is the section's main
        article, any other file a deep dive, with the larger minimums.
    text : str
        The Markdown source.

    Returns
    -------
    list of str
        ``rel: what is missing``.
    """
    problems = []
    try:
        meta, body = split_front_matter(text)
    except yaml.YAMLError as error:
        return [f"{rel}: front matter is not valid YAML ({error})"]
    for field in FRONT_MATTER:
        if field not in meta:
            problems.append(f"front matter lacks {field!r}")
    if "level" in meta and meta["level"] not in LEVELS:
        problems.append(f"level {meta['level']!r} is not one of {LEVELS}")
    if not isinstance(meta.get("tags", []), list) or not meta.get("tags"):
        problems.append("tags must be a non-empty list")
    if re.search(r"^# ", body, re.M):
        problems.append("has an H1; the title comes from the front matter")
    if '!!! abstract "You will learn"' not in body:
        problems.append('lacks the "You will learn" box')
    h2 = re.findall(r"^## (.+?)\s*$", body, re.M)
    for name in REQUIRED_H2:
        if not any(h.startswith(name) for h in h2):
            problems.append(f"lacks the section '## {name}'")
    words, diagrams, questions = MAIN if rel.endswith("/index.md") else DEEP_DIVE
    counted = article_meta.prose_words(body)
    if counted < words:
        problems.append(f"{counted} words of prose, fewer than {words}")
    found = len(re.findall(r"^```mermaid\s*$", body, re.M))
    if found < diagrams:
        problems.append(f"{found} Mermaid diagram(s), fewer than {diagrams}")
    found = len(QUESTION.findall(body))
    if found < questions:
        problems.append(f"{found} interview question(s), fewer than {questions}")
    for block in re.findall(r"^```mermaid\s*\n(.*?)^```", body, re.M | re.S):
        if "accTitle:" not in block or "accDescr" not in block:
            problems.append(f"Mermaid diagram without accTitle/accDescr: {block.splitlines()[0]!r}")
    references = re.search(r"^## References\s*\n(.*?)(?=^## |\Z)", body, re.M | re.S)
    if references and not re.search(r"^\s*(\d+\.|-) ", references.group(1), re.M):
        problems.append("References section has no list entries")
    if not re.search(r'^\s*--8<-- "examples/[^"]+\.py', body, re.M):
        problems.append("includes no tested example script")
    return [f"{rel}: {p}" for p in problems]


def nav_pages(nav) -> list[str]:
    """Flatten an MkDocs ``nav`` (list of str / {title: str | list}) into docs-relative paths."""
    pages: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            pages += nav_pages(value)
        elif not re.match(r"^[a-z]+://", value):
            pages.append(value)
    return pages


def built_path(page: str) -> str:
    """Map a docs-relative Markdown path to its built HTML path (directory URLs)."""
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def check_nav_built(site_dir: Path, nav) -> list[str]:
    """List nav pages whose HTML is missing from the built site."""
    return [f"nav page {p} was not built ({built_path(p)})" for p in nav_pages(nav)
            if not (site_dir / built_path(p)).is_file()]


def check_blocks_rendered(site_dir: Path) -> list[str]:
    """Find admonitions and collapsible blocks that a page shows as raw Markdown.

    A ``??? question "…"`` or ``!!! note`` whose title line is broken, or whose body is not
    indented by four spaces, is printed as a paragraph starting with ``???`` or ``!!!`` (and its
    body as a code block) instead of becoming a collapsible block.

    Returns
    -------
    list of str
        ``page: shows "…"``, once per raw block.
    """
    from .site import content, iter_pages

    problems = []
    for rel, doc in iter_pages(site_dir):
        article = content(doc)
        if article is None:
            continue
        for paragraph in article.select("p"):
            text = paragraph.get_text(" ", strip=True)
            if re.match(r"(\?\?\?\+?|!!!)\s", text):
                problems.append(f"{rel}: shows \"{text[:70]}\"")
    return problems


def normalized_question(title: str) -> str:
    """Reduce an interview question's title to lower-case words, without its difficulty tag."""
    title = DIFFICULTY.sub("", title)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", title.lower()).split())


def check_unique_questions(sources: dict[str, str], threshold: float = 0.85) -> list[str]:
    """Find interview questions that repeat another question of the site.

    Two titles repeat each other when their normalized forms (lower case, punctuation and a
    leading ``[Easy]``/``[Medium]``/``[Hard]`` tag removed) are equal or have a
    ``difflib.SequenceMatcher`` ratio of at least ``threshold``. The most similar pair among the
    site's first 105 distinct questions scored 0.78, so 0.85 flags rewordings, not neighbours.

    Parameters
    ----------
    sources : dict of str to str
        Docs-relative path to Markdown source.
    threshold : float
        Similarity ratio in [0, 1] at or above which two titles count as one question.

    Returns
    -------
    list of str
        ``page: "question" repeats page: "question" (ratio)``, once per pair.
    """
    found = [(rel, title, normalized_question(title))
             for rel, text in sorted(sources.items()) for title in QUESTION.findall(text)]
    problems = []
    for (rel_a, a, key_a), (rel_b, b, key_b) in combinations(found, 2):
        ratio = difflib.SequenceMatcher(None, key_a, key_b).ratio()
        if ratio >= threshold:
            problems.append(f'{rel_a}: "{a}" repeats {rel_b}: "{b}" ({ratio:.2f})')
    return problems
