"""Diagnostics of forecasts, grades and lineage, through the command line: each at
its line and column, with the fix where there is one, exit status 1, and the
previous site left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL, run_briefgen, write_archive
from test_diagnostics import NEW, article, one, tree_digest

SOURCE = "content/sources/kremlin-readout.md"


def claim(lines: str, kind: str = "forecast") -> str:
    """Front-matter of an article with one claim 'a'; the claim's extra `lines`
    start at line 8."""
    return (
        "title: X\n"
        "date: 2025-12-03\n"
        "claims:\n"
        "  - id: a\n"
        '    quote: "Steve Witkoff met"\n'
        f"    kind: {kind}\n" + lines
    )


CASES = [
    pytest.param(
        claim("    likelihood: likely\n", kind="fact"),
        8,
        5,
        ["claim 'a': 'likelihood' is only for forecasts", "kind is 'fact'", "set 'kind: forecast'"],
        id="likelihood-on-a-fact",
    ),
    pytest.param(
        claim("    resolve_by: 2026-01-01\n", kind="assessment"),
        8,
        5,
        ["'resolve_by' is only for forecasts", "kind is 'assessment'"],
        id="resolve-by-on-an-assessment",
    ),
    pytest.param(
        claim(
            "    resolution: {outcome: occurred, date: 2025-12-05}\n",
            kind="statement\n    by: steve-witkoff",
        ),
        9,
        5,
        ["'resolution' is only for forecasts", "kind is 'statement'"],
        id="resolution-on-a-statement",
    ),
    pytest.param(
        claim("    likelihood: 1.5\n"),
        8,
        17,
        ["likelihood 1.5 is not a probability between 0 and 1", "write e.g. 0.7 for 70%"],
        id="probability-above-one",
    ),
    pytest.param(
        claim("    likelihood: 0\n"),
        8,
        17,
        ["likelihood 0 is not a probability between 0 and 1"],
        id="probability-zero",
    ),
    pytest.param(
        claim("    likelihood: likly\n"),
        8,
        17,
        ["unknown likelihood 'likly'", "almost no chance, very unlikely", "did you mean 'likely'?"],
        id="unknown-term",
    ),
    pytest.param(
        claim("    likelihood: very likley\n"),
        8,
        17,
        ["unknown likelihood 'very likley'", "did you mean 'very likely'?"],
        id="misspelt-two-word-term",
    ),
    pytest.param(
        claim("    resolution:\n      date: 2025-12-05\n"),
        9,
        7,
        ["resolution has no outcome", "outcome: occurred | did-not-occur | ambiguous"],
        id="resolution-without-outcome",
    ),
    pytest.param(
        claim("    resolution:\n      outcome: occurred\n      note: Done.\n"),
        9,
        7,
        ["resolution has no date", "date: YYYY-MM-DD"],
        id="resolution-without-date",
    ),
    pytest.param(
        claim("    resolution: {outcome: occurred, date: 2025-12-01}\n"),
        8,
        43,
        ["resolution date 2025-12-01 is before the article's date 2025-12-03"],
        id="resolution-before-the-article",
    ),
    pytest.param(
        claim("    resolution: {outcome: happened, date: 2025-12-05}\n"),
        8,
        27,
        ["resolution outcome 'happened' is not one of occurred, did-not-occur, ambiguous"],
        id="unknown-outcome",
    ),
    pytest.param(
        claim("    sources:\n      - source: kremlin-readout\n        credibility: 7\n", "fact"),
        10,
        22,
        ["'credibility' must be a whole number from 1 to 6"],
        id="credibility-out-of-range",
    ),
    pytest.param(
        claim('    relates: [{claim: "talk#no-breakthrough", as: repeats}]\n', "fact"),
        8,
        23,
        ["claim 'a' relates to an unknown article 'talk'", "did you mean 'talks'?"],
        id="relates-unknown-article",
    ),
    pytest.param(
        claim('    relates: [{claim: "talks#no-breakthru", as: repeats}]\n', "fact"),
        8,
        23,
        ["unknown claim 'no-breakthru' of article 'talks'", "did you mean 'no-breakthrough'?"],
        id="relates-unknown-claim",
    ),
    pytest.param(
        claim('    relates:\n      - claim: "#a"\n        as: supports\n', "fact"),
        9,
        16,
        ["claim 'a' relates to itself"],
        id="relates-to-itself",
    ),
    pytest.param(
        claim('    relates: [{claim: "talks#no-breakthrough", as: repeat}]\n', "fact"),
        8,
        52,
        ["relation as 'repeat' is not one of repeats, supports", "did you mean 'repeats'?"],
        id="relates-unknown-relation",
    ),
    pytest.param(
        claim('    relates: [{claim: "talks/no-breakthrough", as: repeats}]\n', "fact"),
        8,
        23,
        ["claim must be written `<article-slug>#<claim-id>` or `#<claim-id>`, not 'talks/no"],
        id="relates-malformed-name",
    ),
]


@pytest.mark.parametrize(("front", "line", "col", "parts"), CASES)
def test_each_diagnostic_at_its_place(tmp_path, front, line, col, parts):
    root = write_archive(tmp_path / "archive", MINIMAL)
    assert run_briefgen("build", root=root).code == 0
    before = tree_digest(root / "site")
    (root / NEW).write_text(article(front), encoding="utf-8")
    result = run_briefgen("build", root=root)
    assert result.code == 1, result.err
    one(result, NEW, line, col, "error", *parts)
    assert tree_digest(root / "site") == before
    assert "Traceback" not in result.err
    assert run_briefgen("check", root=root).code == 1


def test_a_cycle_of_updates_and_corrections_across_two_articles(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    talks = (root / "content/articles/2025-12-02-talks.md").read_text(encoding="utf-8")
    talks = talks.replace(
        "    tags: [Negotiations]\n    sources: [kremlin-readout]\n",
        "    tags: [Negotiations]\n    sources: [kremlin-readout]\n"
        '    relates: [{claim: "x#a", as: corrects}]\n',
    )
    (root / "content/articles/2025-12-02-talks.md").write_text(talks, encoding="utf-8")
    (root / NEW).write_text(
        article(claim('    relates: [{claim: "talks#no-breakthrough", as: updates}]\n', "fact")),
        encoding="utf-8",
    )
    result = run_briefgen("build", root=root)
    assert result.code == 1
    # Reported once, at the `as` of the relation that closes the circle.
    message = one(result, NEW, 8, 52, "error", "claim 'a': a cycle of updates and corrections")
    assert "talks#no-breakthrough -> x#a -> talks#no-breakthrough" in message
    assert len(result.diagnostics) == 1  # one circle, reported once
    # `repeats` and `supports` may go both ways.
    (root / NEW).write_text(
        article(claim('    relates: [{claim: "talks#no-breakthrough", as: repeats}]\n', "fact")),
        encoding="utf-8",
    )
    talks = talks.replace("as: corrects", "as: supports")
    (root / "content/articles/2025-12-02-talks.md").write_text(talks, encoding="utf-8")
    assert run_briefgen("build", root=root).code == 0


def test_unknown_reliability_in_a_source_file(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    text = (root / SOURCE).read_text(encoding="utf-8")
    (root / SOURCE).write_text(
        text.replace("kind: statement\n", "kind: statement\nreliability: G\n")
    )
    result = run_briefgen("build", root=root)
    assert result.code == 1
    one(result, SOURCE, 6, 14, "error", "source reliability 'G' is not one of A, B, C, D, E, F")


def test_unknown_resolution_source(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    front = claim(
        "    resolution:\n      outcome: occurred\n      date: 2025-12-05\n"
        "      sources: [kremlin-readot]\n"
    )
    (root / NEW).write_text(article(front), encoding="utf-8")
    result = run_briefgen("build", root=root)
    assert result.code == 1
    one(result, NEW, 11, 17, "error", "unknown source 'kremlin-readot'", "'kremlin-readout'")


def test_a_verified_claim_without_a_good_enough_citation_warns(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    text = (root / SOURCE).read_text(encoding="utf-8")
    (root / SOURCE).write_text(
        text.replace("kind: statement\n", "kind: statement\nreliability: C\n")
    )
    # The MINIMAL article's verified claim cites the source without a credibility.
    result = run_briefgen("build", root=root)
    assert result.code == 0
    path = "content/articles/2025-12-02-talks.md"
    message = one(result, path, 11, 13, "warning", "claim 'no-breakthrough' is verified")
    assert "no citation is graded A-C with credibility 1-2 (kremlin-readout C)" in message
    strict = run_briefgen("build", "--strict", root=root)
    assert strict.code == 1
    assert run_briefgen("check", "--strict", root=root).code == 1
    # Credibility 2 from a C source verifies it.
    article_text = (root / path).read_text(encoding="utf-8")
    (root / path).write_text(
        article_text.replace(
            "    sources: [kremlin-readout]\n",
            "    sources:\n      - source: kremlin-readout\n        credibility: 2\n",
        ),
        encoding="utf-8",
    )
    result = run_briefgen("build", "--strict", root=root)
    assert result.code == 0, result.err
    assert result.diagnostics == []


TALKS = "content/articles/2025-12-02-talks.md"


def graded_archive(tmp_path, reliability_line: str, credibility: int) -> Path:
    """MINIMAL with the source's grade line and the verified claim's credibility."""
    root = write_archive(tmp_path / "archive", MINIMAL)
    text = (root / SOURCE).read_text(encoding="utf-8")
    (root / SOURCE).write_text(
        text.replace("kind: statement\n", f"kind: statement\n{reliability_line}\n")
    )
    article_text = (root / TALKS).read_text(encoding="utf-8")
    (root / TALKS).write_text(
        article_text.replace(
            "    sources: [kremlin-readout]\n",
            f"    sources:\n      - source: kremlin-readout\n        credibility: {credibility}\n",
        ),
        encoding="utf-8",
    )
    return root


def test_a_source_with_an_empty_grade_does_not_silence_the_warning(tmp_path):
    """`reliability:` with nothing after it grades nothing, and is no error: the
    verified claim that cites only that source still gets its warning (the
    credibility makes the archive one that grades its sources)."""
    root = graded_archive(tmp_path, "reliability:", credibility=4)
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    message = one(result, TALKS, 11, 13, "warning", "claim 'no-breakthrough' is verified")
    assert "(kremlin-readout 4)" in message


def test_a_graded_d_source_does_not_verify(tmp_path):
    root = graded_archive(tmp_path, "reliability: D", credibility=1)
    result = run_briefgen("build", "--strict", root=root)
    assert result.code == 1
    one(result, TALKS, 11, 13, "warning", "(kremlin-readout D1)")


def test_an_archive_that_grades_nothing_is_not_warned(minimal_archive):
    result = run_briefgen("build", "--strict", root=minimal_archive)
    assert result.code == 0
    assert result.diagnostics == []
