"""A claim's own page with forecasts, grades and lineage (issue 14 on the pages of
issue 13): likelihood and outcome, each citation's grade, related claims both ways,
and the search facets for source grade and likelihood."""

from __future__ import annotations

from pathlib import Path

import pytest
from analysis_fixture import ANALYSIS
from conftest import parse_html, run_briefgen, write_archive
from test_claim_pages import details
from test_pages import follow, page_path
from test_search import facets


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("claim-analysis") / "archive", ANALYSIS)
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    return root / "site"


def claim_page(site: Path, slug: str, claim_id: str):
    path = page_path(site, f"/claims/{slug}/{claim_id}/")
    return path, parse_html(path)


def filters(page) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for span in page.select("[data-pagefind-filter]"):
        found.setdefault(span["data-pagefind-filter"], []).append(span.get_text())
    return found


def related(page) -> list[tuple[str, str, str]]:
    """(relation, quote, href) of each related claim."""
    return [
        (li.select_one(".relation").get_text(), li.a.get_text(), li.a["href"])
        for li in page.select("ul.related-claims > li")
    ]


def test_a_resolved_forecast_shows_its_likelihood_and_outcome(site):
    _, page = claim_page(site, "january-outlook", "jan-talks")
    badges = [b.get_text(strip=True) for b in page.select("header .claim-meta .badge")]
    assert badges == ["Forecast", "Unverified", "likely (55–80%)", "Occurred"]
    shown = details(page)
    assert shown["Likelihood"] == "likely (55–80%)"
    assert shown["Resolve by"] == "1 March 2025"
    assert shown["Outcome"] == "Occurred (resolved 20 February 2025 ): They resumed in Geneva."


def test_a_probability_shows_its_band_and_the_outcome_cites_its_sources(site):
    _, page = claim_page(site, "january-outlook", "jan-ceasefire")
    shown = details(page)
    assert shown["Likelihood"] == "90% (very likely)"
    assert shown["Outcome"].startswith("Did not occur (resolved 15 March 2025 )")
    outcome = page.select_one("dd.claim-outcome")
    assert [a.get_text() for a in outcome.find_all("a")] == ["Ministry statement"]
    assert outcome.select_one(".grade").get_text() == "D"


def test_an_open_forecast_has_no_outcome_and_a_fact_no_likelihood(site):
    _, page = claim_page(site, "january-outlook", "jan-aid")
    shown = details(page)
    assert shown["Likelihood"] == "very likely (80–95%)"
    assert shown["Resolve by"] == "1 June 2026"
    assert "Outcome" not in shown
    assert page.select(".badge.outcome") == []
    _, fact = claim_page(site, "january-outlook", "jan-count")
    assert "Likelihood" not in details(fact) and "Outcome" not in details(fact)


def test_each_citation_shows_its_grade_with_its_label(site):
    _, page = claim_page(site, "january-outlook", "jan-mood")
    (item,) = page.select("ol.claim-sources > li")
    assert item.a.get_text() == "Ministry statement"
    assert (
        item.select_one(".grade").get_text()
        == "graded D4 (source D: not usually reliable; information 4: doubtful)"
    )
    # A citation with no credibility: the source's reliability alone.
    _, count = claim_page(site, "february-outlook", "feb-count")
    (item,) = count.select("ol.claim-sources > li")
    assert item.select_one(".grade").get_text() == "graded D (source D: not usually reliable)"


def test_related_claims_are_listed_both_ways_and_link_to_each_other(site):
    path, page = claim_page(site, "february-outlook", "feb-talks")
    assert related(page) == [
        ("Supports", "“Talks will resume”", "../../january-outlook/jan-talks/index.html"),
        ("Repeats", "“The envoy will visit”", "../feb-visit/index.html"),
    ]
    target, _ = follow(path, related(page)[1][2])
    assert target == page_path(site, "/claims/february-outlook/feb-visit/")
    visit = parse_html(target)
    assert related(visit) == [("Repeated by", "“talks have resumed”", "../feb-talks/index.html")]
    _, talks = claim_page(site, "january-outlook", "jan-talks")
    assert related(talks) == [
        ("Supported by", "“talks have resumed”", "../../february-outlook/feb-talks/index.html")
    ]
    _, count = claim_page(site, "january-outlook", "jan-count")
    assert [r[0] for r in related(count)] == ["Corrected by"]
    # A claim with no relations has no such section.
    _, aid = claim_page(site, "january-outlook", "jan-aid")
    assert page.find(id="related-heading") is not None
    assert aid.find(id="related-heading") is None


def test_contested_pairs_link_to_the_claim_pages(site):
    page = parse_html(site / "claims/index.html")
    pair = page.select_one(".contested-pairs > li")
    quotes = [p.a for p in pair.find_all("p") if p.a]
    for a in quotes:
        target, _ = follow(site / "claims/index.html", a["href"])
        assert parse_html(target).find("h1").get_text() == a.get_text()


def test_claim_pages_carry_source_grade_and_likelihood_facets(site):
    _, talks = claim_page(site, "january-outlook", "jan-talks")
    found = filters(talks)
    assert found["grade"] == ["B: usually reliable"]
    assert found["likelihood"] == ["likely"]
    # A probability files under its band.
    _, ceasefire = claim_page(site, "january-outlook", "jan-ceasefire")
    assert filters(ceasefire)["likelihood"] == ["very likely"]
    assert "grade" not in filters(ceasefire)  # its resolution cites, the claim does not
    _, deal = claim_page(site, "february-outlook", "feb-deal")
    assert "likelihood" not in filters(deal) and "grade" not in filters(deal)
    wire = parse_html(page_path(site, "/sources/wire/"))
    assert filters(wire)["grade"] == ["B: usually reliable"]
    blog = parse_html(page_path(site, "/sources/blog/"))
    assert "grade" not in filters(blog)


def test_search_page_offers_grades_best_first_and_likelihoods_in_band_order(site):
    offered = facets(parse_html(page_path(site, "/search/")))
    assert offered["grade"] == ["B: usually reliable", "D: not usually reliable"]
    assert offered["likelihood"] == [
        "unlikely",
        "roughly even chance",
        "likely",
        "very likely",
        "almost certain",
    ]
