"""Broken and hostile files: each gets one PATH:LINE:COL diagnostic, exit 1, and the
previous site/ stays exactly as it was (issue: hostile and broken input)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import MINIMAL, run_briefgen, write_archive

ARTICLE = "content/articles/2025-12-02-talks.md"
GOOD_HEAD = "---\ntitle: T\ndate: 2025-12-02\n"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# (case id, relative path, file bytes, expected line, expected column or None, message part)
CASES = [
    (
        "invalid-utf8",
        "content/articles/2025-12-03-x.md",
        GOOD_HEAD.encode() + b"---\nline one\nbad \xff byte\n",
        6,
        5,
        "not valid UTF-8",
    ),
    (
        "binary",
        "content/articles/2025-12-03-x.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        1,
        1,
        "binary",
    ),
    ("empty", "content/articles/2025-12-03-x.md", b"", 1, 1, "empty file"),
    (
        "only-front-matter",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-12-03\n---\n",
        4,
        1,
        "article has no body",
    ),
    (
        "no-front-matter",
        "content/articles/2025-12-03-x.md",
        b"Just text\n",
        1,
        1,
        "missing front-matter",
    ),
    (
        "unterminated",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-12-03\nbody\n",
        1,
        1,
        "never closed",
    ),
    (
        "not-a-mapping",
        "content/articles/2025-12-03-x.md",
        b"---\n- a\n- b\n---\nBody\n",
        2,
        1,
        "must be a YAML mapping",
    ),
    (
        "bad-yaml",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: [2025\n---\nBody\n",
        3,
        None,
        "invalid YAML",
    ),
    (
        "title-list",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: [a, b]\ndate: 2025-12-03\n---\nBody\n",
        2,
        8,
        "'title' must be text",
    ),
    (
        "tags-number",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-12-03\ntags: 5\n---\nBody\n",
        4,
        7,
        "'tags' must be a list",
    ),
    (
        "claims-string",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-12-03\nclaims: nope\n---\nBody\n",
        4,
        9,
        "'claims' must be a list",
    ),
    (
        "draft-string",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-12-03\ndraft: maybe\n---\nBody\n",
        4,
        8,
        "'draft' must be true or false",
    ),
    (
        "date-does-not-exist",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-02-30\n---\nBody\n",
        3,
        7,
        "2025-02-30 does not exist",
    ),
    (
        "date-words",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: yesterday\n---\nBody\n",
        3,
        7,
        "YYYY-MM-DD",
    ),
    (
        "python-object-tag",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: !!python/object/apply:os.system ['echo owned']\ndate: 2025-12-03\n---\nB\n",
        2,
        8,
        "not allowed",
    ),
    (
        "alias-bomb",
        "content/articles/2025-12-03-x.md",
        (
            b"---\ntitle: T\ndate: 2025-12-03\n"
            b'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
            b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
            b"f: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\nB\n"
        ),
        None,
        None,
        "too many YAML aliases",
    ),
    (
        "slug-traversal",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-12-03\nslug: ../etc\n---\nBody\n",
        4,
        7,
        "slug '../etc' is not a valid id",
    ),
    (
        "entity-id-with-space",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-12-03\nentities: [a b]\n---\nBody\n",
        4,
        12,
        "entity id 'a b' is not a valid id (lower-case letters, digits and single hyphens); "
        "did you mean 'a-b'?",
    ),
    (
        "entity-file-capitals",
        "content/entities/Putin.md",
        b"---\nname: Putin\ntype: person\n---\n",
        1,
        1,
        "entity file name 'Putin' is not a valid id (lower-case letters, digits and single "
        "hyphens); did you mean 'putin'?",
    ),
    (
        "javascript-link",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-12-03\n---\nFirst line.\nSee [this](javascript:alert(1)).\n",
        6,
        12,
        "'javascript:' URL is not allowed",
    ),
    (
        "data-image",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-12-03\n---\n![x](data:image/svg+xml;base64,PHN2Zz4=)\n",
        5,
        6,
        "'data:' URL is not allowed",
    ),
    (
        "source-url-javascript",
        "content/sources/evil.md",
        b"---\ntitle: Evil\nurl: javascript:alert(1)\n---\n",
        3,
        6,
        "'url' must be an http(s) URL",
    ),
    (
        # YAML's explicit timestamp: a date and time, which a resolution's plain
        # date could not be compared with.
        "timestamp-date",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: !!timestamp 2025-12-03 10:30:00\nclaims:\n"
        b"  - id: will-meet\n    quote: They will meet\n    kind: forecast\n"
        b"    resolution: {outcome: occurred, date: 2025-12-09}\n---\nThey will meet.\n",
        3,
        7,
        "'date' must be a date written YYYY-MM-DD, not '2025-12-03 10:30:00'",
    ),
    (
        # Read, but too large for Python to write as text (in a message, say).
        "huge-hex-number",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: 0x" + b"f" * 3600 + b"\ndate: 2025-12-03\n---\nBody.\n",
        2,
        8,
        "invalid YAML value: the number 0xffffffffff... is too large",
    ),
    (
        "duplicate-key",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ntitle: U\ndate: 2025-12-03\n---\nBody\n",
        3,
        1,
        "duplicate key 'title'",
    ),
    (
        "duplicate-slug",
        "content/articles/2025-12-09-talks.md",
        b"---\ntitle: Other\ndate: 2025-12-09\n---\nBody\n",
        None,
        None,
        "duplicate article slug 'talks'",
    ),
    (
        "duplicate-source-id",
        "content/articles/2025-12-03-x.md",
        b"---\ntitle: T\ndate: 2025-12-03\nsources:\n"
        b"  - id: kremlin-readout\n    title: Again\n---\nB\n",
        5,
        9,
        "duplicate source id 'kremlin-readout'",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_broken_file_gets_one_diagnostic_and_site_is_kept(tmp_path, case):
    name, rel, data, line, col, message = case
    root = write_archive(tmp_path / "archive", MINIMAL)
    assert run_briefgen("build", root=root).code == 0
    before = tree_digest(root / "site")

    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    result = run_briefgen("build", root=root)

    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    errors = [d for d in result.diagnostics if ": error: " in d]
    matching = [d for d in errors if message in d]
    assert len(matching) == 1, f"expected one error containing {message!r}, got:\n{result.err}"
    match = re.match(r"^(.+?):(\d+):(\d+): error: ", matching[0])
    assert match, matching[0]
    if name == "duplicate-slug":  # either file may be the one reported
        assert match.group(1) in (rel, ARTICLE)
    else:
        assert match.group(1) == rel
    if line is not None:
        assert int(match.group(2)) == line, matching[0]
    if col is not None:
        assert int(match.group(3)) == col, matching[0]
    assert tree_digest(root / "site") == before


def test_misspelt_field_is_an_error_naming_the_closest_field(tmp_path):
    # Was a warning; a typo of a known field is now an error (it lost the value).
    root = write_archive(tmp_path / "a", MINIMAL)
    path = root / ARTICLE
    path.write_text(path.read_text().replace("author:", "autor:"), encoding="utf-8")
    result = run_briefgen("build", root=root)
    assert result.code == 1
    (error,) = [d for d in result.diagnostics if "autor" in d]
    assert error == f"{ARTICLE}:4:1: error: unknown article field 'autor'; did you mean 'author'?"


def test_huge_file_is_refused_quickly(tmp_path):
    root = write_archive(tmp_path / "a", MINIMAL)
    big = root / "content/articles/2025-12-05-big.md"
    with big.open("wb") as handle:
        handle.write(GOOD_HEAD.encode() + b"---\n")
        handle.write((b"word " * 200 + b"\n") * 50_000)  # about 50 MB
    result = run_briefgen("build", root=root)
    assert result.code == 1
    (error,) = [d for d in result.diagnostics if "big.md" in d]
    assert error.startswith("content/articles/2025-12-05-big.md:1:1: error: file is 4")
    assert "limited to" in error


def test_symlink_out_of_the_archive_is_refused(tmp_path):
    root = write_archive(tmp_path / "a", MINIMAL)
    outside = tmp_path / "secret.md"
    outside.write_text("---\nname: Secret\ntype: person\n---\n", encoding="utf-8")
    os.symlink(outside, root / "content/entities/secret.md")
    result = run_briefgen("build", root=root)
    assert result.code == 1
    assert "content/entities/secret.md:1:1: error: file links outside the archive" in result.err
    assert not (root / "site").exists()


def test_a_content_folder_linked_out_of_the_archive_is_refused(tmp_path):
    """Files in a content folder that is a link to a folder outside the archive
    are links out of it too, though none of them is a link itself."""
    root = write_archive(tmp_path / "a", MINIMAL)
    outside = tmp_path / "elsewhere"
    shutil.move(root / "content/entities", outside)
    os.symlink(outside, root / "content/entities")
    result = run_briefgen("build", root=root)
    assert result.code == 1
    assert (
        "content/entities/vladimir-putin.md:1:1: error: file links outside the archive"
        in result.err
    )
    assert not (root / "site").exists()


def test_all_problems_of_a_run_are_reported(tmp_path):
    root = write_archive(tmp_path / "a", MINIMAL)
    (root / "content/articles/2025-12-03-a.md").write_bytes(b"")
    (root / "content/entities/bad.md").write_bytes(b"---\nname: X\ntype: robot\n---\n")
    result = run_briefgen("build", root=root)
    assert result.code == 1
    assert any(
        d.startswith("content/articles/2025-12-03-a.md:1:1: error:") for d in result.diagnostics
    )
    assert any(
        d.startswith("content/entities/bad.md:3:7: error: entity type 'robot'")
        for d in result.diagnostics
    )
