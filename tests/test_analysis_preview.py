"""The preview after edits to forecasts, grades and relations gives what a clean
build gives: a relation shows one article's title and quote on another's page, so
an edit to one must reach the other."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import MINIMAL, write_archive
from site_compare import comparable
from test_serve_incremental import ARTICLE_PAGES, READOUT, A, clean, replace, write

from briefgen.build import BuildOptions
from briefgen.incremental import IncrementalBuilder

C = "content/articles/2025-12-05-later.md"
LATER = """---
title: Later talks
date: 2025-12-05
claims:
  - id: still-none
    quote: "still no breakthrough"
    kind: fact
    status: verified
    relates:
      - {claim: "talks#no-breakthrough", as: updates}
    sources:
      - source: kremlin-readout
        credibility: 2
  - id: next-week
    quote: "they will meet next week"
    kind: forecast
    likelihood: likely
---
There is still no breakthrough, and they will meet next week.
"""

STEPS = [
    write(C, LATER),
    replace(C, "title: Later talks", "title: Later talks, revised"),  # needs no relinking
    replace(A, '"ended without any breakthrough"', '"without any breakthrough"'),
    replace(C, "as: updates", "as: corrects"),
    replace(
        C,
        "likelihood: likely",
        "likelihood: 0.7\n    resolution: {outcome: occurred, date: 2025-12-12, sources: [x]}",
    ),  # an error: no source 'x'
    replace(C, "sources: [x]", "sources: [kremlin-readout]"),
    replace(C, "likelihood: 0.7", "likelihood: 0.75"),  # needs no relinking
    replace(C, "date: 2025-12-12,", "date: 2025-12-12, note: They met,"),
    replace(READOUT, "kind: statement", "kind: statement\nreliability: B"),
    replace(C, "credibility: 2", "credibility: 4"),  # the verified claim now warns
    replace(A, "status: verified", "status: disputed"),  # in a graded archive
    replace(C, "date: 2025-12-12", "date: 2025-12-01"),  # an error: before the article
    replace(C, "date: 2025-12-01", "date: 2025-12-13"),
]


def test_each_step_gives_the_bytes_and_diagnostics_of_a_clean_build(tmp_path: Path):
    archive = write_archive(tmp_path / "archive", MINIMAL)
    builder = IncrementalBuilder(archive, BuildOptions(serving=True))
    builder.rebuild()
    errors = 0
    for step in STEPS:
        hints = step(archive)
        builder.set_urgent(ARTICLE_PAGES | {"articles/later/index.html"})
        early = builder.early(hints)
        result = builder.rebuild(hints)
        builder.finish_deferred(result.compiled)
        expected = clean(archive)
        got = [d.format() for d in result.compiled.diagnostics.sorted()]
        assert got == [d.format() for d in expected.diagnostics.sorted()], step.__name__
        if expected.failed(False):
            errors += 1
            continue
        # Byte for byte, but for the order of the search index's filters (site_compare).
        got, want = comparable(result.compiled.files), comparable(expected.files)
        assert sorted(got) == sorted(want), step.__name__
        differing = [k for k in want if got[k] != want[k]]
        assert differing == [], step.__name__
        if early is not None:
            for rel, data in early.files.items():
                assert data == expected.files[rel], (step.__name__, rel)
    assert errors == 2
    talks = result.compiled.files["articles/talks/index.html"].decode()
    assert "Later talks, revised" in talks and "was corrected by" in talks
    # Each claim's own page lists the relation from its side, as last edited.
    target = BeautifulSoup(
        result.compiled.files["claims/talks/no-breakthrough/index.html"], "html.parser"
    )
    assert [li.get_text(" ", strip=True) for li in target.select(".related-claims > li")] == [
        "Corrected by “still no breakthrough” in Later talks, revised"
    ]
    source = BeautifulSoup(
        result.compiled.files["claims/later/still-none/index.html"], "html.parser"
    )
    assert source.select_one(".related-claims .relation").get_text() == "Corrects"
    assert "graded B4" in source.select_one(".claim-sources .grade").get_text()
    forecasts = result.compiled.files["forecasts/index.html"].decode()
    assert "They met" in forecasts and "Kremlin readout of the meeting" in forecasts
