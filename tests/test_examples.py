"""Examples: every script runs, its assertions hold, and its output is what the article shows."""

import re

import pytest
from checks import DOCS, ROOT
from checks.examples import check_example

EXAMPLES = sorted((ROOT / "includes" / "examples").rglob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_example_runs_and_prints_its_recorded_output(script):
    problems = check_example(script)
    assert not problems, "\n".join(problems)


def test_every_example_is_included_by_an_article():
    included = set()
    for page in DOCS.rglob("*.md"):
        included.update(re.findall(r'--8<-- "(examples/[^":]+\.py)', page.read_text()))
    unused = [p.relative_to(ROOT / "includes").as_posix() for p in EXAMPLES]
    unused = [p for p in unused if p not in included]
    assert EXAMPLES and not unused, f"example scripts no page includes: {unused}"


def test_checker_reports_failed_assertion_and_changed_output(tmp_path):
    failing = tmp_path / "failing.py"
    failing.write_text("print('1.0')\nassert 1 + 1 == 3, 'arithmetic'\n")
    (tmp_path / "failing.out").write_text("1.0\n")
    problems = check_example(failing)
    assert len(problems) == 1 and "AssertionError: arithmetic" in problems[0], problems

    drifted = tmp_path / "drifted.py"
    drifted.write_text("print('loss 0.25')\n")
    (tmp_path / "drifted.out").write_text("loss 0.24\n")
    problems = check_example(drifted)
    assert len(problems) == 1 and "line 1" in problems[0], problems
