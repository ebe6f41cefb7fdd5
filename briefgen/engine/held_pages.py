"""The preview's pages: held in memory between rebuilds, by key (engine/memo.py).

A page is rendered again only when no bytes are held under its present key. Once
the first build is done, a rebuild renders the pages open in a browser (`urgent`)
and new pages at once, and puts off the others until those are published: the
reader sees the page they look at without waiting for the archive-wide lists.
Requests for put-off pages wait for them (`render_deferred`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from briefgen.diagnostics import Diagnostics
from briefgen.engine.memo import PAGES, MemoryMemo
from briefgen.engine.page_stores import PageKey, PageStore
from briefgen.engine.preview_index import PreviewIndex
from briefgen.page import Page
from briefgen.theme import template_error


@dataclass
class Deferred:
    page: Page
    render: Callable[[], bytes]


class HeldPages(PageStore):
    """`unchanged(page)`: whether the page is known to show nothing that changed
    since it was last rendered (the preview's fast path: engine/patch.py), so that
    it is not even keyed."""

    def __init__(self, unchanged: Callable[[Page], bool]):
        self.root = None  # the archive's (for template errors)
        self.unchanged = unchanged
        self.key: PageKey = None
        self.memo = MemoryMemo()
        self.held_keys: dict[str, str] = {}  # output file -> the key of what it holds
        self.jobs: dict[str, tuple[Page, Callable[[], bytes]]] = {}  # by output file
        self.seen: set[str] = set()  # output files of this rebuild
        self.urgent: set[str] = set()
        self.defer = False
        self.deferred: list[Deferred] = []
        self.stale: set[str] = set()  # put off and never rendered
        self._keys: dict[str, str] = {}  # the keys of the pages being rendered
        self.index = PreviewIndex(lambda out: self.held_keys.get(out), self.held)

    def new_run(self) -> None:
        self.seen = set()
        self.stale.update(item.page.output_file for item in self.deferred)
        self.deferred = []
        self.index.job = None

    def run_done(self) -> None:
        """The rebuild made every page: what it did not list is let go."""
        self.held_keys = {k: v for k, v in self.held_keys.items() if k in self.seen}
        self.memo.keep(PAGES, set(self.held_keys.values()))
        self.jobs = {k: v for k, v in self.jobs.items() if k in self.seen}
        self.stale = set()

    def forget(self) -> None:
        """Nothing held is reused (the settings changed: they reach every page)."""
        self.held_keys.clear()
        self.memo.keep(PAGES, set())

    def held(self, out: str) -> bytes | None:
        """The bytes output file `out` holds now, if it was rendered."""
        key = self.held_keys.get(out)
        return self.memo.get(PAGES, key) if key is not None else None

    def hold(self, out: str, key: str, data: bytes) -> None:
        self.memo.put(PAGES, key, data)
        self.held_keys[out] = key

    def begin(self, jobs: list[tuple], output, key: PageKey, root) -> None:
        self.key = key
        self.root = root

    def kept(self, page: Page, render: Callable[[], bytes]) -> bytes | None:
        out = page.output_file
        self.seen.add(out)
        self.jobs[out] = (page, render)
        previous = self.held(out)
        if previous is not None and out not in self.stale and self.unchanged(page):
            return previous
        if self.defer and previous is not None and out not in self.urgent:
            self.deferred.append(Deferred(page, render))
            return previous
        return self._held_by_key(page)

    def _held_by_key(self, page: Page) -> bytes | None:
        out = page.output_file
        key = self._keys[out] = self.key(page)
        data = self.memo.get(PAGES, key)
        if data is not None:
            self.held_keys[out] = key
        return data

    def made(self, page: Page, data: bytes) -> None:
        out = page.output_file
        self.hold(out, self._keys.pop(out), data)

    def failed(self, page: Page) -> None:
        self._keys.pop(page.output_file, None)
        self.held_keys.pop(page.output_file, None)  # rendered again (and failing) next time

    def search_index(self, pages: list[Page], output, config) -> None:
        self.index.put(pages, output, config, defer=self.defer)

    def render_deferred(
        self, diags: Diagnostics, stop: Callable[[], bool] | None = None
    ) -> dict[str, bytes]:
        """Render the pages put off by the last rebuild; returns those rendered.
        `stop()` is asked before each page: once it says so, the rest stay put off
        (`deferred`), and the next rebuild renders them (see `new_run`)."""
        files: dict[str, bytes] = {}
        done = 0
        for item in self.deferred:
            if stop is not None and stop():
                break
            done += 1
            out = item.page.output_file
            data = self._held_by_key(item.page)
            if data is None:
                try:
                    data = item.render()
                except jinja2.TemplateError as exc:
                    template_error(exc, self.root, diags)
                    self.failed(item.page)
                    continue
                self.made(item.page, data)
            files[out] = data
        self.deferred = self.deferred[done:]
        return files
