"""What a page shows, as a key: a page whose key is the one it had in the last
build would be rendered to the very same bytes, so `build` links the previous
file instead of rendering it again.

A key is made of versions that the caller provides: `article_version(article)`, a
hash of everything an article's rendering draws on (its file, and the entities,
sources and tags it refers to), and `digest(path)`, the hash of a content file's
bytes. Pages that list the whole archive (the home page, the indexes, the
sitemap) have no key of their own here: the caller keys them by the whole archive,
and so are feeds when the caller gives no `articles_by_url`. `build` and the
preview server (incremental.py) both key pages here.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from briefgen.feeds import Feed
from briefgen.model import Article, Entity, Source, Tag
from briefgen.page import ClaimPage, Page
from briefgen.share_image import ShareCard


def key_of(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


class PageInputs:
    def __init__(
        self,
        article_version: Callable[[Article], str],
        digest: Callable[[str], str],
        articles_by_url: dict[str, Article] | None = None,
    ):
        self.article_version = article_version
        self.digest = digest
        self.articles_by_url = articles_by_url

    def _claim(self, claim) -> tuple:
        return (claim.id, self.article_version(claim.article) if claim.article else None)

    def of(self, page: Page) -> tuple | None:
        """The inputs of a page about one article, entity, tag, source, claim or feed; None
        for a page that lists the archive."""
        if not page.context:
            return None
        name, value = next(iter(page.context.items()))  # what the page is about
        if name == "article" and isinstance(value, Article):
            return ("article", self.article_version(value))
        if name == "share" and isinstance(value, ShareCard):
            # The image shows only its card: an edit of the body leaves it as it was.
            return ("share", value)
        if name == "entity" and isinstance(value, Entity):
            return (
                "entity",
                self.digest(value.path),
                [
                    (self.article_version(i.article), [m.anchor for m in i.mentions], i.listed)
                    for i in value.articles
                ],
                [self._claim(c) for c in value.claims_by],
                [self._claim(c) for c in value.claims_about],
                [(other.id, other.name, count) for other, count in value.co_mentions],
            )
        if name == "tag" and isinstance(value, Tag):
            return (
                "tag",
                value.slug,
                value.name,
                self.digest(value.path) if value.path else value.description,
                [self._claim(c) for c in value.claims],
                [self.article_version(a) for a in value.articles],
            )
        if name == "source" and isinstance(value, Source):
            return (
                "source",
                self.digest(value.path),
                value.declared_in,
                [
                    (self._claim(c.claim) if c.claim else None, c.locator, c.quote)
                    for c in value.citations
                ],
            )
        if name == "claim_page" and isinstance(value, ClaimPage):
            # A claim's page shows the claim and its article's title, date and
            # authors (all in the article's version), and the claims related to it.
            return (
                "claim",
                self._claim(value.claim),
                [(relation, self._claim(other)) for relation, other in value.related],
            )
        if name == "feed" and isinstance(value, Feed) and self.articles_by_url is not None:
            # A feed holds its entries whole; each entry is made from one article.
            return (
                "feed",
                value.path,
                value.page_path,
                value.title,
                value.subtitle,
                value.updated,
                value.author,
                value.id,
                [
                    self.article_version(self.articles_by_url[entry.path])
                    if entry.path in self.articles_by_url
                    else entry
                    for entry in value.entries
                ],
            )
        return None


class PageRecord:
    """The key of each page the last build into one output folder wrote, with the
    size and modification time its file had then (a file changed since, by hand or
    by another tool, is rendered again)."""

    def __init__(self, path: Path):
        self.path = path
        self.pages: dict[str, list] = {}

    @classmethod
    def load(cls, path: Path) -> PageRecord:
        record = cls(path)
        try:
            pages = json.loads(path.read_bytes())["pages"]
        except (OSError, ValueError, KeyError, TypeError):
            return record
        if isinstance(pages, dict):
            record.pages = {
                rel: entry
                for rel, entry in pages.items()
                if isinstance(entry, list) and len(entry) == 3
            }
        return record

    def reusable(self, out: Path, rel: str, key: str) -> bool:
        """The file the last build wrote for this page, with this key, is still there
        as it was written."""
        entry = self.pages.get(rel)
        if entry is None or entry[0] != key:
            return False
        try:
            st = (out / rel).lstat()
        except OSError:
            return False
        return [st.st_size, st.st_mtime_ns] == entry[1:]

    def save(self, out: Path, keys: dict[str, str]) -> None:
        pages = {}
        for rel, key in sorted(keys.items()):
            try:
                st = (out / rel).lstat()
            except OSError:
                continue
            pages[rel] = [key, st.st_size, st.st_mtime_ns]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            part = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
            part.write_text(json.dumps({"pages": pages}), encoding="utf-8")
            part.replace(self.path)
        except OSError:
            pass  # without a record the next build renders every page
