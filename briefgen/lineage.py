"""Claim lineage: how claims of any articles relate (DESIGN §1.3 `relates`).

A claim says it `repeats`, `supports`, `contradicts`, `updates` or `corrects`
another claim, named `<article-slug>#<claim-id>` (or `#<claim-id>` in its own
article). Validation reads the list (`read_relates`); linking resolves the names
into a `Lineage`, a new value beside the archive (the claims themselves are not
changed), reporting unknown articles and claims, a claim relating to itself and a
cycle of updates or corrections. Pages show each relation from both ends: the
target shows the inverse ("repeated by", "updated by", ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.diagnostics import Diagnostics, did_you_mean
from briefgen.model import Article, Claim, RelationSpec
from briefgen.schema import RELATION

# How a relation reads from its claim, and from the claim it names.
FORWARD_LABELS = {
    "repeats": "Repeats",
    "supports": "Supports",
    "contradicts": "Contradicts",
    "updates": "Updates",
    "corrects": "Corrects",
}
INVERSE_LABELS = {
    "repeats": "Repeated by",
    "supports": "Supported by",
    "contradicts": "Contradicted by",
    "updates": "Updated by",
    "corrects": "Corrected by",
}
# Relations that replace what the target said: they may not go round in a circle.
SUPERSEDING = ("updates", "corrects")
_REF_RE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)?#([a-z0-9]+(?:-[a-z0-9]+)*)$")


def read_relates(check, mapping, claim_id: str) -> list[RelationSpec]:
    raw = mapping.get("relates")
    if raw is None:
        return []
    if not isinstance(raw, list):
        check.error(
            mapping.vpos("relates"),
            "'relates' must be a list of {claim: <article-slug>#<claim-id>, as: <relation>}",
        )
        return []
    specs = []
    for index, item in enumerate(raw):
        ipos = raw.ipos(index)
        if not isinstance(item, dict):
            check.error(
                ipos,
                f"claim '{claim_id}': each 'relates' item is a mapping "
                "{claim: <article-slug>#<claim-id>, as: <relation>}",
            )
            continue
        check.unknown_fields(item, RELATION)
        # The declaration checks the claim's name against the pattern _REF_RE spells.
        target = check.value(item, RELATION["claim"], what="relation")
        relation = check.value(item, RELATION["as"], what="relation")
        match = _REF_RE.match(target) if target else None
        if match and relation:
            specs.append(
                RelationSpec(
                    article_slug=match.group(1) or "",
                    claim_id=match.group(2),
                    relation=relation,
                    pos=item.vpos("claim"),
                    as_pos=item.vpos("as"),
                )
            )
    return specs


@dataclass(frozen=True)
class Relation:
    """A resolved relation: `source` <relation> `target`."""

    source: Claim
    relation: str
    target: Claim

    @property
    def label(self) -> str:
        return FORWARD_LABELS[self.relation]

    @property
    def inverse_label(self) -> str:
        return INVERSE_LABELS[self.relation]


@dataclass(frozen=True)
class Related:
    """A relation as one claim sees it: what it is called from here and the other
    claim."""

    label: str
    relation: str
    claim: Claim
    inverse: bool  # True when the other claim is the one that relates


def _key(claim: Claim) -> tuple[str, str]:
    return (claim.article.slug if claim.article else "", claim.id)


@dataclass
class Lineage:
    relations: list[Relation] = field(default_factory=list)  # in article order
    _outgoing: dict = field(default_factory=dict, repr=False)
    _incoming: dict = field(default_factory=dict, repr=False)

    def add(self, relation: Relation) -> None:
        self.relations.append(relation)
        self._outgoing.setdefault(_key(relation.source), []).append(relation)
        self._incoming.setdefault(_key(relation.target), []).append(relation)

    def outgoing(self, claim: Claim) -> list[Relation]:
        return self._outgoing.get(_key(claim), [])

    def incoming(self, claim: Claim) -> list[Relation]:
        return self._incoming.get(_key(claim), [])

    def related(self, claim: Claim) -> list[Related]:
        """Every relation of the claim, both ways: its own first, then the inverse."""
        return [Related(r.label, r.relation, r.target, False) for r in self.outgoing(claim)] + [
            Related(r.inverse_label, r.relation, r.source, True) for r in self.incoming(claim)
        ]

    def superseded(self, article: Article) -> list[Relation]:
        """Updates and corrections of the article's claims made by other claims, for
        the note on its page ("updated by ... on DATE")."""
        notes = []
        for claim in article.claims:
            for relation in self.incoming(claim):
                if relation.relation in SUPERSEDING and relation.source.article is not article:
                    notes.append(relation)
        return notes

    def related_articles(self, article: Article) -> list[Article]:
        """The other articles whose claims relate to the article's, either way."""
        others: dict[int, Article] = {}
        for claim in article.claims:
            for r in self.outgoing(claim) + self.incoming(claim):
                for end in (r.source, r.target):
                    if end.article is not None and end.article is not article:
                        others[id(end.article)] = end.article
        return list(others.values())

    def contested(self) -> list[Relation]:
        return [r for r in self.relations if r.relation == "contradicts"]

    def article_key(self, article: Article) -> tuple:
        """What an article's pages show of other articles' claims through lineage,
        for the keys that decide whether the pages are rendered again."""
        parts = []
        for claim in article.claims:
            for r in self.outgoing(claim) + self.incoming(claim):
                for end in (r.source, r.target):
                    other = end.article
                    if other is not None and other is not article:
                        parts.append(
                            (
                                r.relation,
                                _key(r.source),
                                _key(r.target),
                                other.title,
                                other.date.isoformat(),
                                end.quote,
                            )
                        )
        return tuple(parts)


def link_lineage(
    articles: list[Article], all_slugs: dict[str, Article], diags: Diagnostics
) -> Lineage:
    """Resolve each claim's `relates` among `articles` (those in the build).
    `all_slugs` also holds drafts left out, to say so when one is named."""
    built = {a.slug: a for a in articles}
    claims_of = {a.slug: {c.id: c for c in a.claims} for a in articles}
    lineage = Lineage()
    for article in sorted(articles, key=lambda a: a.path):
        for claim in article.claims:
            for spec in claim.relates:
                slug = spec.article_slug or article.slug
                target_article = built.get(slug)
                if target_article is None:
                    if slug in all_slugs:
                        hint = f"; '{slug}' is a draft, left out of this build"
                    else:
                        hint = did_you_mean(slug, built) or "; name an article by its slug"
                    diags.error(
                        article.path,
                        spec.pos,
                        f"claim '{claim.id}' relates to an unknown article '{slug}'{hint}",
                    )
                    continue
                target = claims_of[slug].get(spec.claim_id)
                if target is None:
                    diags.error(
                        article.path,
                        spec.pos,
                        f"claim '{claim.id}' relates to an unknown claim '{spec.claim_id}' "
                        f"of article '{slug}'" + did_you_mean(spec.claim_id, claims_of[slug]),
                    )
                    continue
                if target is claim:
                    diags.error(
                        article.path,
                        spec.pos,
                        f"claim '{claim.id}' relates to itself; name another claim",
                    )
                    continue
                lineage.add(Relation(claim, spec.relation, target))
    _check_cycles(lineage, diags)
    return lineage


def _check_cycles(lineage: Lineage, diags: Diagnostics) -> None:
    """Updates and corrections say which claim replaces which: a circle of them
    leaves no claim standing. Each circle is reported once, at the relation that
    closes it when the claims are walked in path and claim order."""
    edges: dict[tuple, list[Relation]] = {}
    for r in lineage.relations:
        if r.relation in SUPERSEDING:
            edges.setdefault(_key(r.source), []).append(r)
    done: set[tuple] = set()
    reported: set[frozenset] = set()

    def visit(node: tuple, path: list[Relation]) -> None:
        # `path`: the relations walked from the first claim to `node`.
        on_path = [_key(p.source) for p in path] + [node]
        for r in edges.get(node, []):
            target = _key(r.target)
            if target in on_path:
                circle = path[on_path.index(target) :] + [r]
                members = frozenset(_key(p.source) for p in circle)
                if members in reported:
                    continue
                reported.add(members)
                names = " -> ".join(_name(p.source) for p in circle) + f" -> {_name(r.target)}"
                spec = _spec_of(r)
                diags.error(
                    r.source.article.path,
                    spec.as_pos if spec else r.source.pos,
                    f"claim '{r.source.id}': a cycle of updates and corrections ({names}); "
                    "a claim cannot, through others, update or correct itself",
                )
            elif target not in done:
                visit(target, path + [r])
        done.add(node)

    for node in sorted(edges, key=lambda k: (edges[k][0].source.article.path, k)):
        if node not in done:
            visit(node, [])


def _name(claim: Claim) -> str:
    return f"{claim.article.slug}#{claim.id}"


def _spec_of(relation: Relation) -> RelationSpec | None:
    target_slug = relation.target.article.slug
    for spec in relation.source.relates:
        slug = spec.article_slug or relation.source.article.slug
        if (
            slug == target_slug
            and spec.claim_id == relation.target.id
            and (spec.relation == relation.relation)
        ):
            return spec
    return None
