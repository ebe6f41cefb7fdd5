"""Typography a scrape lost: the apostrophe of a possessive, a dash between words.

Scrapers that keep only ASCII letters turn "Ukraine’s security" into "Ukraines
security" and "tactics—delaying" into "tacticsdelaying". Each repair is a guess,
so each is reported (`Repair`) for the analyst to check:

- a possessive: `Xs` followed by a word becomes `X’s` where X is a known name (an
  entity's name or alias, or a capitalised word that stands on its own elsewhere in
  the text), the next word is not one of the language's most common words
  ("the Summits were held" is a plural, not a possessive), and `Xs` is not a word
  in its own right: wordfreq must find `X’s` about as common as `Xs` (within
  PLURAL_MARGIN). "Americans", "Ukrainians", "Republicans", "the Simpsons" are
  far more often written than "American’s" and the rest, so they are left as they
  are; "Russias", "Ukraines", "Trumps", "Administrations", "Witkoffs" are not;
- a dash: a lower-case word that is no word at all, but is two common words run
  together (`tacticsdelaying`), becomes the two joined by an em dash, unspaced, as
  the archive's articles write it. What counts as a word, and a common one, is
  wordfreq's judgement, not a list of our own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

APOSTROPHE = "\u2019"
EM_DASH = "\u2014"
# wordfreq's Zipf scale: 3 is a word met about once per million words (common
# enough to trust as half of a run-together pair); 0 is a string it has never seen.
COMMON_ZIPF = 3.0
# Words this frequent (the, and, were, have, in) follow a plural, not a possessive.
FUNCTION_ZIPF = 6.0
# How much more common (on the Zipf scale, a factor of ten per unit) the word as
# written may be than its possessive and still be taken for a possessive that lost
# its apostrophe: "administrations" 3.35 / "administration’s" 3.34 is repaired,
# "simpsons" 3.55 / "simpson’s" 2.86 is not. A plain frequency cut-off cannot tell
# them apart: "trumps" (3.47) is as common a word as "ukrainians" (3.08).
PLURAL_MARGIN = 0.5
MIN_HALF = 3  # letters in each half of a split: 'of'+'the' is a lost space, not a dash

_POSSESSIVE_RE = re.compile(r"(?<![\w’'])(?P<name>[A-Z][\w]*?[a-z])s(?=\s+(?P<next>[^\W\d_]+))")
_RUN_TOGETHER_RE = re.compile(r"(?<![\w’'\-—/@.])[a-z]{6,}(?![\w’'\-—/@])")
_CAPITALISED_RE = re.compile(r"(?<![\w’'])[A-Z][\w.’'\-]*\w")


@dataclass(frozen=True)
class Repair:
    line: int  # 0-based line of the text that was repaired
    col: int  # 0-based column in the repaired line
    old: str
    new: str


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def is_a_plural(name: str) -> bool:
    """`name` + 's' is a word of its own (a plural: "Americans", "the Simpsons")
    rather than a possessive whose apostrophe was lost ("Russias", "Trumps")."""
    word = name.lower()
    return zipf(word + "s") > zipf(word + APOSTROPHE + "s") + PLURAL_MARGIN


def split_run_together(word: str) -> tuple[str, str] | None:
    """The two common words `word` is made of, or None when it is a word itself or no
    split gives two common words. The split whose rarer half is the most common wins."""
    if zipf(word) > 0:
        return None
    best: tuple[float, int] = (0.0, 0)
    for at in range(MIN_HALF, len(word) - MIN_HALF + 1):
        score = min(zipf(word[:at]), zipf(word[at:]))
        if score >= COMMON_ZIPF and score > best[0]:
            best = (score, at)
    return (word[: best[1]], word[best[1] :]) if best[1] else None


class Repairer:
    def __init__(self, known_names: Iterable[str], text: str):
        """`known_names`: the archive's entity names and aliases; `text`: the whole
        body, whose capitalised words count as known names too."""
        names = set()
        for name in known_names:
            words = name.split()
            if words:
                names.add(words[-1])
        names.update(m.group(0) for m in _CAPITALISED_RE.finditer(text))
        self.names = frozenset(names)

    def _possessive(self, match: re.Match) -> str | None:
        name = match["name"]
        if name not in self.names or zipf(match["next"].lower()) >= FUNCTION_ZIPF:
            return None
        if is_a_plural(name):
            return None
        return f"{name}{APOSTROPHE}s"

    def repair_line(self, line: str, number: int) -> tuple[str, list[Repair]]:
        """The line repaired, and each repair with its place in the repaired line."""
        edits: list[tuple[int, int, str]] = []  # start, end, replacement (original offsets)
        for match in _POSSESSIVE_RE.finditer(line):
            new = self._possessive(match)
            if new:
                edits.append((match.start(), match.start() + len(match["name"]) + 1, new))
        for match in _RUN_TOGETHER_RE.finditer(line):
            halves = split_run_together(match.group(0))
            if halves:
                edits.append((match.start(), match.end(), EM_DASH.join(halves)))
        edits.sort()
        out: list[str] = []
        repairs: list[Repair] = []
        at = shift = 0
        for start, end, new in edits:
            out.append(line[at:start])
            repairs.append(Repair(number, start + shift, line[start:end], new))
            out.append(new)
            shift += len(new) - (end - start)
            at = end
        out.append(line[at:])
        return "".join(out), repairs
