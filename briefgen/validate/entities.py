"""Entities: the files of content/entities/."""

from __future__ import annotations

from briefgen.diagnostics import Diagnostics, Position
from briefgen.load import Document, YList, YMap
from briefgen.model import Entity, Link
from briefgen.schema import ENTITY, LINK
from briefgen.validate.checker import Checker


def validate_entity(doc: Document, diags: Diagnostics) -> Entity | None:
    check = Checker(doc.path, diags)
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
