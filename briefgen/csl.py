"""Sources as CSL-JSON items (CSL 1.0.2), which Zotero, Pandoc and citeproc read:
for /data/sources.json and `briefgen export sources --format csl`.

A source's authors are written as CSL names: split into family and given names
when they read as a person's, kept whole (`literal`) when they read as an
organisation's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefgen.model import Source

# Source kinds as CSL 1.0.2 item types, which Zotero and citeproc read.
CSL_TYPES = {
    "news": "article-newspaper",
    "statement": "speech",
    "report": "report",
    "interview": "interview",
    "document": "document",
    "dataset": "dataset",
    "other": "document",
    "": "document",
}
# Kinds whose `publisher` is the periodical the item appeared in rather than its
# publisher: CSL calls that the container.
CONTAINER_KINDS = frozenset({"news"})

# Words that make a name an organisation's rather than a person's, and the
# lower-case particles that belong to a family name ("von der Leyen").
_ORGANISATION_WORDS = frozenset(
    """agency association bank board bureau centre center college commission committee
    company corporation council court department foundation government group institute
    institution kremlin league ministry news office organisation organization parliament
    party press reuters service society staff team times union university""".split()
)
_PARTICLES = frozenset("da de del della der di du la le st ten ter van von al bin ibn".split())
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")


def csl_name(name: str) -> dict:
    """A CSL name: family and given for what reads as a person's name, else literal.

    "Family, Given" is split at the comma. Otherwise two to four words that look
    like a person's (no digits, none an organisation's word, no acronym) are split
    before the last word, or before the first lower-case particle ("Ursula von der
    Leyen"; "Leyen, Ursula von der"). Anything else (an agency, a ministry, a
    single word) stays whole, as CSL's `literal`."""
    name = " ".join(name.split())
    if name.count(",") == 1:
        family, given = (part.strip() for part in name.split(","))
        given_words = given.split(" ") if given else []
        particle = []
        while given_words and given_words[-1] in _PARTICLES:
            particle.insert(0, given_words.pop())
        family_words = family.split(" ") if family else []
        while len(family_words) > 1 and family_words[0] in _PARTICLES:  # "von der Leyen, U."
            particle.append(family_words.pop(0))
        if (
            given_words
            and len(family_words) == 1
            and _personal(family_words[0])
            and _personal(" ".join(given_words))
        ):
            return _person(" ".join(given_words), particle, family_words[0])
        return {"literal": name}
    words = name.split(" ")
    if not 2 <= len(words) <= 4 or not _personal(name):
        return {"literal": name}
    split = len(words) - 1
    for n, word in enumerate(words[1:-1], start=1):
        if word in _PARTICLES:
            split = n
            break
    given, family = words[:split], words[split:]
    particle = family[:-1]
    if any(word not in _PARTICLES for word in particle):  # "Mary Ann Evans"
        given, family, particle = words[:-1], words[-1:], []
    return _person(" ".join(given), particle, family[-1])


def _person(given: str, particle: list[str], family: str) -> dict:
    record = {"family": family, "given": given}
    if particle:
        record["non-dropping-particle"] = " ".join(particle)
    return record


def _personal(text: str) -> bool:
    for word in text.split(" "):
        if not _NAME_WORD.match(word) or word.lower() in _ORGANISATION_WORDS:
            return False
        if word.lower() in _PARTICLES:
            continue
        letters = [c for c in word if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):  # an acronym: BBC
            return False
        if not word[0].isupper():
            return False
    return True


def _date_parts(day) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(source: Source, url: Callable[[str], str]) -> dict:
    """One source as a CSL-JSON item."""
    item: dict = {"id": source.id, "type": CSL_TYPES.get(source.kind, "document")}
    item["title"] = source.title
    if source.authors:
        item["author"] = [csl_name(name) for name in source.authors]
    if source.publisher:
        key = "container-title" if source.kind in CONTAINER_KINDS else "publisher"
        item[key] = source.publisher
    if source.date:
        item["issued"] = _date_parts(source.date)
    if source.accessed:
        item["accessed"] = _date_parts(source.accessed)
    if source.url:
        item["URL"] = source.url
    # CSL has no field for an archived copy or for the archive's own page on a
    # source; `note` is the field CSL processors and Zotero keep as it is.
    notes = []
    if source.archive_url:
        notes.append(f"Archived copy: {source.archive_url}")
    notes.append(f"Briefing archive: {url(source.url_path)}")
    item["note"] = "\n".join(notes)
    return item
