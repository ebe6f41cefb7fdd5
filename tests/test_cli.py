"""The command line of DESIGN §3: --version, --help on every command, --root from
anywhere, and `new article|entity|source` writing files that build and never
overwriting one."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, parse_html, run_briefgen, write_archive

from briefgen import __version__
from briefgen.cli import make_parser


def commands() -> dict[str, argparse.ArgumentParser]:
    """Every command and sub-command, by its words: {'build': ..., 'new article': ...}."""
    found = {}

    def walk(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found[" ".join(words + (name,))] = sub
                    walk(sub, words + (name,))

    walk(make_parser(), ())
    return found


def briefgen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command as a user runs it: a new process, in `cwd`."""
    # (Without PYTHONUNBUFFERED, as in a terminal: output to a pipe is buffered.)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONUNBUFFERED")}
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_exits_with_its_status_and_all_its_output(tmp_path):
    """The command ends without tearing the interpreter down (a large archive's
    objects are not freed one by one): its exit status and everything it wrote to
    the terminal or a pipe are still there."""
    root = write_archive(tmp_path / "archive", MINIMAL)
    built = briefgen("build", "-j", "2", cwd=root)
    assert built.returncode == 0, built.stderr
    assert built.stderr.startswith("built ") and (root / "site" / "index.html").is_file()

    exported = briefgen("export", "claims", "--format", "csv", cwd=root)
    assert exported.returncode == 0, exported.stderr
    assert (
        briefgen("export", "claims", "--format", "csv", "--out", "c.csv", cwd=root).returncode == 0
    )
    written = (root / "c.csv").read_text(encoding="utf-8")
    assert exported.stdout == written  # (both read with universal newlines)
    assert exported.stdout.count("\n") == written.count("\n") > 1

    report = briefgen("coverage", cwd=root)
    assert report.returncode == 0, report.stderr
    assert report.stdout == run_briefgen("coverage", root=root).out

    (root / "content/entities/bad.md").write_text("---\nname: X\ntype: robot\n---\n")
    failed = briefgen("build", cwd=root)
    assert failed.returncode == 1
    assert "content/entities/bad.md:3:7: error: entity type 'robot'" in failed.stderr
    assert failed.stderr.rstrip().endswith("left unchanged")


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    result = run_briefgen(flag)
    assert result.code == 0
    assert result.out.strip() == f"briefgen {__version__}"


def test_every_command_of_the_design_exists():
    assert {"build", "check", "serve", "new", "init", "export"} <= set(commands())
    assert {"new article", "new entity", "new source"} <= set(commands())


@pytest.mark.parametrize("words", ["", *sorted(commands())])
def test_help_on_every_command(words):
    result = run_briefgen(*words.split(), "--help")
    assert result.code == 0, result.err
    assert result.out.startswith(f"usage: briefgen {words}".rstrip())
    assert "--root DIR" in result.out or words == ""
    assert "show this help message and exit" in result.out


def test_build_help_lists_the_options_of_the_design():
    out = run_briefgen("build", "--help").out
    for option in ["--out DIR", "--base-url URL", "--drafts", "--strict", "--root DIR"]:
        assert option in out
    assert "--strict" in run_briefgen("check", "--help").out
    serve = run_briefgen("serve", "--help").out
    assert "--host" in serve and "--port" in serve


def test_root_from_another_folder(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = briefgen("build", "--root", str(root), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert (root / "site/articles/talks/index.html").is_file()
    assert list(elsewhere.iterdir()) == []
    # --root before the command works too, and so does check.
    assert briefgen("--root", str(root), "check", cwd=elsewhere).returncode == 0
    assert list(elsewhere.iterdir()) == []


def test_from_the_archive_root_without_root_option(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    result = briefgen("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/index.html").is_file()
    assert "built " in result.stderr


def test_out_puts_the_site_elsewhere(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    out = tmp_path / "public"
    result = run_briefgen("build", "--out", str(out), root=root)
    assert result.code == 0, result.err
    assert (out / "index.html").is_file()
    assert not (root / "site").exists()


def test_out_never_overwrites_the_archive(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    result = run_briefgen("build", "--out", str(root), root=root)
    assert result.code == 2
    assert "refusing to write the site over" in result.err
    assert (root / "content/articles/2025-12-02-talks.md").is_file()


@pytest.mark.parametrize("where", ["content", "content/articles", "templates"])
def test_out_never_replaces_a_folder_of_the_archive(tmp_path, where):
    root = write_archive(tmp_path / "archive", {**MINIMAL, "templates/tag.html": "{{ tag.name }}"})
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = run_briefgen("build", "--out", str(root / where), root=root)
    assert result.code == 2
    assert f"inside the archive's {where.split('/')[0]}/" in result.err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_out_never_replaces_a_folder_of_other_files(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("keep me", encoding="utf-8")
    result = run_briefgen("build", "--out", str(documents), root=root)
    assert result.code == 2
    assert "is not a site briefgen wrote" in result.err
    assert [p.name for p in documents.iterdir()] == ["letter.txt"]
    # An empty folder, and a site written before, are fine.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_briefgen("build", "--out", str(empty), root=root).code == 0
    assert run_briefgen("build", "--out", str(empty), root=root).code == 0
    assert (empty / "index.html").is_file()


def test_drafts_are_left_out_unless_asked_for(tmp_path):
    root = write_archive(
        tmp_path / "archive",
        {
            **MINIMAL,
            "content/articles/2025-12-05-draft.md": "---\ntitle: Draft\ndate: 2025-12-05\ndraft: true\n---\nNot yet.\n",
        },
    )
    assert run_briefgen("build", root=root).code == 0
    assert not (root / "site/articles/draft").exists()
    assert run_briefgen("build", "--drafts", root=root).code == 0
    assert (root / "site/articles/draft/index.html").is_file()


# --- briefgen new


@pytest.fixture
def archive(tmp_path) -> Path:
    return write_archive(tmp_path / "archive", MINIMAL)


def test_new_article_builds_and_is_listed(archive):
    result = run_briefgen(
        "new", "article", 'Talks: "round two" in Geneva', "--date", "2025-12-10", "--author", "J. Doe",
        root=archive,
    )  # fmt: skip
    assert result.code == 0, result.err
    path = archive / "content/articles/2025-12-10-talks-round-two-in-geneva.md"
    assert path.is_file()
    assert result.out.strip().endswith("2025-12-10-talks-round-two-in-geneva.md")
    build = run_briefgen("build", "--strict", root=archive)
    assert build.code == 0, build.err
    page = parse_html(archive / "site/articles/talks-round-two-in-geneva/index.html")
    assert page.find("h1").get_text() == 'Talks: "round two" in Geneva'
    assert "By J. Doe" in page.select_one(".byline").get_text()
    assert page.find("time")["datetime"] == "2025-12-10"


def test_new_article_defaults_to_today_and_takes_a_slug(archive):
    result = run_briefgen("new", "article", "Anything", "--slug", "my-slug", root=archive)
    assert result.code == 0, result.err
    today = dt.date.today().isoformat()
    assert (archive / f"content/articles/{today}-my-slug.md").is_file()
    assert run_briefgen("build", "--strict", root=archive).code == 0
    assert (archive / "site/articles/my-slug/index.html").is_file()


def test_new_entity_builds_with_its_page(archive):
    result = run_briefgen(
        "new",
        "entity",
        "jared-kushner",
        "--name",
        "Jared Kushner",
        "--type",
        "person",
        root=archive,
    )
    assert result.code == 0, result.err
    assert (archive / "content/entities/jared-kushner.md").is_file()
    build = run_briefgen("build", "--strict", root=archive)
    assert build.code == 0, build.err
    page = parse_html(archive / "site/entities/jared-kushner/index.html")
    assert page.find("h1").get_text() == "Jared Kushner"
    assert page.select_one(".kicker").get_text() == "People"


def test_new_source_builds_with_its_page(archive):
    result = run_briefgen(
        "new", "source", "reuters-2025-12-03", "--title", "Reuters report",
        "--url", "https://www.reuters.com/x", "--kind", "news", root=archive,
    )  # fmt: skip
    assert result.code == 0, result.err
    build = run_briefgen("build", "--strict", root=archive)
    assert build.code == 0, build.err
    page = parse_html(archive / "site/sources/reuters-2025-12-03/index.html")
    assert page.find("h1").get_text() == "Reuters report"
    assert page.select_one(".source-details a")["href"] == "https://www.reuters.com/x"


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (
            ["article", "Talks in Moscow", "--date", "2025-12-02"],
            "content/articles/2025-12-02-talks-in-moscow.md",
        ),
        (["entity", "vladimir-putin"], "content/entities/vladimir-putin.md"),
        (["source", "kremlin-readout"], "content/sources/kremlin-readout.md"),
    ],
    ids=["article", "entity", "source"],
)
def test_new_refuses_to_overwrite(archive, args, path):
    target = archive / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_text(
            "---\ntitle: Mine\ndate: 2025-12-02\n---\nMy own words.\n", encoding="utf-8"
        )
    before = target.read_bytes()
    result = run_briefgen("new", *args, root=archive)
    # A usage error: one line naming the file, no traceback.
    assert result.code == 2
    assert result.err.splitlines() == [
        f"briefgen: error: {target} already exists; not overwriting it"
    ]
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["entity", "Vladimir Putin"], "try 'vladimir-putin'"),
        (["source", "Reuters_1"], "try 'reuters-1'"),
        (["article", "T", "--date", "2025-02-30"], "--date '2025-02-30' is not a date"),
        (["article", "!!!"], "pass --slug"),
        (["entity", "x", "--type", "robot"], "invalid choice"),
    ],
    ids=["entity-id", "source-id", "date", "title-without-letters", "entity-type"],
)
def test_new_with_bad_arguments_is_a_usage_error(archive, args, message):
    before = sorted(p.relative_to(archive) for p in archive.rglob("*"))
    result = run_briefgen("new", *args, root=archive)
    assert result.code == 2
    assert message in result.err
    assert sorted(p.relative_to(archive) for p in archive.rglob("*")) == before
