"""The content format, declared once (DESIGN §1): every field of every file kind.

This package is data: for each record (article, claim, citation, source, entity, tag,
the settings of briefgen.yaml, ...) the fields it may hold, with their type, whether
they are required, their allowed values, default, a one-line description and an
example. Three things are made from it, so that they cannot disagree:

- the validator's known fields, enumerations and type checks (validate, config.py);
- the JSON Schema of each file kind (`briefgen schema KIND`, json_schema.py);
- the reference page docs/format.md (`briefgen schema --markdown`, reference.py),
  and the commented templates of `briefgen new`.

The declarations: fields.py (patterns, enumerations, Field and Record), claims.py
(a claim and the records inside it), files.py (each file kind's front-matter, and
every record by name), settings.py (briefgen.yaml). Every name is importable from
`briefgen.schema` itself.

Regenerate docs/format.md after changing a declaration:

    briefgen schema --markdown > docs/format.md
"""

from __future__ import annotations

from briefgen.schema.claims import CITATION, CLAIM, RELATION, RESOLUTION
from briefgen.schema.fields import (
    CLAIM_KINDS,
    CLAIM_REF_PATTERN,
    CLAIM_STATUSES,
    DATE_PATTERN,
    ENTITY_TYPES,
    HOST_PATTERN,
    ID_PATTERN,
    LIKELIHOOD_TERMS,
    MENTION_LINKS,
    RELATIONS,
    RELIABILITY_GRADES,
    RESOLUTION_OUTCOMES,
    SOURCE_KINDS,
    TYPE_NAMES,
    URL_PATTERN,
    WIKIDATA_PATTERN,
    Field,
    Record,
)
from briefgen.schema.files import (
    ARTICLE,
    DECLARED_SOURCE,
    ENTITY,
    FILE_KINDS,
    FILE_PLACES,
    LINK,
    RECORDS,
    SOURCE,
    SOURCE_ID,
    TAG,
)
from briefgen.schema.json_schema import (
    JSON_SCHEMA_DIALECT,
    example_value,
    jsonschema_for,
    jsonschema_text,
)
from briefgen.schema.reference import (
    example_lines,
    field_example_lines,
    format_reference,
    template_lines,
)
from briefgen.schema.settings import CONFIG

__all__ = [
    "ARTICLE",
    "CITATION",
    "CLAIM",
    "CLAIM_KINDS",
    "CLAIM_REF_PATTERN",
    "CLAIM_STATUSES",
    "CONFIG",
    "DATE_PATTERN",
    "DECLARED_SOURCE",
    "ENTITY",
    "ENTITY_TYPES",
    "FILE_KINDS",
    "FILE_PLACES",
    "HOST_PATTERN",
    "ID_PATTERN",
    "JSON_SCHEMA_DIALECT",
    "LIKELIHOOD_TERMS",
    "LINK",
    "MENTION_LINKS",
    "RECORDS",
    "RELATION",
    "RELATIONS",
    "RELIABILITY_GRADES",
    "RESOLUTION",
    "RESOLUTION_OUTCOMES",
    "SOURCE",
    "SOURCE_ID",
    "SOURCE_KINDS",
    "TAG",
    "TYPE_NAMES",
    "URL_PATTERN",
    "WIKIDATA_PATTERN",
    "Field",
    "Record",
    "example_lines",
    "example_value",
    "field_example_lines",
    "format_reference",
    "jsonschema_for",
    "jsonschema_text",
    "template_lines",
]
