"""Watching: editors' ways of saving give one rebuild with the final content."""

from __future__ import annotations

import errno
import io
import os
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL, write_archive
from test_serve_support import ARTICLE, get, log, running_preview, wait_until
from watchdog.observers import Observer

from briefgen.serve.watcher import Watcher, relevant


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive", MINIMAL)


def claim_status(preview, claim: str = "no-breakthrough") -> str:
    page = BeautifulSoup(get(preview, "/articles/talks/").text, "html.parser")
    mark = page.find("mark", id=f"claim-{claim}")
    return next(c for c in mark["class"] if c.startswith("status-"))


def settle(preview, quiet: float = 0.4, timeout: float = 10) -> int:
    """Wait until no rebuild ran or finished for `quiet` seconds; returns the count.

    A rebuild in progress counts as activity: on a loaded machine one can take
    longer than `quiet`, and the count it adds would otherwise be missed."""
    deadline = time.monotonic() + timeout
    count, since = preview.rebuilds, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        # (Put-off pages are rendered after `building` ends, before the count.)
        busy = preview.watcher.pending() or preview.site.building or preview.site.pending
        if preview.rebuilds != count or busy:
            count, since = preview.rebuilds, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return preview.rebuilds


@pytest.mark.parametrize(
    "rel, is_dir, expected",
    [
        ("content/articles/talks.md", False, True),
        ("content/entities/putin.md", False, True),
        ("briefgen.yaml", False, True),
        ("templates/article.html", False, True),
        ("templates/static/style.css", False, True),
        ("content/articles", True, True),
        ("content/articles/4913", False, False),
        ("content/articles/talks.md~", False, False),
        ("content/articles/.talks.md.swp", False, False),
        ("content/articles/.talks.md.swx", False, False),
        ("content/articles/talks.md.bck", False, False),
        ("content/articles/.#talks.md", False, False),
        ("content/articles/#talks.md#", False, False),
        ("content/articles/talks.md.tmp", False, False),
        ("templates/4913", False, False),
        ("templates/.article.html.swp", False, False),
        ("templates/article.html~", False, False),
        ("site/index.html", False, False),
        (".git/index", False, False),
        ("notes.txt", False, False),
    ],
)
def test_which_paths_can_change_the_site(rel, is_dir, expected):
    assert relevant(rel, is_dir) is expected


def test_a_burst_of_fifty_saves_gives_few_rebuilds_and_the_final_content(archive):
    with running_preview(archive) as preview:
        before = preview.rebuilds
        path = archive / ARTICLE
        text = path.read_text()
        statuses = ["disputed", "false", "misleading", "unverified"]
        for n in range(50):
            path.write_text(text.replace("status: verified", f"status: {statuses[n % 4]}", 1))
            time.sleep(0.005)
        final = statuses[49 % 4]
        # The watcher may see the saves late when the machine is busy: wait for the
        # final content first, then for the rebuilds to stop.
        assert wait_until(lambda: claim_status(preview) == f"status-{final}"), log(preview)
        after = settle(preview)
        assert 1 <= after - before <= 3, log(preview)
        assert claim_status(preview) == f"status-{final}"


def test_a_rename_over_save_is_seen(archive):
    with running_preview(archive) as preview:
        path = archive / ARTICLE
        temp = path.with_name(path.name + ".tmp")
        temp.write_text(path.read_text().replace("status: verified", "status: false", 1))
        os.replace(temp, path)
        assert wait_until(lambda: claim_status(preview) == "status-false")


def test_vims_save_sequence_gives_the_final_content_and_no_stray_pages(archive):
    """vim: probe file 4913, original renamed to a backup `~`, new file written,
    backup deleted; a swap file sits beside the file throughout."""
    with running_preview(archive) as preview:
        folder = archive / "content" / "articles"
        path = folder / "2025-12-02-talks.md"
        text = path.read_text()
        swap = folder / ".2025-12-02-talks.md.swp"
        swap.write_bytes(b"b0VIM 9.0\x00" + b"\x00" * 100)
        probe = folder / "4913"
        probe.write_text("")
        probe.unlink()
        backup = folder / "2025-12-02-talks.md~"
        os.rename(path, backup)
        path.write_text(text.replace("status: verified", "status: misleading", 1))
        backup.unlink()
        (folder / "2025-12-02-talks.md.bck").write_text(text)
        assert wait_until(lambda: claim_status(preview) == "status-misleading")
        settle(preview)
        assert preview.site.errors == []
        assert "error" not in log(preview)
        # The article's page and its share image; no page of a backup or swap file.
        pages = {rel for rel in preview.site.files if rel.startswith("articles/")}
        assert pages == {"articles/talks/index.html", "articles/talks/share.png"}


def test_a_file_caught_half_written_is_retried_not_reported(archive):
    with running_preview(archive) as preview:
        path = archive / ARTICLE
        text = path.read_text().replace("status: verified", "status: disputed", 1)
        cut = text.index("claims:")
        # Half the file (its front-matter never closed), the rest a moment later:
        # longer than the debounce, so a rebuild sees the half.
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text[:cut])
            handle.flush()
            time.sleep(0.09)
            handle.write(text[cut:])
        assert wait_until(lambda: claim_status(preview) == "status-disputed")
        settle(preview)
        assert preview.site.errors == []
        assert "error" not in log(preview), log(preview)


def test_a_new_article_and_a_deleted_one(archive):
    with running_preview(archive) as preview:
        new = archive / "content" / "articles" / "2025-12-05-later.md"
        new.write_text("---\ntitle: Later talks\ndate: 2025-12-05\n---\nNothing new.\n")
        assert wait_until(lambda: get(preview, "/articles/later/").status == 200)
        new.unlink()
        assert wait_until(lambda: get(preview, "/articles/later/").status == 404)
        assert not (preview.out / "articles" / "later").exists()


class _FullObserver(Observer):
    """An inotify observer on a system whose watch limit is reached."""

    def start(self):
        raise OSError(errno.ENOSPC, "inotify watch limit reached")


def test_the_watch_limit_falls_back_to_polling_and_says_how_to_raise_it(archive):
    messages = io.StringIO()
    watcher = Watcher(
        archive, warn=lambda m: messages.write(m + "\n"), observer_class=_FullObserver
    )
    watcher.start()
    try:
        assert watcher.polling
        assert "sysctl fs.inotify.max_user_watches=" in messages.getvalue()
        time.sleep(0.1)
        path = archive / ARTICLE
        path.write_text(path.read_text() + "\nMore.\n")
        assert watcher.wait_batch(timeout=5) == {ARTICLE}
    finally:
        watcher.stop()


def _batch_seconds(watcher: Watcher, save) -> tuple[set[str] | None, float]:
    time.sleep(0.6)  # a quiet spell before the save
    started = time.monotonic()
    save()
    batch = watcher.wait_batch(timeout=5)
    return batch, time.monotonic() - started


def test_a_whole_save_after_a_quiet_spell_goes_without_the_full_debounce(archive):
    watcher = Watcher(archive, debounce=1.0)
    watcher.start()
    try:
        path = archive / ARTICLE
        text = path.read_text()
        # Written and closed: whole.
        # (Well under the debounce of a second, with room for a busy machine.)
        batch, seconds = _batch_seconds(watcher, lambda: path.write_text(text + "\nMore.\n"))
        assert ARTICLE in batch and seconds < 0.8
        # Renamed into place: whole.
        temp = path.with_name(path.name + ".tmp")

        def rename_over():
            temp.write_text(text)
            os.replace(temp, path)

        batch, seconds = _batch_seconds(watcher, rename_over)
        assert ARTICLE in batch and seconds < 0.8

        # Still open for writing: the full debounce.
        def half_written():
            handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed below
            handle.write(text[:20])
            handle.flush()
            half_written.handle = handle

        batch, seconds = _batch_seconds(watcher, half_written)
        half_written.handle.close()
        assert ARTICLE in batch and seconds >= 1.0
    finally:
        watcher.stop()


def test_saves_in_a_burst_wait_the_full_debounce(archive):
    watcher = Watcher(archive, debounce=0.3)
    watcher.start()
    try:
        path = archive / ARTICLE
        text = path.read_text()
        time.sleep(0.6)
        path.write_text(text + "\nOne.\n")
        assert ARTICLE in watcher.wait_batch(timeout=5)
        # The next save comes soon after the last: part of a burst.
        path.write_text(text + "\nTwo.\n")
        started = time.monotonic()
        assert ARTICLE in watcher.wait_batch(timeout=5)
        assert time.monotonic() - started >= 0.3
    finally:
        watcher.stop()


def test_a_save_while_put_off_pages_render_leaves_them_to_its_own_rebuild(archive):
    """A save that comes in while the pages put off by the last rebuild are being
    rendered stops that work: its own rebuild renders them, and starts at once."""
    with running_preview(archive) as preview:
        saved = {"now": True}
        watching = preview.watcher.pending
        preview.watcher.pending = lambda: saved["now"] or watching()
        count = preview.rebuilds
        path = archive / ARTICLE
        path.write_text(path.read_text().replace("status: verified", "status: disputed", 1))
        assert preview.wait_rebuilds(count + 1), log(preview)
        assert "left to the next rebuild" in log(preview), log(preview)
        saved["now"] = False
        path.write_text(path.read_text() + "\n")
        assert wait_until(lambda: claim_status(preview) == "status-disputed"), log(preview)
        settle(preview)
        assert preview.site.pending == set()
        claims = BeautifulSoup(get(preview, "/claims/").text, "html.parser")
        edited = claims.select('li.claim-item:has(a[href="/claims/talks/no-breakthrough/"])')
        assert edited and all("status-disputed" in li["class"] for li in edited)


def _claims_statuses(preview) -> set[str]:
    claims = BeautifulSoup(get(preview, "/claims/").text, "html.parser")
    edited = claims.select('li.claim-item:has(a[href="/claims/talks/no-breakthrough/"])')
    return {c for li in edited for c in li["class"] if c.startswith("status-")}


def test_pages_left_to_a_rebuild_that_fails_are_served_as_they_were(archive):
    with running_preview(archive) as preview:
        preview.watcher.pending = lambda: True  # a save always waiting: nothing put off is done
        path = archive / ARTICLE
        text = path.read_text()
        count = preview.rebuilds
        path.write_text(text.replace("status: verified", "status: disputed", 1))
        assert preview.wait_rebuilds(count + 1), log(preview)
        assert "left to the next rebuild" in log(preview)
        # The next save breaks the file: that rebuild fails, and the pages left to it
        # are served as the last good build made them, not held back for a minute.
        path.write_text(text.replace("kind: fact", "kind: [fact", 1))
        assert wait_until(lambda: preview.site.errors != []), log(preview)
        assert wait_until(lambda: not preview.site.building and not preview.site.pending)
        assert _claims_statuses(preview) == {"status-verified"}


def test_saves_in_a_row_stop_the_put_off_pages_a_few_times_only(archive):
    """Saves that keep coming (an editor saving every second) stop the rendering of
    the put-off pages at most three rebuilds in a row; the fourth renders them."""
    with running_preview(archive) as preview:
        preview.watcher.pending = lambda: True
        path = archive / ARTICLE
        text = path.read_text()
        statuses = ["disputed", "false", "misleading", "unverified"]
        for n, status in enumerate(statuses, 1):
            count = preview.rebuilds
            path.write_text(text.replace("status: verified", f"status: {status}", 1))
            assert preview.wait_rebuilds(count + 1), log(preview)
            assert log(preview).count("left to the next rebuild") == min(n, 3)
        assert wait_until(lambda: not preview.site.pending)
        assert _claims_statuses(preview) == {"status-unverified"}
