"""An article's claims: each claim mapping becomes a Claim, its citations read by the
checker and its forecast fields and relations by briefgen/forecasts.py and
briefgen/lineage.py."""

from __future__ import annotations

import datetime as dt

from briefgen import forecasts, lineage
from briefgen.diagnostics import Position
from briefgen.load import YList, YMap
from briefgen.model import Claim
from briefgen.schema import CLAIM
from briefgen.validate.checker import Checker

CLAIM_FIELDS_READ = ("id", "quote", "occurrence", "kind", "status", "by", "about", "tags")
CLAIM_FIELDS_READ += ("sources", "note", "likelihood", "resolve_by", "resolution", "relates")


def validate_claim(check: Checker, mapping, pos: Position) -> Claim | None:
    """One item of an article's `claims`; None when it cannot be used (each reason is
    reported). `pos` is the item's position, for an item that is not a mapping."""
    if not isinstance(mapping, YMap):
        check.error(pos, "each claim must be a mapping with id, quote and kind")
        return None
    check.unknown_fields(mapping, CLAIM)
    check.unread_fields(mapping, CLAIM, "claim", CLAIM_FIELDS_READ)
    claim_id = check.value(mapping, CLAIM["id"], what="claim")
    quote = check.value(mapping, CLAIM["quote"], what=f"claim '{claim_id}'")
    kind = check.value(mapping, CLAIM["kind"], what="claim")
    status = CLAIM["status"].default
    if mapping.get("status") is False:
        status = "false"  # YAML reads a bare `false` as a boolean
    elif mapping.get("status") is not None:
        status = check.value(mapping, CLAIM["status"], what="claim")
    occurrence = check.value(mapping, CLAIM["occurrence"])
    by = check.value(mapping, CLAIM["by"])
    # An invalid `by` is reported above; an empty or null one is a missing speaker.
    raw_by = mapping.get("by")
    no_speaker = raw_by is None or (isinstance(raw_by, str) and not raw_by.strip())
    if kind == "statement" and not by and no_speaker:
        check.error(
            mapping.pos,
            f"claim '{claim_id}' is a statement but has no 'by'; name the entity who made it",
        )
    good_about, good_about_pos = check.value(mapping, CLAIM["about"])
    tag_names = check.tag_names(mapping, CLAIM["tags"])
    citations = check.value(mapping, CLAIM["sources"])
    # Forecast fields and relations: briefgen/forecasts.py and briefgen/lineage.py.
    likelihood, resolve_by, resolution = forecasts.read_forecast(check, mapping, kind, claim_id)
    relates = lineage.read_relates(check, mapping, claim_id)
    if not (claim_id and quote and kind and status):
        return None
    return Claim(
        id=claim_id,
        quote=quote,
        kind=kind,
        status=status,
        pos=mapping.pos,
        quote_pos=mapping.vpos("quote"),
        status_pos=mapping.vpos("status") if "status" in mapping else None,
        occurrence=occurrence,
        by_id=by,
        by_pos=mapping.vpos("by") if by else None,
        about_ids=good_about,
        about_pos=good_about_pos,
        tag_names=tag_names,
        citations=citations,
        note=check.value(mapping, CLAIM["note"]),
        likelihood=likelihood,
        resolve_by=resolve_by,
        resolution=resolution,
        relates=relates,
    )


def validate_claims(check: Checker, raw_claims: YList, article_date: dt.date | None) -> list[Claim]:
    """The items of an article's `claims`, each id once (a repeated id is an error and
    the later claim is left out)."""
    claims: list[Claim] = []
    seen: dict[str, Position] = {}
    for index, item in enumerate(raw_claims):
        claim = validate_claim(check, item, raw_claims.ipos(index))
        if claim is None:
            continue
        if claim.id in seen:
            check.error(
                item.vpos("id"),
                f"duplicate claim id '{claim.id}' (first at line {seen[claim.id].line}); "
                "claim ids are unique within an article",
            )
            continue
        seen[claim.id] = item.vpos("id")
        claims.append(claim)
    forecasts.check_resolution_dates(check, claims, article_date)
    return claims
