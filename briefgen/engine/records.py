"""Results of costly steps as plain JSON-ready values: what crosses from a worker
process to the parent, and what the memo keeps. JSON, not pickle: the SQLite memo
sits inside an archive that may come from anyone, and reading it must never run
code."""

from __future__ import annotations

from pathlib import Path

from briefgen.diagnostics import Diagnostic, Diagnostics, Position
from briefgen.load import Document, YList, YMap
from briefgen.model import Article, Mention
from briefgen.reanchor import Drift


def article_record(article: Article, diags: Diagnostics) -> dict:
    """What rendering set on `article`, as JSON-ready values."""
    claim_index = {id(claim): n for n, claim in enumerate(article.claims)}
    return {
        "body_html": article.body_html,
        "toc": [list(entry) for entry in article.toc],
        "summary": article.summary,
        "word_count": article.word_count,
        "sources_cited": [source.id for source in article.sources_cited],
        "source_claims": [
            [source_id, [claim_index[id(claim)] for claim in claims]]
            for source_id, claims in article.source_claims.items()
        ],
        "mentions": [
            [m.entity_id, m.anchor, m.text, m.sentence, m.section, m.linked]
            for m in article.mentions
        ],
        "claims": [
            [[citation.number for citation in claim.citations], claim.note_html, claim.context]
            for claim in article.claims
        ],
        "diagnostics": [[d.path, d.line, d.col, d.severity, d.message] for d in diags.items],
        "drifts": [drift.as_list() for drift in article.drifts],
    }


def apply_record(article: Article, record: dict, diags: Diagnostics) -> None:
    """Set on `article` what rendering it would set, from its record."""
    sources = {
        citation.source_id: citation.source
        for claim in article.claims
        for citation in claim.citations
        if citation.source is not None
    }
    article.body_html = record["body_html"]
    article.toc = [tuple(entry) for entry in record["toc"]]
    article.summary = record["summary"]
    article.word_count = record["word_count"]
    article.sources_cited = [sources[source_id] for source_id in record["sources_cited"]]
    article.source_claims = {
        source_id: [article.claims[n] for n in claims]
        for source_id, claims in record["source_claims"]
    }
    article.mentions = [
        Mention(entity_id, article, anchor, text, sentence, section, linked)
        for entity_id, anchor, text, sentence, section, linked in record["mentions"]
    ]
    for claim, (numbers, note_html, context) in zip(article.claims, record["claims"], strict=True):
        for citation, number in zip(claim.citations, numbers, strict=True):
            citation.number = number
        claim.note_html = note_html
        claim.context = tuple(context)
    diags.items.extend(Diagnostic(*item) for item in record["diagnostics"])
    # Only records with errors hold drifts, and those are never cached: older
    # cached records need no such key.
    article.drifts = [Drift(*item) for item in record.get("drifts", [])]


def record_fits(article: Article, record: dict) -> bool:
    """A record made for this article's claims and citations (a cache entry is keyed
    by the file's bytes, so this only guards against a damaged entry)."""
    claims = record.get("claims")
    if not isinstance(claims, list) or len(claims) != len(article.claims):
        return False
    return all(
        isinstance(entry, list)
        and len(entry) == 3
        and len(entry[0]) == len(claim.citations)
        and len(entry[2]) in (0, 3)
        for claim, entry in zip(article.claims, claims, strict=True)
    )


class _NotCacheable(Exception):
    """A front-matter value JSON cannot hold exactly (bytes, sets, pairs)."""


_SCALARS = (str, int, float, bool, type(None))


def _encode(value):
    if isinstance(value, YMap):
        return {
            "m": [value.pos.line, value.pos.col],
            "k": [
                [
                    _encode_scalar(key),
                    _encode(item),
                    [value.kpos(key).line, value.kpos(key).col],
                    [value.vpos(key).line, value.vpos(key).col],
                ]
                for key, item in value.items()
            ],
        }
    if isinstance(value, YList):
        return {
            "l": [value.pos.line, value.pos.col],
            "i": [
                [_encode(item), [value.ipos(n).line, value.ipos(n).col]]
                for n, item in enumerate(value)
            ],
        }
    return _encode_scalar(value)


def _encode_scalar(value):
    if type(value) not in _SCALARS:
        raise _NotCacheable(type(value).__name__)
    return value


def _decode(value):
    if isinstance(value, dict):
        if "m" in value:
            result = YMap(Position(*value["m"]))
            for key, item, kpos, vpos in value["k"]:
                result[key] = _decode(item)
                result.key_pos[key] = Position(*kpos)
                result.value_pos[key] = Position(*vpos)
            return result
        result = YList(Position(*value["l"]))
        for item, pos in value["i"]:
            result.append(_decode(item))
            result.item_pos.append(Position(*pos))
        return result
    return value


def document_entry(document: Document) -> dict | None:
    """A read content file as a JSON-ready value; None when its front-matter holds
    a value JSON cannot hold exactly."""
    try:
        meta = _encode(document.meta)
    except _NotCacheable:
        return None
    return {"meta": meta, "body": document.body, "body_line": document.body_line}


def document_from_entry(entry: dict, kind: str, rel: str, abspath: Path) -> Document | None:
    """The Document an entry was made from; None for a damaged entry."""
    try:
        document = Document(
            kind, rel, abspath, _decode(entry["meta"]), entry["body"], entry["body_line"]
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    document.stem = abspath.stem
    return document
