"""The pipeline: load -> validate -> link -> render -> pages -> write (DESIGN §6).

`compile_site` runs every stage, its costly steps through an Engine (a memo and an
executor: briefgen/engine/), and hands each file of the site to an output: by
default `compiled.files`, in memory, which the preview server serves; `build` passes
a StagedSite, which writes each page as it is rendered (so a large site is never
held in memory) and, once the build has succeeded, moves the changed files into the
output (or swaps a whole new folder in: briefgen/write.py). `check` only reports. What
the preview serves is what `build` writes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from briefgen import __version__
from briefgen import page as kinds
from briefgen.config import CONFIG_FILE, Config
from briefgen.diagnostics import Diagnostics, Position
from briefgen.engine.keys import CLAIM_TAIL_TEMPLATE
from briefgen.engine.steps import Engine
from briefgen.fragments import claim_item_helper
from briefgen.link import Archive, index_mentions, link
from briefgen.load import load_archive_files
from briefgen.model import (
    CLAIM_KINDS,
    CLAIM_STATUSES,
    ENTITY_TYPE_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
)
from briefgen.options import BuildOptions, UsageError, resolve_config
from briefgen.page import Page
from briefgen.page_ids import heading_slug_for
from briefgen.page_meta import page_meta_helper
from briefgen.pages import build_routes
from briefgen.render import make_markdown, render_article, render_markdown
from briefgen.search_index import SearchIndexError, indexed_pages, search_entry
from briefgen.theme import static_files, template_error
from briefgen.urls import UrlBuilder
from briefgen.validate import validate
from briefgen.write import Output, OutputError, StagedSite, Stored, check_output_dir


@dataclass
class Compiled:
    diagnostics: Diagnostics
    config: Config
    archive: Archive | None = None
    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)

    def failed(self, strict: bool) -> bool:
        return self.diagnostics.has_errors(strict)


def url_builder(config: Config, serving: bool) -> UrlBuilder:
    # Without a base_url nothing says where the site will live, so its links are
    # relative and end in index.html: it then works from disk, from a zip, and
    # under any path on a server. With a base_url, links are pretty and rooted at
    # its path, which also keeps the 404 page's links right at any depth.
    relative = (config.offline or not config.base_url) and not serving
    origin = config.site_origin if config.base_url.startswith("http") else ""
    return UrlBuilder(config.base_path, relative=relative, origin=origin)


def load_archive(root: Path, config: Config, drafts: bool, diags: Diagnostics) -> Archive:
    documents = load_archive_files(root, diags)
    validated = validate(documents, diags)
    return link(validated, config, diags, drafts=drafts)


@dataclass
class Prepared:
    """The archive linked, its Markdown rendered and mentions indexed: what pages
    and the open data are made from. `archive` is None when that failed."""

    compiled: Compiled
    env: jinja2.Environment | None = None
    urls: UrlBuilder | None = None
    archive: Archive | None = None


def prepare_archive(root: Path, options: BuildOptions, stages: Engine | None = None) -> Prepared:
    """Load, validate, link and render the archive at `root`, without making pages."""
    stages = stages or Engine()
    diags = Diagnostics()
    config = resolve_config(root, options, diags)
    compiled = Compiled(diags, config)
    prepared = Prepared(compiled)
    if not (root / "content").is_dir():
        diags.error(
            "content",
            Position(1, 1),
            "no content/ folder here; run briefgen in an archive's root, pass --root DIR, "
            "or create one with 'briefgen init DIR'",
        )
        return prepared
    archive = stages.load(root, config, options.drafts, diags)
    compiled.archive = archive
    env = stages.environment(root)
    urls = url_builder(config, options.serving)
    prepared.env, prepared.urls = env, urls
    md = make_markdown(raw_html=config.raw_html)
    # A body shown on an entity's, a source's or a tag's page: its headings avoid the
    # ids of that page's template.
    body_md = {
        kind: make_markdown(config.raw_html, heading_slug_for(kind))
        for kind in (kinds.ENTITY, kinds.SOURCE, kinds.TAG)
    }
    try:
        tail_template = env.get_template(CLAIM_TAIL_TEMPLATE)
    except jinja2.TemplateError as exc:
        template_error(exc, root, diags)
        return prepared

    article_jobs = []
    for article in archive.articles:
        url = urls.bind(article.url)

        def claim_tail(claim, cited, url=url):
            related = archive.lineage.related(claim)
            return tail_template.render(claim=claim, cited=cited, url=url, related=related).strip()

        def render_one(d, article=article, url=url, claim_tail=claim_tail):
            return render_article(article, md, config, url, claim_tail, d)

        article_jobs.append((article, render_one))
    try:
        stages.bodies.render_articles(article_jobs, diags)
    except jinja2.TemplateError as exc:
        template_error(exc, root, diags)
        return prepared
    for entity in archive.entities.values():

        def render_entity(d, entity=entity):
            entity.body_html = render_markdown(
                body_md[kinds.ENTITY],
                entity.body,
                entity.path,
                entity.body_line,
                d,
                urls.bind(entity.url),
            )

        stages.bodies.render(entity, render_entity, diags)
    for source in archive.sources.values():

        def render_source(d, source=source):
            source.body_html = render_markdown(
                body_md[kinds.SOURCE],
                source.body,
                source.path,
                source.body_line,
                d,
                urls.bind(source.url_path),
            )

        stages.bodies.render(source, render_source, diags)
    for tag in archive.tags.values():

        def render_tag(d, tag=tag):
            tag.description_html = render_markdown(
                body_md[kinds.TAG], tag.description, tag.path, tag.body_line, d, urls.bind(tag.url)
            )

        stages.bodies.render(tag, render_tag, diags)
    index_mentions(archive)
    if not diags.errors:
        prepared.archive = archive
    return prepared


def compile_site(
    root: Path,
    options: BuildOptions,
    stages: Engine | None = None,
    output: Output | StagedSite | None = None,
) -> Compiled:
    """Run the stages; each file of the site goes to `output` (default: `files` of
    the result, in memory). Nothing goes to it once an error is known."""
    stages = stages or Engine()
    prepared = prepare_archive(root, options, stages)
    compiled, archive, env, urls = (
        prepared.compiled,
        prepared.archive,
        prepared.env,
        prepared.urls,
    )
    if archive is None:
        return compiled
    config, diags = compiled.config, compiled.diagnostics

    compiled.pages = build_routes(archive)
    stages.fragments.start(env)
    common = {
        "site": config,
        "version": __version__,
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "claim_kinds": CLAIM_KINDS,
        "claim_statuses": CLAIM_STATUSES,
        "entity_type_labels": ENTITY_TYPE_LABELS,
        "absolute_url": urls.absolute,
        "page_meta": page_meta_helper(archive, urls.absolute),
        # Claim -> related claims, both ways (briefgen/lineage.py).
        "lineage": archive.lineage,
        "serving": options.serving,
        "search_entry": search_entry if config.search else lambda page: None,
        "claim_item": claim_item_helper(env, stages.fragments, stages.claim_key, urls.relative),
    }
    files: dict[str, bytes] = {}
    output = output or Output(files)
    page_jobs = []
    for page in compiled.pages:
        # `env`: the preview renders an open page with an edited theme ahead of its
        # rebuild (engine/early.py), before the rebuild makes its own.
        def render_page(page=page, env=env) -> bytes:
            if page.content is not None:
                return page.content()
            template = env.get_template(page.template)
            html = template.render(common, page=page, url=urls.bind(page.path), **page.context)
            return html.encode("utf-8")

        page_jobs.append((page, render_page))
    for page, rendered in stages.pages(page_jobs, output):
        if isinstance(rendered, jinja2.TemplateError):
            template_error(rendered, root, diags)
        elif isinstance(rendered, Stored):
            output.note(page.output_file, rendered.written)
        else:
            output.add(page.output_file, rendered)
    if config.search and not diags.errors:
        try:
            stages.search_index(indexed_pages(compiled.pages), output, config)
        except SearchIndexError as exc:
            diags.error(
                CONFIG_FILE,
                Position(1, 1),
                f"cannot build the search index: {exc}; or set 'search: false' to build "
                "the site without search",
            )
            return compiled
    for rel, path in static_files(root).items():
        output.add(f"assets/{rel}", path.read_bytes())
    output.add(".nojekyll", b"")
    if config.cname:
        output.add("CNAME", (config.cname + "\n").encode())
    compiled.files = dict(sorted(files.items()))
    return compiled


@dataclass
class BuildResult:
    compiled: Compiled
    seconds: float
    written: int = 0
    unchanged: int = 0
    files: int = 0
    paths: list[str] = field(default_factory=list)  # the files of the output written


def build(
    root: Path, out: Path, options: BuildOptions, stages: Engine | None = None
) -> BuildResult:
    started = time.perf_counter()
    # A wrong --out is a usage error found before any work (and any cache write).
    try:
        check_output_dir(out, root)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    stages = stages or Engine()
    # Without the memo (--no-cache) nothing of the last build is trusted: the whole
    # site is made and swapped in.
    staged = StagedSite(out, in_place=stages.memo is not None)
    try:
        compiled = compile_site(root, options, stages, staged)
        result = BuildResult(compiled, 0.0)
        if not compiled.failed(options.strict):
            stats = staged.commit()
            stages.committed(out)
            result.written, result.unchanged = stats.written, stats.unchanged
            result.files, result.paths = len(staged.paths), staged.paths
    finally:
        staged.discard()  # a failed build leaves the previous output as it was
    result.seconds = time.perf_counter() - started
    return result
