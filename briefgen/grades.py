"""Source grades on the Admiralty scale (DESIGN §1.4-1.5).

A source's `reliability` (A-F) says how far the source is to be trusted in general;
a citation's `credibility` (1-6) says how far the information, as that source gives
it, is to be believed. They are shown together, reliability first: `B2`.

The two fields are declared in briefgen/schema/; the scale and its words are in
briefgen/admiralty.py. Linking asks `check_verified_claims` whether each `verified`
claim rests on a citation good enough to verify it.
"""

from __future__ import annotations

from briefgen.admiralty import RELIABILITY, reliability_label, verifies
from briefgen.diagnostics import Diagnostics
from briefgen.model import Claim, Source

# The pages that show grades have always imported the scale's words from here.
__all__ = ["RELIABILITY", "archive_is_graded", "check_verified_claims", "reliability_label"]


def archive_is_graded(sources: list[Source], claims: list[Claim]) -> bool:
    """Whether the archive grades anything at all. The verified-claim check below
    applies only then: an archive that has not taken up grading is not warned about
    every verified claim it had before grades existed."""
    return any(s.reliability for s in sources) or any(
        c.credibility for claim in claims for c in claim.citations
    )


def check_verified_claims(claims: list[Claim], sources: list[Source], diags: Diagnostics) -> None:
    """Warn about each verified claim that no citation graded A-C with credibility
    1-2 backs (`--strict` makes the warnings errors)."""
    if not archive_is_graded(sources, claims):
        return
    for claim in claims:
        if claim.status != "verified" or claim.article is None:
            continue
        if any(
            c.source is not None and verifies(c.source.reliability, c.credibility)
            for c in claim.citations
        ):
            continue
        if any(
            c.source and c.source.reliability_pos and not c.source.reliability
            for c in claim.citations
        ):
            continue  # a source's grade is not one of A-F: that error is reported already
        grades = ", ".join(
            f"{c.source_id} {c.grade or 'ungraded'}" for c in claim.citations if c.source
        )
        diags.warning(
            claim.article.path,
            claim.status_pos or claim.pos,
            f"claim '{claim.id}' is verified but no citation is graded A-C with "
            f"credibility 1-2 ({grades or 'it cites no source'}); grade the source "
            "that verifies it, or set its status to unverified",
        )
