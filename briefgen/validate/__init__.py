"""Stage 2, validate: Documents become Articles, Entities, Sources and Tags.

Checks each file on its own: required fields, types, enumerations, identifiers,
dates and URLs (DESIGN §1). References between files are checked by `link`.

One module per file kind (articles, claims, sources, entities, tags); checker.py
reads each field as its declaration in briefgen.schema says, and ids.py holds the
id syntax and slugs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.diagnostics import Diagnostics
from briefgen.load import Document
from briefgen.model import Article, Entity, Source, Tag
from briefgen.validate.articles import validate_article
from briefgen.validate.checker import Checker
from briefgen.validate.claims import validate_claim, validate_claims
from briefgen.validate.entities import validate_entity
from briefgen.validate.ids import ID_RE, article_slug_from_stem, slugify, suggest_id
from briefgen.validate.sources import validate_source_fields, validate_source_file
from briefgen.validate.tags import validate_tag_file

__all__ = [
    "ID_RE",
    "Checker",
    "Validated",
    "article_slug_from_stem",
    "slugify",
    "suggest_id",
    "validate",
    "validate_article",
    "validate_claim",
    "validate_claims",
    "validate_entity",
    "validate_source_fields",
    "validate_source_file",
    "validate_tag_file",
]


@dataclass
class Validated:
    """What validation makes of files: the archive as written, with ids where it
    refers to other files. Nothing after validation writes into it (linking makes
    objects of its own: briefgen/link_objects.py), so it can be kept and compared."""

    articles: list[Article] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)


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
