"""The same archive builds to the same bytes: twice in a row, in another folder, in
another process with another hash seed, time zone and locale (issue 2, item 8)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, REPO, run_briefgen, write_archive
from site_compare import digest

EXTRA = {
    # Enough variety that any unordered set or dict walk would show: several tags,
    # entities mentioned together, sources declared in files and inline.
    "content/articles/2025-11-20-earlier.md": """
        ---
        title: Earlier talks
        date: 2025-11-20
        tags: [Negotiations, Beta, Alpha, Gamma]
        entities: [steve-witkoff, vladimir-putin, kremlin]
        sources:
          - id: envoy-notes
            title: Notes of the envoy
        claims:
          - id: hopeful
            quote: "a deal is close"
            kind: statement
            by: steve-witkoff
            tags: [Zeta, Alpha, Eta, Beta]
            sources: [envoy-notes, kremlin-readout]
        ---
        Steve Witkoff said a deal is close. The Kremlin and Putin did not comment.
    """,
    "content/entities/kremlin.md": """
        ---
        name: Kremlin
        type: organization
        aliases: [the Kremlin]
        ---
    """,
}


def build_in_subprocess(root: Path, *args: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def archive(tmp_path) -> Path:
    return write_archive(tmp_path / "one" / "archive", {**MINIMAL, **EXTRA})


def test_two_builds_give_the_same_bytes(archive):
    assert run_briefgen("build", root=archive).code == 0
    first = digest(archive / "site")
    assert len(first) > 20
    assert run_briefgen("build", root=archive).code == 0  # bodies from the cache
    assert digest(archive / "site") == first
    assert run_briefgen("build", "--no-cache", "--jobs", "1", root=archive).code == 0
    assert digest(archive / "site") == first


def test_a_build_elsewhere_in_another_process_gives_the_same_bytes(archive, tmp_path):
    assert run_briefgen("build", "--no-cache", root=archive).code == 0
    first = digest(archive / "site")

    elsewhere = tmp_path / "somewhere" / "else" / "copy"
    shutil.copytree(archive, elsewhere, ignore=shutil.ignore_patterns("site", ".briefgen-cache"))
    build_in_subprocess(
        elsewhere,
        env={"PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8"},
    )
    assert digest(elsewhere / "site") == first


def test_base_url_builds_are_deterministic_too(archive, tmp_path):
    url = "https://user.github.io/repo/"
    assert run_briefgen("build", "--base-url", url, root=archive).code == 0
    first = digest(archive / "site")
    assert "feed.xml" in first and "sitemap.xml" in first  # absolute-URL files as well
    elsewhere = tmp_path / "two" / "archive"
    shutil.copytree(archive, elsewhere, ignore=shutil.ignore_patterns("site", ".briefgen-cache"))
    build_in_subprocess(elsewhere, "--base-url", url, env={"PYTHONHASHSEED": "7"})
    assert digest(elsewhere / "site") == first


def test_the_demo_archive_builds_to_the_same_bytes_anywhere(tmp_path):
    copies = []
    for name, seed in (("a", "1"), ("b", "2")):
        root = tmp_path / name / "demo"
        root.mkdir(parents=True)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "briefgen.yaml", root / "briefgen.yaml")
        build_in_subprocess(root, "--no-cache", env={"PYTHONHASHSEED": seed})
        copies.append(digest(root / "site"))
    assert copies[0] == copies[1]
    assert len(copies[0]) > 40
