"""Claim marks: each located quote wrapped in <mark>, followed by the claim's tail.

The mark carries the claim's anchor (`claim-ID`, on its first segment only when
the quote crosses an element's edge) and its kind and status as classes. The tail
(badge, hover card, citation markers) is a `claim_tail` token placed after the
quote, outside any link. The rule only places it: the theme's partial is rendered
with the HTML, by the `claim_tail` callable of the env (none: no tail), so that
the token stream holds no theme output.
"""

from __future__ import annotations

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from briefgen.model import Claim
from briefgen.render.citations import cited_sources
from briefgen.render.marker import Marker, tag_token


def _mark_opener(claim: Claim):
    classes = f"claim kind-{claim.kind} status-{claim.status}"

    def make_open(segment: int) -> Token:
        attrs = {"class": classes if segment == 0 else classes + " claim-cont"}
        if segment == 0:
            attrs["id"] = claim.anchor
        attrs["data-claim"] = claim.id
        return tag_token("mark", 1, attrs)

    return make_open


def _mark_close() -> Token:
    return tag_token("mark", -1)


def tail_token(claim: Claim) -> Token:
    token = Token("claim_tail", "", 0)
    token.meta = {"claim": claim, "cited": cited_sources(claim)}
    return token


def render_claim_tail(self, tokens, idx, options, env) -> str:
    """Renderer rule of a claim_tail token: the theme's partial, via env["claim_tail"]
    (called with the claim, its cited (number, source) pairs and env["url"])."""
    claim_tail = env.get("claim_tail")
    if claim_tail is None:
        return ""
    meta = tokens[idx].meta
    return claim_tail(meta["claim"], meta["cited"], env.get("url"))


def claim_marks_rule(state: StateCore) -> None:
    """Core rule. Reads env["blocks"], ["located"] and ["claims"]; writes
    env["contexts"]: id(claim) -> (text before, quote, text after) of its block,
    for the claim's own page."""
    env = state.env
    if "claims" not in env:
        return
    located = env["located"]
    contexts: dict[int, tuple[str, str, str]] = {}
    for block in env["blocks"]:
        block_claims = [c for c in env["claims"] if located[c.id].block is block]
        if not block_claims:
            continue
        marker = Marker(block)
        for claim in block_claims:
            marker.want(located[claim.id].start, located[claim.id].end)
        marker.split()
        for claim in block_claims:
            match = located[claim.id]
            text = block.display
            contexts[id(claim)] = (
                text[: match.start],
                text[match.start : match.end],
                text[match.end :],
            )
            first, last = marker.tokens_for(match.start, match.end)
            marker.wrap(first, last, _mark_opener(claim), _mark_close, [tail_token(claim)])
        marker.finish()
    env["contexts"] = contexts
