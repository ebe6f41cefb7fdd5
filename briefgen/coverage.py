"""What is left to annotate, per article and for the archive (`briefgen coverage`).

A reading of the linked archive that changes none of its values: the body is
parsed into the renderer's blocks, claims are located with the renderer's own
quote matching, and names are found as the article page finds them
(briefgen/mentions.py). The figures:

- claims, and the words of their quotes per claim;
- sentences of the body (headings aside) and how many are in claims: a sentence
  is in a claim when a claim's quote covers at least one of its words;
- unlinked mentions: a known entity's name or alias in the body of an article
  that does not list the entity;
- statements without `by`; claims without sources; claims whose only sources are
  the article itself (a source is the article when it has the article's title);
  claims whose quote is not found in the body;
- forecasts whose `resolve_by` is before today and that have no `resolution`;
- for the archive: sources no claim cites, entities no article lists, and tags
  used once (on one claim or one article).

Drafts count only with `--drafts`, as in a build.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.config import Config
from briefgen.diagnostics import Diagnostic, Diagnostics, Position
from briefgen.link import Archive, link
from briefgen.load import Document, YList, YMap, load_archive_files
from briefgen.mentions import body_blocks, find_names, line_and_column
from briefgen.model import Article, Claim
from briefgen.quotes import fold
from briefgen.render import Block, abbreviation_ends, locate_claims, make_markdown
from briefgen.validate import slugify, validate

_SENTENCE_END_RE = re.compile(r"[.!?][\"”’)]?(?=\s|$)")
_WORD_CHAR_RE = re.compile(r"\w")


@dataclass(frozen=True)
class Place:
    """Where a thing to do stands: a file, line and column."""

    path: str
    line: int
    col: int

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class ClaimItem:
    claim: str
    place: Place
    detail: str = ""  # a forecast's resolve_by


@dataclass(frozen=True)
class UnlinkedMention:
    entity: str
    text: str
    place: Place


@dataclass
class ArticleCoverage:
    path: str
    slug: str
    title: str
    claims: int = 0
    claim_words: int = 0
    sentences: int = 0
    sentences_in_claims: int = 0
    unlinked_mentions: list[UnlinkedMention] = field(default_factory=list)
    statements_without_by: list[ClaimItem] = field(default_factory=list)
    claims_without_sources: list[ClaimItem] = field(default_factory=list)
    self_sourced_claims: list[ClaimItem] = field(default_factory=list)
    unanchored_claims: list[ClaimItem] = field(default_factory=list)
    overdue_forecasts: list[ClaimItem] = field(default_factory=list)


@dataclass(frozen=True)
class NamedItem:
    id: str
    place: Place
    detail: str = ""  # a tag's name; where a tag is used


@dataclass
class Coverage:
    today: dt.date
    articles: list[ArticleCoverage] = field(default_factory=list)
    sources_never_cited: list[NamedItem] = field(default_factory=list)
    entities_never_listed: list[NamedItem] = field(default_factory=list)
    tags_used_once: list[NamedItem] = field(default_factory=list)
    # Content errors met while reading the archive and placing its quotes, as
    # `check` reports them: what could not be read is not counted above.
    errors: list[Diagnostic] = field(default_factory=list)

    def total(self, name: str) -> int:
        values = (getattr(a, name) for a in self.articles)
        return sum(len(v) if isinstance(v, list) else v for v in values)


def words_per_claim(claims: int, words: int) -> float:
    return round(words / claims, 1) if claims else 0.0


def percent(part: int, whole: int) -> float:
    """Rounded to one decimal; a body without sentences has nothing left to cover."""
    return round(100 * part / whole, 1) if whole else 100.0


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a block's text, as (start, end) offsets: a sentence ends at
    '.', '!' or '?' (and a closing quote or bracket) before white space, unless the
    full stop ends an abbreviation ('Dr.', 'J.'), as the renderer reads sentences."""
    spans, start = [], 0
    for match in _SENTENCE_END_RE.finditer(text):
        if match.group(0)[0] == "." and abbreviation_ends(text, match.start() + 1):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if _WORD_CHAR_RE.search(text, a, b)]


def _claim_place(article: Article, claim: Claim) -> Place:
    return Place(article.path, claim.pos.line, claim.pos.col)


def _is_the_article(article: Article, claim: Claim) -> bool:
    """Every source the claim cites is the article itself (has its title)."""
    title = fold(article.title).casefold()
    return bool(claim.citations) and all(
        c.source is not None and fold(c.source.title).casefold() == title for c in claim.citations
    )


def _raw_claims(doc: Document | None) -> dict[str, YMap]:
    """The article's claims as written, by id: forecast fields are read from there,
    so that `coverage` reads them as the format defines them (DESIGN §1.3)."""
    claims = doc.meta.get("claims") if doc else None
    if not isinstance(claims, YList):
        return {}
    return {str(c.get("id")): c for c in claims if isinstance(c, YMap) and c.get("id")}


def measure_article(
    article: Article,
    doc: Document | None,
    archive: Archive,
    md,
    today: dt.date,
    diags: Diagnostics | None = None,
    threshold: float = Config.quote_similarity,
) -> ArticleCoverage:
    """The article's figures; a quote that does not match is an error in `diags`,
    judged by the archive's `quote_similarity` (`threshold`) as a build judges it."""
    result = ArticleCoverage(article.path, article.slug, article.title)
    blocks: list[Block] = body_blocks(md, article.body, article.body_line)
    located = locate_claims(
        article, blocks, diags if diags is not None else Diagnostics(), threshold
    )
    result.claims = len(article.claims)
    result.claim_words = sum(len(fold(c.quote).split()) for c in article.claims)
    for block in blocks:
        if block.heading:
            continue
        ranges = [(m.start, m.end) for m in located.values() if m.block is block]
        for start, end in sentence_spans(block.display):
            result.sentences += 1
            if any(
                _WORD_CHAR_RE.search(block.display, max(start, a), min(end, b))
                for a, b in ranges
                if a < end and start < b
            ):
                result.sentences_in_claims += 1
    listed = set(article.entity_ids)
    for found in find_names(blocks, archive.entities.values()):
        if found.entity_id not in listed:
            line, col = line_and_column(found, article.body, article.body_line)
            result.unlinked_mentions.append(
                UnlinkedMention(found.entity_id, found.text, Place(article.path, line, col))
            )
    raw = _raw_claims(doc)
    for claim in article.claims:
        place = _claim_place(article, claim)
        if claim.id not in located:
            result.unanchored_claims.append(ClaimItem(claim.id, place))
        if claim.kind == "statement" and not claim.by_id:
            result.statements_without_by.append(ClaimItem(claim.id, place))
        if not claim.citations:
            result.claims_without_sources.append(ClaimItem(claim.id, place))
        elif _is_the_article(article, claim):
            result.self_sourced_claims.append(ClaimItem(claim.id, place))
        written = raw.get(claim.id)
        if claim.kind == "forecast" and written is not None:
            # The date as validated (None when it is not a date); its place as written.
            resolve_by = claim.resolve_by
            if resolve_by and resolve_by < today and written.get("resolution") is None:
                pos = written.vpos("resolve_by")
                result.overdue_forecasts.append(
                    ClaimItem(claim.id, Place(article.path, pos.line, pos.col), str(resolve_by))
                )
    return result


def _tag_places(archive: Archive, docs: dict[str, Document]) -> dict[str, list[Place]]:
    """Where each tag is written (slug -> places), read from the front-matter."""
    places: dict[str, list[Place]] = {}

    def add(path: str, items, pos_of) -> None:
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list):
            return
        for index, name in enumerate(items):
            if isinstance(name, str) and slugify(name):
                pos = pos_of(index)
                places.setdefault(slugify(name), []).append(Place(path, pos.line, pos.col))

    for article in sorted(archive.articles, key=lambda a: a.path):
        doc = docs.get(article.path)
        if doc is None:
            continue
        tags = doc.meta.get("tags")
        add(article.path, tags, lambda i, t=tags, m=doc.meta: _item_pos(t, i, m.vpos("tags")))
        for claim in _raw_claims(doc).values():
            tags = claim.get("tags")
            add(article.path, tags, lambda i, t=tags, c=claim: _item_pos(t, i, c.vpos("tags")))
    return places


def _item_pos(items, index: int, fallback: Position) -> Position:
    return items.ipos(index) if isinstance(items, YList) else fallback


def measure(
    archive: Archive,
    documents: list[Document],
    config: Config,
    today: dt.date,
    diags: Diagnostics | None = None,
):
    md = make_markdown(raw_html=config.raw_html)
    docs = {doc.path: doc for doc in documents}
    coverage = Coverage(today)
    for article in sorted(archive.articles, key=lambda a: a.path):
        coverage.articles.append(
            measure_article(
                article, docs.get(article.path), archive, md, today, diags, config.quote_similarity
            )
        )
    for source in archive.sources.values():
        if not source.citations:
            place = Place(source.path, source.pos.line, source.pos.col)
            coverage.sources_never_cited.append(NamedItem(source.id, place))
    listed = {entity_id for a in archive.articles for entity_id in a.entity_ids}
    for entity in archive.entities.values():
        if entity.id not in listed:
            coverage.entities_never_listed.append(NamedItem(entity.id, Place(entity.path, 1, 1)))
    places = _tag_places(archive, docs)
    for tag in archive.tags.values():
        uses = len(tag.claims) + len(tag.articles)
        if uses == 1 and places.get(tag.slug):
            coverage.tags_used_once.append(NamedItem(tag.slug, places[tag.slug][0], tag.name))
    return coverage


def coverage_of(root: Path, config: Config, drafts: bool, today: dt.date) -> Coverage:
    """Load, validate and link the archive as a build does, then measure it."""
    diags = Diagnostics()
    documents = load_archive_files(root, diags)
    archive = link(validate(documents, diags), config, diags, drafts=drafts)
    coverage = measure(archive, documents, config, today, diags)
    coverage.errors = sorted(set(diags.errors), key=lambda d: d.sort_key())
    return coverage
