"""Tag files: content/tags/<slug>.md, optional for every tag."""

from __future__ import annotations

from briefgen.diagnostics import Diagnostics, Position
from briefgen.load import Document
from briefgen.model import Tag
from briefgen.schema import TAG
from briefgen.validate.checker import Checker


def validate_tag_file(doc: Document, diags: Diagnostics) -> Tag | None:
    check = Checker(doc.path, diags)
    check.unknown_fields(doc.meta, TAG)
    if not check.identifier(doc.stem, Position(1, 1), "tag file name"):
        return None
    name = check.value(doc.meta, TAG["name"]) or doc.stem.replace("-", " ")
    return Tag(
        slug=doc.stem, name=name, description=doc.body, path=doc.path, body_line=doc.body_line
    )
