"""Stage 4, render: Markdown to HTML, with claim, mention and citation marks.

Bodies are parsed by markdown-it-py into a token stream; marks are added to that
stream by core rules (see markdown.py for their order), never to HTML strings, so a
quote may span emphasis or links and the output stays well nested. Raw HTML in
Markdown is escaped unless the archive opts in (`raw_html: true`), and then
sanitised (see sanitize.py).
"""

from briefgen.render.article import (
    ClaimTailRenderer,
    RenderedArticle,
    apply_rendered,
    render_article,
    render_body,
)
from briefgen.render.claim_quotes import Match, locate_claims
from briefgen.render.links import LinkPolicy, heading_slug
from briefgen.render.markdown import make_markdown, render_markdown
from briefgen.render.mention_links import name_patterns
from briefgen.render.segments import Block, collect_blocks, inline_text
from briefgen.render.sentences import abbreviation_ends, sentence_around

__all__ = [
    "Block",
    "ClaimTailRenderer",
    "LinkPolicy",
    "Match",
    "RenderedArticle",
    "abbreviation_ends",
    "apply_rendered",
    "collect_blocks",
    "heading_slug",
    "inline_text",
    "locate_claims",
    "make_markdown",
    "name_patterns",
    "render_article",
    "render_body",
    "render_markdown",
    "sentence_around",
]
