"""Incremental rebuilds give exactly what a clean build gives, step after step."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL, write_archive
from site_compare import comparable
from test_serve_support import running_preview, site_files, wait_until

from briefgen.build import BuildOptions, compile_site
from briefgen.diagnostics import Diagnostics
from briefgen.incremental import IncrementalBuilder
from briefgen.load import read_document
from briefgen.theme import builtin_theme_dir
from briefgen.validate import validate

A = "content/articles/2025-12-02-talks.md"
B = "content/articles/2025-12-04-follow-up.md"
B2 = "content/articles/2025-12-04-second-round.md"
WITKOFF = "content/entities/steve-witkoff.md"
PUTIN = "content/entities/vladimir-putin.md"
LAVROV = "content/entities/sergei-lavrov.md"
READOUT = "content/sources/kremlin-readout.md"
TAG = "content/tags/diplomacy.md"
TAIL = "templates/partials/claim_tail.html"
ARTICLE_TEMPLATE = "templates/article.html"

FOLLOW_UP = """---
title: Follow-up talks
date: 2025-12-04
tags: [diplomacy, Sanctions]
entities: [vladimir-putin]
sources:
  - id: tass-report
    title: TASS report on the follow-up
    publisher: TASS
claims:
  - id: more-talks
    quote: "more talks are planned"
    kind: forecast
    about: [vladimir-putin]
    tags: [Negotiations]
    sources: [kremlin-readout, tass-report]
---
Putin said more talks are planned for January.
"""


def replace(rel: str, old: str, new: str):
    def step(root: Path) -> set[str]:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return {rel}

    step.__name__ = f"replace in {rel}: {old!r} -> {new!r}"
    return step


def write(rel: str, text: str):
    def step(root: Path) -> set[str]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return {rel}

    step.__name__ = f"write {rel}"
    return step


def copy_theme(name: str, rel: str, old: str, new: str):
    def step(root: Path) -> set[str]:
        text = (builtin_theme_dir() / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        return write(rel, text.replace(old, new, 1))(root)

    step.__name__ = f"override {name}"
    return step


def rename(old_rel: str, new_rel: str):
    def step(root: Path) -> set[str]:
        os.replace(root / old_rel, root / new_rel)
        return {old_rel, new_rel}

    step.__name__ = f"rename {old_rel} -> {new_rel}"
    return step


def delete(rel: str):
    def step(root: Path) -> set[str]:
        path = root / rel
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        return {rel}

    step.__name__ = f"delete {rel}"
    return step


STEPS = [
    replace(A, "status: verified", "status: disputed"),
    replace(A, "title: Talks in Moscow", "title: Talks in Moscow, again"),
    replace(A, "title: Talks in Moscow, again", "title: Talks in Moscow"),
    replace(A, "breakthrough. Putin said", "breakthrough. The Special Envoy left. Putin said"),
    # A claim's own page moves with its id, and shows its paragraph's new text.
    replace(A, "id: no-compromise", "id: no-deal"),
    replace(A, "Putin said no compromise", "Putin, tired, said no compromise"),
    replace(A, "id: no-deal", "id: no-compromise"),
    replace(WITKOFF, "aliases: [Witkoff]", "aliases: [Witkoff, Special Envoy]"),
    replace(A, "The Special Envoy left.", "Witkoff left."),
    replace(A, '"ended without any breakthrough"', '"ended without any progress"'),  # an error
    replace(A, '"ended without any progress"', '"ended without any breakthrough"'),
    replace(PUTIN, "name: Vladimir Putin", "name: Vladimir V. Putin"),
    replace(READOUT, "title: Kremlin readout of the meeting", "title: Kremlin readout"),
    write(B, FOLLOW_UP),
    write(LAVROV, "---\nname: Sergei Lavrov\ntype: person\naliases: [Lavrov]\n---\n"),
    replace(B, "entities: [vladimir-putin]", "entities: [vladimir-putin, sergei-lavrov]"),
    replace(B, "for January.", "for January, Lavrov said."),
    write(TAG, "---\nname: Diplomacy and talks\n---\nMeetings between governments.\n"),
    replace(B, "kind: forecast", "kind: assessment"),
    replace(B, "for January", "for early January"),
    replace(A, "tags: [Diplomacy]", "tags: [Diplomacy, Sanctions]"),
    rename(B, B2),
    copy_theme("partials/claim_tail.html", TAIL, "claim-tail", "claim-tail custom-tail"),
    copy_theme("article.html", ARTICLE_TEMPLATE, "<h1", "<h1 data-custom"),
    # Template edits alone: the open pages are rendered ahead with the new theme.
    replace(ARTICLE_TEMPLATE, "<h1 data-custom", "<h1 data-custom data-again"),
    replace(ARTICLE_TEMPLATE, "{% block main %}", "{% block main %}{% if %}"),  # an error
    replace(ARTICLE_TEMPLATE, "{% block main %}{% if %}", "{% block main %}"),
    replace(TAIL, "custom-tail", "custom-tail-2"),
    replace(A, "kind: fact", "kind: [fact"),  # broken YAML: an error state
    replace(A, "kind: [fact", "kind: fact"),
    delete(READOUT),  # citations of an unknown source: errors
    write(READOUT, "---\ntitle: Kremlin readout, restored\nkind: statement\n---\n"),
    delete(TAIL),
    delete("templates"),
    # A source declared in one article and cited by another: the other's pages
    # follow an edit of the declaration.
    replace(A, "sources: [kremlin-readout]", "sources: [kremlin-readout, tass-report]"),
    replace(B2, "title: TASS report on the follow-up", "title: TASS report"),
    replace(B2, "publisher: TASS", "publisher: TASS agency"),
    replace(A, "sources: [kremlin-readout, tass-report]", "sources: [kremlin-readout]"),
    replace(B2, "date: 2025-12-04", "date: 2025-12-01"),
    replace(A, "title: Talks in Moscow", "title: Talks in Moscow\ndraft: true"),
    replace(A, "draft: true", "draft: false"),
    replace(B2, ", sergei-lavrov]", "]"),
    replace(B2, ", Lavrov said.", "."),
    delete(LAVROV),
    delete(TAG),
    write("briefgen.yaml", "title: Renamed briefings\nmention_links: all\n"),
    delete(B2),
]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive", MINIMAL)


def clean(root: Path):
    return compile_site(root, BuildOptions(serving=True))


ARTICLE_PAGES = {
    "articles/talks/index.html",
    "articles/follow-up/index.html",
    "articles/second-round/index.html",
}


def test_pages_left_unrendered_by_a_save_are_rendered_by_the_next_rebuild(archive: Path):
    """The preview stops rendering put-off pages when a save comes in; the rebuild of
    that save renders them, even when it changes nothing they show."""
    builder = IncrementalBuilder(archive, BuildOptions(serving=True))
    builder.rebuild()
    hints = replace(A, "status: verified", "status: disputed")(archive)
    result = builder.rebuild(hints)
    assert "claims/index.html" in result.deferred
    assert builder.finish_deferred(result.compiled, stop=lambda: True) == {}
    left = builder.put_off()
    assert "claims/index.html" in left
    # The next save leaves the file's bytes as they were (an editor's save of an
    # unchanged buffer): nothing is relinked or keyed afresh.
    result = builder.rebuild({A})
    builder.finish_deferred(result.compiled)
    assert builder.put_off() == []
    assert comparable(result.compiled.files) == comparable(clean(archive).files)
    claims = BeautifulSoup(result.compiled.files["claims/index.html"], "html.parser")
    edited = claims.select('li.claim-item:has(a[href="/claims/talks/no-breakthrough/"])')
    assert edited and all("status-disputed" in li["class"] for li in edited)


def test_each_step_gives_the_bytes_and_diagnostics_of_a_clean_build(archive: Path):
    builder = IncrementalBuilder(archive, BuildOptions(serving=True))
    first = builder.rebuild()
    assert comparable(first.compiled.files) == comparable(clean(archive).files)
    checked_errors = 0
    early_pages = 0
    seen_claim_pages: set[str] = set()
    for step in STEPS:
        # An edit within the same clock tick can keep a file's mtime: the watcher's
        # hint is what makes the builder look, as in the preview.
        hints = step(archive)
        # As in the preview with the articles open: their pages first, when the edit
        # needs no relinking, then the rebuild.
        builder.set_urgent(ARTICLE_PAGES)
        early = builder.early(hints)
        result = builder.rebuild(hints)
        builder.finish_deferred(result.compiled)
        expected = clean(archive)
        got_diags = [d.format() for d in result.compiled.diagnostics.sorted()]
        want_diags = [d.format() for d in expected.diagnostics.sorted()]
        assert got_diags == want_diags, step.__name__
        if expected.failed(False):
            assert early is None or not early.files, step.__name__
            checked_errors += 1
            continue
        got, want = comparable(result.compiled.files), comparable(expected.files)
        assert sorted(got) == sorted(want), step.__name__
        seen_claim_pages |= {rel for rel in expected.files if rel.startswith("claims/talks/")}
        differing = [k for k in want if got[k] != want[k]]
        assert differing == [], step.__name__
        if early is not None:
            for rel, data in early.files.items():
                assert data == expected.files[rel], (step.__name__, rel)
            early_pages += len(early.files)
    assert checked_errors == 4
    assert early_pages >= 8
    assert seen_claim_pages >= {
        "claims/talks/no-deal/index.html",
        "claims/talks/no-compromise/index.html",
    }


def test_what_validation_made_of_each_file_is_never_written_into(archive: Path):
    """Linking, rendering and the fast path's patches work on objects of their own:
    after each rebuild, what the preview holds as validation's objects of a file is
    exactly what validating the file afresh makes."""
    builder = IncrementalBuilder(archive, BuildOptions(serving=True))
    builder.rebuild()
    steps = [
        None,
        replace(A, "status: verified", "status: disputed"),  # patched
        replace(A, "breakthrough. Putin said", "breakthrough. Witkoff left. Putin said"),
        replace(A, "tags: [Diplomacy]", "tags: [Diplomacy, Sanctions]"),  # linked again
        replace(PUTIN, "name: Vladimir Putin", "name: Vladimir V. Putin"),
        write(B, FOLLOW_UP),
        replace(B, "for January", "for early January"),  # patched, with declared sources
    ]
    for step in steps:
        hints = step(archive) if step else set()
        builder.set_urgent(ARTICLE_PAGES)
        builder.early(hints)
        result = builder.rebuild(hints)
        assert not result.compiled.diagnostics.errors
        held = builder.stages.content.files
        on_disk = {p.relative_to(archive).as_posix() for p in archive.glob("content/*/*.md")}
        assert set(held) == on_disk
        for rel, file in held.items():
            diags = Diagnostics()
            kind = rel.split("/")[1]
            fresh = validate([read_document(archive, archive / rel, kind, diags)], diags)
            assert file.validated == fresh, (getattr(step, "__name__", "first build"), rel)
        # The archive's objects are linking's own.
        written = {id(a) for file in held.values() for a in file.validated.articles}
        assert all(id(article) not in written for article in result.compiled.archive.articles)
    talks = BeautifulSoup(result.compiled.files["articles/talks/index.html"], "html.parser")
    assert "Witkoff left." in talks.select_one("article").get_text()


def test_an_archive_whose_link_did_not_finish_is_not_reused(archive: Path, monkeypatch):
    """Should linking ever stop with an exception, the next rebuild links again
    rather than reuse the archive as linked before the edit."""
    from briefgen.engine import steps

    builder = IncrementalBuilder(archive, BuildOptions(serving=True))
    builder.rebuild()
    hints = replace(A, "tags: [Diplomacy]", "tags: [Diplomacy, Sanctions]")(archive)
    real_link = steps.link

    def failing(*args, **kwargs):
        raise RuntimeError("linking stopped")

    monkeypatch.setattr(steps, "link", failing)
    with pytest.raises(RuntimeError):
        builder.rebuild(hints)
    monkeypatch.setattr(steps, "link", real_link)
    result = builder.rebuild(set())
    builder.finish_deferred(result.compiled)
    assert comparable(result.compiled.files) == comparable(clean(archive).files)
    assert "tags/sanctions/index.html" in result.compiled.files


def test_only_a_claim_edited_is_pointed_at(tmp_path: Path):
    """The preview points the reader at the claims a save changed: not at a claim
    whose unknown field holds a value never equal to itself (`.nan`)."""
    files = dict(MINIMAL)
    files[A] = files[A].replace("kind: fact\n", "kind: fact\n            x: .nan\n", 1)
    root = write_archive(tmp_path / "archive", files)
    builder = IncrementalBuilder(root, BuildOptions(serving=True))
    builder.rebuild()
    for step, edited in [
        (replace(A, "Putin said no compromise", "Putin, tired, said no compromise"), []),
        (replace(A, "status: verified", "status: disputed"), ["no-breakthrough"]),
    ]:
        hints = step(root)
        builder.set_urgent(ARTICLE_PAGES)
        early = builder.early(hints)
        result = builder.rebuild(hints)
        changes = (early.changes if early else []) + result.changes
        assert [change.claim_id for change in changes] == edited, step.__name__


def test_a_template_edit_shows_on_the_open_page_before_the_rebuild(archive: Path):
    write_archive(archive, {B: FOLLOW_UP})
    copy_theme("article.html", ARTICLE_TEMPLATE, "<h1", "<h1 data-custom")(archive)
    builder = IncrementalBuilder(archive, BuildOptions(serving=True))
    builder.finish_deferred(builder.rebuild().compiled)
    open_page = "articles/talks/index.html"
    builder.set_urgent({open_page})
    hints = replace(
        ARTICLE_TEMPLATE, "{% block main %}", '{% block main %}<p class="edited">Edited</p>'
    )(archive)
    hints.add("templates")  # the watcher names the folder of a file written, too

    early = builder.early(hints)

    # Only the open page, already with the edit; the other article's page waits for
    # the rebuild.
    assert early is not None and sorted(early.files) == [open_page]
    shown = BeautifulSoup(early.files[open_page], "html.parser")
    assert shown.select_one("p.edited").get_text() == "Edited"
    assert shown.select_one("h1[data-custom]") is not None
    result = builder.rebuild(hints)
    builder.finish_deferred(result.compiled)
    assert result.compiled.files[open_page] == early.files[open_page]
    other = BeautifulSoup(result.compiled.files["articles/follow-up/index.html"], "html.parser")
    assert other.select_one("p.edited").get_text() == "Edited"
    assert comparable(result.compiled.files) == comparable(clean(archive).files)


def test_a_claim_template_edit_is_not_rendered_ahead_with_the_old_bodies(archive: Path):
    builder = IncrementalBuilder(archive, BuildOptions(serving=True))
    builder.finish_deferred(builder.rebuild().compiled)
    builder.set_urgent({"articles/talks/index.html"})
    hints = copy_theme("partials/claim_tail.html", TAIL, "claim-tail", "claim-tail mine")(archive)

    early = builder.early(hints)

    # Every article body holds the claim template: the rebuild renders them first.
    assert early is None or not early.files
    result = builder.rebuild(hints)
    page = BeautifulSoup(result.compiled.files["articles/talks/index.html"], "html.parser")
    assert page.select(".claim-tail.mine")
    assert comparable(result.compiled.files) == comparable(clean(archive).files)


DATA_FILES = [
    "data/claims.json",
    "data/claims.csv",
    "data/entities.json",
    "data/sources.json",
    "data/articles.json",
]


def test_the_open_data_follows_each_kind_of_edit(archive: Path):
    builder = IncrementalBuilder(archive, BuildOptions(serving=True))
    builder.rebuild()
    edits = [
        # A claim's status: an edit patched into the linked archive (the fast path).
        (replace(A, "status: verified", "status: false"), "claims.json", '"status": "false"'),
        (replace(A, "status: false", "status: verified"), "claims.csv", ",verified,"),
        (replace(PUTIN, "wikidata: Q7747", "wikidata: Q1"), "entities.json", '"wikidata": "Q1"'),
        (
            replace(READOUT, "title: Kremlin readout of the meeting", "title: Readout"),
            "sources.json",
            '"title": "Readout"',
        ),
        (write(B, FOLLOW_UP), "articles.json", '"slug": "follow-up"'),
        (replace(B, "kind: forecast", "kind: assessment"), "claims.json", '"kind": "assessment"'),
        (delete(B), "claims.json", '"id": "no-breakthrough"'),
    ]
    for step, name, text in edits:
        hints = step(archive)
        builder.set_urgent({"articles/talks/index.html"})
        builder.early(hints)
        result = builder.rebuild(hints)
        builder.finish_deferred(result.compiled)
        expected = clean(archive)
        assert text in expected.files[f"data/{name}"].decode(), step.__name__
        for rel in DATA_FILES:
            assert result.compiled.files[rel] == expected.files[rel], (step.__name__, rel)
    assert '"follow-up"' not in result.compiled.files["data/claims.json"].decode()


def test_only_what_a_change_touches_is_read_and_rendered(archive: Path):
    write_archive(archive, {B: FOLLOW_UP})
    builder = IncrementalBuilder(archive, BuildOptions(serving=True), defer_pages=False)
    builder.rebuild()
    result = builder.rebuild(replace(A, "status: verified", "status: false")(archive))
    assert result.stats["read"] == 1
    assert result.stats["articles_rendered"] == 1
    pages = {p.output_file for p in result.compiled.pages}
    rendered = result.stats["pages_rendered"]
    assert 0 < rendered < len(pages)
    # The other article's page was not rendered again: the same bytes object is reused.
    nothing = builder.rebuild(set())
    assert nothing.stats == {"read": 0, "articles_rendered": 0, "pages_rendered": 0}
    assert comparable(nothing.compiled.files) == comparable(clean(archive).files)


def test_a_patched_edit_puts_off_only_the_pages_that_show_the_article(archive: Path):
    write_archive(archive, {B: FOLLOW_UP})
    builder = IncrementalBuilder(archive, BuildOptions(serving=True))
    builder.finish_deferred(builder.rebuild().compiled)
    builder.set_urgent({"articles/talks/index.html"})
    hints = replace(A, "status: verified", "status: false")(archive)
    assert builder.early(hints) is not None

    result = builder.rebuild(hints)

    # The other article is not looked at again: neither its page nor its image.
    assert not [rel for rel in result.deferred if rel.startswith("articles/follow-up/")]
    assert "articles/talks/share.png" in result.compiled.files
    builder.finish_deferred(result.compiled)
    assert comparable(result.compiled.files) == comparable(clean(archive).files)


def test_the_served_output_after_edits_renames_and_deletions_equals_a_clean_build(
    archive: Path, tmp_path: Path
):
    out = tmp_path / "out"
    with running_preview(archive, out=out) as preview:
        for step in STEPS:
            step(archive)
            # Give the watcher the time an editor leaves between saves, now and then.
            time.sleep(0.12 if STEPS.index(step) % 3 == 0 else 0.01)
        expected = clean(archive)
        assert not expected.failed(False)

        def served_equals_clean() -> bool:
            return (
                not preview.watcher.pending()
                and not preview.site.building
                and not preview.site.pending
                and comparable(site_files(out)) == comparable(expected.files)
            )

        assert wait_until(served_equals_clean, timeout=15), sorted(
            set(site_files(out)) ^ set(expected.files)
        )
        assert preview.site.errors == []
        assert not list(out.rglob("*.part"))
