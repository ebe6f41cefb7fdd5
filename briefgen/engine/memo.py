"""Where results of costly steps are kept, by (step, key): in memory for the
preview server, which keeps them across rebuilds, and in a SQLite file for `build`,
which keeps them across runs. The key of a step is made in keys.py; the memo only
stores, so both remember the very same results under the very same keys."""

from __future__ import annotations

import json
from typing import Protocol

# The steps whose results are kept: DOCUMENTS (a content file read and validated:
# validated_records.validated_entry) and ARTICLES (an article's body rendered:
# records.article_record) are tables of the SQLite store, which makes them.
from briefgen.cache import ARTICLES, DOCUMENTS, CacheStore

__all__ = ["ARTICLES", "DOCUMENTS", "PAGES", "CacheStore", "Memo", "MemoryMemo", "SqliteMemo"]

PAGES = "pages"  # a page's bytes (in memory only: `build` keeps pages as files)


class Memo(Protocol):
    def get(self, step: str, key: str) -> object | None: ...

    def put(self, step: str, key: str, value: object) -> None: ...

    def close(self) -> None: ...


class MemoryMemo:
    """Results as they are, in memory. `retain` drops what a run did not use."""

    def __init__(self) -> None:
        self.steps: dict[str, dict[str, object]] = {}
        self.used: dict[str, set[str]] = {}
        self.hits: dict[str, int] = {}

    def get(self, step: str, key: str) -> object | None:
        self.used.setdefault(step, set()).add(key)
        value = self.steps.get(step, {}).get(key)
        if value is not None:
            self.hits[step] = self.hits.get(step, 0) + 1
        return value

    def put(self, step: str, key: str, value: object) -> None:
        self.used.setdefault(step, set()).add(key)
        self.steps.setdefault(step, {})[key] = value

    def keep(self, step: str, keys: set[str]) -> None:
        """Drop the results of `step` not under one of `keys`."""
        values = self.steps.get(step, {})
        self.steps[step] = {k: v for k, v in values.items() if k in keys}
        self.used.pop(step, None)
        self.hits.pop(step, None)

    def retain(self) -> None:
        """Keep only what was used since the last call."""
        for step, values in self.steps.items():
            used = self.used.get(step, set())
            self.steps[step] = {k: v for k, v in values.items() if k in used}
        self.used = {}
        self.hits = {}

    def close(self) -> None:
        self.retain()


class SqliteMemo:
    """Results as JSON in `.briefgen-cache/cache.sqlite` (cache.CacheStore), one
    table per step. Each entry holds its own key, so a damaged or mixed-up row is
    never taken for a result. `close` commits and drops entries the run did not use
    once they outnumber the used ones."""

    def __init__(self, store: CacheStore):
        self.store = store
        self.used: dict[str, set[str]] = {}
        self.written: dict[str, int] = {}
        self.hits: dict[str, int] = {}

    def get(self, step: str, key: str) -> dict | None:
        self.used.setdefault(step, set()).add(key)
        text = self.store.get(step, key)
        try:
            value = json.loads(text) if text is not None else None
        except ValueError:
            value = None
        if not isinstance(value, dict) or value.get("key") != key:
            return None
        self.hits[step] = self.hits.get(step, 0) + 1
        return value

    def put(self, step: str, key: str, value: dict) -> None:
        self.used.setdefault(step, set()).add(key)
        self.store.put(step, key, json.dumps({**value, "key": key}))
        self.written[step] = self.written.get(step, 0) + 1

    def close(self) -> None:
        for step in self.written:
            self.store.prune(step, self.used.get(step, set()))
        self.store.close()
