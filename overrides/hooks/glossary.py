"""MkDocs hook: the Glossary page, generated from the abbreviation snippet.

``includes/abbreviations.md`` is the single source of the glossary. ``pymdownx.snippets`` appends
it to every page, where Python-Markdown's ``abbr`` extension turns each defined term into an
``<abbr title="…">`` that Material shows as a tooltip. Each entry is two lines::

    *[MSE]: Mean squared error: the average of the squared differences between ...
    [glossary:MSE]: 00-ml-fundamentals/index.md#loss-functions

A plural or other variant spelling gets its own definition (the tooltip needs it) and points at
its main term instead of a section: ``[glossary:LLMs]: =LLM``; the Glossary page lists it under
the main term.

The second line of an entry is a Markdown link reference definition: it renders as nothing on
the pages that include the snippet, and tells this hook which section explains the term (a path
relative to ``docs/``, with an optional anchor). The page ``reference/glossary.md`` holds the marker
``<!-- glossary-entries -->``; this hook replaces it with every entry, sorted and grouped by
initial, each linked to its section. The build fails on an entry without a section, a term
defined twice, or a section file that does not exist; MkDocs' strict link validation checks the
anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify
from mkdocs.exceptions import PluginError

SOURCE = Path("includes/abbreviations.md")
DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / SOURCE
PAGE = "reference/glossary.md"
MARKER = "<!-- glossary-entries -->"

_ABBR = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<definition>.*)$")
# `[glossary:TERM]: path.md#anchor`, `[glossary:TERMS]: =TERM` or `[glossary:X Y]: = "MAIN TERM"`:
# each must stay a valid Markdown link reference definition (one destination without spaces, an
# optional quoted title), or Python-Markdown prints the line on every page.
_LINK = re.compile(r'^\[glossary:(?P<term>[^\]]+)\]:[ \t]*'
                   r'(?:=[ \t]+"(?P<quoted>[^"]+)"|(?P<target>\S+))[ \t]*$')
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)


@dataclass(frozen=True)
class Entry:
    """One glossary term.

    Attributes
    ----------
    term : str
        The exact, case-sensitive form matched in prose (``"MSE"``, ``"learning rate"``).
    definition : str
        One or two plain-text sentences, shown as the tooltip.
    target : str
        ``path.md`` or ``path.md#anchor`` relative to ``docs/``: the section that explains it;
        for a variant spelling, ``=`` followed by the main term (written ``= "main term"`` in
        the source when it has spaces).
    """

    term: str
    definition: str
    target: str

    @property
    def variant_of(self) -> str | None:
        """The main term, if this entry is a variant spelling (``target`` starts with ``=``)."""
        return self.target[1:] if self.target.startswith("=") else None


def read_glossary(path: Path = DEFAULT_SOURCE) -> list[Entry]:
    """Parse the abbreviation snippet into glossary entries.

    Parameters
    ----------
    path : pathlib.Path
        The snippet file; lines other than ``*[term]: …`` and ``[glossary:term]: …`` are ignored.

    Returns
    -------
    list of Entry
        In file order.

    Raises
    ------
    ValueError
        If a term is defined twice, has no ``[glossary:term]`` line, or a ``[glossary:term]``
        line names a term that has no definition, or two ``[glossary:…]`` labels differ only in
        case.
    """
    definitions: dict[str, str] = {}
    targets: dict[str, str] = {}
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if m := _ABBR.match(line):
            term = m["term"]
            if term in definitions:
                problems.append(f"line {number}: {term!r} is defined twice")
            definitions[term] = m["definition"].strip()
        elif line.startswith("[glossary:") and not _LINK.match(line):
            problems.append(f"line {number}: not a link reference definition (a variant whose main"
                            f' term has spaces is written = "main term"): {line}')
        elif m := _LINK.match(line):
            # Markdown matches link labels case-insensitively: a second label that differs only
            # in case is not a reference definition, and the page would show it as text.
            clash = [t for t in targets if t.casefold() == m["term"].casefold()]
            if clash:
                problems.append(f"line {number}: [glossary:{m['term']}] and [glossary:{clash[0]}]"
                                " differ only in case; Markdown treats them as one label")
            targets[m["term"]] = f'={m["quoted"]}' if m["quoted"] else m["target"]
    for term in definitions.keys() - targets.keys():
        problems.append(f"{term!r} has no [glossary:{term}] line naming the section to read")
    for term in targets.keys() - definitions.keys():
        problems.append(f"[glossary:{term}] names a term without a *[{term}] definition")
    for term, target in targets.items():
        main = target[1:]
        if target.startswith("=") and (main not in definitions or targets.get(main, "=")[0] == "="):
            problems.append(f"[glossary:{term}] is a variant of {main!r}, which is not a main term")
    if problems:
        raise ValueError(f"{path}: " + "; ".join(sorted(problems)))
    return [Entry(term, definition, targets[term]) for term, definition in definitions.items()]


def _front_matter_title(text: str) -> str | None:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            meta = yaml.safe_load(text[4:end]) or {}
            return meta.get("title")
    return None


def section_label(docs_dir: Path, target: str) -> str:
    """Name the section a glossary entry links to, as "Page title › Heading".

    Parameters
    ----------
    docs_dir : pathlib.Path
        The MkDocs ``docs_dir``.
    target : str
        ``path.md`` or ``path.md#anchor``, relative to ``docs_dir``.

    Returns
    -------
    str
        The page's front-matter title (or its first H1), followed by the heading whose toc slug
        equals the anchor, when there is one.

    Raises
    ------
    mkdocs.exceptions.PluginError
        If the target file does not exist.
    """
    path, _, anchor = target.partition("#")
    file = docs_dir / path
    if not file.is_file():
        raise PluginError(f"{SOURCE}: glossary target {target!r}: no file docs/{path}")
    text = file.read_text(encoding="utf-8")
    headings = [(len(h), title) for h, title in _HEADING.findall(text)]
    title = _front_matter_title(text) or next((t for n, t in headings if n == 1), path)
    if anchor:
        for _, heading in headings:
            if slugify(heading, "-") == anchor:
                return f"{title} › {heading}"
    return title


def render(entries: list[Entry], docs_dir: Path) -> str:
    """Render glossary entries as Markdown definition lists grouped by initial.

    Parameters
    ----------
    entries : list of Entry
        Parsed by :func:`read_glossary`.
    docs_dir : pathlib.Path
        Used to name each entry's section.

    Returns
    -------
    str
        Markdown for the Glossary page, links relative to ``reference/``.
    """
    variants: dict[str, list[str]] = {}
    for entry in entries:
        if entry.variant_of:
            variants.setdefault(entry.variant_of, []).append(entry.term)
    out: list[str] = []
    initial = None
    for entry in sorted(entries, key=lambda e: e.term.casefold()):
        if entry.variant_of:
            continue
        # Terms that start with a digit or a symbol go under "0–9" (a heading "#" would be read
        # as an empty heading with a closing hash).
        first = entry.term[0].upper() if entry.term[0].isalpha() else "0–9"
        if first != initial:
            initial = first
            out.append(f"\n## {first}\n")
        label = section_label(docs_dir, entry.target)
        also = f" (also {', '.join(variants[entry.term])})" if entry.term in variants else ""
        out.append(f"{entry.term}{also}\n:   {entry.definition} [{label}](../{entry.target})\n")
    return "\n".join(out)


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Fill the Glossary page's marker with the generated entries."""
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"{PAGE} must contain the marker {MARKER}")
    try:
        entries = read_glossary(Path(config["config_file_path"]).parent / SOURCE)
    except ValueError as error:
        raise PluginError(str(error)) from error
    return markdown.replace(MARKER, render(entries, Path(config["docs_dir"])))
