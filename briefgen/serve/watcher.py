"""Watching the archive: file events become debounced batches of changed paths.

Editors save in many ways: writing in place, writing a temporary file and renaming
it over the original, vim's `4913` probe and `file~` backups, swap files, several
saves within a second. Every event is reduced to the archive-relative paths it
touches, editors' temporary files are dropped, and a batch is handed over only once
the archive has been quiet for `debounce` seconds, so a burst of saves gives one
rebuild that reads the final content. A save known to be whole (the file closed after
writing, renamed into place or deleted) after a quiet spell need not wait that long:
its batch goes once nothing happened for `SETTLED_SECONDS`. Inotify reports the
closing; polling does not, and then every batch waits the full debounce.

inotify has a per-user limit of watches; when it is reached (ENOSPC, or EMFILE for
the limit of instances) the watcher falls back to polling and says how to raise it.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MOVED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from briefgen.config import CONFIG_FILE
from briefgen.load import is_content_file

DEBOUNCE_SECONDS = 0.05
SETTLED_SECONDS = 0.01  # the quiet that follows a save known to be whole ...
QUIET_SECONDS = 0.2  # ... when the archive was this quiet before it
POLL_SECONDS = 0.5
WATCHED_FOLDERS = ("content", "templates")
LIMIT_HINT = (
    "the system's limit of file watches is reached; watching by polling instead "
    "(slower). To raise the limit: sudo sysctl fs.inotify.max_user_watches=524288 "
    "(and fs.inotify.max_user_instances=512); add the same lines to /etc/sysctl.conf "
    "to keep them"
)


def is_temporary(name: str) -> bool:
    """Editors' swap, backup and probe files (vim writes `4913` to test a folder)."""
    return (
        name in ("4913", ".DS_Store")
        or name.startswith((".#", "#", "~", ".goutputstream-"))
        or name.endswith(("~", ".swp", ".swx", ".swo", ".bck", ".tmp", ".part", ".crdownload"))
        or (name.startswith(".") and name.endswith((".swp", ".swx", ".kate-swp")))
    )


def relevant(rel: str, is_directory: bool) -> bool:
    """Whether an archive-relative path can change the site."""
    if rel == CONFIG_FILE:
        return True
    parts = rel.split("/")
    if parts[0] not in WATCHED_FOLDERS:
        return False
    name = parts[-1]
    if is_temporary(name):
        return False
    if is_directory:
        return True
    if parts[0] == "content":
        return is_content_file(name)
    return not name.startswith(".")


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in (EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        self.watcher.saw([os.fsdecode(p) for p in paths if p], event.is_directory, event.event_type)


class Watcher:
    def __init__(
        self,
        root: Path,
        debounce: float = DEBOUNCE_SECONDS,
        warn: Callable[[str], None] = print,
        observer_class=None,
    ):
        self.root = root.resolve()
        self.debounce = debounce
        self.warn = warn
        self.observer_class = observer_class or Observer
        self.cond = threading.Condition()
        self.changed: set[str] = set()
        # Changed files not known to be whole (written to, not yet closed), and
        # whether the batch began after a quiet spell: see the module's docstring.
        self.unsettled: set[str] = set()
        self.after_quiet = True
        self.last_event = 0.0
        self.events = 0  # relevant events seen, for tests and statistics
        self.observer = None
        self.watched: set[str] = set()
        self.polling = False
        self.closed = False

    # -- events ------------------------------------------------------------------

    def saw(self, paths: list[str], is_directory: bool, event_type: str = "") -> None:
        found = []
        for path in paths:
            try:
                rel = Path(path).resolve().relative_to(self.root).as_posix()
            except ValueError:
                continue
            if relevant(rel, is_directory):
                found.append(rel)
            if is_directory and rel in WATCHED_FOLDERS and rel not in self.watched:
                # content/ or templates/ made after start: watch it from now on.
                threading.Thread(target=self._watch_folder, args=(rel,), daemon=True).start()
        if not found:
            return
        with self.cond:
            now = time.monotonic()
            if not self.changed:
                self.after_quiet = now - self.last_event >= QUIET_SECONDS
            if event_type in (EVENT_TYPE_CLOSED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED):
                self.unsettled.difference_update(found)
            elif not is_directory or event_type == EVENT_TYPE_CREATED or not event_type:
                # A folder's own 'modified' says nothing of its files' contents.
                self.unsettled.update(found)
            self.changed.update(found)
            self.last_event = now
            self.events += 1
            self.cond.notify_all()

    def wait_batch(self, timeout: float | None = None) -> set[str] | None:
        """The paths changed since the last batch, once nothing happened for
        `debounce` seconds; None when nothing changed within `timeout`."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self.cond:
            while not self.closed:
                now = time.monotonic()
                if self.changed:
                    quiet = now - self.last_event
                    wait = self.debounce
                    if self.after_quiet and not self.unsettled:
                        wait = min(wait, SETTLED_SECONDS)
                    if quiet >= wait:
                        batch, self.changed = self.changed, set()
                        self.unsettled = set()
                        return batch
                    self.cond.wait(wait - quiet)
                    continue
                if deadline is not None and now >= deadline:
                    return None
                self.cond.wait(None if deadline is None else deadline - now)
            return None

    def pending(self) -> bool:
        with self.cond:
            return bool(self.changed)

    # -- observers ------------------------------------------------------------------

    def start(self) -> None:
        try:
            self._start(self.observer_class)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EMFILE):
                raise
            self._stop_observer()
            self.warn(f"briefgen: {LIMIT_HINT}")
            self.polling = True
            self._start(lambda: PollingObserver(timeout=POLL_SECONDS))

    def _start(self, observer_class) -> None:
        self.observer = observer_class()
        self.watched = set()
        handler = _Handler(self)
        # The root itself without recursion (briefgen.yaml, and content/ or
        # templates/ appearing), and the two folders with it; never the output.
        self.observer.schedule(handler, str(self.root), recursive=False)
        self._handler = handler
        for folder in WATCHED_FOLDERS:
            if (self.root / folder).is_dir():
                self.observer.schedule(handler, str(self.root / folder), recursive=True)
                self.watched.add(folder)
        self.observer.start()

    def _watch_folder(self, folder: str) -> None:
        observer = self.observer
        if observer is None or folder in self.watched:
            return
        try:
            observer.schedule(self._handler, str(self.root / folder), recursive=True)
            self.watched.add(folder)
        except OSError as exc:
            self.warn(f"briefgen: cannot watch {folder}/: {exc.strerror or exc}")
        with self.cond:
            self.changed.add(folder)
            self.unsettled.add(folder)
            self.last_event = time.monotonic()
            self.cond.notify_all()

    def _stop_observer(self) -> None:
        observer, self.observer = self.observer, None
        if observer is None:
            return
        try:
            observer.stop()
            if observer.is_alive():
                observer.join(timeout=2)
        except (OSError, RuntimeError):
            pass

    def stop(self) -> None:
        self._stop_observer()
        with self.cond:
            self.closed = True
            self.cond.notify_all()
