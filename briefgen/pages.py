"""Stage 5, pages: the route table, each URL with its template and context.

Every page of DESIGN §5 is listed here with exactly the objects its template needs;
templates only format them. Paths are site paths (`/entities/putin/`); the write
stage turns a path ending in '/' into `index.html`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby

from briefgen import opendata
from briefgen.grades import RELIABILITY, reliability_label
from briefgen.link import Archive
from briefgen.model import (
    CLAIM_KINDS,
    CLAIM_STATUSES,
    ENTITY_TYPE_LABELS,
    ENTITY_TYPES,
    KIND_LABELS,
    STATUS_LABELS,
    Claim,
)
from briefgen.share_image import draw_share_image, share_card, share_path


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

    @property
    def output_file(self) -> str:
        """Path of the written file relative to the output folder."""
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


def claim_counts(claims) -> dict:
    """Counts by kind and status, for the home page and the claims list."""
    table = {kind: Counter() for kind in CLAIM_KINDS}
    for claim in claims:
        table[claim.kind][claim.status] += 1
    totals_by_status = Counter(claim.status for claim in claims)
    return {"table": table, "by_status": totals_by_status, "total": len(claims)}


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
        )
    ]
    for file in files:
        routes.append(
            Page(
                file.path,
                "",
                title=file.name,
                content=partial(opendata.site_file_bytes, archive, file.name),
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
        )
    )
    for article in articles:
        pages.append(
            Page(
                article.url,
                "article.html",
                {"article": article},
                title=article.title,
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
            )
        )

    by_year = [(year, list(group)) for year, group in groupby(articles, key=lambda a: a.date.year)]
    pages.append(Page("/archive/", "archive.html", {"by_year": by_year}, title="Archive"))

    groups = []
    for entity_type in ENTITY_TYPES:
        members = sorted(
            (e for e in entities if e.type == entity_type), key=lambda e: e.name.lower()
        )
        if members:
            groups.append((entity_type, ENTITY_TYPE_LABELS[entity_type], members))
    pages.append(Page("/entities/", "entities.html", {"groups": groups}, title="Entities"))
    for entity in entities:
        pages.append(Page(entity.url, "entity.html", {"entity": entity}, title=entity.name))

    tags = sorted(archive.tags.values(), key=lambda t: t.name.lower())
    pages.append(Page("/tags/", "tags.html", {"tags": tags}, title="Tags"))
    for tag in archive.tags.values():
        pages.append(Page(tag.url, "tag.html", {"tag": tag}, title=f"Tag: {tag.name}"))

    claims_by_kind = [
        (kind, KIND_LABELS[kind], [c for c in archive.claims if c.kind == kind])
        for kind in CLAIM_KINDS
    ]
    pages.append(
        Page(
            "/claims/",
            "claims.html",
            {
                "claims_by_kind": claims_by_kind,
                "counts": claim_counts(archive.claims),
                "statuses": [(s, STATUS_LABELS[s]) for s in CLAIM_STATUSES],
                # Each pair of claims where one contradicts the other.
                "contested": archive.lineage.contested(),
            },
            title="Claims",
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
        )
    )
    for source in archive.sources.values():
        pages.append(Page(source.url_path, "source.html", {"source": source}, title=source.title))

    from briefgen.forecast_pages import forecast_routes  # it builds on Page, as publish does

    pages.extend(forecast_routes(archive))

    if archive.config.search:
        # Imported here: briefgen.search_index builds on this module's Page.
        from briefgen.search_index import SEARCH_PATH, facet_values

        facets = facet_values(pages)
        pages.append(Page(SEARCH_PATH, "search.html", {"facets": facets}, title="Search"))

    pages.append(Page("/404.html", "404.html", {}, title="Page not found"))
    pages.extend(data_routes(archive))

    # Feeds, sitemap and robots.txt list the pages above. Imported here because
    # briefgen.publish builds on this module's Page.
    from briefgen.publish import publish_routes

    pages.extend(publish_routes(archive, pages))
    return pages
