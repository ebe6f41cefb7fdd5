"""One schema, three uses: `briefgen schema KIND` (JSON Schema 2020-12), the reference
page docs/format.md and the templates of `briefgen new` all come from the
declarations of briefgen/schema/, which also drive the validator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINIMAL, run_briefgen, write_archive
from jsonschema import Draft202012Validator

from briefgen.diagnostics import Diagnostics
from briefgen.load import parse_yaml, read_document
from briefgen.schema import (
    ARTICLE,
    CITATION,
    CLAIM,
    DECLARED_SOURCE,
    ENTITY,
    FILE_KINDS,
    LINK,
    RELATION,
    RESOLUTION,
    SOURCE,
    example_lines,
    format_reference,
)

REPO = Path(__file__).resolve().parent.parent
KIND_FOLDERS = {"article": "articles", "entity": "entities", "source": "sources", "tag": "tags"}


def plain(value):
    """YMap / YList as plain dicts and lists, as a JSON document would be."""
    if isinstance(value, dict):
        return {key: plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [plain(inner) for inner in value]
    return value


def schema_of(kind: str) -> dict:
    result = run_briefgen("schema", kind)
    assert result.code == 0, result.err
    return json.loads(result.out)


def validator(kind: str) -> Draft202012Validator:
    schema = schema_of(kind)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def messages(errors) -> list[str]:
    """Every error's message, with those inside anyOf branches."""
    found = []
    for error in errors:
        found.append(error.message)
        found.extend(messages(error.context or []))
    return found


def front_matter(path: Path, kind: str) -> dict:
    diags = Diagnostics()
    doc = read_document(path.parents[2], path, KIND_FOLDERS[kind], diags)
    assert doc is not None and not diags.items, diags.items
    return plain(doc.meta)


@pytest.mark.parametrize("kind", list(FILE_KINDS))
def test_schema_is_json_schema_2020_12_and_the_same_every_time(kind):
    first = run_briefgen("schema", kind)
    assert first.code == 0
    schema = json.loads(first.out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert run_briefgen("schema", kind).out == first.out
    # Every declared field is a property.
    assert list(schema["properties"]) == list(FILE_KINDS[kind].names)


def test_schema_without_a_kind_is_the_article_schema():
    assert run_briefgen("schema").out == run_briefgen("schema", "article").out


def test_schema_of_an_unknown_kind_is_a_usage_error():
    result = run_briefgen("schema", "claims")
    assert result.code == 2
    assert "invalid choice: 'claims'" in result.err


def test_article_schema_nests_claims_citations_and_declared_sources():
    schema = schema_of("article")
    defs = schema["$defs"]
    assert schema["properties"]["claims"]["items"] == {"$ref": "#/$defs/claim"}
    assert set(defs) == {"claim", "citation", "declared_source", "resolution", "relation"}
    claim = defs["claim"]
    assert list(claim["properties"]) == list(CLAIM.names)
    assert claim["required"] == ["id", "quote", "kind"]
    assert claim["properties"]["status"]["enum"] == [
        "verified",
        "disputed",
        "unverified",
        "false",
        "misleading",
        False,
    ]
    citation_object = defs["citation"]["anyOf"][1]
    assert list(citation_object["properties"]) == list(CITATION.names)
    assert list(defs["declared_source"]["properties"]) == list(DECLARED_SOURCE.names)
    assert list(defs["resolution"]["properties"]) == list(RESOLUTION.names)
    assert list(defs["relation"]["properties"]) == list(RELATION.names)


@pytest.mark.parametrize("kind", ["article", "entity", "source", "tag"])
def test_every_demo_file_validates_against_its_schema(kind):
    check = validator(kind)
    files = sorted((REPO / "content" / KIND_FOLDERS[kind]).glob("*.md"))
    assert files
    for path in files:
        errors = [e.message for e in check.iter_errors(front_matter(path, kind))]
        assert errors == [], f"{path.name}: {errors}"


def test_the_demo_settings_validate_against_the_config_schema():
    text = (REPO / "briefgen.yaml").read_text(encoding="utf-8")
    settings = plain(parse_yaml(text, line_offset=0))
    assert list(validator("config").iter_errors(settings)) == []


DEMO_ARTICLE = "2025-12-02-reasons-for-the-failure-of-us-russia-ukraine-talks.md"
# (case, edit of the demo article's front-matter, what the schema names)
INVALID = [
    ("misspelt-field", ("    status: unverified", "    staus: unverified", 1), "staus"),
    ("status-no", ("status: unverified", "status: no", 1), "'no' is not one of"),
    ("kind", ("kind: fact", "kind: opinion", 1), "'opinion' is not one of"),
    ("date", ("date: 2025-12-02", "date: yesterday", 1), "does not match"),
    ("entity-id", ("  - vladimir-putin", "  - Vladimir Putin", 1), "does not match"),
    ("missing-title", ('title: "Reasons', 'headline: "Reasons', 1), "'title' is a required"),
    ("citation", ('locator: "para. 1"', "credibility: 9", 1), "9 is greater than"),
]


@pytest.mark.parametrize("case", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_front_matter_fails_the_schema(tmp_path, case):
    _, (old, new, count), expected = case
    text = (REPO / "content/articles" / DEMO_ARTICLE).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "content/articles" / DEMO_ARTICLE
    path.parent.mkdir(parents=True)
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    errors = messages(validator("article").iter_errors(front_matter(path, "article")))
    assert any(expected in message for message in errors), errors
    # briefgen itself refuses it too.
    root = write_archive(tmp_path / "archive", MINIMAL)
    target = root / "content/articles" / DEMO_ARTICLE
    target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_briefgen("check", "--strict", root=root).code == 1


@pytest.mark.parametrize("kind", list(FILE_KINDS))
def test_every_declared_example_validates(kind):
    """The full example of each kind (on the reference page, and commented in the
    templates) is valid against the schema: the examples cannot drift from the types."""
    example = "\n".join(example_lines(FILE_KINDS[kind])) + "\n"
    document = plain(parse_yaml(example, line_offset=0))
    errors = [f"{list(e.path)}: {e.message}" for e in validator(kind).iter_errors(document)]
    assert errors == []
    assert set(document) == set(FILE_KINDS[kind].names)


def test_docs_format_md_is_up_to_date():
    page = REPO / "docs" / "format.md"
    assert page.is_file(), "docs/format.md is missing: briefgen schema --markdown > docs/format.md"
    assert page.read_text(encoding="utf-8") == format_reference(), (
        "docs/format.md is out of date with briefgen/schema/; regenerate it with:\n"
        "    briefgen schema --markdown > docs/format.md"
    )


def test_reference_page_lists_every_field_with_its_values_and_default():
    page = run_briefgen("schema", "--markdown").out
    for record in (ARTICLE, CLAIM, CITATION, SOURCE, DECLARED_SOURCE, ENTITY, LINK, RESOLUTION):
        assert f"## {record.title}" in page
    rows = {line.split(" | ")[0] for line in page.splitlines() if line.startswith("| `")}
    for kind, record in FILE_KINDS.items():
        for item in record.fields:
            assert f"| `{item.name}`" in rows, (kind, item.name)
    for needed in (
        "| `status` | one of the values | no | `verified`, `disputed`, `unverified`, `false`, "
        "`misleading` | `unverified` |",
        "| `reliability` | one of the values | no | `A`, `B`, `C`, `D`, `E`, `F` |",
        "| `credibility` | whole number 1-6 | no |",
        "| `likelihood` | likelihood term or probability | forecasts only | `almost no chance`,",
        "| `feed_count` | whole number ≥ 1 | no |  | `20` |",
        "`status: verified`",
    ):
        assert needed in page, needed


# --- briefgen new ------------------------------------------------------------------

NEW_COMMANDS = [
    ("article", ["new", "article", "Talks resume", "--date", "2025-12-04"], ARTICLE),
    ("entity", ["new", "entity", "sergey-lavrov", "--type", "person"], ENTITY),
    ("source", ["new", "source", "tass-2025-12-04", "--url", "https://tass.com/x"], SOURCE),
]


def uncommented(front: str) -> str:
    return "\n".join(line[2:] if line.startswith("# ") else line for line in front.split("\n"))


@pytest.mark.parametrize("case", NEW_COMMANDS, ids=[c[0] for c in NEW_COMMANDS])
def test_new_template_shows_every_optional_field_and_passes_check(tmp_path, case):
    kind, command, record = case
    root = write_archive(tmp_path / "archive", MINIMAL)
    result = run_briefgen(*command, root=root)
    assert result.code == 0, result.err
    path = Path(result.out.strip())
    text = path.read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    written = [line.split(":")[0] for line in front.splitlines() if not line.startswith("#")]
    commented = [
        line[2:].split(":")[0]
        for line in front.splitlines()
        if line.startswith("# ") and not line.startswith("#  ")
    ]
    # Every top-level field is there once: given, or as a commented example.
    assert sorted(written + commented) == sorted(record.names)
    assert all(not record[name].required for name in commented)

    check = run_briefgen("check", "--strict", root=root)
    assert check.code == 0, check.err
    assert check.diagnostics == []

    # Uncommented, the template is every field of the format with a valid value.
    document = plain(parse_yaml(uncommented(front), line_offset=0))
    assert set(document) == set(record.names)
    errors = [f"{list(e.path)}: {e.message}" for e in validator(kind).iter_errors(document)]
    assert errors == []
    if kind == "article":
        assert set(document["claims"][0]) == set(CLAIM.names)
        assert set(document["claims"][0]["sources"][0]) == set(CITATION.names)
        assert set(document["sources"][0]) == set(DECLARED_SOURCE.names)
