"""After an edit, `build` moves only the new and changed files into the existing
site/ (briefgen/write.py): unchanged files are not touched, a failed build still
leaves site/ exactly as it was, a build interrupted while moving files leaves a
marker that makes the next build write the whole site again, and the result is
always byte for byte a clean build's."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import REPO, parse_html, run_briefgen
from site_compare import comparable, tree
from test_build_speed_equivalence import _load_corpus_module

from briefgen import cache, write

ARTICLES = 40  # enough that pages are rendered by worker processes (--jobs 2)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    module = _load_corpus_module()
    root = tmp_path_factory.mktemp("in-place") / "archive"
    module.write_briefgen(module.generate(ARTICLES, seed=11), root)
    return root


@pytest.fixture
def archive(corpus: Path, tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    shutil.copytree(corpus, root)
    return root


def build(root: Path, *extra: str):
    result = run_briefgen("build", "--jobs", "2", *extra, root=root)
    assert result.code == 0, result.err
    return result


def append(path: Path, text: str) -> None:
    """Add `text` at the end of a content file, as an editor's save would."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def snapshot(site: Path) -> dict[str, tuple]:
    """Every file and folder of the site: its bytes, inode and modification time."""
    entries = {}
    for path in sorted(site.rglob("*")):
        st = path.lstat()
        data = path.read_bytes() if path.is_file() else None
        entries[path.relative_to(site).as_posix()] = (data, st.st_ino, st.st_mtime_ns)
    return entries


def folders(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()}


def assert_equals_clean_build(root: Path, site: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    result = run_briefgen("build", "--no-cache", "--out", str(reference), root=root)
    assert result.code == 0, result.err
    want, got = comparable(tree(reference)), comparable(tree(site))
    assert sorted(got) == sorted(want)
    assert [rel for rel in want if want[rel] != got[rel]] == []
    assert folders(site) == folders(reference)
    shutil.rmtree(reference)


def siblings(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


def articles(root: Path) -> list[Path]:
    return sorted((root / "content" / "articles").glob("*.md"))


def page_of(site: Path, article: Path) -> Path:
    """The page of an article file: its name is the slug after the date."""
    return site / "articles" / article.stem[len("2016-01-01-") :] / "index.html"


def test_an_edit_rewrites_only_changed_files_and_equals_a_clean_build(archive, tmp_path):
    site = archive / "site"
    build(archive)
    before = snapshot(site)
    site_inode = site.stat().st_ino
    edited, removed = articles(archive)[3], articles(archive)[5]
    removed_page = page_of(site, removed)
    append(edited, "\nA sentence added in place.\n")
    removed.unlink()

    result = build(archive)

    # The folder is the same folder: the changed files were moved into it.
    assert site.stat().st_ino == site_inode
    assert "A sentence added in place." in page_of(site, edited).read_text(encoding="utf-8")
    assert not removed_page.parent.exists()  # its files deleted, and its folder
    after = snapshot(site)
    # (A folder's time changes when a file in it is replaced; its files' do not.)
    unchanged = [
        rel
        for rel in after
        if rel in before and after[rel][0] is not None and after[rel][0] == before[rel][0]
    ]
    assert len(unchanged) > len(after) // 2
    for rel in unchanged:
        assert after[rel] == before[rel], rel  # same bytes, same inode, same mtime
    written = int(re.search(r"(\d+) written", result.err).group(1))
    changed = [rel for rel in after if rel not in before or after[rel][0] != before[rel][0]]
    assert 0 < written == len([rel for rel in changed if os.path.isfile(site / rel)])
    assert siblings(archive) == []
    assert not any(p.name.endswith(".part") for p in site.rglob("*"))
    assert_equals_clean_build(archive, site, tmp_path)

    # An article added: its page and folder appear; the rest stays as it was.
    shutil.copy(edited, edited.with_name("2030-01-01-added-article.md"))
    build(archive)
    assert site.stat().st_ino == site_inode
    assert page_of(site, edited.with_name("2030-01-01-added-article.md")).is_file()
    assert_equals_clean_build(archive, site, tmp_path)


def test_with_search_the_index_is_made_from_the_pages_in_place(archive, tmp_path):
    config = archive / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("search: false", "search: true"))
    site = archive / "site"
    build(archive)
    site_inode = site.stat().st_ino
    edited = articles(archive)[2]
    append(edited, "\nZanzibarian negotiators arrived.\n")
    build(archive)
    assert site.stat().st_ino == site_inode
    assert_equals_clean_build(archive, site, tmp_path)
    search = parse_html(site / "search" / "index.html")
    assert search.find("h1") is not None


@pytest.mark.parametrize("failure", ["content error", "template error", "strict warning"])
def test_a_failed_build_leaves_the_site_exactly_as_it_was(archive, failure):
    site = archive / "site"
    build(archive)
    site_inode = site.stat().st_ino
    edited = articles(archive)[1]
    append(edited, "\nFirst edit.\n")
    build(archive)
    assert site.stat().st_ino == site_inode  # in place: the next build would be too
    before = snapshot(site)
    before_siblings = siblings(archive)

    # Another edit, so that pages are rendered and put before the build fails.
    append(edited, "\nSecond edit.\n")
    extra: tuple[str, ...] = ()
    if failure == "content error":
        broken = articles(archive)[-1]
        broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    elif failure == "template error":
        builtin = (REPO / "templates" / "article.html").read_text(encoding="utf-8")
        (archive / "templates").mkdir()
        (archive / "templates" / "article.html").write_text(
            "{{ page.no_such_field.boom }}" + builtin, encoding="utf-8"
        )
    else:
        broken = articles(archive)[-1]
        text = broken.read_text(encoding="utf-8")
        broken.write_text(text.replace("title:", "zzqqxx: 1\ntitle:", 1), encoding="utf-8")
        extra = ("--strict",)
    result = run_briefgen("build", "--jobs", "2", *extra, root=archive)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert "left unchanged" in result.err
    assert site.stat().st_ino == site_inode
    assert snapshot(site) == before
    assert siblings(archive) == before_siblings


class Killed(BaseException):
    """Stands for the process being killed: nothing catches it."""


def test_a_commit_interrupted_midway_makes_the_next_build_write_the_whole_site(
    archive, tmp_path, monkeypatch
):
    site = archive / "site"
    build(archive)
    for article in articles(archive)[:4]:
        append(article, "\nEdited before the interruption.\n")
    articles(archive)[6].unlink()

    # The build dies after moving two files into the site (as if killed there).
    real_replace, moved = os.replace, []

    def replace_twice(src, dst):
        if len(moved) == 2:
            raise Killed
        moved.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", replace_twice)
    with pytest.raises(Killed):
        run_briefgen("build", "--jobs", "2", root=archive)
    monkeypatch.undo()
    assert len(moved) == 2
    marker = archive / ".site.partial"
    assert marker.exists()
    assert not any(p.name.startswith(".site.tmp-") for p in archive.iterdir())

    # The next build trusts nothing of that site: it writes a whole new one.
    site_inode = site.stat().st_ino
    build(archive)
    assert site.stat().st_ino != site_inode
    assert not marker.exists()
    assert siblings(archive) == []
    assert_equals_clean_build(archive, site, tmp_path)
    # And the one after that works in place again.
    site_inode = site.stat().st_ino
    append(articles(archive)[0], "\nOne more.\n")
    build(archive)
    assert site.stat().st_ino == site_inode
    assert_equals_clean_build(archive, site, tmp_path)


def test_a_marker_left_behind_is_never_a_build_with_nothing_changed(archive):
    site = archive / "site"
    build(archive)
    (archive / ".site.partial").write_bytes(b"")
    site_inode = site.stat().st_ino
    result = build(archive)
    assert "nothing changed" not in result.err
    assert site.stat().st_ino != site_inode  # written whole, and swapped in
    assert siblings(archive) == []
    assert "nothing changed" in build(archive).err


def test_an_output_that_is_not_what_the_build_left_is_written_whole(archive, tmp_path):
    """A file where the new site needs a folder, a link in the site, a page
    deleted by hand: the build does not trust the folder and swaps a new one in."""
    site = archive / "site"
    build(archive)
    page = page_of(site, articles(archive)[0])
    shutil.rmtree(page.parent)
    page.parent.write_text("not a folder", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "elsewhere").symlink_to(outside, target_is_directory=True)
    (site / "index.html").unlink()
    build(archive)
    assert page.is_file()
    assert not (site / "elsewhere").exists()
    assert list(outside.iterdir()) == []
    assert_equals_clean_build(archive, site, tmp_path)


def test_no_cache_builds_write_the_whole_site(archive, tmp_path):
    site = archive / "site"
    build(archive)
    site_inode = site.stat().st_ino
    append(articles(archive)[0], "\nEdited.\n")
    build(archive, "--no-cache")
    assert site.stat().st_ino != site_inode
    assert_equals_clean_build(archive, site, tmp_path)


def test_what_the_build_records_about_the_site_stays_right_after_an_edit(archive, tmp_path):
    """The stats of the site's files, noted for the next build (to skip it when
    nothing changed, and to keep pages whose file is as written), are those of the
    files on disk after a build in place."""
    site = archive / "site"
    build(archive)
    edited = articles(archive)[4]
    append(edited, "\nNoted.\n")
    past = edited.stat().st_mtime - 60  # not a file just saved (never trusted by its stat)
    os.utime(edited, (past, past))
    build(archive)
    assert "nothing changed" in build(archive).err

    # A page kept by the last two builds, changed by hand: noticed, and written again.
    kept = page_of(site, articles(archive)[0])
    original = kept.read_bytes()
    kept.write_bytes(original.replace(b"<h1", b"<h1 data-by-hand"))
    result = build(archive)
    assert "nothing changed" not in result.err
    assert kept.read_bytes() == original
    assert "nothing changed" in build(archive).err
    assert_equals_clean_build(archive, site, tmp_path)


def test_a_change_of_most_pages_is_swapped_in_whole(archive, tmp_path):
    """A theme edit changes every page: the new site goes in as one folder, so the
    commit stays a single step."""
    site = archive / "site"
    build(archive)
    site_inode = site.stat().st_ino
    builtin = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    (archive / "templates").mkdir()
    (archive / "templates" / "base.html").write_text(
        builtin.replace("<main", "<!-- edited theme --><main", 1), encoding="utf-8"
    )
    build(archive)
    assert site.stat().st_ino != site_inode
    assert "<!-- edited theme -->" in (site / "index.html").read_text(encoding="utf-8")
    assert not (archive / ".site.partial").exists()
    assert_equals_clean_build(archive, site, tmp_path)


def _age_content(root: Path) -> None:
    """Date the archive's files back: a file saved just now is never trusted by its
    stat, and the build would not be skipped."""
    past = time.time() - 3600
    for path in (root / "content").rglob("*"):
        os.utime(path, (past, past))


@pytest.mark.parametrize(
    "by_hand", ["file at the top", "folder", "empty folder", "file in the last folder", "edit"]
)
def test_what_is_put_into_the_site_by_hand_is_noticed_without_listing_it(
    archive, by_hand, monkeypatch
):
    """A build with nothing to do looks at the stats the last build recorded (every
    file, and every folder, whose time changes when an entry is added to it), not
    at a listing of the site. Checked in two processes on a large site, so here too:
    the last folder and the last file are the second process's half."""
    monkeypatch.setattr(cache, "CHECK_FORKED_FROM", 0)
    # (briefgen forks only when it runs no other thread; this test process may.)
    monkeypatch.setattr(cache, "_may_fork", lambda: True)
    site = archive / "site"
    _age_content(archive)
    build(archive)
    # Folders changed a while ago, as a site's are: their times alone must tell (a
    # folder changed just before the build noted it is listed instead).
    past = time.time() - 3600
    for folder in [site, *(site / rel for rel in folders(site))]:
        os.utime(folder, (past, past))
    assert "nothing changed" not in build(archive).err  # their times as the record's
    assert "nothing changed" in build(archive).err
    last_folder = site / sorted(folders(site))[-1]
    last_file = max((p for p in site.rglob("*") if p.is_file()), key=lambda p: p.parts)
    put = {
        "file at the top": site / "notes.html",
        "folder": site / "drafts" / "index.html",
        "empty folder": site / "drafts",
        "file in the last folder": last_folder / "notes.txt",
        "edit": last_file,
    }[by_hand]
    original = last_file.read_bytes()
    if by_hand == "empty folder":
        put.mkdir()  # a file put into it later must be noticed too: it goes
    else:
        put.parent.mkdir(exist_ok=True)
        put.write_bytes(b"<p>by hand</p>")

    result = build(archive)
    assert "nothing changed" not in result.err
    if by_hand == "edit":
        assert last_file.read_bytes() == original
    else:
        assert not put.exists()  # the site is what the archive makes, and only that
    assert "nothing changed" in build(archive).err


def _record(archive: Path) -> Path:
    (record,) = (archive / cache.CACHE_DIR / "builds").glob("*.json")
    return record


def test_a_file_put_in_a_folder_as_its_time_was_noted_is_noticed(archive):
    """A folder whose time was that close to when the build noted it may have had a
    file put into it within the file system's timestamp resolution, its time
    unchanged: such a folder is listed."""
    site = archive / "site"
    _age_content(archive)
    build(archive)
    record = json.loads(_record(archive).read_text(encoding="utf-8"))
    folder, mtime = record["folders"][-1]
    record["noted"] = mtime / 1e9 + 1  # noted a second after the folder changed
    _record(archive).write_text(json.dumps(record), encoding="utf-8")
    assert "nothing changed" in build(archive).err

    stray = site / folder / "notes.txt"
    stray.write_bytes(b"by hand")
    os.utime(site / folder, ns=(mtime, mtime))  # as a coarse clock leaves it
    assert "nothing changed" not in build(archive).err
    assert not stray.exists()


@pytest.mark.parametrize("failure", ["fork", "wait"])
def test_the_check_in_two_processes_answers_when_the_system_refuses_one(
    archive, failure, monkeypatch
):
    """No process to spare, or the child reaped before it is waited for (SIGCHLD
    ignored by whoever started briefgen): everything is checked in this one."""
    site = archive / "site"
    _age_content(archive)
    build(archive)
    monkeypatch.setattr(cache, "CHECK_FORKED_FROM", 0)
    monkeypatch.setattr(cache, "_may_fork", lambda: True)
    waitpid = os.waitpid

    def refused(*args):
        if failure == "fork":
            raise BlockingIOError(11, "Resource temporarily unavailable")
        pid, _ = args
        waitpid(pid, 0)  # reaped, as the kernel does with SIGCHLD ignored
        raise ChildProcessError(10, "No child processes")

    monkeypatch.setattr(os, "fork" if failure == "fork" else "waitpid", refused)

    def serial_build() -> str:  # (worker processes would meet the refusal too)
        result = run_briefgen("build", "--jobs", "1", root=archive)
        assert result.code == 0, result.err
        return result.err

    assert "nothing changed" in serial_build()
    last_file = max((p for p in site.rglob("*") if p.is_file()), key=lambda p: p.parts)
    original = last_file.read_bytes()
    last_file.write_bytes(b"by hand")  # in the half the child would check
    assert "nothing changed" not in serial_build()
    assert last_file.read_bytes() == original
