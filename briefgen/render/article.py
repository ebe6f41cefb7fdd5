"""An article body rendered: a RenderedArticle value, and the one place it is
applied to the Article that the later stages read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefgen.config import Config
from briefgen.diagnostics import Diagnostics
from briefgen.model import Article, Claim, Mention, Source
from briefgen.reanchor import Drift
from briefgen.render.links import LinkPolicy
from briefgen.render.markdown import render_markdown, to_html
from briefgen.render.segments import Block, inline_text

# The theme renders the badge, hover card and citation markers that follow a claim.
ClaimTailRenderer = Callable[[Claim, list[tuple[int, Source]], Callable[[str], str]], str]


@dataclass(frozen=True)
class RenderedArticle:
    """What rendering makes of one article. Per-claim fields follow article.claims."""

    body_html: str
    toc: list[tuple[int, str, str]]  # level, anchor, title
    summary: str  # the article's own, else its first paragraph
    word_count: int
    sources_cited: list[Source]  # numbered 1..n
    source_claims: dict[str, list[Claim]]  # source id -> claims citing it
    mentions: list[Mention]
    citation_numbers: tuple[tuple[int, ...], ...]  # per claim, per citation
    claim_notes: tuple[str, ...]  # each claim's note as HTML
    claim_contexts: tuple[tuple[str, str, str] | tuple[()], ...]  # () when not located
    drifts: list[Drift]  # claims whose quote did not match

    def fits(self, article: Article) -> bool:
        """Whether its per-claim fields follow `article.claims` and their citations,
        as `apply_rendered` needs (checked on a value read back from a cache)."""
        claims = article.claims
        return (
            len(self.claim_notes) == len(self.claim_contexts) == len(claims)
            and len(self.citation_numbers) == len(claims)
            and all(
                len(numbers) == len(claim.citations)
                for numbers, claim in zip(self.citation_numbers, claims, strict=True)
            )
        )


def article_env(
    article: Article,
    config: Config,
    url: Callable[[str], str],
    claim_tail: ClaimTailRenderer,
    diags: Diagnostics,
) -> dict:
    """The env that asks every core rule of make_markdown to run on the body."""
    return {
        "link_policy": LinkPolicy(article.path, article.body_line, diags, url, article.body),
        "body_line": article.body_line,
        "article": article,
        "diags": diags,
        "url": url,
        "quote_similarity": config.quote_similarity,
        "claim_tail": claim_tail,
        "mention_links": config.mention_links,
    }


def table_of_contents(tokens: list[Token]) -> list[tuple[int, str, str]]:
    toc = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrGet("id"):
            level = int(token.tag[1])
            toc.append((level, str(token.attrGet("id")), inline_text(tokens[index + 1])))
    return toc


def _first_paragraph(blocks: list[Block]) -> str:
    first = next((b for b in blocks if not b.heading and b.display.strip()), None)
    return first.display.strip() if first else ""


def render_body(
    article: Article,
    md: MarkdownIt,
    config: Config,
    url: Callable[[str], str],
    claim_tail: ClaimTailRenderer,
    diags: Diagnostics,
) -> RenderedArticle:
    """Render an article's body and its claims' notes; problems go to `diags`."""
    env = article_env(article, config, url, claim_tail, diags)
    tokens = md.parse(article.body, env)
    html = to_html(md, tokens, env)
    blocks: list[Block] = env["blocks"]
    contexts = env["contexts"]
    return RenderedArticle(
        body_html=html,
        toc=table_of_contents(tokens),
        summary=article.summary or _first_paragraph(blocks),
        word_count=sum(len(b.display.split()) for b in blocks),
        sources_cited=env["sources_cited"],
        source_claims=env["source_claims"],
        mentions=env["mentions"],
        citation_numbers=tuple(tuple(c.number for c in cl.citations) for cl in article.claims),
        claim_notes=tuple(
            render_markdown(md, claim.note, article.path, claim.pos.line, diags, url)
            for claim in article.claims
        ),
        claim_contexts=tuple(contexts.get(id(claim), ()) for claim in article.claims),
        drifts=env["drifts"],
    )


def apply_rendered(article: Article, rendered: RenderedArticle) -> None:
    """Set on `article` (and its claims and citations) what the pages, feeds and
    indexes read of its rendering."""
    article.body_html = rendered.body_html
    article.toc = rendered.toc
    article.summary = rendered.summary
    article.word_count = rendered.word_count
    article.sources_cited = rendered.sources_cited
    article.source_claims = rendered.source_claims
    article.mentions = rendered.mentions
    article.drifts = rendered.drifts
    for claim, numbers, note, context in zip(
        article.claims,
        rendered.citation_numbers,
        rendered.claim_notes,
        rendered.claim_contexts,
        strict=True,
    ):
        for citation, number in zip(claim.citations, numbers, strict=True):
            citation.number = number
        claim.note_html = note
        claim.context = context


def render_article(
    article: Article,
    md: MarkdownIt,
    config: Config,
    url: Callable[[str], str],
    claim_tail: ClaimTailRenderer,
    diags: Diagnostics,
) -> RenderedArticle:
    """Render an article's body and find its mentions. Sets body_html, toc, summary,
    sources_cited, source_claims, mentions, word_count and drifts on `article`, and
    note_html, context and citation numbers on its claims; returns what it set (the
    result a cache keeps)."""
    rendered = render_body(article, md, config, url, claim_tail, diags)
    apply_rendered(article, rendered)
    return rendered
