"""Ids and slugs: the one id syntax of every file kind (briefgen.schema's
ID_PATTERN), the slug a tag's name gives and the slug an article's file name gives."""

from __future__ import annotations

import re
import unicodedata

from briefgen.schema import ID_PATTERN

ID_RE = re.compile(ID_PATTERN)
DATE_PREFIX_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def slugify(text: str) -> str:
    """A tag's identity: lower case, runs of other characters turned into '-'.
    Accents are dropped first, so 'Négociations' becomes 'negociations' rather
    than 'n-gociations'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def suggest_id(text: str) -> str:
    slug = slugify(text)
    return f"; did you mean '{slug}'?" if slug and slug != text else ""


EMPTY_TAG = (
    "tag '{value}' has no Latin letters or digits to make its address from; write the "
    "tag in Latin letters (e.g. 'sanctions') and give it its display name in "
    "content/tags/<slug>.md"
)


def article_slug_from_stem(stem: str) -> str:
    return DATE_PREFIX_RE.sub("", stem)
