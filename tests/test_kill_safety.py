"""A build killed with SIGKILL at any moment leaves the previous site/ complete, and
the next build succeeds and cleans up after the killed one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import MINIMAL, write_archive

WORDS = (
    "analysts report that negotiators discussed ceasefire lines guarantees and sanctions".split()
)


def make_large_archive(root: Path, articles: int) -> Path:
    write_archive(root, MINIMAL)
    for n in range(articles):
        paragraphs = [
            " ".join(WORDS[(n + i + j) % len(WORDS)] for j in range(60)) + "." for i in range(12)
        ]
        body = f"Vladimir Putin met Steve Witkoff, round {n}.\n\n" + "\n\n".join(paragraphs)
        (root / f"content/articles/2024-01-01-bulk-{n}.md").write_text(
            "---\n"
            f"title: Bulk briefing {n}\n"
            "date: 2024-01-01\n"
            "entities: [vladimir-putin, steve-witkoff]\n"
            "tags: [Diplomacy]\n"
            "claims:\n"
            f'  - id: round\n    quote: "round {n}"\n    kind: fact\n'
            "    sources: [kremlin-readout]\n"
            "---\n" + body + "\n",
            encoding="utf-8",
        )
    return root


def build_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "briefgen", "build", "--root", str(root), "-q"]


def site_is_complete(site: Path, expected: set[str]) -> None:
    # The search index names its files by their content: a build that ends before
    # it is killed gives other names there. Outside it, the files are the same.
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {f for f in files if not f.startswith("pagefind/")} == {
        f for f in expected if not f.startswith("pagefind/")
    }
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_bytes())
    for language in entry["languages"].values():
        assert (site / f"pagefind/pagefind.{language['hash']}.pf_meta").is_file()
    for rel in ("index.html", "articles/talks/index.html", "articles/bulk-7/index.html"):
        soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
        assert soup.find("html") and soup.find("footer"), rel


def test_sigkill_at_any_moment_keeps_the_previous_site(tmp_path):
    root = make_large_archive(tmp_path / "a", articles=150)
    started = time.perf_counter()
    subprocess.run(build_command(root), check=True)
    full = time.perf_counter() - started
    site = root / "site"
    expected = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}

    # Change every article so the next build rewrites every page, then kill builds
    # at moments spread over a whole build: loading, rendering, writing, swapping.
    for path in sorted((root / "content/articles").glob("*bulk*.md")):
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    for fraction in (0.05, 0.2, 0.4, 0.6, 0.75, 0.85, 0.95):
        process = subprocess.Popen(build_command(root))
        time.sleep(full * fraction)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        site_is_complete(site, expected)

    subprocess.run(build_command(root), check=True)
    site_is_complete(site, expected)
    page = (site / "articles/bulk-3/index.html").read_text(encoding="utf-8")
    assert "One more line." in page
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []
