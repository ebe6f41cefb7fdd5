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

from briefgen import forecasts, lineage
from briefgen.diagnostics import Diagnostics, Position, closest_field, did_you_mean
from briefgen.load import Document, YList, YMap
from briefgen.model import Article, Citation, Claim, Entity, Link, Source, Tag
from briefgen.schema import (
    ARTICLE,
    CITATION,
    CLAIM,
    DECLARED_SOURCE,
    ENTITY,
    ID_PATTERN,
    LINK,
    RECORDS,
    SOURCE,
    TAG,
    Field,
    Record,
)

ID_RE = re.compile(ID_PATTERN)
DATE_PREFIX_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-")
# Words YAML 1.1 read as false; in YAML 1.2 (and here) they are words.
_FALSE_WORDS = ("no", "off", "n")


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

    def unknown_fields(self, mapping: YMap, record: Record, what: str = "") -> None:
        """A field the record does not have: an error naming the fix when it is within
        two edits of a known field (a typo: `staus`), otherwise a warning."""
        known = record.by_name
        what = what or record.name
        for key in mapping:
            if key in known:
                continue
            typo = closest_field(str(key), known)
            if typo:
                self.error(
                    mapping.kpos(key), f"unknown {what} field '{key}'; did you mean '{typo}'?"
                )
            else:
                self.warning(
                    mapping.kpos(key),
                    f"unknown {what} field '{key}'; it is ignored" + did_you_mean(str(key), known),
                )

    def value(self, mapping: YMap, item: Field, what: str = ""):
        """The value of one field, checked as its declaration says (briefgen.schema).
        Lists of text come back as (values, positions); records that no stage reads
        yet are type-checked and come back as they were written."""
        key = item.name
        kind = item.type
        if kind in ("text", "markdown"):
            text = self.string(mapping, key, required=item.required, what=what)
            if text and item.pattern and not re.match(item.pattern, text):
                self.error(mapping.vpos(key), f"{key} must be {item.pattern_hint}, not '{text}'")
                return ""
            return text
        if kind == "id":
            text = self.string(mapping, key, required=item.required, what=what)
            if text and not self.identifier(text, mapping.vpos(key), item.label or key):
                return ""
            return text
        if kind == "date":
            return self.date(mapping, key, required=item.required)
        if kind == "url":
            if item.required and mapping.get(key) is None:
                self.error(mapping.pos, f"{what} is missing required '{key}'")
            return self.url(mapping, key)
        if kind == "bool":
            return self.boolean(mapping, key)
        if kind == "integer":
            return self.integer(mapping, item)
        if kind == "choice":
            return self.enum(mapping, key, item.values, required=item.required, what=what)
        if kind == "text-list":
            return self.string_list(mapping, key)
        if kind == "id-list":
            good, good_pos = [], []
            for text, pos in zip(*self.string_list(mapping, key), strict=True):
                if self.identifier(text, pos, item.label or key):
                    good.append(text)
                    good_pos.append(pos)
            return good, good_pos
        if kind == "citations":
            return self.citations(mapping, key)
        if kind == "likelihood":
            return self.likelihood(mapping, item)
        if kind == "mapping":
            raw = mapping.get(key)
            if raw is not None and not isinstance(raw, YMap):
                self.error(mapping.vpos(key), f"'{key}' must be a mapping, not {_type_name(raw)}")
                return None
            return raw
        if kind == "record":
            raw = mapping.get(key)
            if raw is not None:
                if isinstance(raw, YMap):
                    self.record(raw, RECORDS[item.record])
                else:
                    self.error(mapping.vpos(key), f"'{key}' must be a mapping of fields")
            return raw
        if kind == "records":
            raw = mapping.get(key)
            if raw is not None:
                if isinstance(raw, YList):
                    for index, entry in enumerate(raw):
                        if isinstance(entry, YMap):
                            self.record(entry, RECORDS[item.record])
                        else:
                            self.error(raw.ipos(index), f"each item of '{key}' must be a mapping")
                else:
                    self.error(mapping.vpos(key), f"'{key}' must be a list")
            return raw
        raise ValueError(f"field type {kind!r} has no check")  # a declaration mistake

    def record(self, mapping: YMap, record: Record, what: str = "") -> None:
        """Type-check every field of a record that no stage reads yet."""
        self.unknown_fields(mapping, record, what)
        for item in record.fields:
            self.value(mapping, item, what or record.name)

    def unread_fields(self, mapping: YMap, record: Record, what: str, read: tuple) -> None:
        """Type-check the record's fields that the caller does not read itself."""
        for item in record.fields:
            if item.name not in read:
                self.value(mapping, item, what)

    def integer(self, mapping: YMap, item: Field) -> int | None:
        value = mapping.get(item.name)
        if value is None:
            return None
        low, high = item.minimum, item.maximum
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            if low is not None and high is not None:
                bounds = f" from {low} to {high}"
            elif low is not None:
                bounds = f" ≥ {low}"
            else:
                bounds = ""
            self.error(mapping.vpos(item.name), f"'{item.name}' must be a whole number{bounds}")
            return None
        return value

    def likelihood(self, mapping: YMap, item: Field):
        value = mapping.get(item.name)
        if value is None:
            return None
        if isinstance(value, str) and value.strip() in item.values:
            return value.strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1:
            return value
        hint = did_you_mean(value, item.values) if isinstance(value, str) else ""
        self.error(
            mapping.vpos(item.name),
            f"'{item.name}' must be one of {', '.join(item.values)} or a number between 0 "
            f"and 1, not '{value}'" + hint,
        )
        return None

    def citations(self, mapping: YMap, key: str) -> list[Citation]:
        """A list of citations; a single source id is accepted as a list of one."""
        citations: list[Citation] = []
        raw = mapping.get(key)
        if raw is None:
            return citations
        if isinstance(raw, str):
            raw_items, raw_pos = [raw], [mapping.vpos(key)]
        elif isinstance(raw, YList):
            raw_items, raw_pos = list(raw), raw.item_pos
        else:
            self.error(mapping.vpos(key), f"'{key}' must be a list of citations")
            raw_items, raw_pos = [], []
        for item, ipos in zip(raw_items, raw_pos, strict=False):
            citation = _validate_citation(self, item, ipos)
            if citation:
                citations.append(citation)
        return citations

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
            if not hint and "false" in allowed and str(text).lower() in _FALSE_WORDS:
                # Only say what 'false' means: a guess would steer a claim to the
                # verdict False on the strength of a YAML 1.1 habit.
                hint = (
                    f"; '{text}' is not a verdict (to mark the claim false, write '{key}: false')"
                )
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
    authors, _ = check.value(mapping, SOURCE["author"])
    read = ("title", "url", "publisher", "author", "date", "accessed", "archive_url", "kind")
    read += ("reliability",)
    check.unread_fields(mapping, SOURCE, "source", read)
    return Source(
        id=source_id,
        title=check.value(mapping, SOURCE["title"], what=what),
        path=check.doc.path,
        pos=pos,
        url=check.value(mapping, SOURCE["url"]),
        publisher=check.value(mapping, SOURCE["publisher"]),
        authors=authors,
        date=check.value(mapping, SOURCE["date"]),
        accessed=check.value(mapping, SOURCE["accessed"]),
        archive_url=check.value(mapping, SOURCE["archive_url"]),
        kind=check.value(mapping, SOURCE["kind"], what="source"),
        reliability=check.value(mapping, SOURCE["reliability"], what="source"),
        reliability_pos=mapping.vpos("reliability") if "reliability" in mapping else None,
    )


def validate_source_file(doc: Document, diags: Diagnostics) -> Source | None:
    check = _Checker(doc, diags)
    check.unknown_fields(doc.meta, SOURCE)
    if not check.identifier(doc.stem, Position(1, 1), "source file name"):
        return None
    source = validate_source_fields(check, doc.meta, doc.stem, doc.meta.pos, "source")
    source.body = doc.body
    source.body_line = doc.body_line
    return source


def validate_entity(doc: Document, diags: Diagnostics) -> Entity | None:
    check = _Checker(doc, diags)
    meta = doc.meta
    check.unknown_fields(meta, ENTITY)
    if not check.identifier(doc.stem, Position(1, 1), "entity file name"):
        return None
    name = check.value(meta, ENTITY["name"], what="entity")
    entity_type = check.value(meta, ENTITY["type"], what="entity")
    aliases, _ = check.value(meta, ENTITY["aliases"])
    wikidata = check.value(meta, ENTITY["wikidata"])
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
                check.unknown_fields(item, LINK)
                title = check.value(item, LINK["title"], what="link")
                url = check.value(item, LINK["url"], what="link")
                if title and url:
                    links.append(Link(title, url))
    return Entity(
        id=doc.stem,
        name=name or doc.stem,
        type=entity_type or "other",
        path=doc.path,
        aliases=aliases,
        description=check.value(meta, ENTITY["description"]),
        wikidata=wikidata,
        links=links,
        body=doc.body,
        body_line=doc.body_line,
    )


def validate_tag_file(doc: Document, diags: Diagnostics) -> Tag | None:
    check = _Checker(doc, diags)
    check.unknown_fields(doc.meta, TAG)
    if not check.identifier(doc.stem, Position(1, 1), "tag file name"):
        return None
    name = check.value(doc.meta, TAG["name"]) or doc.stem.replace("-", " ")
    return Tag(
        slug=doc.stem, name=name, description=doc.body, path=doc.path, body_line=doc.body_line
    )


def _validate_citation(check: _Checker, item, pos: Position) -> Citation | None:
    if isinstance(item, str):
        if not check.identifier(item.strip(), pos, "source id"):
            return None
        return Citation(source_id=item.strip(), pos=pos)
    if isinstance(item, YMap):
        check.unknown_fields(item, CITATION)
        read = ("source", "locator", "quote", "credibility")
        check.unread_fields(item, CITATION, "citation", read)
        source_id = check.value(item, CITATION["source"], what="citation")
        if not source_id:
            return None
        return Citation(
            source_id=source_id,
            pos=item.vpos("source"),
            locator=check.value(item, CITATION["locator"]),
            quote=check.value(item, CITATION["quote"]),
            credibility=check.value(item, CITATION["credibility"]),
        )
    check.error(pos, "a citation is a source id or a mapping {source, locator, quote}")
    return None


_CLAIM_FIELDS_READ = ("id", "quote", "occurrence", "kind", "status", "by", "about", "tags")
_CLAIM_FIELDS_READ += ("sources", "note", "likelihood", "resolve_by", "resolution", "relates")


def _validate_claim(check: _Checker, mapping, pos: Position) -> Claim | None:
    if not isinstance(mapping, YMap):
        check.error(pos, "each claim must be a mapping with id, quote and kind")
        return None
    check.unknown_fields(mapping, CLAIM)
    check.unread_fields(mapping, CLAIM, "claim", _CLAIM_FIELDS_READ)
    claim_id = check.value(mapping, CLAIM["id"], what="claim")
    quote = check.value(mapping, CLAIM["quote"], what=f"claim '{claim_id}'")
    kind = check.value(mapping, CLAIM["kind"], what="claim")
    status = CLAIM["status"].default
    if mapping.get("status") is False:
        status = "false"  # YAML reads a bare `false` as a boolean
    elif mapping.get("status") is not None:
        status = check.value(mapping, CLAIM["status"], what="claim")
    occurrence = check.value(mapping, CLAIM["occurrence"])
    by = check.value(mapping, CLAIM["by"])
    # An invalid `by` is reported above; an empty or null one is a missing speaker.
    raw_by = mapping.get("by")
    no_speaker = raw_by is None or (isinstance(raw_by, str) and not raw_by.strip())
    if kind == "statement" and not by and no_speaker:
        check.error(
            mapping.pos,
            f"claim '{claim_id}' is a statement but has no 'by'; name the entity who made it",
        )
    good_about, good_about_pos = check.value(mapping, CLAIM["about"])
    tags, tag_pos = check.value(mapping, CLAIM["tags"])
    for value, vpos in zip(tags, tag_pos, strict=True):
        if not slugify(value):
            check.error(vpos, _EMPTY_TAG.format(value=value))
    citations = check.value(mapping, CLAIM["sources"])
    # Forecast fields and relations: briefgen/forecasts.py and briefgen/lineage.py.
    likelihood, resolve_by, resolution = forecasts.read_forecast(check, mapping, kind, claim_id)
    relates = lineage.read_relates(check, mapping, claim_id)
    if not (claim_id and quote and kind and status):
        return None
    return Claim(
        id=claim_id,
        quote=quote,
        kind=kind,
        status=status,
        pos=mapping.pos,
        quote_pos=mapping.vpos("quote"),
        status_pos=mapping.vpos("status") if "status" in mapping else None,
        occurrence=occurrence,
        by_id=by,
        by_pos=mapping.vpos("by") if by else None,
        about_ids=good_about,
        about_pos=good_about_pos,
        tag_names=[t for t in tags if slugify(t)],
        citations=citations,
        note=check.value(mapping, CLAIM["note"]),
        likelihood=likelihood,
        resolve_by=resolve_by,
        resolution=resolution,
        relates=relates,
    )


def validate_article(doc: Document, diags: Diagnostics) -> tuple[Article | None, list[Source]]:
    check = _Checker(doc, diags)
    meta = doc.meta
    check.unknown_fields(meta, ARTICLE)
    title = check.value(meta, ARTICLE["title"], what="article")
    date = check.value(meta, ARTICLE["date"])
    updated = check.value(meta, ARTICLE["updated"])
    authors, _ = check.value(meta, ARTICLE["author"])
    slug = check.string(meta, "slug")
    if slug:
        if not check.identifier(slug, meta.vpos("slug"), ARTICLE["slug"].label):
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
    tags, tag_pos = check.value(meta, ARTICLE["tags"])
    for value, vpos in zip(tags, tag_pos, strict=True):
        if not slugify(value):
            check.error(vpos, _EMPTY_TAG.format(value=value))
    good_ids, good_pos = check.value(meta, ARTICLE["entities"])

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
        forecasts.check_resolution_dates(check, claims, date)

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
            check.unknown_fields(item, DECLARED_SOURCE, "source")
            source_id = check.value(item, DECLARED_SOURCE["id"], what="source")
            if not source_id:
                continue
            source = validate_source_fields(check, item, source_id, item.vpos("id"), "source")
            source.declared_in = slug
            sources.append(source)

    draft = check.value(meta, ARTICLE["draft"])
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
    summary = check.value(meta, ARTICLE["summary"])
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
        section=check.value(meta, ARTICLE["section"]),
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
