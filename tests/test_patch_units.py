"""The preview's fast path decides from an article's link signature whether an edit
can be patched into the linked archive or needs linking again: every field linking
reads is in the signature unless the model marks it `not_linked`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from briefgen.diagnostics import Diagnostics
from briefgen.engine.patch import link_signature
from briefgen.load import read_document
from briefgen.validate import validate

ARTICLE = """
    ---
    title: Talks in Moscow
    date: 2025-12-02
    tags: [Diplomacy]
    entities: [vladimir-putin]
    claims:
      - id: talks-resume
        quote: "talks will resume"
        kind: forecast
        likelihood: likely
        note: Both sides said so.
        relates:
          - {claim: "#no-breakthrough", as: contradicts}
        resolution:
          outcome: occurred
          date: 2025-12-20
          sources:
            - source: tass-report
              locator: first line
      - id: no-breakthrough
        quote: "ended without any breakthrough"
        kind: fact
        status: verified
        about: [vladimir-putin]
        sources:
          - source: kremlin-readout
            locator: para. 2
            credibility: 2
    sources:
      - id: tass-report
        title: TASS report
        reliability: B
    ---
    The talks ended without any breakthrough, and talks will resume.
"""


def signature(tmp_path: Path, text: str, graded: bool = False):
    path = tmp_path / "content" / "articles" / "2025-12-02-talks.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    diags = Diagnostics()
    validated = validate([read_document(tmp_path, path, "articles", diags)], diags)
    assert not diags.errors, [d.format() for d in diags.items]
    return link_signature(validated, graded)


@pytest.mark.parametrize(
    "old, new",
    [
        ("The talks ended", "The long talks ended"),  # the body
        ("title: Talks in Moscow", "title: Talks in Moscow, again"),
        ("status: verified", "status: disputed"),
        ("kind: fact", "kind: assessment"),
        ("note: Both sides said so.", "note: Both sides said it."),
        ("locator: para. 2", "locator: para. 3"),  # a claim's citation is patched
        ("likelihood: likely", "likelihood: unlikely"),
        # Lines move (the declared source's grade among them): positions are not
        # what linking reads.
        ("about: [vladimir-putin]", "about:\n          - vladimir-putin"),
    ],
)
def test_an_edit_that_linking_does_not_read_keeps_the_signature(tmp_path, old, new):
    assert old in ARTICLE
    assert signature(tmp_path, ARTICLE.replace(old, new)) == signature(tmp_path, ARTICLE)


@pytest.mark.parametrize(
    "old, new",
    [
        ("tags: [Diplomacy]", "tags: [Diplomacy, Sanctions]"),
        ("entities: [vladimir-putin]", "entities: []"),
        ("about: [vladimir-putin]", "about: []"),
        ("credibility: 2", "credibility: 3"),  # checked when the archive grades sources
        ("as: contradicts", "as: supports"),
        ("date: 2025-12-02", "date: 2025-12-03"),
        ("title: TASS report", "title: TASS"),  # a declared source, shown elsewhere
        # A resolution is kept whole by a patch: any edit of it is linked again.
        ("locator: first line", "locator: second line"),
        ("outcome: occurred", "outcome: did-not-occur"),
        # Even its line, which the kept resolution would otherwise hold stale.
        ("tags: [Diplomacy]\n", "tags: [Diplomacy]\n    author: Jane Analyst\n"),
    ],
)
def test_an_edit_that_linking_reads_changes_the_signature(tmp_path, old, new):
    assert old in ARTICLE
    assert signature(tmp_path, ARTICLE.replace(old, new)) != signature(tmp_path, ARTICLE)


def test_a_verified_status_counts_when_the_archive_grades_its_sources(tmp_path):
    disputed = ARTICLE.replace("status: verified", "status: disputed")
    assert signature(tmp_path, disputed, graded=True) != signature(tmp_path, ARTICLE, graded=True)


def test_a_file_other_than_one_article_has_no_signature(tmp_path):
    assert link_signature(validate([], Diagnostics())) is None
