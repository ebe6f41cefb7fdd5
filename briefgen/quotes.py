"""Matching a claim's quote against the body text.

A quote matches the body ignoring differences of white space and of straight versus
typographic quotes and dashes (DESIGN §1.3). Text is normalised character by
character, except that runs of white space become one space, so a position in the
normalised text maps back to one character of the original.
"""

from __future__ import annotations

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
