"""The preview's one fast path: patching an article's linked objects in place.

Most edits in the preview change an article's text or a claim's status, kind or
quote: nothing that linking reads (slug, date, draft, the ids and tag names it
refers to: `link_signature`). Such an edit is copied into the objects that linking
made of the article (`patch`: what is written in the file, model.written_fields),
so the archive as linked stays right and is reused as it is; the rebuild then knows
which article changed and looks only at the pages that show it (`shows_patched`),
without keying the others. Any other edit falls back to the full pipeline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from briefgen import page as kinds
from briefgen.link_objects import LinkedObjects, copy_written
from briefgen.load import Document
from briefgen.model import Article, linked_fields
from briefgen.page import Page
from briefgen.validate import Validated


@dataclasses.dataclass
class Change:
    """What one rebuild changed in an article's claims, to point the reader at it."""

    article_url: str
    claim_id: str


def merge(into: Validated, part: Validated) -> None:
    for f in dataclasses.fields(Validated):
        getattr(into, f.name).extend(getattr(part, f.name))


def claims_by_id(document: Document | None) -> dict:
    if document is None or not isinstance(document.meta.get("claims"), list):
        return {}
    return {
        item.get("id"): item
        for item in document.meta["claims"]
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def link_signature(part: Validated, graded: bool = False) -> tuple | None:
    """What `link` reads of an article file's objects (every field as written that
    model.py does not mark `not_linked`); None when it is not one article.
    `graded`: the archive grades its sources, so linking checks verified claims'
    grades and reads their status."""
    if len(part.articles) != 1 or part.entities or part.tags:
        return None
    article = part.articles[0]
    return (
        _linked_values(article),
        tuple(graded and claim.status == "verified" for claim in article.claims),
        # A source declared here is shown on the pages of every article citing it:
        # any change to what it says is for the full pipeline, not a patch.
        tuple(_linked_values(source) for source in part.sources),
    )


def _linked_values(obj) -> tuple:
    """The values of `obj`'s fields that linking reads, its parts' too. A part a
    patch keeps rather than copies (a claim's resolution) counts as a whole."""
    values = []
    for name, holds_parts in linked_fields(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, list):
            value = tuple(_value(item) for item in value)
        elif not holds_parts:
            value = _value(value)
        values.append(value)
    return tuple(values)


def _value(value):
    return _linked_values(value) if dataclasses.is_dataclass(value) else value


def patch(linked: LinkedObjects, old: Validated, new: Validated) -> Article | None:
    """Copy what is written in `new` into the linked objects of `old`, which is the
    same file with the same link signature: afterwards they are linked as linking
    would link `new`, and are `new`'s linked objects. Returns the linked article;
    None, and nothing changed, when `old` has none (it was never linked)."""
    article = linked.get(old.articles[0])
    sources = [linked.get(source) for source in old.sources]
    if article is None or any(source is None for source in sources):
        return None
    for source, written in zip(sources, new.sources, strict=True):
        copy_written(source, written)
    copy_written(article, new.articles[0])
    for claim, written in zip(article.claims, new.articles[0].claims, strict=True):
        copy_written(claim, written)
        for citation, cited in zip(claim.citations, written.citations, strict=True):
            copy_written(citation, cited)
    for old_object, new_object in zip(old.sources, new.sources, strict=True):
        linked.moved(old_object, new_object)
    linked.moved(old.articles[0], new.articles[0])
    return article


def present(article: Article) -> set[str]:
    """Ids of the entities whose pages and feeds show the article: listed, mentioned,
    speaking or spoken of in one of its claims."""
    ids = {m.entity_id for m in article.mentions} | {e.id for e in article.entities}
    for claim in article.claims:
        if claim.by:
            ids.add(claim.by.id)
        ids.update(e.id for e in claim.about)
    return ids


def affected_sets(dirty: dict[int, Article], shown_before: set[str], declared) -> tuple:
    """Ids of the patched articles (`dirty`), and of the entities, tags and sources
    whose pages show them; `shown_before`: entities that showed them before the
    patch; `declared(article)`: the sources its file declares."""
    articles, entities = set(dirty), set(shown_before)
    tags: set[str] = set()
    sources: set[str] = set()
    for article in dirty.values():
        entities |= present(article)
        tags.update(t.slug for t in article.tags)
        for claim in article.claims:
            tags.update(t.slug for t in claim.tags)
            sources.update(c.source.id for c in claim.citations if c.source)
        sources.update(s.id for s in article.sources_cited)
        sources.update(s.id for s in declared(article))
    return (articles, entities, tags, sources)


def shows_patched(page: Page, affected: tuple, dirty: dict[int, Article]) -> bool:
    """Whether a page's key may have changed in a patched rebuild: it shows a
    patched article (per-item pages are keyed by what they show), or lists the
    archive (keyed by all of it)."""
    articles, entities, tags, sources = affected
    subject = page.subject
    if page.kind in (kinds.ARTICLE, kinds.SHARE_IMAGE):
        return id(subject) in articles  # an article's image shows only its card
    if page.kind == kinds.ENTITY:
        return subject.id in entities
    if page.kind == kinds.TAG:
        return subject.slug in tags
    if page.kind == kinds.SOURCE:
        return subject.id in sources
    if page.kind == kinds.CLAIM:
        shown = [subject] + [other for _, other in page.context["claim_page"].related]
        return any(id(c.article) in articles for c in shown)
    if page.kind == kinds.FEED and page.depends:
        slugs = {("article", a.slug) for a in dirty.values()}
        return not slugs.isdisjoint(page.depends)
    return True


class FastPath:
    """The patches of the articles edited since the pages were last all gone
    through: `consider` patches an article file read again when it can be; then a
    page that shows none of them is `unchanged`. `changes`: the claims edited."""

    def __init__(self, linked: LinkedObjects) -> None:
        self.linked = linked
        self.dirty: dict[int, Article] = {}
        self.shown_before: set[str] = set()  # entities that showed them (mentions may go)
        self.affected: tuple[set, set, set, set] | None = None
        self.changes: list[Change] = []

    def reset(self) -> None:
        """Every page has been looked at with the patches in mind: done with them."""
        self.dirty = {}
        self.shown_before = set()
        self.affected = None

    def consider(self, old, new, graded: bool, keys, forget: Callable[[object], None]) -> bool:
        """`old` and `new`: an article file as last read and as read now
        (engine/content_files.py). When linking would link the new text as it did
        the old one, the linked objects of `old` are patched, and become `new`'s;
        `forget(item)` drops what was rendered of an item the patch changes.
        Whether it patched."""
        if old.kind != "articles" or not new.validated.articles:
            return False
        before, after = claims_by_id(old.document), claims_by_id(new.document)
        for claim_id, mapping in after.items():
            # Compared as written (repr): a `.nan` is never equal to itself.
            if repr(before.get(claim_id)) != repr(mapping):
                self.changes.append(Change(new.validated.articles[0].url, claim_id))
        signature = link_signature(new.validated, graded)
        if (
            any(d.severity == "error" for d in new.diagnostics + old.diagnostics)
            or signature is None
            or signature != link_signature(old.validated, graded)
        ):
            return False
        article = self.linked.get(old.validated.articles[0])
        if article is None:
            return False
        shown_before = present(article)
        if patch(self.linked, old.validated, new.validated) is None:
            return False
        self.shown_before |= shown_before
        self.dirty[id(article)] = article
        keys.forget(article)
        # Articles related to it show its title, date and quotes on their cards.
        for other in keys.lineage.related_articles(article):
            self.dirty[id(other)] = other
            keys.forget(other)
        for source in new.validated.sources:
            linked = self.linked.get(source)
            if linked is not None:  # (forget(None) would forget everything)
                forget(linked)
        self.affected = None
        return True

    def unchanged(self, page: Page, declared: Callable[[Article], list]) -> bool:
        """Whether `page` shows none of the patched articles; `declared(article)`:
        the sources its file declares."""
        if self.affected is None:
            self.affected = affected_sets(self.dirty, self.shown_before, declared)
        return not shows_patched(page, self.affected, self.dirty)
