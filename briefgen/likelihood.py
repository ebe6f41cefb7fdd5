"""A forecast's likelihood: ICD 203's words of estimative probability and their bands.

A value module: validation makes a Likelihood (briefgen/forecasts.py reads the
field), the content model holds it, pages show its label and the forecasts page
scores it.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.schema import LIKELIHOOD_TERMS


@dataclass(frozen=True)
class Band:
    """One ICD 203 term and the probabilities it stands for, [low, high)."""

    term: str
    low: float
    high: float

    @property
    def midpoint(self) -> float:
        return round((self.low + self.high) / 2, 6)

    @property
    def range_label(self) -> str:
        return f"{_percent(self.low)}–{_percent(self.high)}%"

    @property
    def slug(self) -> str:
        return self.term.replace(" ", "-")


# ICD 203's expressions of likelihood (schema.LIKELIHOOD_TERMS, lowest first) and
# their bands. A term scores as its band's midpoint. A probability belongs to the
# band whose [low, high) holds it; the first band reaches down to 0, the last up to 1.
_EDGES = (0.01, 0.05, 0.20, 0.45, 0.55, 0.80, 0.95, 0.99)
BANDS = tuple(
    Band(term, low, high)
    for term, low, high in zip(LIKELIHOOD_TERMS, _EDGES[:-1], _EDGES[1:], strict=True)
)
TERMS = {band.term: band for band in BANDS}


def _percent(value: float) -> str:
    return f"{round(value * 100):d}"


def band_of(probability: float) -> Band:
    for band in BANDS[:-1]:
        if probability < band.high:
            return band
    return BANDS[-1]


@dataclass(frozen=True)
class Likelihood:
    term: str  # the ICD 203 term as written, '' when a probability was given
    probability: float | None  # as written, None when a term was given

    @property
    def band(self) -> Band:
        return TERMS[self.term] if self.term else band_of(self.probability or 0.0)

    @property
    def value(self) -> float:
        """What the forecast scores as: the probability, or the term's midpoint."""
        return self.probability if self.probability is not None else self.band.midpoint

    @property
    def label(self) -> str:
        """'likely (55–80%)' for a term, '70% (likely)' for a probability."""
        if self.term:
            return f"{self.term} ({self.band.range_label})"
        return f"{_number(self.probability * 100)}% ({self.band.term})"


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"
