"""Open data: the archive as plain records, for /data/ and `briefgen export`.

Pure functions from a linked (and rendered) Archive to lists of dicts, and from
those to bytes. The build writes them under /data/ and `briefgen export` prints
them; both go through `data_bytes`, so a file of the site and the export of the
same kind and format are the same bytes.

URLs in the records are absolute when `base_url` is an http(s) address (the data
is read away from the site, like feeds); otherwise they are paths from the
server's root, under the path of `base_url` when that is a path such as /repo/.
Records are in a stable order (articles newest first and their claims in the
order of the front-matter; entities and sources by id) and every field is there
in every record (null or empty when the content leaves it out), so the same
archive gives the same bytes and a consumer needs no guessing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from briefgen.config import Config
from briefgen.csl import csl_item
from briefgen.link import Archive
from briefgen.model import Article, Citation, Claim, Entity

DATA_DIR = "/data/"
SCHEMA_DIR = "/data/schema/"


@dataclass(frozen=True)
class DataKind:
    """One kind of record that `export` writes and /data/ holds."""

    name: str  # claims, entities, sources, articles
    formats: tuple[str, ...]  # what `export --format` accepts; the first is the default
    site_files: tuple[str, ...]  # files under /data/
    schema: str  # file name under /data/schema/
    description: str


KINDS: dict[str, DataKind] = {
    kind.name: kind
    for kind in (
        DataKind(
            "claims",
            ("json", "csv"),
            ("claims.json", "claims.csv"),
            "claims.schema.json",
            "Every claim: its quote, kind, status, speaker, the entities it is about, "
            "its tags, and the sources cited for it with their locators and grades.",
        ),
        DataKind(
            "entities",
            ("json", "csv"),
            ("entities.json",),
            "entities.schema.json",
            "Every person, organisation, place and other entity, with its Wikidata id "
            "and how often each article mentions it.",
        ),
        DataKind(
            "sources",
            ("json", "csl"),
            ("sources.json",),
            "sources.schema.json",
            "Every source as CSL-JSON, which reference managers such as Zotero and "
            "citation processors (citeproc) read.",
        ),
        DataKind(
            "articles",
            ("json", "csv"),
            ("articles.json",),
            "articles.schema.json",
            "Every briefing: title, dates, authors, summary, tags, the entities it "
            "lists, its claims and the sources it cites.",
        ),
    )
}


def url_maker(config: Config) -> Callable[[str], str]:
    """Site path -> the URL the data gives for it (see the module's docstring)."""
    if config.base_url.startswith(("http://", "https://")):
        origin = config.site_origin
        return lambda path: origin + "/" + path.lstrip("/")
    base = config.base_path
    return lambda path: base + path.lstrip("/")


def claim_page_path(claim: Claim) -> str:
    """The site path of a claim's own page (DESIGN §5)."""
    slug = claim.article.slug if claim.article else ""
    return f"/claims/{slug}/{claim.id}/"


# --- records -------------------------------------------------------------------

# Grades: a citation's credibility (1-6) and its source's reliability (A-F), as the
# content gives them (DESIGN §1.4-1.5); null where it gives none.


def _grade(citation: Citation) -> tuple[str | None, int | None, str | None]:
    reliability = (citation.source.reliability if citation.source else "") or None
    credibility = citation.credibility
    return reliability, credibility, citation.grade or None


def citation_record(citation: Citation) -> dict:
    reliability, credibility, grade = _grade(citation)
    return {
        "source": citation.source_id,
        "locator": citation.locator or None,
        "quote": citation.quote or None,
        "reliability": reliability,
        "credibility": credibility,
        "grade": grade,
    }


def claim_record(claim: Claim, url: Callable[[str], str]) -> dict:
    # As written: an ICD 203 term, or a probability.
    likelihood = claim.likelihood and (claim.likelihood.term or claim.likelihood.probability)
    return {
        "id": claim.id,
        "article": claim.article.slug if claim.article else None,
        "permalink": url(claim.url),
        "page": url(claim_page_path(claim)),
        "quote": claim.quote,
        "kind": claim.kind,
        "status": claim.status,
        "likelihood": likelihood or None,
        "resolve_by": claim.resolve_by.isoformat() if claim.resolve_by else None,
        "outcome": claim.resolution.outcome if claim.resolution else None,
        "by": claim.by_id or None,
        "about": list(claim.about_ids),
        "tags": [tag.slug for tag in claim.tags],
        "note": claim.note or None,
        "sources": [citation_record(c) for c in claim.citations],
    }


def claim_records(archive: Archive) -> list[dict]:
    url = url_maker(archive.config)
    return [claim_record(claim, url) for claim in archive.claims]


def entity_record(entity: Entity, url: Callable[[str], str]) -> dict:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "description": entity.description or None,
        "wikidata": entity.wikidata or None,
        "wikidata_url": entity.wikidata_url or None,
        "url": url(entity.url),
        "links": [{"title": link.title, "url": link.url} for link in entity.links],
        "mentions": len(entity.mentions),
        "articles": [
            {
                "article": item.article.slug,
                "mentions": len(item.mentions),
                "listed": item.listed,
            }
            for item in entity.articles
        ],
        "claims_by": [f"{c.article.slug}#{c.id}" for c in entity.claims_by if c.article],
        "claims_about": [f"{c.article.slug}#{c.id}" for c in entity.claims_about if c.article],
    }


def entity_records(archive: Archive) -> list[dict]:
    url = url_maker(archive.config)
    return [entity_record(entity, url) for entity in archive.entities.values()]


def article_record(article: Article, url: Callable[[str], str]) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "url": url(article.url),
        "date": article.date.isoformat(),
        "updated": article.updated.isoformat() if article.updated else None,
        "authors": list(article.authors),
        "summary": article.summary or None,
        "section": article.section or None,
        "tags": [tag.slug for tag in article.tags],
        "entities": [entity.id for entity in article.entities],
        "claims": [claim.id for claim in article.claims],
        "sources": [source.id for source in article.sources_cited],
        "word_count": article.word_count,
    }


def article_records(archive: Archive) -> list[dict]:
    url = url_maker(archive.config)
    return [article_record(article, url) for article in archive.articles]


def source_records(archive: Archive) -> list[dict]:
    url = url_maker(archive.config)
    return [csl_item(source, url) for source in archive.sources.values()]


RECORDS: dict[str, Callable[[Archive], list[dict]]] = {
    "claims": claim_records,
    "entities": entity_records,
    "sources": source_records,
    "articles": article_records,
}


# --- bytes ---------------------------------------------------------------------


def to_json(records: list[dict]) -> bytes:
    """A JSON array, one record a line: valid JSON that still diffs line by line
    (and that json's fast encoder writes, unlike an indented document)."""
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    return ("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n").encode("utf-8")


# A spreadsheet treats a cell that starts with one of these as a formula; a quote
# such as "=SUM(...)" from a hostile page must stay text (OWASP's CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _claim_row(record: dict) -> dict:
    sources = record["sources"]
    return {
        "article": record["article"],
        "id": record["id"],
        "permalink": record["permalink"],
        "page": record["page"],
        "quote": record["quote"],
        "kind": record["kind"],
        "status": record["status"],
        "likelihood": record["likelihood"],
        "resolve_by": record["resolve_by"],
        "outcome": record["outcome"],
        "by": record["by"],
        "about": " ".join(record["about"]),
        "tags": " ".join(record["tags"]),
        "sources": " ".join(s["source"] for s in sources),
        # One line per citation, in the order of `sources`.
        "source_locators": "\n".join(_one_line(s["locator"]) for s in sources),
        "source_grades": "\n".join(s["grade"] or "" for s in sources),
        "note": record["note"],
    }


def _entity_row(record: dict) -> dict:
    return {
        "id": record["id"],
        "name": record["name"],
        "type": record["type"],
        "aliases": "\n".join(record["aliases"]),
        "description": record["description"],
        "wikidata": record["wikidata"],
        "url": record["url"],
        "mentions": record["mentions"],
        "articles": " ".join(item["article"] for item in record["articles"]),
        "claims_by": " ".join(record["claims_by"]),
        "claims_about": " ".join(record["claims_about"]),
    }


def _article_row(record: dict) -> dict:
    return {
        "slug": record["slug"],
        "title": record["title"],
        "url": record["url"],
        "date": record["date"],
        "updated": record["updated"],
        "authors": "\n".join(record["authors"]),
        "summary": record["summary"],
        "section": record["section"],
        "tags": " ".join(record["tags"]),
        "entities": " ".join(record["entities"]),
        "claims": " ".join(record["claims"]),
        "sources": " ".join(record["sources"]),
        "word_count": record["word_count"],
    }


CSV_ROWS: dict[str, Callable[[dict], dict]] = {
    "claims": _claim_row,
    "entities": _entity_row,
    "articles": _article_row,
}


def to_csv(kind: str, records: list[dict]) -> bytes:
    """RFC 4180 CSV with a header row. Lists of ids are separated by spaces; lists
    of texts (aliases, authors, locators) by line breaks within the cell."""
    make_row = CSV_ROWS[kind]
    rows = [make_row(record) for record in records]
    columns = list(make_row(_EMPTY[kind]).keys())
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in columns])
    return buffer.getvalue().encode("utf-8")


# A record of each kind with every list empty, to name the CSV columns of an
# archive without any.
_EMPTY = {
    "claims": dict.fromkeys(
        "article id permalink page quote kind status likelihood resolve_by outcome by note".split()
    )
    | {"about": [], "tags": [], "sources": []},
    "entities": dict.fromkeys("id name type description wikidata url mentions".split())
    | {"aliases": [], "articles": [], "claims_by": [], "claims_about": []},
    "articles": dict.fromkeys("slug title url date updated summary section word_count".split())
    | {"authors": [], "tags": [], "entities": [], "claims": [], "sources": []},
}


def data_bytes(archive: Archive, kind: str, fmt: str) -> bytes:
    """The bytes of `kind` in `fmt`; the caller has checked that the kind has it."""
    records = RECORDS[kind](archive)
    if fmt == "csv":
        return to_csv(kind, records)
    return to_json(records)


# --- schemas -------------------------------------------------------------------


def schema_text(name: str) -> str:
    """A JSON Schema shipped with briefgen (briefgen/schemas/)."""
    return resources.files("briefgen").joinpath("schemas", name).read_text(encoding="utf-8")


def schema_bytes(name: str, config: Config) -> bytes:
    """The schema as the site publishes it: the file shipped with briefgen, given
    its own absolute URL as `$id` when the site's address is known."""
    text = schema_text(name)
    if config.base_url.startswith(("http://", "https://")):
        # Written into the text, as its first member, so the file keeps its layout.
        head, sep, rest = text.partition("\n")
        own_id = json.dumps(url_maker(config)(SCHEMA_DIR + name))
        text = f'{head}{sep}  "$id": {own_id},\n{rest}'
    return text.encode("utf-8")


# --- the /data/ page -----------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    """A file of /data/, as the /data/ page lists it."""

    path: str  # site path
    name: str
    media_type: str
    kind: str
    count: int
    schema_path: str
    description: str

    @property
    def count_text(self) -> str:
        """'1 entity', '20 entities': the kind's own singular, not a trimmed plural."""
        return f"{self.count} {SINGULAR[self.kind] if self.count == 1 else self.kind}"


SINGULAR = {"claims": "claim", "entities": "entity", "sources": "source", "articles": "article"}
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv"}
CSV_DESCRIPTION = (
    "The claims of claims.json, one row each, for spreadsheets: the same fields, with "
    "each claim's sources in three columns (sources, source_locators, source_grades)."
)


def data_files(archive: Archive) -> list[DataFile]:
    counts = {
        "claims": len(archive.claims),
        "entities": len(archive.entities),
        "sources": len(archive.sources),
        "articles": len(archive.articles),
    }
    files = []
    for kind in KINDS.values():
        for name in kind.site_files:
            extension = name.rsplit(".", 1)[1]
            files.append(
                DataFile(
                    path=DATA_DIR + name,
                    name=name,
                    media_type=MEDIA_TYPES[extension],
                    kind=kind.name,
                    count=counts[kind.name],
                    schema_path=SCHEMA_DIR + kind.schema,
                    description=kind.description if extension == "json" else CSV_DESCRIPTION,
                )
            )
    return files


def site_file_bytes(archive: Archive, name: str) -> bytes:
    """The bytes of /data/NAME."""
    stem, extension = name.rsplit(".", 1)
    return data_bytes(archive, stem, extension)
