"""The in-place YAML edit behind `check --fix`: the quote's value (and occurrence)
changes, every other byte stays, and an edit that cannot be made safely is refused
whole."""

from __future__ import annotations

import pytest
from conftest import run_briefgen, write_archive

from briefgen.yamledit import EditError, QuoteFix, fix_quotes

BODY = "Officials said the talks will restart in March.\n"


def doc(claims: str) -> str:
    return f"---\ntitle: T\ndate: 2025-12-02\nclaims:\n{claims}---\n{BODY}"


def test_an_occurrence_no_longer_needed_is_set_to_one():
    before = doc(
        '  - id: c\n    quote: "the old words"\n    occurrence: 2 # second\n    kind: fact\n'
    )
    after = fix_quotes(before, [QuoteFix("c", "the talks will restart in March", None)])
    assert after == doc(
        '  - id: c\n    quote: "the talks will restart in March"\n    occurrence: 1 # second\n'
        "    kind: fact\n"
    )


def test_an_occurrence_in_a_flow_mapping_is_added_inline():
    before = doc("  - {id: c, quote: 'old words', kind: fact}\n")
    after = fix_quotes(before, [QuoteFix("c", "new words", 3)])
    assert after == doc("  - {id: c, quote: 'new words', occurrence: 3, kind: fact}\n")


def test_a_value_that_would_read_as_another_type_is_quoted():
    before = doc("  - id: c\n    quote: old words\n    kind: fact\n")
    assert fix_quotes(before, [QuoteFix("c", "true", None)]) == doc(
        "  - id: c\n    quote: 'true'\n    kind: fact\n"
    )
    assert fix_quotes(before, [QuoteFix("c", "it's # not a comment", None)]) == doc(
        "  - id: c\n    quote: 'it''s # not a comment'\n    kind: fact\n"
    )


def test_a_shared_quote_is_refused_whole():
    # Claim b's quote is an alias of claim a's: editing one would change both.
    before = doc(
        '  - id: a\n    quote: &q "old words"\n    kind: fact\n'
        "  - id: b\n    quote: *q\n    kind: fact\n"
    )
    with pytest.raises(EditError, match="alias"):
        fix_quotes(before, [QuoteFix("b", "new words", None)])
    with pytest.raises(EditError, match="anchor"):
        fix_quotes(before, [QuoteFix("a", "new words", None)])


def test_check_fix_reports_an_edit_it_cannot_make_and_leaves_the_file(tmp_path):
    text = doc(
        '  - id: a\n    quote: &q "the talks will resume in March"\n    kind: fact\n'
        "  - id: b\n    quote: *q\n    kind: fact\n"
    )
    root = write_archive(tmp_path / "archive", {"briefgen.yaml": "title: T\n"})
    path = root / "content/articles/2025-12-02-t.md"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    result = run_briefgen("check", "--fix", root=root)
    assert result.code == 1
    assert "fixed:" not in result.err
    assert (
        "content/articles/2025-12-02-t.md:6:12: error: cannot re-anchor the quotes of this "
        "file: the quote of claim 'a' has a YAML alias, anchor or tag; edit it by hand"
    ) in result.diagnostics
    assert path.read_text(encoding="utf-8") == text
