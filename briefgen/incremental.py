"""Incremental rebuilds for the preview server: `compile_site` with a memory.

Between rebuilds the archive's documents stay in memory, keyed by path with the hash
of their bytes. A rebuild re-reads only the files whose stat changed or that the
watcher named, re-validates only those, re-links everything (linking is cheap),
re-renders only the articles whose inputs changed (their own text, the entities,
sources and tags they reference, the claim template) and re-renders only the pages
whose inputs changed. Every page gets a key made of the hashes of what it shows;
pages that list the whole archive (home, indexes, feeds) are keyed by the whole
archive. The result is byte for byte what a clean `compile_site` gives.

Objects that validation made from an unchanged file are reused, so the fields that
linking fills are emptied first (`_unlink`): linking then fills them afresh.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.meta

from briefgen.build import BuildOptions, Compiled, Stages, compile_site
from briefgen.config import Config
from briefgen.diagnostics import Diagnostic, Diagnostics
from briefgen.link import Archive, link
from briefgen.load import CONTENT_KINDS, MAX_FILE_BYTES, Document, discover, read_document
from briefgen.model import Article, Entity, Source, Tag
from briefgen.pages import Page
from briefgen.theme import builtin_theme_dir, make_environment, template_error
from briefgen.validate import Validated, validate

CLAIM_TAIL_TEMPLATE = "partials/claim_tail.html"


def _hash(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


@dataclass
class _Doc:
    """One content file as last read: its bytes' hash and what came of them."""

    kind: str
    sig: tuple
    digest: str
    document: Document | None
    validated: Validated
    diagnostics: list[Diagnostic]


@dataclass
class _PageEntry:
    key: str
    data: bytes


@dataclass
class Change:
    """What one rebuild changed in an article's claims, to point the reader at it."""

    article_url: str
    claim_id: str


@dataclass
class _Deferred:
    page: Page
    render: Callable[[], bytes]


def _stat_sig(path: Path) -> tuple:
    st = path.stat()
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def _merge(into: Validated, part: Validated) -> None:
    for f in dataclasses.fields(Validated):
        getattr(into, f.name).extend(getattr(part, f.name))


def _unlink(validated: Validated) -> None:
    """Empty what `link` and `index_mentions` fill, on objects reused from a previous
    rebuild, so that linking starts from what validation made."""
    for article in validated.articles:
        article.tags = []
        article.entities = []
        for claim in article.claims:
            claim.by = None
            claim.about = []
            claim.tags = []
            for citation in claim.citations:
                citation.source = None
                citation.claim = None
    for entity in validated.entities:
        entity.claims_by = []
        entity.claims_about = []
        entity.mentions = []
        entity.articles = []
        entity.co_mentions = []
    for source in validated.sources:
        source.citations = []
    for tag in validated.tags:
        tag.claims = []
        tag.articles = []


def _claims_by_id(document: Document | None) -> dict:
    if document is None or not isinstance(document.meta.get("claims"), list):
        return {}
    return {
        item.get("id"): item
        for item in document.meta["claims"]
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


class IncrementalStages(Stages):
    def __init__(self, root: Path):
        self.root = root
        self.docs: dict[str, _Doc] = {}
        self.hints: set[str] = set()  # archive-relative paths the watcher saw change
        self.config: Config | None = None
        self.global_version = ""
        self.env: jinja2.Environment | None = None
        self.templates_sig: tuple = ()
        self.template_versions: dict[str, str] = {}
        self.rendered: dict[int, tuple[object, object, list[Diagnostic]]] = {}
        self.page_cache: dict[str, _PageEntry] = {}
        self.article_versions: dict[int, str] = {}
        self.seen_items: set[int] = set()
        self.seen_pages: set[str] = set()
        # Once the first build is done, a rebuild renders the pages open in a browser
        # (`urgent`) and new pages at once, and puts off the others until those are
        # published: the reader sees the page they look at without waiting for
        # the archive-wide lists. Requests for put-off pages wait for them.
        self.urgent: set[str] = set()
        self.defer = False
        self.deferred: list[_Deferred] = []
        self.changes: list[Change] = []
        self.stats = {"read": 0, "articles_rendered": 0, "pages_rendered": 0}
        self.discovered: tuple[tuple, list, list] | None = None
        self.watched = False

    # -- one rebuild ------------------------------------------------------------

    def begin(self, hints: set[str] | None) -> None:
        # With the watcher's hints, templates are looked at only when it saw one
        # change; without (None), everything is checked.
        self.watched = hints is not None
        self.hints = set(hints or ())
        self.article_versions = {}
        self.seen_items = set()
        self.seen_pages = set()
        self.deferred = []
        self.changes = []
        self.stats = {"read": 0, "articles_rendered": 0, "pages_rendered": 0}

    def finish(self, compiled: Compiled) -> None:
        self.hints = set()
        if compiled.pages:
            self.rendered = {k: v for k, v in self.rendered.items() if k in self.seen_items}
            self.page_cache = {k: v for k, v in self.page_cache.items() if k in self.seen_pages}

    # -- load: only changed files are read and validated again ------------------

    def load(self, root: Path, config: Config, drafts: bool, diags: Diagnostics) -> Archive:
        if config != self.config:
            # Settings reach every page: start the render caches afresh.
            self.config = config
            self.rendered = {}
            self.page_cache = {}
        validated = Validated()
        docs: dict[str, _Doc] = {}
        for kind, path in self._discover(root, diags):
            rel = path.relative_to(root).as_posix()
            doc = self._read(root, kind, path, rel)
            if doc is None:
                continue
            docs[rel] = doc
            diags.items.extend(doc.diagnostics)
            _merge(validated, doc.validated)
        self.docs = docs
        self.global_version = _hash(sorted((rel, d.digest) for rel, d in docs.items()), drafts)
        _unlink(validated)
        return link(validated, config, diags, drafts=drafts)

    def _discover(self, root: Path, diags: Diagnostics) -> list[tuple[str, Path]]:
        """`discover`, again only when a folder changed or the watcher saw a file
        appear or vanish (an edit in place changes neither)."""
        folders = [root / "content"] + [root / "content" / kind for kind in CONTENT_KINDS]
        sig = []
        for folder in folders:
            try:
                sig.append(folder.stat().st_mtime_ns)
            except OSError:
                sig.append(None)
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
            sig = _stat_sig(path)
        except OSError:
            return None  # gone since it was listed; the watcher reports it again
        old = self.docs.get(rel)
        if old is not None and old.kind == kind and old.sig == sig and rel not in self.hints:
            return old
        try:
            data = path.read_bytes() if sig[2] <= MAX_FILE_BYTES else b""
        except OSError:
            data = b""
        digest = _hash(kind, data, sig[2] if sig[2] > MAX_FILE_BYTES else 0)
        if old is not None and old.kind == kind and old.digest == digest and data:
            old.sig = sig
            return old
        self.stats["read"] += 1
        diags = Diagnostics()
        document = read_document(root, path, kind, diags)
        part = validate([document], diags) if document is not None else Validated()
        doc = _Doc(kind, sig, digest, document, part, diags.items)
        if old is not None and kind == "articles" and part.articles:
            before, after = _claims_by_id(old.document), _claims_by_id(document)
            for claim_id, mapping in after.items():
                if before.get(claim_id) != mapping:
                    self.changes.append(Change(part.articles[0].url, claim_id))
        return doc

    def digest(self, rel: str) -> str:
        doc = self.docs.get(rel)
        return doc.digest if doc else ""

    # -- templates ---------------------------------------------------------------

    def _templates_signature(self, root: Path) -> tuple:
        entries = []
        for base in (root / "templates", builtin_theme_dir()):
            if base.is_dir():
                for path in sorted(base.rglob("*")):
                    if path.is_file():
                        try:
                            entries.append((str(path), _stat_sig(path)))
                        except OSError:
                            pass
        return tuple(entries)

    def environment(self, root: Path) -> jinja2.Environment:
        changed = any(rel.split("/")[0] == "templates" for rel in self.hints)
        if self.env is not None and self.watched and not changed:
            return self.env  # the watcher saw no template change
        sig = self._templates_signature(root)
        if self.env is None or sig != self.templates_sig or changed:
            self.env = make_environment(root)
            # Template changes are found above; Jinja need not stat each template
            # every time one is used.
            self.env.auto_reload = False
            self.templates_sig = sig
            self.template_versions = {}
        return self.env

    def all_templates_version(self) -> str:
        if "*" not in self.template_versions:
            assert self.env is not None
            names = self.env.list_templates()
            self.template_versions["*"] = _hash([self.template_version(n) for n in names])
        return self.template_versions["*"]

    def template_version(self, name: str) -> str:
        """Hash of a template and every template it extends, includes or imports."""
        if name in self.template_versions:
            return self.template_versions[name]
        assert self.env is not None
        sources: list[tuple[str, str]] = []
        todo, done = [name], set()
        while todo:
            current = todo.pop()
            if current in done:
                continue
            done.add(current)
            try:
                source, _, _ = self.env.loader.get_source(self.env, current)
                referenced = list(jinja2.meta.find_referenced_templates(self.env.parse(source)))
            except jinja2.TemplateError:
                # Missing or broken: rendering reports it; the key must differ each time.
                source, referenced = f"unreadable {time.monotonic_ns()}", []
            sources.append((current, source))
            if None in referenced:  # a computed name: any template may be used
                referenced = self.env.list_templates()
            todo.extend(r for r in referenced if r)
        version = _hash(sorted(sources))
        self.template_versions[name] = version
        return version

    # -- render: Markdown of articles, entities, sources and tags ---------------

    def article_version(self, article: Article) -> str:
        """Hash of everything an article's rendering and its page draw on."""
        cached = self.article_versions.get(id(article))
        if cached is not None:
            return cached
        # The claim template is rendered into the body, so it is part of the article.
        parts: list = [
            self.digest(article.path),
            article.url,
            self.template_version(CLAIM_TAIL_TEMPLATE),
        ]
        parts.append([(e.id, self.digest(e.path)) for e in article.entities])
        parts.append([(t.slug, t.name) for t in article.tags])
        for claim in article.claims:
            parts.append(
                (
                    claim.id,
                    claim.by.id if claim.by else None,
                    self.digest(claim.by.path) if claim.by else None,
                    [(e.id, self.digest(e.path)) for e in claim.about],
                    [(t.slug, t.name) for t in claim.tags],
                    [
                        (c.source.id, self.digest(c.source.path)) if c.source else None
                        for c in claim.citations
                    ],
                )
            )
        version = _hash(parts)
        self.article_versions[id(article)] = version
        return version

    def _render_key(self, item) -> object:
        if isinstance(item, Article):
            return self.article_version(item)
        if isinstance(item, Entity):
            return (item.id, item.path, item.body, item.body_line)
        if isinstance(item, Source):
            return (item.id, item.path, item.body, item.body_line)
        if isinstance(item, Tag):
            return (item.slug, item.path, item.description, item.body_line)
        return None

    def render(self, item, render: Callable[[Diagnostics], None], diags: Diagnostics) -> None:
        self.seen_items.add(id(item))
        key = self._render_key(item)
        cached = self.rendered.get(id(item))
        if key is not None and cached is not None and cached[0] is item and cached[1] == key:
            diags.items.extend(cached[2])
            return
        own = Diagnostics()
        render(own)
        if isinstance(item, Article):
            self.stats["articles_rendered"] += 1
        self.rendered[id(item)] = (item, key, own.items)
        diags.items.extend(own.items)

    # -- pages ---------------------------------------------------------------------

    def _claim_key(self, claim) -> tuple:
        return (claim.id, self.article_version(claim.article) if claim.article else None)

    def page_key(self, page: Page) -> str:
        base = (page.path, page.template, page.title, self.template_version(page.template))
        context = page.context
        if len(context) == 1:
            ((name, value),) = context.items()
            if name == "article" and isinstance(value, Article):
                return _hash(base, self.article_version(value))
            if name == "entity" and isinstance(value, Entity):
                return _hash(
                    base,
                    self.digest(value.path),
                    [
                        (self.article_version(i.article), [m.anchor for m in i.mentions], i.listed)
                        for i in value.articles
                    ],
                    [self._claim_key(c) for c in value.claims_by],
                    [self._claim_key(c) for c in value.claims_about],
                    [(other.id, other.name, count) for other, count in value.co_mentions],
                )
            if name == "tag" and isinstance(value, Tag):
                return _hash(
                    base,
                    value.slug,
                    value.name,
                    self.digest(value.path) if value.path else value.description,
                    [self._claim_key(c) for c in value.claims],
                    [self.article_version(a) for a in value.articles],
                )
            if name == "source" and isinstance(value, Source):
                return _hash(
                    base,
                    self.digest(value.path),
                    value.declared_in,
                    [
                        (self._claim_key(c.claim) if c.claim else None, c.locator, c.quote)
                        for c in value.citations
                    ],
                )
        # Pages that list the archive (and feeds, which hold whole articles): keyed by
        # every file of it and every template.
        return _hash(base, self.global_version, self.all_templates_version())

    def page(self, page: Page, render: Callable[[], bytes]) -> bytes:
        out = page.output_file
        self.seen_pages.add(out)
        previous = self.page_cache.get(out)
        if self.defer and previous is not None and out not in self.urgent:
            self.deferred.append(_Deferred(page, render))
            return previous.data
        return self._render_page(page, render)

    def _render_page(self, page: Page, render: Callable[[], bytes]) -> bytes:
        out = page.output_file
        key = self.page_key(page)
        previous = self.page_cache.get(out)
        if previous is not None and previous.key == key:
            return previous.data
        data = render()
        self.page_cache[out] = _PageEntry(key, data)
        self.stats["pages_rendered"] += 1
        return data

    def render_deferred(self, diags: Diagnostics) -> dict[str, bytes]:
        """Render the pages put off by the last rebuild; returns every one of them."""
        files: dict[str, bytes] = {}
        for item in self.deferred:
            try:
                files[item.page.output_file] = self._render_page(item.page, item.render)
            except jinja2.TemplateError as exc:
                template_error(exc, self.root, diags)
                self.page_cache.pop(item.page.output_file, None)
        self.deferred = []
        return files


@dataclass
class Rebuild:
    compiled: Compiled
    seconds: float
    changes: list[Change] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # output files rendered later
    stats: dict = field(default_factory=dict)


class IncrementalBuilder:
    """Rebuilds the archive at `root` for the preview, reusing what did not change."""

    def __init__(self, root: Path, options: BuildOptions, defer_pages: bool = True):
        self.root = root
        self.options = options
        self.stages = IncrementalStages(root)
        self.defer_pages = defer_pages

    def rebuild(self, hints: set[str] | None = None) -> Rebuild:
        started = time.perf_counter()
        self.stages.begin(hints)
        compiled = compile_site(self.root, self.options, self.stages)
        self.stages.finish(compiled)
        deferred = [d.page.output_file for d in self.stages.deferred]
        result = Rebuild(
            compiled,
            time.perf_counter() - started,
            list(self.stages.changes),
            deferred,
            dict(self.stages.stats),
        )
        self.stages.defer = self.defer_pages
        return result

    def finish_deferred(self, compiled: Compiled) -> dict[str, bytes]:
        """Render the pages the last rebuild put off, into `compiled.files`; returns
        them all (changed or not)."""
        files = self.stages.render_deferred(compiled.diagnostics)
        compiled.files.update(files)
        return files

    def set_urgent(self, output_files: set[str]) -> None:
        self.stages.urgent = set(output_files)
