"""Claim marks: each located quote wrapped in <mark>, followed by the claim's tail.

The mark carries the claim's anchor (`claim-ID`, on its first segment only when
the quote crosses an element's edge) and its kind and status as classes. The tail
(badge, hover card, citation markers) is the theme's partial, rendered by the
`claim_tail` callable; it is placed after the quote, outside any link.
"""

from __future__ import annotations

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from briefgen.model import Claim
from briefgen.render.citations import cited_sources
from briefgen.render.marker import Marker, html_token, tag_token


def _mark_opener(claim: Claim):
    classes = f"claim kind-{claim.kind} status-{claim.status}"

    def make_open(segment: int) -> Token:
        attrs = {"class": classes if segment == 0 else classes + " claim-cont"}
        if segment == 0:
            attrs["id"] = claim.anchor
        attrs["data-claim"] = claim.id
        return tag_token("mark", 1, attrs)

    return make_open


def claim_marks_rule(state: StateCore) -> None:
    """Core rule. Reads env["blocks"], ["located"], ["claims"], ["claim_tail"] and
    ["url"]; writes env["contexts"]: id(claim) -> (text before, quote, text after)
    of its block, for the claim's own page."""
    env = state.env
    if "claims" not in env or "claim_tail" not in env:
        return
    located, claim_tail, url = env["located"], env["claim_tail"], env.get("url")
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
            tail = html_token(claim_tail(claim, cited_sources(claim), url))
            marker.wrap(first, last, _mark_opener(claim), lambda: tag_token("mark", -1), [tail])
        marker.finish()
    env["contexts"] = contexts
