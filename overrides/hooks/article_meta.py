"""MkDocs hook: the title line of every article, from its front matter.

An article's front matter holds ``title``, ``description``, ``tags``, ``level`` and
``prerequisites`` (a list of Markdown links relative to the article). This hook writes the
article's H1 and, under it, one line with the level, an estimated reading time and the
prerequisite links, so that every article shows them in the same form. Pages without a
``level`` (home, reference pages) are left as they are.
"""

from __future__ import annotations

import math
import re

from mkdocs.exceptions import PluginError

LEVELS = ("beginner", "intermediate", "advanced")
WORDS_PER_MINUTE = 220

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.S)
_INLINE_MATH = re.compile(r"\$[^$\n]+\$")
_SNIPPET = re.compile(r"^\s*--8<--.*$", re.M)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def prose_words(markdown: str) -> int:
    """Count the words of prose in a Markdown text.

    Parameters
    ----------
    markdown : str
        Markdown source without front matter.

    Returns
    -------
    int
        Number of words outside fenced blocks (code and diagrams), math and snippet lines.
    """
    text = _FENCE.sub(" ", markdown)
    text = _DISPLAY_MATH.sub(" ", text)
    text = _INLINE_MATH.sub(" ", text)
    text = _SNIPPET.sub(" ", text)
    return len(_WORD.findall(text))


def reading_minutes(markdown: str) -> int:
    """Estimate the reading time of a Markdown text in whole minutes (at least 1).

    Parameters
    ----------
    markdown : str
        Markdown source without front matter.

    Returns
    -------
    int
        ``ceil(prose_words / 220)``, where 220 words per minute is a common estimate for
        technical prose.
    """
    return max(1, math.ceil(prose_words(markdown) / WORDS_PER_MINUTE))


def meta_block(meta: dict, markdown: str, where: str) -> str:
    """Render the Markdown of an article's title and meta line.

    Parameters
    ----------
    meta : dict
        The page's front matter; needs ``title`` (str), ``level`` (one of ``LEVELS``) and
        ``prerequisites`` (list of Markdown link strings, possibly empty).
    markdown : str
        The article body, used for the reading time.
    where : str
        The page's source path, named in error messages.

    Returns
    -------
    str
        Markdown: an H1 and a ``div.article-meta`` block, followed by a blank line.

    Raises
    ------
    mkdocs.exceptions.PluginError
        If ``level`` is not one of ``LEVELS`` or ``prerequisites`` is not a list of strings.
    """
    level = str(meta.get("level", "")).lower()
    if level not in LEVELS:
        raise PluginError(f"{where}: level must be one of {', '.join(LEVELS)}, not {level!r}")
    prerequisites = meta.get("prerequisites") or []
    if not isinstance(prerequisites, list) or not all(isinstance(p, str) for p in prerequisites):
        raise PluginError(f"{where}: prerequisites must be a list of Markdown links")
    needs = ", ".join(prerequisites) if prerequisites else "none"
    return (
        f"# {meta['title']}\n\n"
        '<div class="article-meta" markdown>\n'
        f"<span>**Level:** {level.capitalize()}</span>\n"
        f"<span>**Reading time:** {reading_minutes(markdown)} min</span>\n"
        f"<span>**Prerequisites:** {needs}</span>\n"
        "</div>\n\n"
    )


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Prepend the title and meta line to pages whose front matter has a ``level``."""
    if "level" not in page.meta:
        return markdown
    return meta_block(page.meta, markdown, page.file.src_uri) + markdown
