"""Links: every internal link and anchor resolves, and no page loads anything from another host."""

from urllib.parse import urlsplit

from checks.links import check_links


def test_site_has_no_broken_links_or_third_party_resources(site_dir, mkdocs_config):
    problems = check_links(site_dir, prefix=urlsplit(mkdocs_config["site_url"]).path)
    assert not problems, "\n".join(problems)


def test_checker_reports_broken_link_missing_anchor_and_cdn_script(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2>')
    (tmp_path / "index.html").write_text(
        '<a href="a/">fine</a> <a href="a/#here">fine</a> <a href="https://arxiv.org/abs/1">fine</a>'
        '<a href="missing/">broken</a> <a href="a/#nowhere">bad anchor</a>'
        '<script src="https://cdn.example.com/lib.js"></script>'
    )
    (tmp_path / "404.html").write_text('<a href="/prefix/a/">fine</a> <a href="/elsewhere/">broken</a>')
    problems = check_links(tmp_path, prefix="/prefix/")
    assert len(problems) == 4, problems
    assert "404.html" in problems[0] and "/elsewhere/" in problems[0]
    assert "missing/" in problems[1] and "no such file" in problems[1]
    assert "nowhere" in problems[2]
    assert "another host" in problems[3]
