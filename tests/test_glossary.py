"""Glossary: one source, a page in sync with it, every term used, every acronym defined."""

import re

import pytest
from checks import DOCS, ROOT, article_sources
from checks.glossary import (
    GLOSSARY_PAGE,
    check_acronyms_defined,
    check_page_in_sync,
    check_source_hidden,
    check_terms_used,
    check_tooltips_shown,
    glossary_hook,
    read_glossary,
)
from checks.structure import built_path

SOURCE = ROOT / "includes" / "abbreviations.md"
PAGE = '<article class="md-content__inner">{}</article>'


@pytest.fixture(scope="module")
def entries():
    return read_glossary(SOURCE)


def test_glossary_has_at_least_70_terms(entries):
    main_terms = [e for e in entries if not e.variant_of]
    assert len(main_terms) >= 70, f"{len(main_terms)} terms"


def test_definitions_are_one_or_two_plain_sentences(entries):
    for e in entries:
        assert e.definition.endswith("."), f"{e.term}: definition should end with a full stop"
        assert not any(c in e.definition for c in "$`*[]<>"), f"{e.term}: plain text only"
        sentences = len(re.findall(r"[.!?](?:\s|$)", e.definition))
        assert sentences <= 2, f"{e.term}: keep it to one or two sentences, not {sentences}"


def test_glossary_page_matches_source(site_dir, entries):
    problems = check_page_in_sync(site_dir, entries)
    assert not problems, "\n".join(problems)


def test_every_term_is_used_on_some_page(site_dir, entries):
    problems = check_terms_used(site_dir, entries)
    assert not problems, "\n".join(problems)


def test_every_acronym_in_prose_has_a_definition(site_dir):
    problems = check_acronyms_defined(site_dir)
    assert not problems, "\n".join(problems)


def test_no_page_shows_glossary_source_lines(site_dir):
    problems = check_source_hidden(site_dir)
    assert not problems, "\n".join(problems[:20])


def test_checker_reports_glossary_source_shown_as_text(tmp_path):
    (tmp_path / "index.html").write_text(PAGE.format(
        "<p>Fine.</p><p>[glossary:batch norm]: =batch normalization</p>"))
    assert check_source_hidden(tmp_path) == [
        'index.html: shows "[glossary:batch norm]: =batch normalization"']


def test_every_article_shows_tooltips(site_dir):
    pages = [built_path(p.relative_to(DOCS).as_posix()) for p in article_sources()]
    assert pages, "no articles found"
    problems = check_tooltips_shown(site_dir, pages)
    assert not problems, "\n".join(problems)


def test_checker_reports_acronym_without_definition(tmp_path):
    (tmp_path / "index.html").write_text(PAGE.format(
        '<p>The <abbr title="Mean squared error">MSE</abbr> is fine; the MAE is not.</p>'
        "<pre><code>SGD in code is fine</code></pre>"
        '<h2 id="references">References</h2><ol><li>MacQueen (1967).</li></ol>'))
    problems = check_acronyms_defined(tmp_path)
    assert len(problems) == 1 and "'MAE'" in problems[0], problems


def test_checker_reports_page_out_of_sync_and_unused_term(tmp_path):
    page = tmp_path / GLOSSARY_PAGE
    page.parent.mkdir(parents=True)
    page.write_text(PAGE.format('<dl><dt>MSE</dt><dd>Mean squared error. <a href="x">x</a></dd>'
                                "<dt>XYZ</dt><dd>Not in the source.</dd></dl>"))
    (tmp_path / "index.html").write_text(PAGE.format("<p>nothing defined here</p>"))
    entries = [glossary_hook.Entry("MSE", "Mean squared error.", "a.md"),
               glossary_hook.Entry("MAE", "Mean absolute error.", "a.md")]
    problems = check_page_in_sync(tmp_path, entries)
    assert any("lacks 'MAE'" in p for p in problems), problems
    assert any("'XYZ'" in p and "not in the source" in p for p in problems), problems
    assert any("'XYZ' has no link" in p for p in problems), problems
    unused = check_terms_used(tmp_path, entries)
    assert len(unused) == 2, unused


def test_checker_reports_article_without_tooltips(tmp_path):
    (tmp_path / "index.html").write_text(PAGE.format("<p>No terms.</p>"))
    assert check_tooltips_shown(tmp_path, ["index.html"])


def test_source_parser_rejects_missing_section_duplicates_and_bad_variants(tmp_path):
    source = tmp_path / "abbreviations.md"
    source.write_text("*[MSE]: Mean squared error.\n*[MSE]: Again.\n*[MAE]: Mean absolute error.\n"
                      "[glossary:MSE]: a.md\n*[MSEs]: Plural.\n[glossary:MSEs]: =RMSE\n")
    with pytest.raises(ValueError) as error:
        read_glossary(source)
    message = str(error.value)
    assert "'MSE' is defined twice" in message
    assert "'MAE' has no [glossary:MAE]" in message
    assert "variant of 'RMSE'" in message


def test_source_parser_rejects_labels_that_differ_only_in_case(tmp_path):
    source = tmp_path / "abbreviations.md"
    source.write_text("*[dropout]: A regularizer.\n[glossary:dropout]: a.md\n"
                      "*[Dropout]: A regularizer.\n[glossary:Dropout]: =dropout\n")
    with pytest.raises(ValueError, match=r"\[glossary:Dropout\] and \[glossary:dropout\] differ only in case"):
        read_glossary(source)
