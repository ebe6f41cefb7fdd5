"""How `compile_site` runs its costly steps: an Engine, made with a memo (where
results are kept under the keys of engine/keys.py; None: nothing kept) and an
executor (one process or several).

A content file is read and validated, and an article's body rendered, only when
no result is kept under its key (engine/content_files.py for the files); what is
left is spread over worker processes by the executor. Workers send back plain
records (engine/records.py), which the parent applies to its own objects in the
archive's order, so the output and the order of diagnostics are those of a serial
run. Pages are asked of a page store first (engine/page_stores.py): with the memo,
`build`'s output folder, where pages whose key is the one they had in the last
build are kept instead of rendered.

`Engine()` is the plain run: every step in full, in this process. `build` makes
one with the SQLite memo for one run; the preview keeps one warm (`warm=True`)
between saves: the files read, the archive as linked and the pages rendered stay
in memory (engine/held_pages.py), and each run redoes only what changed, with one
fast path (engine/patch.py).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable
from pathlib import Path

import jinja2

from briefgen.diagnostics import Diagnostics
from briefgen.engine import patch as patching
from briefgen.engine.bodies import Bodies
from briefgen.engine.content_files import ContentFiles
from briefgen.engine.executor import Executor
from briefgen.engine.held_pages import HeldPages
from briefgen.engine.keys import (
    CLAIM_TAIL_TEMPLATE,
    Keys,
    settings_key,
    template_key,
    whole_archive_key,
)
from briefgen.engine.memo import Memo
from briefgen.engine.page_stores import PageStore, SitePages
from briefgen.engine.patch import FastPath
from briefgen.engine.templates import TemplateVersions, templates_signature
from briefgen.fragments import Fragments
from briefgen.grades import archive_is_graded
from briefgen.link import link
from briefgen.link_objects import LinkedObjects
from briefgen.model import Article
from briefgen.page import Page
from briefgen.progress import Progress
from briefgen.theme import make_environment
from briefgen.validate import Validated
from briefgen.write import StagedSite, Stored

# A build makes millions of short-lived objects (tokens, per-character maps) beside
# a large archive that lives to the end. With the default thresholds the cyclic
# collector walks that archive again and again: a sixth of a build's time, and
# growing with the archive. So the build collects less often, and the loaded archive
# is frozen out of collection (which also keeps forked workers from touching, and
# so copying, its memory).
BUILD_GC_THRESHOLD = (20_000, 20, 20)


class Engine:
    """The costly steps of `compile_site`, through a memo and an executor; `warm`:
    kept between runs, in memory (the preview)."""

    def __init__(
        self,
        executor: Executor | None = None,
        memo: Memo | None = None,
        progress: Progress | None = None,
        options: object = None,
        tune_gc: bool = False,
        page_store: PageStore | None = None,
        warm: bool = False,
    ):
        self.executor = executor or Executor(1)
        self.memo = memo
        # Kept warm between runs (the preview): the files read, the archive as linked
        # and what was rendered stay in memory, and a run redoes only what changed.
        self.warm = warm
        keyed = memo is not None or warm
        # The keys of articles and pages (engine/keys.py): with a memo or kept warm.
        self.keys: Keys | None = None
        if keyed:
            self.keys = Keys("", self._digest, front_matter=self._front_matter)
        self.content = ContentFiles(self.executor, memo, keyed, warm)
        # Linking's objects: the same again for a file unchanged, when warm.
        self.linked = LinkedObjects(keep=warm)
        self.config = None  # as last loaded
        self.fast_path = FastPath(self.linked)  # the preview's (engine/patch.py)
        self.graded = False  # whether the archive grades its sources (warm only)
        self.last_ok = False  # the last run made pages without an error
        self.options = options  # the build's options: part of every key
        self.progress = progress or Progress(enabled=False)
        self.tune_gc = tune_gc
        self.pages_reused = 0  # kept by the page store
        self.pages_rendered = 0
        self._gc_threshold: tuple | None = None
        self.root: Path | None = None
        self.archive = None
        self.drafts: bool | None = None
        # What the watcher saw change since the last run (the preview): only then is
        # the theme looked at again. `build` has no watcher (`watched`: False).
        self.hints: set[str] = set()
        self.watched = False
        self.fast = False  # the preview's fast path (engine/patch.py)
        # The theme (`environment`): its Jinja environment, the stat of its files,
        # the versions of its templates (engine/templates.py) and the key of each
        # page template with the settings; `settings`: settings_key.
        self.settings = ""
        self.env: jinja2.Environment | None = None
        self.templates_sig: tuple = ()
        self.templates: TemplateVersions | None = None
        self.theme_settings: str | None = None  # the settings the theme was keyed with
        self._template_keys: dict[str | None, str] = {}
        # (hints, templates signature) of an environment the preview's `early` made
        # ahead of the rebuild of the same change, which then uses it.
        self.early_theme: tuple | None = None
        self.digests: dict[str, str] = {}  # content file -> its document key
        self.front_matters: dict[str, str] = {}  # content file -> its front_matter_key
        # Where pages are kept between runs: in memory when warm; with a memo,
        # `build`'s output folder.
        if page_store is None:
            if warm:
                page_store = HeldPages(self.unchanged)
            elif memo is not None:
                page_store = SitePages(options)
            else:
                page_store = PageStore()
        self.page_store = page_store
        self.fragments = Fragments()  # claims' list items (briefgen/fragments.py)
        self._archive_key: str | None = None  # see `archive_key`
        # Articles', entities', sources' and tags' Markdown, rendered once per key
        # (engine/bodies.py): `build` renders each once; the preview keeps them.
        self.bodies = Bodies(self.executor, memo, self.keys, self.digest, self.progress, keep=warm)

    def archive_key(self) -> str:
        """The key of the whole archive (every file, every template, the settings),
        for pages that list it and whatever an archive's own template renders:
        worked out when first asked for."""
        if self._archive_key is None:
            self._archive_key = whole_archive_key(
                self.settings, self.drafts, self.digests, self.templates.all()
            )
        return self._archive_key

    def claim_key(self, claim) -> Hashable:
        """What a claim's list item shows (engine/keys.py), for the fragments
        (briefgen/fragments.py); without keys, the claim itself: a run without them
        renders once, and claims are not changed once linked and rendered."""
        return self.keys.claim(claim) if self.keys is not None else id(claim)

    # -- a run of an engine kept warm ---------------------------------------------

    def begin(self, hints: set[str] | None) -> None:
        """A run starts; `hints`: what the watcher saw change since the last one
        (None: look at everything). Only an engine kept warm runs more than once."""
        self.watched = hints is not None
        self.hints = set(hints or ())
        self.bodies.new_run()
        self.page_store.new_run()
        self.fast = False
        self.fast_path.changes = []
        self.content.parsed = self.pages_rendered = 0

    @property
    def stats(self) -> dict[str, int]:
        """What this run did: files read, articles and pages rendered."""
        return {
            "read": self.content.parsed,
            "articles_rendered": self.bodies.articles_rendered,
            "pages_rendered": self.pages_rendered,
        }

    def end(self, compiled) -> None:
        """The run gave `compiled`: what it did not use is let go."""
        self.hints = set()
        self.last_ok = bool(compiled.pages) and not compiled.diagnostics.errors
        if compiled.pages:
            self.bodies.run_done()
            self.page_store.run_done()
            self.fast_path.reset()

    # -- load, validate, link ----------------------------------------------------------

    def load(self, root: Path, config, drafts: bool, diags: Diagnostics):
        """Read and validate the content files (again only those that changed:
        engine/content_files.py), then link them; a warm engine reuses the archive
        as linked last time when nothing linking reads changed (the fast path)."""
        if self.tune_gc and self._gc_threshold is None:
            self._gc_threshold = gc.get_threshold()
            gc.set_threshold(*BUILD_GC_THRESHOLD)
        self.root = root
        same_config = config == self.config
        if not same_config:
            # Settings reach every page (and every key): nothing rendered is reused.
            self.config = config
            if self.keys is not None:
                self.settings = settings_key(config, self.options)
            self.bodies.forget()
            self.page_store.forget()
        found = self.content.discover(root, self.hints, diags)
        files, patched = self.read_files(root, found, self.hints)
        last = self.content.files
        # Whether linking would give the archive as linked last time: every file
        # gives the objects it gave then, or was patched into them.
        same = len(files) == len(last) and all(
            rel in last and (last[rel].validated is file.validated or rel in patched)
            for rel, file in files.items()
        )
        self.content.keep(files)
        if self.keys is not None:
            self.digests = {rel: file.digest for rel, file in files.items()}
            self.front_matters = {rel: file.front for rel, file in files.items()}
        self._archive_key = None
        for file in files.values():
            diags.items.extend(file.diagnostics)
        # (With the archive's own claim template every article body may show any of
        # it: each change keys them all again, on the full path.)
        quick = self.keys is not None and not self.keys.bodies_show_archive
        if quick and same and same_config and drafts == self.drafts and self.archive is not None:
            self.fast = True
            self.archive.config = config
            return self.archive
        if self.keys is not None:
            self.keys.forget()
        self.fast_path.reset()
        self.drafts = drafts
        validated = Validated()
        for file in files.values():
            patching.merge(validated, file.validated)
        # Not reused until this link returns: the files are kept already.
        self.archive = None
        own = Diagnostics()
        archive = link(validated, config, own, drafts=drafts, objects=self.linked)
        diags.items.extend(own.items)
        # Reused only while it linked cleanly (the fast path above).
        self.archive = None if own.items else archive
        if self.tune_gc:
            gc.freeze()
        if self.keys is not None:
            # Kept even when linking warned: article versions read it.
            self.keys.linked(archive)
        if self.warm:
            self.graded = archive_is_graded(list(archive.sources.values()), archive.claims)
        # Article bodies, then one page per article, entity, source and tag (and a
        # handful of index pages, which only make the total a little short).
        self.progress.start(
            2 * len(archive.articles)
            + len(archive.entities)
            + len(archive.sources)
            + len(archive.tags)
        )
        return archive

    def read_files(self, root: Path, found: list[tuple], hints: set[str]) -> tuple[dict, set]:
        """The content files `found` as they are now (engine/content_files.py), and
        those of them patched: in a warm engine, an article file read again is
        patched into its linked objects when the fast path allows (engine/patch.py)."""
        files = self.content.read(root, found, hints)
        patched = set()
        if self.warm:
            for rel, file in files.items():
                old = self.content.files.get(rel)
                if old is not None and file is not old:
                    if self.fast_path.consider(
                        old, file, self.graded, self.keys, self.bodies.forget
                    ):
                        patched.add(rel)
        return files, patched

    def _front_matter(self, rel: str) -> str:
        return self.front_matters.get(rel) or f"unkeyed {rel}"

    def unchanged(self, page: Page) -> bool:
        """Whether this run, on the fast path, leaves `page` as it was: it shows
        nothing of the articles patched (engine/patch.py)."""
        if not self.fast or self.keys.shows_archive(page):
            return False
        return self.fast_path.unchanged(page, self._declared)

    def _declared(self, article: Article) -> list:
        file = self.content.files.get(article.path)
        return file.validated.sources if file is not None else []

    # -- the theme --------------------------------------------------------------------

    def environment(self, root: Path) -> jinja2.Environment:
        """The theme's Jinja environment: made again when a template changed (with
        the watcher's hints, looked at only when it saw one change) or the settings
        did."""
        hinted = any(rel.split("/")[0] == "templates" for rel in self.hints)
        same_settings = self.theme_settings == self.settings
        if self.env is not None and self.watched and not hinted and same_settings:
            return self.env
        sig = templates_signature(root)
        made_early = self.early_theme == (frozenset(self.hints), sig)
        self.early_theme = None
        if made_early:
            # `early` made the environment for this very change: the pages are
            # rendered with it, not reused as the last theme rendered them.
            self.fast = False
        elif self.env is None or sig != self.templates_sig or hinted or not same_settings:
            self.adopt_theme(root, sig)
        return self.env

    def adopt_theme(self, root: Path, sig: tuple) -> None:
        """A new environment for the templates as they are now (`sig`)."""
        self.env = make_environment(root)
        # Template changes are found above; Jinja need not stat each template
        # every time one is used.
        self.env.auto_reload = False
        self.templates_sig = sig
        self.templates = TemplateVersions(self.env)
        self.theme_settings = self.settings
        self._template_keys = {}
        self._archive_key = None
        self.fast = False
        if self.keys is not None:
            # A page made with the archive's own templates may show any of it.
            # Articles hold the claim template's output, pages the templates': with
            # new ones, nothing rendered before can be reused unlooked at
            # (read_theme forgets every key).
            self.keys.read_theme(root, self.templates.uses, self.archive_key)
            # The claim template is rendered into every article's body.
            tail = self.templates.of(CLAIM_TAIL_TEMPLATE)
            self.keys.environment = template_key(self.settings, tail)

    def page_key(self, page: Page) -> str:
        """The key of rendering `page` (engine/keys.py); only with keys. A page is
        keyed by the templates it uses, not the whole theme: a template edited
        renders only the pages that use it again."""
        environment = self._template_keys.get(page.template)
        if environment is None:
            version = self.templates.of_page(page.template) if page.template else ""
            environment = self._template_keys[page.template] = template_key(self.settings, version)
        return self.keys.page(page, environment, self.archive_key)

    def pages(self, jobs: list[tuple[Page, Callable[[], bytes]]], output):
        """Yield (page, bytes, a `Stored` for a page put into `output` already, or
        the jinja2.TemplateError it raised), in order: what the page store keeps
        (engine/page_stores.py), the rest rendered."""
        store = self.page_store
        store.begin(jobs, output, self.page_key if self.keys is not None else None, self.root)
        kept = [store.kept(page, render) for page, render in jobs]
        todo = [job for job, held in zip(jobs, kept, strict=True) if held is None]
        staged = output if isinstance(output, StagedSite) else None
        if staged is not None and self.executor.pooled(len(todo)):
            staged.open()

        def in_worker(job) -> bytes | Stored:
            page, render = job
            data = render()
            if staged is None:
                return data
            # Written here rather than sent back: the parent never holds the site.
            return Stored(staged.put(page.output_file, data))

        def here(job) -> bytes | jinja2.TemplateError:
            try:
                return job[1]()
            except jinja2.TemplateError as exc:
                return exc

        results = self.executor.map(in_worker, todo, here)
        for (page, _), held in zip(jobs, kept, strict=True):
            self.progress.advance()
            if held is not None:
                self.pages_reused += 1
                yield page, held
                continue
            result = next(results)
            if isinstance(result, jinja2.TemplateError):
                store.failed(page)
            else:
                store.made(page, result)
                self.pages_rendered += 1
            yield page, result

    def search_index(self, pages: list, output, config) -> None:
        self.page_store.search_index(pages, output, config)

    def digest(self, rel: str) -> str | None:
        """The document key of content file `rel` as this run read it; None when it
        was not read."""
        return self.digests.get(rel)

    def _digest(self, rel: str) -> str:
        return self.digest(rel) or f"unkeyed {rel}"

    def committed(self, out: Path) -> None:
        """The output has been written into `out` (the page store notes its keys)."""
        self.page_store.committed(out)

    def finish(self) -> None:
        """Close the memo; give the collector back its settings and frozen objects."""
        if self.memo is not None:
            self.memo.close()
        if self.tune_gc:
            gc.unfreeze()
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None
