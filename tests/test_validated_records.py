"""What validation made of a file, as the memo keeps it
(engine/validated_records.py): every object comes back equal, and an entry whose
values are not of the types the model declares is never used."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from pathlib import Path

import pytest
from analysis_fixture import ANALYSIS
from conftest import REPO, write_archive

from briefgen.diagnostics import Diagnostic, Diagnostics
from briefgen.engine.validated_records import validated_entry, validated_from_entry
from briefgen.load import load_archive_files
from briefgen.validate import Validated, validate


def _parts(root: Path) -> list:
    diags = Diagnostics()
    return [validate([document], diags) for document in load_archive_files(root, diags)]


@functools.cache
def _demo_parts() -> list:
    return _parts(REPO)


def _through_json(entry: dict) -> dict:
    return json.loads(json.dumps(entry))


@pytest.mark.parametrize("archive", ["demo", "analysis"])
def test_every_file_comes_back_as_validation_made_it(archive, tmp_path):
    parts = _demo_parts() if archive == "demo" else _parts(write_archive(tmp_path, ANALYSIS))
    assert sum(len(part.articles) for part in parts) >= 2
    warning = Diagnostic("content/articles/x.md", 3, 7, "warning", "a warning")
    for part in parts:
        entry = _through_json(validated_entry(part, [warning], "front key"))
        assert validated_from_entry(entry) == (part, [warning], "front key")


def test_forecasts_relations_and_links_are_among_what_comes_back(tmp_path):
    parts = _parts(write_archive(tmp_path / "archive", ANALYSIS))
    claims = [claim for part in parts for article in part.articles for claim in article.claims]
    assert any(claim.resolution and claim.resolution.citations for claim in claims)
    assert any(claim.likelihood and claim.likelihood.probability for claim in claims)
    assert any(claim.relates for claim in claims)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda entry: entry.pop("articles"),
        lambda entry: entry["articles"][0].__setitem__(1, 42),  # a title that is a number
        lambda entry: entry["articles"][0].__setitem__(2, "2025-13-45"),  # no such date
        lambda entry: entry["articles"][0].pop(),  # a field short
        lambda entry: entry["diagnostics"].append(["x.md", "one", 1, "error", "bad"]),
        lambda entry: entry.__setitem__("front", None),
    ],
)
def test_an_entry_that_does_not_fit_is_not_used(spoil, tmp_path):
    part = next(part for part in _demo_parts() if part.articles)
    entry = _through_json(validated_entry(part, [], "front key"))
    spoil(entry)
    assert validated_from_entry(entry) is None


@pytest.mark.parametrize(
    "change",
    [
        {"date": dt.datetime(2025, 12, 2, 10, 30)},  # would read back as a date
        {"tag_names": ("Diplomacy",)},  # would read back as a list
        {"title": 42},
    ],
)
def test_a_value_of_another_type_than_declared_is_not_written(change):
    """The memo keeps a file only when every value is of the type the model
    declares: what it reads back is then what validation made (the reader of
    content files takes the TypeError as "do not keep")."""
    part = next(part for part in _demo_parts() if part.articles)
    article = dataclasses.replace(part.articles[0], **change)
    with pytest.raises(TypeError):
        validated_entry(Validated(articles=[article]), [], "front key")
