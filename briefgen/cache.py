"""A persistent cache of rendered article bodies, in `.briefgen-cache/` of the archive.

An article's rendering (its body HTML, table of contents, mentions, numbered
sources, claim notes and the warnings it gave) depends on its own file, on the
entities, tags and sources it refers to, on the theme, the settings and briefgen
itself. The cache key is a hash of all of those, so an entry is either exactly what
rendering would give now or never looked up again: nothing is invalidated by hand.

Entries are JSON, not pickle: the folder sits inside an archive that may come from
anyone, and reading it must never run code. They are rows of one SQLite file, not
one file each: creating thousands of small files was a sixth of a cold build.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path

from briefgen import __version__
from briefgen.config import Config
from briefgen.diagnostics import Position
from briefgen.load import Document, YList, YMap
from briefgen.model import Article, Entity, Source, Tag
from briefgen.theme import builtin_theme_dir

CACHE_DIR = ".briefgen-cache"
# Bumped when the layout of an entry changes.
FORMAT = "1"
PACKAGE_DIR = Path(__file__).resolve().parent


def _files_digest(folders: list[Path], pattern: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode())
                h.update(b"\0")
                h.update(path.read_bytes())
                h.update(b"\0")
    return h.hexdigest()


def environment_digest(root: Path, config: Config, extra: str = "") -> str:
    """What every rendering depends on: briefgen's code and version, the theme (the
    built-in one and the archive's templates/), the settings and the build options."""
    code = _files_digest([PACKAGE_DIR], "*.py")
    theme = _files_digest([builtin_theme_dir(), root / "templates"], "*")
    parts = [FORMAT, __version__, code, theme, repr(config), extra]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def _entity(e: Entity | None) -> tuple:
    if e is None:
        return ()
    return (e.id, e.name, e.type, e.aliases, e.description, e.wikidata, e.url)


def _source(s: Source | None) -> tuple:
    if s is None:
        return ()
    return (
        s.id,
        s.title,
        s.url,
        s.publisher,
        s.authors,
        str(s.date),
        str(s.accessed),
        s.archive_url,
        s.kind,
        s.declared_in,
        s.url_path,
        s.reliability,
    )


def _tag(t: Tag) -> tuple:
    return (t.slug, t.name, t.url)


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
            for table in ("documents", "articles"):
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


class RenderCache:
    def __init__(self, root: Path, environment: str, store: CacheStore | None = None):
        self.root = root
        self.store = store or CacheStore(root)
        self.environment = environment
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()
        self.written = 0

    def key(
        self, article: Article, file_digest: str | None = None, related: tuple = ()
    ) -> str | None:
        """The hash of everything the article's rendering reads; None when its file
        cannot be read (then it is rendered, and the error reported as usual).
        `file_digest`, a hash of the file's bytes already taken, saves reading it.
        `related`: what its claim cards show of other articles' claims (lineage)."""
        if file_digest is None:
            try:
                data = (self.root / article.path).read_bytes()
            except OSError:
                return None
        else:
            data = file_digest.encode()
        h = hashlib.blake2b(digest_size=20)
        h.update(self.environment.encode())
        h.update(article.path.encode() + b"\0" + article.url.encode() + b"\0")
        h.update(b"digest\0" if file_digest is not None else b"bytes\0")
        h.update(data)
        linked = [
            article.draft,
            [_entity(e) for e in article.entities],
            [_tag(t) for t in article.tags],
        ]
        for claim in article.claims:
            linked.append(
                (
                    _entity(claim.by),
                    [_entity(e) for e in claim.about],
                    [_tag(t) for t in claim.tags],
                    [_source(c.source) for c in claim.citations],
                )
            )
        linked.append(related)
        h.update(repr(linked).encode())
        return h.hexdigest()

    def get(self, key: str) -> dict | None:
        self.used.add(key)
        text = self.store.get("articles", key)
        try:
            record = json.loads(text) if text is not None else None
        except ValueError:
            record = None
        if not isinstance(record, dict) or record.get("key") != key:
            self.misses += 1
            return None
        self.hits += 1
        return record

    def put(self, key: str, record: dict) -> None:
        self.used.add(key)
        self.store.put("articles", key, json.dumps({**record, "key": key}))
        self.written += 1

    def prune(self) -> None:
        if self.written:
            self.store.prune("articles", self.used)
        self.store.close()


# --- parsed content files ----------------------------------------------------------


class _NotCacheable(Exception):
    """A front-matter value JSON cannot hold exactly (bytes, sets, pairs)."""


_SCALARS = (str, int, float, bool, type(None))


def _encode(value):
    if isinstance(value, YMap):
        return {
            "m": [value.pos.line, value.pos.col],
            "k": [
                [
                    _encode_scalar(key),
                    _encode(item),
                    [value.kpos(key).line, value.kpos(key).col],
                    [value.vpos(key).line, value.vpos(key).col],
                ]
                for key, item in value.items()
            ],
        }
    if isinstance(value, YList):
        return {
            "l": [value.pos.line, value.pos.col],
            "i": [
                [_encode(item), [value.ipos(n).line, value.ipos(n).col]]
                for n, item in enumerate(value)
            ],
        }
    return _encode_scalar(value)


def _encode_scalar(value):
    if type(value) not in _SCALARS:
        raise _NotCacheable(type(value).__name__)
    return value


def _decode(value):
    if isinstance(value, dict):
        if "m" in value:
            result = YMap(Position(*value["m"]))
            for key, item, kpos, vpos in value["k"]:
                result[key] = _decode(item)
                result.key_pos[key] = Position(*kpos)
                result.value_pos[key] = Position(*vpos)
            return result
        result = YList(Position(*value["l"]))
        for item, pos in value["i"]:
            result.append(_decode(item))
            result.item_pos.append(Position(*pos))
        return result
    return value


class DocumentCache:
    """Parsed content files (front-matter with positions, body), keyed by a hash of
    the file's bytes, its path and briefgen's code: YAML is the slowest part of
    reading an archive, and most files do not change between builds."""

    def __init__(self, root: Path, store: CacheStore | None = None):
        self.root = root
        self.store = store or CacheStore(root)
        self.code = hashlib.blake2b(
            f"{FORMAT}\0{__version__}\0{_files_digest([PACKAGE_DIR], '*.py')}".encode(),
            digest_size=16,
        ).digest()
        self.hits = 0
        self.used: set[str] = set()
        self.written = 0

    def key(self, kind: str, rel: str, data: bytes) -> str:
        h = hashlib.blake2b(self.code, digest_size=20)
        h.update(f"{kind}\0{rel}\0".encode())
        h.update(data)
        return h.hexdigest()

    def get(self, key: str, kind: str, rel: str, abspath: Path) -> Document | None:
        self.used.add(key)
        text = self.store.get("documents", key)
        if text is None:
            return None
        try:
            entry = json.loads(text)
            if entry.get("key") != key:
                return None
            document = Document(
                kind, rel, abspath, _decode(entry["meta"]), entry["body"], entry["body_line"]
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        document.stem = abspath.stem
        self.hits += 1
        return document

    def put(self, key: str, document: Document) -> None:
        self.used.add(key)
        try:
            meta = _encode(document.meta)
        except _NotCacheable:
            return
        entry = {"key": key, "meta": meta, "body": document.body, "body_line": document.body_line}
        self.store.put("documents", key, json.dumps(entry))
        self.written += 1

    def prune(self) -> None:
        if self.written:
            self.store.prune("documents", self.used)
        self.store.close()


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
            "code": _files_digest([PACKAGE_DIR], "*.py"),
            "version": __version__,
            "options": self.options,
            "config": _stat_file(root / "briefgen.yaml"),
            "content": _stat_tree(root / "content", root),
            "templates": _stat_tree(root / "templates", root),
            "theme": _stat_tree(builtin_theme_dir(), builtin_theme_dir()),
        }

    def unchanged(self) -> dict | None:
        """The recorded build when nothing changed since, else None."""
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
        if recorded.get("outputs") != _stat_tree(self.out, self.out):
            return None
        return recorded

    def record(self, diagnostics: list, pages: int, files: int) -> None:
        entry = {
            "started": self.started,
            "inputs": self.inputs,
            "outputs": _stat_tree(self.out, self.out),
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


def _stat_file(path: Path) -> list:
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns]
