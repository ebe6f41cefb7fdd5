"""`briefgen build` across processes and with a cache: the Stages of a full build.

Each article's body is rendered independently of the others, and so is each page
once mentions are indexed, so both are spread over worker processes. Workers are
forked after the archive is loaded and linked, so they inherit it (and the render
closures of `compile_site`) instead of receiving it; they send back only results:
a page's bytes, or an article's rendering as a plain record (`article_record`),
which the parent applies to its own objects. Records are also what the render
cache stores. Results are applied in the archive's order, so the output and the
order of diagnostics are those of a serial build.

Anything unexpected in a worker (a template error, a bug) is not reported from
there: the parent renders that item itself, so the error surfaces exactly as in a
serial build.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from briefgen.build import Stages, Stored
from briefgen.cache import (
    CACHE_DIR,
    CacheStore,
    DocumentCache,
    RenderCache,
    environment_digest,
)
from briefgen.diagnostics import Diagnostic, Diagnostics
from briefgen.link import link
from briefgen.load import Document, discover, read_document
from briefgen.model import Article, Mention
from briefgen.pagekeys import PageInputs, PageRecord, key_of
from briefgen.progress import Progress
from briefgen.reanchor import Drift
from briefgen.search_index import INDEX_FOLDER, index_version
from briefgen.validate import validate
from briefgen.write import StagedSite

# Below this many items a pool costs more than it saves.
MIN_PARALLEL = 16
# A build makes millions of short-lived objects (tokens, per-character maps) beside
# a large archive that lives to the end. With the default thresholds the cyclic
# collector walks that archive again and again: a sixth of a build's time, and
# growing with the archive. So the build collects less often, and the loaded archive
# is frozen out of collection (which also keeps forked workers from touching, and
# so copying, its memory).
BUILD_GC_THRESHOLD = (20_000, 20, 20)
# A forked worker shares the parent's memory until it touches an object: then
# Python's reference counting copies the page it lies on. A worker that renders
# long ends up with a private copy of most of the archive; one that is replaced
# after this many chunks of work (forking again costs a few milliseconds) never
# holds much more than what it renders at the moment.
WORKER_CHUNKS = 8


INDEX_ENTRY = f"{INDEX_FOLDER}/pagefind-entry.json"


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


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --- articles as records -----------------------------------------------------------


def article_record(article: Article, diags: Diagnostics) -> dict:
    """What rendering set on `article`, as JSON-ready values."""
    claim_index = {id(claim): n for n, claim in enumerate(article.claims)}
    return {
        "body_html": article.body_html,
        "toc": [list(entry) for entry in article.toc],
        "summary": article.summary,
        "word_count": article.word_count,
        "sources_cited": [source.id for source in article.sources_cited],
        "source_claims": [
            [source_id, [claim_index[id(claim)] for claim in claims]]
            for source_id, claims in article.source_claims.items()
        ],
        "mentions": [
            [m.entity_id, m.anchor, m.text, m.sentence, m.section, m.linked]
            for m in article.mentions
        ],
        "claims": [
            [[citation.number for citation in claim.citations], claim.note_html, claim.context]
            for claim in article.claims
        ],
        "diagnostics": [[d.path, d.line, d.col, d.severity, d.message] for d in diags.items],
        "drifts": [drift.as_list() for drift in article.drifts],
    }


def apply_record(article: Article, record: dict, diags: Diagnostics) -> None:
    """Set on `article` what rendering it would set, from its record."""
    sources = {
        citation.source_id: citation.source
        for claim in article.claims
        for citation in claim.citations
        if citation.source is not None
    }
    article.body_html = record["body_html"]
    article.toc = [tuple(entry) for entry in record["toc"]]
    article.summary = record["summary"]
    article.word_count = record["word_count"]
    article.sources_cited = [sources[source_id] for source_id in record["sources_cited"]]
    article.source_claims = {
        source_id: [article.claims[n] for n in claims]
        for source_id, claims in record["source_claims"]
    }
    article.mentions = [
        Mention(entity_id, article, anchor, text, sentence, section, linked)
        for entity_id, anchor, text, sentence, section, linked in record["mentions"]
    ]
    for claim, (numbers, note_html, context) in zip(article.claims, record["claims"], strict=True):
        for citation, number in zip(claim.citations, numbers, strict=True):
            citation.number = number
        claim.note_html = note_html
        claim.context = tuple(context)
    diags.items.extend(Diagnostic(*item) for item in record["diagnostics"])
    # Only records with errors hold drifts, and those are never cached: older
    # cached records need no such key.
    article.drifts = [Drift(*item) for item in record.get("drifts", [])]


def _fits(article: Article, record: dict) -> bool:
    """A record made for this article's claims and citations (a cache entry is keyed
    by the file's bytes, so this only guards against a damaged entry)."""
    claims = record.get("claims")
    if not isinstance(claims, list) or len(claims) != len(article.claims):
        return False
    return all(
        isinstance(entry, list)
        and len(entry) == 3
        and len(entry[0]) == len(claim.citations)
        and len(entry[2]) in (0, 3)
        for claim, entry in zip(article.claims, claims, strict=True)
    )


# --- forked workers ----------------------------------------------------------------

# Set in the parent just before the pool forks; workers read their inherited copy.
_WORK: tuple[Callable, list] | None = None


def _run(index: int):
    function, items = _WORK
    try:
        return function(items[index])
    except Exception:  # the parent redoes this item and reports what it raises
        return None


def map_forked(function: Callable, items: list, jobs: int) -> Iterator:
    """function(item) for each item, in order, in `jobs` forked processes."""
    global _WORK
    _WORK = (function, items)
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        chunk = max(1, min(32, len(items) // (jobs * 8)))
        with context.Pool(jobs, maxtasksperchild=WORKER_CHUNKS) as pool:
            yield from pool.imap(_run, range(len(items)), chunk)
    finally:
        _WORK = None


def _render_in_worker(job) -> dict:
    article, render = job
    own = Diagnostics()
    render(own)
    return article_record(article, own)


def _read_in_worker(job) -> tuple:
    root, path, kind = job
    own = Diagnostics()
    return read_document(root, path, kind, own), own.items


def _page_in_worker(job) -> bytes | Stored:
    page, render = job
    data = render()
    staged = _OUTPUT
    if staged is None:
        return data
    # Written here rather than sent back: the parent never holds the site.
    return Stored(staged.put(page.output_file, data))


# The StagedSite that pages go to, set in the parent before the pool forks.
_OUTPUT: StagedSite | None = None


class BuildStages(Stages):
    """Stages of `briefgen build`: articles and pages over `jobs` processes, article
    bodies from the cache when their inputs are unchanged."""

    def __init__(
        self,
        jobs: int = 1,
        cache: bool = False,
        progress: Progress | None = None,
        options: object = None,
    ):
        self.jobs = max(1, jobs)
        self.use_cache = cache
        self.cache: RenderCache | None = None
        self.documents: DocumentCache | None = None
        self.store: CacheStore | None = None  # where both caches keep their entries
        self.options = options
        self.progress = progress or Progress(enabled=False)
        self.articles_rendered = 0
        self.pages_reused = 0
        self._gc_threshold: tuple | None = None
        self.root: Path | None = None
        self.archive = None
        self.digests: dict[str, str] = {}  # content file -> hash of its bytes
        self.article_versions: dict[int, str] = {}  # id(article) -> render cache key
        self.page_keys: dict[str, str] = {}  # output file -> key, for the next build

    def load(self, root: Path, config, drafts: bool, diags: Diagnostics):
        if self._gc_threshold is None:
            self._gc_threshold = gc.get_threshold()
            gc.set_threshold(*BUILD_GC_THRESHOLD)
        self.root = root
        documents = self.read_documents(root, diags)
        # As build.load_archive, with the files read above.
        archive = link(validate(documents, diags), config, diags, drafts=drafts)
        self.archive = archive
        gc.freeze()
        if self.use_cache:
            self.cache = RenderCache(
                root, environment_digest(root, config, repr(self.options)), self.store
            )
        # Article bodies, then one page per article, entity, source and tag (and a
        # handful of index pages, which only make the total a little short).
        self.progress.start(
            2 * len(archive.articles)
            + len(archive.entities)
            + len(archive.sources)
            + len(archive.tags)
        )
        return archive

    def read_documents(self, root: Path, diags: Diagnostics) -> list[Document]:
        """load.load_archive_files, over processes and from the document cache."""
        found = discover(root, diags)
        documents: list[Document | None] = [None] * len(found)
        keys: list[str | None] = [None] * len(found)
        if self.use_cache:
            self.store = CacheStore(root)
            self.documents = DocumentCache(root, self.store)
            for n, (kind, path) in enumerate(found):
                rel = path.relative_to(root).as_posix()
                try:
                    data = path.read_bytes()
                except OSError:
                    continue  # read_document reports it
                keys[n] = self.documents.key(kind, rel, data)
                self.digests[rel] = keys[n]
                documents[n] = self.documents.get(keys[n], kind, rel, path)
        missing = [n for n, document in enumerate(documents) if document is None]
        results: Iterator = iter(())
        if self.jobs > 1 and len(missing) >= MIN_PARALLEL:
            todo = [(root, found[n][1], found[n][0]) for n in missing]
            results = map_forked(_read_in_worker, todo, self.jobs)
        read: dict[int, tuple | None] = dict(zip(missing, results, strict=False))
        loaded = []
        for n, (kind, path) in enumerate(found):
            document = documents[n]
            if document is None:
                outcome = read.get(n)
                if outcome is None:  # serial, or the worker failed
                    own = Diagnostics()
                    outcome = (read_document(root, path, kind, own), own.items)
                document, items = outcome
                diags.items.extend(items)
                if document is not None and not items and keys[n] and self.documents:
                    self.documents.put(keys[n], document)
            if document is not None:
                loaded.append(document)
        return loaded

    def render_articles(self, jobs: list[tuple], diags: Diagnostics) -> None:
        keys: list[str | None] = []
        records: list[dict | None] = []
        for article, _ in jobs:
            key = (
                self.cache.key(
                    article,
                    self.digests.get(article.path),
                    self.archive.lineage.article_key(article) if self.archive else (),
                )
                if self.cache
                else None
            )
            record = self.cache.get(key) if key else None
            if record is not None and not _fits(article, record):
                record = None
            keys.append(key)
            records.append(record)
            if key:
                self.article_versions[id(article)] = key
        missing = [n for n, record in enumerate(records) if record is None]
        missed = set(missing)
        if self.jobs > 1 and len(missing) >= MIN_PARALLEL:
            todo = [jobs[n] for n in missing]
            results = map_forked(_render_in_worker, todo, self.jobs)
            for n, record in zip(missing, results, strict=True):
                records[n] = record
                self.progress.advance()
        for n, (article, render) in enumerate(jobs):
            record = records[n]
            if record is None:
                # Serial, or a worker failed: render here, as a plain build does.
                own = Diagnostics()
                render(own)
                diags.items.extend(own.items)
                record = article_record(article, own)
                self.progress.advance()
            else:
                apply_record(article, record, diags)
                if n not in missed:
                    self.progress.advance()
            if n in missed:
                self.articles_rendered += 1
                if (
                    self.cache
                    and keys[n]
                    and not any(d[3] == "error" for d in record["diagnostics"])
                ):
                    self.cache.put(keys[n], record)

    def pages(self, jobs: list[tuple], output):
        global _OUTPUT
        reused = self._reusable_pages(jobs, output)
        todo = [job for job, reuse in zip(jobs, reused, strict=True) if not reuse]
        if self.jobs > 1 and len(todo) >= MIN_PARALLEL:
            if isinstance(output, StagedSite):
                output.open()
                _OUTPUT = output
            results = map_forked(_page_in_worker, todo, self.jobs)
        else:
            results = (None for _ in todo)
        try:
            for job, reuse in zip(jobs, reused, strict=True):
                self.progress.advance()
                if reuse:
                    self.pages_reused += 1
                    yield job[0], Stored(False)
                    continue
                data = next(results)
                if data is not None:
                    yield job[0], data
                else:  # serial, or the worker failed: render here
                    yield from super().pages([job], output)
        finally:
            _OUTPUT = None

    # -- pages from the last build ---------------------------------------------------

    def _record_path(self, out: Path) -> Path:
        name = key_of(str(out.resolve()), repr(self.options))
        return self.root / CACHE_DIR / "pages" / f"{name}.json"

    def _reusable_pages(self, jobs: list[tuple], output) -> list[bool]:
        """Which pages the last build wrote from the very same inputs: those are
        linked from its output instead of rendered. Needs the caches (they give the
        versions that page keys are made of) and the staged output of `build`."""
        self.page_keys = {}
        if not (self.use_cache and self.cache and isinstance(output, StagedSite)):
            return [False] * len(jobs)
        archive = self.archive
        inputs = PageInputs(
            self._article_version, self._digest, {a.url: a for a in archive.articles}
        )
        # Pages that list the archive, and every page when the archive brings its own
        # templates (which may show anything on any page), are keyed by all of it.
        everything = key_of(self.cache.environment, sorted(self.digests.items()))
        custom_theme = (self.root / "templates").is_dir() and any(
            path.is_file() for path in (self.root / "templates").rglob("*")
        )
        record = PageRecord.load(self._record_path(output.out))
        reused = []
        for page, _ in jobs:
            # A file made by code (a share image) uses no template: it keeps its own key.
            own = None if custom_theme and page.content is None else inputs.of(page)
            key = key_of(
                self.cache.environment, page.path, page.template, page.title, own or everything
            )
            rel = page.output_file
            self.page_keys[rel] = key
            reuse = record.reusable(output.out, rel, key) and output.keep(rel)
            reused.append(reuse)
        return reused

    # -- the search index -----------------------------------------------------------

    def search_index(self, pages: list, output, config) -> None:
        """The index of the last build when every page it indexed is the same page
        now (Pagefind writes filters in a different order each run, so a new index of
        the same pages would rewrite files for nothing); a new one otherwise."""
        key = self._index_key(pages)
        out = output.out if isinstance(output, StagedSite) else None
        if key is not None and out is not None:
            self.page_keys[INDEX_ENTRY] = key
            record = PageRecord.load(self._record_path(out))
            if record.reusable(out, INDEX_ENTRY, key):
                previous = _previous_index(out)
                if previous is not None and all(output.keep(rel) for rel in previous):
                    for rel in previous:
                        output.note(rel, False)
                    return
                # Partly linked: the index is made again, over what was linked.
                shutil.rmtree(output.folder(INDEX_FOLDER), ignore_errors=True)
        super().search_index(pages, output, config)

    def _index_key(self, pages: list) -> str | None:
        keys = [self.page_keys.get(page.output_file) for page in pages]
        if not keys or None in keys:
            return None
        return key_of(index_version(), [page.output_file for page in pages], keys)

    def _article_version(self, article: Article) -> str:
        # An article without a cache key (its file could not be read) never matches.
        return self.article_versions.get(id(article)) or f"unkeyed {id(article)}"

    def _digest(self, rel: str) -> str:
        return self.digests.get(rel) or f"unkeyed {rel}"

    def committed(self, out: Path) -> None:
        """Note each page's key beside the output just written, for the next build."""
        if self.page_keys and self.root is not None:
            PageRecord(self._record_path(out)).save(out, self.page_keys)

    def finish(self) -> None:
        """Give the collector back its settings and the frozen objects."""
        gc.unfreeze()
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None
