"""Stage 3, link: references between files are resolved into one Archive.

Validation's objects are not written into: the Archive holds linked objects made
from them (briefgen/link_objects.py), and those are what linking fills.

Checks that every id an article, claim or citation names exists (with "did you
mean"), that ids are unique archive-wide, and builds the indexes pages need:
tag -> claims and articles, source -> citations, entity -> claims by and about.
Mentions and co-mentions are indexed after rendering (`index_mentions`), because
only the renderer knows where names stand in a body.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from briefgen.config import Config
from briefgen.diagnostics import Diagnostics, did_you_mean
from briefgen.grades import check_verified_claims
from briefgen.lineage import Lineage, link_lineage
from briefgen.link_objects import LinkedObjects
from briefgen.model import Article, Claim, Entity, EntityArticle, Source, Tag
from briefgen.validate import Validated, slugify


@dataclass
class Archive:
    config: Config
    articles: list[Article] = field(default_factory=list)  # newest first
    entities: dict[str, Entity] = field(default_factory=dict)  # sorted by id
    sources: dict[str, Source] = field(default_factory=dict)  # sorted by id
    tags: dict[str, Tag] = field(default_factory=dict)  # sorted by slug
    claims: list[Claim] = field(default_factory=list)  # in article order
    lineage: Lineage = field(default_factory=Lineage)  # claim -> related claims, both ways
    _by_slug: dict[str, Article] | None = field(default=None, repr=False, compare=False)

    def article_by_slug(self, slug: str) -> Article | None:
        # Called from every source page: a dict, built once, not a scan per call.
        if self._by_slug is None:
            self._by_slug = {a.slug: a for a in self.articles}
        return self._by_slug.get(slug)


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (-a.date.toordinal(), a.slug))


def _tag(tags: dict[str, Tag], name: str, slugs: dict[str, str]) -> Tag:
    slug = slugs.get(name)
    if slug is None:
        slug = slugs[name] = slugify(name)
    if slug not in tags:
        tags[slug] = Tag(slug=slug, name=name)
    return tags[slug]


def link(
    validated: Validated,
    config: Config,
    diags: Diagnostics,
    drafts: bool,
    objects: LinkedObjects | None = None,
) -> Archive:
    """The Archive of `validated`, which is left as it is. `objects`: where the
    linked objects come from (an engine kept warm keeps them between runs)."""
    objects = objects or LinkedObjects()
    objects.start()
    archive = Archive(config=config)

    entities = {e.id: objects.of(e) for e in sorted(validated.entities, key=lambda e: e.id)}
    archive.entities = entities

    sources: dict[str, Source] = {}
    # Files in content/sources/ first: when an article re-declares one of their ids,
    # the error is reported at the article's declaration.
    for written in sorted(validated.sources, key=lambda s: (bool(s.declared_in), s.path)):
        source = objects.of(written)
        if source.id in sources:
            first = sources[source.id]
            diags.error(
                source.path,
                source.pos,
                f"duplicate source id '{source.id}' (first declared in {first.path}:"
                f"{first.pos.line}); source ids are unique archive-wide",
            )
            continue
        sources[source.id] = source
    archive.sources = dict(sorted(sources.items()))

    tags: dict[str, Tag] = {}
    for tag in validated.tags:
        tags[tag.slug] = objects.of(tag)

    slugs: dict[str, Article] = {}
    articles = []
    for written in validated.articles:
        article = objects.of(written)
        if article.slug in slugs:
            diags.error(
                article.path,
                None,
                f"duplicate article slug '{article.slug}' (also {slugs[article.slug].path}); "
                "set a different 'slug'",
            )
            continue
        slugs[article.slug] = article
        if article.draft and not drafts:
            continue
        articles.append(article)
    archive.articles = newest_first(articles)

    entity_ids = list(entities)
    source_ids = list(sources)
    slug_of: dict[str, str] = {}  # tag name -> slug: a few names, named many times
    for article in sorted(articles, key=lambda a: a.path):
        for entity_id, pos in zip(article.entity_ids, article.entity_pos, strict=True):
            entity = entities.get(entity_id)
            if entity is None:
                diags.error(
                    article.path,
                    pos,
                    f"unknown entity '{entity_id}'"
                    + (
                        did_you_mean(entity_id, entity_ids)
                        or f"; create content/entities/{entity_id}.md"
                    ),
                )
            elif not any(e is entity for e in article.entities):
                article.entities.append(entity)
        for name in article.tag_names:
            tag = _tag(tags, name, slug_of)
            # By identity, and on the article's few tags rather than the tag's many
            # articles (the two lists grow together): `in` would compare every field.
            if not any(t is tag for t in article.tags):
                tag.articles.append(article)
                article.tags.append(tag)
        for claim in article.claims:
            if claim.by_id:
                claim.by = entities.get(claim.by_id)
                if claim.by is None:
                    diags.error(
                        article.path,
                        claim.by_pos,
                        f"claim '{claim.id}': unknown entity '{claim.by_id}'"
                        + did_you_mean(claim.by_id, entity_ids),
                    )
            for entity_id, pos in zip(claim.about_ids, claim.about_pos, strict=True):
                entity = entities.get(entity_id)
                if entity is None:
                    diags.error(
                        article.path,
                        pos,
                        f"claim '{claim.id}': unknown entity '{entity_id}'"
                        + did_you_mean(entity_id, entity_ids),
                    )
                elif not any(e is entity for e in claim.about):
                    claim.about.append(entity)
            for name in claim.tag_names:
                tag = _tag(tags, name, slug_of)
                if not any(t is tag for t in claim.tags):  # identity, as for articles' tags
                    claim.tags.append(tag)
            resolution_citations = claim.resolution.citations if claim.resolution else []
            for citation in claim.citations + resolution_citations:
                citation.claim = claim
                citation.source = sources.get(citation.source_id)
                if citation.source is None:
                    diags.error(
                        article.path,
                        citation.pos,
                        f"claim '{claim.id}': unknown source '{citation.source_id}'"
                        + (
                            did_you_mean(citation.source_id, source_ids)
                            or "; declare it in the article's 'sources' or in content/sources/"
                        ),
                    )

    # Indexes, in a stable order: claims by article (newest first), then position.
    for article in archive.articles:
        for claim in article.claims:
            archive.claims.append(claim)
            if claim.by:
                claim.by.claims_by.append(claim)
            for entity in claim.about:
                entity.claims_about.append(claim)
            for tag in claim.tags:
                tag.claims.append(claim)
            for citation in claim.citations:
                if citation.source:
                    citation.source.citations.append(citation)
    for tag in tags.values():
        tag.articles = newest_first(tag.articles)
    archive.tags = dict(sorted(tags.items()))
    archive.lineage = link_lineage(archive.articles, slugs, diags)
    check_verified_claims(archive.claims, list(archive.sources.values()), diags)
    objects.linked()
    return archive


def index_mentions(archive: Archive) -> None:
    """Entity -> articles that mention or list it, and co-mentions, after rendering."""
    for entity in archive.entities.values():
        entity.mentions = []
        entity.articles = []
        entity.co_mentions = []
    together: dict[str, Counter] = {entity_id: Counter() for entity_id in archive.entities}
    for article in archive.articles:  # newest first, so entity pages list newest first
        by_entity: dict[str, list] = {}
        for mention in article.mentions:
            by_entity.setdefault(mention.entity_id, []).append(mention)
        present = sorted(set(by_entity) | {e.id for e in article.entities})
        for entity_id in present:
            entity = archive.entities.get(entity_id)
            if entity is None:
                continue
            mentions = by_entity.get(entity_id, [])
            entity.mentions.extend(mentions)
            entity.articles.append(
                EntityArticle(article, mentions, listed=entity in article.entities)
            )
            for other in present:
                if other != entity_id and other in archive.entities:
                    together[entity_id][other] += 1
    for entity_id, counter in together.items():
        ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:10]
        archive.entities[entity_id].co_mentions = [
            (archive.entities[other], count) for other, count in ranked
        ]
