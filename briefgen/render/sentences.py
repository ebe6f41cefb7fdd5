"""Sentences of plain text: where the one around a match begins and ends.

A mention keeps the sentence it stands in (for the entity page), and a diagnostic
about a repeated quote shows each occurrence's sentence. A full stop ends a
sentence unless it ends an abbreviation ("Dr.", "J.").
"""

from __future__ import annotations

import re

_ABBREVIATION_RE = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Prof|No|vs))\.$")
_STOP_BEFORE = re.compile(r"[.!?][\"”’)]?\s")
_STOP_AFTER = re.compile(r"[.!?][\"”’)]?(?:\s|$)")


def abbreviation_ends(text: str, at: int) -> bool:
    """text[:at] ends with an abbreviation such as "Dr." or "J.". Only the last few
    characters are searched (the longest is six, with the character before it that
    makes the word boundary), not the whole text before, for every full stop."""
    return _ABBREVIATION_RE.search(text, max(0, at - 8), at) is not None


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that contains [start, end)."""
    left = 0
    for match in _STOP_BEFORE.finditer(text[:start]):
        if not abbreviation_ends(text, match.start() + 1):
            left = match.end()
    right = len(text)
    for match in _STOP_AFTER.finditer(text[end:]):
        if not abbreviation_ends(text, end + match.start() + 1):
            right = end + match.end()
            break
    return text[left:right].strip()
