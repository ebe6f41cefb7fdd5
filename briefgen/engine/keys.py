"""The key of each costly step, in one place: reading a content file, rendering an
article's body, rendering an entity's, source's or tag's description, rendering a
page, and making the search index.

A key is a hash of the values the step reads, so a result kept under a key is
either exactly what the step would give now or never looked up again: nothing is
invalidated by hand. What another file contributes (an entity an article mentions,
a source it cites) enters a key as the digest of that file's front-matter, not as a
list of the fields the step happens to read: a field added to an entity can never
be missed.
What every step depends on (briefgen's code, the theme, the settings) is the
`environment` a key is made with. Two things decide what a page's key holds besides
what the page is about, for `build` and the preview alike: whether the page is made
with templates the archive brings (`archive_templates`, `Keys.shows_archive`: then
it may show anything of the archive), and what every page shows of the archive as a
whole (`site_inputs`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from briefgen import page as kinds
from briefgen.config import Config
from briefgen.engine.fingerprint import code_digest, key_of
from briefgen.lineage import Lineage
from briefgen.model import Article, Entity, Source, Tag
from briefgen.opendata import KINDS
from briefgen.page import Page


def settings_key(config: Config, options: object = None) -> str:
    """What every rendering depends on besides the theme and the archive: briefgen's
    code and version, the settings and the build options."""
    return key_of(code_digest(), repr(config), repr(options))


def template_key(settings: str, version: str) -> str:
    """What rendering with one template depends on besides the archive: the
    settings (`settings_key`) and the template's version (engine/templates.py:
    its source and those of the templates it uses)."""
    return key_of(settings, version)


def whole_archive_key(
    settings: str, drafts: bool | None, digests: dict[str, str], templates: str
) -> str:
    """The key of the whole archive, for what lists it or may show any of it: every
    content file's `document_key`, every template's version, the settings."""
    return key_of(settings, drafts, sorted(digests.items()), templates)


def document_key(kind: str, rel: str, data: bytes, size: int = 0) -> str:
    """The key of reading one content file, which is also the digest its file
    enters other keys with: its kind, path and bytes, and briefgen's code. A file
    too large to read has no bytes here; its `size` stands for them."""
    h = hashlib.blake2b(code_digest().encode(), digest_size=20)
    h.update(f"{kind}\0{rel}\0{size}\0".encode())
    h.update(data)
    return h.hexdigest()


def front_matter_key(meta) -> str:
    """What other files' steps read of a content file: its front-matter (an
    article shows an entity's name and aliases, a source's title, never their
    bodies). `meta`: the file's front-matter as read."""
    return key_of(meta)


def body_key(item: Entity | Source | Tag) -> tuple:
    """The inputs of rendering an entity's, source's or tag's Markdown."""
    if isinstance(item, Tag):
        return ("tag", item.slug, item.path, item.description, item.body_line)
    return (type(item).__name__, item.id, item.path, item.body, item.body_line)


# Rendered into every article's body, after each claim's quote (build.py).
CLAIM_TAIL_TEMPLATE = "partials/claim_tail.html"

# The open data files of claims: each claim's record is made of what the archive's
# front-matter says (opendata.claim_record), nothing of any body.
CLAIM_DATA_FILES = frozenset(KINDS["claims"].site_files)


def archive_templates(root: Path) -> frozenset[str]:
    """The names of the files the archive at `root` brings in `templates/`: its own
    theme files (such a template may show anything of the archive: `lineage`,
    `page_meta` and every object they lead to)."""
    folder = root / "templates"
    if not folder.is_dir():
        return frozenset()
    return frozenset(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
    )


def site_inputs(archive) -> tuple:
    """What every page shows of the archive as a whole, whatever else it shows: its
    head links the site's feed when the archive has articles (page_meta.py)."""
    return (bool(archive.articles),)


def index_key(version: str, pages: list[Page], page_keys: list[str]) -> str:
    """The key of the search index: the indexer's version and the pages it indexes."""
    return key_of(version, [page.output_file for page in pages], page_keys)


class Keys:
    """The keys of one linked archive's articles and pages.

    `environment` is what an article's rendering depends on besides the archive
    (the claim template, or the whole theme and settings); `digest(rel)` gives a
    content file's `document_key`. `linked` sets, from the archive as linked, its
    `lineage` (what an article's claim cards show of other articles), `site`
    (`site_inputs`) and `articles_by_url` (a feed is keyed by the articles it holds;
    before, by the whole archive); `read_theme` sets which templates are the
    archive's own."""

    def __init__(
        self,
        environment: str,
        digest: Callable[[str], str],
        front_matter: Callable[[str], str] | None = None,
    ):
        self.environment = environment
        self.digest = digest
        # The `front_matter_key` of a content file (default: its whole digest).
        self.front_matter = front_matter or digest
        self.lineage = Lineage()
        self.articles_by_url: dict[str, Article] | None = None
        # The archive's own templates (`archive_templates`), and the templates each
        # page template uses (`read_theme`).
        self.own_templates: frozenset[str] = frozenset()
        self._uses: Callable[[str], Iterable[str]] = lambda name: (name,)
        self._shows_archive: dict[str, bool] = {}
        # Whether article bodies may show anything of the archive (the claim template
        # is the archive's own), and the key of all of it (`read_theme`).
        self.bodies_show_archive = False
        self._everything: Callable[[], str] = lambda: ""
        self.site: tuple = ()  # see `site_inputs`
        self._articles: dict[int, str] = {}
        self.archive = None  # as last `linked`
        self._front_matters: str | None = None  # see `front_matters`

    def read_theme(
        self, root: Path, uses: Callable[[str], Iterable[str]], everything: Callable[[], str]
    ) -> None:
        """Key with the theme of the archive at `root`; `uses(name)` gives every
        template that rendering template `name` may use (engine/templates.py), and
        `everything()` the key of the whole archive, for what may show any of it."""
        self.own_templates = archive_templates(root)
        self._uses = uses
        self._shows_archive = {}
        self._everything = everything
        # The claim template is rendered into every article's body.
        self.bodies_show_archive = self._uses_own(CLAIM_TAIL_TEMPLATE)
        self._articles = {}

    def _uses_own(self, name: str) -> bool:
        """Whether template `name` is, or uses, one of the archive's own."""
        if not self.own_templates:
            return False
        shows = self._shows_archive.get(name)
        if shows is None:
            shows = not self.own_templates.isdisjoint(self._uses(name))
            self._shows_archive[name] = shows
        return shows

    def linked(self, archive) -> None:
        """Key with what the newly linked `archive` shows everywhere, and its
        articles by URL (a feed is keyed by those it holds)."""
        self.lineage = archive.lineage
        self.site = site_inputs(archive)
        self.articles_by_url = {article.url: article for article in archive.articles}
        self.archive = archive
        self._front_matters = None

    def forget(self, article: Article | None = None) -> None:
        """Drop the memoised key of `article` (of every article: None)."""
        if article is None:
            self._articles = {}
        else:
            self._articles.pop(id(article), None)
        self._front_matters = None

    def _file(self, item) -> tuple:
        return (item.id, self.front_matter(item.path)) if item is not None else ()

    def article(self, article: Article) -> str:
        """The key of rendering an article's body: its file, the front-matter of
        the entities and sources it refers to, its tags' names, what its claim
        cards show of related claims, and the environment; and the whole archive
        when the claim template is the archive's own (`bodies_show_archive`)."""
        cached = self._articles.get(id(article))
        if cached is not None:
            return cached
        claims = [
            (
                claim.id,
                self._file(claim.by),
                [self._file(e) for e in claim.about],
                [(t.slug, t.name) for t in claim.tags],
                [self._file(c.source) for c in claim.citations],
                # A resolved forecast's claim page and card show its sources too.
                [self._file(c.source) for c in claim.resolution.citations]
                if claim.resolution
                else [],
            )
            for claim in article.claims
        ]
        key = key_of(
            self.environment,
            article.path,
            article.url,
            self.digest(article.path),
            article.draft,
            [self._file(e) for e in article.entities],
            [(t.slug, t.name) for t in article.tags],
            self.lineage.article_key(article),
            claims,
            self._everything() if self.bodies_show_archive else None,
        )
        self._articles[id(article)] = key
        return key

    def page(self, page: Page, environment: str, everything: str | Callable[[], str]) -> str:
        """The key of rendering a page: `environment` (its templates), what every
        page shows of the archive (`site`), and what it shows (`page_inputs`), or
        `everything` (a key of the whole archive, or a function giving it, asked only
        when needed) for a page that lists the archive or may show any of it
        (`shows_archive`)."""
        inputs = None if self.shows_archive(page) else self.page_inputs(page)
        if inputs is None and callable(everything):
            everything = everything()
        return key_of(
            environment,
            page.path,
            page.template,
            page.title,
            self.site,
            inputs if inputs is not None else everything,
        )

    def shows_archive(self, page: Page) -> bool:
        """Whether a page may show anything of the archive, whatever it is about: one
        rendered with a template of the archive's own, or one that uses such a
        template. (A page made only with the built-in theme shows what `page_inputs`
        says; a file made by code, such as a share image, uses no template.)"""
        return page.content is None and self._uses_own(page.template)

    def claim(self, claim) -> tuple:
        """What a claim's list item shows (briefgen/fragments.py): the claim's id and
        its article's key, which covers the names it links to."""
        return (claim.id, self.article(claim.article) if claim.article else None)

    def front_matters(self) -> str:
        """The key of the front-matter of every file of the linked archive: all
        that the claims (their quotes, kinds, statuses, speakers, tags, sources and
        relations) and the names they show come from."""
        if self._front_matters is None:
            archive = self.archive
            items = [
                *archive.articles,
                *archive.entities.values(),
                *archive.sources.values(),
                *archive.tags.values(),
            ]
            paths = sorted({item.path for item in items if item.path})
            self._front_matters = key_of([(path, self.front_matter(path)) for path in paths])
        return self._front_matters

    def page_inputs(self, page: Page) -> tuple | None:
        """What a page about one article, entity, tag, source, claim or feed shows,
        or a list of claims; None for a page that lists the archive otherwise."""
        subject = page.subject
        if self.archive is not None and page.kind in (kinds.CLAIMS, kinds.FORECASTS):
            # Claims' items, counts, contradictions, forecasts' resolutions and
            # scores: what the front-matter says, and whether each quote was found
            # in its article (its "in context" link). An edit of an article's text
            # leaves them.
            found = [bool(claim.context) for claim in self.archive.claims]
            return (page.kind, self.front_matters(), found)
        if self.archive is not None and page.kind == kinds.DATA_FILE:
            if subject in CLAIM_DATA_FILES:
                return ("claim data", subject, self.front_matters())
            if subject.endswith(".schema.json"):
                return ("schema", subject)  # briefgen's own file, and the settings
        if page.kind == kinds.ARTICLE:
            return ("article", self.article(subject))
        if page.kind == kinds.SHARE_IMAGE:
            # The image shows only its card: an edit of the body leaves it as it was.
            return ("share", page.context["share"])
        if page.kind == kinds.ENTITY:
            return (
                "entity",
                self.digest(subject.path),
                [
                    (self.article(i.article), [m.anchor for m in i.mentions], i.listed)
                    for i in subject.articles
                ],
                [self.claim(c) for c in subject.claims_by],
                [self.claim(c) for c in subject.claims_about],
                [(other.id, other.name, count) for other, count in subject.co_mentions],
            )
        if page.kind == kinds.TAG:
            return (
                "tag",
                subject.slug,
                subject.name,
                self.digest(subject.path) if subject.path else subject.description,
                [self.claim(c) for c in subject.claims],
                [self.article(a) for a in subject.articles],
            )
        if page.kind == kinds.SOURCE:
            return (
                "source",
                self.digest(subject.path),
                subject.declared_in,
                [
                    (self.claim(c.claim) if c.claim else None, c.locator, c.quote)
                    for c in subject.citations
                ],
            )
        if page.kind == kinds.CLAIM:
            # A claim's page shows the claim and its article's title, date and
            # authors (all in the article's key), and the claims related to it.
            related = page.context["claim_page"].related
            return (
                "claim",
                self.claim(subject),
                [(relation, self.claim(other)) for relation, other in related],
            )
        if page.kind == kinds.FEED and self.articles_by_url is not None:
            # A feed holds its entries whole; each entry is made from one article.
            return (
                "feed",
                subject.path,
                subject.page_path,
                subject.title,
                subject.subtitle,
                subject.updated,
                subject.author,
                subject.id,
                [
                    self.article(self.articles_by_url[entry.path])
                    if entry.path in self.articles_by_url
                    else entry
                    for entry in subject.entries
                ],
            )
        return None
