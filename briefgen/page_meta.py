"""Every page's metadata (templates/partials/meta.html): title, description,
canonical link, the feeds it offers, Open Graph fields, share image and JSON-LD.

A page carries no canonical link without an http(s) `base_url`, rather than a URL
that would point nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from briefgen import page as kinds
from briefgen.config import Config, has_absolute_base
from briefgen.feeds import (
    FEED_PATH,
    article_updated,
    entity_feed_articles,
    entity_feed_path,
    shorten,
    tag_feed_articles,
    tag_feed_path,
)
from briefgen.json_ld import REVIEW_RATINGS, article_json_ld, claim_review, json_ld_markup
from briefgen.link import Archive
from briefgen.model import Article, Claim, Entity, Source
from briefgen.page import Page
from briefgen.share_image import HEIGHT as IMAGE_HEIGHT
from briefgen.share_image import WIDTH as IMAGE_WIDTH
from briefgen.share_image import alt_text, share_card, share_path


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
    kind = page.kind
    if kind == kinds.ARTICLE:
        article: Article = page.subject
        return article.summary or article.title
    if kind == kinds.ENTITY:
        entity: Entity = page.subject
        return (
            entity.description or f"{entity.name}: the briefings that name them and their claims."
        )
    if kind == kinds.TAG:
        return f"Claims and briefings tagged “{page.subject.name}” in {config.title}."
    if kind == kinds.SOURCE:
        source: Source = page.subject
        by = f", {source.publisher}" if source.publisher else ""
        return f"{source.title}{by}: the source and the claims that cite it."
    if kind == kinds.CLAIM:
        claim: Claim = page.subject
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
        kind, subject = page.kind, page.subject
        if archive.articles:
            feeds.append((config.title, FEED_PATH))
        if kind == kinds.ENTITY and entity_feed_articles(subject):
            feeds.append((f"{subject.name} · {config.title}", entity_feed_path(subject)))
        if kind == kinds.FORECASTS and page.context["feed_path"]:
            feeds.append((f"Forecast resolutions · {config.title}", page.context["feed_path"]))
        if kind == kinds.TAG and tag_feed_articles(subject):
            feeds.append((f"Tag: {subject.name} · {config.title}", tag_feed_path(subject)))
        meta = PageMeta(
            title=page.title or config.title,
            description=shorten(_description(page, config)),
            canonical=absolute(page.path) if known and is_html_page else "",
            og_type="website",
            feeds=feeds,
            noindex=not is_html_page,  # the 404 page
        )
        if kind == kinds.ARTICLE:
            article: Article = subject
            meta.og_type = "article"
            meta.published = article.date.isoformat()
            meta.modified = article_updated(article).isoformat()
            meta.tags = [t.name for t in article.tags]
            data = article_json_ld(article, archive, absolute if known else None)
            meta.json_ld = json_ld_markup(data)
            meta.image = share_path(article)
            meta.image_alt = shorten(alt_text(share_card(article, config.title)), 300)
        if kind == kinds.CLAIM:
            claim: Claim = subject
            meta.og_type = "article"
            meta.published = claim.article.date.isoformat()
            if claim.kind == "statement" and claim.status in REVIEW_RATINGS:
                review = claim_review(claim, claim.article, config, absolute if known else None)
                meta.json_ld = json_ld_markup({"@context": "https://schema.org", **review})
        return meta

    return page_meta
