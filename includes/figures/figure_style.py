"""Shared set-up for the site's figures: one look, and SVG files that are identical on every run.

Every script in ``includes/figures/NN-section/`` builds one Matplotlib figure and calls
:func:`save`. ``make figures`` runs them all and writes ``docs/assets/figures/NN-section/NAME.svg``;
``tests/test_figures.py`` runs them again and fails if a committed SVG differs from what its script
draws now.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt  # noqa: E402

#: Colours that keep their contrast on the white figure background in both site palettes.
COLORS = ["#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0f766e", "#a16207", "#374151"]

plt.rcParams.update({
    "svg.hashsalt": "ml-dl-guide",      # fixed ids inside the SVG
    "svg.fonttype": "path",             # glyphs as paths: no font is fetched or needed
    "font.family": "DejaVu Sans",       # ships with Matplotlib
    "font.size": 10,
    "axes.prop_cycle": matplotlib.cycler(color=COLORS),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "white",        # readable in the dark palette too
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "lines.linewidth": 1.8,
})


def save(fig: plt.Figure, default_name: str) -> Path:
    """Write ``fig`` as a deterministic SVG file and close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The finished figure.
    default_name : str
        File name used when the script is run without arguments (for a quick look); the
        figure lands in the current directory.

    Returns
    -------
    pathlib.Path
        The written file: ``sys.argv[1]`` when given (``make figures`` passes
        ``docs/assets/figures/NN-section/NAME.svg``), otherwise ``default_name``.

    Notes
    -----
    The creation date is left out of the metadata and ``svg.hashsalt`` fixes the element ids, so
    two runs with the same Matplotlib version give byte-identical files.
    """
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(default_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="svg", bbox_inches="tight",
                metadata={"Date": None, "Creator": "ML & DL Guide (Matplotlib)"})
    plt.close(fig)
    return path
