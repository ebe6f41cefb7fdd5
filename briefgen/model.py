"""The content model: plain objects that validation builds and templates read.

Templates receive these objects directly, so every field a page shows is here with a
name that says what it is. Cross references (a claim's speaker, a citation's source)
are ids after validation and objects after linking.

The model depends only on value modules (diagnostics, likelihood, admiralty,
reanchor, schema); the stages that read and check these objects (forecasts,
grades, lineage) import it, never the other way round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefgen.admiralty import citation_grade, grade_label, reliability_label
from briefgen.diagnostics import Position
from briefgen.likelihood import Likelihood
from briefgen.reanchor import Drift

# The enumerations are declared with the rest of the format, in briefgen.schema.
from briefgen.schema import CLAIM_KINDS, CLAIM_STATUSES, ENTITY_TYPES, SOURCE_KINDS  # noqa: F401

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
    body_html: str = ""
    # Filled by linking and rendering:
    mentions: list[Mention] = field(default_factory=list)
    articles: list[EntityArticle] = field(default_factory=list)
    claims_by: list[Claim] = field(default_factory=list)
    claims_about: list[Claim] = field(default_factory=list)
    co_mentions: list[tuple[Entity, int]] = field(default_factory=list)

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
    pos: Position
    url: str = ""
    publisher: str = ""
    authors: list[str] = field(default_factory=list)
    date: dt.date | None = None
    accessed: dt.date | None = None
    archive_url: str = ""
    kind: str = ""
    body: str = ""
    body_line: int = 1
    body_html: str = ""
    declared_in: str = ""  # slug of the article declaring it inline, if any
    reliability: str = ""  # Admiralty scale A-F, '' when not graded
    reliability_pos: Position | None = None
    citations: list[Citation] = field(default_factory=list)

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
    pos: Position
    locator: str = ""
    quote: str = ""
    credibility: int | None = None  # Admiralty scale 1-6, None when not graded
    source: Source | None = None
    claim: Claim | None = None
    number: int = 0  # its source's number in the article's source list

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
    description_html: str = ""
    path: str = ""
    body_line: int = 1
    claims: list[Claim] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)

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
    pos: Position  # of the `claim` value
    as_pos: Position  # of the `as` value


@dataclass
class Claim:
    id: str
    quote: str
    kind: str
    status: str
    pos: Position  # of the claim's mapping in the front-matter
    quote_pos: Position
    status_pos: Position | None = None
    occurrence: int | None = None
    by_id: str = ""
    by_pos: Position | None = None
    about_ids: list[str] = field(default_factory=list)
    about_pos: list[Position] = field(default_factory=list)
    tag_names: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    note: str = ""
    note_html: str = ""
    # Forecasts only (briefgen/forecasts.py): likelihood, when and how it resolved.
    likelihood: Likelihood | None = None
    resolve_by: dt.date | None = None
    resolution: Resolution | None = None
    # Relations to other claims, as written (briefgen/lineage.py resolves them).
    relates: list[RelationSpec] = field(default_factory=list)
    # Set by rendering: the paragraph that holds the quote, as plain text cut into
    # (before, the quote as written there, after), for the claim's own page.
    context: tuple[str, str, str] = ()
    # Filled by linking:
    article: Article | None = None
    by: Entity | None = None
    about: list[Entity] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)

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
    title: str
    date: dt.date
    path: str
    body: str
    body_line: int
    updated: dt.date | None = None
    authors: list[str] = field(default_factory=list)
    summary: str = ""
    section: str = ""
    tag_names: list[str] = field(default_factory=list)
    entity_ids: list[str] = field(default_factory=list)
    entity_pos: list[Position] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    draft: bool = False
    # Filled by linking and rendering:
    tags: list[Tag] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    body_html: str = ""
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # level, anchor, title
    sources_cited: list[Source] = field(default_factory=list)  # numbered 1..n
    source_claims: dict[str, list[Claim]] = field(default_factory=dict)  # source id -> claims
    mentions: list[Mention] = field(default_factory=list)
    word_count: int = 0
    drifts: list[Drift] = field(default_factory=list)  # claims whose quote did not match

    @property
    def url(self) -> str:
        return f"/articles/{self.slug}/"
