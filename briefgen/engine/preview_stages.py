"""The preview's stages: `Engine` on what the last rebuild left in memory.

Between rebuilds the archive's documents stay in memory, keyed by path with their
document keys (engine/keys.py): only the files whose stat changed or that the
watcher named are read and validated again, and only the articles and pages whose
keys changed are rendered again; pages are held in memory (engine/held_pages.py).
briefgen/incremental.py drives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.build import Compiled
from briefgen.config import Config
from briefgen.diagnostics import Diagnostic, Diagnostics
from briefgen.engine import patch as patching
from briefgen.engine.early import Change
from briefgen.engine.held_pages import HeldPages
from briefgen.engine.keys import (
    Keys,
    document_key,
    front_matter_key,
    settings_key,
)
from briefgen.engine.steps import Engine
from briefgen.engine.templates import stat_sig
from briefgen.grades import archive_is_graded
from briefgen.link import Archive, link
from briefgen.load import CONTENT_KINDS, MAX_FILE_BYTES, Document, discover, read_document
from briefgen.model import Article
from briefgen.page import Page
from briefgen.validate import Validated, validate


@dataclass
class _Doc:
    """One content file as last read: its bytes' hash and what came of them."""

    kind: str
    sig: tuple
    digest: str
    document: Document | None
    validated: Validated
    diagnostics: list[Diagnostic]
    front: str | None = None  # engine.keys.front_matter_key, once asked for


class IncrementalStages(Engine):
    def __init__(self, root: Path):
        super().__init__()
        self.root = root
        self.docs: dict[str, _Doc] = {}
        self.config: Config | None = None
        self.changes: list[Change] = []
        self.files_read = 0  # in this rebuild (`stats`)
        self.discovered: tuple[tuple, list, list] | None = None
        self.folder_inodes: dict[str, int] = {}
        # For patched rebuilds (see the module's docstring): the archive as last linked
        # (None when linking reported anything), the render functions of the last
        # build, the articles patched since the pages were last gone through, and
        # whether this rebuild reuses the archive (`fast`).
        self.archive: Archive | None = None
        self.graded = False  # whether it grades its sources (grades.archive_is_graded)
        # The keys of articles and pages (engine/keys.py).
        self.keys = Keys("", self._digest, front_matter=self.front_matter)
        self.last_ok = False
        self.dirty: dict[int, Article] = {}
        self.dirty_entities: set[str] = set()  # shown before the patch (mentions may go)
        self.affected: tuple[set, set, set, set] | None = None
        # Rendered pages, held in memory between rebuilds (engine/held_pages.py).
        self.page_store: HeldPages = HeldPages(root, self._unchanged)

    def begin(self, hints: set[str] | None) -> None:
        # With the watcher's hints, templates are looked at only when it saw one
        # change; without (None), everything is checked.
        self.watched = hints is not None
        self.hints = set(hints or ())
        self.seen_items = set()
        self.page_store.start_rebuild()
        self.affected = None
        self.fast = False
        self.changes = []
        self.files_read = self.articles_rendered = self.pages_rendered = 0

    @property
    def stats(self) -> dict[str, int]:
        """What this rebuild did: files read, articles and pages rendered."""
        return {
            "read": self.files_read,
            "articles_rendered": self.articles_rendered,
            "pages_rendered": self.pages_rendered,
        }

    def end(self, compiled: Compiled) -> None:
        self.hints = set()
        self.last_ok = bool(compiled.pages) and not compiled.diagnostics.errors
        if compiled.pages:
            self.rendered = {k: v for k, v in self.rendered.items() if k in self.seen_items}
            self.article_jobs = {k: v for k, v in self.article_jobs.items() if k in self.seen_items}
            self.page_store.end_rebuild()
            # Every page was looked at with the patches in mind: they are done with.
            self.dirty = {}
            self.dirty_entities = set()

    # -- load: only changed files are read and validated again ------------------

    def load(self, root: Path, config: Config, drafts: bool, diags: Diagnostics) -> Archive:
        same_config = config == self.config
        if not same_config:
            # Settings reach every page (and every key): start the caches afresh.
            self.config = config
            self.settings = settings_key(config, self.options)
            self.rendered = {}
            self.page_store.forget()
        docs: dict[str, _Doc] = {}
        same = True  # every file gives the objects it gave last time
        for kind, path in self._discover(root, diags):
            rel = f"content/{kind}/{path.name}"
            doc = self._read(root, kind, path, rel)
            if doc is None:
                continue
            docs[rel] = doc
            diags.items.extend(doc.diagnostics)
            if same:
                old = self.docs.get(rel)
                same = old is not None and old.validated is doc.validated
        same = same and len(docs) == len(self.docs)
        self.docs = docs
        self.digests = {rel: doc.digest for rel, doc in docs.items()}
        self._archive_key = None
        # (With the archive's own claim template every article body may show any of
        # it: each change keys them all again, on the full path.)
        quick = not self.keys.bodies_show_archive
        if quick and same and same_config and drafts == self.drafts and self.archive is not None:
            # Nothing linking reads has changed: the archive as linked last time holds.
            self.fast = True
            self.archive.config = config
            return self.archive
        self.keys.forget()
        self.dirty = {}
        self.dirty_entities = set()
        self.drafts = drafts
        validated = Validated()
        for doc in docs.values():
            patching.merge(validated, doc.validated)
        patching.unlink(validated)
        own = Diagnostics()
        archive = link(validated, config, own, drafts=drafts)
        diags.items.extend(own.items)
        self.archive = None if own.items else archive
        # Kept even when linking warned: article versions read it (see article_version).
        self.keys.linked(archive)
        self.graded = archive_is_graded(list(archive.sources.values()), archive.claims)
        return archive

    def _discover(self, root: Path, diags: Diagnostics) -> list[tuple[str, Path]]:
        """`discover`, again only when a folder changed or the watcher saw a file
        appear or vanish (an edit in place changes neither)."""
        folders = ["content"] + [f"content/{kind}" for kind in CONTENT_KINDS]
        sig = []
        self.folder_inodes = {}
        for folder in folders:
            try:
                st = (root / folder).stat()
            except OSError:
                sig.append(None)
                continue
            sig.append(st.st_mtime_ns)
            self.folder_inodes[folder] = st.st_ino
        known = set(self.docs)
        moved = any(
            (rel not in known) == (self.root / rel).is_file()
            for rel in self.hints
            if rel.startswith("content/")
        )
        if self.discovered is not None and self.discovered[0] == tuple(sig) and not moved:
            diags.items.extend(self.discovered[2])
            return self.discovered[1]
        own = Diagnostics()
        found = discover(root, own)
        self.discovered = (tuple(sig), found, own.items)
        diags.items.extend(own.items)
        return found

    def _read(self, root: Path, kind: str, path: Path, rel: str) -> _Doc | None:
        try:
            sig = stat_sig(path)
        except OSError:
            return None  # gone since it was listed; the watcher reports it again
        old = self.docs.get(rel)
        if old is not None and old.kind == kind and old.sig == sig and rel not in self.hints:
            return old
        try:
            data = path.read_bytes() if sig[2] <= MAX_FILE_BYTES else b""
        except OSError:
            data = b""
        digest = document_key(kind, rel, data, sig[2] if sig[2] > MAX_FILE_BYTES else 0)
        if old is not None and old.kind == kind and old.digest == digest and data:
            old.sig = sig
            return old
        self.files_read += 1
        diags = Diagnostics()
        document = read_document(root, path, kind, diags)
        part = validate([document], diags) if document is not None else Validated()
        doc = _Doc(kind, sig, digest, document, part, diags.items)
        if old is not None and kind == "articles" and part.articles:
            before, after = patching.claims_by_id(old.document), patching.claims_by_id(document)
            for claim_id, mapping in after.items():
                if before.get(claim_id) != mapping:
                    self.changes.append(Change(part.articles[0].url, claim_id))
            signature = patching.link_signature(part, self.graded)
            if (
                old.kind == kind
                and not diags.errors
                and not any(d.severity == "error" for d in old.diagnostics)
                and signature is not None
                and signature == patching.link_signature(old.validated, self.graded)
            ):
                article = old.validated.articles[0]
                self.dirty_entities |= patching.present(article)
                patching.patch(old.validated, part)
                doc.validated = old.validated
                self.dirty[id(article)] = article
                self.keys.forget(article)
                # Articles related to it show its title, date and quotes on their cards.
                for other in self.keys.lineage.related_articles(article):
                    self.dirty[id(other)] = other
                    self.keys.forget(other)
                for source in old.validated.sources:
                    self.rendered.pop(id(source), None)
        return doc

    def front_matter(self, rel: str) -> str:
        doc = self.docs.get(rel)
        if doc is not None and doc.front is None:
            doc.front = front_matter_key(doc.document.meta) if doc.document else ""
        return doc.front if doc is not None else ""

    def _unchanged(self, page: Page) -> bool:
        """Whether this rebuild, on the fast path, leaves `page` as it was: it shows
        nothing of the articles patched (engine/patch.py)."""
        if not self.fast or self.keys.shows_archive(page):
            return False
        if self.affected is None:
            self.affected = patching.affected_sets(self.dirty, self.dirty_entities, self._declared)
        return not patching.shows_patched(page, self.affected, self.dirty)

    def _declared(self, article: Article) -> list:
        doc = self.docs.get(article.path)
        return doc.validated.sources if doc is not None else []
