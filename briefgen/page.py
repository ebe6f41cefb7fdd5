"""The pages stage's value: one page of the site, with an explicit kind and subject.

A page's kind says what it is (an article's page, an entity's, a feed, ...), and its
subject is the value it is about (the Article, Entity, Tag, Source, Claim or Feed;
None for a page that lists the archive). Code that treats pages differently asks
`page.kind`, never the keys of the template context.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from briefgen.model import Claim

# Pages about one value (the subject).
ARTICLE = "article"
SHARE_IMAGE = "share_image"  # an article's og:image; its subject is the article
ENTITY = "entity"
TAG = "tag"
SOURCE = "source"
CLAIM = "claim"
FEED = "feed"  # its subject is the Feed
DATA_FILE = "data_file"  # a file of /data/ or its JSON Schema; subject: its name
# Pages that list the archive (no subject).
INDEX = "index"  # the home page
ARCHIVE = "archive"
ENTITIES = "entities"
TAGS = "tags"
CLAIMS = "claims"
SOURCES = "sources"
FORECASTS = "forecasts"
SEARCH = "search"
DATA = "data"  # /data/, the open data's own page
SITEMAP = "sitemap"
ROBOTS = "robots"
NOT_FOUND = "not_found"  # /404.html


@dataclass
class Page:
    path: str  # site path, e.g. "/articles/x/" or "/404.html"
    template: str
    context: dict = field(default_factory=dict)
    title: str = ""
    # What the page shows, for incremental rebuilds: ("article", slug), ...
    depends: frozenset = frozenset()
    # A file made by code rather than by a template (the open data of /data/):
    # returns the file's bytes. `template` is then ''.
    content: Callable[[], bytes] | None = None
    kind: str = ""  # one of the names above
    subject: object = None  # the value the page is about; None for a list page

    @functools.cached_property
    def output_file(self) -> str:
        """Path of the written file relative to the output folder (asked for a few
        times per page in every rebuild: 200,000 times at 10,000 articles)."""
        rel = self.path.lstrip("/")
        return rel + "index.html" if self.path.endswith("/") else rel


@dataclass
class ClaimPage:
    """What a claim's own page shows: the claim, and the claims related to it."""

    claim: Claim
    # (how it relates, in words such as "Repeats" or "Contradicted by", the other
    # claim), both ways, from the archive's lineage. The page shows the section only
    # when there are some.
    related: list[tuple[str, Claim]] = field(default_factory=list)
