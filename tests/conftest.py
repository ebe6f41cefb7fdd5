"""Shared helpers: small archives written into tmp_path, and the CLI run in-process."""

from __future__ import annotations

import contextlib
import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefgen.cli import main

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def diagnostics(self) -> list[str]:
        """The `PATH:LINE:COL: severity: message` lines of stderr."""
        lines = self.err.splitlines()
        return [line for line in lines if ": error: " in line or ": warning: " in line]


def run_briefgen(*args: str, root: Path | None = None) -> Run:
    """Run the command line in-process; never raises SystemExit."""
    argv = list(args) + (["--root", str(root)] if root is not None else [])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors and --help/--version
            code = exc.code if isinstance(exc.code, int) else 0
    return Run(code, out.getvalue(), err.getvalue())


def write_archive(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} (dedented) under root and return root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# A small valid archive: one article with two claims, two entities, one source.
MINIMAL = {
    "briefgen.yaml": """
        title: Test briefings
    """,
    "content/articles/2025-12-02-talks.md": """
        ---
        title: Talks in Moscow
        date: 2025-12-02
        author: Jane Analyst
        tags: [Diplomacy]
        entities: [vladimir-putin, steve-witkoff]
        claims:
          - id: no-breakthrough
            quote: "ended without any breakthrough"
            kind: fact
            status: verified
            about: [vladimir-putin]
            tags: [Negotiations]
            sources: [kremlin-readout]
          - id: no-compromise
            quote: "no compromise has been found"
            kind: statement
            status: disputed
            by: vladimir-putin
            tags: [Negotiations, Ceasefire line]
            sources:
              - source: kremlin-readout
                locator: para. 2
        ---
        Vladimir Putin met Steve Witkoff in Moscow. The talks ended without any
        breakthrough. Putin said no compromise has been found.
    """,
    "content/entities/vladimir-putin.md": """
        ---
        name: Vladimir Putin
        type: person
        aliases: [Putin]
        description: President of Russia.
        wikidata: Q7747
        ---
    """,
    "content/entities/steve-witkoff.md": """
        ---
        name: Steve Witkoff
        type: person
        aliases: [Witkoff]
        ---
    """,
    "content/sources/kremlin-readout.md": """
        ---
        title: Kremlin readout of the meeting
        publisher: Kremlin
        date: 2025-12-02
        kind: statement
        ---
    """,
}


@pytest.fixture
def minimal_archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive", MINIMAL)
