"""The minimal archive builds and its article page carries the claim marks."""

from conftest import parse_html, run_briefgen


def test_minimal_archive_builds(minimal_archive):
    result = run_briefgen("build", root=minimal_archive)
    assert result.code == 0, result.err
    page = parse_html(minimal_archive / "site/articles/talks/index.html")
    mark = page.find(id="claim-no-breakthrough")
    assert mark.name == "mark"
    assert "kind-fact" in mark["class"] and "status-verified" in mark["class"]
    assert mark.get_text() == "ended without any\nbreakthrough"
