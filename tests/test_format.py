"""A strict format (DESIGN §1): misspelt fields are errors naming the fix, plain words
keep their YAML 1.2 meaning, YAML syntax errors are explained with the cause and the
fix, and fields no stage reads yet are still type-checked. Each case goes through the
command line, as a user meets it: exactly one diagnostic, at its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL, run_briefgen, write_archive

from briefgen.config import Config
from briefgen.load import parse_yaml
from briefgen.schema import CONFIG

ARTICLE = "content/articles/2025-12-02-talks.md"
NEW = "content/articles/2025-12-03-new.md"
STATUSES = "verified, disputed, unverified, false, misleading"


def edited(tmp_path: Path, old: str, new: str, path: str = ARTICLE) -> Path:
    """MINIMAL (which builds cleanly) with one edit to one file."""
    root = write_archive(tmp_path / "archive", MINIMAL)
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def only_diagnostic(root: Path, *command: str) -> str:
    result = run_briefgen(*command, root=root)
    assert result.code == 1, result.err
    assert len(result.diagnostics) == 1, result.err
    assert "Traceback" not in result.err
    return result.diagnostics[0]


# (case, old text, new text, line, col, message): the cases the issue names.
ONE_DIAGNOSTIC = [
    (
        "misspelt-claim-field",
        "    status: verified",
        "    staus: verified",
        11,
        5,
        "error: unknown claim field 'staus'; did you mean 'status'?",
    ),
    (
        "misspelt-article-field",
        "entities: [",
        "entites: [",
        6,
        1,
        "error: unknown article field 'entites'; did you mean 'entities'?",
    ),
    (
        "status-no-is-a-word",
        "status: verified",
        "status: no",
        11,
        13,
        f"error: claim status 'no' is not one of {STATUSES}; 'no' is not a verdict (to mark the claim false, write 'status: false')",
    ),
    (
        "status-off-is-a-word",
        "status: verified",
        "status: OFF",
        11,
        13,
        f"error: claim status 'OFF' is not one of {STATUSES}; 'OFF' is not a verdict (to mark the claim false, write 'status: false')",
    ),
    (
        "tab-indent",
        "    kind: fact\n",
        "\tkind: fact\n",
        10,
        1,
        "error: invalid YAML: this line holds a tab character; YAML lines are indented "
        "with spaces only, so replace the tab with spaces",
    ),
    (
        "double-quote-in-a-double-quoted-quote",
        'quote: "ended without any breakthrough"',
        'quote: "ended without "any" breakthrough"',
        9,
        27,
        "error: invalid YAML: the value of 'quote' holds a '\"' inside double quotes, which "
        'ends it early; write it in single quotes (quote: \'ended without "any" '
        "breakthrough') or as a block: 'quote: >-' and the text on the next line, indented",
    ),
]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case", ONE_DIAGNOSTIC, ids=[c[0] for c in ONE_DIAGNOSTIC])
def test_each_mistake_gives_one_diagnostic_with_the_fix(tmp_path, case, command):
    _, old, new, line, col, message = case
    root = edited(tmp_path, old, new)
    assert only_diagnostic(root, command) == f"{ARTICLE}:{line}:{col}: {message}"
    if command == "build":
        assert not (root / "site").exists()


def test_the_fixes_the_messages_suggest_work(tmp_path):
    # Single quotes around a quote holding '"' and a bare `status: false` both build.
    root = edited(
        tmp_path,
        "status: verified\n    about",
        "status: false\n    about",
    )
    body = root / ARTICLE
    text = body.read_text(encoding="utf-8")
    text = text.replace(
        'quote: "ended without any breakthrough"', "quote: 'ended without \"any\" breakthrough'"
    ).replace("ended without any\nbreakthrough", 'ended without "any"\nbreakthrough')
    body.write_text(text, encoding="utf-8")
    result = run_briefgen("build", "--strict", root=root)
    assert result.code == 0, result.err
    html = (root / "site/articles/talks/index.html").read_text(encoding="utf-8")
    assert "status-false" in html


# (case, front-matter lines of a new article (line 2 on), line, col, parts of the message)
YAML_HINTS = [
    (
        "colon-in-a-value",
        "title: Talks: what failed\ndate: 2025-12-03\n",
        2,
        13,
        [
            "the value of 'title' holds ': '",
            'put the whole value in quotes: title: "Talks: what failed"',
        ],
    ),
    (
        "hash-in-a-list",
        "title: T\ndate: 2025-12-03\ntags: [#talks, b]\n",
        4,
        8,
        ["a '#' after a space (or at the start of a value) begins a comment", "'#talks'"],
    ),
    (
        "indentation-step",
        "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n     quote: met\n    kind: fact\n",
        6,
        6,
        ["this line is not indented like the lines around it", "same column"],
    ),
    (
        "list-never-closed",
        "title: T\ntags: [a, b\ndate: 2025-12-03\n",
        4,
        5,
        ["the '[' opened on line 3 is not closed with ']'"],
    ),
    (
        "apostrophe-in-a-single-quoted-value",
        "title: 'it's over'\ndate: 2025-12-03\n",
        2,
        11,
        ['holds a "\'" inside single quotes', "write it twice ('it''s')"],
    ),
    (
        "quote-never-closed",
        'title: "Talks\ndate: 2025-12-03\n',
        2,
        8,
        ["the quotation mark that opens this value is never closed"],
    ),
]


@pytest.mark.parametrize("case", YAML_HINTS, ids=[c[0] for c in YAML_HINTS])
def test_yaml_syntax_errors_name_the_cause_and_the_fix(tmp_path, case):
    _, front, line, col, parts = case
    root = write_archive(tmp_path / "archive", {**MINIMAL})
    (root / NEW).write_text("---\n" + front + "---\nBody.\n", encoding="utf-8")
    diagnostic = only_diagnostic(root, "check")
    assert diagnostic.startswith(f"{NEW}:{line}:{col}: error: invalid YAML: "), diagnostic
    for part in parts:
        assert part in diagnostic


def test_plain_words_have_their_yaml_1_2_meaning():
    words = "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: true\nh: FALSE\n"
    numbers = "i: 1:30\nj: 012\nk: 0o17\nl: 1_000\nm: 2025-12-03\nn: 0.5\no: ~\n"
    values = dict(parse_yaml(words + numbers, line_offset=0))
    assert values == {
        "a": "yes",
        "b": "No",
        "c": "on",
        "d": "OFF",
        "e": "y",
        "f": "n",
        "g": True,
        "h": False,
        "i": "1:30",
        "j": 12,
        "k": 15,
        "l": "1_000",
        "m": "2025-12-03",
        "n": 0.5,
        "o": None,
    }


def test_draft_yes_is_not_a_boolean(tmp_path):
    root = edited(tmp_path, "author: Jane Analyst\n", "author: Jane Analyst\ndraft: yes\n")
    assert only_diagnostic(root, "check") == (
        f"{ARTICLE}:5:8: error: 'draft' must be true or false, not 'yes'"
    )


def test_a_time_code_locator_stays_text(tmp_path):
    # YAML 1.1 read 1:30 as the number 90 (base 60).
    root = edited(tmp_path, "locator: para. 2", "locator: 1:30")
    assert run_briefgen("build", "--strict", root=root).code == 0
    html = (root / "site/sources/kremlin-readout/index.html").read_text(encoding="utf-8")
    assert "1:30" in html


# --- fields declared for forecasts, relations and grades ----------------------------

GRADED = """
    likelihood: likely
    resolve_by: 2026-01-31
    resolution:
      outcome: did-not-occur
      date: 2026-02-01
      note: No compromise came of it.
      sources: [kremlin-readout]
    relates:
      - claim: "#no-breakthrough"
        as: supports
    sources:
      - source: kremlin-readout
        locator: para. 2
        credibility: 2
"""


def graded_archive(tmp_path: Path, **changes: str) -> Path:
    """MINIMAL whose second claim is a forecast with every field of DESIGN §1.3, and
    whose source has a reliability grade; `changes` then edit the article. The
    verified first claim's citation is graded 2, so that a grade verifies it."""
    root = edited(
        tmp_path,
        "    kind: statement\n",
        "    kind: forecast\n",
    )
    article = root / ARTICLE
    text = article.read_text(encoding="utf-8")
    old_sources = "    sources:\n      - source: kremlin-readout\n        locator: para. 2\n"
    assert old_sources in text
    text = text.replace(old_sources, GRADED.lstrip("\n"), 1)
    verified = "    sources: [kremlin-readout]\n"
    assert verified in text
    text = text.replace(
        verified, "    sources:\n      - {source: kremlin-readout, credibility: 2}\n"
    )
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    article.write_text(text, encoding="utf-8")
    source = root / "content/sources/kremlin-readout.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "kind: statement", "kind: statement\nreliability: B"
        ),
        encoding="utf-8",
    )
    return root


def test_forecast_relation_and_grade_fields_are_accepted(tmp_path):
    root = graded_archive(tmp_path)
    result = run_briefgen("check", "--strict", root=root)
    assert result.code == 0, result.err
    assert result.diagnostics == []


BAD_GRADES = [
    (
        "likelihood",
        "likelihood: likely",
        "likelihood: probable",
        "unknown likelihood 'probable'; use one of the ICD 203 terms (almost no chance, very "
        "unlikely, unlikely, roughly even chance, likely, very likely, almost certain) or a "
        "probability",
    ),
    (
        "likelihood-number",
        "likelihood: likely",
        "likelihood: 1.5",
        "likelihood 1.5 is not a probability between 0 and 1",
    ),
    (
        "resolve-by",
        "resolve_by: 2026-01-31",
        "resolve_by: soon",
        "'resolve_by' must be a date written YYYY-MM-DD, not 'soon'",
    ),
    (
        "outcome",
        "outcome: did-not-occur",
        "outcome: did-not-ocur",
        "resolution outcome 'did-not-ocur' is not one of occurred, did-not-occur, ambiguous; "
        "did you mean 'did-not-occur'?",
    ),
    (
        "relation",
        "as: supports",
        "as: agrees",
        "relation as 'agrees' is not one of repeats, supports, contradicts, updates, corrects",
    ),
    (
        "relation-target",
        'claim: "#no-breakthrough"',
        "claim: no-breakthrough",
        "claim must be written `<article-slug>#<claim-id>` or `#<claim-id>`, not 'no-breakthrough'",
    ),
    (
        "credibility",
        "credibility: 2",
        "credibility: 7",
        "'credibility' must be a whole number from 1 to 6",
    ),
    (
        "misspelt-resolution-field",
        "outcome: did-not-occur",
        "outcom: did-not-occur",
        "unknown resolution field 'outcom'; did you mean 'outcome'?",
    ),
]


@pytest.mark.parametrize("case", BAD_GRADES, ids=[c[0] for c in BAD_GRADES])
def test_forecast_relation_and_grade_fields_are_checked(tmp_path, case):
    _, old, new, message = case
    root = graded_archive(tmp_path, **{old: new})
    result = run_briefgen("check", root=root)
    assert result.code == 1, result.err
    assert any(message in line for line in result.diagnostics), result.err
    assert all(ARTICLE in line for line in result.diagnostics), result.err


def test_source_reliability_is_a_grade(tmp_path):
    root = graded_archive(tmp_path)
    source = root / "content/sources/kremlin-readout.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("reliability: B", "reliability: G"),
        encoding="utf-8",
    )
    assert only_diagnostic(root, "check") == (
        "content/sources/kremlin-readout.md:6:14: error: source reliability 'G' is not one "
        "of A, B, C, D, E, F"
    )


# --- briefgen.yaml ------------------------------------------------------------------


def test_misspelt_setting_is_an_error_and_an_unknown_one_a_warning(tmp_path):
    root = write_archive(
        tmp_path / "archive", {**MINIMAL, "briefgen.yaml": "titel: T\ncolour: red\n"}
    )
    result = run_briefgen("check", root=root)
    assert result.code == 1
    assert result.diagnostics == [
        "briefgen.yaml:1:1: error: unknown setting 'titel'; did you mean 'title'?",
        "briefgen.yaml:2:1: warning: unknown setting 'colour'",
    ]


def test_setting_types_are_named_in_words(tmp_path):
    root = write_archive(
        tmp_path / "archive", {**MINIMAL, "briefgen.yaml": "offline: yes\nfeed_count: many\n"}
    )
    result = run_briefgen("check", root=root)
    assert result.code == 1
    assert result.diagnostics == [
        "briefgen.yaml:1:10: error: 'offline' must be true or false, not 'yes'",
        "briefgen.yaml:2:13: error: 'feed_count' must be a whole number, not 'many'",
    ]


def test_settings_defaults_are_the_declared_ones():
    defaults = Config()
    declared = {item.name: item.default for item in CONFIG.fields if item.default is not None}
    assert declared
    for name, value in declared.items():
        assert getattr(defaults, name) == value, name
    assert {item.name for item in CONFIG.fields} == set(vars(defaults))
