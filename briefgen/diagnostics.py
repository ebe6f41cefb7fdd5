"""Diagnostics: every problem a run finds, as `PATH:LINE:COL: error: MESSAGE`.

Stages never raise on bad content; they append to a `Diagnostics` list so that a
run reports all its problems at once (DESIGN §2).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple


class Position(NamedTuple):
    """A 1-based line and column inside one file. A tuple, not a dataclass: loading
    makes two for every value of every front-matter (a million at 10,000 articles)."""

    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Diagnostic:
    path: str  # relative to the archive root, with forward slashes
    line: int
    col: int
    severity: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.severity, self.message)


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, pos: Position | None, message: str) -> None:
        pos = pos or Position()
        self.items.append(Diagnostic(path, pos.line, pos.col, "error", message))

    def warning(self, path: str, pos: Position | None, message: str) -> None:
        pos = pos or Position()
        self.items.append(Diagnostic(path, pos.line, pos.col, "warning", message))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        # One line per problem, in file order; duplicates (the same problem found
        # through two routes) are reported once.
        return sorted(set(self.items), key=Diagnostic.sort_key)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)`, or '' when nothing is close."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of two neighbours that turn a
    into b (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def closest_field(name: str, known) -> str:
    """The known field a name is a typo of: within two edits, and within fewer edits
    than half the field's length, so that short fields (`by`, `id`) do not claim
    every short word. '' when none is."""
    best, best_distance = "", 3
    for candidate in sorted(known):
        limit = min(2, (len(candidate) - 1) // 2)
        distance = edit_distance(name, candidate)
        if distance <= limit and distance < best_distance:
            best, best_distance = candidate, distance
    return best
