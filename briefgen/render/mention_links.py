"""Mention links: an article's listed entities linked where their names stand.

Every whole-word occurrence of a listed entity's name or alias is a mention,
outside headings, links and code, and not straddling a claim's edge; a longer
name wins over a shorter one inside it. With `mention_links: first` (the default)
only the first mention of an entity in each section links to the entity page,
the others are plain spans; with `all`, every mention links. Each mention has an
anchor (`mention-ENTITY-N`) that the entity page links back to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it.rules_core import StateCore

from briefgen.diagnostics import Diagnostics
from briefgen.model import Article, Entity, Mention
from briefgen.quotes import fold
from briefgen.render.marker import Marker, tag_token
from briefgen.render.segments import Block
from briefgen.render.sentences import sentence_around

NamePattern = tuple[str, re.Pattern, str]  # folded name, pattern, entity id
Span = tuple[int, int, str]  # folded start, end, entity id


def name_patterns(entities: Iterable[Entity]) -> list[NamePattern]:
    """(folded name, pattern, entity id) for every name and alias of `entities`, the
    longest first; a pattern matches whole words of folded text. `import` and
    `coverage` look for names the way the article page links them."""
    names: list[tuple[str, str]] = []
    for entity in entities:
        for name in [entity.name, *entity.aliases]:
            folded = fold(name)
            if folded:
                names.append((folded, entity.id))
    # Longest names first, so "Vladimir Putin" wins over "Putin".
    names.sort(key=lambda item: (-len(item[0]), item[0]))
    return [
        (name, re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)"), entity_id)
        for name, entity_id in names
    ]


def mention_spans(
    block: Block, patterns: list[NamePattern], claim_edges: list[tuple[int, int]]
) -> list[Span]:
    """The mentions in one block, in text order."""
    text = block.folded
    spans: list[Span] = []
    for name, pattern, entity_id in patterns:
        if name not in text:  # most names are not in most paragraphs
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e, _ in spans):
                continue  # a longer name holds some of these characters
            if not block.mention_allowed(start, end):
                continue
            if any(s < start < e < end or start < s < end < e for s, e in claim_edges):
                continue
            spans.append((start, end, entity_id))
    spans.sort()
    return spans


class _Linker:
    """Numbers mentions per entity and decides which link, across the body."""

    def __init__(self, article: Article, url, link_all: bool):
        self.article, self.url, self.link_all = article, url, link_all
        self.entities = {e.id: e for e in article.entities}
        self.linked_in_section: set[tuple[str, str]] = set()
        self.counters: dict[str, int] = {}

    def mark(self, block: Block, marker: Marker, span: Span) -> Mention:
        start, end, entity_id = span
        self.counters[entity_id] = self.counters.get(entity_id, 0) + 1
        anchor = f"mention-{entity_id}-{self.counters[entity_id]}"
        key = (entity_id, block.section)
        linked = self.link_all or key not in self.linked_in_section
        self.linked_in_section.add(key)
        if linked:
            href = self.url(self.entities[entity_id].url)
            tag, attrs = "a", {"class": "mention", "id": anchor, "href": href}
        else:
            tag, attrs = "span", {"class": "mention-plain", "id": anchor}
        first, last = marker.tokens_for(start, end)
        marker.wrap(
            first,
            last,
            lambda segment: tag_token(tag, 1, attrs if segment == 0 else {"class": attrs["class"]}),
            lambda: tag_token(tag, -1),
        )
        text = block.display
        return Mention(
            entity_id=entity_id,
            article=self.article,
            anchor=anchor,
            text=text[start:end],
            sentence=sentence_around(text, start, end),
            section=block.section,
            linked=linked,
        )


def _warn_unmentioned(article: Article, mentions: list[Mention], diags: Diagnostics) -> None:
    found = {m.entity_id for m in mentions}
    for entity in article.entities:
        if entity.id not in found:
            position = article.entity_pos[article.entity_ids.index(entity.id)]
            diags.warning(
                article.path,
                position,
                f"entity '{entity.id}' is listed but neither its name nor an alias occurs in "
                "the body; add an alias as written in the text",
            )


def mention_links_rule(state: StateCore) -> None:
    """Core rule. Reads env["article"], ["blocks"], ["located"] (claim matches, if
    any), ["mention_links"], ["url"] and ["diags"]; writes env["mentions"]."""
    env = state.env
    if "article" not in env or "blocks" not in env:
        return
    article = env["article"]
    patterns = name_patterns(article.entities)
    located = env.get("located", {}).values()
    linker = _Linker(article, env.get("url"), env.get("mention_links") == "all")
    mentions: list[Mention] = []
    for block in env["blocks"] if patterns else ():
        if block.heading:
            continue
        edges = [(m.start, m.end) for m in located if m.block is block]
        spans = mention_spans(block, patterns, edges)
        if not spans:
            continue
        marker = Marker(block)
        for start, end, _ in spans:
            marker.want(start, end)
        marker.split()
        mentions.extend(linker.mark(block, marker, span) for span in spans)
        marker.finish()
    _warn_unmentioned(article, mentions, env["diags"])
    env["mentions"] = mentions
