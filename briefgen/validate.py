"""Stage 2, validate: Documents become Articles, Entities, Sources and Tags.

Checks each file on its own: required fields, types, enumerations, identifiers,
dates and URLs (DESIGN §1). References between files are checked by `link`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from briefgen.diagnostics import Diagnostics, Position, did_you_mean
from briefgen.load import Document, YList, YMap
from briefgen.model import (
    CLAIM_KINDS,
    CLAIM_STATUSES,
    ENTITY_TYPES,
    SOURCE_KINDS,
    Article,
    Citation,
    Claim,
    Entity,
    Link,
    Source,
    Tag,
)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WIKIDATA_RE = re.compile(r"^Q[1-9][0-9]*$")
DATE_PREFIX_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-")

ARTICLE_FIELDS = (
    "title date updated author slug summary section tags entities claims sources draft".split()
)
CLAIM_FIELDS = "id quote occurrence kind status by about tags sources note".split()
CITATION_FIELDS = ("source", "locator", "quote")
SOURCE_FIELDS = "id title url publisher author date accessed archive_url kind".split()
ENTITY_FIELDS = "name type aliases description wikidata links".split()
TAG_FIELDS = ("name",)


def slugify(text: str) -> str:
    """A tag's identity: lower case, runs of other characters turned into '-'.
    Accents are dropped first, so 'Négociations' becomes 'negociations' rather
    than 'n-gociations'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def suggest_id(text: str) -> str:
    slug = slugify(text)
    return f"; did you mean '{slug}'?" if slug and slug != text else ""


_EMPTY_TAG = (
    "tag '{value}' has no Latin letters or digits to make its address from; write the "
    "tag in Latin letters (e.g. 'sanctions') and give it its display name in "
    "content/tags/<slug>.md"
)


@dataclass
class Validated:
    articles: list[Article] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)


class _Checker:
    """Field access for one document that reports problems at their position."""

    def __init__(self, doc: Document, diags: Diagnostics):
        self.doc = doc
        self.diags = diags

    def error(self, pos: Position, message: str) -> None:
        self.diags.error(self.doc.path, pos, message)

    def warning(self, pos: Position, message: str) -> None:
        self.diags.warning(self.doc.path, pos, message)

    def unknown_fields(self, mapping: YMap, known: tuple | list, what: str) -> None:
        for key in mapping:
            if key not in known:
                self.warning(
                    mapping.kpos(key),
                    f"unknown {what} field '{key}'; it is ignored" + did_you_mean(str(key), known),
                )

    def string(self, mapping: YMap, key: str, required: bool = False, what: str = "") -> str:
        if key not in mapping or mapping[key] is None:
            if required:
                self.error(mapping.pos, f"{what or 'front-matter'} is missing required '{key}'")
            return ""
        value = mapping[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(mapping.vpos(key), f"'{key}' must be text, not {_type_name(value)}")
            return ""
        text = str(value).strip()
        if required and not text:
            self.error(mapping.vpos(key), f"'{key}' must not be empty")
        return text

    def string_list(self, mapping: YMap, key: str) -> tuple[list[str], list[Position]]:
        """A list of strings; a single string is accepted as a list of one."""
        if key not in mapping or mapping[key] is None:
            return [], []
        value = mapping[key]
        if isinstance(value, str):
            return [value.strip()], [mapping.vpos(key)]
        if not isinstance(value, YList):
            self.error(
                mapping.vpos(key), f"'{key}' must be a list of text, not {_type_name(value)}"
            )
            return [], []
        items, positions = [], []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.error(value.ipos(index), f"'{key}' items must be text, not {_type_name(item)}")
                continue
            if not str(item).strip():
                self.error(value.ipos(index), f"'{key}' has an empty item")
                continue
            items.append(str(item).strip())
            positions.append(value.ipos(index))
        return items, positions

    def identifier(self, value: str, pos: Position, what: str) -> bool:
        if ID_RE.match(value):
            return True
        self.error(
            pos,
            f"{what} '{value}' is not a valid id (lower-case letters, digits and single "
            f"hyphens)" + suggest_id(value),
        )
        return False

    def date(self, mapping: YMap, key: str, required: bool = False) -> dt.date | None:
        if key not in mapping or mapping[key] is None:
            if required:
                self.error(mapping.pos, f"front-matter is missing required '{key}' (YYYY-MM-DD)")
            return None
        value = mapping[key]
        pos = mapping.vpos(key)
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            self.error(pos, f"'{key}' must be a date written YYYY-MM-DD, not '{text}'")
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(pos, f"'{key}' is not a real date: {text} does not exist")
            return None

    def url(self, mapping: YMap, key: str) -> str:
        text = self.string(mapping, key)
        if not text:
            return ""
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.error(
                mapping.vpos(key),
                f"'{key}' must be an http(s) URL, not '{text}'",
            )
            return ""
        return text

    def enum(self, mapping: YMap, key: str, allowed: tuple, required: bool, what: str) -> str:
        if key not in mapping or mapping[key] is None:
            if required:
                self.error(
                    mapping.pos,
                    f"{what} is missing required '{key}' (one of {', '.join(allowed)})",
                )
            return ""
        value = mapping[key]
        text = str(value).strip() if isinstance(value, str) else value
        if text not in allowed:
            hint = did_you_mean(str(text), allowed) if isinstance(text, str) else ""
            self.error(
                mapping.vpos(key),
                f"{what} {key} '{value}' is not one of {', '.join(allowed)}" + hint,
            )
            return ""
        return text

    def boolean(self, mapping: YMap, key: str) -> bool:
        value = mapping.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(mapping.vpos(key), f"'{key}' must be true or false, not '{value}'")
            return False
        return value


def _type_name(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "nothing"
    return type(value).__name__


def article_slug_from_stem(stem: str) -> str:
    return DATE_PREFIX_RE.sub("", stem)


def validate_source_fields(
    check: _Checker, mapping: YMap, source_id: str, pos: Position, what: str
) -> Source:
    authors, _ = check.string_list(mapping, "author")
    return Source(
        id=source_id,
        title=check.string(mapping, "title", required=True, what=what),
        path=check.doc.path,
        pos=pos,
        url=check.url(mapping, "url"),
        publisher=check.string(mapping, "publisher"),
        authors=authors,
        date=check.date(mapping, "date"),
        accessed=check.date(mapping, "accessed"),
        archive_url=check.url(mapping, "archive_url"),
        kind=check.enum(mapping, "kind", SOURCE_KINDS, required=False, what="source"),
    )


def validate_source_file(doc: Document, diags: Diagnostics) -> Source | None:
    check = _Checker(doc, diags)
    check.unknown_fields(doc.meta, [f for f in SOURCE_FIELDS if f != "id"], "source")
    if not check.identifier(doc.stem, Position(1, 1), "source file name"):
        return None
    source = validate_source_fields(check, doc.meta, doc.stem, doc.meta.pos, "source")
    source.body = doc.body
    source.body_line = doc.body_line
    return source


def validate_entity(doc: Document, diags: Diagnostics) -> Entity | None:
    check = _Checker(doc, diags)
    meta = doc.meta
    check.unknown_fields(meta, ENTITY_FIELDS, "entity")
    if not check.identifier(doc.stem, Position(1, 1), "entity file name"):
        return None
    name = check.string(meta, "name", required=True, what="entity")
    entity_type = check.enum(meta, "type", ENTITY_TYPES, required=True, what="entity")
    aliases, _ = check.string_list(meta, "aliases")
    wikidata = check.string(meta, "wikidata")
    if wikidata and not WIKIDATA_RE.match(wikidata):
        check.error(
            meta.vpos("wikidata"), f"wikidata must be a Q-id such as Q7747, not '{wikidata}'"
        )
        wikidata = ""
    links: list[Link] = []
    raw_links = meta.get("links")
    if raw_links is not None:
        if not isinstance(raw_links, YList):
            check.error(meta.vpos("links"), "'links' must be a list of {title, url}")
        else:
            for index, item in enumerate(raw_links):
                if not isinstance(item, YMap):
                    check.error(raw_links.ipos(index), "each link must be a mapping {title, url}")
                    continue
                check.unknown_fields(item, ("title", "url"), "link")
                title = check.string(item, "title", required=True, what="link")
                url = check.url(item, "url")
                if "url" not in item:
                    check.error(item.pos, "link is missing required 'url'")
                if title and url:
                    links.append(Link(title, url))
    return Entity(
        id=doc.stem,
        name=name or doc.stem,
        type=entity_type or "other",
        path=doc.path,
        aliases=aliases,
        description=check.string(meta, "description"),
        wikidata=wikidata,
        links=links,
        body=doc.body,
        body_line=doc.body_line,
    )


def validate_tag_file(doc: Document, diags: Diagnostics) -> Tag | None:
    check = _Checker(doc, diags)
    check.unknown_fields(doc.meta, TAG_FIELDS, "tag")
    if not check.identifier(doc.stem, Position(1, 1), "tag file name"):
        return None
    name = check.string(doc.meta, "name") or doc.stem.replace("-", " ")
    return Tag(
        slug=doc.stem, name=name, description=doc.body, path=doc.path, body_line=doc.body_line
    )


def _validate_citation(check: _Checker, item, pos: Position) -> Citation | None:
    if isinstance(item, str):
        if not check.identifier(item.strip(), pos, "source id"):
            return None
        return Citation(source_id=item.strip(), pos=pos)
    if isinstance(item, YMap):
        check.unknown_fields(item, CITATION_FIELDS, "citation")
        source_id = check.string(item, "source", required=True, what="citation")
        if not source_id or not check.identifier(source_id, item.vpos("source"), "source id"):
            return None
        return Citation(
            source_id=source_id,
            pos=item.vpos("source"),
            locator=check.string(item, "locator"),
            quote=check.string(item, "quote"),
        )
    check.error(pos, "a citation is a source id or a mapping {source, locator, quote}")
    return None


def _validate_claim(check: _Checker, mapping, pos: Position) -> Claim | None:
    if not isinstance(mapping, YMap):
        check.error(pos, "each claim must be a mapping with id, quote and kind")
        return None
    check.unknown_fields(mapping, CLAIM_FIELDS, "claim")
    claim_id = check.string(mapping, "id", required=True, what="claim")
    if claim_id and not check.identifier(claim_id, mapping.vpos("id"), "claim id"):
        claim_id = ""
    quote = check.string(mapping, "quote", required=True, what=f"claim '{claim_id}'")
    kind = check.enum(mapping, "kind", CLAIM_KINDS, required=True, what="claim")
    status = "unverified"
    if mapping.get("status") is False:
        status = "false"  # YAML reads a bare `false` as a boolean
    elif mapping.get("status") is not None:
        status = check.enum(mapping, "status", CLAIM_STATUSES, required=False, what="claim")
    occurrence = None
    if mapping.get("occurrence") is not None:
        value = mapping["occurrence"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            check.error(mapping.vpos("occurrence"), "'occurrence' must be a whole number ≥ 1")
        else:
            occurrence = value
    by = check.string(mapping, "by")
    if by and not check.identifier(by, mapping.vpos("by"), "entity id"):
        by = ""
    # An invalid `by` is reported above; an empty or null one is a missing speaker.
    raw_by = mapping.get("by")
    no_speaker = raw_by is None or (isinstance(raw_by, str) and not raw_by.strip())
    if kind == "statement" and not by and no_speaker:
        check.error(
            mapping.pos,
            f"claim '{claim_id}' is a statement but has no 'by'; name the entity who made it",
        )
    about, about_pos = check.string_list(mapping, "about")
    good_about = []
    good_about_pos = []
    for value, vpos in zip(about, about_pos, strict=True):
        if check.identifier(value, vpos, "entity id"):
            good_about.append(value)
            good_about_pos.append(vpos)
    tags, tag_pos = check.string_list(mapping, "tags")
    for value, vpos in zip(tags, tag_pos, strict=True):
        if not slugify(value):
            check.error(vpos, _EMPTY_TAG.format(value=value))
    citations: list[Citation] = []
    raw = mapping.get("sources")
    if raw is not None:
        if isinstance(raw, str):
            raw_items, raw_pos = [raw], [mapping.vpos("sources")]
        elif isinstance(raw, YList):
            raw_items, raw_pos = list(raw), raw.item_pos
        else:
            check.error(mapping.vpos("sources"), "'sources' must be a list of citations")
            raw_items, raw_pos = [], []
        for item, ipos in zip(raw_items, raw_pos, strict=False):
            citation = _validate_citation(check, item, ipos)
            if citation:
                citations.append(citation)
    if not (claim_id and quote and kind and status):
        return None
    return Claim(
        id=claim_id,
        quote=quote,
        kind=kind,
        status=status,
        pos=mapping.pos,
        quote_pos=mapping.vpos("quote"),
        occurrence=occurrence,
        by_id=by,
        by_pos=mapping.vpos("by") if by else None,
        about_ids=good_about,
        about_pos=good_about_pos,
        tag_names=[t for t in tags if slugify(t)],
        citations=citations,
        note=check.string(mapping, "note"),
    )


def validate_article(doc: Document, diags: Diagnostics) -> tuple[Article | None, list[Source]]:
    check = _Checker(doc, diags)
    meta = doc.meta
    check.unknown_fields(meta, ARTICLE_FIELDS, "article")
    title = check.string(meta, "title", required=True, what="article")
    date = check.date(meta, "date", required=True)
    updated = check.date(meta, "updated")
    authors, _ = check.string_list(meta, "author")
    slug = check.string(meta, "slug")
    if slug:
        if not check.identifier(slug, meta.vpos("slug"), "slug"):
            slug = ""
    else:
        slug = article_slug_from_stem(doc.stem)
        if not ID_RE.match(slug):
            check.error(
                Position(1, 1),
                f"file name gives the slug '{slug}', which is not a valid id; rename the file "
                f"or set 'slug'" + suggest_id(slug),
            )
            slug = ""
    tags, tag_pos = check.string_list(meta, "tags")
    for value, vpos in zip(tags, tag_pos, strict=True):
        if not slugify(value):
            check.error(vpos, _EMPTY_TAG.format(value=value))
    entity_ids, entity_pos = check.string_list(meta, "entities")
    good_ids, good_pos = [], []
    for value, vpos in zip(entity_ids, entity_pos, strict=True):
        if check.identifier(value, vpos, "entity id"):
            good_ids.append(value)
            good_pos.append(vpos)

    claims: list[Claim] = []
    raw_claims = meta.get("claims")
    if raw_claims is not None and not isinstance(raw_claims, YList):
        check.error(meta.vpos("claims"), "'claims' must be a list of claims")
    elif raw_claims:
        seen: dict[str, Position] = {}
        for index, item in enumerate(raw_claims):
            claim = _validate_claim(check, item, raw_claims.ipos(index))
            if claim is None:
                continue
            if claim.id in seen:
                check.error(
                    item.vpos("id"),
                    f"duplicate claim id '{claim.id}' (first at line {seen[claim.id].line}); "
                    "claim ids are unique within an article",
                )
                continue
            seen[claim.id] = item.vpos("id")
            claims.append(claim)

    sources: list[Source] = []
    raw_sources = meta.get("sources")
    if raw_sources is not None and not isinstance(raw_sources, YList):
        check.error(meta.vpos("sources"), "'sources' must be a list of sources, each with an id")
    elif raw_sources:
        for index, item in enumerate(raw_sources):
            ipos = raw_sources.ipos(index)
            if not isinstance(item, YMap):
                check.error(ipos, "each source must be a mapping with id and title")
                continue
            check.unknown_fields(item, SOURCE_FIELDS, "source")
            source_id = check.string(item, "id", required=True, what="source")
            if not source_id or not check.identifier(source_id, item.vpos("id"), "source id"):
                continue
            source = validate_source_fields(check, item, source_id, item.vpos("id"), "source")
            source.declared_in = slug
            sources.append(source)

    draft = check.boolean(meta, "draft")
    if not doc.body.strip():
        check.error(
            Position(max(1, doc.body_line - 1), 1),
            "article has no body after its front-matter; write the briefing below the '---'",
        )
    if not (title and date and slug):
        # The errors above keep it out of the site, but its references and quotes are
        # still checked, so that one run reports all of its problems. The stand-in
        # slug starts with '-', which no valid slug does, so it never collides.
        title, date, slug = title or doc.stem, date or dt.date.min, slug or f"-{doc.path}"
    summary = check.string(meta, "summary")
    article = Article(
        slug=slug,
        title=title,
        date=date,
        path=doc.path,
        body=doc.body,
        body_line=doc.body_line,
        updated=updated,
        authors=authors,
        summary=summary,
        section=check.string(meta, "section"),
        tag_names=[t for t in tags if slugify(t)],
        entity_ids=good_ids,
        entity_pos=good_pos,
        claims=claims,
        draft=draft,
    )
    for claim in claims:
        claim.article = article
    return article, sources


def validate(documents: list[Document], diags: Diagnostics) -> Validated:
    result = Validated()
    for doc in documents:
        if doc.kind == "articles":
            article, sources = validate_article(doc, diags)
            if article:
                result.articles.append(article)
            result.sources.extend(sources)
        elif doc.kind == "entities":
            entity = validate_entity(doc, diags)
            if entity:
                result.entities.append(entity)
        elif doc.kind == "sources":
            source = validate_source_file(doc, diags)
            if source:
                result.sources.append(source)
        elif doc.kind == "tags":
            tag = validate_tag_file(doc, diags)
            if tag:
                result.tags.append(tag)
    return result
