"""Citations: sources numbered by first citation, and footnotes.

An article's sources are numbered 1..n in the order their first citing claim's
quote stands in the body; the badge after each quote links to its numbers, and
the page lists the sources in that order. Markdown footnotes are numbered apart,
as plain superscripts, since bracketed numbers belong to source citations.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from briefgen.model import Claim, Source


def number_sources(claims: list[Claim]) -> tuple[list[Source], dict[str, list[Claim]]]:
    """(sources in citation order, source id -> claims citing it) for `claims` in
    reading order. Sets each citation's `number`: the theme's claim tail, rendered
    while the body is marked, reads it."""
    numbers: dict[str, int] = {}
    sources_cited: list[Source] = []
    source_claims: dict[str, list[Claim]] = {}
    for claim in claims:
        for citation in claim.citations:
            if citation.source is None:
                continue
            if citation.source_id not in numbers:
                numbers[citation.source_id] = len(numbers) + 1
                sources_cited.append(citation.source)
            citation.number = numbers[citation.source_id]
            cited_by = source_claims.setdefault(citation.source_id, [])
            if claim not in cited_by:
                cited_by.append(claim)
    return sources_cited, source_claims


def cited_sources(claim: Claim) -> list[tuple[int, Source]]:
    """(number, source) of each source the claim cites: one marker per source, even
    when the claim cites it at two places."""
    cited: list[tuple[int, Source]] = []
    for c in claim.citations:
        if c.source and all(number != c.number for number, _ in cited):
            cited.append((c.number, c.source))
    return cited


def citations_rule(state: StateCore) -> None:
    """Core rule. Reads env["claims"] (located, in reading order); writes
    env["sources_cited"] and env["source_claims"]."""
    if "claims" in state.env:
        cited, by_source = number_sources(state.env["claims"])
        state.env["sources_cited"], state.env["source_claims"] = cited, by_source


def _footnote_caption(self, tokens, idx, options, env) -> str:
    # Plain superscript numbers: bracketed numbers belong to source citations.
    number = str(tokens[idx].meta["id"] + 1)
    sub = tokens[idx].meta.get("subId", -1)
    return number + (f":{sub}" if sub > 0 else "")


def _footnote_block_open(self, tokens, idx, options, env) -> str:
    return (
        '<section class="footnotes" aria-labelledby="footnotes-heading">\n'
        '<h2 id="footnotes-heading">Notes</h2>\n<ol class="footnotes-list">\n'
    )


def footnote_renderers(md: MarkdownIt) -> None:
    """The footnote plugin's caption and list, in the theme's terms."""
    md.add_render_rule("footnote_caption", _footnote_caption)
    md.add_render_rule("footnote_block_open", _footnote_block_open)
