"""Generated figures: each SVG is exactly what its script draws, and pages show it with alt text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from . import DOCS, ROOT

FIGURE_SOURCES = ROOT / "includes" / "figures"
FIGURES = DOCS / "assets" / "figures"
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")


def figure_scripts() -> list[Path]:
    """The figure scripts, ``includes/figures/NN-section/NAME.py``."""
    return sorted(FIGURE_SOURCES.glob("*/*.py"))


def svg_for(script: Path, figures_dir: Path = FIGURES) -> Path:
    """Where ``make figures`` writes the SVG drawn by ``script``."""
    return figures_dir / script.parent.name / f"{script.stem}.svg"


def check_figure(script: Path, committed: Path, workdir: Path, timeout: float = 120) -> list[str]:
    """Draw a figure again and compare it byte for byte with the committed SVG.

    Parameters
    ----------
    script : pathlib.Path
        A figure script; it takes the output path as its only argument.
    committed : pathlib.Path
        The SVG file the pages show.
    workdir : pathlib.Path
        An empty directory for the fresh drawing.
    timeout : float
        Seconds before the run counts as a failure.

    Returns
    -------
    list of str
        Empty when the script runs and draws exactly the committed file.
    """
    name = f"{script.parent.name}/{script.name}"
    if not committed.is_file():
        return [f"{name}: no committed {committed.name}; run `make figures`"]
    fresh = workdir / committed.name
    env = {**os.environ, "PYTHONPATH": str(script.parents[1])}
    try:
        run = subprocess.run([sys.executable, str(script), str(fresh)], capture_output=True,
                             text=True, timeout=timeout, env=env, cwd=workdir)
    except subprocess.TimeoutExpired:
        return [f"{name}: did not finish in {timeout:g} s"]
    if run.returncode != 0:
        tail = "\n".join(run.stderr.strip().splitlines()[-6:])
        return [f"{name}: exited with {run.returncode}:\n{tail}"]
    if fresh.read_bytes() != committed.read_bytes():
        return [f"{name}: draws something other than {committed.relative_to(committed.parents[2])};"
                " run `make figures` and look at the result"]
    return []


def check_figures_shown(pages: dict[str, str], figures: list[Path],
                        figures_dir: Path = FIGURES) -> list[str]:
    """Every figure appears on some page, with alt text wherever it appears.

    Parameters
    ----------
    pages : dict of str to str
        Markdown sources keyed by their path relative to ``docs/``.
    figures : list of pathlib.Path
        The SVG files under ``figures_dir``.
    figures_dir : pathlib.Path
        ``docs/assets/figures`` (a fixture directory in the checker's own test).

    Returns
    -------
    list of str
        Figures no page shows, and images whose alt text is empty.
    """
    problems, shown = [], set()
    for page, text in pages.items():
        for match in IMAGE.finditer(text):
            src = match["src"]
            if not match["alt"].strip():
                problems.append(f"{page}: image {src} has no alt text")
            target = (Path(page).parent / src).as_posix()
            shown.add(os.path.normpath(target))
    for svg in figures:
        key = os.path.normpath(Path("assets/figures") / svg.relative_to(figures_dir))
        if key not in shown:
            problems.append(f"{svg.name}: no page shows it")
    return problems
