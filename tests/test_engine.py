"""The engine's parts on their own: the keys of costly steps, the memo they are
kept in, and the executor that spreads work over processes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MINIMAL, parse_html, run_briefgen, write_archive

from briefgen.build import BuildOptions, compile_site
from briefgen.cache import CacheStore
from briefgen.engine.executor import Executor
from briefgen.engine.memo import ARTICLES, MemoryMemo, SqliteMemo
from briefgen.engine.steps import Engine

UNRELATED = """
    ---
    name: Olaf Scholz
    type: person
    ---
"""


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    # Without search: Pagefind orders its filters differently each run.
    files = {**MINIMAL, "content/entities/olaf-scholz.md": UNRELATED}
    files["briefgen.yaml"] = MINIMAL["briefgen.yaml"] + "    search: false\n"
    return write_archive(tmp_path / "archive", files)


def _compile(root: Path, memo) -> tuple[Engine, dict[str, bytes], str]:
    engine = Engine(memo=memo)
    compiled = compile_site(root, BuildOptions(), engine)
    assert not compiled.diagnostics.errors
    (article,) = compiled.archive.articles
    return engine, compiled.files, engine.keys.article(article)


def _rename(root: Path, entity: str, old: str, new: str) -> None:
    path = root / "content" / "entities" / f"{entity}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_an_articles_key_changes_when_an_entity_it_lists_is_renamed_and_only_then(archive):
    memo = MemoryMemo()
    _, _, first = _compile(archive, memo)
    _rename(archive, "olaf-scholz", "Olaf Scholz", "Olaf S.")
    engine, _, unrelated = _compile(archive, memo)
    assert unrelated == first
    assert engine.bodies.articles_rendered == 0 and memo.hits[ARTICLES] == 1
    # The article shows its entities' names, never their descriptions' bodies.
    witkoff = archive / "content" / "entities" / "steve-witkoff.md"
    witkoff.write_text(witkoff.read_text(encoding="utf-8") + "\nEnvoy.\n", encoding="utf-8")
    engine, _, body_edited = _compile(archive, memo)
    assert body_edited == first and engine.bodies.articles_rendered == 0
    _rename(archive, "steve-witkoff", "name: Steve Witkoff", "name: Steven Witkoff")
    engine, files, renamed = _compile(archive, memo)
    assert renamed != first
    assert engine.bodies.articles_rendered == 1
    assert b"Steven Witkoff" in files["articles/talks/index.html"]


def test_memory_and_sqlite_memos_give_what_a_plain_run_gives(archive):
    plain = compile_site(archive, BuildOptions()).files
    memory = MemoryMemo()
    sqlite = SqliteMemo(CacheStore(archive))
    for memo in (memory, sqlite):
        cold_engine, cold, _ = _compile(archive, memo)
        warm_engine, warm, _ = _compile(archive, memo)
        assert cold == plain and warm == plain
        assert cold_engine.bodies.articles_rendered == 1
        assert warm_engine.bodies.articles_rendered == 0
    sqlite.close()
    # Kept across runs: a new memo on the same file finds the rendered article.
    again = SqliteMemo(CacheStore(archive))
    engine, files, _ = _compile(archive, again)
    again.close()
    assert files == plain and engine.bodies.articles_rendered == 0


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def _fails_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError(f"no {n}")
    return n


def test_the_executor_maps_in_order_in_worker_processes():
    items = list(range(40))
    results = list(Executor(2, min_items=1).map(_pid_and_square, items))
    assert [square for _, square in results] == [n * n for n in items]
    assert {pid for pid, _ in results} - {os.getpid()}  # workers did the work
    serial = list(Executor(1).map(_pid_and_square, items))
    assert {pid for pid, _ in serial} == {os.getpid()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_error_surfaces_as_in_a_serial_run(jobs):
    done_here = []

    def here(n: int) -> int:
        done_here.append(n)
        return _fails_on_seven(n)

    results = Executor(jobs, min_items=1).map(_fails_on_seven, list(range(20)), here)
    with pytest.raises(ValueError, match="no 7"):
        list(results)
    # The failing item was done again in this process, which raised its error.
    assert 7 in done_here
    if jobs > 1:
        assert done_here == [7]


RESOLVED = {
    "briefgen.yaml": """
        title: Outlook desk
        search: false
    """,
    "content/articles/2025-01-10-outlook.md": """
        ---
        title: Outlook
        date: 2025-01-10
        claims:
          - id: talks
            quote: "Talks will resume"
            kind: forecast
            likelihood: likely
            resolution:
              outcome: occurred
              date: 2025-02-20
              sources: [ruling]
        ---
        Talks will resume in spring.
    """,
    "content/sources/ruling.md": """
        ---
        title: Court ruling
        reliability: B
        ---
    """,
}


def _outcome_sources(site: Path) -> str:
    page = parse_html(site / "claims" / "outlook" / "talks" / "index.html")
    return page.select_one(".claim-outcome").get_text(" ", strip=True)


def test_a_claim_page_follows_a_source_only_its_resolution_cites(tmp_path):
    """The source is cited by no claim, only by a resolution: its title and grade
    on the claim page still come from its file, also when a build reuses pages."""
    root = write_archive(tmp_path / "archive", RESOLVED)
    assert run_briefgen("build", root=root).code == 0
    assert "Court ruling" in _outcome_sources(root / "site")
    ruling = root / "content" / "sources" / "ruling.md"
    text = ruling.read_text(encoding="utf-8")
    ruling.write_text(text.replace("Court ruling", "Supreme court ruling"), encoding="utf-8")
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    assert "Supreme court ruling" in _outcome_sources(root / "site")
