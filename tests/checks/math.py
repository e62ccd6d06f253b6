"""Unrendered math: TeX left in prose, and malformed formulas inside MathJax's wrappers."""

from __future__ import annotations

import re
from pathlib import Path

from .site import content, iter_pages, prose_strings

# TeX that escaped pymdownx.arithmatex: a dollar sign, MathJax delimiters, or TeX commands/groups.
LEFTOVER = re.compile(r"\$|\\[()\[\]]|\\[A-Za-z]{2,}|[\^_]\{")
ENVIRONMENT = re.compile(r"\\(begin|end)\{([^}]*)\}")


def _balanced(tex: str) -> str | None:
    depth = 0
    for i, ch in enumerate(tex):
        if ch == "{" and (i == 0 or tex[i - 1] != "\\"):
            depth += 1
        elif ch == "}" and (i == 0 or tex[i - 1] != "\\"):
            depth -= 1
            if depth < 0:
                return "a closing brace has no opening brace"
    if depth:
        return f"{depth} unclosed brace(s)"
    if len(re.findall(r"\\left\b", tex)) != len(re.findall(r"\\right\b", tex)):
        return "\\left and \\right do not pair up"
    stack = []
    for kind, name in ENVIRONMENT.findall(tex):
        if kind == "begin":
            stack.append(name)
        elif not stack or stack.pop() != name:
            return f"\\end{{{name}}} without its \\begin"
    if stack:
        return f"\\begin{{{stack[-1]}}} without its \\end"
    return None


def check_formula(tex: str, display: bool) -> str | None:
    r"""Check one formula as pymdownx.arithmatex (generic mode) writes it.

    Parameters
    ----------
    tex : str
        The element's text, delimiters included.
    display : bool
        ``True`` for a ``div.arithmatex`` (``\[ … \]``), ``False`` for a span (``\( … \)``).

    Returns
    -------
    str or None
        What is wrong, or ``None`` if the delimiters and braces are sound.
    """
    tex = tex.strip()
    start, end = (r"\[", r"\]") if display else (r"\(", r"\)")
    if not (tex.startswith(start) and tex.endswith(end)):
        return f"not wrapped in {start} … {end}"
    body = tex[2:-2]
    if start in body or end in body:
        return "nested or repeated delimiters"
    return _balanced(body)


def check_math(site_dir: Path) -> list[str]:
    """Find TeX left unrendered in prose and malformed formulas, on every page.

    Returns
    -------
    list of str
        ``page: problem: "context"``.
    """
    problems: list[str] = []
    for rel, doc in iter_pages(site_dir):
        article = content(doc)
        if article is None:
            continue
        for text in prose_strings(article):
            m = LEFTOVER.search(text)
            if m:  # one report per text node: "$x^2$" is one defect, not two
                context = " ".join(text[max(0, m.start() - 30): m.end() + 30].split())
                problems.append(f"{rel}: TeX outside a formula {m.group()!r}: \"{context}\"")
        for el in article.select(".arithmatex"):
            error = check_formula(el.get_text(), display=el.name == "div")
            if error:
                problems.append(f"{rel}: formula {el.get_text()[:60]!r}: {error}")
    return problems
