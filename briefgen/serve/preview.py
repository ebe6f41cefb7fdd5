"""`briefgen serve`: build, serve, watch, rebuild what changed, tell open pages.

One thread rebuilds, one serves HTTP (a thread per request), one watches files.
A rebuild holds the site (`Site.building`) while it compiles and writes, so a
request during a rebuild waits and then gets the new page. When the change is an
edit of articles that needs no relinking, their open pages are rendered first and
published on their own (`IncrementalBuilder.early`): requests for them are answered
while the rest of the rebuild runs. Pages nobody has open may be rendered after the
rest is published; requests for them wait for them.
A build with errors publishes nothing: the last good site stays, and every page
shows the errors above it until they are fixed.
"""

from __future__ import annotations

import dataclasses
import errno
import gc
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from briefgen.build import BuildOptions, Compiled, UsageError
from briefgen.diagnostics import Diagnostic
from briefgen.incremental import Early, IncrementalBuilder, Rebuild
from briefgen.serve.server import Hub, Site, make_server
from briefgen.serve.watcher import Watcher
from briefgen.write import update_in_place

# A file caught half-written fails to parse; before such errors are reported, the
# build is tried once more after this long (or after the writer's next event).
RETRY_SECONDS = 0.15
PORT_TRIES = 20
OPEN_PAGES_FIRST_SECONDS = 0.3
FULL_COLLECTION_EVERY = 100  # rebuilds
# Saves may stop the rendering of put-off pages this many rebuilds in a row; the
# next one renders them all.
STOPPED_IN_A_ROW_AT_MOST = 3


def _diagnostic_json(diagnostic: Diagnostic) -> dict:
    return dataclasses.asdict(diagnostic)


def _errors_json(compiled: Compiled, errors: list[Diagnostic]) -> list[dict]:
    """The errors for the overlay; a drifted quote's error also carries the passage
    it now matches, which the overlay shows apart from the message."""
    drifts = {
        (article.path, drift.quote_line, drift.quote_col): drift
        for article in (compiled.archive.articles if compiled.archive else [])
        for drift in article.drifts
        if drift.fixable
    }
    found = []
    for diagnostic in errors:
        item = _diagnostic_json(diagnostic)
        drift = drifts.get((diagnostic.path, diagnostic.line, diagnostic.col))
        if drift is not None and diagnostic.message.startswith(drift.message()):
            item["suggestion"] = {
                "passage": drift.passage,
                "line": drift.line,
                "col": drift.col,
                "similarity": drift.percent,
            }
        found.append(item)
    return found


class Preview:
    def __init__(
        self,
        root: Path,
        options: BuildOptions | None = None,
        host: str = "127.0.0.1",
        port: int = 8000,
        out: Path | None = None,
        stream=None,
        debounce: float | None = None,
        observer_class=None,
        next_free_port: bool = True,
    ):
        self.root = root
        self.options = dataclasses.replace(options or BuildOptions(), serving=True)
        self.host = host
        self.port = port
        self.next_free_port = next_free_port
        self.stream = stream or sys.stderr
        # The output folder: a temporary one unless given, made by start() and
        # removed by stop().
        self.out = out
        self.made_out: Path | None = None
        self.site = Site()
        self.hub = Hub()
        self.builder = IncrementalBuilder(root, self.options)
        watcher_args = {"warn": self.say, "observer_class": observer_class}
        if debounce is not None:
            watcher_args["debounce"] = debounce
        self.watcher = Watcher(root, **watcher_args)
        self.published: dict[str, bytes] = {}
        self.last_printed: list[Diagnostic] | None = None
        self.stopping = threading.Event()
        self.server = None
        self.threads: list[threading.Thread] = []
        self.url = ""
        # Statistics, also for tests: finished rebuilds and when the last one ended.
        self.rebuilds = 0
        self.since_collected = 0
        self.done = threading.Condition()
        # Rebuilds in a row whose put-off pages a save stopped (see _save_waiting).
        self.stopped_in_a_row = 0

    def say(self, message: str) -> None:
        print(message, file=self.stream, flush=True)

    # -- life cycle --------------------------------------------------------------

    def start(self) -> str:
        """Build, start serving and watching; returns the site's URL."""
        if self.out is None:
            self.out = self.made_out = Path(tempfile.mkdtemp(prefix="briefgen-preview-"))
        self.out.mkdir(parents=True, exist_ok=True)
        self.site.set_out(self.out)
        self.say(f"building {self.root} ...")
        self.rebuild(None, first=True)
        self.server = self._bind()
        port = self.server.server_address[1]
        self.url = f"http://{self._host_for_url()}:{port}{self.site.base_path}"
        self.watcher.start()
        serve = lambda: self.server.serve_forever(poll_interval=0.1)  # noqa: E731
        for target in (serve, self._loop):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self.threads.append(thread)
        how = " (polling)" if self.watcher.polling else ""
        self.say(f"serving {self.url}  (watching content/, templates/, briefgen.yaml{how})")
        self.say("press Ctrl-C to stop")
        return self.url

    def _host_for_url(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    def _bind(self):
        last_error = None
        tries = PORT_TRIES if self.next_free_port and self.port else 1
        for offset in range(tries):
            port = self.port + offset if self.port else 0
            try:
                server = make_server(self.host, port, self.site, self.hub)
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    message = f"cannot listen on {self.host}:{port}: {exc.strerror}"
                    raise UsageError(message) from None
                last_error = exc
                continue
            if offset:
                self.say(f"port {self.port} is in use; serving on port {port} instead")
            return server
        if tries == 1:
            raise UsageError(
                f"port {self.port} on {self.host} is in use (another briefgen serve?); "
                "pass --port N for another one"
            ) from last_error
        raise UsageError(
            f"ports {self.port} to {self.port + tries - 1} on {self.host} are all in use; "
            "pass --port N for another one"
        ) from last_error

    def stop(self) -> None:
        self.stopping.set()
        self.watcher.stop()
        self.hub.close()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)
        if self.made_out is not None:
            shutil.rmtree(self.made_out, ignore_errors=True)

    # -- rebuilding --------------------------------------------------------------

    def _loop(self) -> None:
        while not self.stopping.is_set():
            batch = self.watcher.wait_batch(timeout=0.25)
            if batch is None or self.stopping.is_set():
                continue
            try:
                self._rebuild_and_retry(batch)
            except Exception as exc:  # noqa: BLE001 - the server must keep running
                self.say(f"briefgen: rebuild failed unexpectedly: {type(exc).__name__}: {exc}")

    def _rebuild_and_retry(self, batch: set[str]) -> None:
        result = self.rebuild(batch, report_errors=False)
        if result is not None and result.compiled.failed(False):
            more = self.watcher.wait_batch(timeout=RETRY_SECONDS) or set()
            erring = {d.path for d in result.compiled.diagnostics.errors}
            self.rebuild(more | erring | batch)

    def rebuild(
        self, hints: set[str] | None, first: bool = False, report_errors: bool = True
    ) -> Rebuild | None:
        # The archive is millions of objects: a garbage collection in the middle of a
        # rebuild costs hundreds of milliseconds at 1,000 articles. None runs during
        # one. What a rebuild keeps lives until a later one replaces it, and is then
        # freed by reference counting: it is frozen, so that the collector never walks
        # it (walking what one rebuild keeps takes 200 ms at 10,000 articles, in the
        # way of the next save). A rebuild leaves a few dozen objects in reference
        # cycles; those are collected with a full collection now and then.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._rebuild(hints, first, report_errors)
        finally:
            if collecting:
                self.since_collected += 1
                if first or self.since_collected >= FULL_COLLECTION_EVERY:
                    gc.unfreeze()
                    gc.collect()
                    self.since_collected = 0
                gc.freeze()
                gc.enable()

    def _rebuild(self, hints: set[str] | None, first: bool, report_errors: bool) -> Rebuild | None:
        site = self.site
        started = time.perf_counter()
        with site.cond:
            site.building = True
        early: Early | None = None
        first_pages = None  # seconds until the open pages were published, if ahead
        published_first: list[str] = []
        published = False
        try:
            self.builder.set_urgent(self.hub.open_pages())
            if not first:
                early = self.builder.early(hints)
                if early is not None and early.files:
                    published_first = self._publish_early(early)
                    first_pages = time.perf_counter() - started
                    self._let_open_pages_fetch(published_first, site.base_path)
            result = self.builder.rebuild(hints)
            if early is not None:
                result.changes = early.changes + result.changes
            compiled = result.compiled
            if compiled.failed(False):
                if not report_errors:
                    return result
                errors = [d for d in compiled.diagnostics.sorted() if d.severity == "error"]
                with site.cond:
                    site.errors = _errors_json(compiled, errors)
                    site.generation += 1
                    generation = site.generation
                self._print(compiled.diagnostics.sorted(), force=True)
                count = len(errors)
                self.say(
                    f"build failed: {count} error{'s' * (count != 1)}; "
                    + ("nothing to serve yet" if first else "still serving the last good build")
                )
                self.hub.broadcast(
                    "build", {"errors": site.errors, "paths": [], "generation": generation}
                )
                self._count()
                return result
            base = compiled.config.base_path
            changed = self._publish(compiled.files, complete=True)
            with site.cond:
                had_errors = bool(site.errors)
                site.base_path = base
                site.errors = []
                site.pending = set(result.deferred)
                site.ready = set()
                site.fetched = set()
                site.generation += 1
                generation = site.generation
            published = True
        finally:
            with site.cond:
                site.building = False
                site.ready = set()
                if not published:
                    # Pages left to this rebuild by the last one stay as they are
                    # until a rebuild succeeds: requests get them now, not later.
                    site.pending = set()
                site.cond.notify_all()
        claim = None
        if result.changes:
            change = result.changes[0]
            page = base + change.article_url.lstrip("/")
            claim = {"path": page, "id": f"claim-{change.claim_id}"}
        self._announce(changed, base, claim, generation, always=had_errors)
        if result.deferred:
            self._let_open_pages_fetch(changed, base)
            later = self._finish_deferred(result)
            self._announce(later, base, claim, generation)
            changed += later
        self._print(compiled.diagnostics.sorted())
        seconds = time.perf_counter() - started
        count = len(set(changed) | set(published_first))
        if first:
            self.say(f"built {len(compiled.pages)} pages in {seconds:.2f} s")
        else:
            self.say(
                f"{time.strftime('%H:%M:%S')} rebuilt in {seconds * 1000:.0f} ms: "
                f"{count} file{'s' * (count != 1)} changed"
                + ("; errors fixed" if had_errors else "")
                + (f" (open page in {first_pages * 1000:.0f} ms)" if first_pages else "")
            )
        self._count()
        return result

    def _publish_early(self, early: Early) -> list[str]:
        """Publish the open pages `early` rendered and tell them; returns the files
        that changed."""
        site = self.site
        base = site.base_path
        changed = self._publish(early.files, complete=False)
        with site.cond:
            site.ready = set(early.files)
            site.fetched = set()
            site.generation += 1
            generation = site.generation
            site.cond.notify_all()
        claim = None
        if early.changes:
            page = base + early.changes[0].article_url.lstrip("/")
            claim = {"path": page, "id": f"claim-{early.changes[0].claim_id}"}
        self._announce(changed, base, claim, generation)
        return changed

    def _save_waiting(self) -> bool:
        """Whether to leave the rest of the put-off pages to the next rebuild: a save
        is waiting. Not after STOPPED_IN_A_ROW_AT_MOST rebuilds in a row did so, so
        that saves every second on a large archive never keep the lists from
        being rendered."""
        if self.stopping.is_set():
            return True
        return self.stopped_in_a_row < STOPPED_IN_A_ROW_AT_MOST and self.watcher.pending()

    def _count(self) -> None:
        with self.done:
            self.rebuilds += 1
            self.done.notify_all()

    def _let_open_pages_fetch(self, changed: list[str], base: str) -> None:
        """Give the open pages just told of a change the time to fetch it before
        the put-off pages take the processor (up to OPEN_PAGES_FIRST_SECONDS)."""
        wanted = set(changed) & self.hub.open_pages()
        if wanted:
            self.site.wait_fetched(wanted, OPEN_PAGES_FIRST_SECONDS)

    def _finish_deferred(self, result: Rebuild) -> list[str]:
        """Render the pages the rebuild put off, unless a save comes first: then the
        ones not yet rendered are left to the rebuild of that save (requests for them
        wait for it), which starts at once instead of after all of them."""
        site = self.site
        left: list[str] = []
        try:
            self.builder.finish_deferred(result.compiled, stop=self._save_waiting)
            left = self.builder.put_off()
            self.stopped_in_a_row = self.stopped_in_a_row + 1 if left else 0
            # Complete: a new search index replaces the files of the last one.
            changed = self._publish(result.compiled.files, complete=True)
        finally:
            with site.cond:
                site.pending = set(left)
                site.cond.notify_all()
        if left:
            self.say(f"{len(left)} put-off file{'s' * (len(left) != 1)} left to the next rebuild")
        if result.compiled.diagnostics.errors:  # a template failed on a put-off page
            self._print(result.compiled.diagnostics.sorted(), force=True)
        return changed

    def _announce(
        self, changed: list[str], base: str, claim: dict | None, generation: int, always=False
    ) -> None:
        if not changed and not always:
            return
        urls = [base + rel.removesuffix("index.html") for rel in changed]
        self.hub.broadcast(
            "build", {"errors": [], "paths": urls, "claim": claim, "generation": generation}
        )

    def _publish(self, files: dict[str, bytes], complete: bool) -> list[str]:
        """Write the files whose bytes changed (and, for a complete build, delete the
        ones that vanished); returns the paths that changed."""
        changed = [rel for rel, data in files.items() if self.published.get(rel) != data]
        removed = sorted(set(self.published) - set(files)) if complete else []
        if changed or removed:
            writes = {rel: files[rel] for rel in changed}
            update_in_place(self.out, writes, set(changed) | set(removed))
            for rel in removed:
                self._prune_folders(rel)
        for rel in changed:
            self.published[rel] = files[rel]
        for rel in removed:
            del self.published[rel]
        with self.site.cond:
            self.site.files = set(self.published)
        return sorted(changed + removed)

    def _prune_folders(self, rel: str) -> None:
        folder = (self.out / rel).parent
        while folder != self.out and folder.is_relative_to(self.out):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent

    def _print(self, diagnostics: list[Diagnostic], force: bool = False) -> None:
        if not force and diagnostics == self.last_printed:
            return
        self.last_printed = diagnostics
        for diagnostic in diagnostics:
            self.say(diagnostic.format())

    # -- for tests and benchmarks -------------------------------------------------

    def wait_rebuilds(self, count: int, timeout: float = 10) -> bool:
        """Wait until `count` rebuilds have finished since start."""
        with self.done:
            return self.done.wait_for(lambda: self.rebuilds >= count, timeout=timeout)
