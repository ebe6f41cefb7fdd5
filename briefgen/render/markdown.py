"""The Markdown engine: markdown-it-py with the archive's extensions and rules.

One MarkdownIt serves every text of a build. Its core rules run after markdown-it's
own, in this order, each only when the env of the parse asks for it:

    police_links    env["link_policy"]                 (links.py)
    text_segments   env["body_line"] -> blocks         (segments.py)
    claim_quotes    env["article"] -> located claims   (claim_quotes.py)
    citations       located claims -> numbered sources (citations.py)
    claim_marks     located claims -> <mark>s, tails   (claim_marks.py)
    mention_links   env["article"] -> mentions         (mention_links.py)

A plain text (a note, an entity's description) asks only for link policing; an
article body asks for all of them (see article.py).
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from briefgen.diagnostics import Diagnostics
from briefgen.render.citations import citations_rule, footnote_renderers
from briefgen.render.claim_marks import claim_marks_rule, render_claim_tail
from briefgen.render.claim_quotes import claim_quotes_rule
from briefgen.render.links import LinkPolicy, heading_slug, links_plugin
from briefgen.render.mention_links import mention_links_rule
from briefgen.render.segments import text_segments_rule
from briefgen.sanitize import clean_html


def _table_open(self, tokens, idx, options, env) -> str:
    # A wide table scrolls inside its own region, which a keyboard can reach.
    return (
        '<div class="table-wrap" role="region" aria-label="Table" tabindex="0">\n'
        + self.renderToken(tokens, idx, options, env)
    )


def _table_close(self, tokens, idx, options, env) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def make_markdown(
    raw_html: bool = False, slug_func: Callable[[str], str] = heading_slug
) -> MarkdownIt:
    """The engine; raw HTML in Markdown is escaped unless `raw_html`. `slug_func`
    gives a heading its id; the default avoids the article page's ids (a body shown
    on another kind of page passes page_ids.heading_slug_for(kind))."""
    md = MarkdownIt("commonmark", {"html": raw_html, "xhtmlOut": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(links_plugin, slug_func=slug_func)
    md.core.ruler.push("text_segments", text_segments_rule)
    md.core.ruler.push("claim_quotes", claim_quotes_rule)
    md.core.ruler.push("citations", citations_rule)
    md.core.ruler.push("claim_marks", claim_marks_rule)
    md.core.ruler.push("mention_links", mention_links_rule)
    footnote_renderers(md)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    md.add_render_rule("claim_tail", render_claim_tail)
    return md


def to_html(md: MarkdownIt, tokens, env: dict) -> str:
    """Rendered tokens; sanitised when the archive lets raw HTML in."""
    html = md.renderer.render(tokens, md.options, env)
    return clean_html(html) if md.options["html"] else html


def render_markdown(
    md: MarkdownIt,
    text: str,
    path: str = "",
    first_line: int = 1,
    diags: Diagnostics | None = None,
    url: Callable[[str], str] | None = None,
) -> str:
    """Plain Markdown (notes, entity and source bodies, tag descriptions)."""
    if not text.strip():
        return ""
    policy = LinkPolicy(path, first_line, diags if diags is not None else Diagnostics(), url, text)
    env: dict = {"link_policy": policy}
    return to_html(md, md.parse(text, env), env)
