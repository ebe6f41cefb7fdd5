"""What `build` keeps in `.briefgen-cache/` of the archive between runs: the SQLite
file the memo of costly steps lives in (`CacheStore`, used by engine/memo.py), the
key of each page the last build wrote (`PageRecord`), and the stats of the last
build's inputs and outputs, to skip one that would change nothing (`LastBuild`).

Memo entries are rows of one SQLite file, not one file each: creating thousands
of small files was a sixth of a cold build.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import signal
import sqlite3
import stat
import sys
import time
from pathlib import Path

from briefgen import __version__
from briefgen.engine.fingerprint import code_digest
from briefgen.theme_dir import builtin_theme_dir
from briefgen.write import folders_above, partial_marker

CACHE_DIR = ".briefgen-cache"
# Its tables, one per kept step (engine/memo.py).
DOCUMENTS = "documents"
ARTICLES = "articles"


class CacheStore:
    """Tables of JSON text by key in `.briefgen-cache/cache.sqlite`. Writes of one
    build are one transaction, committed by `close`; a killed build leaves the
    file as the last finished build left it. A file that is not a database is
    replaced; one that another build holds locked leaves this build without a
    cache. Neither is ever an error."""

    FILE = "cache.sqlite"

    def __init__(self, root: Path):
        self.path = root / CACHE_DIR / self.FILE
        self.db: sqlite3.Connection | None = None
        self.broken = False

    def _open(self) -> sqlite3.Connection | None:
        if self.db is not None or self.broken:
            return self.db
        for attempt in (1, 2):
            try:
                self.db = self._connect()
                return self.db
            except sqlite3.OperationalError:  # locked by another build, read-only, ...
                break
            except sqlite3.DatabaseError:  # not a database: start a new one, once
                if attempt == 1:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            except OSError:
                break
        self.broken = True
        return None

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=1.0, isolation_level="DEFERRED")
        try:
            db.execute("PRAGMA trusted_schema = OFF")
            db.execute("PRAGMA journal_mode = WAL")
            for table in (DOCUMENTS, ARTICLES):
                db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value TEXT)")
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def get(self, table: str, key: str) -> str | None:
        db = self._open()
        if db is None:
            return None
        try:
            row = db.execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row and isinstance(row[0], str) else None

    def put(self, table: str, key: str, value: str) -> None:
        db = self._open()
        if db is None:
            return
        try:
            db.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", (key, value))
        except sqlite3.Error:
            pass  # a cache that cannot be written only makes the next build slower

    def prune(self, table: str, used: set[str]) -> None:
        """Drop entries this build did not use, once they outnumber the used ones:
        edited files leave old entries behind."""
        db = self._open()
        if db is None:
            return
        try:
            (count,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
            if count > 2 * len(used) + 64:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM used")
                db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in used))
                db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self.db is None:
            return
        try:
            self.db.commit()
            self.db.close()
        except sqlite3.Error:
            pass
        self.db = None


# --- the last build, to skip one that would change nothing --------------------------

# A file changed this close to the recorded build may have changed again within the
# file system's timestamp resolution without its size changing: its stat is not
# trusted (as git treats "racily clean" files).
RACY_SECONDS = 2.0


def _stat_tree(folder: Path, base: Path) -> list[list]:
    """[relative path, size, mtime] of every file under `folder`, in a stable order.
    os.scandir gives each entry's stat without another system call per file, which
    matters for a check that is meant to take a fraction of a second at 10,000 pages."""
    entries: list[list] = []
    prefix = folder.relative_to(base).as_posix() + "/" if folder != base else ""
    if prefix == "./":
        prefix = ""

    def walk(directory: str, rel: str) -> None:
        try:
            with os.scandir(directory) as it:
                children = sorted(it, key=lambda entry: entry.name)
        except OSError:
            return
        for entry in children:
            try:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, rel + entry.name + "/")
                    continue
                st = entry.stat()
            except OSError:
                continue
            entries.append([rel + entry.name, st.st_size, st.st_mtime_ns])

    if folder.is_dir():
        walk(str(folder), prefix)
    return entries


class LastBuild:
    """What the last successful build into `out` read and wrote, as file stats, with
    its diagnostics. When every input and every output file is as it left them, a
    new build would write the very same bytes, so `build` can stop there."""

    def __init__(self, root: Path, out: Path, options: object):
        self.root = root
        self.out = out
        key = hashlib.blake2b(f"{out.resolve()}\0{options!r}".encode(), digest_size=16).hexdigest()
        self.path = root / CACHE_DIR / "builds" / f"{key}.json"
        self.options = repr(options)
        self.started = 0.0
        self.inputs: dict = {}

    def begin(self) -> None:
        """Note the inputs before the build reads them: a file saved during the build
        then differs from its note, and the next build is not skipped."""
        self.started = time.time()
        self.inputs = self._inputs()

    def _inputs(self) -> dict:
        root = self.root
        return {
            "code": code_digest(),
            "version": __version__,
            "options": self.options,
            "config": _stat_file(root / "briefgen.yaml"),
            "content": _stat_tree(root / "content", root),
            "templates": _stat_tree(root / "templates", root),
            "theme": _stat_tree(builtin_theme_dir(), builtin_theme_dir()),
        }

    def unchanged(self) -> dict | None:
        """The recorded build when nothing changed since, else None."""
        if os.path.lexists(partial_marker(self.out)):
            return None  # a build killed while moving files into the output left them so
        try:
            recorded = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        try:
            shape_ok = all(len(d) == 5 for d in recorded["diagnostics"]) and all(
                isinstance(recorded[n], int) for n in ("pages", "files")
            )
        except (TypeError, KeyError):
            shape_ok = False
        if not shape_ok:
            return None
        inputs = self._inputs()
        if recorded.get("inputs") != inputs:
            return None
        newest = max(
            (entry[2] for group in ("content", "templates") for entry in inputs[group]),
            default=0,
        )
        if newest / 1e9 > recorded.get("started", 0) - RACY_SECONDS:
            return None
        if not _as_recorded(self.out, recorded):
            return None
        return recorded

    def record(self, diagnostics: list, pages: int, files: int, output: dict | None = None) -> None:
        """`output`: the stats of the output's files and folders, as `output_stats`
        gives them; by default every file is looked at."""
        if output is None:
            noted = time.time()
            output = _with_folders(self.out, _stat_tree(self.out, self.out), noted)
        entry = {
            "started": self.started,
            "inputs": self.inputs,
            **output,
            "diagnostics": [[d.path, d.line, d.col, d.severity, d.message] for d in diagnostics],
            "pages": pages,
            "files": files,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            part = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
            part.write_text(json.dumps(entry), encoding="utf-8")
            os.replace(part, self.path)
        except OSError:
            pass

    def forget(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass


def output_stats(out: Path, paths: list[str], kept: dict[str, list]) -> dict:
    """The stats `LastBuild.record` notes of an output that holds exactly `paths`,
    taken right after the build committed it: each file's (as `_stat_tree(out,
    out)` gives them, without a stat call for a file in `kept`, its page record
    entry [key, size, mtime] taken during the build from the file, which the build
    then left as it was: at 10,000 articles a second's walk of 64,000 files, for the
    few written), and each folder's."""
    noted = time.time()
    entries = []
    for rel in sorted(paths, key=lambda rel: rel.split("/")):  # the order of the walk
        entry = kept.get(rel)
        if entry is not None:
            entries.append([rel, entry[1], entry[2]])
            continue
        try:
            st = (out / rel).stat()
        except OSError:
            continue
        entries.append([rel, st.st_size, st.st_mtime_ns])
    return _with_folders(out, entries, noted)


def _with_folders(out: Path, files: list[list], noted: float) -> dict:
    """The record of an output's `files` (their stats), with its folders' stats
    taken now, after `noted` (the time a folder changed just before it is noted
    at, a second later, may not tell: see `_racy_folders_as_recorded`)."""
    folders = _folder_stats(out, [rel for rel, _, _ in files])
    return {"outputs": files, "folders": folders, "noted": noted}


def _folder_stats(out: Path, files: list[str]) -> list[list]:
    """[relative path, mtime] of `out` ("") and of every folder in it that holds one
    of `files`. A folder's modification time changes when an entry is added to it,
    removed or renamed: with these, a file put into the output by hand is noticed
    without listing any folder."""
    folders = {""} | folders_above(files)
    base = os.fspath(out)
    entries = []
    for rel in sorted(folders):
        try:
            entries.append([rel, os.lstat(f"{base}/{rel}" if rel else base).st_mtime_ns])
        except OSError:
            pass  # gone already: the next build does not trust the output
    return entries


# An output this large is checked in two processes: the stat calls are most of a
# build with nothing to do, and threads do not run them side by side.
CHECK_FORKED_FROM = 20_000


def _as_recorded(out: Path, recorded: dict) -> bool:
    """Every file and folder of the output has the stats the last build recorded.
    Stat calls by path, from the record: listing the output's 63,000 folders at
    10,000 articles took three quarters of a second."""
    files, folders, noted = recorded.get("outputs"), recorded.get("folders"), recorded.get("noted")
    if not (isinstance(files, list) and isinstance(folders, list) and folders):
        return False
    if not isinstance(noted, (int, float)):
        return False
    base = os.fspath(out)
    if len(files) + len(folders) < CHECK_FORKED_FROM or not _may_fork():
        stats_match = _stats_match(base, files, folders)
    else:
        stats_match = _stats_match_in_two(base, files, folders)
    return stats_match and _racy_folders_as_recorded(base, files, folders, noted)


def _may_fork() -> bool:
    # Forking a process that runs other threads may leave the child a lock that
    # is never released (Python 3.12 warns of it): then everything is checked here.
    threading = sys.modules.get("threading")
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)


def _stats_match_in_two(base: str, files: list, folders: list) -> bool:
    """`_stats_match`, the second half of each list in a child process whose exit
    status answers."""
    files_half, folders_half = len(files) // 2, len(folders) // 2
    try:
        child = os.fork()
    except OSError:  # no process to spare: all of it here
        return _stats_match(base, files, folders)
    if child == 0:  # pragma: no cover (the child's answer is its exit status)
        ok = False
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it, not a second CLI
            ok = _stats_match(base, files[files_half:], folders[folders_half:])
        finally:
            os._exit(0 if ok else 1)
    mine = _stats_match(base, files[:files_half], folders[:folders_half])
    try:
        _, status = os.waitpid(child, 0)
    except ChildProcessError:  # reaped already (SIGCHLD ignored): checked here instead
        return mine and _stats_match(base, files[files_half:], folders[folders_half:])
    return mine and os.waitstatus_to_exitcode(status) == 0


def _racy_folders_as_recorded(base: str, files: list, folders: list, noted: float) -> bool:
    """A folder whose time, when the build noted it, was that close to then may have
    had a file put into it since, within the file system's timestamp resolution,
    without its time changing (as git treats "racily clean" files): those few are
    listed, and must hold exactly the recorded files and folders."""
    racy_ns = (noted - RACY_SECONDS) * 1e9
    for rel, mtime in folders:
        if mtime > racy_ns and _children(files, folders, rel) != _listing(base, rel):
            return False
    return True


def _listing(base: str, rel: str) -> set[str] | None:
    try:
        return set(os.listdir(f"{base}/{rel}" if rel else base))
    except OSError:
        return None


def _children(files: list, folders: list, rel: str) -> set[str]:
    """The names of the recorded files and folders right inside folder `rel`. The
    record lists the files in the order of a walk (by path segments) and the
    folders by path, so the ones under `rel` are found by bisection."""
    prefix = f"{rel}/" if rel else ""
    last = "\U0010ffff"
    segments = rel.split("/") if rel else []
    lo = bisect.bisect_left(files, [*segments, ""], key=lambda entry: entry[0].split("/"))
    hi = bisect.bisect_left(files, [*segments, last], key=lambda entry: entry[0].split("/"))
    names = {entry[0][len(prefix) :] for entry in files[lo:hi]}
    lo = bisect.bisect_left(folders, prefix, key=lambda entry: entry[0])
    hi = bisect.bisect_left(folders, prefix + last, key=lambda entry: entry[0])
    names.update(entry[0][len(prefix) :] for entry in folders[lo:hi] if entry[0])
    return {name for name in names if "/" not in name}


def _stats_match(base: str, files: list, folders: list) -> bool:
    lstat, is_file, is_folder = os.lstat, stat.S_ISREG, stat.S_ISDIR
    try:
        for rel, size, mtime in files:
            st = lstat(f"{base}/{rel}")
            if st.st_mtime_ns != mtime or st.st_size != size or not is_file(st.st_mode):
                return False
        for rel, mtime in folders:
            st = lstat(f"{base}/{rel}" if rel else base)
            if st.st_mtime_ns != mtime or not is_folder(st.st_mode):
                return False
    except (OSError, TypeError, ValueError):  # gone, or a record not of this shape
        return False
    return True


def _stat_file(path: Path) -> list:
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns]


class PageRecord:
    """The key of each page the last build into one output folder wrote, with the
    size and modification time its file had then (a file changed since, by hand or
    by another tool, is rendered again)."""

    def __init__(self, path: Path):
        self.path = path
        self.pages: dict[str, list] = {}

    @classmethod
    def load(cls, path: Path) -> PageRecord:
        record = cls(path)
        try:
            pages = json.loads(path.read_bytes())["pages"]
        except (OSError, ValueError, KeyError, TypeError):
            return record
        if isinstance(pages, dict):
            record.pages = {
                rel: entry
                for rel, entry in pages.items()
                if isinstance(entry, list) and len(entry) == 3
            }
        return record

    def reusable(self, out: Path, rel: str, key: str) -> bool:
        """The file the last build wrote for this page, with this key, is still there
        as it was written."""
        entry = self.pages.get(rel)
        if entry is None or entry[0] != key:
            return False
        try:
            st = (out / rel).lstat()
        except OSError:
            return False
        return [st.st_size, st.st_mtime_ns] == entry[1:]

    def save(
        self, out: Path, keys: dict[str, str], kept: dict[str, list] | None = None
    ) -> dict[str, list]:
        """Record `keys` with the stat of each file in `out`; `kept`: the last record's
        entries of files this build kept as they were (not stat again: at 10,000
        articles that is most of 64,000 files). Returns the entries recorded."""
        kept = kept or {}
        pages = {}
        for rel, key in sorted(keys.items()):
            entry = kept.get(rel)
            if entry is not None and entry[0] == key:
                pages[rel] = entry
                continue
            try:
                st = (out / rel).lstat()
            except OSError:
                continue
            pages[rel] = [key, st.st_size, st.st_mtime_ns]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            part = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
            part.write_text(json.dumps({"pages": pages}), encoding="utf-8")
            part.replace(self.path)
        except OSError:
            pass  # without a record the next build renders every page
        return pages
