"""The Admiralty scale (DESIGN §1.4-1.5): a source's reliability (A-F) and the
credibility (1-6) of information as that source gives it, with their words.

A value module: the content model shows grades with these labels, and
briefgen/grades.py checks verified claims against them.
"""

from __future__ import annotations

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


def verifies(reliability: str, credibility: int | None) -> bool:
    return reliability in VERIFYING_RELIABILITY and credibility in VERIFYING_CREDIBILITY
