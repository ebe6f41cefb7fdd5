"""Every diagnostic of DESIGN §1-2, one small archive each: the problem is reported as
`PATH:LINE:COL: severity: MESSAGE` at the right place, with a helpful message, the
run exits 1 (2 for usage errors), and a failed build leaves the previous site/ as it
was. `briefgen check` reports the same and writes nothing."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import MINIMAL, parse_html, run_briefgen, write_archive

NEW = "content/articles/2025-12-03-x.md"
MINIMAL_ARTICLE = "content/articles/2025-12-02-talks.md"
DIAG_RE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.*)$"
)


def article(front: str, body: str = "Steve Witkoff met Vladimir Putin in Moscow.\n") -> str:
    """An article file: `front` holds the YAML lines, so its first line is line 2."""
    return "---\n" + front + "---\n" + body


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def parsed(result) -> list[dict]:
    found = []
    for line in result.diagnostics:
        match = DIAG_RE.match(line)
        assert match, f"not PATH:LINE:COL: severity: message: {line!r}"
        found.append(match.groupdict())
    return found


def one(result, path: str, line: int | None, col: int | None, severity: str, *parts: str) -> str:
    """The single diagnostic at path (and line, col) whose message holds every part."""
    hits = [
        d
        for d in parsed(result)
        if d["path"] == path
        and d["sev"] == severity
        and (line is None or int(d["line"]) == line)
        and (col is None or int(d["col"]) == col)
        and all(part in d["msg"] for part in parts)
    ]
    assert len(hits) == 1, (
        f"expected one {severity} at {path}:{line}:{col} with {parts!r}, got:\n{result.err}"
    )
    return hits[0]["msg"]


@pytest.fixture
def archive(tmp_path):
    """MINIMAL plus extra files: MINIMAL alone builds cleanly, so every diagnostic
    comes from the files a test adds."""

    def make(files: dict[str, str]) -> Path:
        return write_archive(tmp_path / "archive", {**MINIMAL, **files})

    return make


# (case id, {path: text}, path, line, col, parts of the message)
ERRORS = [
    # --- the file's shape
    ("no-front-matter", {NEW: "Just a body.\n"}, NEW, 1, 1, ["missing front-matter", "'---'"]),
    (
        "unterminated-front-matter",
        {NEW: "---\ntitle: T\ndate: 2025-12-03\nBody.\n"},
        NEW,
        1,
        1,
        ["never closed", "add a '---' line"],
    ),
    (
        "bad-yaml-at-its-line",
        {NEW: article("title: T\ndate: 2025-12-03\nsection: Politics: Europe\n")},
        NEW,
        4,
        18,
        [
            "invalid YAML",
            "holds ': '",
            "put the whole value in quotes",
            'section: "Politics: Europe"',
        ],
    ),
    (
        "front-matter-not-a-mapping",
        {NEW: "---\n- title\n- date\n---\nBody.\n"},
        NEW,
        2,
        1,
        ["front-matter must be a YAML mapping"],
    ),
    # --- required fields, at the mapping that lacks them
    (
        "article-without-title",
        {NEW: article("date: 2025-12-03\n")},
        NEW,
        2,
        1,
        ["missing required 'title'"],
    ),
    (
        "article-without-date",
        {NEW: article("title: T\n")},
        NEW,
        2,
        1,
        ["missing required 'date'", "YYYY-MM-DD"],
    ),
    (
        "claim-without-id",
        {NEW: article("title: T\ndate: 2025-12-03\nclaims:\n  - quote: met\n    kind: fact\n")},
        NEW,
        5,
        5,
        ["missing required 'id'"],
    ),
    (
        "claim-without-quote",
        {NEW: article("title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    kind: fact\n")},
        NEW,
        5,
        5,
        ["claim 'c1' is missing required 'quote'"],
    ),
    (
        "claim-without-kind",
        {NEW: article("title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n")},
        NEW,
        5,
        5,
        ["missing required 'kind'", "fact, assessment, forecast, recommendation, statement"],
    ),
    (
        "entity-without-name",
        {"content/entities/kremlin.md": "---\ntype: organization\n---\n"},
        "content/entities/kremlin.md",
        2,
        1,
        ["entity is missing required 'name'"],
    ),
    (
        "entity-without-type",
        {"content/entities/kremlin.md": "---\nname: Kremlin\n---\n"},
        "content/entities/kremlin.md",
        2,
        1,
        ["entity is missing required 'type'", "person, organization"],
    ),
    (
        "source-file-without-title",
        {"content/sources/tass.md": "---\npublisher: TASS\n---\n"},
        "content/sources/tass.md",
        2,
        1,
        ["source is missing required 'title'"],
    ),
    (
        "inline-source-without-title",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nsources:\n  - id: tass\n    url: https://tass.com/\n"
            )
        },
        NEW,
        5,
        5,
        ["source is missing required 'title'"],
    ),
    # --- wrong types, at the value
    (
        "title-is-a-list",
        {NEW: article("title: [a, b]\ndate: 2025-12-03\n")},
        NEW,
        2,
        8,
        ["'title' must be text, not a list"],
    ),
    (
        "tags-is-a-number",
        {NEW: article("title: T\ndate: 2025-12-03\ntags: 5\n")},
        NEW,
        4,
        7,
        ["'tags' must be a list of text, not a number"],
    ),
    (
        "entities-is-a-mapping",
        {NEW: article("title: T\ndate: 2025-12-03\nentities: {a: b}\n")},
        NEW,
        4,
        11,
        ["'entities' must be a list of text, not a mapping"],
    ),
    (
        "occurrence-is-text",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: fact\n    occurrence: twice\n"
            )
        },
        NEW,
        8,
        17,
        ["'occurrence' must be a whole number"],
    ),
    (
        "occurrence-is-zero",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: fact\n    occurrence: 0\n"
            )
        },
        NEW,
        8,
        17,
        ["'occurrence' must be a whole number"],
    ),
    (
        "draft-is-text",
        {NEW: article("title: T\ndate: 2025-12-03\ndraft: maybe\n")},
        NEW,
        4,
        8,
        ["'draft' must be true or false"],
    ),
    (
        "claims-is-text",
        {NEW: article("title: T\ndate: 2025-12-03\nclaims: none\n")},
        NEW,
        4,
        9,
        ["'claims' must be a list of claims"],
    ),
    (
        "source-url-not-http",
        {"content/sources/tass.md": "---\ntitle: TASS\nurl: ftp://tass.com/x\n---\n"},
        "content/sources/tass.md",
        3,
        6,
        ["'url' must be an http(s) URL, not 'ftp://tass.com/x'"],
    ),
    # --- enumerations, with the closest allowed value
    (
        "claim-kind-typo",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: fcat\n"
            )
        },
        NEW,
        7,
        11,
        ["kind 'fcat' is not one of", "did you mean 'fact'?"],
    ),
    (
        "claim-status-typo",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: fact\n    status: verifed\n"
            )
        },
        NEW,
        8,
        13,
        ["status 'verifed' is not one of", "did you mean 'verified'?"],
    ),
    (
        "entity-type-typo",
        {"content/entities/kremlin.md": "---\nname: Kremlin\ntype: organisation\n---\n"},
        "content/entities/kremlin.md",
        3,
        7,
        ["type 'organisation' is not one of", "did you mean 'organization'?"],
    ),
    (
        "source-kind-typo",
        {"content/sources/tass.md": "---\ntitle: TASS\nkind: newz\n---\n"},
        "content/sources/tass.md",
        3,
        7,
        ["kind 'newz' is not one of", "did you mean 'news'?"],
    ),
    # --- dates
    (
        "date-that-does-not-exist",
        {NEW: article("title: T\ndate: 2025-02-30\n")},
        NEW,
        3,
        7,
        ["2025-02-30 does not exist"],
    ),
    (
        "date-in-words",
        {NEW: article("title: T\ndate: yesterday\n")},
        NEW,
        3,
        7,
        ["'date' must be a date written YYYY-MM-DD, not 'yesterday'"],
    ),
    (
        "updated-in-wrong-format",
        {NEW: article("title: T\ndate: 2025-12-03\nupdated: 03/12/2025\n")},
        NEW,
        4,
        10,
        ["'updated' must be a date written YYYY-MM-DD"],
    ),
    (
        "source-date-does-not-exist",
        {"content/sources/tass.md": "---\ntitle: TASS\ndate: 2025-13-01\n---\n"},
        "content/sources/tass.md",
        3,
        7,
        ["2025-13-01 does not exist"],
    ),
    # --- identifiers
    (
        "claim-id-not-a-slug",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: Met In Moscow\n    quote: met\n    kind: fact\n"
            )
        },
        NEW,
        5,
        9,
        ["claim id 'Met In Moscow' is not a valid id", "did you mean 'met-in-moscow'?"],
    ),
    (
        "slug-not-a-slug",
        {NEW: article("title: T\ndate: 2025-12-03\nslug: Talks_2\n")},
        NEW,
        4,
        7,
        ["slug 'Talks_2' is not a valid id", "did you mean 'talks-2'?"],
    ),
    (
        "file-name-gives-a-bad-slug",
        {"content/articles/2025-12-03-Big Talks.md": article("title: T\ndate: 2025-12-03\n")},
        "content/articles/2025-12-03-Big Talks.md",
        1,
        1,
        ["slug 'Big Talks'", "did you mean 'big-talks'?"],
    ),
    (
        "source-file-name-not-a-slug",
        {"content/sources/TASS.md": "---\ntitle: TASS\n---\n"},
        "content/sources/TASS.md",
        1,
        1,
        ["source file name 'TASS' is not a valid id", "did you mean 'tass'?"],
    ),
    # --- references between files
    (
        "unknown-entity-in-entities",
        {NEW: article("title: T\ndate: 2025-12-03\nentities: [vladimir-putin, steve-witkof]\n")},
        NEW,
        4,
        28,
        ["unknown entity 'steve-witkof'", "did you mean 'steve-witkoff'?"],
    ),
    (
        "unknown-entity-far-from-any",
        {NEW: article("title: T\ndate: 2025-12-03\nentities: [emmanuel-macron]\n")},
        NEW,
        4,
        12,
        ["unknown entity 'emmanuel-macron'", "create content/entities/emmanuel-macron.md"],
    ),
    (
        "unknown-entity-as-speaker",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: statement\n    by: steve-witkof\n"
            )
        },
        NEW,
        8,
        9,
        ["claim 'c1': unknown entity 'steve-witkof'", "did you mean 'steve-witkoff'?"],
    ),
    (
        "unknown-entity-in-about",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: fact\n    about: [vladimir-puttin]\n"
            )
        },
        NEW,
        8,
        13,
        ["claim 'c1': unknown entity 'vladimir-puttin'", "did you mean 'vladimir-putin'?"],
    ),
    (
        "unknown-source",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: fact\n    sources: [kremlin-readot]\n"
            )
        },
        NEW,
        8,
        15,
        ["claim 'c1': unknown source 'kremlin-readot'", "did you mean 'kremlin-readout'?"],
    ),
    (
        "unknown-source-in-a-citation-mapping",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: fact\n    sources:\n      - source: reuters-report\n        locator: p. 2\n"
            )
        },
        NEW,
        9,
        17,
        ["claim 'c1': unknown source 'reuters-report'", "declare it in the article's 'sources'"],
    ),
    # --- quotes against the body
    (
        "quote-not-in-body",
        {
            NEW: article(
                'title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: "Witkoff met Putin in Moscow"\n    kind: fact\n',
                "Steve Witkoff met Vladimir Putin in Moscow.\n",
            )
        },
        NEW,
        6,
        12,
        [
            "claim 'c1': quote drifted (85% similar): the body now reads "
            '"Witkoff met Vladimir Putin in Moscow" (line 9); '
            "run 'briefgen check --fix' to re-anchor it",
        ],
    ),
    (
        "quote-with-markdown-markup",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: said *no deal*\n    kind: fact\n",
                "Putin said *no deal* today.\n",
            )
        },
        NEW,
        6,
        12,
        [
            'quote drifted (92% similar): the body now reads "said no deal" (line 9)',
            "a quote is the text as read, without Markdown markup",
        ],
    ),
    (
        "quote-only-inside-a-longer-word",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: alks\n    kind: fact\n",
                "The talks began.\n",
            )
        },
        NEW,
        6,
        12,
        ["claim 'c1': quote drifted (88% similar): the body now reads \"talks\" (line 9)"],
    ),
    (
        "ambiguous-quote",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: talks failed\n    kind: fact\n",
                "First the talks failed.\n\nThen, in June,\nthe talks failed again.\n",
            )
        },
        NEW,
        6,
        12,
        [
            "claim 'c1': quote occurs 2 times in the body",
            '1 (line 9: "First the talks failed.")',
            # the line of the match itself, not of its paragraph's start
            '2 (line 12: "Then, in June, the talks failed again.")',
            "add 'occurrence: N' or quote more words",
        ],
    ),
    (
        "occurrence-out-of-range",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: talks failed\n    kind: fact\n    occurrence: 3\n",
                "First the talks failed.\n\nThen, in June, the talks failed again.\n",
            )
        },
        NEW,
        6,
        12,
        ["claim 'c1': occurrence 3 requested but the quote occurs 2 times"],
    ),
    # --- uniqueness
    (
        "duplicate-claim-id",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: Steve Witkoff\n    kind: fact\n"
                "  - id: c1\n    quote: Vladimir Putin\n    kind: fact\n"
            )
        },
        NEW,
        8,
        9,
        ["duplicate claim id 'c1' (first at line 5)"],
    ),
    (
        "source-declared-in-a-file-and-an-article",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nsources:\n  - id: kremlin-readout\n    title: Again\n"
            )
        },
        NEW,
        5,
        9,
        [
            "duplicate source id 'kremlin-readout'",
            "first declared in content/sources/kremlin-readout.md",
            "unique archive-wide",
        ],
    ),
    (
        "source-declared-in-two-articles",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nsources:\n  - id: tass-report\n    title: TASS\n"
            ),
            "content/articles/2025-12-04-y.md": article(
                "title: U\ndate: 2025-12-04\nsources:\n  - id: other\n    title: Other\n  - id: tass-report\n    title: TASS again\n"
            ),
        },
        "content/articles/2025-12-04-y.md",
        7,
        9,
        ["duplicate source id 'tass-report'", f"first declared in {NEW}:5"],
    ),
    (
        "statement-without-by",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: statement\n"
            )
        },
        NEW,
        5,
        5,
        ["claim 'c1' is a statement but has no 'by'", "name the entity who made it"],
    ),
    (
        "statement-with-empty-by",
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: statement\n    by:\n"
            )
        },
        NEW,
        5,
        5,
        ["claim 'c1' is a statement but has no 'by'"],
    ),
]


@pytest.fixture(scope="module")
def built_minimal(tmp_path_factory) -> Path:
    """MINIMAL with its site built once; each case works on a copy."""
    root = write_archive(tmp_path_factory.mktemp("built") / "archive", MINIMAL)
    assert run_briefgen("build", "--strict", root=root).code == 0
    return root


@pytest.mark.parametrize("case", ERRORS, ids=[c[0] for c in ERRORS])
def test_error_is_reported_at_its_place_and_the_site_is_kept(built_minimal, tmp_path, case):
    _, files, path, line, col, parts = case
    root = tmp_path / "archive"
    shutil.copytree(built_minimal, root, symlinks=True)
    before = tree_digest(root / "site")

    write_archive(root, files)
    result = run_briefgen("build", root=root)

    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    one(result, path, line, col, "error", *parts)
    assert "build failed" in result.err
    assert tree_digest(root / "site") == before

    checked = run_briefgen("check", root=root)
    assert checked.code == 1
    assert checked.diagnostics == result.diagnostics
    assert tree_digest(root / "site") == before


def test_duplicate_article_slug_names_both_files(archive):
    root = archive(
        {"content/articles/2025-12-09-talks.md": article("title: Again\ndate: 2025-12-09\n")}
    )
    result = run_briefgen("build", root=root)
    assert result.code == 1
    errors = [d for d in parsed(result) if "duplicate article slug 'talks'" in d["msg"]]
    assert len(errors) == 1, result.err
    reported, other = errors[0]["path"], {MINIMAL_ARTICLE, "content/articles/2025-12-09-talks.md"}
    assert reported in other
    (other_path,) = other - {reported}
    assert other_path in errors[0]["msg"]
    assert "set a different 'slug'" in errors[0]["msg"]
    assert not (root / "site").exists()


def test_bare_false_status_means_false(archive):
    root = archive(
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nentities: [steve-witkoff]\nclaims:\n"
                "  - id: c1\n    quote: met Vladimir Putin\n    kind: fact\n    status: false\n"
            )
        }
    )
    result = run_briefgen("build", "--strict", root=root)
    assert result.code == 0, result.err
    mark = parse_html(root / "site/articles/x/index.html").find(id="claim-c1")
    assert "status-false" in mark["class"]


def test_quoted_string_false_status_is_false_too(archive):
    root = archive(
        {
            NEW: article(
                "title: T\ndate: 2025-12-03\nentities: [steve-witkoff]\nclaims:\n"
                "  - id: c1\n    quote: met Vladimir Putin\n    kind: fact\n    status: 'false'\n"
            )
        }
    )
    assert run_briefgen("build", "--strict", root=root).code == 0
    mark = parse_html(root / "site/articles/x/index.html").find(id="claim-c1")
    assert "status-false" in mark["class"]


UNKNOWN_FIELDS = [
    (
        "article",
        NEW,
        article("title: T\ndate: 2025-12-03\nsumary: S\n"),
        4,
        1,
        "unknown article field 'sumary'",
        "summary",
    ),
    (
        "claim",
        NEW,
        article(
            "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: fact\n    tag: [x]\n"
        ),
        8,
        5,
        "unknown claim field 'tag'",
        "tags",
    ),
    (
        "citation",
        NEW,
        article(
            "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: fact\n"
            "    sources:\n      - source: kremlin-readout\n        location: p. 1\n"
        ),
        10,
        9,
        "unknown citation field 'location'",
        "locator",
    ),
    (
        "entity",
        "content/entities/kremlin.md",
        "---\nname: K\ntype: place\nalias: [Kr]\n---\n",
        4,
        1,
        "unknown entity field 'alias'",
        "aliases",
    ),
    (
        "source",
        "content/sources/tass.md",
        "---\ntitle: TASS\npublised: 2025-12-01\n---\n",
        3,
        1,
        "unknown source field 'publised'",
        "publisher",
    ),
]


@pytest.mark.parametrize("case", UNKNOWN_FIELDS, ids=[c[0] for c in UNKNOWN_FIELDS])
def test_misspelt_field_is_an_error_naming_the_fix(archive, case):
    # A field name within two edits of a known one is a typo: before, it was a warning
    # and the value was silently dropped (a claim lost its status, an article its
    # entities); now the build stops and says which field was meant.
    _, path, text, line, col, message, closest = case
    root = archive({path: text})
    before = tree_digest(root / "site") if (root / "site").is_dir() else {}
    result = run_briefgen("build", root=root)
    assert result.code == 1, result.err
    msg = one(result, path, line, col, "error", message)
    assert msg == f"{message}; did you mean '{closest}'?"
    assert len(result.diagnostics) == 1, result.err
    after = tree_digest(root / "site") if (root / "site").is_dir() else {}
    assert after == before
    assert run_briefgen("check", root=root).code == 1


FAR_FIELDS = [
    ("article", NEW, article("title: T\ndate: 2025-12-03\nreviewer: Jane\n"), 4, "article"),
    (
        "claim",
        NEW,
        article(
            "title: T\ndate: 2025-12-03\nclaims:\n  - id: c1\n    quote: met\n    kind: fact\n    confidence: high\n"
        ),
        8,
        "claim",
    ),
    (
        "entity",
        "content/entities/kremlin.md",
        "---\nname: K\ntype: place\nxyz: 1\n---\n",
        4,
        "entity",
    ),
]


@pytest.mark.parametrize("case", FAR_FIELDS, ids=[c[0] for c in FAR_FIELDS])
def test_unknown_field_far_from_any_is_a_warning(archive, case):
    _, path, text, line, what = case
    root = archive({path: text})
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    msg = one(result, path, line, None, "warning", f"unknown {what} field")
    assert "it is ignored" in msg
    assert (root / "site/index.html").is_file()

    before = tree_digest(root / "site")
    strict = run_briefgen("build", "--strict", root=root)
    assert strict.code == 1
    one(strict, path, line, None, "warning", f"unknown {what} field")
    assert tree_digest(root / "site") == before
    assert run_briefgen("check", root=root).code == 0
    assert run_briefgen("check", "--strict", root=root).code == 1


def test_all_problems_of_a_run_are_reported_at_once(archive):
    root = archive(
        {
            NEW: article("title: T\ndate: 2025-02-30\n"),
            "content/articles/2025-12-04-y.md": article(
                "title: U\ndate: 2025-12-04\nclaims:\n  - id: c1\n    quote: met\n    kind: fcat\n"
            ),
            "content/entities/kremlin.md": "---\nname: Kremlin\ntype: building\n---\n",
        }
    )
    result = run_briefgen("build", root=root)
    assert result.code == 1
    one(result, NEW, 3, 7, "error", "does not exist")
    one(result, "content/articles/2025-12-04-y.md", 7, 11, "error", "did you mean 'fact'?")
    one(result, "content/entities/kremlin.md", 3, 7, "error", "type 'building'")
    assert "3 errors" in result.err
    # Reported in file order, whatever order they were found in.
    paths = [d["path"] for d in parsed(result)]
    assert paths == sorted(paths)


def test_problems_in_one_file_are_all_reported(archive):
    # A bad title and date make the article unusable, yet its references and quotes
    # are still checked: the user fixes everything after one run.
    root = archive(
        {
            NEW: article(
                "title: [T]\ndate: yesterday\nentities: [steve-witkof]\nclaims:\n"
                "  - id: c1\n    quote: met\n    kind: fcat\n"
                "  - id: c2\n    quote: Moscow\n    kind: fact\n    about: [kremlin]\n",
                "Steve Witkoff met Vladimir Putin in Moscow.\n\nMoscow again.\n",
            )
        }
    )
    result = run_briefgen("check", root=root)
    assert result.code == 1
    one(result, NEW, 2, 8, "error", "'title' must be text")
    one(result, NEW, 3, 7, "error", "not 'yesterday'")
    one(
        result,
        NEW,
        4,
        12,
        "error",
        "unknown entity 'steve-witkof'",
        "did you mean 'steve-witkoff'?",
    )
    one(result, NEW, 8, 11, "error", "did you mean 'fact'?")
    one(result, NEW, 10, 12, "error", "claim 'c2': quote occurs 2 times")
    one(result, NEW, 12, 13, "error", "claim 'c2': unknown entity 'kremlin'")
    assert "6 errors" in result.err


BOM_CRLF = (
    "\ufeff---\r\n"
    "title: Windows file\r\n"
    "date: 2025-12-03\r\n"
    "entities: [steve-witkoff]\r\n"
    "claims:\r\n"
    "  - id: c1\r\n"
    '    quote: "met Vladimir Putin"\r\n'
    "    kind: fact\r\n"
    "  - id: c2\r\n"
    '    quote: "not in the text"\r\n'
    "    kind: fcat\r\n"
    "---\r\n"
    "Steve Witkoff met Vladimir Putin.\r\n"
)


def test_bom_and_crlf_are_accepted_with_correct_line_numbers(archive):
    root = archive({})
    (root / NEW).write_bytes(BOM_CRLF.encode("utf-8"))
    result = run_briefgen("build", root=root)
    assert result.code == 1
    one(result, NEW, 11, 11, "error", "kind 'fcat'", "did you mean 'fact'?")
    # c2 is dropped by its bad kind; c1 matched across the CRLF body: no other error.
    assert len([d for d in parsed(result) if d["sev"] == "error"]) == 1, result.err

    text = BOM_CRLF.replace("kind: fcat", "kind: fact").replace("not in the text", "Witkof met")
    (root / NEW).write_bytes(text.encode("utf-8"))
    result = run_briefgen("build", root=root)
    assert result.code == 1
    msg = one(result, NEW, 10, 12, "error", "claim 'c2': quote drifted (95% similar)")
    assert 'the body now reads "Witkoff met" (line 13)' in msg

    (root / NEW).write_bytes(
        BOM_CRLF.replace("    kind: fcat\r\n", "    kind: fact\r\n")
        .replace("not in the text", "Steve Witkoff")
        .encode("utf-8")
    )
    result = run_briefgen("build", "--strict", root=root)
    assert result.code == 0, result.err
    page = parse_html(root / "site/articles/x/index.html")
    assert page.find("h1").get_text() == "Windows file"
    assert page.find(id="claim-c1").get_text() == "met Vladimir Putin"


def test_bad_yaml_reports_the_line_of_the_yaml_error(archive):
    root = archive({NEW: article("title: T\ndate: 2025-12-03\ntags: [a, b\nsection: S\n")})
    result = run_briefgen("build", root=root)
    assert result.code == 1
    errors = [d for d in parsed(result) if d["path"] == NEW]
    assert len(errors) == 1, result.err
    assert errors[0]["msg"].startswith("invalid YAML")
    # The unclosed list opened on line 4; PyYAML notices it on the next line.
    assert int(errors[0]["line"]) in (4, 5), result.err


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--no-such-option"],
        ["build", "--base-url", "ftp://x"],
        ["build", "--base-url", "example.org/repo"],
        ["check", "--out", "x"],
        ["frobnicate"],
        [],
    ],
    ids=[
        "unknown-option",
        "ftp-base-url",
        "base-url-without-scheme",
        "option-of-another-command",
        "unknown-command",
        "no-command",
    ],
)
def test_usage_errors_exit_2_and_write_nothing(minimal_archive, args):
    result = run_briefgen(*args, root=minimal_archive)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    assert result.err.strip(), "a usage error says what is wrong"
    assert not (minimal_archive / "site").exists()


def test_bad_base_url_message_says_what_is_expected(minimal_archive):
    result = run_briefgen("build", "--base-url", "ftp://x", root=minimal_archive)
    assert result.code == 2
    assert "--base-url 'ftp://x' must be an http(s) URL" in result.err


def test_missing_root_is_a_usage_error(tmp_path):
    result = run_briefgen("build", root=tmp_path / "nowhere")
    assert result.code == 2
    assert "is not a folder" in result.err


@pytest.mark.parametrize("command", [["build"], ["check"], ["export", "claims"]])
def test_folder_without_content_is_a_usage_error_not_a_traceback(tmp_path, command):
    result = run_briefgen(*command, root=tmp_path)
    assert result.code == 2
    assert result.err.splitlines() == [
        f"briefgen: error: '{tmp_path}' is not an archive (no content/ folder); run "
        f"briefgen {command[0]} in an archive's root, pass --root DIR, or create one with "
        "'briefgen init DIR'"
    ]
    assert list(tmp_path.iterdir()) == []


def test_check_writes_nothing(minimal_archive):
    result = run_briefgen("check", root=minimal_archive)
    assert result.code == 0, result.err
    assert "ok: 0 errors, 0 warnings" in result.err
    assert sorted(p.name for p in minimal_archive.iterdir()) == ["briefgen.yaml", "content"]


def test_a_fixed_archive_builds_again(archive):
    root = archive({NEW: article("title: T\ndate: 2025-02-30\n")})
    assert run_briefgen("build", root=root).code == 1
    assert not (root / "site").exists()
    write_archive(root, {NEW: article("title: T\ndate: 2025-02-28\nentities: [steve-witkoff]\n")})
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    assert (root / "site/articles/x/index.html").is_file()
