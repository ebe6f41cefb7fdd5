"""The pages stage on its own: each page's kind and subject, the feed values, the
sitemap's dates, the search facets by kind, and the ids each kind of page keeps
for its template (a heading of an entity's, a source's or a tag's body never
takes one)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL, parse_html, run_briefgen, write_archive

from briefgen import page as kinds
from briefgen.build import BuildOptions, compile_site
from briefgen.config import Config
from briefgen.feed_routes import sitemap_lastmod
from briefgen.feeds import (
    atom_date,
    entity_feed_path,
    iri,
    make_feed,
    shorten,
    tag_feed_articles,
    xml_text,
)
from briefgen.model import Article, Claim, Entity, Source, Tag
from briefgen.page_ids import TEMPLATE_IDS, heading_slug_for, reserved_ids
from briefgen.render import heading_slug
from briefgen.search_index import search_entry

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

ARCHIVE = {
    **MINIMAL,
    "content/articles/2025-11-20-earlier.md": """
        ---
        title: Earlier talks
        date: 2025-11-20
        updated: 2025-12-05
        tags: [Diplomacy]
        entities: [steve-witkoff]
        sources:
          - id: envoy-notes
            title: Notes of the envoy
        claims:
          - id: deal-close
            quote: "a deal is close"
            kind: statement
            status: unverified
            by: steve-witkoff
            sources: [envoy-notes]
        ---
        Witkoff said a deal is close.
    """,
    # Bodies whose headings would take an id of their page's template.
    "content/entities/steve-witkoff.md": """
        ---
        name: Steve Witkoff
        type: person
        aliases: [Witkoff]
        ---
        ## Articles

        His visits.

        ## Articles heading

        ## By heading

        ## Main
    """,
    "content/sources/kremlin-readout.md": """
        ---
        title: Kremlin readout of the meeting
        publisher: Kremlin
        date: 2025-12-02
        kind: statement
        ---
        ## Citing heading

        The text of the readout.
    """,
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    root = write_archive(tmp_path_factory.mktemp("pages") / "archive", ARCHIVE)
    result = compile_site(root, BuildOptions())
    assert not result.diagnostics.errors
    return result


def page_at(compiled, path):
    (page,) = [p for p in compiled.pages if p.path == path]
    return page


def test_every_page_has_a_kind_and_the_subject_it_is_about(compiled):
    kinds_found = Counter(page.kind for page in compiled.pages)
    assert "" not in kinds_found
    assert kinds_found[kinds.ARTICLE] == 2
    assert kinds_found[kinds.SHARE_IMAGE] == 2
    assert kinds_found[kinds.ENTITY] == 2
    assert kinds_found[kinds.CLAIM] == 3
    for kind in (kinds.INDEX, kinds.ARCHIVE, kinds.ENTITIES, kinds.TAGS, kinds.CLAIMS):
        assert kinds_found[kind] == 1, kind
    for kind in (kinds.SOURCES, kinds.DATA, kinds.SITEMAP, kinds.ROBOTS, kinds.NOT_FOUND):
        assert kinds_found[kind] == 1, kind

    article = page_at(compiled, "/articles/talks/")
    assert article.kind == kinds.ARTICLE
    assert isinstance(article.subject, Article) and article.subject.slug == "talks"
    entity = page_at(compiled, "/entities/vladimir-putin/")
    assert isinstance(entity.subject, Entity) and entity.subject.id == "vladimir-putin"
    tag = page_at(compiled, "/tags/negotiations/")
    assert tag.kind == kinds.TAG and isinstance(tag.subject, Tag)
    assert tag.subject.name == "Negotiations"
    source = page_at(compiled, "/sources/kremlin-readout/")
    assert source.kind == kinds.SOURCE and isinstance(source.subject, Source)
    claim = page_at(compiled, "/claims/talks/no-compromise/")
    assert claim.kind == kinds.CLAIM and isinstance(claim.subject, Claim)
    assert claim.subject.id == "no-compromise"
    feed = page_at(compiled, entity_feed_path(entity.subject))
    assert feed.kind == kinds.FEED and feed.subject.page_path == "/entities/vladimir-putin/"
    # A page that lists the archive is about no one value.
    for path in ("/", "/archive/", "/claims/", "/sources/", "/404.html"):
        assert page_at(compiled, path).subject is None, path


def test_sitemap_dates_follow_the_kind_of_page(compiled):
    # The earlier article was updated after the later one was published.
    assert sitemap_lastmod(page_at(compiled, "/articles/earlier/")) == "2025-12-05"
    assert sitemap_lastmod(page_at(compiled, "/articles/talks/")) == "2025-12-02"
    assert sitemap_lastmod(page_at(compiled, "/entities/steve-witkoff/")) == "2025-12-05"
    assert sitemap_lastmod(page_at(compiled, "/sources/envoy-notes/")) == "2025-12-05"
    assert sitemap_lastmod(page_at(compiled, "/")) == "2025-12-05"
    assert sitemap_lastmod(page_at(compiled, "/claims/")) == ""


def test_search_facets_by_kind(compiled):
    entry = search_entry(page_at(compiled, "/claims/talks/no-compromise/"))
    assert entry.type == "Claim"
    assert ("entity", "Vladimir Putin") in entry.filters
    assert ("status", "Disputed") in entry.filters
    assert search_entry(page_at(compiled, "/entities/steve-witkoff/")).type == "Entity"
    assert search_entry(page_at(compiled, "/tags/negotiations/")) is None


def test_feed_functions_on_values(compiled):
    config = Config(title="Briefs", feed_count=1)
    archive = compiled.archive
    assert xml_text("a\x00b\x1fc\ufffe") == "abc"
    assert atom_date(dt.date(2025, 1, 2)) == "2025-01-02T00:00:00Z"
    cut = shorten("word " * 60, 30)
    assert cut == "word word word word word…" and len(cut) <= 30
    assert shorten("  short\n text ") == "short text"
    # Without an http(s) base_url an id is a UUID that every build repeats.
    assert iri(config, "/feed.xml").startswith("urn:uuid:")
    assert iri(config, "/feed.xml") == iri(config, "/feed.xml")
    assert iri(config, "/feed.xml") != iri(config, "/tags/x/feed.xml")
    absolute = Config(title="Briefs", base_url="https://example.org/briefs/")
    assert iri(absolute, "/feed.xml") == "https://example.org/briefs/feed.xml"

    # A tag's feed holds the articles with the tag and those of its claims.
    negotiations = archive.tags["negotiations"]
    assert [a.slug for a in tag_feed_articles(negotiations)] == ["talks"]
    feed = make_feed("/x/feed.xml", "/x/", "T <1>", "S", archive.articles, config)
    assert len(feed.entries) == 1  # feed_count
    (entry,) = feed.entries
    assert entry.path == archive.articles[0].url
    assert entry.title == archive.articles[0].title
    assert feed.updated == entry.updated
    assert feed.title == "T <1>"  # the template escapes it


def test_page_ids_declare_every_id_of_their_template():
    for kind, ids in TEMPLATE_IDS.items():
        text = (TEMPLATES / f"{kind}.html").read_text(encoding="utf-8")
        found = set(re.findall(r'\bid="([a-z-]+)"', text))
        assert found == set(ids), kind


def test_article_bodies_keep_the_ids_they_had():
    """render.heading_slug (the article page's) and the declaration agree."""
    article = heading_slug_for(kinds.ARTICLE)
    titles = ["Claims heading", "Source 1", "Main", "fn1", "Mention 3", "Reactions", "Card x"]
    for title in titles:
        assert article(title) == heading_slug(title), title
    assert reserved_ids(kinds.ENTITY).search("articles-heading")
    assert not reserved_ids(kinds.ENTITY).search("claims-heading")


def ids_of(soup: BeautifulSoup) -> list[str]:
    return [element["id"] for element in soup.find_all(id=True)]


def test_body_headings_avoid_the_ids_of_their_page(tmp_path: Path):
    root = write_archive(tmp_path / "archive", ARCHIVE)
    write_archive(
        root,
        {
            "content/tags/negotiations.md": """
                ---
                name: Negotiations
                ---
                ## Claims heading

                Talks between governments.
            """
        },
    )
    out = tmp_path / "site"
    run = run_briefgen("build", "--out", str(out), root=root)
    assert run.code == 0, run.err
    for path in ("entities/steve-witkoff", "sources/kremlin-readout", "tags/negotiations"):
        soup = parse_html(out / path / "index.html")
        ids = ids_of(soup)
        assert [i for i, n in Counter(ids).items() if n > 1] == [], path

    entity = parse_html(out / "entities/steve-witkoff/index.html")
    body = entity.select_one(".entity-body")
    assert [h["id"] for h in body.find_all("h2")] == [
        "articles",
        "articles-heading-section",
        "by-heading-section",
        "main-section",
    ]
    # The section of the page still labels itself with its own heading.
    section = entity.select_one('section[aria-labelledby="articles-heading"]')
    assert section.find("h2")["id"] == "articles-heading"
    assert section.find("h2").get_text() == "In the briefings"
    source = parse_html(out / "sources/kremlin-readout/index.html")
    assert source.select_one(".source-body h2")["id"] == "citing-heading-section"
    tag = parse_html(out / "tags/negotiations/index.html")
    assert tag.select_one(".tag-description h2")["id"] == "claims-heading-section"


def test_source_page_names_the_article_declaring_it(tmp_path: Path):
    root = write_archive(tmp_path / "archive", ARCHIVE)
    out = tmp_path / "site"
    assert run_briefgen("build", "--out", str(out), root=root).code == 0
    details = parse_html(out / "sources/envoy-notes/index.html").select_one(".source-details")
    terms = [dt.get_text() for dt in details.find_all("dt")]
    assert "Declared in" in terms
    link = details.find("dt", string="Declared in").find_next_sibling("dd").a
    assert link.get_text() == "Earlier talks"
    assert link["href"] == "../../articles/earlier/index.html"
    readout = parse_html(out / "sources/kremlin-readout/index.html")
    assert readout.select_one(".source-details").find("dt", string="Declared in") is None
