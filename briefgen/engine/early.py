"""Ahead of a rebuild, the open pages, when the change allows: the reader sees it
without waiting for the archive-wide work. Two kinds of change do:

- an article edited in what linking does not look at (the fast path of
  engine/patch.py): the article is patched and its open page rendered;
- templates edited, and nothing else: the archive is as it was, so the open
  pages are rendered again with a new environment, which the rebuild then uses.

What it renders is what the rebuild then gives."""

from __future__ import annotations

from dataclasses import dataclass, field

import jinja2

from briefgen.build import Compiled
from briefgen.diagnostics import Diagnostics
from briefgen.engine.patch import Change
from briefgen.engine.templates import templates_signature
from briefgen.model import Article
from briefgen.page import Page
from briefgen.theme import STATIC_DIR


def _article_output(article: Article) -> str:
    return Page(article.url, "article.html").output_file


@dataclass
class Early:
    """What `early` rendered ahead of the rebuild."""

    files: dict[str, bytes]
    changes: list[Change]


@dataclass
class Rebuild:
    """What one rebuild of the preview gave."""

    compiled: Compiled
    seconds: float
    changes: list[Change] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # output files rendered later
    stats: dict = field(default_factory=dict)


def _in_theme(rel: str) -> bool:
    """A template, or a folder of them (the watcher names the folder of a file
    written, too); not the theme's static assets."""
    parts = rel.split("/")
    return parts[0] == "templates" and (len(parts) == 1 or parts[1] != STATIC_DIR)


def early_theme(stages, hints: set[str]) -> Early | None:
    """`early` for template edits: the open pages, rendered with the templates as
    they are now. None when the claim template changed (every article body holds
    it: the rebuild renders them again first)."""
    sig = templates_signature(stages.root)
    tail = stages.keys.environment
    stages.adopt_theme(stages.root, sig)
    stages.early_theme = (frozenset(hints), sig)
    if stages.keys.environment != tail:
        return None
    files: dict[str, bytes] = {}
    pages = stages.page_store
    for out in sorted(pages.urgent):
        job = pages.jobs.get(out)
        if job is None or job[0].content is not None:
            continue  # not rendered from a template
        page, render_page = job
        try:
            data = render_page(env=stages.env)
        except jinja2.TemplateError:
            return None  # the rebuild reports it
        pages.hold(out, stages.page_key(page), data)
        files[out] = data
    return Early(files, [])


def early(stages, hints: set[str]) -> Early | None:
    """With the preview's warm Engine `stages`: patch the articles named by
    `hints` and render those of their pages that are open, with the render
    functions of the last build; None (and nothing rendered) unless every hint is
    an article file patched so (or a content folder still the same folder, as after
    an editor's save by renaming)."""
    if not (stages.last_ok and stages.archive is not None and stages.env is not None):
        return None
    if hints and all(_in_theme(rel) for rel in hints):
        return early_theme(stages, hints)
    rels = []
    for rel in sorted(hints):
        path = stages.root / rel
        doc = stages.content.files.get(rel)
        if doc is not None and doc.kind == "articles":
            if not path.is_file() or path.is_symlink():
                return None
            rels.append(rel)
            continue
        if rel not in stages.content.folder_inodes:
            return None
        try:
            if path.stat().st_ino != stages.content.folder_inodes[rel]:
                return None
        except OSError:
            return None
    fast_path = stages.fast_path
    fast_path.changes = []
    try:
        patched = []
        found = [("articles", stages.root / rel) for rel in rels]
        files, patched_files = stages.read_files(stages.root, found, set(rels))
        for rel in rels:
            old, doc = stages.content.files[rel], files.get(rel)
            if doc is None or (doc is not old and rel not in patched_files):
                return None  # not a patch: the rebuild reads it again
            stages.content.files[rel] = doc
            stages.digests[rel] = doc.digest
            stages.front_matters[rel] = doc.front
            if doc is not old:
                patched.append(stages.linked.get(doc.validated.articles[0]))
        changes = fast_path.changes
    finally:
        fast_path.changes = []
    files: dict[str, bytes] = {}
    for article in patched:
        out = _article_output(article)
        render = stages.bodies.jobs.get(id(article))
        job = stages.page_store.jobs.get(out)
        if out not in stages.page_store.urgent or render is None or job is None:
            continue
        own = Diagnostics()
        try:
            render(own)
        except jinja2.TemplateError:
            return None
        if own.errors:
            return None  # the rebuild reports them
        stages.bodies.done(article, own.items)
        page, render_page = job
        # What `build_routes` gives an article's page; its title may have changed.
        context = page.context
        if page.path != article.url or len(context) != 1 or context.get("article") is not article:
            continue
        page.title = article.title
        try:
            data = render_page()
        except jinja2.TemplateError:
            return None
        stages.page_store.hold(out, stages.page_key(page), data)
        files[out] = data
    return Early(files, changes)
