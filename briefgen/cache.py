"""A persistent cache of rendered article bodies, in `.briefgen-cache/` of the archive.

An article's rendering (its body HTML, table of contents, mentions, numbered
sources, claim notes and the warnings it gave) depends on its own file, on the
entities, tags and sources it refers to, on the theme, the settings and briefgen
itself. The cache key is a hash of all of those, so an entry is either exactly what
rendering would give now or never looked up again: nothing is invalidated by hand.

Entries are JSON, not pickle: the folder sits inside an archive that may come from
anyone, and reading it must never run code.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from briefgen import __version__
from briefgen.config import Config
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
    )


def _tag(t: Tag) -> tuple:
    return (t.slug, t.name, t.url)


class RenderCache:
    def __init__(self, root: Path, environment: str):
        self.root = root
        self.folder = root / CACHE_DIR / "articles"
        self.environment = environment
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()
        self.written = 0

    def key(self, article: Article) -> str | None:
        """The hash of everything the article's rendering reads; None when its file
        cannot be read (then it is rendered, and the error reported as usual)."""
        try:
            data = (self.root / article.path).read_bytes()
        except OSError:
            return None
        h = hashlib.blake2b(digest_size=20)
        h.update(self.environment.encode())
        h.update(article.path.encode() + b"\0" + article.url.encode() + b"\0")
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
        h.update(repr(linked).encode())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        self.used.add(key)
        try:
            record = json.loads(self._path(key).read_bytes())
        except (OSError, ValueError):
            self.misses += 1
            return None
        if not isinstance(record, dict) or record.get("key") != key:
            self.misses += 1
            return None
        self.hits += 1
        return record

    def put(self, key: str, record: dict) -> None:
        self.used.add(key)
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_name(f"{path.name}.{os.getpid()}.part")
            part.write_text(json.dumps({**record, "key": key}), encoding="utf-8")
            os.replace(part, path)
            self.written += 1
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def prune(self) -> None:
        """Drop entries this build did not use, once they outnumber the used ones:
        edited articles leave old entries behind."""
        if not self.written or not self.folder.is_dir():
            return
        entries = [p for shard in self.folder.iterdir() if shard.is_dir() for p in shard.iterdir()]
        if len(entries) <= 2 * len(self.used) + 64:
            return
        for path in entries:
            if path.stem not in self.used:
                try:
                    path.unlink()
                except OSError:
                    pass
