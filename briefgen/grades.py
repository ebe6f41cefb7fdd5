"""Source grades on the Admiralty scale (DESIGN §1.4-1.5).

A source's `reliability` (A-F) says how far the source is to be trusted in general;
a citation's `credibility` (1-6) says how far the information, as that source gives
it, is to be believed. They are shown together, reliability first: `B2`.

The two fields are declared in briefgen/schema/; linking asks
`check_verified_claims` whether each `verified` claim rests on a citation good
enough to verify it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: model imports this module
    from briefgen.diagnostics import Diagnostics
    from briefgen.model import Claim, Source

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
# A claim may be called verified when one of its citations comes from a source
# graded at least this well and gives information graded at least this well.
VERIFYING_RELIABILITY = ("A", "B", "C")
VERIFYING_CREDIBILITY = (1, 2)


def reliability_label(letter: str) -> str:
    """'B: usually reliable', or '' when not graded."""
    return f"{letter}: {RELIABILITY[letter]}" if letter in RELIABILITY else ""


def credibility_label(number: int | None) -> str:
    return f"{number}: {CREDIBILITY[number]}" if number in CREDIBILITY else ""


def citation_grade(reliability: str, credibility: int | None) -> str:
    """'B2'; only the half that is graded when the other is not; '' for neither."""
    return (reliability or "") + (str(credibility) if credibility else "")


def grade_label(reliability: str, credibility: int | None) -> str:
    """The grade in words, for a title or a screen reader."""
    parts = []
    if reliability in RELIABILITY:
        parts.append(f"source {reliability_label(reliability)}")
    if credibility in CREDIBILITY:
        parts.append(f"information {credibility_label(credibility)}")
    return "; ".join(parts)


def archive_is_graded(sources: list[Source], claims: list[Claim]) -> bool:
    """Whether the archive grades anything at all. The verified-claim check below
    applies only then: an archive that has not taken up grading is not warned about
    every verified claim it had before grades existed."""
    return any(s.reliability for s in sources) or any(
        c.credibility for claim in claims for c in claim.citations
    )


def verifies(reliability: str, credibility: int | None) -> bool:
    return reliability in VERIFYING_RELIABILITY and credibility in VERIFYING_CREDIBILITY


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
