"""Publishing: Atom feeds, the sitemap, robots.txt and every page's metadata.

Feeds and sitemaps are read away from the site, so their URLs are absolute when
`base_url` says where the site lives. Without an http(s) `base_url`, /feed.xml and
/sitemap.xml are still written (they are part of the site's URL contract), with
links relative to the file and stable `urn:uuid:` ids, and the build summary says
how to make them absolute; pages then carry no canonical link, rather than URLs
that would point nowhere.

Every date comes from the content (an article's `date` and `updated`), never from
the clock, so two builds of one archive give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from briefgen.config import Config
from briefgen.feed_content import feed_body
from briefgen.link import Archive, newest_first
from briefgen.model import Article, Claim, Entity, Source, Tag
from briefgen.pages import Page
from briefgen.share_image import HEIGHT as IMAGE_HEIGHT
from briefgen.share_image import WIDTH as IMAGE_WIDTH
from briefgen.share_image import alt_text, share_card, share_path

FEED_PATH = "/feed.xml"
SITEMAP_PATH = "/sitemap.xml"
ROBOTS_PATH = "/robots.txt"

# schema.org types for entity types and source kinds.
ENTITY_SCHEMA_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "place": "Place",
    "event": "Event",
    "document": "CreativeWork",
    "other": "Thing",
}
SOURCE_SCHEMA_TYPES = {
    "news": "NewsArticle",
    "report": "Report",
    "dataset": "Dataset",
    "interview": "CreativeWork",
    "statement": "CreativeWork",
    "document": "CreativeWork",
    "other": "CreativeWork",
}
# A ClaimReview is the review of someone else's claim (a `statement`) that reached
# a verdict; an unverified claim has none. Ratings run from 1 (false) to 5 (true).
REVIEW_RATINGS = {"verified": 5, "disputed": 3, "misleading": 2, "false": 1}

# Characters XML 1.0 forbids even as references; a feed holding one does not parse.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# An article's body goes into every feed that lists it: each is cleaned once (and,
# in the preview, once per change). An article gives about five texts (title, author,
# summary, body, tag names); the cache holds those of 20,000 articles or more, as the
# strings are the articles' own (a text with nothing to remove is returned as is).
@functools.lru_cache(maxsize=1 << 17)
def xml_text(text: str) -> str:
    return _XML_INVALID.sub("", text)


def has_absolute_base(config: Config) -> bool:
    return config.base_url.startswith(("http://", "https://"))


def publish_note(config: Config) -> str:
    """A line for the build summary when feeds and sitemap have relative links."""
    if has_absolute_base(config):
        return ""
    return (
        "feeds and sitemap have relative links: set base_url in briefgen.yaml "
        "(or pass --base-url) to the site's address to make them absolute"
    )


def iri(config: Config, path: str) -> str:
    """A feed's or entry's id: its absolute URL, or without one a name-based UUID
    that is the same in every build of the archive."""
    if has_absolute_base(config):
        return config.site_origin + "/" + path.lstrip("/")
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"briefgen:{config.title}:{path}"))


def atom_date(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def article_updated(article: Article) -> dt.date:
    return max(article.date, article.updated) if article.updated else article.date


def shorten(text: str, limit: int = 200) -> str:
    """One line of at most `limit` characters, cut at a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.-–—") + "…"


# --- Feeds -------------------------------------------------------------------


@dataclass
class FeedEntry:
    title: str
    path: str  # the article's site path; its absolute URL is the entry's id
    published: str
    updated: str
    authors: list[str]
    summary: str
    content_html: str  # '' when the feed carries summaries only
    categories: list[tuple[str, str]]  # (tag slug, tag name)
    id: str = ""


@dataclass
class Feed:
    path: str  # site path of the feed itself, e.g. /entities/putin/feed.xml
    page_path: str  # the HTML page it follows
    title: str
    subtitle: str
    updated: str
    author: str
    language: str
    entries: list[FeedEntry] = field(default_factory=list)
    id: str = ""


def entity_feed_articles(entity: Entity) -> list[Article]:
    """Articles that list or mention the entity, newest first."""
    return [item.article for item in entity.articles]


def tag_feed_articles(tag: Tag) -> list[Article]:
    """Articles with the tag as a topic or on one of their claims, newest first."""
    articles = list(tag.articles)
    seen = {id(article) for article in articles}  # identity: Article's == compares every field
    for claim in tag.claims:
        if claim.article is not None and id(claim.article) not in seen:
            seen.add(id(claim.article))
            articles.append(claim.article)
    return newest_first(articles)


def entity_feed_path(entity: Entity) -> str:
    return f"{entity.url}feed.xml"


def tag_feed_path(tag: Tag) -> str:
    return f"{tag.url}feed.xml"


def _entry(article: Article, config: Config) -> FeedEntry:
    return FeedEntry(
        title=xml_text(article.title),
        path=article.url,
        published=atom_date(article.date),
        updated=atom_date(article_updated(article)),
        authors=[xml_text(a) for a in article.authors],
        summary=xml_text(article.summary),
        content_html=xml_text(feed_body(article)) if config.feed_full_content else "",
        categories=[(t.slug, xml_text(t.name)) for t in article.tags],
        id=iri(config, article.url),
    )


def make_feed(
    path: str,
    page_path: str,
    title: str,
    subtitle: str,
    articles: list[Article],
    config: Config,
    made: dict | None = None,
) -> Feed:
    """`made` keeps the entries already made, by article, for the next feed."""
    articles = articles[: config.feed_count]
    made = {} if made is None else made
    entries = [made.get(id(a)) or made.setdefault(id(a), _entry(a, config)) for a in articles]
    return Feed(
        path=path,
        page_path=page_path,
        title=xml_text(title),
        subtitle=xml_text(subtitle),
        # Atom requires <updated>; an empty feed is never written (see publish_routes).
        updated=max(entry.updated for entry in entries),
        author=xml_text(config.author or config.title),
        language=config.language,
        entries=entries,
        id=iri(config, path),
    )


def _depends(articles: list[Article]) -> frozenset:
    return frozenset(("article", article.slug) for article in articles)


def publish_routes(archive: Archive, pages: list[Page]) -> list[Page]:
    """Feeds, sitemap and robots.txt for the HTML pages in `pages`."""
    config = archive.config
    routes: list[Page] = []
    made: dict = {}  # an article is an entry of several feeds; it is made once
    if archive.articles:
        feed = make_feed(
            FEED_PATH, "/", config.title, config.description, archive.articles, config, made
        )
        routes.append(
            Page(FEED_PATH, "feed.xml", {"feed": feed}, feed.title, _depends(archive.articles))
        )
        # One feed per entity and per tag that has articles, so a reader can follow
        # one person or one topic.
        subjects = [
            (
                entity_feed_articles(e),
                entity_feed_path(e),
                e.url,
                ("entity", e.id),
                f"{e.name} · {config.title}",
                f"Briefings that name {e.name}",
            )
            for e in archive.entities.values()
        ] + [
            (
                tag_feed_articles(t),
                tag_feed_path(t),
                t.url,
                ("tag", t.slug),
                f"Tag: {t.name} · {config.title}",
                f"Briefings and claims tagged “{t.name}”",
            )
            for t in archive.tags.values()
        ]
        for articles, path, page_path, key, title, subtitle in subjects:
            if not articles:
                continue
            feed = make_feed(path, page_path, title, subtitle, articles, config, made)
            depends = _depends(articles) | {key}
            routes.append(Page(feed.path, "feed.xml", {"feed": feed}, title, depends))
    entries = [(page.path, sitemap_lastmod(page)) for page in pages if page.path.endswith("/")]
    all_articles = _depends(archive.articles)
    routes.append(Page(SITEMAP_PATH, "sitemap.xml", {"entries": entries}, "Sitemap", all_articles))
    routes.append(
        Page(ROBOTS_PATH, "robots.txt", {"sitemap": has_absolute_base(config)}, "robots.txt")
    )
    return routes


def sitemap_lastmod(page: Page) -> str:
    """The newest content date a page shows ('' when it shows none)."""
    ctx = page.context
    articles: list[Article] = []
    if "article" in ctx:
        articles = [ctx["article"]]
    elif "entity" in ctx:
        articles = entity_feed_articles(ctx["entity"])
    elif "tag" in ctx:
        articles = tag_feed_articles(ctx["tag"])
    elif "source" in ctx:
        articles = [c.claim.article for c in ctx["source"].citations if c.claim and c.claim.article]
    elif "claim_page" in ctx:
        articles = [ctx["claim_page"].claim.article]
    elif "latest" in ctx:
        articles = ctx["latest"]
    elif "by_year" in ctx:
        articles = [a for _, group in ctx["by_year"] for a in group]
    if not articles:
        return ""
    return max(article_updated(a) for a in articles).isoformat()


# --- Page metadata -----------------------------------------------------------


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str  # absolute, '' when unknown
    og_type: str
    feeds: list[tuple[str, str]]  # (title, site path of the feed)
    published: str = ""
    modified: str = ""
    tags: list[str] = field(default_factory=list)
    noindex: bool = False
    json_ld: Markup | None = None
    # The share image: its site path (the template makes it absolute when it can)
    # and its description; '' on pages without one.
    image: str = ""
    image_alt: str = ""
    image_size: tuple[int, int] = (IMAGE_WIDTH, IMAGE_HEIGHT)


def _description(page: Page, config: Config) -> str:
    ctx = page.context
    if "article" in ctx:
        article: Article = ctx["article"]
        return article.summary or article.title
    if "entity" in ctx:
        entity: Entity = ctx["entity"]
        return (
            entity.description or f"{entity.name}: the briefings that name them and their claims."
        )
    if "tag" in ctx:
        return f"Claims and briefings tagged “{ctx['tag'].name}” in {config.title}."
    if "source" in ctx:
        source: Source = ctx["source"]
        by = f", {source.publisher}" if source.publisher else ""
        return f"{source.title}{by}: the source and the claims that cite it."
    if "claim_page" in ctx:
        claim: Claim = ctx["claim_page"].claim
        said = f" said by {claim.by.name}" if claim.by else ""
        return (
            f"{claim.kind_label} claim{said}, {claim.status_label.lower()}: “{claim.quote}” "
            f"(from {claim.article.title})"
        )
    if page.path == "/" or not page.title:
        return config.description or f"{config.title}: annotated briefings."
    return f"{page.title} of {config.title}." + (
        f" {config.description}" if config.description else ""
    )


def page_meta_helper(
    archive: Archive, absolute: Callable[[str], str]
) -> Callable[[Page], PageMeta]:
    """`page_meta(page)` for templates/partials/meta.html."""
    config = archive.config

    def page_meta(page: Page) -> PageMeta:
        known = has_absolute_base(config) and bool(absolute("/"))
        is_html_page = page.path.endswith("/")
        feeds: list[tuple[str, str]] = []  # (title, site path); the template makes the href
        ctx = page.context
        if archive.articles:
            feeds.append((config.title, FEED_PATH))
        if "entity" in ctx and entity_feed_articles(ctx["entity"]):
            entity = ctx["entity"]
            feeds.append((f"{entity.name} · {config.title}", entity_feed_path(entity)))
        if "book" in ctx and ctx.get("feed_path"):
            feeds.append((f"Forecast resolutions · {config.title}", ctx["feed_path"]))
        if "tag" in ctx and tag_feed_articles(ctx["tag"]):
            tag = ctx["tag"]
            feeds.append((f"Tag: {tag.name} · {config.title}", tag_feed_path(tag)))
        meta = PageMeta(
            title=page.title or config.title,
            description=shorten(_description(page, config)),
            canonical=absolute(page.path) if known and is_html_page else "",
            og_type="website",
            feeds=feeds,
            noindex=not is_html_page,  # the 404 page
        )
        if "article" in ctx:
            article: Article = ctx["article"]
            meta.og_type = "article"
            meta.published = article.date.isoformat()
            meta.modified = article_updated(article).isoformat()
            meta.tags = [t.name for t in article.tags]
            data = article_json_ld(article, archive, absolute if known else None)
            meta.json_ld = json_ld_markup(data)
            meta.image = share_path(article)
            meta.image_alt = shorten(alt_text(share_card(article, config.title)), 300)
        if "claim_page" in ctx:
            claim = ctx["claim_page"].claim
            meta.og_type = "article"
            meta.published = claim.article.date.isoformat()
            if claim.kind == "statement" and claim.status in REVIEW_RATINGS:
                review = _claim_review(claim, claim.article, config, absolute if known else None)
                meta.json_ld = json_ld_markup({"@context": "https://schema.org", **review})
        return meta

    return page_meta


# --- schema.org JSON-LD ------------------------------------------------------


def json_ld_markup(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> block. No field can end the
    block or open a comment: <, > and & are written as JSON escapes."""
    # On one line: with `indent`, json uses its pure-Python encoder, which was a
    # tenth of rendering an entity page.
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


def _entity_node(entity: Entity, absolute: Callable[[str], str] | None) -> dict:
    node: dict = {"@type": ENTITY_SCHEMA_TYPES.get(entity.type, "Thing"), "name": entity.name}
    if absolute:
        node["url"] = absolute(entity.url)
    if entity.description:
        node["description"] = entity.description
    if entity.wikidata:
        node["sameAs"] = entity.wikidata_url
    return node


def _source_node(source: Source, absolute: Callable[[str], str] | None) -> dict:
    node: dict = {
        "@type": SOURCE_SCHEMA_TYPES.get(source.kind, "CreativeWork"),
        "name": source.title,
    }
    if source.url:
        node["url"] = source.url
    elif absolute:
        node["url"] = absolute(source.url_path)
    if source.publisher:
        node["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.authors:
        node["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    if source.date:
        node["datePublished"] = source.date.isoformat()
    return node


def _authors(article: Article, config: Config) -> list[dict]:
    if article.authors:
        return [{"@type": "Person", "name": name} for name in article.authors]
    return [{"@type": "Organization", "name": config.author or config.title}]


def _claim_review(
    claim: Claim, article: Article, config: Config, absolute: Callable[[str], str] | None
) -> dict:
    item: dict = {"@type": "Claim"}
    if claim.by is not None:
        item["author"] = _entity_node(claim.by, absolute)
    appearances = [c.source for c in claim.citations if c.source is not None]
    if appearances:
        item["appearance"] = [_source_node(s, absolute) for s in appearances]
    review: dict = {
        "@type": "ClaimReview",
        "claimReviewed": claim.quote,
        "itemReviewed": item,
        "author": _authors(article, config),
        "datePublished": article.date.isoformat(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": REVIEW_RATINGS[claim.status],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": claim.status_label,
        },
    }
    if absolute:
        review["url"] = absolute(claim.page_url)
    return review


def article_json_ld(
    article: Article, archive: Archive, absolute: Callable[[str], str] | None
) -> dict:
    """An AnalysisNewsArticle, with a ClaimReview for each reviewed statement."""
    config = archive.config
    node: dict = {
        "@type": "AnalysisNewsArticle",
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.date.isoformat(),
        "dateModified": article_updated(article).isoformat(),
        "author": _authors(article, config),
        "publisher": {"@type": "Organization", "name": config.title},
        "inLanguage": config.language,
    }
    if absolute:
        node["@id"] = absolute(article.url) + "#article"
        node["url"] = absolute(article.url)
        node["mainEntityOfPage"] = absolute(article.url)
    if article.section:
        node["articleSection"] = article.section
    if article.tags:
        node["keywords"] = [t.name for t in article.tags]
    if article.entities:
        node["about"] = [_entity_node(e, absolute) for e in article.entities]
    listed = {e.id for e in article.entities}
    # Mentioned: named in the body or by a claim (its speaker, whom it is about)
    # without being listed as what the article is about.
    named = [archive.entities.get(m.entity_id) for m in article.mentions]
    for claim in article.claims:
        named += [claim.by, *claim.about]
    mentioned: list[Entity] = []
    for entity in named:
        if entity is not None and entity.id not in listed and entity not in mentioned:
            mentioned.append(entity)
    if mentioned:
        node["mentions"] = [_entity_node(e, absolute) for e in mentioned]
    if article.sources_cited:
        node["citation"] = [_source_node(s, absolute) for s in article.sources_cited]
    graph = [node]
    for claim in article.claims:
        if claim.kind == "statement" and claim.status in REVIEW_RATINGS:
            graph.append(_claim_review(claim, article, config, absolute))
    return {"@context": "https://schema.org", "@graph": graph}
