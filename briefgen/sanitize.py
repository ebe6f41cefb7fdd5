"""What content may put into a page: URL schemes, and raw HTML when an archive opts in.

Content is data. Links written in Markdown may use http, https, mailto or a
relative address; anything else (javascript:, data:, vbscript:, file:) is an error
at its line and never reaches the page (render/links.py polices them). Raw HTML in
Markdown is escaped unless the archive sets `raw_html: true`, and then it passes
through the nh3 sanitizer (Ammonia), never through regular expressions of ours.
"""

from __future__ import annotations

import re

import nh3

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Characters browsers ignore inside a scheme ("java\tscript:"), so they are removed
# before the scheme is read.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def url_scheme(url: str) -> str:
    """The scheme as a browser would read it, lower case; '' for a relative URL."""
    match = _SCHEME_RE.match(_IGNORED_IN_SCHEME.sub("", url))
    return match.group(1).lower() if match else ""


def is_safe_url(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme == "" or scheme in SAFE_SCHEMES


_EXTRA_ATTRIBUTES = {
    "class",
    "id",
    "title",
    "lang",
    "dir",
    "data-claim",
    "aria-hidden",
    "aria-label",
    "aria-describedby",
    "role",
}


def clean_html(html: str) -> str:
    """Sanitise rendered HTML that may contain an archive's raw HTML."""
    attributes = {tag: set(values) for tag, values in nh3.ALLOWED_ATTRIBUTES.items()}
    attributes["*"] = set(attributes.get("*", set())) | _EXTRA_ATTRIBUTES
    attributes.setdefault("a", set()).update({"href", "rel"})
    return nh3.clean(
        html,
        tags=set(nh3.ALLOWED_TAGS) | {"mark", "section", "sup", "span"},
        attributes=attributes,
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
