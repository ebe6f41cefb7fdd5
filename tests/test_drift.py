"""Drifted quotes: a body edited under its claims. A quote that still matches once
white space and typographic quotes are ignored is not reported; one whose words
changed is reported with the passage it now matches (drifted) or, below the
archive's quote_similarity, as an orphan. `briefgen check --fix` rewrites each
drifted quote in place, and nothing else of the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import parse_html, run_briefgen, write_archive

ARTICLE = "content/articles/2025-12-02-talks.md"

# Line 6 holds the first quote; the body starts at line 20.
FRONT = """---
title: Talks in Moscow
date: 2025-12-02
claims:
  - id: resume
    quote: "the talks will resume in March"
    kind: fact
  - id: no-compromise
    quote: '"no compromise has been found" on the ceasefire line'
    kind: fact
  - id: envoy
    quote: The envoy flew home on Friday with nothing signed
    kind: fact
  - id: geneva
    quote: >-
      The delegation will return to Geneva
      next week for a second round
    kind: fact
---
"""
BODY = """Officials said the talks will resume in March after a pause. The envoy flew
home on Friday with nothing signed.

Moscow insisted that "no compromise has been found" on the ceasefire line.
The delegation will return to Geneva next week for a second round.
"""

DRIFTED_RESUME = (
    "claim 'resume': quote drifted (88% similar): the body now reads "
    '"the talks will restart in March" (line 20); '
    "run 'briefgen check --fix' to re-anchor it"
)
DRIFTED_GENEVA = (
    "claim 'geneva': quote drifted (91% similar): the body now reads "
    '"The delegation will return to Geneva for a second round" (line 24); '
    "run 'briefgen check --fix' to re-anchor it"
)
ORPHAN_ENVOY = (
    "claim 'envoy': quote not found in the body, and no passage matches it "
    "(quote_similarity is 85%); the closest passage, 41% similar, is "
    '"to Geneva next week for a second round" (line 23); '
    "quote the words as the body now has them, or remove the claim"
)

# (case, body edits as (old, new), the errors expected as (line, col, message))
MATRIX = [
    (
        "word-changed",
        [("will resume in March", "will restart in March")],
        [(6, 12, DRIFTED_RESUME)],
    ),
    (
        "quote-reflowed-across-lines",
        [
            (
                "the talks will resume in March after a pause. The envoy flew\nhome",
                "the talks will\n  resume\nin   March after a pause. The envoy flew home",
            )
        ],
        [],
    ),
    (
        "typographic-quotes",
        [('"no compromise has been found"', "\u201cno compromise has been found\u201d")],
        [],
    ),
    (
        "sentence-deleted",
        [(" The envoy flew\nhome on Friday with nothing signed.", "")],
        [(12, 12, ORPHAN_ENVOY)],
    ),
    (
        "word-deleted",
        [("Geneva next week for", "Geneva for")],
        [(15, 12, DRIFTED_GENEVA)],
    ),
]


def make_archive(tmp_path: Path, front: str = FRONT, body: str = BODY, config: str = "") -> Path:
    root = write_archive(tmp_path / "archive", {"briefgen.yaml": "title: Drift\n" + config})
    path = root / ARTICLE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((front + body).encode("utf-8"))
    return root


def edited(body: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in body, old
        body = body.replace(old, new, 1)
    return body


def errors(result) -> list[tuple[int, int, str]]:
    found = []
    for line in result.diagnostics:
        match = re.match(r"^([^:]+):(\d+):(\d+): error: (.*)$", line)
        if match:
            assert match[1] == ARTICLE, line
            found.append((int(match[2]), int(match[3]), match[4]))
    return found


def test_the_fixture_matches_before_any_edit(tmp_path):
    result = run_briefgen("build", root=make_archive(tmp_path))
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    "edits, expected", [case[1:] for case in MATRIX], ids=[case[0] for case in MATRIX]
)
def test_drift_matrix(tmp_path, edits, expected):
    root = make_archive(tmp_path, body=edited(BODY, edits))
    check = run_briefgen("check", root=root)
    build = run_briefgen("build", root=root)
    assert errors(check) == expected, check.err
    assert errors(build) == expected, build.err
    assert check.code == build.code == (1 if expected else 0)
    if not expected:
        # Still anchored: every claim is highlighted on its page.
        page = parse_html(root / "site/articles/talks/index.html")
        marks = {mark["data-claim"] for mark in page.find_all("mark", id=True)}
        assert marks == {"resume", "no-compromise", "envoy", "geneva"}


def test_every_drift_at_once_fix_rewrites_only_the_quote_values(tmp_path):
    body = edited(
        BODY,
        [
            ("will resume in March", "will restart in March"),
            (" The envoy flew\nhome on Friday with nothing signed.", ""),
            ("Geneva next week for", "Geneva for"),
        ],
    )
    root = make_archive(tmp_path, body=body)
    path = root / ARTICLE
    before = path.read_bytes()
    fix = run_briefgen("check", "--fix", root=root)
    assert fix.code == 1  # the orphan is left for the analyst
    assert f"{ARTICLE}:6:12: fixed: quote re-anchored (88% similar)" in fix.err
    assert f"{ARTICLE}:15:12: fixed: quote re-anchored (91% similar)" in fix.err
    # Checked again after the fix: the body starts a line higher, the geneva quote
    # now being one line.
    orphan = (
        "claim 'envoy': quote not found in the body, and no passage matches it "
        "(quote_similarity is 85%); the closest passage, 44% similar, is "
        '"has been found" on the ceasefire line" (line 21); '
        "quote the words as the body now has them, or remove the claim"
    )
    assert errors(fix) == [(12, 12, orphan)]
    # Byte for byte the same outside the two values.
    old_resume, new_resume = (
        b'"the talks will resume in March"',
        b'"the talks will restart in March"',
    )
    old_geneva = b"      The delegation will return to Geneva\n      next week for a second round"
    new_geneva = b"      The delegation will return to Geneva for a second round"
    assert before.count(old_resume) == 1 and before.count(old_geneva) == 1
    assert path.read_bytes() == before.replace(old_resume, new_resume).replace(
        old_geneva, new_geneva
    )
    # Fixed once, nothing is left to fix but the orphan.
    again = run_briefgen("check", "--fix", root=root)
    assert "fixed:" not in again.err
    assert errors(again) == errors(fix)


@pytest.mark.parametrize(
    "edits, claim, passage",
    [
        (MATRIX[0][1], "resume", "the talks will restart in March"),
        (MATRIX[4][1], "geneva", "The delegation will return to Geneva for a second round"),
    ],
    ids=["word-changed", "word-deleted"],
)
def test_fix_makes_the_build_pass(tmp_path, edits, claim, passage):
    root = make_archive(tmp_path, body=edited(BODY, edits))
    fix = run_briefgen("check", "--fix", root=root)
    assert fix.code == 0, fix.err
    assert errors(fix) == []
    assert len([line for line in fix.err.splitlines() if ": fixed: " in line]) == 1
    build = run_briefgen("build", root=root)
    assert build.code == 0, build.err
    page = parse_html(root / "site/articles/talks/index.html")
    marked = "".join(m.get_text() for m in page.find_all("mark", attrs={"data-claim": claim}))
    assert " ".join(marked.split()) == passage


def test_an_orphan_is_never_rewritten(tmp_path):
    root = make_archive(
        tmp_path, body=edited(BODY, [(" The envoy flew\nhome on Friday with nothing signed.", "")])
    )
    before = (root / ARTICLE).read_bytes()
    fix = run_briefgen("check", "--fix", root=root)
    assert fix.code == 1
    assert "fixed:" not in fix.err
    assert errors(fix) == [(12, 12, ORPHAN_ENVOY)]
    assert (root / ARTICLE).read_bytes() == before


def test_quote_similarity_setting_decides_drift_or_orphan(tmp_path):
    body = edited(BODY, [("will resume in March", "will restart in March")])
    root = make_archive(tmp_path, body=body, config="quote_similarity: 0.9\n")
    check = run_briefgen("check", root=root)
    assert check.code == 1
    assert errors(check) == [
        (
            6,
            12,
            "claim 'resume': quote not found in the body, and no passage matches it "
            "(quote_similarity is 90%); the closest passage, 88% similar, is "
            '"the talks will restart in March" (line 20); '
            "quote the words as the body now has them, or remove the claim",
        )
    ]
    before = (root / ARTICLE).read_bytes()
    assert run_briefgen("check", "--fix", root=root).code == 1
    assert (root / ARTICLE).read_bytes() == before

    (root / "briefgen.yaml").write_text("title: Drift\nquote_similarity: 0.8\n")
    assert errors(run_briefgen("check", root=root)) == [(6, 12, DRIFTED_RESUME)]


@pytest.mark.parametrize(
    "value, message",
    [
        ("85", "quote_similarity must be a number above 0 and at most 1, such as 0.85, not 85"),
        ("0", "quote_similarity must be a number above 0 and at most 1, such as 0.85, not 0"),
        ("high", "'quote_similarity' must be a number, not 'high'"),
    ],
)
def test_quote_similarity_must_be_a_share(tmp_path, value, message):
    root = make_archive(tmp_path, config=f"quote_similarity: {value}\n")
    result = run_briefgen("check", root=root)
    assert result.code == 1
    assert f"briefgen.yaml:2:19: error: {message}" in result.diagnostics


# --- --fix keeps each YAML style ------------------------------------------------------

STYLE_BODY = "Officials said the talks will restart in March after a pause.\n"


def styled(claim_lines: str) -> str:
    return f"---\ntitle: T\ndate: 2025-12-02\nclaims:\n{claim_lines}---\n"


# (case, the claim as written, the claim as --fix writes it, body)
STYLES = [
    (
        "plain",
        "  - id: c\n    quote: the talks will resume in March\n    kind: fact\n",
        "  - id: c\n    quote: the talks will restart in March\n    kind: fact\n",
        STYLE_BODY,
    ),
    (
        "plain-spread-over-lines",
        "  - id: c\n    quote: the talks will\n      resume in March  # as read\n    kind: fact\n",
        "  - id: c\n    quote: the talks will restart in March  # as read\n    kind: fact\n",
        STYLE_BODY,
    ),
    (
        "single-quoted-with-comment",
        "  - id: c\n    quote: 'the talks will resume in March'   # checked\n    kind: fact\n",
        "  - id: c\n    quote: 'the talks will restart in March'   # checked\n    kind: fact\n",
        STYLE_BODY,
    ),
    (
        "double-quoted",
        '  - id: c\n    quote: "the talks will resume in March"\n    kind: fact\n',
        '  - id: c\n    quote: "the talks will restart in March"\n    kind: fact\n',
        STYLE_BODY,
    ),
    (
        "folded-block",
        "  - id: c\n    quote: >-\n      the talks will\n      resume in March\n    kind: fact\n",
        "  - id: c\n    quote: >-\n      the talks will restart in March\n    kind: fact\n",
        STYLE_BODY,
    ),
    (
        "literal-block",
        "  - id: c\n    quote: |\n        the talks will resume in March\n\n    kind: fact\n",
        "  - id: c\n    quote: |\n        the talks will restart in March\n\n    kind: fact\n",
        STYLE_BODY,
    ),
    (
        "flow-mapping",
        "  - {id: c, quote: the talks will resume in March, kind: fact}\n",
        "  - {id: c, quote: the talks will restart in March, kind: fact}\n",
        STYLE_BODY,
    ),
    (
        "double-quoted-new-text-holds-a-double-quote",
        '  - id: c\n    quote: "the talks will resume in March"\n    kind: fact\n',
        '  - id: c\n    quote: "the \\"talks\\" will restart in March"\n    kind: fact\n',
        'Officials said the "talks" will restart in March.\n',
    ),
    (
        "single-quoted-new-text-holds-an-apostrophe",
        "  - id: c\n    quote: 'the envoy said talks will resume in March'\n    kind: fact\n",
        "  - id: c\n    quote: 'the envoy''s talks will restart in March'\n    kind: fact\n",
        "Officials said the envoy's talks will restart in March.\n",
    ),
    (
        "plain-that-cannot-hold-the-new-text",
        "  - id: c\n    quote: the envoy said talks will resume in March\n    kind: fact\n",
        "  - id: c\n    quote: 'the envoy said: talks will restart in March'\n    kind: fact\n",
        "Officials heard the envoy said: talks will restart in March.\n",
    ),
    (
        "occurrence-added-when-the-passage-repeats",
        '  - id: c\n    quote: "the talks will resume in March"\n    kind: fact\n',
        '  - id: c\n    quote: "the talks will restart in March"\n    occurrence: 1\n'
        "    kind: fact\n",
        "Officials said the talks will restart in March.\n\n"
        "Diplomats agree the talks will restart in March.\n",
    ),
    (
        "occurrence-kept-on-the-same-repeat",
        '  - id: c\n    quote: "the talks will resume in March"\n    occurrence: 2\n'
        "    kind: fact\n",
        '  - id: c\n    quote: "the talks will restart in March"\n    occurrence: 2\n'
        "    kind: fact\n",
        "Officials said the talks will restart in March.\n\n"
        "Diplomats agree the talks will restart in March.\n",
    ),
]


@pytest.mark.parametrize(
    "written, fixed, body", [case[1:] for case in STYLES], ids=[case[0] for case in STYLES]
)
def test_fix_keeps_the_yaml_style(tmp_path, written, fixed, body):
    root = make_archive(tmp_path, front=styled(written), body=body)
    assert "drifted" in run_briefgen("check", root=root).err
    fix = run_briefgen("check", "--fix", root=root)
    assert fix.code == 0, fix.err
    assert (root / ARTICLE).read_text(encoding="utf-8") == styled(fixed) + body
    assert run_briefgen("build", root=root).code == 0


def test_fix_keeps_a_bom_and_crlf_line_endings(tmp_path):
    front = styled(
        "  - id: c # the first\n    quote: 'the talks will resume in March'\n    kind: fact\n"
    )
    body = "Officials said the talks will restart in March.\n\nAnd again: the talks will restart in March.\n"
    root = make_archive(tmp_path)
    path = root / ARTICLE
    original = b"\xef\xbb\xbf" + (front + body).replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    fix = run_briefgen("check", "--fix", root=root)
    assert fix.code == 0, fix.err
    assert f"{ARTICLE}:6:12: fixed: quote re-anchored (88% similar)" in fix.err
    expected = original.replace(
        b"    quote: 'the talks will resume in March'\r\n",
        b"    quote: 'the talks will restart in March'\r\n    occurrence: 1\r\n",
    )
    assert path.read_bytes() == expected
    assert run_briefgen("build", root=root).code == 0
