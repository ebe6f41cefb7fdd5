"""The content model: plain objects that validation builds and templates read.

Templates receive these objects directly, so every field a page shows is here with a
name that says what it is. Cross references (a claim's speaker, a citation's source)
are ids in what validation makes and objects in what linking makes.

Validation's objects are the archive as written and are never written into: linking
makes its own objects from them (briefgen/link_objects.py) and fills those. Each
field that a later stage fills says so here, once (`filled_by`): which fields
linking resets, which a patch of the preview copies (engine/patch.py), are read
from these declarations, never listed again by hand. `parts` marks the fields that
hold other objects of the same file (an article's claims, a claim's citations).

The model depends only on value modules (diagnostics, likelihood, admiralty,
reanchor, schema); the stages that read and check these objects (forecasts,
grades, lineage) import it, never the other way round.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, fields

from briefgen.admiralty import citation_grade, grade_label, reliability_label
from briefgen.diagnostics import Position
from briefgen.likelihood import Likelihood
from briefgen.reanchor import Drift

# The enumerations are declared with the rest of the format, in briefgen.schema.
from briefgen.schema import CLAIM_KINDS, CLAIM_STATUSES, ENTITY_TYPES, SOURCE_KINDS  # noqa: F401

# The stages that fill a field after validation (see `filled_by`).
LINK = "link"  # briefgen/link.py: references resolved, indexes built
RENDER = "render"  # briefgen/render/: a body's HTML and what rendering finds in it
MENTIONS = "mentions"  # link.index_mentions: after rendering, which finds the mentions


def filled_by(stage: str, **default):
    """A field that `stage` fills; validation leaves it at its default."""
    return field(metadata={"filled_by": stage}, **default)


def parts(**default):
    """A field that holds objects of the same file, which validation makes too."""
    return field(metadata={"parts": True}, **default)


def not_linked(**default):
    """A field as written that linking does not read: an edit of such fields alone
    is patched into the linked objects by the preview (engine/patch.py). A field
    not marked so is taken to be read by linking. A position that linking reads
    only to place a diagnostic counts as not read: the fast path is taken only
    after a link that gave none (engine/steps.py)."""
    return field(metadata={"not_linked": True}, **default)


@functools.cache
def fields_filled_by(cls: type, stages: tuple[str, ...]) -> tuple:
    """The fields of `cls` that one of `stages` fills: (name, default, factory)."""
    return tuple(
        (f.name, f.default, f.default_factory)
        for f in fields(cls)
        if f.metadata.get("filled_by") in stages
    )


@functools.cache
def written_fields(cls: type) -> tuple[str, ...]:
    """The fields of `cls` as written in its file: what validation sets, less the
    parts (objects of their own)."""
    return tuple(
        f.name for f in fields(cls) if "filled_by" not in f.metadata and "parts" not in f.metadata
    )


@functools.cache
def linked_fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """The fields of `cls` as written that linking reads: (name, whether it holds
    parts)."""
    return tuple(
        (f.name, "parts" in f.metadata)
        for f in fields(cls)
        if "filled_by" not in f.metadata and "not_linked" not in f.metadata
    )


KIND_LABELS = {
    "fact": "Fact",
    "assessment": "Assessment",
    "forecast": "Forecast",
    "recommendation": "Recommendation",
    "statement": "Statement",
}
STATUS_LABELS = {
    "verified": "Verified",
    "disputed": "Disputed",
    "unverified": "Unverified",
    "false": "False",
    "misleading": "Misleading",
}
OUTCOME_LABELS = {
    "occurred": "Occurred",
    "did-not-occur": "Did not occur",
    "ambiguous": "Ambiguous",
}
ENTITY_TYPE_LABELS = {
    "person": "People",
    "organization": "Organisations",
    "place": "Places",
    "event": "Events",
    "document": "Documents",
    "other": "Other",
}


@dataclass
class Link:
    title: str
    url: str


@dataclass
class Entity:
    id: str
    name: str
    type: str
    path: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    wikidata: str = ""
    links: list[Link] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    body_html: str = filled_by(RENDER, default="")
    mentions: list[Mention] = filled_by(MENTIONS, default_factory=list)
    articles: list[EntityArticle] = filled_by(MENTIONS, default_factory=list)
    claims_by: list[Claim] = filled_by(LINK, default_factory=list)
    claims_about: list[Claim] = filled_by(LINK, default_factory=list)
    co_mentions: list[tuple[Entity, int]] = filled_by(MENTIONS, default_factory=list)

    @property
    def url(self) -> str:
        return f"/entities/{self.id}/"

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata}" if self.wikidata else ""


@dataclass
class Source:
    id: str
    title: str
    path: str
    pos: Position = not_linked()
    url: str = ""
    publisher: str = ""
    authors: list[str] = field(default_factory=list)
    date: dt.date | None = None
    accessed: dt.date | None = None
    archive_url: str = ""
    kind: str = ""
    body: str = ""
    body_line: int = not_linked(default=1)
    body_html: str = filled_by(RENDER, default="")
    declared_in: str = ""  # slug of the article declaring it inline, if any
    reliability: str = ""  # Admiralty scale A-F, '' when not graded
    # Where a grade was written; linking reads it only when that grade is not one
    # of A-F, an error in this same file (which the fast path never patches).
    reliability_pos: Position | None = not_linked(default=None)
    citations: list[Citation] = filled_by(LINK, default_factory=list)

    @property
    def url_path(self) -> str:
        return f"/sources/{self.id}/"

    @property
    def reliability_label(self) -> str:
        """'B: usually reliable', or '' when not graded."""
        return reliability_label(self.reliability)


@dataclass
class Citation:
    source_id: str
    pos: Position = not_linked()
    locator: str = not_linked(default="")
    quote: str = not_linked(default="")
    credibility: int | None = None  # Admiralty scale 1-6, None when not graded
    source: Source | None = filled_by(LINK, default=None)
    claim: Claim | None = filled_by(LINK, default=None)
    # Its source's number in the article's source list.
    number: int = filled_by(RENDER, default=0)

    @property
    def grade(self) -> str:
        """The source's reliability and this information's credibility, e.g. 'B2';
        the graded half alone when only one is given; '' when neither is."""
        return citation_grade(self.source.reliability if self.source else "", self.credibility)

    @property
    def grade_label(self) -> str:
        return grade_label(self.source.reliability if self.source else "", self.credibility)


@dataclass
class Tag:
    slug: str
    name: str
    description: str = ""
    description_html: str = filled_by(RENDER, default="")
    path: str = ""
    body_line: int = 1
    claims: list[Claim] = filled_by(LINK, default_factory=list)
    articles: list[Article] = filled_by(LINK, default_factory=list)

    @property
    def url(self) -> str:
        return f"/tags/{self.slug}/"


@dataclass(frozen=True)
class Resolution:
    """What became of a forecast (briefgen/forecasts.py reads and scores it)."""

    outcome: str
    date: dt.date
    note: str
    citations: list[Citation]
    pos: Position

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def score(self) -> int | None:
        """1 occurred, 0 did not, None for an ambiguous outcome (not scored)."""
        return {"occurred": 1, "did-not-occur": 0}.get(self.outcome)


@dataclass(frozen=True)
class RelationSpec:
    """One `relates` item as written: ids only (briefgen/lineage.py resolves it)."""

    article_slug: str  # '' for the claim's own article
    claim_id: str
    relation: str
    pos: Position = not_linked()  # of the `claim` value
    as_pos: Position = not_linked()  # of the `as` value


@dataclass
class Claim:
    id: str
    quote: str = not_linked()
    kind: str = not_linked()
    status: str = not_linked()
    pos: Position = not_linked()  # of the claim's mapping in the front-matter
    quote_pos: Position = not_linked()
    status_pos: Position | None = not_linked(default=None)
    occurrence: int | None = not_linked(default=None)
    by_id: str = ""
    by_pos: Position | None = not_linked(default=None)
    about_ids: list[str] = field(default_factory=list)
    about_pos: list[Position] = not_linked(default_factory=list)
    tag_names: list[str] = field(default_factory=list)
    citations: list[Citation] = parts(default_factory=list)
    note: str = not_linked(default="")
    note_html: str = filled_by(RENDER, default="")
    # Forecasts only (briefgen/forecasts.py): likelihood, when and how it resolved.
    likelihood: Likelihood | None = not_linked(default=None)
    resolve_by: dt.date | None = not_linked(default=None)
    resolution: Resolution | None = parts(default=None)  # its citations are linked
    # Relations to other claims, as written (briefgen/lineage.py resolves them).
    relates: list[RelationSpec] = field(default_factory=list)
    # The paragraph that holds the quote, as plain text cut into (before, the quote
    # as written there, after), for the claim's own page.
    context: tuple[str, str, str] | tuple[()] = filled_by(RENDER, default=())
    article: Article | None = filled_by(LINK, default=None)
    by: Entity | None = filled_by(LINK, default=None)
    about: list[Entity] = filled_by(LINK, default_factory=list)
    tags: list[Tag] = filled_by(LINK, default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def anchor(self) -> str:
        return f"claim-{self.id}"

    @property
    def url(self) -> str:
        """Its place in the article."""
        return f"{self.article.url}#{self.anchor}" if self.article else ""

    @property
    def page_url(self) -> str:
        """Its own page (DESIGN §5)."""
        return f"/claims/{self.article.slug}/{self.id}/" if self.article else ""


@dataclass
class Mention:
    """One occurrence of an entity's name in an article body."""

    entity_id: str
    article: Article
    anchor: str
    text: str  # the name or alias as written
    sentence: str  # the sentence it stands in, as plain text
    section: str  # heading of the section, '' before the first heading
    linked: bool

    @property
    def url(self) -> str:
        """Where it stands: its anchor on the article's page."""
        return f"{self.article.url}#{self.anchor}"


@dataclass
class EntityArticle:
    """An article as seen from an entity page."""

    article: Article
    mentions: list[Mention]
    listed: bool  # the article names the entity in its `entities`


@dataclass
class Article:
    slug: str
    title: str = not_linked()
    date: dt.date
    path: str
    body: str = not_linked()
    body_line: int = not_linked()
    updated: dt.date | None = not_linked(default=None)
    authors: list[str] = not_linked(default_factory=list)
    # As written; rendering gives the linked article its first paragraph when empty.
    summary: str = not_linked(default="")
    section: str = not_linked(default="")
    tag_names: list[str] = field(default_factory=list)
    entity_ids: list[str] = field(default_factory=list)
    entity_pos: list[Position] = not_linked(default_factory=list)
    claims: list[Claim] = parts(default_factory=list)
    draft: bool = False
    tags: list[Tag] = filled_by(LINK, default_factory=list)
    entities: list[Entity] = filled_by(LINK, default_factory=list)
    body_html: str = filled_by(RENDER, default="")
    # level, anchor, title
    toc: list[tuple[int, str, str]] = filled_by(RENDER, default_factory=list)
    sources_cited: list[Source] = filled_by(RENDER, default_factory=list)  # numbered 1..n
    # source id -> the claims citing it
    source_claims: dict[str, list[Claim]] = filled_by(RENDER, default_factory=dict)
    mentions: list[Mention] = filled_by(RENDER, default_factory=list)
    word_count: int = filled_by(RENDER, default=0)
    # Claims whose quote did not match.
    drifts: list[Drift] = filled_by(RENDER, default_factory=list)

    @property
    def url(self) -> str:
        return f"/articles/{self.slug}/"
