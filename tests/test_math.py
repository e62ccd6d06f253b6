"""Math: no TeX escapes the formula renderer, and every formula is well formed."""

from checks.math import check_formula, check_math

PAGE = '<article class="md-content__inner">{}</article>'


def test_site_has_no_unrendered_or_malformed_math(site_dir):
    problems = check_math(site_dir)
    assert not problems, "\n".join(problems)


def test_checker_reports_raw_dollar_math_in_prose(tmp_path):
    (tmp_path / "index.html").write_text(PAGE.format(
        '<p>fine: <span class="arithmatex">\\(x^{2}\\)</span> and <code>$HOME</code></p>'
        "<p>broken: the loss $x^2$ grows</p>"))
    problems = check_math(tmp_path)
    assert len(problems) == 1 and "'$'" in problems[0], problems


def test_checker_reports_tex_commands_left_in_prose(tmp_path):
    (tmp_path / "index.html").write_text(PAGE.format("<p>the ratio \\frac{a}{b} is</p>"))
    problems = check_math(tmp_path)
    assert any("\\frac" in p for p in problems), problems


def test_checker_reports_unbalanced_formula(tmp_path):
    (tmp_path / "index.html").write_text(PAGE.format(
        '<div class="arithmatex">\\[\\frac{a}{b\\]</div>'))
    problems = check_math(tmp_path)
    assert len(problems) == 1 and "unclosed brace" in problems[0], problems


def test_formula_check_accepts_sound_and_rejects_broken_delimiters():
    assert check_formula(r"\(\left(\frac{a}{b}\right)\)", display=False) is None
    assert check_formula(r"\[\begin{aligned} a &= b \end{aligned}\]", display=True) is None
    assert "wrapped" in check_formula(r"\(x", display=False)
    assert "pair" in check_formula(r"\(\left( x\)", display=False)
    assert "begin" in check_formula(r"\[\begin{cases} x \]", display=True)
