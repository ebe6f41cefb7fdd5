"""`briefgen coverage`: every figure on a small archive, in text and JSON, and
--fail-under for CI."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import REPO, run_briefgen, write_archive

from briefgen.coverage import sentence_spans

TALKS = "content/articles/2025-12-02-talks.md"
NOTES = "content/articles/2025-12-03-notes.md"

ARCHIVE = {
    "briefgen.yaml": """
        title: Coverage test
    """,
    "content/entities/vladimir-putin.md": """
        ---
        name: Vladimir Putin
        type: person
        aliases: [Putin]
        ---
    """,
    "content/entities/steve-witkoff.md": """
        ---
        name: Steve Witkoff
        type: person
        aliases: [Witkoff]
        ---
    """,
    "content/entities/marco-rubio.md": """
        ---
        name: Marco Rubio
        type: person
        ---
    """,
    "content/entities/nobody-here.md": """
        ---
        name: Nobody Here
        type: person
        ---
    """,
    "content/sources/kremlin-readout.md": """
        ---
        title: Kremlin readout
        kind: statement
        ---
    """,
    "content/sources/unused-report.md": """
        ---
        title: A report no claim cites
        ---
    """,
    # Line numbers below are those of this text.
    TALKS: """
        ---
        title: Talks in Moscow
        date: 2025-12-02
        tags: [Diplomacy]
        entities: [vladimir-putin]
        claims:
          - id: met
            quote: "Putin met Witkoff in Moscow"
            kind: fact
            tags: [Diplomacy, Meetings]
            sources: [kremlin-readout]
          - id: said
            quote: "no deal was reached"
            kind: statement
            by: vladimir-putin
            sources: [talks-page]
          - id: soon
            quote: "a deal is likely by spring"
            kind: forecast
            resolve_by: 2020-03-01
          - id: later
            quote: "talks will resume"
            kind: forecast
            resolve_by: 2999-01-01
        sources:
          - id: talks-page
            title: Talks in Moscow
        ---
        Putin met Witkoff in Moscow. Aides said no deal was reached. Marco Rubio was absent.

        ## Outlook for Putin

        Analysts think a deal is likely by spring. Others say talks will resume. Nobody knows.
    """,
    NOTES: """
        ---
        title: Notes
        date: 2025-12-03
        entities: [steve-witkoff]
        claims:
          - id: claimed
            quote: "Witkoff said the talks were useful"
            kind: statement
          - id: gone
            quote: "words that are not in the body"
            kind: fact
            sources: [kremlin-readout]
        ---
        Witkoff said the talks were useful, according to Dr. Smith of the U.S. embassy. Putin
        was not available.
    """,
}


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path, ARCHIVE)


# The lines `check` prints for the fixture's two errors (the second goes on to name
# the passage most like the quote), then coverage's own.
ERRORS = [
    f"{NOTES}:6:5: error: claim 'claimed' is a statement but has no 'by'; name the entity who made it",
    f"{NOTES}:10:12: error: claim 'gone': quote not found in the body",
    "coverage failed: the archive has 2 content errors; what could not be read is not counted",
]


def assert_errors(err: str) -> None:
    lines = err.splitlines()
    assert len(lines) == len(ERRORS) and all(
        line.startswith(expected) for line, expected in zip(lines, ERRORS, strict=True)
    ), err


def without_errors(root: Path) -> Path:
    """The fixture archive with its two content errors mended: 'claimed' gets its
    `by`, 'gone' (whose quote is not in the body) is removed. No figure of the
    sentences changes."""
    notes = root / NOTES
    text = notes.read_text(encoding="utf-8")
    text = text.replace("kind: statement\n", "kind: statement\n    by: steve-witkoff\n")
    gone = '  - id: gone\n    quote: "words that are not in the body"\n    kind: fact\n'
    assert gone in text
    notes.write_text(text.replace(gone + "    sources: [kremlin-readout]\n", ""), encoding="utf-8")
    assert run_briefgen("check", root=root).code == 0
    return root


def place(path: str, line: int, column: int) -> dict:
    return {"path": path, "line": line, "column": column}


def test_json_figures(archive: Path):
    result = run_briefgen("coverage", "--format", "json", root=archive)
    # The statement without `by` and the quote not in the body are content errors:
    # printed as `check` prints them, and coverage fails; the figures still come.
    assert result.code == 1, result.err
    assert_errors(result.err)
    data = json.loads(result.out)
    assert data["format"] == "briefgen-coverage" and data["version"] == 1
    assert data["date"] == dt.date.today().isoformat()
    assert data["content_errors"] == 2
    talks, notes = data["articles"]
    assert talks == {
        "path": TALKS,
        "slug": "talks",
        "title": "Talks in Moscow",
        "claims": 4,
        "claim_words": 18,  # 5 + 4 + 6 + 3
        "words_per_claim": 4.5,
        "sentences": 6,  # the heading is not a sentence
        "sentences_in_claims": 4,  # not "Marco Rubio was absent." nor "Nobody knows."
        "sentence_coverage": 66.7,
        "unlinked_mentions": [
            {"entity": "steve-witkoff", "text": "Witkoff", **place(TALKS, 29, 11)},
            {"entity": "marco-rubio", "text": "Marco Rubio", **place(TALKS, 29, 62)},
        ],
        "statements_without_by": [],
        "claims_without_sources": [
            {"claim": "soon", **place(TALKS, 17, 5)},
            {"claim": "later", **place(TALKS, 21, 5)},
        ],
        # talks-page has the article's title: it is the article itself.
        "self_sourced_claims": [{"claim": "said", **place(TALKS, 12, 5)}],
        "unanchored_claims": [],
        "overdue_forecasts": [
            {"claim": "soon", "resolve_by": "2020-03-01", **place(TALKS, 20, 17)}
        ],
    }
    assert notes == {
        "path": NOTES,
        "slug": "notes",
        "title": "Notes",
        "claims": 2,
        "claim_words": 13,  # 6 + 7
        "words_per_claim": 6.5,
        "sentences": 2,  # "Dr." and "U.S." end no sentence
        "sentences_in_claims": 1,
        "sentence_coverage": 50.0,
        "unlinked_mentions": [
            {"entity": "vladimir-putin", "text": "Putin", **place(NOTES, 14, 81)}
        ],
        "statements_without_by": [{"claim": "claimed", **place(NOTES, 6, 5)}],
        "claims_without_sources": [{"claim": "claimed", **place(NOTES, 6, 5)}],
        "self_sourced_claims": [],
        "unanchored_claims": [{"claim": "gone", **place(NOTES, 9, 5)}],
        "overdue_forecasts": [],
    }
    assert data["archive"] == {
        "articles": 2,
        "claims": 6,
        "claim_words": 31,
        "words_per_claim": 5.2,
        "sentences": 8,
        "sentences_in_claims": 5,
        "sentence_coverage": 62.5,
        "unlinked_mentions": 3,
        "statements_without_by": 1,
        "claims_without_sources": 3,
        "self_sourced_claims": 1,
        "unanchored_claims": 1,
        "overdue_forecasts": 1,
        "sources_never_cited": [
            {"source": "unused-report", **place("content/sources/unused-report.md", 2, 1)}
        ],
        "entities_never_listed": [
            {"entity": "marco-rubio", **place("content/entities/marco-rubio.md", 1, 1)},
            {"entity": "nobody-here", **place("content/entities/nobody-here.md", 1, 1)},
        ],
        "tags_used_once": [{"tag": "meetings", "name": "Meetings", **place(TALKS, 10, 23)}],
    }


def test_places_point_at_the_words(archive: Path):
    data = json.loads(run_briefgen("coverage", "--format", "json", root=archive).out)
    for article in data["articles"]:
        lines = (archive / article["path"]).read_text(encoding="utf-8").split("\n")
        for mention in article["unlinked_mentions"]:
            line = lines[mention["line"] - 1]
            col = mention["column"] - 1
            assert line[col : col + len(mention["text"])] == mention["text"]
        for item in article["overdue_forecasts"]:
            assert lines[item["line"] - 1][item["column"] - 1 :] == item["resolve_by"]


def test_text_report(archive: Path):
    result = run_briefgen("coverage", root=archive)
    assert result.code == 1
    assert_errors(result.err)
    lines = result.out.splitlines()
    assert lines[:7] == [
        f"{TALKS}: Talks in Moscow",
        "  4 claims, 4.5 words per claim; 4 of 6 sentences in claims (66.7%)",
        f"{TALKS}:29:11: note: unlinked mention 'Witkoff' (steve-witkoff is not in the article's entities)",
        f"{TALKS}:29:62: note: unlinked mention 'Marco Rubio' (marco-rubio is not in the article's entities)",
        f"{TALKS}:17:5: note: claim without sources: 'soon'",
        f"{TALKS}:21:5: note: claim without sources: 'later'",
        f"{TALKS}:12:5: note: claim sourced only to this article: 'said'",
    ]
    assert (
        f"{TALKS}:20:17: note: forecast 'soon' was to resolve by 2020-03-01 and has no resolution"
        in lines
    )
    assert f"{NOTES}:6:5: note: statement without 'by': 'claimed'" in lines
    assert (
        f"{NOTES}:9:5: note: claim not anchored: its quote does not match the body once: 'gone'"
        in lines
    )
    assert lines[-7:] == [
        "archive: 2 articles",
        "  6 claims, 5.2 words per claim; 5 of 8 sentences in claims (62.5%)",
        "  unlinked mentions: 3; statements without 'by': 1; claims without sources: 3; "
        "claims sourced only to their article: 1; claims not anchored: 1; overdue forecasts: 1",
        "content/sources/unused-report.md:2:1: note: source never cited: 'unused-report'",
        "content/entities/marco-rubio.md:1:1: note: entity no article lists: 'marco-rubio'",
        "content/entities/nobody-here.md:1:1: note: entity no article lists: 'nobody-here'",
        f"{TALKS}:10:23: note: tag used once: 'Meetings'",
    ]
    # Every item is a diagnostic line of DESIGN §2's form, with its severity.
    items = [line for line in lines if re.match(r"^content/\S+:\d+:\d+: ", line)]
    assert len(items) == 14
    assert all(re.match(r"^content/\S+\.md:\d+:\d+: note: \S", line) for line in items)


def test_fail_under(archive: Path):
    without_errors(archive)
    passing = run_briefgen("coverage", "--fail-under", "62.5", root=archive)
    assert (passing.code, passing.err) == (0, "")
    below = run_briefgen("coverage", "--fail-under", "70", root=archive)
    assert below.code == 1
    assert below.err.splitlines() == [
        "coverage: 62.5% of sentences are in claims, under --fail-under 70"
    ]
    wrong = run_briefgen("coverage", "--fail-under", "150", root=archive)
    assert wrong.code == 2 and len(wrong.err.splitlines()) == 1


def test_a_broken_archive_never_passes(archive: Path):
    # Covered enough, but with content errors: CI must not go green.
    for args in ([], ["--fail-under", "0"], ["--format", "json", "--fail-under", "50"]):
        result = run_briefgen("coverage", *args, root=archive)
        assert result.code == 1, args
        assert_errors(result.err)
    mended = run_briefgen("coverage", "--fail-under", "50", root=without_errors(archive))
    assert (mended.code, mended.err) == (0, "")


@pytest.mark.parametrize("similarity", ["0.85", "0.4"])
def test_the_errors_are_those_check_reports(archive: Path, similarity: str):
    # Judged by the archive's own quote_similarity, as a build judges quotes.
    (archive / "briefgen.yaml").write_text(
        f"title: Coverage test\nquote_similarity: {similarity}\n", encoding="utf-8"
    )
    check = run_briefgen("check", root=archive)
    coverage = run_briefgen("coverage", root=archive)
    assert check.code == coverage.code == 1
    errors = [line for line in check.err.splitlines() if ": error: " in line]
    assert coverage.err.splitlines()[:-1] == errors
    assert ("drifted" in errors[1]) == (similarity == "0.4")


def test_a_date_and_time_is_reported_as_check_reports_it(archive: Path):
    """`resolve_by: !!timestamp ...` is an error at its line, for coverage as for
    check; coverage does not compare it as a date (it stopped with a traceback)."""
    talks = archive / TALKS
    text = talks.read_text(encoding="utf-8")
    talks.write_text(
        text.replace("resolve_by: 2020-03-01", "resolve_by: !!timestamp 2020-03-01 10:00:00"),
        encoding="utf-8",
    )
    check = run_briefgen("check", root=archive)
    coverage = run_briefgen("coverage", root=archive)
    assert check.code == coverage.code == 1
    assert "Traceback" not in coverage.err
    expected = f"{TALKS}:20:17: error: 'resolve_by' must be a date written YYYY-MM-DD"
    assert any(line.startswith(expected) for line in check.err.splitlines())
    errors = [line for line in check.err.splitlines() if ": error: " in line]
    assert coverage.err.splitlines()[:-1] == errors


def test_drafts_count_only_when_asked(archive: Path):
    notes = archive / NOTES
    notes.write_text(notes.read_text().replace("date: 2025-12-03", "date: 2025-12-03\ndraft: true"))
    data = json.loads(run_briefgen("coverage", "--format", "json", root=archive).out)
    assert [a["slug"] for a in data["articles"]] == ["talks"]
    data = json.loads(run_briefgen("coverage", "--format", "json", "--drafts", root=archive).out)
    assert [a["slug"] for a in data["articles"]] == ["talks", "notes"]


def test_the_demo_archive_and_its_report_are_stable():
    first = run_briefgen("coverage", "--format", "json", root=REPO)
    assert first.code == 0 and first.err == ""
    assert run_briefgen("coverage", "--format", "json", root=REPO).out == first.out
    data = json.loads(first.out)
    assert data["content_errors"] == 0
    assert data["archive"]["claims"] == sum(a["claims"] for a in data["articles"])
    # The one sentence of the demo briefing no claim covers.
    assert data["articles"][0]["sentences"] - data["articles"][0]["sentences_in_claims"] == 1


def test_sentences():
    text = "Dr. Smith met J. Doe in the U.S. on Monday. “Talks failed.” Did they? Yes"
    assert [text[a:b].strip() for a, b in sentence_spans(text)] == [
        "Dr. Smith met J. Doe in the U.S. on Monday.",
        "“Talks failed.”",
        "Did they?",
        "Yes",
    ]


def test_outside_an_archive_is_a_usage_error(tmp_path: Path):
    result = run_briefgen("coverage", root=tmp_path)
    assert result.code == 2 and result.err.startswith("briefgen: error: no content/ folder")


def test_a_name_across_a_line_break_points_at_its_first_word(tmp_path: Path):
    write_archive(
        tmp_path,
        {
            "content/entities/marco-rubio.md": "---\nname: Marco Rubio\ntype: person\n---\n",
            "content/articles/2025-01-01-a.md": """
                ---
                title: A
                date: 2025-01-01
                ---
                Talks went on, and *Secretary* Marco
                Rubio was absent. So was Marco Rubio.
            """,
        },
    )
    data = json.loads(run_briefgen("coverage", "--format", "json", root=tmp_path).out)
    mentions = data["articles"][0]["unlinked_mentions"]
    assert [(m["text"], m["line"], m["column"]) for m in mentions] == [
        ("Marco Rubio", 5, 32),
        ("Marco Rubio", 6, 26),
    ]


def test_measuring_changes_no_value_of_the_archive(archive: Path):
    from briefgen.config import Config
    from briefgen.coverage import measure
    from briefgen.diagnostics import Diagnostics
    from briefgen.link import link
    from briefgen.load import load_archive_files
    from briefgen.validate import validate

    diags = Diagnostics()
    documents = load_archive_files(archive, diags)
    linked = link(validate(documents, diags), Config(), diags, drafts=False)
    before = repr(linked), repr(documents)
    first = measure(linked, documents, Config(), dt.date(2026, 1, 1))
    assert (repr(linked), repr(documents)) == before
    assert measure(linked, documents, Config(), dt.date(2026, 1, 1)) == first
