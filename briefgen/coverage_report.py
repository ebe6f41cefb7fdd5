"""`briefgen coverage`'s two forms of its figures: text for people, JSON for tools.

The JSON form is documented in README.md ("Coverage"); its keys are only ever
added, never renamed or removed, and `version` says which form a tool reads.
"""

from __future__ import annotations

from briefgen.coverage import (
    ArticleCoverage,
    ClaimItem,
    Coverage,
    Place,
    percent,
    words_per_claim,
)

FORMAT_VERSION = 1


def _place(place: Place) -> dict:
    return {"path": place.path, "line": place.line, "column": place.col}


def _claim_items(items: list[ClaimItem], detail: str = "") -> list[dict]:
    out = []
    for item in items:
        entry = {"claim": item.claim, **_place(item.place)}
        if detail:
            entry[detail] = item.detail
        out.append(entry)
    return out


SUMMARY_LABELS = {
    "unlinked_mentions": "unlinked mentions",
    "statements_without_by": "statements without 'by'",
    "claims_without_sources": "claims without sources",
    "self_sourced_claims": "claims sourced only to their article",
    "unanchored_claims": "claims not anchored",
    "overdue_forecasts": "overdue forecasts",
}
ARTICLE_LISTS = (
    "unlinked_mentions",
    "statements_without_by",
    "claims_without_sources",
    "self_sourced_claims",
    "unanchored_claims",
    "overdue_forecasts",
)


def _article_json(a: ArticleCoverage) -> dict:
    return {
        "path": a.path,
        "slug": a.slug,
        "title": a.title,
        "claims": a.claims,
        "claim_words": a.claim_words,
        "words_per_claim": words_per_claim(a.claims, a.claim_words),
        "sentences": a.sentences,
        "sentences_in_claims": a.sentences_in_claims,
        "sentence_coverage": percent(a.sentences_in_claims, a.sentences),
        "unlinked_mentions": [
            {"entity": m.entity, "text": m.text, **_place(m.place)} for m in a.unlinked_mentions
        ],
        "statements_without_by": _claim_items(a.statements_without_by),
        "claims_without_sources": _claim_items(a.claims_without_sources),
        "self_sourced_claims": _claim_items(a.self_sourced_claims),
        "unanchored_claims": _claim_items(a.unanchored_claims),
        "overdue_forecasts": _claim_items(a.overdue_forecasts, "resolve_by"),
    }


def to_json(coverage: Coverage) -> dict:
    claims, words = coverage.total("claims"), coverage.total("claim_words")
    sentences, covered = coverage.total("sentences"), coverage.total("sentences_in_claims")
    archive = {
        "articles": len(coverage.articles),
        "claims": claims,
        "claim_words": words,
        "words_per_claim": words_per_claim(claims, words),
        "sentences": sentences,
        "sentences_in_claims": covered,
        "sentence_coverage": percent(covered, sentences),
        **{name: coverage.total(name) for name in ARTICLE_LISTS},
        "sources_never_cited": [
            {"source": s.id, **_place(s.place)} for s in coverage.sources_never_cited
        ],
        "entities_never_listed": [
            {"entity": e.id, **_place(e.place)} for e in coverage.entities_never_listed
        ],
        "tags_used_once": [
            {"tag": t.id, "name": t.detail, **_place(t.place)} for t in coverage.tags_used_once
        ],
    }
    return {
        "format": "briefgen-coverage",
        "version": FORMAT_VERSION,
        "date": coverage.today.isoformat(),
        "content_errors": len(coverage.errors),
        "archive": archive,
        "articles": [_article_json(a) for a in coverage.articles],
    }


def to_text(coverage: Coverage) -> str:
    """Each thing left to do as `PATH:LINE:COL: note: ...` (DESIGN §2's form; a note,
    since none of them is wrong), around the figures of each article and the archive."""
    lines: list[str] = []

    def figures(claims: int, words: int, sentences: int, covered: int) -> str:
        return (
            f"{claims} claim{'s' * (claims != 1)}, {words_per_claim(claims, words):g} words "
            f"per claim; {covered} of {sentences} sentences in claims "
            f"({percent(covered, sentences):g}%)"
        )

    for a in coverage.articles:
        lines.append(f"{a.path}: {a.title}")
        lines.append("  " + figures(a.claims, a.claim_words, a.sentences, a.sentences_in_claims))
        for m in a.unlinked_mentions:
            lines.append(
                f"{m.place.format()}: note: unlinked mention '{m.text}' "
                f"({m.entity} is not in the article's entities)"
            )
        for label, items in (
            ("statement without 'by'", a.statements_without_by),
            ("claim without sources", a.claims_without_sources),
            ("claim sourced only to this article", a.self_sourced_claims),
            ("claim not anchored: its quote does not match the body once", a.unanchored_claims),
        ):
            lines.extend(f"{i.place.format()}: note: {label}: '{i.claim}'" for i in items)
        for i in a.overdue_forecasts:
            lines.append(
                f"{i.place.format()}: note: forecast '{i.claim}' was to resolve by {i.detail} "
                "and has no resolution"
            )
        lines.append("")
    data = to_json(coverage)["archive"]
    lines.append(f"archive: {data['articles']} article{'s' * (data['articles'] != 1)}")
    lines.append(
        "  "
        + figures(
            data["claims"], data["claim_words"], data["sentences"], data["sentences_in_claims"]
        )
    )
    lines.append(
        "  " + "; ".join(f"{SUMMARY_LABELS[name]}: {data[name]}" for name in ARTICLE_LISTS)
    )
    for s in coverage.sources_never_cited:
        lines.append(f"{s.place.format()}: note: source never cited: '{s.id}'")
    for e in coverage.entities_never_listed:
        lines.append(f"{e.place.format()}: note: entity no article lists: '{e.id}'")
    for t in coverage.tags_used_once:
        lines.append(f"{t.place.format()}: note: tag used once: '{t.detail}'")
    return "\n".join(lines) + "\n"
