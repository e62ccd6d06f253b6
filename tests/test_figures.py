"""Figures: generated from code in the repository, current, and shown with alt text."""

import pytest
from checks import DOCS
from checks.figures import FIGURES, check_figure, check_figures_shown, figure_scripts, svg_for

SCRIPTS = figure_scripts()


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_figure_is_what_its_script_draws(script, tmp_path):
    problems = check_figure(script, svg_for(script), tmp_path)
    assert not problems, "\n".join(problems)


def test_every_figure_has_a_script_and_a_page():
    svgs = sorted(FIGURES.rglob("*.svg"))
    orphans = [s.name for s in svgs if s not in {svg_for(p) for p in SCRIPTS}]
    pages = {p.relative_to(DOCS).as_posix(): p.read_text() for p in DOCS.rglob("*.md")}
    problems = check_figures_shown(pages, svgs) + [f"{o}: no script draws it" for o in orphans]
    assert svgs and not problems, "\n".join(problems)


def test_checker_reports_stale_figure_and_missing_alt(tmp_path):
    script = tmp_path / "src" / "01-x" / "line.py"
    script.parent.mkdir(parents=True)
    script.write_text("import sys\nopen(sys.argv[1], 'w').write('<svg>new</svg>')\n")
    committed = tmp_path / "figs" / "01-x" / "line.svg"
    committed.parent.mkdir(parents=True)
    committed.write_text("<svg>old</svg>")
    work = tmp_path / "work"
    work.mkdir()
    problems = check_figure(script, committed, work)
    assert len(problems) == 1 and "draws something other" in problems[0], problems

    pages = {"01-x/index.md": "![](../assets/figures/01-x/line.svg)\n"}
    problems = check_figures_shown(pages, [committed], tmp_path / "figs")
    assert problems == ["01-x/index.md: image ../assets/figures/01-x/line.svg has no alt text"]
    problems = check_figures_shown({"01-x/index.md": "no image"}, [committed], tmp_path / "figs")
    assert problems == ["line.svg: no page shows it"]
