"""The reference page docs/format.md (`briefgen schema --markdown`), and the YAML
example lines it shares with the templates of `briefgen new`."""

from __future__ import annotations

import json

from briefgen.schema.claims import CITATION, CLAIM, RELATION, RESOLUTION
from briefgen.schema.fields import TYPE_NAMES, Field, Record
from briefgen.schema.files import DECLARED_SOURCE, FILE_KINDS, FILE_PLACES, LINK, RECORDS

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
        "<!-- Generated from briefgen/schema/: do not edit by hand. Regenerate with",
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
