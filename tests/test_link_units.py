"""The link stage on its own: validated files go in, one Archive comes out, with
every reference resolved to its object, the indexes the pages read, and the
diagnostics `briefgen check` shows for a reference that goes nowhere."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import MINIMAL, write_archive

from briefgen.config import Config
from briefgen.diagnostics import Diagnostics
from briefgen.link import Archive, link
from briefgen.link_objects import LinkedObjects
from briefgen.load import load_archive_files
from briefgen.validate import validate

TALKS = "content/articles/2025-12-02-talks.md"

REBUTTAL = """
    ---
    title: Rebuttal
    date: 2025-12-05
    tags: [diplomacy]
    claims:
      - id: some-progress
        quote: "some progress was made"
        kind: statement
        by: steve-witkoff
        relates:
          - {claim: "talks#no-breakthrough", as: contradicts}
    ---
    Witkoff said some progress was made.
"""

DRAFT = """
    ---
    title: Not yet
    date: 2025-12-06
    draft: true
    ---
    Unfinished.
"""


def linked(tmp_path: Path, files: dict[str, str], drafts: bool = False) -> tuple[Archive, list]:
    """The archive `files` link into, and the diagnostics of linking alone."""
    root = write_archive(tmp_path / "archive", files)
    before = Diagnostics()
    validated = validate(load_archive_files(root, before), before)
    assert before.items == [], [d.format() for d in before.items]
    diags = Diagnostics()
    archive = link(validated, Config(title="Test"), diags, drafts=drafts)
    return archive, [d.format() for d in diags.sorted()]


def test_a_claims_references_become_the_objects_they_name(tmp_path):
    archive, shown = linked(tmp_path, MINIMAL)
    assert shown == []
    by_id = {claim.id: claim for claim in archive.claims}
    no_deal = by_id["no-compromise"]
    assert no_deal.article is archive.articles[0]
    assert no_deal.by is archive.entities["vladimir-putin"]
    assert [tag.name for tag in no_deal.tags] == ["Negotiations", "Ceasefire line"]
    assert [c.source for c in no_deal.citations] == [archive.sources["kremlin-readout"]]
    assert by_id["no-breakthrough"].about == [archive.entities["vladimir-putin"]]


def test_the_indexes_pages_read_are_built_in_one_pass(tmp_path):
    archive, _ = linked(tmp_path, {**MINIMAL, "content/articles/2025-12-05-rebuttal.md": REBUTTAL})
    putin, witkoff = archive.entities["vladimir-putin"], archive.entities["steve-witkoff"]
    assert [c.id for c in putin.claims_by] == ["no-compromise"]
    assert [c.id for c in putin.claims_about] == ["no-breakthrough"]
    assert [c.id for c in witkoff.claims_by] == ["some-progress"]
    negotiations = archive.tags["negotiations"]
    assert [c.id for c in negotiations.claims] == ["no-breakthrough", "no-compromise"]
    # A source lists every citation of it, each with its claim.
    readout = archive.sources["kremlin-readout"]
    assert [(c.claim.id, c.locator) for c in readout.citations] == [
        ("no-breakthrough", ""),
        ("no-compromise", "para. 2"),
    ]
    # Articles newest first; claims in article order.
    assert [a.slug for a in archive.articles] == ["rebuttal", "talks"]
    assert [c.id for c in archive.claims] == ["some-progress", "no-breakthrough", "no-compromise"]


def test_linking_fills_objects_of_its_own_and_leaves_validations_as_they_were(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    diags = Diagnostics()
    validated = validate(load_archive_files(root, diags), diags)
    before = copy.deepcopy(validated)
    archive = link(validated, Config(title="Test"), diags, drafts=False)
    assert validated == before
    article = archive.articles[0]
    assert article is not validated.articles[0]
    assert all(claim.article is article for claim in article.claims)
    assert [t.slug for t in article.tags] == ["diplomacy"]
    assert validated.articles[0].tags == [] and validated.articles[0].claims[0].by is None


def test_a_warm_engines_objects_are_linked_again_from_empty(tmp_path):
    """Kept between runs, a linked object is given again for the same validated
    object, with what linking fills emptied first: nothing is listed twice."""
    root = write_archive(tmp_path / "archive", MINIMAL)
    diags = Diagnostics()
    validated = validate(load_archive_files(root, diags), diags)
    objects = LinkedObjects(keep=True)
    first = link(validated, Config(title="Test"), diags, drafts=False, objects=objects)
    first.articles[0].body_html = "<p>rendered</p>"  # what rendering set is kept
    again = link(validated, Config(title="Test"), diags, drafts=False, objects=objects)
    assert again.articles[0] is first.articles[0]
    assert again.articles[0].body_html == "<p>rendered</p>"
    assert [a.slug for a in again.tags["diplomacy"].articles] == ["talks"]
    readout = again.sources["kremlin-readout"]
    assert [c.claim.id for c in readout.citations] == ["no-breakthrough", "no-compromise"]
    assert [c.id for c in again.entities["vladimir-putin"].claims_by] == ["no-compromise"]
    # A new validation of the file is a new object: linked afresh.
    fresh = validate(load_archive_files(root, diags), diags)
    third = link(fresh, Config(title="Test"), diags, drafts=False, objects=objects)
    assert third.articles[0] is not first.articles[0]
    assert third.articles[0].body_html == ""
    assert objects.get(validated.articles[0]) is None


def test_tags_written_differently_are_one_tag_under_one_slug(tmp_path):
    archive, _ = linked(tmp_path, {**MINIMAL, "content/articles/2025-12-05-rebuttal.md": REBUTTAL})
    diplomacy = archive.tags["diplomacy"]
    assert sorted(a.slug for a in diplomacy.articles) == ["rebuttal", "talks"]
    assert list(archive.tags) == sorted(archive.tags)


def test_a_relation_is_recorded_both_ways(tmp_path):
    archive, shown = linked(
        tmp_path, {**MINIMAL, "content/articles/2025-12-05-rebuttal.md": REBUTTAL}
    )
    assert shown == []
    contested = [(r.source.id, r.target.id) for r in archive.lineage.contested()]
    assert contested == [("some-progress", "no-breakthrough")]


@pytest.mark.parametrize("drafts, expected", [(False, ["talks"]), (True, ["not-yet", "talks"])])
def test_drafts_are_linked_only_when_asked_for(tmp_path, drafts, expected):
    files = {**MINIMAL, "content/articles/2025-12-06-not-yet.md": DRAFT}
    archive, _ = linked(tmp_path, files, drafts=drafts)
    assert [a.slug for a in archive.articles] == expected


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # Line 19 is `    by: vladimir-putn`; column 9 is the id.
        (
            "by: vladimir-putin",
            "by: vladimir-putn",
            "19:9: error: claim 'no-compromise': unknown entity 'vladimir-putn'; "
            "did you mean 'vladimir-putin'?",
        ),
        # Line 14 is `    sources: [kremlin-readot]`; column 15 is the id in the list.
        (
            "sources: [kremlin-readout]",
            "sources: [kremlin-readot]",
            "14:15: error: claim 'no-breakthrough': unknown source 'kremlin-readot'; "
            "did you mean 'kremlin-readout'?",
        ),
    ],
)
def test_a_reference_that_goes_nowhere_is_an_error_at_its_place_with_the_fix(
    tmp_path, old, new, expected
):
    files = dict(MINIMAL)
    files[TALKS] = files[TALKS].replace(old, new)
    archive, shown = linked(tmp_path, files)
    assert shown == [f"{TALKS}:{expected}"]
    # The reference is left empty, not pointed at a guess.
    by_id = {claim.id: claim for claim in archive.claims}
    if old.startswith("by:"):
        assert by_id["no-compromise"].by is None
    else:
        assert [c.source for c in by_id["no-breakthrough"].citations] == [None]
