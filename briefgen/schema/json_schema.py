"""The JSON Schema (2020-12) of each file kind, made from the declarations:
`briefgen schema KIND`."""

from __future__ import annotations

import json

from briefgen.schema.fields import DATE_PATTERN, ID_PATTERN, URL_PATTERN, Field, Record
from briefgen.schema.files import FILE_KINDS, RECORDS

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
