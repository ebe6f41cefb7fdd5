"""Where rendered pages are kept between runs, and what of them a run may reuse.

`Engine.pages` asks its store, page by page, what the page holds already (`kept`);
only the pages it has nothing for are rendered, and each result is handed back
(`made`, or `failed` for a template error). The store also makes the search index,
since whether the last one still holds depends on which pages it kept. Three:

- `PageStore`: nothing is kept; every page is rendered (`check`, `export`, a
  build with --no-cache);
- `SitePages`: `build`'s output folder, with the record of each page's key beside
  it (cache.PageRecord): a page whose key is the one it was written with is left
  as it is in the folder;
- `HeldPages` (engine/held_pages.py): the preview's pages, in memory.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from briefgen.cache import CACHE_DIR, PageRecord
from briefgen.engine.keys import index_key, key_of
from briefgen.page import Page
from briefgen.search_index import INDEX_FOLDER, build_index, index_folder, index_version
from briefgen.write import StagedSite, Stored

INDEX_ENTRY = f"{INDEX_FOLDER}/pagefind-entry.json"

# A page's key (engine/keys.py), or None when the run keeps no keys.
PageKey = Callable[[Page], str] | None


class PageStore:
    """Keeps nothing: every page is rendered, and the search index made afresh."""

    def new_run(self) -> None:
        """A run of an engine kept warm starts (the preview's rebuild)."""

    def run_done(self) -> None:
        """That run went through every page: what it did not list may go."""

    def forget(self) -> None:
        """Nothing kept may be reused (the settings changed: they reach every page)."""

    def begin(self, jobs: list[tuple], output, key: PageKey, root: Path | None) -> None:
        """A run's pages are about to be asked for (`jobs`: (page, render))."""

    def kept(self, page: Page, render: Callable[[], bytes]) -> bytes | Stored | None:
        """What `page` holds without rendering it: its bytes, a `Stored` when it is
        in the output already, or None: it is rendered."""
        return None

    def made(self, page: Page, data: bytes | Stored) -> None:
        """`page` was rendered to `data`."""

    def failed(self, page: Page) -> None:
        """Rendering `page` raised a template error."""

    def search_index(self, pages: list[Page], output, config) -> None:
        if isinstance(output, StagedSite):
            # Indexed where the pages are, and written where the index goes: a large
            # site is neither copied nor held in memory for it.
            output.open()
            folder = output.folder(INDEX_FOLDER)
            site = output.gathered([page.output_file for page in pages])
            for rel in index_folder(site, pages, folder, config.language):
                output.note(f"{INDEX_FOLDER}/{rel}", True)
            return
        for rel, data in build_index(pages, output.read, config.language).items():
            output.add(rel, data)

    def committed(self, out: Path) -> None:
        """The output has been written into `out`."""


def _previous_index(out: Path) -> list[str] | None:
    """The files of the index in `out`, when it is whole (its entry names metadata
    that is there)."""
    folder = out / INDEX_FOLDER
    try:
        entry = json.loads((out / INDEX_ENTRY).read_bytes())
        hashes = [language["hash"] for language in entry["languages"].values()]
        if not all((folder / f"pagefind.{h}.pf_meta").is_file() for h in hashes):
            return None
        return sorted(
            path.relative_to(out).as_posix() for path in folder.rglob("*") if path.is_file()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


class SitePages(PageStore):
    """`build`'s output folder: a page the last build into the same folder wrote from
    the very same inputs (the same key) is kept there instead of rendered. `options`:
    the build's options, part of the record's name."""

    def __init__(self, options: object = None):
        self.options = options
        self.root: Path | None = None
        self.page_keys: dict[str, str] = {}  # output file -> key, for the next build
        # Output file -> its page record entry ([key, size, mtime]) while it holds: for
        # each file kept from the last build (not touched), and, once the output is
        # committed, for every page (no need to stat any of them again).
        self.kept_entries: dict[str, list] = {}
        # The last build's page record (the index's entry is looked up in it too).
        self.last_record: PageRecord | None = None
        self._reusable: set[str] = set()

    def _record_path(self, out: Path) -> Path:
        name = key_of(str(out.resolve()), repr(self.options))
        return self.root / CACHE_DIR / "pages" / f"{name}.json"

    def begin(self, jobs: list[tuple], output, key: PageKey, root: Path | None) -> None:
        self.root = root
        self.page_keys, self.kept_entries, self.last_record = {}, {}, None
        self._reusable = set()
        if key is None or root is None or not isinstance(output, StagedSite):
            return
        record = self.last_record = PageRecord.load(self._record_path(output.out))
        for page, _ in jobs:
            rel = page.output_file
            self.page_keys[rel] = page_key = key(page)
            if record.reusable(output.out, rel, page_key) and output.keep(rel):
                self.kept_entries[rel] = record.pages[rel]
                self._reusable.add(rel)

    def kept(self, page: Page, render: Callable[[], bytes]) -> Stored | None:
        return Stored(False) if page.output_file in self._reusable else None

    def search_index(self, pages: list[Page], output, config) -> None:
        """The index of the last build when every page it indexed is the same page
        now (Pagefind writes filters in a different order each run, so a new index of
        the same pages would rewrite files for nothing); a new one otherwise."""
        keys = [self.page_keys.get(page.output_file) for page in pages]
        out = output.out if isinstance(output, StagedSite) else None
        if keys and None not in keys and out is not None:
            key = index_key(index_version(), pages, keys)
            self.page_keys[INDEX_ENTRY] = key
            record = self.last_record or PageRecord.load(self._record_path(out))
            if record.reusable(out, INDEX_ENTRY, key):
                previous = _previous_index(out)
                if previous is not None and all(output.keep(rel) for rel in previous):
                    for rel in previous:
                        output.note(rel, False)
                    self.kept_entries[INDEX_ENTRY] = record.pages[INDEX_ENTRY]
                    return
                # Partly linked: the index is made again, over what was linked.
                shutil.rmtree(output.folder(INDEX_FOLDER), ignore_errors=True)
        super().search_index(pages, output, config)

    def committed(self, out: Path) -> None:
        """Note each page's key beside the output just written, for the next build;
        the entries noted are what `kept_entries` holds from then on."""
        if self.page_keys and self.root is not None:
            record = PageRecord(self._record_path(out))
            self.kept_entries = record.save(out, self.page_keys, self.kept_entries)
