"""Structure: nav pages built, articles complete, interview questions unique across the site."""

import pytest
from checks import DOCS, article_sources
from checks.structure import (
    check_article,
    check_blocks_rendered,
    check_nav_built,
    check_unique_questions,
)

ARTICLES = article_sources()


def test_every_nav_page_is_built(site_dir, mkdocs_config):
    problems = check_nav_built(site_dir, mkdocs_config["nav"])
    assert not problems, "\n".join(problems)


def test_every_article_is_in_the_nav(mkdocs_config):
    from checks.structure import nav_pages

    in_nav = set(nav_pages(mkdocs_config["nav"]))
    missing = [p.relative_to(DOCS).as_posix() for p in ARTICLES]
    assert ARTICLES and not [p for p in missing if p not in in_nav]


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_article_meets_the_standard(article):
    problems = check_article(article.relative_to(DOCS).as_posix(), article.read_text())
    assert not problems, "\n".join(problems)


def test_checker_reports_missing_parts():
    text = ('---\ntitle: T\ndescription: D.\ntags: [x]\nlevel: expert\n---\n\n# Title\n\n'
            "Some words.\n\n## Worked example\n\n## Key takeaways\n")
    problems = "\n".join(check_article("00-x/01-y.md", text))
    for expected in ("lacks 'prerequisites'", "level 'expert'", "has an H1", "You will learn",
                     "'## References'", "'## Interview questions'", "fewer than 2000",
                     "Mermaid diagram(s), fewer than 2", "interview question(s), fewer than 4",
                     "no tested example script"):
        assert expected in problems, expected


def test_checker_reports_diagram_without_accessible_title():
    text = "---\n---\n```mermaid\nflowchart LR\n  A --> B\n```\n"
    assert "without accTitle" in "\n".join(check_article("00-x/index.md", text))


def test_checker_reports_nav_page_not_built(tmp_path):
    (tmp_path / "index.html").write_text("")
    problems = check_nav_built(tmp_path, [{"Home": "index.md"}, {"S": ["00-s/index.md"]}])
    assert problems == ["nav page 00-s/index.md was not built (00-s/index.html)"]


def test_every_admonition_and_question_is_rendered(site_dir):
    problems = check_blocks_rendered(site_dir)
    assert not problems, "\n".join(problems)


def test_checker_reports_question_shown_as_text(tmp_path):
    (tmp_path / "index.html").write_text(
        '<article class="md-content__inner"><p>??? question "Why does Adam need</p>'
        "<p>bias correction?\"</p><details class=\"question\"><summary>Fine</summary></details>"
        "</article>")
    assert check_blocks_rendered(tmp_path) == ['index.html: shows "??? question "Why does Adam need"']


def test_no_interview_question_repeats_another():
    sources = {p.relative_to(DOCS).as_posix(): p.read_text() for p in DOCS.rglob("*.md")}
    problems = check_unique_questions(sources)
    assert not problems, "\n".join(problems)


def test_checker_reports_repeated_question():
    sources = {"a.md": '??? question "Why does Adam need bias correction?"\n',
               "b.md": '??? question "[Medium] Why does Adam need a bias correction?"\n'
                       '??? question "What is dropout?"\n'}
    problems = check_unique_questions(sources)
    assert len(problems) == 1 and problems[0].startswith('a.md: "Why does Adam need'), problems
