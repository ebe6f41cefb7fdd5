"""Claim lineage across two articles and source grades, as a reader sees them in
the built pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from analysis_fixture import ANALYSIS
from conftest import REPO, parse_html, run_briefgen, write_archive

JAN_PAGE = "articles/january-outlook/index.html"
FEB_PAGE = "articles/february-outlook/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("lineage") / "archive", ANALYSIS)
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    return root / "site"


def card_rows(page, claim_id: str) -> list[tuple[str, str, str]]:
    """(key, text, href) of each relation row of a claim's card in the body."""
    tail = page.select_one(f"#claim-{claim_id}").find_next("span", class_="claim-tail")
    return [
        (
            row.select_one(".card-key").get_text(strip=True),
            row.select_one("a").get_text(strip=True),
            row.select_one("a")["href"],
        )
        for row in tail.select(".card-related")
    ]


def listed_relations(page, claim_id: str) -> list[tuple[str, str]]:
    """(text, href) of each relation under a claim in the article's claim list."""
    item = page.select_one(f'.claim-summary a[href="#claim-{claim_id}"]').find_parent("li")
    return [
        (li.get_text(" ", strip=True), li.select_one("a")["href"])
        for li in item.select(".related-claims li")
    ]


def test_a_relation_is_shown_on_both_claims(site):
    jan, feb = parse_html(site / JAN_PAGE), parse_html(site / FEB_PAGE)
    # February's claim says it corrects January's ...
    assert card_rows(feb, "feb-count") == [
        ("Corrects", "January outlook", "../january-outlook/index.html#claim-jan-count")
    ]
    # ... and January's claim shows the inverse.
    assert card_rows(jan, "jan-count") == [
        ("Corrected by", "February outlook", "../february-outlook/index.html#claim-feb-count")
    ]
    assert card_rows(jan, "jan-mood") == [
        ("Contradicted by", "February outlook", "../february-outlook/index.html#claim-feb-mood")
    ]
    assert card_rows(jan, "jan-talks") == [
        ("Supported by", "February outlook", "../february-outlook/index.html#claim-feb-talks")
    ]
    # Within one article: '#feb-visit'.
    assert card_rows(feb, "feb-talks") == [
        ("Supports", "January outlook", "../january-outlook/index.html#claim-jan-talks"),
        ("Repeats", "February outlook", "index.html#claim-feb-visit"),
    ]
    assert card_rows(feb, "feb-visit") == [
        ("Repeated by", "February outlook", "index.html#claim-feb-talks")
    ]
    assert listed_relations(jan, "jan-count") == [
        (
            "Corrected by “Forty-two delegates attended” in February outlook , 1 February 2025",
            "../february-outlook/index.html#claim-feb-count",
        )
    ]
    assert listed_relations(feb, "feb-mood") == [
        (
            "Contradicts “the mood was tense” in January outlook , 10 January 2025",
            "../january-outlook/index.html#claim-jan-mood",
        )
    ]


def test_an_article_notes_that_a_later_one_corrected_its_claim(site):
    jan = parse_html(site / JAN_PAGE)
    notes = [li.get_text(" ", strip=True) for li in jan.select(".lineage-notes li")]
    assert notes == [
        "The claim “Forty delegates attended” was corrected by February outlook on 1 February 2025 ."
    ]
    link = jan.select_one(".lineage-notes li a[href*='february']")
    assert link["href"] == "../february-outlook/index.html#claim-feb-count"
    # The correcting article has no such note.
    assert parse_html(site / FEB_PAGE).select(".lineage-notes") == []


def test_claims_page_lists_each_contradicting_pair(site):
    page = parse_html(site / "claims/index.html")
    section = page.find(id="contested").parent
    pairs = section.select(".contested-pairs > li")
    assert len(pairs) == 1
    hrefs = [a["href"] for a in pairs[0].select("a")]
    assert hrefs == [
        "february-outlook/feb-mood/index.html",
        "../articles/february-outlook/index.html",
        "january-outlook/jan-mood/index.html",
        "../articles/january-outlook/index.html",
    ]
    assert "contradicts" in pairs[0].get_text()
    assert page.select_one('.jump a[href="#contested"]').get_text() == "Contested (1)"


def test_grades_on_citation_marks_cards_and_the_source_list(site):
    jan = parse_html(site / JAN_PAGE)
    tail = jan.select_one("#claim-jan-talks").find_next("span", class_="claim-tail")
    mark = tail.select_one("sup.cite a")
    assert mark.get_text() == "[1 B2]"
    assert "usually reliable" in mark["aria-label"] and "probably true" in mark["aria-label"]
    sources_row = [r for r in tail.select(".card-row") if "Sources" in r.get_text()][0]
    assert sources_row.select_one(".grade").get_text() == "B2"
    mood = jan.select_one("#claim-jan-mood").find_next("span", class_="claim-tail")
    assert mood.select_one("sup.cite a").get_text() == "[2 D4]"
    items = jan.select(".source-list > ol > li")
    assert [li.select_one(".reliability").get_text() for li in items] == [
        "B: usually reliable",
        "D: not usually reliable",
    ]
    # Cited by: each claim by its number and grade, not by its id.
    backlinks = [a.get_text(" ", strip=True) for a in items[0].select(".backlinks a")]
    numbers = [a["href"] for a in jan.select(".claim-summary a.summary-quote")]
    assert backlinks == [
        f"claim {numbers.index('#claim-jan-talks') + 1} B2",
        f"claim {numbers.index('#claim-jan-count') + 1} B2",
    ]


def test_source_pages_spell_the_grade_out(site):
    wire = parse_html(site / "sources/wire/index.html")
    details = dict(
        zip(
            [dt.get_text(strip=True) for dt in wire.select(".source-details dt")],
            [dd.get_text(strip=True) for dd in wire.select(".source-details dd")],
            strict=True,
        )
    )
    assert details["Reliability"] == "B: usually reliable"
    graded = [li.get_text(" ", strip=True) for li in wire.select(".citation-detail")]
    assert graded == ["Graded B2", "Graded B2"]
    blog = parse_html(site / "sources/blog/index.html")
    assert blog.select_one("dd.reliability").get_text() == "Not graded"


def test_source_index_grouped_by_reliability(site):
    page = parse_html(site / "sources/index.html")
    groups = [
        (
            section.find("h2").contents[0].strip(),
            [a.get_text() for a in section.select(".source-index a")],
        )
        for section in page.find("main").find_all("section")
    ]
    assert groups == [
        ("B: usually reliable", ["Wire report"]),
        ("D: not usually reliable", ["Ministry statement"]),
        ("Not graded", ["A blog post"]),
    ]


def test_the_demo_archive_relates_the_timeline_to_the_briefing(tmp_path):
    out = tmp_path / "site"
    result = run_briefgen("build", "--out", str(out), root=REPO)
    assert result.code == 0, result.err
    seed = parse_html(
        out / "articles/reasons-for-the-failure-of-us-russia-ukraine-talks/index.html"
    )
    assert card_rows(seed, "no-breakthrough") == [
        (
            "Repeated by",
            "Timeline of the 2025 U.S.-Russia peace efforts",
            "../timeline-of-the-2025-peace-efforts/index.html#claim-five-hours-no-breakthrough",
        )
    ]
    forecasts = parse_html(out / "forecasts/index.html")
    assert forecasts.select(".forecast-list .badge.outcome") == []  # none resolved
    terms = sorted(b.get_text() for b in forecasts.select(".forecast-list .badge.likelihood"))
    assert terms == ["likely (55–80%)", "roughly even chance (45–55%)", "unlikely (20–45%)"]
