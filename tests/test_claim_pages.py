"""A page per claim at /claims/<article-slug>/<claim-id>/ (DESIGN §5): what it shows,
what links to it, the sitemap, JSON-LD, and links with and without a base_url."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINIMAL, parse_html, run_briefgen, write_archive
from test_pages import ARCHIVE, follow, lands, page_path


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("claim-pages") / "archive", ARCHIVE)
    result = run_briefgen("build", "--strict", root=root)
    assert result.code == 0, result.err
    return root / "site"


def details(page) -> dict[str, str]:
    dl = page.select_one("dl.claim-details")
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in dl.find_all("dt")
    }


def test_every_claim_has_a_page(site):
    for slug, claim_id in [
        ("talks", "no-breakthrough"),
        ("talks", "no-compromise"),
        ("earlier", "witkoff-hopeful"),
        ("earlier", "kremlin-silent"),
        ("old", "forecast-one"),
    ]:
        assert page_path(site, f"/claims/{slug}/{claim_id}/").is_file(), (slug, claim_id)


def test_claim_page_shows_the_quote_in_its_paragraph_and_what_the_claim_is(site):
    path = page_path(site, "/claims/earlier/witkoff-hopeful/")
    page = parse_html(path)
    assert page.find("h1").get_text() == "“a deal is close”"
    assert page.title.get_text().startswith("Claim: a deal is close")
    context = page.select_one("blockquote.claim-context")
    assert (
        context.get_text()
        == "Steve Witkoff flew in and said a deal is close. The Kremlin did not comment."
    )
    mark = context.find("mark")
    assert mark.get_text() == "a deal is close"
    assert "kind-statement" in mark["class"] and "status-unverified" in mark["class"]
    assert details(page) == {
        "Kind": "Statement",
        "Status": "Unverified",
        "Said by": "Steve Witkoff",
        "About": "Kremlin",
        "Tags": "Negotiations Optimism",
    }
    dl = page.select_one("dl.claim-details")
    assert follow(path, dl.find("a", string="Steve Witkoff")["href"])[0] == page_path(
        site, "/entities/steve-witkoff/"
    )
    assert follow(path, dl.find("a", string="Optimism")["href"])[0] == page_path(
        site, "/tags/optimism/"
    )
    # No relations yet: no empty "Related claims" section.
    assert "Related claims" not in page.get_text()


def test_claim_page_links_to_its_place_in_the_article(site):
    path = page_path(site, "/claims/earlier/witkoff-hopeful/")
    place = parse_html(path).find("a", string="See it in the briefing")
    file = lands(path, place["href"])
    assert follow(path, place["href"]) == (
        page_path(site, "/articles/earlier/"),
        "claim-witkoff-hopeful",
    )
    assert file == page_path(site, "/articles/earlier/")


def test_claim_page_lists_each_source_with_its_locator(site):
    path = page_path(site, "/claims/talks/no-compromise/")
    page = parse_html(path)
    (item,) = page.select("ol.claim-sources > li")
    link = item.find("a")
    assert link.get_text() == "Kremlin readout of the meeting"
    assert follow(path, link["href"])[0] == page_path(site, "/sources/kremlin-readout/")
    assert item.select_one(".locator").get_text() == "at para. 2"
    assert "Kremlin" in item.get_text()  # the publisher
    # A claim without sources says so.
    bare = parse_html(page_path(site, "/claims/old/forecast-one/"))
    assert "No source is cited for this claim." in bare.get_text()
    assert details(bare)["Kind"] == "Forecast" and details(bare)["Status"] == "False"


def test_lists_of_claims_link_each_claim_to_its_page(site):
    """Tag, entity, source and /claims/ pages: the quote leads to the claim's page."""
    claim_page = page_path(site, "/claims/talks/no-compromise/")
    for listing in [
        "/tags/negotiations/",
        "/entities/vladimir-putin/",
        "/sources/kremlin-readout/",
        "/claims/",
    ]:
        path = page_path(site, listing)
        targets = [follow(path, a["href"]) for a in parse_html(path).select(".claim-quote a")]
        assert (claim_page, "") in targets, listing


def test_sitemap_lists_claim_pages(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "claims/earlier/witkoff-hopeful/" in sitemap
    assert "claims/old/forecast-one/" in sitemap


def test_with_a_base_url_claim_pages_are_rooted_and_the_review_points_to_them(tmp_path):
    files = dict(MINIMAL)
    files["briefgen.yaml"] = "title: Test\nbase_url: https://u.github.io/repo/\n"
    root = write_archive(tmp_path / "archive", files)
    assert run_briefgen("build", root=root).code == 0
    site = root / "site"
    path = page_path(site, "/claims/talks/no-compromise/")
    page = parse_html(path)
    hrefs = [a["href"] for a in page.select("main a")]
    assert "/repo/articles/talks/#claim-no-compromise" in hrefs
    assert "/repo/sources/kremlin-readout/" in hrefs
    assert all(h.startswith("/repo/") for h in hrefs), hrefs
    canonical = page.find("link", rel="canonical")["href"]
    assert canonical == "https://u.github.io/repo/claims/talks/no-compromise/"
    # The statement's ClaimReview, on its own page and in the article, is this page.
    (own,) = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert own["@type"] == "ClaimReview" and own["url"] == canonical
    article = parse_html(page_path(site, "/articles/talks/"))
    graph = json.loads(article.find("script", type="application/ld+json").string)["@graph"]
    reviews = [node for node in graph if node["@type"] == "ClaimReview"]
    assert [r["url"] for r in reviews] == [canonical]
    assert f"<loc>{canonical}</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_claim_page_escapes_the_paragraph(tmp_path):
    files = dict(MINIMAL)
    files["content/articles/2025-12-02-talks.md"] = """
        ---
        title: Talks
        date: 2025-12-02
        claims:
          - id: tag-in-text
            quote: "said <b>no</b>"
            kind: fact
        ---
        Before, he said <b>no</b> &amp; left.
    """
    root = write_archive(tmp_path / "archive", files)
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    page = parse_html(page_path(root / "site", "/claims/talks/tag-in-text/"))
    context = page.select_one("blockquote.claim-context")
    assert context.find("b") is None
    assert context.find("mark").get_text() == "said <b>no</b>"
