"""Matching a claim's quote against the body text.

A quote matches the body ignoring differences of white space and of straight versus
typographic quotes and dashes (DESIGN §1.3). Text is normalised character by
character, except that runs of white space become one space, so a position in the
normalised text maps back to one character of the original.
"""

from __future__ import annotations

import difflib
import re

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_SPACE_RE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Normalise a quote or a name: fold quotes and dashes, collapse white space."""
    return _SPACE_RE.sub(" ", text.translate(_FOLD)).strip()


def find_all(haystack: str, needle: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence."""
    found, start = [], haystack.find(needle)
    while start != -1 and needle:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def closest_text(folded_blocks: list[str], display_blocks: list[str], quote: str) -> str:
    """The passage of the body most like `quote`, for 'did you mean' hints."""
    words = quote.split(" ")
    size = len(words)
    best_ratio, best = 0.0, ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for folded, display in zip(folded_blocks, display_blocks, strict=True):
        block_words = folded.split(" ")
        display_words = display.split(" ")
        if len(block_words) != len(display_words):
            display_words = block_words
        for width in {max(1, size - 1), size, size + 1}:
            for start in range(0, max(1, len(block_words) - width + 1)):
                candidate = " ".join(block_words[start : start + width])
                matcher.set_seq1(candidate)
                if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                    continue
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best_ratio = ratio
                    best = " ".join(display_words[start : start + width])
    return best if best_ratio >= 0.5 else ""
