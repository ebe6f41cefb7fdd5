"""schema.org JSON-LD for article and claim pages: an AnalysisNewsArticle with the
entities it is about and mentions and the sources it cites, and a ClaimReview for
each reviewed statement.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from markupsafe import Markup

from briefgen.config import Config
from briefgen.feeds import article_updated
from briefgen.link import Archive
from briefgen.model import Article, Claim, Entity, Source

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


def claim_review(
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
            graph.append(claim_review(claim, article, config, absolute))
    return {"@context": "https://schema.org", "@graph": graph}
