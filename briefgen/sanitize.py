"""What content may put into a page: URL schemes, and raw HTML when an archive opts in.

Content is data. Links written in Markdown may use http, https, mailto or a
relative address; anything else (javascript:, data:, vbscript:, file:) is an error
at its line and never reaches the page. Raw HTML in Markdown is escaped unless the
archive sets `raw_html: true`, and then it passes through the nh3 sanitizer
(Ammonia), never through regular expressions of ours.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3
from markdown_it.token import Token

from briefgen.diagnostics import Diagnostics, Position

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


def _locate(source_lines: list[str], first_line: int, block_map, needle: str) -> Position:
    """Line and column of `needle` inside a block of the file, else the block's line."""
    if block_map:
        start, end = block_map
        for offset, text in enumerate(source_lines[start:end]):
            col = text.find(needle)
            if col != -1:
                return Position(first_line + start + offset, col + 1)
        return Position(first_line + start, 1)
    return Position(first_line, 1)


def police_links(
    tokens: list[Token],
    source: str,
    first_line: int,
    path: str,
    diags: Diagnostics,
    url: Callable[[str], str] | None,
) -> None:
    """Report and neutralise unsafe link and image URLs in a parsed Markdown body;
    turn site paths (`/entities/x/`) into hrefs that respect the base path."""
    lines = source.split("\n")
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            attr = "href" if child.type == "link_open" else "src" if child.type == "image" else ""
            if not attr:
                continue
            value = str(child.attrGet(attr) or "")
            if not is_safe_url(value):
                scheme = url_scheme(value)
                diags.error(
                    path,
                    _locate(lines, first_line, token.map, value[: len(scheme) + 1] or value),
                    f"link to a '{scheme}:' URL is not allowed; use http, https, mailto or a "
                    "relative address",
                )
                child.attrSet(attr, "#")
            elif url is not None and value.startswith("/") and not value.startswith("//"):
                child.attrSet(attr, url(value))


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
