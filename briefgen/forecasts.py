"""Forecasts: likelihood in the words of ICD 203, resolution, and scoring.

A forecast claim may say how likely it is (`likelihood`: one of the seven ICD 203
terms, or a probability), by when it can be judged (`resolve_by`) and, once it can,
how it turned out (`resolution`). Validation reads those fields here
(`read_forecast`, `check_resolution_dates`) into the values of likelihood.py and
model.py; the /forecasts/ page is made from `forecast_book`, which scores resolved
forecasts with the Brier score and groups them into calibration bands. Nothing
here reads the clock: a forecast is open until it has a resolution.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefgen.diagnostics import did_you_mean
from briefgen.likelihood import BANDS, TERMS, Band, Likelihood, band_of
from briefgen.model import Claim, Resolution
from briefgen.schema import CLAIM, RESOLUTION, RESOLUTION_OUTCOMES

# The values a claim holds (Likelihood and its bands, Resolution) are in
# briefgen/likelihood.py and briefgen/model.py: the model depends on them, and this
# module on the model. They stay importable from here.

# The fields (declared in briefgen/schema/claims.py) that only a forecast may have.
FORECAST_FIELDS = tuple(f.name for f in CLAIM.fields if f.only == "forecasts only")


# --- validation --------------------------------------------------------------------


def read_forecast(check, mapping, kind: str, claim_id: str):
    """(likelihood, resolve_by, resolution) of one claim's mapping. The fields belong
    to forecasts only: on another kind each is an error at its key."""
    present = [key for key in FORECAST_FIELDS if key in mapping]
    if kind and kind != "forecast":
        for key in present:
            check.error(
                mapping.kpos(key),
                f"claim '{claim_id}': '{key}' is only for forecasts, and this claim's kind "
                f"is '{kind}'; remove '{key}' or set 'kind: forecast'",
            )
        return None, None, None
    likelihood = _read_likelihood(check, mapping, claim_id) if "likelihood" in mapping else None
    resolve_by = check.date(mapping, "resolve_by")
    resolution = None
    if "resolution" in mapping:
        resolution = _read_resolution(check, mapping, claim_id)
    return likelihood, resolve_by, resolution


def _read_likelihood(check, mapping, claim_id: str) -> Likelihood | None:
    value = mapping["likelihood"]
    pos = mapping.vpos("likelihood")
    if isinstance(value, bool) or value is None:
        check.error(pos, f"claim '{claim_id}': 'likelihood' must be an ICD 203 term or a number")
        return None
    if isinstance(value, (int, float)):
        if not 0 < value < 1:
            check.error(
                pos,
                f"claim '{claim_id}': likelihood {value} is not a probability between 0 and 1 "
                "(both excluded); write e.g. 0.7 for 70%",
            )
            return None
        return Likelihood(term="", probability=float(value))
    if not isinstance(value, str):
        check.error(pos, f"claim '{claim_id}': 'likelihood' must be an ICD 203 term or a number")
        return None
    term = " ".join(value.lower().split())
    if term in TERMS:
        return Likelihood(term=term, probability=None)
    check.error(
        pos,
        f"claim '{claim_id}': unknown likelihood '{value}'; use one of the ICD 203 terms "
        f"({', '.join(TERMS)}) or a probability" + did_you_mean(term, TERMS),
    )
    return None


def _read_resolution(check, mapping, claim_id: str) -> Resolution | None:
    raw = mapping["resolution"]
    if not isinstance(raw, dict) or not hasattr(raw, "vpos"):
        check.error(
            mapping.vpos("resolution"),
            f"claim '{claim_id}': 'resolution' must be a mapping {{outcome, date, note, sources}}",
        )
        return None
    check.unknown_fields(raw, RESOLUTION)
    missing = [key for key in ("outcome", "date") if raw.get(key) is None]
    if missing:
        check.error(
            raw.pos,
            f"claim '{claim_id}': resolution has no {' and no '.join(missing)}; "
            "write 'outcome: occurred | did-not-occur | ambiguous' and 'date: YYYY-MM-DD'",
        )
    outcome = check.enum(raw, "outcome", RESOLUTION_OUTCOMES, required=False, what="resolution")
    date = check.date(raw, "date")
    note = check.value(raw, RESOLUTION["note"])
    citations = check.value(raw, RESOLUTION["sources"])
    if not (outcome and date):
        return None
    return Resolution(
        outcome=outcome, date=date, note=note, citations=citations, pos=raw.vpos("date")
    )


def check_resolution_dates(check, claims: list[Claim], article_date: dt.date | None) -> None:
    """A forecast cannot be resolved before the article that makes it."""
    if article_date is None:
        return
    for claim in claims:
        if claim.resolution and claim.resolution.date < article_date:
            check.error(
                claim.resolution.pos,
                f"claim '{claim.id}': resolution date {claim.resolution.date.isoformat()} is "
                f"before the article's date {article_date.isoformat()}; a forecast is "
                "resolved after it is made",
            )


# --- scoring -------------------------------------------------------------------------


def brier(pairs: list[tuple[float, int]]) -> float | None:
    """Mean squared difference between forecast and outcome (0 best, 1 worst)."""
    if not pairs:
        return None
    return sum((p - o) ** 2 for p, o in pairs) / len(pairs)


@dataclass(frozen=True)
class AuthorScore:
    author: str
    count: int
    brier: float


@dataclass(frozen=True)
class CalibrationRow:
    band: Band
    count: int
    mean_forecast: float
    observed: float  # share of the band's forecasts that occurred


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """A reliability chart's geometry, in the SVG's own units, worked out here so
    that the template only draws it."""

    size: int
    left: int
    top: int
    plot: int
    ticks: list[tuple[float, str]]  # position along an axis, label
    points: list[ChartPoint]

    @property
    def height(self) -> int:
        return self.top + self.plot + 44  # the plot, its tick labels and the axis name


@dataclass(frozen=True)
class ForecastBook:
    open: list[Claim]  # unresolved, by resolve_by (undated last)
    resolved: list[Claim]  # newest resolution first
    scored: int  # resolved forecasts with a likelihood and an unambiguous outcome
    brier: float | None
    by_author: list[AuthorScore]
    calibration: list[CalibrationRow]
    chart: Chart

    @property
    def all(self) -> list[Claim]:
        return self.open + self.resolved


def _authors(claim: Claim) -> list[str]:
    return list(claim.article.authors) if claim.article and claim.article.authors else []


def _scored(claim: Claim) -> tuple[float, int] | None:
    if claim.likelihood is None or claim.resolution is None or claim.resolution.score is None:
        return None
    return claim.likelihood.value, claim.resolution.score


def _order(claim: Claim) -> tuple:
    article = claim.article
    return (article.date.toordinal(), article.slug) if article else (0, "")


def forecast_book(claims: list[Claim]) -> ForecastBook:
    forecasts = [c for c in claims if c.kind == "forecast"]
    open_ = sorted(
        (c for c in forecasts if c.resolution is None),
        key=lambda c: (c.resolve_by is None, c.resolve_by or dt.date.min, _order(c), c.id),
    )
    resolved = sorted(
        (c for c in forecasts if c.resolution is not None),
        key=lambda c: (-c.resolution.date.toordinal(), _order(c), c.id),
    )
    pairs = [(c, _scored(c)) for c in resolved]
    pairs = [(c, pair) for c, pair in pairs if pair is not None]

    per_author: dict[str, list[tuple[float, int]]] = {}
    for claim, pair in pairs:
        for author in _authors(claim) or ["No author given"]:
            per_author.setdefault(author, []).append(pair)
    by_author = [
        AuthorScore(author, len(scores), brier(scores))
        for author, scores in sorted(per_author.items(), key=lambda item: item[0].lower())
    ]

    calibration = []
    for band in BANDS:
        members = [pair for _, pair in pairs if band_of(pair[0]) is band]
        if members:
            calibration.append(
                CalibrationRow(
                    band=band,
                    count=len(members),
                    mean_forecast=sum(p for p, _ in members) / len(members),
                    observed=sum(o for _, o in members) / len(members),
                )
            )
    return ForecastBook(
        open=open_,
        resolved=resolved,
        scored=len(pairs),
        brier=brier([pair for _, pair in pairs]),
        by_author=by_author,
        calibration=calibration,
        chart=_chart(calibration),
    )


def _chart(rows: list[CalibrationRow], size: int = 320, margin: int = 48) -> Chart:
    plot = size - 2 * margin + 16
    left, top = margin, 16

    def x(value: float) -> float:
        return round(left + value * plot, 1)

    def y(value: float) -> float:
        return round(top + (1 - value) * plot, 1)

    ticks = [
        (round(value * plot, 1), f"{round(value * 100)}%") for value in (0, 0.25, 0.5, 0.75, 1)
    ]
    points = [
        ChartPoint(
            x(row.mean_forecast),
            y(row.observed),
            f"{row.band.term}: {row.count} forecast{'s' if row.count != 1 else ''}, mean "
            f"forecast {percent(row.mean_forecast)}, occurred {percent(row.observed)}",
        )
        for row in rows
    ]
    return Chart(size=size, left=left, top=top, plot=plot, ticks=ticks, points=points)


def percent(value: float) -> str:
    """A share as a percentage with at most one decimal: '62.5%', '70%'."""
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def score_text(value: float | None) -> str:
    """A Brier score as shown: three decimals."""
    return "—" if value is None else f"{value:.3f}"
