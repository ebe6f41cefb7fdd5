"""`briefgen build --offline`: a site read from disk or from a zip, where every
link must name an existing file (no server turns a folder into its index.html)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO, parse_html, run_briefgen, write_archive

BASE = "https://example.org/briefing/"


def check_links_resolve_on_disk(site: Path) -> int:
    """Every href/src of every page names an existing file (and, for a fragment, an
    element with that id). Returns the number of links checked."""
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = {tag["id"] for tag in parse_html(path).find_all(id=True)}
        return ids[path]

    checked = 0
    problems = []
    for page in sorted(site.rglob("*.html")):
        soup = parse_html(page)
        for tag in soup.find_all(["a", "link", "img", "script", "source", "iframe"]):
            for attr in ("href", "src"):
                value = tag.get(attr)
                if value is None:
                    continue
                parts = urlsplit(value)
                if parts.scheme in ("http", "https", "mailto"):
                    continue  # canonical, feeds, Wikidata and sources: not files of the site
                checked += 1
                if parts.scheme or parts.netloc or parts.path.startswith("/"):
                    problems.append(f"{page.relative_to(site)}: {value} is not relative")
                    continue
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                if not target.is_file():
                    problems.append(f"{page.relative_to(site)}: {value} -> no such file")
                elif parts.fragment and target.suffix == ".html":
                    if unquote(parts.fragment) not in ids_of(target):
                        problems.append(f"{page.relative_to(site)}: {value} -> no such id")
    assert problems == []
    return checked


@pytest.mark.parametrize(
    "args", [["--offline"], ["--offline", "--base-url", BASE]], ids=["offline", "with-base-url"]
)
def test_offline_demo_links_are_files_on_disk(tmp_path, args):
    site = tmp_path / "site"
    result = run_briefgen("build", "--out", str(site), *args, root=REPO)
    assert result.code == 0, result.err
    assert check_links_resolve_on_disk(site) > 500
    home = parse_html(site / "index.html")
    assert home.find("a", class_="site-title")["href"] == "index.html"
    article = next((site / "articles").iterdir()) / "index.html"
    assert parse_html(article).find("link", rel="stylesheet")["href"] == "../../assets/style.css"
    if "--base-url" in args:
        # Still published somewhere: canonical links and feeds keep the real address.
        slug = article.parent.name
        canonical = parse_html(article).find("link", rel="canonical")["href"]
        assert canonical == f"{BASE}articles/{slug}/"
        assert (site / "feed.xml").is_file()


def test_offline_setting_in_briefgen_yaml(tmp_path, minimal_archive):
    write_archive(
        minimal_archive,
        {"briefgen.yaml": f"title: Test\nbase_url: {BASE}\noffline: true\n"},
    )
    result = run_briefgen("build", root=minimal_archive)
    assert result.code == 0, result.err
    site = minimal_archive / "site"
    check_links_resolve_on_disk(site)
    entity = parse_html(site / "entities/vladimir-putin/index.html")
    hrefs = {a.get_text(): a["href"] for a in entity.find_all("a")}
    assert hrefs["Talks in Moscow"] == "../../articles/talks/index.html"


def test_base_url_without_offline_gives_rooted_pretty_links(minimal_archive):
    result = run_briefgen("build", "--base-url", BASE, root=minimal_archive)
    assert result.code == 0, result.err
    entity = parse_html(minimal_archive / "site/entities/vladimir-putin/index.html")
    hrefs = {a.get_text(): a["href"] for a in entity.find_all("a")}
    assert hrefs["Talks in Moscow"] == "/briefing/articles/talks/"
