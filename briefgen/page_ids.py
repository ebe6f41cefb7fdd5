"""The ids each kind of page gives its own elements, so that a heading of a body
shown on that page never takes one of them (a duplicate id breaks the link to it
and the page's accessibility: `aria-labelledby` finds the wrong element).

Each template's ids are declared here by page kind; the Markdown of an entity's,
a source's or a tag's body gets heading anchors that avoid those of its page, as
an article's body avoids those of the article page (render.heading_slug).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mdit_py_plugins.anchors.index import slugify

from briefgen import page as kinds

# Ids on every page: base.html's landmark, and those a body's own footnotes get
# (fn1, fnref1, the footnotes' heading).
_EVERY_PAGE = ("main", "footnotes-heading")
_FOOTNOTE_IDS = r"fn(?:ref)?\d"

# Ids of each kind's template (templates/<kind>.html), and the prefixes of ids
# the template numbers (claim-3, card-c1, source-2, mention-4).
TEMPLATE_IDS: dict[str, tuple[str, ...]] = {
    kinds.ARTICLE: ("article-title", "claims-heading", "sources-heading", "entities-heading"),
    kinds.ENTITY: ("articles-heading", "by-heading", "about-heading", "co-heading"),
    kinds.SOURCE: ("citing-heading",),
    kinds.TAG: ("claims-heading", "articles-heading"),
    kinds.CLAIM: (
        "claim-title",
        "context-heading",
        "note-heading",
        "sources-heading",
        "related-heading",
    ),
}
TEMPLATE_ID_PREFIXES: dict[str, tuple[str, ...]] = {
    kinds.ARTICLE: ("claim-", "card-", "source-", "mention-"),
}


def reserved_ids(kind: str) -> re.Pattern:
    """Matches the ids a page of this kind gives its own elements."""
    exact = "|".join(re.escape(i) for i in _EVERY_PAGE + TEMPLATE_IDS.get(kind, ()))
    starts = [re.escape(p) for p in TEMPLATE_ID_PREFIXES.get(kind, ())] + [_FOOTNOTE_IDS]
    return re.compile(rf"^(?:{'|'.join(starts)}|(?:{exact})$)")


def heading_slug_for(kind: str) -> Callable[[str], str]:
    """The heading anchor function for a body shown on a page of this kind: the
    slug of the heading's text, with '-section' added when the page uses that id."""
    reserved = reserved_ids(kind)

    def heading_slug(title: str) -> str:
        slug = slugify(title)
        return slug + "-section" if reserved.search(slug) else slug

    return heading_slug
