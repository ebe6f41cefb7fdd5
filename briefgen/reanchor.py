"""Re-anchoring a claim whose quote no longer occurs in the body.

An edit of the body breaks the quotes it touches: a word changed or dropped, a
phrase reworded. Exact matching (render/claim_quotes.py) fails for such a quote; this module
then finds the passage of the body that matches it best, on the same normalised
text that exact matching reads (quotes and dashes folded, white space collapsed),
so that a passage it proposes matches exactly once written into the quote.

At or above the archive's `quote_similarity` the quote has drifted: the error
names the passage, and `briefgen check --fix` rewrites the quote to it. Below,
the claim is an orphan: an error that the analyst resolves. Either way the claim
stays an error, never silently moved or dropped.

The search is only ever run for quotes that exact matching missed, so it costs
nothing on an archive whose quotes all match.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Paragraphs whose best window is compared word by word; the best window by
# partial_ratio is nearly always the right paragraph, the next two catch ties.
_PARAGRAPHS_TRIED = 3
# How many words either side of the rough alignment a passage may start or end at.
_WORD_SLACK = 3
_WORD = re.compile(r"\S+")
# A passage may leave out punctuation that the quote does not hold at its edge.
_LEADING = "\"'([{"
_TRAILING = ".,;:!?\"')]}"


@dataclass(frozen=True)
class Passage:
    """The best match of a quote: folded offsets [start, end) in text `index`."""

    index: int
    start: int
    end: int
    similarity: float  # 0..1, of the quote and the passage as a whole


@dataclass(frozen=True)
class Drift:
    """A claim whose quote was not found, with the passage most like it."""

    claim_id: str
    quote_line: int  # where the quote's value stands in the file
    quote_col: int
    similarity: float  # 0..1; 0 when the body has no words at all
    passage: str  # the body's words as read (white space collapsed); "" when none
    line: int  # where the passage starts in the file
    col: int
    occurrence: int | None  # which match the passage is, when it occurs more than once
    threshold: float

    @property
    def fixable(self) -> bool:
        return bool(self.passage) and self.similarity >= self.threshold

    @property
    def percent(self) -> int:
        # Rounded down, so that a quote below an 85% threshold never reads "85%".
        return math.floor(self.similarity * 100 + 1e-9)

    def message(self) -> str:
        if self.fixable:
            return (
                f"claim '{self.claim_id}': quote drifted ({self.percent}% similar): the body "
                f'now reads "{self.passage}" (line {self.line}); '
                "run 'briefgen check --fix' to re-anchor it"
            )
        best = (
            f'; the closest passage, {self.percent}% similar, is "{_shorten(self.passage)}" '
            f"(line {self.line})"
            if self.passage
            else ""
        )
        return (
            f"claim '{self.claim_id}': quote not found in the body, and no passage matches it "
            f"(quote_similarity is {math.floor(self.threshold * 100 + 1e-9)}%){best}; "
            "quote the words as the body now has them, or remove the claim"
        )


def _shorten(text: str, width: int = 80) -> str:
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    return text[: cut if cut > width // 2 else width] + "…"


def best_passage(quote: str, texts: list[str]) -> Passage | None:
    """The passage of `texts` (normalised paragraphs) most like `quote` (normalised):
    whole words, the similarity that of the two strings as a whole. None when
    `texts` hold no words."""
    if not quote:
        return None
    best: Passage | None = None
    for _, score, index in process.extract(
        quote, texts, scorer=fuzz.partial_ratio, limit=_PARAGRAPHS_TRIED
    ):
        if score <= 0:
            continue
        text = texts[index]
        rough = fuzz.partial_ratio_alignment(quote, text)
        if rough is None:
            continue
        span = _words_around(quote, text, rough.dest_start, rough.dest_end)
        if span is None:
            continue
        similarity = fuzz.ratio(quote, text[span[0] : span[1]]) / 100
        if best is None or similarity > best.similarity:
            best = Passage(index, span[0], span[1], similarity)
    return best


def _words_around(quote: str, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The whole-word span near [lo, hi) of `text` most like `quote`: the rough
    alignment is a window of the quote's length, which cuts words and, when the
    body lost or gained a word, holds one word too many or too few."""
    words = [match.span() for match in _WORD.finditer(text)]
    if not words:
        return None
    first = next((n for n, (_, end) in enumerate(words) if end > lo), len(words) - 1)
    last = next((n for n in range(len(words) - 1, -1, -1) if words[n][0] < hi), 0)
    starts: set[int] = set()
    for n in range(max(0, first - _WORD_SLACK), min(len(words), first + _WORD_SLACK + 1)):
        start, end = words[n]
        starts.add(start)
        while start < end and text[start] in _LEADING:
            start += 1
        if start < end:
            starts.add(start)
    ends: set[int] = set()
    for n in range(max(0, last - _WORD_SLACK), min(len(words), last + _WORD_SLACK + 1)):
        start, end = words[n]
        ends.add(end)
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if end > start:
            ends.add(end)
    spans = [(start, end) for start in sorted(starts) for end in sorted(ends) if end > start]
    if not spans:
        return None
    # The most similar; of equals, the one nearest the rough alignment.
    return max(
        spans,
        key=lambda span: (
            fuzz.ratio(quote, text[span[0] : span[1]]),
            -abs(span[0] - lo) - abs(span[1] - hi),
        ),
    )
