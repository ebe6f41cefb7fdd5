"""The content format, declared once (DESIGN §1): every field of every file kind.

This module is data: for each record (article, claim, citation, source, entity, tag,
the settings of briefgen.yaml, ...) the fields it may hold, with their type, whether
they are required, their allowed values, default, a one-line description and an
example. Three things are made from it, so that they cannot disagree:

- the validator's known fields, enumerations and type checks (validate.py, config.py);
- the JSON Schema of each file kind (`briefgen schema KIND`, jsonschema_for);
- the reference page docs/format.md (`briefgen schema --markdown`, format_reference),
  and the commented templates of `briefgen new`.

Regenerate docs/format.md after changing a declaration:

    briefgen schema --markdown > docs/format.md
"""

from __future__ import annotations

import json
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


def _tags(what: str) -> Field:
    return Field(
        "tags",
        "text-list",
        f"{what}; free text, whose slug (lower case, other characters as '-') is the tag's "
        "identity and address",
        example="[Sanctions, Ceasefire line]",
    )


CITATION = Record(
    "citation",
    "A citation",
    "An item of a claim's `sources`: either a source id (`- reuters-2025-12-03`) or a "
    "mapping with these fields.",
    (
        Field(
            "source",
            "id",
            "the id of the source: a file of content/sources/ or a source an article declares",
            required=True,
            label="source id",
            example="reuters-2025-12-03",
        ),
        Field("locator", "text", "where in the source", example='"para. 4"'),
        Field("quote", "text", "the words of the source", example='"talks were productive"'),
        Field(
            "credibility",
            "integer",
            "Admiralty grade of the information as this source gives it: 1 confirmed by "
            "other sources, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, "
            "6 cannot be judged",
            minimum=1,
            maximum=6,
            example="2",
        ),
    ),
    bare_id="source",
)

RESOLUTION = Record(
    "resolution",
    "A forecast's resolution",
    "The `resolution` of a forecast claim: what happened.",
    (
        Field(
            "outcome",
            "choice",
            "what became of the forecast",
            required=True,
            values=RESOLUTION_OUTCOMES,
            example="did-not-occur",
        ),
        Field("date", "date", "when it was judged", required=True, example="2026-01-31"),
        Field("note", "markdown", "how it was judged", example='"No meeting took place."'),
        Field(
            "sources",
            "citations",
            "what shows the outcome",
            record="citation",
            example="[reuters-2026-01-31]",
        ),
    ),
)

RELATION = Record(
    "relation",
    "A relation between claims",
    "An item of a claim's `relates`: another claim and how this one relates to it. The "
    "other claim shows the inverse (repeated by, supported by, ...).",
    (
        Field(
            "claim",
            "text",
            "the other claim: `<article-slug>#<claim-id>`, or `#<claim-id>` in the same article",
            required=True,
            pattern=CLAIM_REF_PATTERN,
            pattern_hint="written `<article-slug>#<claim-id>` or `#<claim-id>`",
            example='"2025-talks#putin-witkoff-meeting"',
        ),
        Field(
            "as",
            "choice",
            "how this claim relates to the other",
            required=True,
            values=RELATIONS,
            example="supports",
        ),
    ),
)

CLAIM = Record(
    "claim",
    "A claim",
    "An item of an article's `claims`: a passage of the body that asserts something, "
    "with what kind of assertion it is, how it stands and what backs it.",
    (
        Field(
            "id",
            "id",
            "unique within its article; the claim's permalink is `<article url>#claim-<id>`",
            required=True,
            label="claim id",
            example="met-in-moscow",
        ),
        Field(
            "quote",
            "text",
            "the exact words of the body that make the claim (white space, straight or "
            "typographic quotes and dashes may differ)",
            required=True,
            example='"Putin met Witkoff in Moscow"',
        ),
        Field(
            "occurrence",
            "integer",
            "which match of the quote, when it occurs more than once in the body",
            minimum=1,
            example="2",
        ),
        Field(
            "kind",
            "choice",
            "what sort of assertion it is; a statement is a claim someone made, which the "
            "article reports (`by` names them)",
            required=True,
            values=CLAIM_KINDS,
            example="fact",
        ),
        Field(
            "status",
            "choice",
            "how the claim stands; a bare `status: false` means the status `false`",
            values=CLAIM_STATUSES,
            default="unverified",
            example="verified",
        ),
        Field(
            "by",
            "id",
            "the entity who asserts it; required for a statement",
            label="entity id",
            example="yuri-ushakov",
        ),
        Field(
            "about",
            "id-list",
            "the entities the claim concerns",
            label="entity id",
            example="[vladimir-putin, steve-witkoff]",
        ),
        _tags("claim tags"),
        Field(
            "sources",
            "citations",
            "what backs the claim: source ids, or citations with a locator",
            record="citation",
            example="[reuters-2025-12-03]",
        ),
        Field("note", "markdown", "the annotator's comment", example='"Confirmed by both sides."'),
        Field(
            "likelihood",
            "likelihood",
            "how likely the forecast is: an ICD 203 term (almost no chance 0.01-0.05, very "
            "unlikely 0.05-0.20, unlikely 0.20-0.45, roughly even chance 0.45-0.55, likely "
            "0.55-0.80, very likely 0.80-0.95, almost certain 0.95-0.99) or a probability "
            "between 0 and 1",
            values=LIKELIHOOD_TERMS,
            example="likely",
            only="forecasts only",
        ),
        Field(
            "resolve_by",
            "date",
            "when the forecast can be judged",
            example="2026-01-31",
            only="forecasts only",
        ),
        Field(
            "resolution",
            "record",
            "what became of the forecast",
            record="resolution",
            only="forecasts only",
        ),
        Field(
            "relates",
            "records",
            "other claims this one repeats, supports, contradicts, updates or corrects",
            record="relation",
        ),
    ),
)

SOURCE = Record(
    "source",
    "A source",
    "The front-matter of `content/sources/<id>.md` (the id is the file's name), or an item "
    "of an article's `sources` (then with an `id`); either way citable archive-wide.",
    (
        Field("title", "text", "the source's title", required=True, example='"Talks end"'),
        Field("url", "url", "where to read it", example="https://example.org/talks"),
        Field("publisher", "text", "who published it", example="Reuters"),
        Field("author", "text-list", "who wrote it", example="Jane Doe"),
        Field("date", "date", "when it was published", example="2025-12-03"),
        Field("accessed", "date", "when it was read", example="2025-12-04"),
        Field(
            "archive_url",
            "url",
            "an archived copy",
            example="https://web.archive.org/web/2025/https://example.org/talks",
        ),
        Field("kind", "choice", "what sort of source", values=SOURCE_KINDS, example="news"),
        Field(
            "reliability",
            "choice",
            "Admiralty grade of the source: A completely reliable, B usually reliable, "
            "C fairly reliable, D not usually reliable, E unreliable, F cannot be judged",
            values=RELIABILITY_GRADES,
            example="B",
        ),
    ),
)

SOURCE_ID = Field(
    "id",
    "id",
    "the source's id, unique archive-wide",
    required=True,
    label="source id",
    example="reuters-2025-12-03",
)

DECLARED_SOURCE = Record(
    "declared source",
    "A source declared in an article",
    "An item of an article's `sources`: the fields of a source, with its `id`.",
    (SOURCE_ID, *SOURCE.fields),
)

ARTICLE = Record(
    "article",
    "An article",
    "The front-matter of `content/articles/*.md`: one briefing each, whose Markdown body "
    "follows the closing `---`.",
    (
        Field(
            "title", "text", "the article's title", required=True, example='"Why the talks failed"'
        ),
        Field("date", "date", "publication date", required=True, example="2025-12-02"),
        Field("updated", "date", "when it was last revised", example="2025-12-05"),
        Field("author", "text-list", "who wrote it", example="Jackson Miller"),
        Field(
            "slug",
            "id",
            "the article's address: `/articles/<slug>/`",
            default_text="the file's name without `.md` and a leading `YYYY-MM-DD-`",
            label="slug",
            example="why-the-talks-failed",
        ),
        Field(
            "summary",
            "text",
            "one paragraph for lists, feeds and link previews",
            default_text="the first paragraph of the body, as text",
            example='"What each side wanted, and why no deal came of it."',
        ),
        Field("section", "text", "the desk or topic it belongs to", example="Politics"),
        _tags("topic tags of the whole article"),
        Field(
            "entities",
            "id-list",
            "who and what the article is about; their names and aliases are found in the "
            "body and linked",
            label="entity id",
            example="[vladimir-putin, steve-witkoff]",
        ),
        Field("claims", "records", "the claims the body makes", record="claim"),
        Field(
            "sources",
            "records",
            "sources declared here, each with an `id`; citable archive-wide",
            record="declared source",
        ),
        Field(
            "draft",
            "bool",
            "left out of the build unless `--drafts`",
            default=False,
            example="true",
        ),
    ),
)

LINK = Record(
    "link",
    "An entity's link",
    "An item of an entity's `links`.",
    (
        Field("title", "text", "the link's text", required=True, example='"Official site"'),
        Field("url", "url", "where it goes", required=True, example="https://kremlin.ru"),
    ),
)

ENTITY = Record(
    "entity",
    "An entity",
    "The front-matter of `content/entities/<id>.md` (the id is the file's name); the "
    "Markdown body is the entity's long description.",
    (
        Field(
            "name", "text", "the entity's display name", required=True, example='"Vladimir Putin"'
        ),
        Field(
            "type",
            "choice",
            "what sort of entity",
            required=True,
            values=ENTITY_TYPES,
            example="person",
        ),
        Field(
            "aliases",
            "text-list",
            "other names the body may use for it; each is found and linked",
            example="[Putin, President Putin]",
        ),
        Field(
            "description",
            "text",
            "one line, shown in lists and previews",
            example='"President of Russia"',
        ),
        Field(
            "wikidata",
            "text",
            "its Wikidata item",
            pattern=WIKIDATA_PATTERN,
            pattern_hint="a Q-id such as Q7747",
            example="Q7747",
        ),
        Field("links", "records", "links to read more", record="link"),
    ),
)

TAG = Record(
    "tag",
    "A tag",
    "The front-matter of `content/tags/<slug>.md`, optional for every tag; the Markdown "
    "body is the tag's description.",
    (
        Field(
            "name",
            "text",
            "the tag's display name",
            default_text="the slug, with spaces for hyphens",
            example='"Ceasefire line"',
        ),
    ),
)

CONFIG = Record(
    "setting",
    "briefgen.yaml",
    "The site's settings, in `briefgen.yaml` at the archive's root. Every setting is optional.",
    (
        Field(
            "title", "text", "the site's name", default="Briefings", example='"Briefing Archive"'
        ),
        Field("description", "text", "one line about the site", example='"Annotated analysis"'),
        Field(
            "base_url",
            "text",
            "the published site's address (`--base-url` wins); without it links are "
            "relative and the site works from disk",
            example="https://user.github.io/repo/",
        ),
        Field("language", "text", "the language of the content", default="en", example="en"),
        Field("author", "text", "who publishes the site (feeds)", example='"Analysis desk"'),
        Field(
            "cname",
            "text",
            "a custom domain: writes a CNAME file",
            pattern=HOST_PATTERN,
            pattern_hint="a bare host name",
            example="briefings.example.org",
        ),
        Field(
            "mention_links",
            "choice",
            "link every mention of an entity, or only the first in each section",
            values=MENTION_LINKS,
            default="first",
            example="all",
        ),
        Field(
            "offline",
            "bool",
            "links that work from disk (relative, ending in index.html) even with a base_url",
            default=False,
            example="true",
        ),
        Field(
            "feed_count",
            "integer",
            "how many articles the Atom feed holds",
            default=20,
            minimum=1,
            example="50",
        ),
        Field(
            "feed_full_content",
            "bool",
            "whole articles in the feed; false: summaries only",
            default=True,
            example="false",
        ),
        Field(
            "raw_html",
            "bool",
            "allow HTML in Markdown bodies (sanitised)",
            default=False,
            example="true",
        ),
        Field("footer", "text", "a line for the foot of every page", example='"© Analysis desk"'),
        Field(
            "quote_similarity",
            "share",
            "how alike a passage must be to a quote that no longer matches the body for "
            "the quote to count as drifted there (`check --fix` re-anchors it); below, "
            "the claim is an orphan",
            default=0.85,
            example="0.9",
        ),
        Field(
            "search",
            "bool",
            "full-text search: /search/ and its index under /pagefind/; false: none",
            default=True,
            example="false",
        ),
        Field("extra", "mapping", "anything for your own templates", example="{}"),
    ),
)

RECORDS = {
    record.name: record
    for record in (
        ARTICLE,
        CLAIM,
        CITATION,
        RESOLUTION,
        RELATION,
        DECLARED_SOURCE,
        SOURCE,
        ENTITY,
        LINK,
        TAG,
        CONFIG,
    )
}

# `briefgen schema KIND`: each file kind and its top record.
FILE_KINDS = {
    "article": ARTICLE,
    "entity": ENTITY,
    "source": SOURCE,
    "tag": TAG,
    "config": CONFIG,
}
FILE_PLACES = {
    "article": "content/articles/*.md",
    "entity": "content/entities/<id>.md",
    "source": "content/sources/<id>.md",
    "tag": "content/tags/<slug>.md",
    "config": "briefgen.yaml",
}


# --- JSON Schema ------------------------------------------------------------------

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _def_name(record: str) -> str:
    return record.replace(" ", "_")


def _id_schema() -> dict:
    return {"type": "string", "pattern": ID_PATTERN}


def _field_schema(item: Field, used: set[str]) -> dict:
    kind = item.type
    if kind in ("text", "markdown"):
        schema = {"type": "string"}
        if item.pattern:
            schema["pattern"] = item.pattern
    elif kind == "id":
        schema = _id_schema()
    elif kind == "date":
        schema = {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
    elif kind == "url":
        schema = {"type": "string", "pattern": URL_PATTERN, "format": "uri"}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "integer":
        schema = {"type": "integer"}
        if item.minimum is not None:
            schema["minimum"] = item.minimum
        if item.maximum is not None:
            schema["maximum"] = item.maximum
    elif kind == "share":
        schema = {"type": "number", "exclusiveMinimum": 0, "maximum": 1}
    elif kind == "choice":
        values = list(item.values)
        if item.name == "status":
            values.append(False)  # the bare `status: false` rule
        schema = {"enum": values}
    elif kind in ("text-list", "id-list"):
        one = _id_schema() if kind == "id-list" else {"type": "string"}
        schema = {"anyOf": [one, {"type": "array", "items": one}]}
    elif kind == "records":
        used.add(item.record)
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{_def_name(item.record)}"}}
    elif kind == "record":
        used.add(item.record)
        schema = {"$ref": f"#/$defs/{_def_name(item.record)}"}
    elif kind == "citations":
        used.add(item.record)
        ref = {"$ref": f"#/$defs/{_def_name(item.record)}"}
        schema = {"anyOf": [_id_schema(), {"type": "array", "items": ref}]}
    elif kind == "likelihood":
        schema = {
            "anyOf": [
                {"enum": list(item.values)},
                {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
            ]
        }
    elif kind == "mapping":
        schema = {"type": "object"}
    else:  # pragma: no cover - a declaration mistake
        raise ValueError(f"unknown field type {kind!r}")
    schema["description"] = item.description + (f" ({item.only})" if item.only else "")
    if item.default is not None:
        schema["default"] = item.default
    if item.example:
        schema["examples"] = [example_value(item)]
    return schema


def _record_schema(record: Record, used: set[str]) -> dict:
    schema = {
        "type": "object",
        "description": record.description,
        "properties": {item.name: _field_schema(item, used) for item in record.fields},
        "additionalProperties": False,
    }
    required = [item.name for item in record.fields if item.required]
    if required:
        schema["required"] = required
    if record.bare_id:
        return {"anyOf": [_id_schema(), schema], "description": record.description}
    return schema


def jsonschema_for(kind: str) -> dict:
    """The JSON Schema (2020-12) of one file kind's front-matter (FILE_KINDS).

    Unknown fields are refused (`additionalProperties: false`), as `--strict` refuses
    them; nested records (claims, citations, ...) are under `$defs`."""
    top = FILE_KINDS[kind]
    used: set[str] = set()
    body = _record_schema(top, used)
    defs: dict[str, dict] = {}
    pending = sorted(used)
    while pending:
        name = pending.pop(0)
        if _def_name(name) in defs:
            continue
        inner: set[str] = set()
        defs[_def_name(name)] = _record_schema(RECORDS[name], inner)
        pending.extend(sorted(inner - {n for n in used}))
        used |= inner
    schema = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"briefgen {kind}" + (" settings" if kind == "config" else " front-matter"),
        **body,
    }
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def jsonschema_text(kind: str) -> str:
    return json.dumps(jsonschema_for(kind), indent=2, ensure_ascii=False) + "\n"


def example_value(item: Field):
    """A field's example as the value YAML gives it (with briefgen's YAML rules)."""
    from briefgen.load import parse_yaml

    return _plain(parse_yaml(item.example, line_offset=0))


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_plain(inner) for inner in value]
    return value


# --- YAML examples: the reference page and `briefgen new` ---------------------------


def example_lines(
    record: Record, indent: str = "", item_of_list: bool = False, hints: bool = False
) -> list[str]:
    """Every field of a record with its example, as YAML lines (a full example)."""
    lines: list[str] = []
    for index, item in enumerate(record.fields):
        lead = indent
        if item_of_list:
            lead = indent + ("- " if index == 0 else "  ")
        inner = indent + ("  " if item_of_list else "")
        lines.extend(field_example_lines(item, lead, inner, hints=hints))
    return lines


def template_lines(record: Record, filled: dict[str, str]) -> list[str]:
    """The front-matter lines `briefgen new` writes: the fields in `filled` with their
    values (YAML text), every other field as a commented example, so that the file is
    valid as written and shows everything that can be added."""
    lines: list[str] = []
    for item in record.fields:
        if item.name in filled:
            lines.append(f"{item.name}: {filled[item.name]}")
            continue
        if item.required:
            raise ValueError(f"a template needs a value for required field {item.name!r}")
        lines.extend("# " + line for line in field_example_lines(item, "", hints=True))
    return lines


def _hint(item: Field) -> str:
    """A YAML comment after an example naming the allowed values."""
    parts = []
    if item.only:
        parts.append(item.only)
    if item.type in ("choice", "likelihood") and item.values:
        more = ", or a number 0 < p < 1" if item.type == "likelihood" else ""
        parts.append(f"one of: {', '.join(item.values)}{more}")
    return "  # " + "; ".join(parts) if parts else ""


def field_example_lines(item: Field, lead: str, indent: str = "", hints: bool = False) -> list[str]:
    """One field and its example value as YAML lines; `lead` starts the first line and
    `indent` the lines nested under it; `hints` adds comments naming allowed values."""
    if item.type in ("records", "citations"):
        # A list of citations is shown in its long form, to show every field.
        return [f"{lead}{item.name}:" + (_hint(item) if hints else "")] + example_lines(
            RECORDS[item.record], indent + "  ", item_of_list=True, hints=hints
        )
    if item.type == "record":
        return [f"{lead}{item.name}:" + (_hint(item) if hints else "")] + example_lines(
            RECORDS[item.record], indent + "  ", hints=hints
        )
    return [f"{lead}{item.name}: {item.example}" + (_hint(item) if hints else "")]


# --- the reference page -----------------------------------------------------------


def _type_text(item: Field) -> str:
    text = TYPE_NAMES[item.type].format(record=item.record)
    if item.type == "id" and item.label and item.label != "slug":
        text = item.label
    if item.type == "id-list" and item.label:
        text = f"list of {item.label}s"
    if item.type == "integer" and item.minimum is not None:
        if item.maximum is not None:
            text += f" {item.minimum}-{item.maximum}"
        else:
            text += f" ≥ {item.minimum}"
    if item.pattern_hint:
        text += f": {item.pattern_hint}"
    return text


def _values_text(item: Field) -> str:
    if item.type == "likelihood":
        return ", ".join(f"`{value}`" for value in item.values) + ", or a number 0 < p < 1"
    return ", ".join(f"`{value}`" for value in item.values)


def _default_text(item: Field) -> str:
    if item.default_text:
        return item.default_text
    if item.default is None:
        return ""
    if isinstance(item.default, str):
        return f"`{item.default}`"
    return f"`{json.dumps(item.default)}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _record_section(record: Record, level: str) -> list[str]:
    lines = [f"{level} {record.title}", "", record.description, ""]
    lines.append("| field | type | required | values | default | meaning | example |")
    lines.append("|---|---|---|---|---|---|---|")
    for item in record.fields:
        required = "yes" if item.required else (item.only or "no")
        example = f"`{item.name}: {item.example}`" if item.example else "see below"
        row = [
            f"`{item.name}`",
            _type_text(item),
            required,
            _values_text(item),
            _default_text(item),
            item.description,
            example,
        ]
        lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    lines.append("")
    return lines


def _example_block(record: Record) -> list[str]:
    return ["```yaml", *example_lines(record), "```", ""]


def format_reference() -> str:
    """docs/format.md: every field of every file kind, made from the declarations."""
    lines = [
        "# The briefgen content format",
        "",
        "<!-- Generated from briefgen/schema.py: do not edit by hand. Regenerate with",
        "     `briefgen schema --markdown > docs/format.md`. -->",
        "",
        "Every content file is UTF-8 and starts with a `---` line, then YAML (the",
        "front-matter), then a `---` line, then the Markdown body. YAML is read with the",
        "plain words of YAML 1.2: only `true` and `false` are booleans, so `yes`, `no`,",
        "`on` and `off` are words. A value holding `: ` or ` #`, or starting with a quote",
        'character, is written in quotes: single quotes when it holds a `"`. A long text',
        "can be a block (`quote: >-` and the text on the next lines, indented).",
        "",
        "An **id** is lower-case letters and digits in words joined by single hyphens",
        "(`steve-witkoff`, `reuters-2025-12-03`). A field's name within two edits of a",
        "known one (`staus`) is an error that names the fix; other unknown fields are",
        "warnings (errors with `--strict`). `briefgen check` reports every problem with",
        "its line and column.",
        "",
        "Each file kind's JSON Schema, for editors that complete and check YAML, is",
        "printed by `briefgen schema article|entity|source|tag|config`.",
        "",
    ]
    for kind, record in FILE_KINDS.items():
        lines += _record_section(record, "##")
        lines += [f"Where: `{FILE_PLACES[kind]}`. Every field, with its example:", ""]
        lines += _example_block(record)
        if kind == "article":
            for nested in (CLAIM, CITATION, RESOLUTION, RELATION, DECLARED_SOURCE):
                lines += _record_section(nested, "###")
        if kind == "entity":
            lines += _record_section(LINK, "###")
    return "\n".join(lines).rstrip("\n") + "\n"
