"""Stage 5, pages: the route table, each URL with its template and context.

Every page of DESIGN §5 is listed here with exactly the objects its template needs;
templates only format them. Paths are site paths (`/entities/putin/`); the write
stage turns a path ending in '/' into `index.html`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from itertools import groupby

from briefgen import opendata
from briefgen import page as kinds
from briefgen.feed_routes import publish_routes
from briefgen.forecast_pages import forecast_routes
from briefgen.grades import RELIABILITY, reliability_label
from briefgen.link import Archive
from briefgen.model import (
    CLAIM_KINDS,
    CLAIM_STATUSES,
    ENTITY_TYPE_LABELS,
    ENTITY_TYPES,
    KIND_LABELS,
    STATUS_LABELS,
)
from briefgen.page import ClaimPage, Page
from briefgen.search_index import SEARCH_PATH, facet_values
from briefgen.share_image import draw_share_image, share_card, share_path

CLAIMS_PATH = "/claims/"


def claims_group_path(kind: str, status: str = "") -> str:
    """The site path of a group of the claims page: all claims of a kind, or those of
    a kind with a status (the ids claims.html gives its headings)."""
    return f"{CLAIMS_PATH}#kind-{kind}" + (f"-{status}" if status else "")


@dataclass
class ClaimCounts:
    """Counts by kind and status, for the home page and the claims list."""

    table: dict[str, Counter]  # kind -> status -> count
    by_status: Counter
    total: int

    def path(self, kind: str, status: str = "") -> str:
        """Where the claims a count counts are listed."""
        return claims_group_path(kind, status)


def claim_counts(claims) -> ClaimCounts:
    table = {kind: Counter() for kind in CLAIM_KINDS}
    for claim in claims:
        table[claim.kind][claim.status] += 1
    totals_by_status = Counter(claim.status for claim in claims)
    return ClaimCounts(table, totals_by_status, len(claims))


def data_routes(archive: Archive) -> list[Page]:
    """/data/: its index page, the data files and their JSON Schemas."""
    files = opendata.data_files(archive)
    schemas = sorted({file.schema_path for file in files})
    routes = [
        Page(
            opendata.DATA_DIR,
            "data.html",
            {"data_files": files, "schema_paths": schemas},
            title="Open data",
            kind=kinds.DATA,
        )
    ]
    for file in files:
        routes.append(
            Page(
                file.path,
                "",
                title=file.name,
                content=partial(opendata.site_file_bytes, archive, file.name),
                kind=kinds.DATA_FILE,
                subject=file.name,
            )
        )
    for path in schemas:
        name = path.rsplit("/", 1)[1]
        routes.append(
            Page(
                path,
                "",
                title=name,
                content=partial(opendata.schema_bytes, name, archive.config),
                kind=kinds.DATA_FILE,
                subject=name,
            )
        )
    return routes


def shorten_quote(text: str, limit: int = 60) -> str:
    """A quote cut at a word to fit a page title."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–—") + "…"


def build_routes(archive: Archive) -> list[Page]:
    pages: list[Page] = []
    articles = archive.articles
    entities = list(archive.entities.values())

    most_mentioned = sorted(
        (e for e in entities if e.articles),
        key=lambda e: (-len(e.mentions), -len(e.articles), e.name.lower()),
    )[:12]
    pages.append(
        Page(
            "/",
            "index.html",
            {
                "latest": articles[:10],
                "most_mentioned": most_mentioned,
                "counts": claim_counts(archive.claims),
            },
            title="",
            kind=kinds.INDEX,
        )
    )
    for article in articles:
        pages.append(
            Page(
                article.url,
                "article.html",
                {"article": article},
                title=article.title,
                kind=kinds.ARTICLE,
                subject=article,
            )
        )
        # Its share image (og:image), drawn by briefgen/share_image.py; the card, all
        # the image shows, is its context and so its page key.
        card = share_card(article, archive.config.title)
        pages.append(
            Page(
                share_path(article),
                "",
                {"share": card},
                article.title,
                content=partial(draw_share_image, card),
                kind=kinds.SHARE_IMAGE,
                subject=article,
            )
        )

    by_year = [(year, list(group)) for year, group in groupby(articles, key=lambda a: a.date.year)]
    pages.append(
        Page("/archive/", "archive.html", {"by_year": by_year}, "Archive", kind=kinds.ARCHIVE)
    )

    groups = []
    for entity_type in ENTITY_TYPES:
        members = sorted(
            (e for e in entities if e.type == entity_type), key=lambda e: e.name.lower()
        )
        if members:
            groups.append((entity_type, ENTITY_TYPE_LABELS[entity_type], members))
    pages.append(
        Page("/entities/", "entities.html", {"groups": groups}, "Entities", kind=kinds.ENTITIES)
    )
    for entity in entities:
        pages.append(
            Page(
                entity.url,
                "entity.html",
                {"entity": entity},
                entity.name,
                kind=kinds.ENTITY,
                subject=entity,
            )
        )

    tags = sorted(archive.tags.values(), key=lambda t: t.name.lower())
    pages.append(Page("/tags/", "tags.html", {"tags": tags}, "Tags", kind=kinds.TAGS))
    for tag in archive.tags.values():
        pages.append(
            Page(tag.url, "tag.html", {"tag": tag}, f"Tag: {tag.name}", kind=kinds.TAG, subject=tag)
        )

    claims_by_kind = [
        (kind, KIND_LABELS[kind], [c for c in archive.claims if c.kind == kind])
        for kind in CLAIM_KINDS
    ]
    pages.append(
        Page(
            CLAIMS_PATH,
            "claims.html",
            {
                "claims_by_kind": claims_by_kind,
                "counts": claim_counts(archive.claims),
                "statuses": [(s, STATUS_LABELS[s]) for s in CLAIM_STATUSES],
                # Each pair of claims where one contradicts the other.
                "contested": archive.lineage.contested(),
            },
            title="Claims",
            kind=kinds.CLAIMS,
        )
    )

    for claim in archive.claims:
        pages.append(
            Page(
                claim.page_url,
                "claim.html",
                {
                    "claim_page": ClaimPage(
                        claim, [(r.label, r.claim) for r in archive.lineage.related(claim)]
                    )
                },
                title=f"Claim: {shorten_quote(claim.quote)}",
                kind=kinds.CLAIM,
                subject=claim,
            )
        )

    sources = sorted(archive.sources.values(), key=lambda s: (s.title.lower(), s.id))
    # Grouped by reliability, best first; ungraded sources last.
    source_groups = [
        (letter, reliability_label(letter), [s for s in sources if s.reliability == letter])
        for letter in RELIABILITY
    ] + [("", "Not graded", [s for s in sources if not s.reliability])]
    pages.append(
        Page(
            "/sources/",
            "sources.html",
            {"sources": sources, "source_groups": [g for g in source_groups if g[2]]},
            title="Sources",
            kind=kinds.SOURCES,
        )
    )
    for source in archive.sources.values():
        # The article that declares the source inline, if any.
        declared = archive.article_by_slug(source.declared_in) if source.declared_in else None
        pages.append(
            Page(
                source.url_path,
                "source.html",
                {"source": source, "declaring_article": declared},
                source.title,
                kind=kinds.SOURCE,
                subject=source,
            )
        )

    pages.extend(forecast_routes(archive))

    if archive.config.search:
        facets = facet_values(pages)
        pages.append(
            Page(SEARCH_PATH, "search.html", {"facets": facets}, "Search", kind=kinds.SEARCH)
        )

    pages.append(Page("/404.html", "404.html", {}, "Page not found", kind=kinds.NOT_FOUND))
    pages.extend(data_routes(archive))

    # Feeds, sitemap and robots.txt list the pages above.
    pages.extend(publish_routes(archive, pages))
    return pages
