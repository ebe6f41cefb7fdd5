"""The building blocks of the content format: id and date patterns, the enumerations,
and the two declarations everything else is made of, Field and Record.

Nothing here names a file kind; the records are in claims.py, files.py and
settings.py.
"""

from __future__ import annotations

from dataclasses import dataclass

# One id syntax for entity ids, source ids, claim ids, tag slugs and article slugs.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
URL_PATTERN = r"^https?://[^/?#\s]+"
WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
CLAIM_REF_PATTERN = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?#[a-z0-9]+(?:-[a-z0-9]+)*$"
HOST_PATTERN = r"^[A-Za-z0-9.-]+$"

CLAIM_KINDS = ("fact", "assessment", "forecast", "recommendation", "statement")
CLAIM_STATUSES = ("verified", "disputed", "unverified", "false", "misleading")
ENTITY_TYPES = ("person", "organization", "place", "event", "document", "other")
SOURCE_KINDS = ("news", "statement", "report", "interview", "document", "dataset", "other")
# ICD 203's words of estimative probability, each with its band.
LIKELIHOOD_TERMS = (
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
)
RESOLUTION_OUTCOMES = ("occurred", "did-not-occur", "ambiguous")
RELATIONS = ("repeats", "supports", "contradicts", "updates", "corrects")
# The Admiralty scale: a source's reliability (A-F) and the credibility (1-6) of the
# information as that source gives it.
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
MENTION_LINKS = ("first", "all")

# What each field type is called on the reference page.
TYPE_NAMES = {
    "text": "text",
    "markdown": "text (Markdown)",
    "id": "id",
    "date": "date (YYYY-MM-DD)",
    "url": "http(s) URL",
    "bool": "true or false",
    "integer": "whole number",
    "share": "number above 0, at most 1",
    "choice": "one of the values",
    "text-list": "text, or a list of text",
    "id-list": "list of ids",
    "records": "list of {record}s",
    "record": "{record} mapping",
    "citations": "list of citations",
    "likelihood": "likelihood term or probability",
    "mapping": "mapping",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a key of TYPE_NAMES
    description: str
    required: bool = False
    values: tuple = ()  # allowed values of a choice (likelihood: its terms)
    default: object = None  # the value an absent field has, when it is a plain value
    default_text: str = ""  # a default that is worked out (e.g. from the file name)
    example: str = ""  # the value as written in YAML
    record: str = ""  # records / record: the name of the record their items are
    label: str = ""  # id / id-list: what the id names, as messages say it
    minimum: int | None = None
    maximum: int | None = None
    pattern: str = ""  # text: a regular expression the value matches
    pattern_hint: str = ""  # the pattern, as a person would write it
    only: str = ""  # where the field applies, when not everywhere ("forecasts only")


@dataclass(frozen=True)
class Record:
    name: str  # as messages and the reference page name it: "claim", "source"
    title: str  # heading of the reference page section
    description: str
    fields: tuple[Field, ...]
    # A record that may also be written as a bare id (a citation: `- reuters-2025`).
    bare_id: str = ""

    def __post_init__(self):
        # Validation looks fields up for every value of every file: by name, at once.
        object.__setattr__(self, "by_name", {item.name: item for item in self.fields})
        object.__setattr__(self, "names", tuple(self.by_name))

    def __getitem__(self, name: str) -> Field:
        return self.by_name[name]


def tags_field(what: str) -> Field:
    return Field(
        "tags",
        "text-list",
        f"{what}; free text, whose slug (lower case, other characters as '-') is the tag's "
        "identity and address",
        example="[Sanctions, Ceasefire line]",
    )
