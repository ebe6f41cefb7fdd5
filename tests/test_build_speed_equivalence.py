"""A parallel build and a build from the render cache write the very bytes of a
serial, uncached build: the speed-ups change nothing a reader sees."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL, REPO, parse_html, run_briefgen, write_archive
from site_compare import comparable, tree

from briefgen import progress as progress_module
from briefgen.cache import CACHE_DIR


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# Enough articles that both the article and the page steps go to the worker pool.
ARTICLES = 40


@pytest.fixture(scope="module")
def corpus_root(tmp_path_factory) -> Path:
    corpus = _load_corpus_module()
    root = tmp_path_factory.mktemp("speed") / "archive"
    corpus.write_briefgen(corpus.generate(ARTICLES, seed=7), root)
    return root


def assert_same_tree(expected: Path, actual: Path) -> None:
    # Byte for byte, but for the order of the search index's filters (site_compare).
    want, got = comparable(tree(expected)), comparable(tree(actual))
    assert sorted(got) == sorted(want)
    differing = [rel for rel in want if want[rel] != got[rel]]
    assert differing == []


def build(root: Path, out: Path, *extra: str):
    result = run_briefgen("build", "--out", str(out), *extra, root=root)
    assert result.code == 0, result.err
    return result


def test_parallel_and_cached_builds_equal_a_serial_uncached_build(corpus_root: Path, tmp_path):
    serial = tmp_path / "serial"
    build(corpus_root, serial, "--jobs", "1", "--no-cache")
    assert not (corpus_root / CACHE_DIR).exists()
    # The corpus is a real archive: every article page has its claims highlighted.
    article_pages = sorted((serial / "articles").glob("*/index.html"))
    assert len(article_pages) == ARTICLES
    marks = parse_html(article_pages[0]).select(".article-body mark.claim")
    assert len(marks) >= 2

    cold = tmp_path / "parallel-cold"
    first = build(corpus_root, cold, "--jobs", "2")
    assert "; 0 article bodies from cache" in first.err
    assert_same_tree(serial, cold)

    warm = tmp_path / "parallel-warm"
    second = build(corpus_root, warm, "--jobs", "2")
    assert f"; {ARTICLES} article bodies from cache" in second.err
    assert_same_tree(serial, warm)

    warm_serial = tmp_path / "serial-warm"
    build(corpus_root, warm_serial, "--jobs", "1")
    assert_same_tree(serial, warm_serial)


def test_an_edited_article_is_rendered_afresh_and_the_others_come_from_cache(
    corpus_root: Path, tmp_path
):
    build(corpus_root, tmp_path / "before", "--jobs", "2")
    article = sorted((corpus_root / "content" / "articles").glob("*.md"))[3]
    original = article.read_text(encoding="utf-8")
    try:
        article.write_text(original.rstrip("\n") + " Wholly revised ending.\n", encoding="utf-8")
        after = build(corpus_root, tmp_path / "after", "--jobs", "2")
        assert f"; {ARTICLES - 1} article bodies from cache" in after.err
        reference = tmp_path / "reference"
        build(corpus_root, reference, "--jobs", "1", "--no-cache")
        assert_same_tree(reference, tmp_path / "after")
        slug = article.stem.split("-", 3)[3]
        page = parse_html(tmp_path / "after" / "articles" / slug / "index.html")
        assert "Wholly revised ending." in page.select_one(".article-body").get_text()
    finally:
        article.write_text(original, encoding="utf-8")


def test_a_renamed_entity_invalidates_the_articles_that_mention_it(corpus_root: Path, tmp_path):
    build(corpus_root, tmp_path / "before", "--jobs", "2")
    # An entity that an article lists but that none of its claims names, so that
    # only the article's list ties the article to it.
    for article in sorted((corpus_root / "content" / "articles").glob("*.md")):
        lines = article.read_text(encoding="utf-8").splitlines()
        listed = next(line for line in lines if line.startswith("entities:"))
        ids = [part.strip(" []") for part in listed.split(":", 1)[1].split(",")]
        claimed = " ".join(line for line in lines if line.strip().startswith(("by:", "about:")))
        unclaimed = [entity_id for entity_id in ids if entity_id not in claimed]
        if unclaimed:
            entity_id = unclaimed[0]
            break
    entity_file = corpus_root / "content" / "entities" / f"{entity_id}.md"
    original = entity_file.read_text(encoding="utf-8")
    name_line = next(line for line in original.splitlines() if line.startswith("name:"))
    # Only the surname is the name now: mentions of the full name shrink to it.
    surname = json.loads(name_line.split(":", 1)[1]).split(" ")[-1]
    try:
        entity_file.write_text(
            original.replace(name_line, f"name: {json.dumps(surname)}"), encoding="utf-8"
        )
        after = build(corpus_root, tmp_path / "after", "--jobs", "2")
        assert f"; {ARTICLES} article bodies from cache" not in after.err
        reference = tmp_path / "reference"
        build(corpus_root, reference, "--jobs", "1", "--no-cache")
        assert_same_tree(reference, tmp_path / "after")
        slug = article.stem.split("-", 3)[3]
        page = f"articles/{slug}/index.html"
        assert tree(tmp_path / "before")[page] != tree(tmp_path / "after")[page]
        links = parse_html(tmp_path / "after" / page).select(
            f'.article-body a.mention[href*="{entity_id}"]'
        )
        assert links and {a.get_text() for a in links} == {surname}
    finally:
        entity_file.write_text(original, encoding="utf-8")


def _cache_db(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(root / CACHE_DIR / "cache.sqlite")


def test_a_damaged_cache_entry_is_ignored(corpus_root: Path, tmp_path):
    build(corpus_root, tmp_path / "first", "--jobs", "1")
    with closing(_cache_db(corpus_root)) as db, db:
        (article_key,) = db.execute("SELECT key FROM articles LIMIT 1").fetchone()
        db.execute(
            "UPDATE articles SET value = ? WHERE key = ?",
            ('{"key": "not this one", "body_html": "<p>stale</p>"}', article_key),
        )
        (document_key,) = db.execute("SELECT key FROM documents LIMIT 1").fetchone()
        db.execute("UPDATE documents SET value = ? WHERE key = ?", ("\x00garbage", document_key))
    build(corpus_root, tmp_path / "second", "--jobs", "1")
    reference = tmp_path / "reference"
    build(corpus_root, reference, "--jobs", "1", "--no-cache")
    assert_same_tree(reference, tmp_path / "second")


def test_a_cache_file_that_is_not_a_database_is_ignored(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    (root / CACHE_DIR).mkdir()
    (root / CACHE_DIR / "cache.sqlite").write_bytes(b"\x00not a database" * 100)
    result = run_briefgen("build", "--out", str(tmp_path / "site"), root=root)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    reference = tmp_path / "reference"
    build(root, reference, "--no-cache")
    assert_same_tree(reference, tmp_path / "site")
    # It was replaced by a cache that works.
    with closing(_cache_db(root)) as db:
        (count,) = db.execute("SELECT count(*) FROM documents").fetchone()
    assert count > 0


def test_jobs_must_be_positive(corpus_root: Path, tmp_path):
    result = run_briefgen("build", "--out", str(tmp_path / "out"), "--jobs", "0", root=corpus_root)
    assert result.code == 2
    assert "--jobs must be at least 1" in result.err
    assert not (tmp_path / "out").exists()


def test_diagnostics_from_cached_files_keep_their_lines_and_columns(tmp_path):
    files = dict(MINIMAL)
    files["content/articles/2025-12-02-talks.md"] = files[
        "content/articles/2025-12-02-talks.md"
    ].replace(
        "entities: [vladimir-putin, steve-witkoff]",
        "entities: [vladimir-putin, steve-witkoff, kremlin]",
    )
    files["content/entities/kremlin.md"] = """
        ---
        name: The Kremlin
        type: organization
        ---
    """
    root = write_archive(tmp_path / "archive", files)
    first = run_briefgen("build", root=root)
    second = run_briefgen("build", root=root)
    assert first.code == second.code == 0
    warning = (
        "content/articles/2025-12-02-talks.md:6:43: warning: entity 'kremlin' is listed but "
        "neither its name nor an alias occurs in the body; add an alias as written in the text"
    )
    assert first.diagnostics == [warning]
    assert second.diagnostics == [warning]
    with closing(_cache_db(root)) as db:
        (count,) = db.execute("SELECT count(*) FROM documents").fetchone()
    assert count == len(list((root / "content").rglob("*.md")))


def _age(root: Path, seconds: float = 3600) -> None:
    """Date every file of the archive back, as files saved a while ago are."""
    past = time.time() - seconds
    for path in [root, *root.rglob("*")]:
        if CACHE_DIR not in path.parts:
            os.utime(path, (past, past))


@pytest.mark.parametrize("quiet", [False, True])
def test_a_build_with_nothing_changed_answers_without_loading_the_pipeline(tmp_path, quiet):
    # The check that nothing changed is what a build costs when nothing did: the
    # pipeline (markdown, templates, the model, the engine), and what the other
    # commands use (fetching, fuzzy matching, images, worker processes, package
    # metadata, a browser), is not even imported for it; with -q, not even YAML (the
    # settings are read only for the note on where the site will live).
    root = write_archive(tmp_path / "archive", MINIMAL)
    _age(root)
    assert run_briefgen("build", root=root).code == 0
    heavy = [
        "briefgen.build",
        "briefgen.model",
        "markdown_it",
        "jinja2",
        "rapidfuzz",
        "urllib.request",
        "PIL",
        "ctypes",
        "multiprocessing",
        "importlib.metadata",
        "webbrowser",
    ] + (["yaml"] if quiet else [])
    argv = ["build", "--root", str(root)] + (["-q"] if quiet else [])
    script = (
        "import sys, json; from briefgen.cli import main; code = main(json.loads(sys.argv[1]));"
        "print(code, *[m for m in sys.argv[2:] if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(argv), *heavy],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.split() == ["0"]
    if not quiet:
        assert "nothing changed since the last build" in done.stderr
    else:
        assert done.stderr == ""
        assert "nothing changed" in run_briefgen("build", root=root).err


def test_the_export_command_offers_every_kind_of_open_data():
    from briefgen.commands.export_cmd import EXPORT_KINDS
    from briefgen.opendata import KINDS

    assert EXPORT_KINDS == list(KINDS)


def test_a_build_with_nothing_changed_writes_nothing_and_reports_the_same(tmp_path):
    files = dict(MINIMAL)
    files["content/articles/2025-12-03-more.md"] = """
        ---
        title: More talks
        date: 2025-12-03
        entities: [steve-witkoff, vladimir-putin]
        ---
        Steve Witkoff flew home.
    """
    root = write_archive(tmp_path / "archive", files)
    _age(root)
    first = run_briefgen("build", root=root)
    assert first.code == 0
    page = root / "site" / "articles" / "more" / "index.html"
    before = page.stat()

    second = run_briefgen("build", root=root)
    assert second.code == 0
    assert "nothing changed since the last build" in second.err
    # The same warning, at the same place, as the build that did the work.
    assert second.diagnostics == first.diagnostics
    assert (
        len(first.diagnostics) == 1
        and "more.md:4:27: warning: entity 'vladimir-putin'" in first.diagnostics[0]
    )
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)

    # An edit is seen even when its size and the file's age look the same.
    article = root / "content" / "articles" / "2025-12-03-more.md"
    article.write_text(article.read_text().replace("flew home", "flew away"), encoding="utf-8")
    _age(root, 1800)
    third = run_briefgen("build", root=root)
    assert "nothing changed" not in third.err
    body = parse_html(page).select_one(".article-body").get_text()
    assert "flew away" in body

    # An output file removed by hand is put back.
    page.unlink()
    fourth = run_briefgen("build", root=root)
    assert "nothing changed" not in fourth.err
    assert "flew away" in parse_html(page).select_one(".article-body").get_text()


def test_a_just_saved_file_is_never_trusted_by_its_stat(tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    assert run_briefgen("build", root=root).code == 0
    # Saved within the file system's timestamp resolution of the last build.
    again = run_briefgen("build", root=root)
    assert "nothing changed" not in again.err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only_and_clears_itself(monkeypatch):
    monkeypatch.setattr(progress_module, "SHOW_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(progress_module, "REDRAW_EVERY_SECONDS", 0.0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    shown = progress_module.Progress.for_terminal(quiet=False)
    shown.start(3)
    for _ in range(3):
        shown.advance()
    assert terminal.getvalue().split("\r")[1:4] == [
        "rendered 1/3 (0 s)",
        "rendered 2/3 (0 s)",
        "rendered 3/3 (0 s)",
    ]
    shown.finish()
    assert terminal.getvalue().endswith("\r\x1b[K")

    for quiet, stream in ((True, _Terminal()), (False, io.StringIO())):
        monkeypatch.setattr(sys, "stderr", stream)
        silent = progress_module.Progress.for_terminal(quiet=quiet)
        silent.start(3)
        silent.advance()
        silent.finish()
        assert stream.getvalue() == ""


def test_a_template_error_in_a_parallel_build_keeps_the_previous_site(corpus_root: Path, tmp_path):
    """Workers write pages into a temporary folder as they render them; when one page
    fails, that folder goes and the previous site stays as it was."""
    out = tmp_path / "site"
    build(corpus_root, out, "--jobs", "2", "--no-cache")
    before = tree(out)
    # A theme override that fails on one source page only, late in the page order.
    root = tmp_path / "archive"
    shutil.copytree(corpus_root / "content", root / "content")
    shutil.copy(corpus_root / "briefgen.yaml", root / "briefgen.yaml")
    last_source = sorted((corpus_root / "content" / "sources").glob("*.md"))[-1].stem
    builtin = (REPO / "templates" / "source.html").read_text(encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "source.html").write_text(
        f"{{% if source.id == '{last_source}' %}}{{{{ source.no_such_field.boom }}}}{{% endif %}}"
        + builtin,
        encoding="utf-8",
    )
    result = run_briefgen("build", "--out", str(out), "--jobs", "2", "--no-cache", root=root)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "templates/source.html:1:" in result.err
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["archive", "site"]


def test_rebuilds_into_the_same_folder_reuse_pages_and_equal_a_clean_build(
    corpus_root: Path, tmp_path
):
    """A build links each page whose inputs are those of the last build into the same
    folder, and renders the rest: after each kind of edit the site is byte for byte
    what a serial, uncached build gives."""
    root = tmp_path / "archive"
    shutil.copytree(corpus_root / "content", root / "content")
    shutil.copy(corpus_root / "briefgen.yaml", root / "briefgen.yaml")
    out = tmp_path / "site"
    build(root, out, "--jobs", "2")
    articles = sorted((root / "content" / "articles").glob("*.md"))

    def claim_status_edited():
        text = articles[5].read_text(encoding="utf-8")
        for old, new in (
            ("status: verified", "status: false"),
            ("status: false", "status: verified"),
            ("status: disputed", "status: verified"),
            ("status: unverified", "status: verified"),
        ):
            if old in text:
                articles[5].write_text(text.replace(old, new, 1), encoding="utf-8")
                return
        raise AssertionError("no status to edit")

    def source_retitled():
        source = sorted((root / "content" / "sources").glob("*.md"))[0]
        lines = source.read_text(encoding="utf-8").splitlines()
        lines = [('title: "A retitled source"' if x.startswith("title:") else x) for x in lines]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def entity_described():
        entity = sorted((root / "content" / "entities").glob("*.md"))[0]
        entity.write_text(entity.read_text(encoding="utf-8") + "\nA new line.\n", "utf-8")

    def output_edited_by_hand():
        page = out / "entities" / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace("<h1", "<h1 hand-edited"))

    def article_removed():
        articles[7].unlink()

    def claim_renamed():
        # Its page moves to /claims/<slug>/<new id>/; the old one must go.
        text = articles[3].read_text(encoding="utf-8")
        old_id = re.search(r"- id: ([a-z0-9-]+)", text).group(1)
        articles[3].write_text(text.replace(f"id: {old_id}", "id: renamed-claim", 1), "utf-8")

    def title_edited():
        text = articles[6].read_text(encoding="utf-8")
        old_title = next(x for x in text.splitlines() if x.startswith("title:"))
        articles[6].write_text(text.replace(old_title, 'title: "A new title"', 1), "utf-8")

    def claim_kind_edited():
        text = articles[8].read_text(encoding="utf-8")
        kinds = ("fact", "assessment", "forecast", "recommendation", "statement")
        old = next(k for k in kinds if f"kind: {k}" in text)
        new = next(k for k in kinds if k != old)
        articles[8].write_text(text.replace(f"kind: {old}", f"kind: {new}", 1), "utf-8")

    def body_edited():
        text = articles[9].read_text(encoding="utf-8")
        articles[9].write_text(text + "\nOne more sentence at the end.\n", "utf-8")

    def share_image(article: Path) -> Path:
        """The share image of an article file, found by its page's title."""
        title = yaml.safe_load(article.read_text(encoding="utf-8").split("---")[1])["title"]
        for page in sorted((out / "articles").glob("*/index.html")):
            if parse_html(page).h1.get_text() == title:
                return page.parent / "share.png"
        raise AssertionError(f"no page for {article.name}")

    # Each step, with the files of /data/ it must change (the data are made anew
    # whenever any content changes; an entity's body is not part of them; None: not
    # looked at), and what it does to the share image of the article it edits: an
    # image shows the title, date and claims by kind, so only an edit of those
    # draws it again.
    steps = [
        (claim_status_edited, {"claims.json", "claims.csv"}, articles[5], "kept"),
        (source_retitled, {"sources.json"}, None, ""),
        (entity_described, set(), None, ""),
        (output_edited_by_hand, set(), None, ""),
        # The /data/ page (index.html) counts the records.
        (
            article_removed,
            {"claims.json", "claims.csv", "articles.json", "entities.json", "index.html"},
            None,
            "",
        ),
        (claim_renamed, {"claims.json", "claims.csv", "articles.json"}, None, ""),
        (title_edited, None, articles[6], "redrawn"),
        (claim_kind_edited, None, articles[8], "redrawn"),
        (body_edited, None, articles[9], "kept"),
    ]
    for step, data_changes, article, image_fate in steps:
        before_data = tree(out / "data")
        before = None
        if article is not None:
            image = share_image(article)
            before = (image.stat().st_ino, image.read_bytes())
        step()
        result = build(root, out, "--jobs", "2")
        reused = int(re.search(r"(\d+) pages from the last build", result.err).group(1))
        pages = int(re.search(r"built (\d+) pages", result.err).group(1))
        assert 0 < reused < pages, step.__name__
        reference = tmp_path / f"reference-{step.__name__}"
        build(root, reference, "--jobs", "1", "--no-cache")
        assert_same_tree(reference, out)
        after_data = tree(out / "data")
        changed = {rel for rel in after_data if after_data[rel] != before_data.get(rel)}
        if data_changes is not None:
            assert changed == data_changes, step.__name__
        if before is not None:
            image = share_image(article)
            after = (image.stat().st_ino, image.read_bytes())
            if image_fate == "kept":  # linked from the last build, not drawn again
                assert after == before, step.__name__
            else:
                assert after[1] != before[1], step.__name__


def test_an_unchanged_file_is_neither_parsed_nor_validated_again(tmp_path, monkeypatch):
    """What validation made of a file is kept under the key of its bytes: the next
    build validates only the file that changed, and gives what a clean build gives.
    An entry that does not fit what the model declares is not used."""
    from briefgen import cli
    from briefgen.engine import content_files
    from briefgen.engine.keys import document_key

    root = write_archive(tmp_path / "archive", MINIMAL)
    assert cli.main(["build", "-q", "--root", str(root), "--out", str(tmp_path / "first")]) == 0
    talks = root / "content" / "articles" / "2025-12-02-talks.md"
    talks.write_text(talks.read_text(encoding="utf-8") + "\nA new last line.\n", encoding="utf-8")
    putin = root / "content" / "entities" / "vladimir-putin.md"
    putin_rel = putin.relative_to(root).as_posix()
    putin_key = document_key("entities", putin_rel, putin.read_bytes())
    unfit = {"key": putin_key, "articles": [], "entities": [[1, 2]], "sources": [], "tags": []}
    with closing(_cache_db(root)) as db, db:
        spoilt = db.execute(
            "UPDATE documents SET value = ? WHERE key = ?", (json.dumps(unfit), putin_key)
        )
        assert spoilt.rowcount == 1
    validated = []
    real = content_files.validate

    def counting(documents, diags):
        validated.extend(document.path for document in documents)
        return real(documents, diags)

    monkeypatch.setattr(content_files, "validate", counting)
    assert cli.main(["build", "-q", "--root", str(root), "--out", str(tmp_path / "second")]) == 0
    # The edited file, and the one whose entry does not fit; no other.
    assert sorted(validated) == [talks.relative_to(root).as_posix(), putin_rel]
    monkeypatch.setattr(content_files, "validate", real)
    reference = tmp_path / "reference"
    build(root, reference, "--no-cache")
    assert_same_tree(reference, tmp_path / "second")
    page = parse_html(tmp_path / "second" / "articles" / "talks" / "index.html")
    assert "A new last line." in page.select_one(".article-body").get_text()
