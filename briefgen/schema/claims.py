"""The records of an article's claims: a claim, its citations, a forecast's
resolution and a relation to another claim."""

from __future__ import annotations

from briefgen.schema.fields import (
    CLAIM_KINDS,
    CLAIM_REF_PATTERN,
    CLAIM_STATUSES,
    LIKELIHOOD_TERMS,
    RELATIONS,
    RESOLUTION_OUTCOMES,
    Field,
    Record,
    tags_field,
)

CITATION = Record(
    "citation",
    "A citation",
    "An item of a claim's `sources`: either a source id (`- reuters-2025-12-03`) or a "
    "mapping with these fields.",
    (
        Field(
            "source",
            "id",
            "the id of the source: a file of content/sources/ or a source an article declares",
            required=True,
            label="source id",
            example="reuters-2025-12-03",
        ),
        Field("locator", "text", "where in the source", example='"para. 4"'),
        Field("quote", "text", "the words of the source", example='"talks were productive"'),
        Field(
            "credibility",
            "integer",
            "Admiralty grade of the information as this source gives it: 1 confirmed by "
            "other sources, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, "
            "6 cannot be judged",
            minimum=1,
            maximum=6,
            example="2",
        ),
    ),
    bare_id="source",
)

RESOLUTION = Record(
    "resolution",
    "A forecast's resolution",
    "The `resolution` of a forecast claim: what happened.",
    (
        Field(
            "outcome",
            "choice",
            "what became of the forecast",
            required=True,
            values=RESOLUTION_OUTCOMES,
            example="did-not-occur",
        ),
        Field("date", "date", "when it was judged", required=True, example="2026-01-31"),
        Field("note", "markdown", "how it was judged", example='"No meeting took place."'),
        Field(
            "sources",
            "citations",
            "what shows the outcome",
            record="citation",
            example="[reuters-2026-01-31]",
        ),
    ),
)

RELATION = Record(
    "relation",
    "A relation between claims",
    "An item of a claim's `relates`: another claim and how this one relates to it. The "
    "other claim shows the inverse (repeated by, supported by, ...).",
    (
        Field(
            "claim",
            "text",
            "the other claim: `<article-slug>#<claim-id>`, or `#<claim-id>` in the same article",
            required=True,
            pattern=CLAIM_REF_PATTERN,
            pattern_hint="written `<article-slug>#<claim-id>` or `#<claim-id>`",
            example='"2025-talks#putin-witkoff-meeting"',
        ),
        Field(
            "as",
            "choice",
            "how this claim relates to the other",
            required=True,
            values=RELATIONS,
            example="supports",
        ),
    ),
)

CLAIM = Record(
    "claim",
    "A claim",
    "An item of an article's `claims`: a passage of the body that asserts something, "
    "with what kind of assertion it is, how it stands and what backs it.",
    (
        Field(
            "id",
            "id",
            "unique within its article; the claim's permalink is `<article url>#claim-<id>`",
            required=True,
            label="claim id",
            example="met-in-moscow",
        ),
        Field(
            "quote",
            "text",
            "the exact words of the body that make the claim (white space, straight or "
            "typographic quotes and dashes may differ)",
            required=True,
            example='"Putin met Witkoff in Moscow"',
        ),
        Field(
            "occurrence",
            "integer",
            "which match of the quote, when it occurs more than once in the body",
            minimum=1,
            example="2",
        ),
        Field(
            "kind",
            "choice",
            "what sort of assertion it is; a statement is a claim someone made, which the "
            "article reports (`by` names them)",
            required=True,
            values=CLAIM_KINDS,
            example="fact",
        ),
        Field(
            "status",
            "choice",
            "how the claim stands; a bare `status: false` means the status `false`",
            values=CLAIM_STATUSES,
            default="unverified",
            example="verified",
        ),
        Field(
            "by",
            "id",
            "the entity who asserts it; required for a statement",
            label="entity id",
            example="yuri-ushakov",
        ),
        Field(
            "about",
            "id-list",
            "the entities the claim concerns",
            label="entity id",
            example="[vladimir-putin, steve-witkoff]",
        ),
        tags_field("claim tags"),
        Field(
            "sources",
            "citations",
            "what backs the claim: source ids, or citations with a locator",
            record="citation",
            example="[reuters-2025-12-03]",
        ),
        Field("note", "markdown", "the annotator's comment", example='"Confirmed by both sides."'),
        Field(
            "likelihood",
            "likelihood",
            "how likely the forecast is: an ICD 203 term (almost no chance 0.01-0.05, very "
            "unlikely 0.05-0.20, unlikely 0.20-0.45, roughly even chance 0.45-0.55, likely "
            "0.55-0.80, very likely 0.80-0.95, almost certain 0.95-0.99) or a probability "
            "between 0 and 1",
            values=LIKELIHOOD_TERMS,
            example="likely",
            only="forecasts only",
        ),
        Field(
            "resolve_by",
            "date",
            "when the forecast can be judged",
            example="2026-01-31",
            only="forecasts only",
        ),
        Field(
            "resolution",
            "record",
            "what became of the forecast",
            record="resolution",
            only="forecasts only",
        ),
        Field(
            "relates",
            "records",
            "other claims this one repeats, supports, contradicts, updates or corrects",
            record="relation",
        ),
    ),
)
