"""Link policing: what a body may link to, and the ids its headings get.

Links written in Markdown may use http, https, mailto or a relative address;
anything else (javascript:, data:, vbscript:, file:) is an error at its line and
the link goes nowhere (`#`). Site paths (`/entities/x/`) become hrefs that respect
the base path. Headings get ids from their text, never an id the page gives to
something else, so that `## Source 1` cannot capture the link of citation [1].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

from briefgen import page as kinds
from briefgen.diagnostics import Diagnostics, Position
from briefgen.page_ids import heading_slug_for
from briefgen.sanitize import is_safe_url, url_scheme

# A heading's anchor on the article page: never an id the article template gives
# to something else (page_ids declares them per kind of page).
heading_slug = heading_slug_for(kinds.ARTICLE)


@dataclass(frozen=True)
class LinkPolicy:
    """Where a text comes from, for diagnostics, and how site paths become hrefs."""

    path: str  # the file, for diagnostics
    first_line: int  # its line of the text's first line
    diags: Diagnostics = field(compare=False)
    url: Callable[[str], str] | None = None  # site path -> href; None leaves it
    source: str | None = None  # the text as written (markdown-it normalises line ends)


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


def police_links(tokens: list[Token], source: str, policy: LinkPolicy) -> None:
    """Report and neutralise unsafe link and image URLs in a parsed text; turn site
    paths into hrefs that respect the base path."""
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
                policy.diags.error(
                    policy.path,
                    _locate(lines, policy.first_line, token.map, value[: len(scheme) + 1] or value),
                    f"link to a '{scheme}:' URL is not allowed; use http, https, mailto or a "
                    "relative address",
                )
                child.attrSet(attr, "#")
            elif policy.url is not None and value.startswith("/") and not value.startswith("//"):
                child.attrSet(attr, policy.url(value))


def police_links_rule(state: StateCore) -> None:
    """Core rule. Reads env["link_policy"] (a LinkPolicy); rewrites link tokens."""
    policy = state.env.get("link_policy")
    if policy is not None:
        source = policy.source if policy.source is not None else state.src
        police_links(state.tokens, source, policy)


def links_plugin(md: MarkdownIt, slug_func: Callable[[str], str] = heading_slug) -> None:
    """Heading ids (by `slug_func`) and link policing, for make_markdown."""
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=slug_func)
    # Every link is kept so that police_links can report an unsafe one at its line
    # (markdown-it would otherwise silently print it as text).
    md.validateLink = lambda url: True
    md.core.ruler.push("police_links", police_links_rule)
