"""Claim quotes: where each claim's quote stands in the body.

A quote is matched as whole words of the folded text of one block (quotes, dashes
and white space normalised). A quote found more than once needs `occurrence: N`;
a quote found nowhere is an error naming the passage most like it (a Drift, see
reanchor.py). The `claim_quotes` core rule runs this for env["article"] and leaves
the matches for the citation and mark rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.rules_core import StateCore

from briefgen.diagnostics import Diagnostics
from briefgen.model import Article, Claim
from briefgen.quotes import find_all, fold
from briefgen.reanchor import Drift, best_passage
from briefgen.render.segments import Block
from briefgen.render.sentences import sentence_around
from briefgen.schema import CONFIG


@dataclass
class Match:
    block: Block
    start: int  # folded offsets, end exclusive
    end: int


def _whole_words(text: str, start: int, end: int) -> bool:
    """A quote is whole words of the body: 'talks' never matches inside 'stalks'."""
    inside = text[start:end]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (inside[:1].isalnum() and before.isalnum()) and not (
        inside[-1:].isalnum() and after.isalnum()
    )


def find_quote(blocks: list[Block], quote: str) -> list[Match]:
    """Every whole-word occurrence of folded `quote`, in reading order."""
    return [
        Match(block, start, start + len(quote))
        for block in blocks
        for start in find_all(block.folded, quote)
        if _whole_words(block.folded, start, start + len(quote))
    ]


def _line_breaks_before(match: Match) -> list[int]:
    """Indexes of the line breaks among the block's children before the match."""
    child = match.block.child_at(match.start)[0]
    children = match.block.token.children or []
    return [n for n, c in enumerate(children[:child]) if c.type in ("softbreak", "hardbreak")]


def _where(match: Match, width: int = 70) -> str:
    """`line N: "...sentence..."`: where a match stands, for a diagnostic listing
    several. The line is the match's own, not its paragraph's first."""
    block = match.block
    line = block.line + len(_line_breaks_before(match))
    text = sentence_around(block.display, match.start, match.end)
    if len(text) > width:  # a window around the match, cut at spaces
        room = max(10, (width - (match.end - match.start)) // 2)
        left = block.display.rfind(" ", 0, max(0, match.start - room)) + 1
        right = block.display.find(" ", match.end + room)
        right = len(block.display) if right == -1 else right
        text = (
            ("…" if left > 0 else "")
            + block.display[left:right]
            + ("…" if right < len(block.display) else "")
        )
    return f'line {line}: "{text}"'


def _file_position(article: Article, match: Match) -> tuple[int, int]:
    """The file line and column where `match` starts. The line is counted from the
    paragraph's line breaks; the column is found in that line of the source, where
    Markdown markup and indentation only ever add characters before the text."""
    block = match.block
    breaks = _line_breaks_before(match)
    line = block.line + len(breaks)
    # The text read on this line before the match, and the line as written.
    line_start = block.seg_start[block.seg_child.index(breaks[-1])] + 1 if breaks else 0
    before = block.to_raw(match.start) - line_start
    lines = article.body.split("\n")
    source = lines[line - article.body_line] if 0 <= line - article.body_line < len(lines) else ""
    first_word = block.display[match.start : match.end].split(" ")[0]
    found = source.find(first_word, max(0, before)) if first_word else -1
    return line, (found if found != -1 else max(0, before)) + 1


def _drift(article: Article, claim: Claim, blocks: list[Block], threshold: float) -> Drift:
    """The passage most like a quote that no longer matches, as a Drift."""
    quote = fold(claim.quote)
    passage = best_passage(quote, [block.folded for block in blocks])
    if passage is None:
        return Drift(claim.id, *claim.quote_pos, 0.0, "", 0, 0, None, threshold)
    block = blocks[passage.index]
    same = find_quote(blocks, block.folded[passage.start : passage.end])
    match = next(m for m in same if m.block is block and m.start == passage.start)
    # A repeated phrase reworded everywhere: the claim stays on the same occurrence.
    if claim.occurrence is not None and claim.occurrence <= len(same):
        match = same[claim.occurrence - 1]
    line, col = _file_position(article, match)
    return Drift(
        claim.id,
        *claim.quote_pos,
        passage.similarity,
        match.block.display[match.start : match.end],
        line,
        col,
        same.index(match) + 1 if len(same) > 1 else None,
        threshold,
    )


def _report_drift(article: Article, claim: Claim, drift: Drift, diags: Diagnostics) -> None:
    markup = any(char in claim.quote for char in "*_`[]")
    diags.error(
        article.path,
        claim.quote_pos,
        drift.message()
        + ("; a quote is the text as read, without Markdown markup" if markup else ""),
    )


def _choose(article: Article, claim: Claim, matches: list[Match], diags: Diagnostics):
    """The one match of a quote found at least once, or None after an error."""
    if claim.occurrence is not None:
        if claim.occurrence <= len(matches):
            return matches[claim.occurrence - 1]
        diags.error(
            article.path,
            claim.quote_pos,
            f"claim '{claim.id}': occurrence {claim.occurrence} requested but the quote "
            f"occurs {len(matches)} time{'s' if len(matches) > 1 else ''}",
        )
    elif len(matches) > 1:
        lines = ", ".join(f"{n} ({_where(m)})" for n, m in enumerate(matches, start=1))
        diags.error(
            article.path,
            claim.quote_pos,
            f"claim '{claim.id}': quote occurs {len(matches)} times in the body: {lines}; "
            "add 'occurrence: N' or quote more words",
        )
    else:
        return matches[0]
    return None


def locate_claims(
    article: Article,
    blocks: list[Block],
    diags: Diagnostics,
    threshold: float = CONFIG["quote_similarity"].default,
    drifts: list[Drift] | None = None,
) -> dict[str, Match]:
    """Each claim's match in the body, by claim id. A quote that matches nowhere is
    an error naming the passage most like it, and its Drift goes to `drifts`."""
    found: dict[str, Match] = {}
    for claim in article.claims:
        matches = find_quote(blocks, fold(claim.quote))
        if not matches:
            # Only a quote that no longer matches is searched for fuzzily.
            drift = _drift(article, claim, blocks, threshold)
            if drifts is not None:
                drifts.append(drift)
            _report_drift(article, claim, drift, diags)
            continue
        match = _choose(article, claim, matches, diags)
        if match is not None:
            found[claim.id] = match
    return found


def claims_in_reading_order(article: Article, blocks: list[Block], located: dict) -> list[Claim]:
    """The located claims, by where their quotes stand (an outer quote first)."""
    order = {id(block): n for n, block in enumerate(blocks)}
    return sorted(
        (c for c in article.claims if c.id in located),
        key=lambda c: (order[id(located[c.id].block)], located[c.id].start, -located[c.id].end),
    )


def claim_quotes_rule(state: StateCore) -> None:
    """Core rule. Reads env["article"], ["blocks"], ["diags"] and ["quote_similarity"];
    writes env["located"] (claim id -> Match), ["claims"] (located claims in reading
    order) and ["drifts"]."""
    env = state.env
    if "article" not in env or "blocks" not in env:
        return
    article, blocks = env["article"], env["blocks"]
    drifts: list[Drift] = []
    threshold = env.get("quote_similarity", CONFIG["quote_similarity"].default)
    located = locate_claims(article, blocks, env["diags"], threshold, drifts)
    env["located"] = located
    env["claims"] = claims_in_reading_order(article, blocks, located)
    env["drifts"] = drifts
