"""The preview's search index: made again only when a page it indexes changed, and,
once the first build is done, after the pages a rebuild puts off (until then the
last index stays served)."""

from __future__ import annotations

from collections.abc import Callable

from briefgen.config import CONFIG_FILE, Config
from briefgen.diagnostics import Diagnostics, Position
from briefgen.engine.keys import index_key
from briefgen.page import Page
from briefgen.search_index import SearchIndexError, build_index, index_version


class PreviewIndex:
    """`held(rel)` gives the key of the bytes output file `rel` holds (None: it was
    not rendered); `read(rel)` gives those bytes."""

    def __init__(self, held: Callable[[str], str | None], read: Callable[[str], bytes | None]):
        self.held = held
        self.read = read
        self.files: dict[str, bytes] = {}  # the index's files as last made
        self.key: str | None = None  # the key of the pages they were made of
        self.job: tuple[list[Page], Config] | None = None  # put off: made by `finish`

    def put(self, pages: list[Page], output, config: Config, defer: bool) -> None:
        """The index of `pages` into `output`: the last one when `defer` (and there
        is one), to be made again by `finish`."""
        self.job = None
        if defer and self.key is not None:
            self.job = (pages, config)
            files = self.files
        else:
            files = self._made(pages, config)
        for rel, data in files.items():
            output.add(rel, data)

    def _made(self, pages: list[Page], config: Config) -> dict[str, bytes]:
        # (Page keys hold the settings, the language among them.)
        key = index_key(index_version(), pages, [self.held(page.output_file) for page in pages])
        if key != self.key:
            self.files = build_index(pages, self.read, config.language)
            self.key = key
        return dict(self.files)

    def finish(self, diags: Diagnostics) -> dict[str, bytes] | None:
        """The index made after the put-off pages, if one was put off."""
        if self.job is None:
            return None
        pages, config = self.job
        self.job = None
        if any(self.held(page.output_file) is None for page in pages):
            return None  # a page failed to render: no index until it is fixed
        try:
            return self._made(pages, config)
        except SearchIndexError as exc:
            diags.error(CONFIG_FILE, Position(1, 1), f"cannot build the search index: {exc}")
            return None
