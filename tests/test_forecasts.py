"""Forecasts: likelihood on badges and cards, /forecasts/ with its Brier scores and
calibration (figures worked out by hand in analysis_fixture.py), the feed of
resolutions, and the page valid and accessible, chart included."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree

import pytest
from analysis_fixture import ANALYSIS
from browser_helpers import launched_chromium, run_axe, serve_folder, vnu_messages
from conftest import parse_html, run_briefgen, write_archive
from site_compare import comparable, tree

from briefgen.forecasts import BANDS, band_of, forecast_book

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("forecasts") / "archive", ANALYSIS)
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    return root / "site"


def cells(row) -> list[str]:
    return [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]


def test_brier_scores_overall_and_per_author_are_the_hand_computed_ones(site):
    page = parse_html(site / "forecasts/index.html")
    overall = page.select_one(".brier-overall").get_text(" ", strip=True)
    assert overall == "Overall: 0.233 over 5 forecasts."
    rows = [cells(r) for r in page.select(".brier-authors tbody tr")]
    assert rows == [["Alice", "3", "0.340"], ["Bob", "2", "0.071"]]


def test_calibration_table_per_band(site):
    page = parse_html(site / "forecasts/index.html")
    rows = [cells(r) for r in page.select(".calibration-table tbody tr")]
    assert rows == [
        ["unlikely (20–45%)", "1", "32.5%", "0%"],
        ["likely (55–80%)", "2", "65%", "100%"],
        ["very likely (80–95%)", "1", "90%", "0%"],
        ["almost certain (95–99%)", "1", "97%", "100%"],
    ]


def test_the_scores_themselves_are_exact(tmp_path):
    root = write_archive(tmp_path / "archive", ANALYSIS)
    result = run_briefgen("check", root=root)
    assert result.code == 0, result.err
    from briefgen.build import load_archive
    from briefgen.config import load_config
    from briefgen.diagnostics import Diagnostics

    diags = Diagnostics()
    archive = load_archive(root, load_config(root, diags), False, diags)
    book = forecast_book(archive.claims)

    def sq(p: Fraction, o: int) -> Fraction:
        return (p - o) ** 2

    alice = [sq(Fraction(675, 1000), 1), sq(Fraction(9, 10), 0), sq(Fraction(325, 1000), 0)]
    bob = [sq(Fraction(625, 1000), 1), sq(Fraction(97, 100), 1)]
    assert sum(alice) == Fraction(102125, 100000) and sum(bob) == Fraction(141525, 1000000)
    assert book.scored == 5
    assert book.brier == pytest.approx(float(sum(alice + bob) / 5), abs=1e-12)
    assert float(sum(alice + bob) / 5) == pytest.approx(0.232555, abs=1e-12)
    scores = {row.author: (row.count, row.brier) for row in book.by_author}
    assert scores["Alice"][0] == 3 and scores["Bob"][0] == 2
    assert scores["Alice"][1] == pytest.approx(float(sum(alice) / 3), abs=1e-12)
    assert scores["Bob"][1] == pytest.approx(0.0707625, abs=1e-12)
    table = {
        row.band.term: (row.count, round(row.mean_forecast, 9), row.observed)
        for row in book.calibration
    }
    assert table == {
        "unlikely": (1, 0.325, 0.0),
        "likely": (2, 0.65, 1.0),
        "very likely": (1, 0.9, 0.0),
        "almost certain": (1, 0.97, 1.0),
    }


def test_band_edges_and_midpoints():
    assert [b.midpoint for b in BANDS] == [0.03, 0.125, 0.325, 0.5, 0.675, 0.875, 0.97]
    assert band_of(0.001).term == "almost no chance"
    assert band_of(0.05).term == "very unlikely"  # [low, high): an edge opens the next band
    assert band_of(0.55).term == "likely"
    assert band_of(0.995).term == "almost certain"


def test_open_forecasts_by_resolve_by_and_resolved_ones_with_their_outcome(site):
    page = parse_html(site / "forecasts/index.html")
    open_section = page.find(id="open").parent
    quotes = [q.get_text(strip=True) for q in open_section.select(".claim-quote")]
    # 2026-03-01, then 2026-06-01, then the forecast without a date.
    assert quotes == [
        "“a truce will be agreed”",
        "“aid will be approved”",
        "“the vote will pass”",
    ]
    details = [d.get_text(" ", strip=True) for d in open_section.select(".forecast-detail")]
    assert details[0] == "Resolve by 1 March 2026 ."
    assert details[2] == "No date set to judge it by."
    resolved = page.find(id="resolved").parent
    outcomes = [d.get_text(" ", strip=True) for d in resolved.select(".forecast-detail")]
    # Newest resolution first.
    assert outcomes[0] == "Occurred (resolved 1 May 2025 )"
    assert outcomes[1] == "Ambiguous (resolved 2 April 2025 ): A meeting, not a summit."
    assert "Did not occur (resolved 15 March 2025 ) Sources: Ministry statement D" in outcomes
    assert len(outcomes) == 7


def test_badge_and_card_show_the_term_its_band_and_the_outcome(site):
    page = parse_html(site / "articles/january-outlook/index.html")
    tail = page.select_one("#claim-jan-talks").find_next("span", class_="claim-tail")
    badge = tail.select_one(".claim-badge").get_text("", strip=True)
    assert badge == "Forecast·Unverified·likely (55–80%)·Occurred"
    card = {
        row.select_one(".card-key").get_text(strip=True): row.get_text(" ", strip=True)
        for row in tail.select(".claim-card .card-row")
    }
    assert card["Likelihood"] == "Likelihood likely (55–80%)"
    assert card["Resolve by"] == "Resolve by 1 March 2025"
    assert card["Outcome"] == "Outcome Occurred, 20 February 2025"
    number = page.select_one("#claim-jan-ceasefire").find_next("span", class_="claim-tail")
    assert "90% (very likely)" in number.select_one(".claim-badge").get_text()
    open_one = page.select_one("#claim-jan-aid").find_next("span", class_="claim-tail")
    assert open_one.select_one(".badge-outcome") is None


def test_the_feed_lists_resolutions_newest_first(site):
    feed = ElementTree.parse(site / "forecasts/feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert len(entries) == 7
    assert titles == [
        "Occurred: a deal will be signed",
        "Ambiguous: a summit will be held",
        "Did not occur: sanctions will be lifted",
        "Did not occur: a ceasefire will hold",
        "Occurred: Talks will resume",
        "Occurred: The envoy will visit",
        "Occurred: the ministers will meet",
    ]
    published = [e.find(f"{ATOM}published").text for e in entries]
    assert published == sorted(published, reverse=True)
    assert feed.find(f"{ATOM}updated").text == "2025-05-01T00:00:00Z"
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links[0] == "../articles/february-outlook/index.html#claim-feb-deal"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)


def test_nav_and_sitemap_include_forecasts(site):
    home = parse_html(site / "index.html")
    assert [a["href"] for a in home.select(".site-nav a") if a.get_text() == "Forecasts"] == [
        "forecasts/index.html"
    ]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>forecasts/index.html</loc>" in sitemap
    page = parse_html(site / "forecasts/index.html")
    alternate = page.select_one('link[rel="alternate"][href="feed.xml"]')
    assert alternate is not None and "Forecast resolutions" in alternate["title"]


def test_forecasts_page_under_a_base_path(tmp_path):
    root = write_archive(tmp_path / "archive", ANALYSIS)
    result = run_briefgen("build", "--base-url", "https://u.github.io/repo/", root=root)
    assert result.code == 0, result.err
    page = parse_html(root / "site/forecasts/index.html")
    hrefs = {a["href"] for a in page.select("main a")}
    # The quote leads to the claim's own page, "in context" to its place in the article.
    assert "/repo/claims/february-outlook/feb-deal/" in {
        a["href"] for a in page.select(".claim-quote a")
    }
    assert "/repo/articles/february-outlook/#claim-feb-deal" in {
        a["href"] for a in page.select("a.in-context")
    }
    assert all(h.startswith("/repo/") or h.startswith("#") for h in hrefs)
    feed = ElementTree.parse(root / "site/forecasts/feed.xml").getroot()
    first = feed.find(f"{ATOM}entry").find(f"{ATOM}link").get("href")
    assert first == "https://u.github.io/repo/articles/february-outlook/#claim-feb-deal"


def test_an_archive_without_forecasts_has_the_page_but_no_feed(minimal_archive):
    assert run_briefgen("build", root=minimal_archive).code == 0
    page = parse_html(minimal_archive / "site/forecasts/index.html")
    assert "No open forecasts." in page.get_text()
    assert "Nothing to score yet." in page.get_text()
    assert not (minimal_archive / "site/forecasts/feed.xml").exists()


def test_the_same_archive_gives_the_same_bytes(tmp_path):
    builds = []
    for n in range(2):
        root = write_archive(tmp_path / f"a{n}", ANALYSIS)
        assert run_briefgen("build", "--no-cache", root=root).code == 0
        # Byte for byte, but for the order of the search index's filters (site_compare).
        builds.append(comparable(tree(root / "site")))
    assert builds[0] == builds[1]
    assert "forecasts/index.html" in builds[0] and "forecasts/feed.xml" in builds[0]


def test_forecasts_and_article_pages_are_valid_html5(site):
    pages = [
        site / "forecasts/index.html",
        site / "articles/january-outlook/index.html",
        site / "articles/february-outlook/index.html",
        site / "claims/index.html",
        site / "sources/index.html",
        site / "sources/wire/index.html",
    ]
    messages = vnu_messages(pages)
    errors = [
        f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_forecasts_and_lineage(site, scheme):
    problems = []
    with launched_chromium() as browser, serve_folder(site) as base:
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        for rel in [
            "forecasts/index.html",
            "articles/january-outlook/index.html",
            "claims/index.html",
            "sources/index.html",
        ]:
            page.goto(base + rel)
            if rel.startswith("forecasts"):
                # The chart is drawn, and named for assistive technology.
                assert page.locator("svg[role=img] circle").count() == 4
            for violation in run_axe(page):
                if violation["impact"] in ("serious", "critical"):
                    targets = "; ".join(n["target"] for n in violation["nodes"][:5])
                    problems.append(f"{rel}: {violation['id']} ({violation['help']}): {targets}")
        context.close()
    assert problems == []
