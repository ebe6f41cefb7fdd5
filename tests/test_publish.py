"""Publishing: Atom feeds read by feedparser, the sitemap checked against the
sitemaps.org schema, robots.txt, CNAME, page metadata and schema.org JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from browser_helpers import vnu_messages
from bs4 import BeautifulSoup
from conftest import MINIMAL, parse_html, run_briefgen, write_archive
from lxml import etree

BASE = "https://example.org/briefing/"
SITEMAP_XSD = Path(__file__).parent / "data" / "sitemap.xsd"

# MINIMAL plus an older, updated article that names only Witkoff, and an entity
# no article names.
RICH = dict(MINIMAL)
RICH["briefgen.yaml"] = """
    title: Test briefings
    description: Briefings for the tests.
    author: The Desk
"""
RICH["content/articles/2025-11-20-earlier.md"] = """
    ---
    title: Earlier round
    date: 2025-11-20
    updated: 2025-11-25
    tags: [Diplomacy, Background]
    entities: [steve-witkoff]
    claims:
      - id: plan-circulated
        quote: "a plan was circulated"
        kind: statement
        status: unverified
        by: steve-witkoff
    ---
    Steve Witkoff said a plan was circulated in November.

    A second paragraph with a [link to the talks](/articles/talks/).
"""
RICH["content/entities/nobody-here.md"] = """
    ---
    name: Nobody Here
    type: person
    ---
"""


def build(root: Path, *args: str) -> Path:
    result = run_briefgen("build", *args, root=root)
    assert result.code == 0, result.err
    return Path(args[args.index("--out") + 1]) if "--out" in args else root / "site"


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive", RICH)


def site_path(site: Path, page: Path) -> str:
    rel = page.parent.relative_to(site).as_posix()
    return "/" if rel == "." else f"/{rel}/"


# --- Feeds -------------------------------------------------------------------


def test_site_feed_parses_newest_first_with_links_dates_and_ids(rich):
    site = build(rich, "--base-url", BASE)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Test briefings"
    assert feed.feed.id == BASE + "feed.xml"
    assert feed.feed.updated_parsed[:3] == (2025, 12, 2)
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": BASE + "feed.xml", "alternate": BASE}

    assert [e.title for e in feed.entries] == ["Talks in Moscow", "Earlier round"]
    talks, earlier = feed.entries
    assert talks.link == talks.id == BASE + "articles/talks/"
    assert earlier.link == earlier.id == BASE + "articles/earlier/"
    assert talks.published_parsed[:3] == (2025, 12, 2)
    assert earlier.published_parsed[:3] == (2025, 11, 20)
    assert earlier.updated_parsed[:3] == (2025, 11, 25)
    assert talks.author == "Jane Analyst"
    assert feed.feed.author == "The Desk"  # stands for entries without an author
    assert [t.term for t in talks.tags] == ["diplomacy"]
    assert talks.summary.startswith("Vladimir Putin met Steve Witkoff")


def test_feed_content_links_are_absolute_under_the_base(rich):
    site = build(rich, "--base-url", BASE)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    for entry in feed.entries:
        content = BeautifulSoup(entry.content[0].value, "html.parser")
        hrefs = [a["href"] for a in content.find_all("a", href=True)]
        assert hrefs, entry.title
        internal = [h for h in hrefs if "example.org/briefing" in h or not h.startswith("http")]
        # Relative links in the body resolve, through xml:base, under the base URL.
        for href in internal:
            assert href.startswith(BASE), (entry.title, href)
    earlier = feed.entries[1]
    content = BeautifulSoup(earlier.content[0].value, "html.parser")
    link = content.find("a", string="link to the talks")
    assert link["href"] == BASE + "articles/talks/"


def test_feed_entries_carry_claims_as_plain_marks_without_the_card(rich):
    """A feed reader shows the article's text with each claim marked and its sources
    numbered, never the words of the page's badge and hover card."""
    site = build(rich, "--base-url", BASE)
    xml = (site / "feed.xml").read_bytes()
    talks = feedparser.parse(xml).entries[0]
    assert talks.title == "Talks in Moscow"
    content = talks.content[0].value
    text = " ".join(BeautifulSoup(content, "html.parser").get_text().split())
    # The text as written, each claim followed by its source number ...
    assert text.startswith(
        "Vladimir Putin met Steve Witkoff in Moscow. The talks ended without any "
        "breakthrough[1]. Putin said no compromise has been found[1]."
    )
    # ... and the numbered sources at the end.
    assert text.endswith("Sources Kremlin readout of the meeting, Kremlin")
    for card_word in ("Fact", "Verified", "Statement", "Disputed", "Kind", "Status", "Said by"):
        assert card_word not in text, card_word
    marks = BeautifulSoup(content, "html.parser").select("sup a")
    assert [(a.get_text(), a["href"]) for a in marks] == [
        ("[1]", BASE + "articles/talks/#source-1"),
        ("[1]", BASE + "articles/talks/#source-1"),
    ]
    # feedparser's cleaner drops <mark> (keeping its text); as sent, each quote is
    # a plain <mark>, without the page's classes.
    raw = feedparser.parse(xml, sanitize_html=False).entries[0].content[0].value
    marks = BeautifulSoup(raw, "html.parser").find_all("mark")
    assert [" ".join(m.get_text().split()) for m in marks] == [
        "ended without any breakthrough",
        "no compromise has been found",
    ]
    assert all(m.attrs == {} for m in marks)


def test_feed_marks_follow_nested_claims_raw_html_and_an_archives_own_claim_template(tmp_path):
    files = {
        "briefgen.yaml": "title: Nested\nraw_html: true\n",
        "content/articles/2025-12-02-nested.md": """
            ---
            title: Nested claims
            date: 2025-12-02
            sources:
              - {id: alpha, title: Alpha report}
              - {id: beta, title: Beta report}
            claims:
              - id: outer
                quote: "the talks ended without any breakthrough at all"
                kind: fact
                status: verified
                sources: [alpha]
              - id: inner
                quote: "without any breakthrough"
                kind: assessment
                status: disputed
                sources: [beta]
            ---
            Officials said the talks ended without any breakthrough at all, and
            <span class="aside">a spokesman</span> agreed.
        """,
        # The archive's own claim template: its words must not reach the feed either.
        "templates/partials/claim_tail.html": (
            '<span class="note claim-tail"><span>House card</span> '
            "{% for number, source in cited %}<sup>{{ number }}</sup>{% endfor %}</span>"
        ),
    }
    root = write_archive(tmp_path / "archive", files)
    site = build(root, "--base-url", BASE)
    entry = feedparser.parse((site / "feed.xml").read_bytes(), sanitize_html=False).entries[0]
    content = BeautifulSoup(entry.content[0].value, "html.parser")
    text = " ".join(content.get_text().split())
    assert "House card" not in text
    # The inner claim cites source 2 (beta), the outer one source 1 (alpha).
    assert text.startswith(
        "Officials said the talks ended without any breakthrough[2] at all[1], and a "
        "spokesman agreed."
    )
    assert [m.get_text() for m in content.find_all("mark")] == [
        "the talks ended without any breakthrough[2] at all",
        "without any breakthrough",
    ]


def test_feed_count_and_summary_only_settings(rich):
    (rich / "briefgen.yaml").write_text(
        "title: Test briefings\nfeed_count: 1\nfeed_full_content: false\n", encoding="utf-8"
    )
    site = build(rich, "--base-url", BASE)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert [e.title for e in feed.entries] == ["Talks in Moscow"]
    assert "content" not in feed.entries[0]
    assert feed.entries[0].summary.startswith("Vladimir Putin met")


def test_entity_and_tag_feeds_follow_one_person_or_topic(rich):
    site = build(rich, "--base-url", BASE)
    putin = feedparser.parse((site / "entities/vladimir-putin/feed.xml").read_bytes())
    assert putin.bozo == 0
    assert putin.feed.title == "Vladimir Putin · Test briefings"
    assert {link.rel: link.href for link in putin.feed.links}["alternate"] == (
        BASE + "entities/vladimir-putin/"
    )
    assert [e.id for e in putin.entries] == [BASE + "articles/talks/"]
    witkoff = feedparser.parse((site / "entities/steve-witkoff/feed.xml").read_bytes())
    assert [e.title for e in witkoff.entries] == ["Talks in Moscow", "Earlier round"]
    # A claim tag counts: the talks carry 'Negotiations' only on their claims.
    negotiations = feedparser.parse((site / "tags/negotiations/feed.xml").read_bytes())
    assert negotiations.bozo == 0
    assert [e.title for e in negotiations.entries] == ["Talks in Moscow"]
    background = feedparser.parse((site / "tags/background/feed.xml").read_bytes())
    assert [e.title for e in background.entries] == ["Earlier round"]
    # No briefing names this entity: no feed, and its page links to none.
    assert not (site / "entities/nobody-here/feed.xml").exists()
    page = parse_html(site / "entities/nobody-here/index.html")
    feeds = [link["href"] for link in page.find_all("link", type="application/atom+xml")]
    assert feeds == [BASE + "feed.xml"]
    page = parse_html(site / "entities/vladimir-putin/index.html")
    feeds = [link["href"] for link in page.find_all("link", type="application/atom+xml")]
    assert feeds == [BASE + "feed.xml", BASE + "entities/vladimir-putin/feed.xml"]


def test_feeds_are_the_same_bytes_across_builds(rich, tmp_path):
    first = build(rich, "--base-url", BASE, "--out", str(tmp_path / "one"))
    second = build(rich, "--base-url", BASE, "--out", str(tmp_path / "two"))
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*.xml"))
    assert "feed.xml" in names and "sitemap.xml" in names and len(names) > 5
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    ids = [e.id for e in feedparser.parse((second / "feed.xml").read_bytes()).entries]
    assert ids == [BASE + "articles/talks/", BASE + "articles/earlier/"]


def test_feed_survives_characters_xml_forbids(tmp_path):
    files = dict(RICH)
    files["content/articles/2025-11-20-earlier.md"] = RICH[
        "content/articles/2025-11-20-earlier.md"
    ].replace("title: Earlier round", 'title: "Bell\\a and <b>bold</b> & co"')
    root = write_archive(tmp_path / "a", files)
    site = build(root, "--base-url", BASE)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.entries[1].title == "Bell and <b>bold</b> & co"


# --- Sitemap, robots.txt, Pages files ----------------------------------------


def test_sitemap_lists_every_page_and_validates(rich):
    site = build(rich, "--base-url", BASE)
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    document = etree.parse(str(site / "sitemap.xml"))
    assert schema.validate(document), schema.error_log
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in document.getroot()
    }
    expected = {BASE + site_path(site, p).lstrip("/") for p in site.rglob("index.html")}
    assert set(entries) == expected
    assert BASE + "404.html" not in entries
    assert entries[BASE + "articles/earlier/"] == "2025-11-25"  # updated wins
    assert entries[BASE + "articles/talks/"] == "2025-12-02"
    assert entries[BASE] == "2025-12-02"
    assert entries[BASE + "entities/steve-witkoff/"] == "2025-12-02"


def test_robots_nojekyll_and_cname(rich):
    (rich / "briefgen.yaml").write_text(
        "title: Test briefings\ncname: briefs.example.org\n", encoding="utf-8"
    )
    site = build(rich, "--base-url", "https://briefs.example.org/")
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "User-agent: *",
        "Disallow:",
        "Sitemap: https://briefs.example.org/sitemap.xml",
    ]
    assert (site / ".nojekyll").read_bytes() == b""
    assert (site / "CNAME").read_text(encoding="utf-8") == "briefs.example.org\n"


def test_without_base_url_feeds_and_sitemap_are_relative_and_no_canonical(rich):
    result = run_briefgen("build", root=rich)
    assert result.code == 0, result.err
    assert "feeds and sitemap have relative links" in result.err
    assert result.diagnostics == []
    site = rich / "site"
    # /feed.xml and /sitemap.xml are part of the site's URLs even without base_url:
    # links relative to the file, ids stable name-based UUIDs.
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert feed.feed.id.startswith("urn:uuid:")
    assert [e.link for e in feed.entries][0] == "articles/talks/index.html"
    assert all(e.id.startswith("urn:uuid:") for e in feed.entries)
    first = (site / "feed.xml").read_bytes()
    assert run_briefgen("build", root=rich).code == 0
    assert (site / "feed.xml").read_bytes() == first
    locs = etree.parse(str(site / "sitemap.xml")).findall(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}url/{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
    )
    assert {loc.text for loc in locs} >= {"index.html", "articles/talks/index.html"}
    assert (site / "robots.txt").read_text(encoding="utf-8").splitlines() == [
        "User-agent: *",
        "Disallow:",
    ]
    assert not (site / "CNAME").exists()
    page = parse_html(site / "articles/talks/index.html")
    assert page.find("link", rel="canonical") is None
    assert page.find("meta", property="og:url") is None
    assert page.find("link", type="application/atom+xml")["href"] == "../../feed.xml"
    assert page.find("meta", property="og:title")["content"] == "Talks in Moscow"
    # JSON-LD is still there, without URLs.
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert "url" not in data["@graph"][0]


def test_path_only_base_url_gives_no_absolute_urls(rich):
    site = build(rich, "--base-url", "/briefing/")
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.entries[0].link == "/briefing/articles/talks/"
    page = parse_html(site / "articles/talks/index.html")
    assert page.find("link", rel="canonical") is None
    assert page.find("link", rel="stylesheet")["href"] == "/briefing/assets/style.css"


# --- Page metadata -----------------------------------------------------------


def test_every_page_has_title_description_canonical_open_graph_and_feed(rich):
    site = build(rich, "--base-url", BASE)
    pages = sorted(site.rglob("index.html"))
    assert len(pages) >= 14
    for path in pages:
        page = parse_html(path)
        url = BASE + site_path(site, path).lstrip("/")
        head = page.head
        assert len(head.find_all("title")) == 1 and head.title.get_text().strip(), path
        descriptions = head.find_all("meta", attrs={"name": "description"})
        assert len(descriptions) == 1 and descriptions[0]["content"].strip(), path
        canonical = head.find_all("link", rel="canonical")
        assert [c["href"] for c in canonical] == [url], path
        og = {m["property"]: m["content"] for m in head.find_all("meta", property=True)}
        assert og["og:url"] == url, path
        assert og["og:title"] and og["og:description"] and og["og:site_name"], path
        assert og["og:description"] == descriptions[0]["content"], path
        feed = head.find("link", rel="alternate", type="application/atom+xml")
        assert feed["href"] == BASE + "feed.xml", path
    article = parse_html(site / "articles/earlier/index.html")
    og = {m["property"]: m["content"] for m in article.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["article:published_time"] == "2025-11-20"
    assert og["article:modified_time"] == "2025-11-25"
    assert article.find("meta", attrs={"name": "description"})["content"] == (
        "Steve Witkoff said a plan was circulated in November."
    )
    entity = parse_html(site / "entities/vladimir-putin/index.html")
    assert entity.find("meta", attrs={"name": "description"})["content"] == "President of Russia."
    home = parse_html(site / "index.html")
    assert home.find("meta", property="og:type")["content"] == "website"
    assert home.find("meta", attrs={"name": "description"})["content"] == "Briefings for the tests."


def test_pages_with_metadata_are_valid_html(rich):
    site = build(rich, "--base-url", BASE)
    pages = [
        site / rel
        for rel in (
            "index.html",
            "articles/talks/index.html",
            "entities/vladimir-putin/index.html",
            "tags/negotiations/index.html",
            "sources/kremlin-readout/index.html",
            "404.html",
        )
    ]
    assert vnu_messages(pages) == []


def test_not_found_page_is_not_indexed_and_has_no_canonical(rich):
    site = build(rich, "--base-url", BASE)
    page = parse_html(site / "404.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="canonical") is None


# --- JSON-LD -----------------------------------------------------------------


def ld_json(path: Path) -> dict:
    page = parse_html(path)
    # Article pages also load the reading view's script; one block of JSON-LD.
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, scripts
    return json.loads(scripts[0].string)


def test_article_json_ld_describes_article_entities_sources_and_reviews(rich):
    site = build(rich, "--base-url", BASE)
    data = ld_json(site / "articles/talks/index.html")
    assert data["@context"] == "https://schema.org"
    article, *reviews = data["@graph"]
    assert article["@type"] == "AnalysisNewsArticle"
    assert article["headline"] == "Talks in Moscow"
    assert article["url"] == BASE + "articles/talks/"
    assert article["datePublished"] == "2025-12-02"
    assert article["author"] == [{"@type": "Person", "name": "Jane Analyst"}]
    about = {e["name"]: e for e in article["about"]}
    assert set(about) == {"Vladimir Putin", "Steve Witkoff"}
    assert about["Vladimir Putin"]["@type"] == "Person"
    assert about["Vladimir Putin"]["sameAs"] == "https://www.wikidata.org/wiki/Q7747"
    assert about["Vladimir Putin"]["url"] == BASE + "entities/vladimir-putin/"
    assert "sameAs" not in about["Steve Witkoff"]
    assert [c["name"] for c in article["citation"]] == ["Kremlin readout of the meeting"]
    assert article["citation"][0]["publisher"] == {"@type": "Organization", "name": "Kremlin"}
    # Only the disputed statement gets a ClaimReview; the fact claim does not.
    assert len(reviews) == 1
    review = reviews[0]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "no compromise has been found"
    assert review["url"] == BASE + "claims/talks/no-compromise/"
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"]["name"] == "Vladimir Putin"
    assert review["reviewRating"]["alternateName"] == "Disputed"
    # An unverified statement has no verdict, hence no ClaimReview.
    earlier = ld_json(site / "articles/earlier/index.html")
    assert [node["@type"] for node in earlier["@graph"]] == ["AnalysisNewsArticle"]
    assert earlier["@graph"][0]["author"] == [{"@type": "Organization", "name": "The Desk"}]
    assert earlier["@graph"][0]["dateModified"] == "2025-11-25"


def test_json_ld_mentions_entities_its_claims_name_beyond_what_it_is_about(tmp_path):
    files = dict(MINIMAL)
    path = "content/articles/2025-12-02-talks.md"
    files[path] = MINIMAL[path].replace(
        "entities: [vladimir-putin, steve-witkoff]", "entities: [steve-witkoff]"
    )
    root = write_archive(tmp_path / "a", files)
    site = build(root, "--base-url", BASE)
    article = ld_json(site / "articles/talks/index.html")["@graph"][0]
    # Putin is not listed, but speaks in one claim and is the subject of another.
    assert [e["name"] for e in article["about"]] == ["Steve Witkoff"]
    assert [e["name"] for e in article["mentions"]] == ["Vladimir Putin"]
    assert article["mentions"][0]["sameAs"] == "https://www.wikidata.org/wiki/Q7747"


EVIL = "</script><script>alert(1)</script><!-- & -->"


def test_script_end_in_any_field_stays_inside_the_json_ld_block(tmp_path):
    y = json.dumps(EVIL)
    files = dict(MINIMAL)
    path = "content/articles/2025-12-02-talks.md"
    files[path] = (
        MINIMAL[path]
        .replace("title: Talks in Moscow", f"title: {y}\n        summary: {y}")
        .replace("author: Jane Analyst", f"author: {y}")
    )
    files["content/entities/vladimir-putin.md"] = MINIMAL[
        "content/entities/vladimir-putin.md"
    ].replace("description: President of Russia.", f"description: {y}")
    files["content/sources/kremlin-readout.md"] = MINIMAL[
        "content/sources/kremlin-readout.md"
    ].replace("publisher: Kremlin", f"publisher: {y}")
    root = write_archive(tmp_path / "a", files)
    site = build(root, "--base-url", BASE)
    raw = (site / "articles/talks/index.html").read_text(encoding="utf-8")
    data = ld_json(site / "articles/talks/index.html")  # exactly one script, valid JSON
    article = data["@graph"][0]
    assert article["headline"] == EVIL
    assert article["description"] == EVIL
    assert article["author"] == [{"@type": "Person", "name": EVIL}]
    putin = next(e for e in article["about"] if e["name"] == "Vladimir Putin")
    assert putin["description"] == EVIL
    assert article["citation"][0]["publisher"]["name"] == EVIL
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    page = BeautifulSoup(raw, "html.parser")
    assert page.find("h1").get_text() == EVIL
