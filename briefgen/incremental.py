"""The preview server's rebuilds: `compile_site` on what the last rebuild left.

Between rebuilds the archive's documents stay in memory, keyed by path with their
document keys (engine/keys.py). A rebuild re-reads and re-validates only the files
whose stat changed or that the watcher named, re-links everything, re-renders only
the articles and pages whose keys changed, and gives byte for byte what a clean
`compile_site` gives. Its one fast path: an edit that linking does not look at is
patched into the linked archive (engine/patch.py), and the article's open page is
rendered ahead of the rebuild (engine/early.py); anything else takes the full path.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from briefgen.build import BuildOptions, Compiled, compile_site
from briefgen.engine.early import Early, Rebuild, early
from briefgen.engine.steps import Engine
from briefgen.search_index import INDEX_FOLDER

__all__ = ["Early", "IncrementalBuilder", "Rebuild"]


class IncrementalBuilder:
    """Rebuilds the archive at `root` for the preview, reusing what did not change."""

    def __init__(self, root: Path, options: BuildOptions, defer_pages: bool = True):
        self.root = root
        self.options = options
        # The engine of `build`, kept warm: files, archive and pages stay in memory.
        self.stages = Engine(warm=True)
        self.defer_pages = defer_pages

    def rebuild(self, hints: set[str] | None = None) -> Rebuild:
        started = time.perf_counter()
        self.stages.begin(hints)
        compiled = compile_site(self.root, self.options, self.stages)
        self.stages.end(compiled)
        deferred = self.put_off()
        pages = self.stages.page_store
        if pages.index.job is not None:
            # Requests for the index wait for the new one.
            deferred += sorted(pages.index.files)
        result = Rebuild(
            compiled,
            time.perf_counter() - started,
            list(self.stages.fast_path.changes),
            deferred,
            dict(self.stages.stats),
        )
        pages.defer = self.defer_pages
        return result

    def finish_deferred(
        self, compiled: Compiled, stop: Callable[[], bool] | None = None
    ) -> dict[str, bytes]:
        """Render the pages the last rebuild put off, into `compiled.files`; returns
        those rendered (changed or not). `stop()`, asked between pages, leaves the
        rest to the next rebuild (`put_off` names them), with the search index."""
        pages = self.stages.page_store
        files = pages.render_deferred(compiled.diagnostics, stop)
        compiled.files.update(files)
        if pages.deferred:
            return files  # the index is made after every page
        index = pages.index.finish(compiled.diagnostics)
        if index is not None:
            # A new index has new file names: the old ones go.
            for rel in [rel for rel in compiled.files if rel.startswith(f"{INDEX_FOLDER}/")]:
                if rel not in index:
                    del compiled.files[rel]
            compiled.files.update(index)
            files.update(index)
        return files

    def put_off(self) -> list[str]:
        """The output files `finish_deferred` was stopped before rendering."""
        return [item.page.output_file for item in self.stages.page_store.deferred]

    def set_urgent(self, output_files: set[str]) -> None:
        self.stages.page_store.urgent = set(output_files)

    def early(self, hints: set[str] | None) -> Early | None:
        """Before `rebuild(hints)`: when the hints name only articles whose edits need
        no relinking, patch them and render their pages that are open (`set_urgent`).
        What it returns is what the rebuild then gives for those pages."""
        if hints is None or not self.defer_pages:
            return None
        return early(self.stages, hints)
