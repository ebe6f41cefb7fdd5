"""Atom feeds: the feed and entry values the feed.xml template formats.

Feeds are read away from the site, so their URLs are absolute when `base_url` says
where the site lives. Without an http(s) `base_url`, feeds are still written (they
are part of the site's URL contract), with links relative to the file and stable
`urn:uuid:` ids, and the build summary says how to make them absolute.

Every date comes from the content (an article's `date` and `updated`), never from
the clock, so two builds of one archive give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from briefgen.config import Config, has_absolute_base
from briefgen.feed_content import feed_body
from briefgen.link import newest_first
from briefgen.model import Article, Entity, Tag

FEED_PATH = "/feed.xml"

# Characters XML 1.0 forbids even as references; a feed holding one does not parse.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# An article's body goes into every feed that lists it: each is cleaned once (and,
# in the preview, once per change). An article gives about five texts (title, author,
# summary, body, tag names); the cache holds those of 20,000 articles or more, as the
# strings are the articles' own (a text with nothing to remove is returned as is).
@functools.lru_cache(maxsize=1 << 17)
def xml_text(text: str) -> str:
    return _XML_INVALID.sub("", text)


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


@dataclass
class FeedEntry:
    title: str
    path: str  # the article's site path; its absolute URL is the entry's id
    published: str
    updated: str
    authors: list[str]
    summary: str
    categories: list[tuple[str, str]]  # (tag slug, tag name)
    id: str = ""
    # The entry's HTML content (None: the feed carries summaries only), made when a
    # feed showing the entry is rendered, not when the routes are made: most
    # rebuilds render few feeds, and the preview puts them off until the open page
    # is shown. Feed keys (engine/keys.py) cover it through the article's key.
    content: Callable[[], str] | None = field(default=None, repr=False, compare=False)
    _content_html: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def content_html(self) -> str:
        if self._content_html is None:
            self._content_html = self.content() if self.content is not None else ""
        return self._content_html


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
        categories=[(t.slug, xml_text(t.name)) for t in article.tags],
        id=iri(config, article.url),
        content=(lambda: xml_text(feed_body(article))) if config.feed_full_content else None,
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
