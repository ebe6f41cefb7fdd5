"""The routes of the files that list the site: Atom feeds (the whole archive's, one
per entity and per tag), the sitemap and robots.txt.

The sitemap's dates come from the content, never from the clock, so two builds of
one archive give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from briefgen import page as kinds
from briefgen.config import has_absolute_base
from briefgen.feeds import (
    FEED_PATH,
    Feed,
    article_updated,
    entity_feed_articles,
    entity_feed_path,
    make_feed,
    tag_feed_articles,
    tag_feed_path,
)
from briefgen.link import Archive
from briefgen.model import Article
from briefgen.page import Page

SITEMAP_PATH = "/sitemap.xml"
ROBOTS_PATH = "/robots.txt"


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
        routes.append(_feed_page(feed, feed.title, _depends(archive.articles)))
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
            routes.append(_feed_page(feed, title, depends))
    entries = SitemapEntries([page for page in pages if page.path.endswith("/")])
    all_articles = _depends(archive.articles)
    routes.append(
        Page(
            SITEMAP_PATH,
            "sitemap.xml",
            {"entries": entries},
            "Sitemap",
            all_articles,
            kind=kinds.SITEMAP,
        )
    )
    routes.append(
        Page(
            ROBOTS_PATH,
            "robots.txt",
            {"sitemap": has_absolute_base(config)},
            "robots.txt",
            kind=kinds.ROBOTS,
        )
    )
    return routes


def _feed_page(feed: Feed, title: str, depends: frozenset) -> Page:
    return Page(
        feed.path, "feed.xml", {"feed": feed}, title, depends, kind=kinds.FEED, subject=feed
    )


class SitemapEntries(Sequence):
    """The sitemap's (path, lastmod) of each page, worked out when the sitemap is
    rendered, not when the routes are made: the preview puts the sitemap off after a
    save that relinks the archive, and its dates (53,000 of them at 10,000 articles)
    were a tenth of the time until the open page was shown."""

    def __init__(self, pages: list[Page]):
        self._pages = pages
        self._entries: list[tuple[str, str]] | None = None

    def _made(self) -> list[tuple[str, str]]:
        if self._entries is None:
            self._entries = [(page.path, sitemap_lastmod(page)) for page in self._pages]
        return self._entries

    def __getitem__(self, index):
        return self._made()[index]

    def __len__(self) -> int:
        return len(self._pages)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._made())


def sitemap_lastmod(page: Page) -> str:
    """The newest content date a page shows ('' when it shows none)."""
    subject = page.subject
    articles: list[Article] = []
    if page.kind == kinds.ARTICLE:
        articles = [subject]
    elif page.kind == kinds.ENTITY:
        articles = entity_feed_articles(subject)
    elif page.kind == kinds.TAG:
        articles = tag_feed_articles(subject)
    elif page.kind == kinds.SOURCE:
        articles = [c.claim.article for c in subject.citations if c.claim and c.claim.article]
    elif page.kind == kinds.CLAIM:
        articles = [subject.article]
    elif page.kind == kinds.INDEX:
        articles = page.context["latest"]
    elif page.kind == kinds.ARCHIVE:
        articles = [a for _, group in page.context["by_year"] for a in group]
    if not articles:
        return ""
    return max(article_updated(a) for a in articles).isoformat()
