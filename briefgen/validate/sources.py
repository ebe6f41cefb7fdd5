"""Sources: a file of content/sources/, or an item of an article's `sources`."""

from __future__ import annotations

from briefgen.diagnostics import Diagnostics, Position
from briefgen.load import Document, YList, YMap
from briefgen.model import Source
from briefgen.schema import DECLARED_SOURCE, SOURCE
from briefgen.validate.checker import Checker


def validate_source_fields(
    check: Checker, mapping: YMap, source_id: str, pos: Position, what: str
) -> Source:
    authors, _ = check.value(mapping, SOURCE["author"])
    read = ("title", "url", "publisher", "author", "date", "accessed", "archive_url", "kind")
    read += ("reliability",)
    check.unread_fields(mapping, SOURCE, "source", read)
    return Source(
        id=source_id,
        title=check.value(mapping, SOURCE["title"], what=what),
        path=check.path,
        pos=pos,
        url=check.value(mapping, SOURCE["url"]),
        publisher=check.value(mapping, SOURCE["publisher"]),
        authors=authors,
        date=check.value(mapping, SOURCE["date"]),
        accessed=check.value(mapping, SOURCE["accessed"]),
        archive_url=check.value(mapping, SOURCE["archive_url"]),
        kind=check.value(mapping, SOURCE["kind"], what="source"),
        reliability=check.value(mapping, SOURCE["reliability"], what="source"),
        # Where a grade was written (an empty `reliability:` writes none): a grade
        # that is not one of A-F is an error there (grades.check_verified_claims).
        reliability_pos=(
            mapping.vpos("reliability") if mapping.get("reliability") is not None else None
        ),
    )


def validate_source_file(doc: Document, diags: Diagnostics) -> Source | None:
    check = Checker(doc.path, diags)
    check.unknown_fields(doc.meta, SOURCE)
    if not check.identifier(doc.stem, Position(1, 1), "source file name"):
        return None
    source = validate_source_fields(check, doc.meta, doc.stem, doc.meta.pos, "source")
    source.body = doc.body
    source.body_line = doc.body_line
    return source


def validate_declared_sources(check: Checker, raw_sources: YList, slug: str) -> list[Source]:
    """The items of an article's `sources`: sources it declares, each with an id."""
    sources: list[Source] = []
    for index, item in enumerate(raw_sources):
        ipos = raw_sources.ipos(index)
        if not isinstance(item, YMap):
            check.error(ipos, "each source must be a mapping with id and title")
            continue
        check.unknown_fields(item, DECLARED_SOURCE, "source")
        source_id = check.value(item, DECLARED_SOURCE["id"], what="source")
        if not source_id:
            continue
        source = validate_source_fields(check, item, source_id, item.vpos("id"), "source")
        source.declared_in = slug
        sources.append(source)
    return sources
