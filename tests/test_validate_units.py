"""The validate stage one piece at a time: a claim mapping, an article's list of
claims, its declared sources, a citation and a tag field, each read from a string
of YAML, give the value and the diagnostics (text, line, column) that `briefgen
check` shows for them."""

from __future__ import annotations

import datetime as dt

from briefgen.diagnostics import Diagnostics, Position
from briefgen.load import parse_yaml
from briefgen.schema import ARTICLE
from briefgen.validate import Checker, validate_claim, validate_claims
from briefgen.validate.sources import validate_declared_sources

PATH = "content/articles/2025-12-02-talks.md"
# The YAML below stands where it would in an article: after the opening `---`.
FRONT = 1


def read(yaml_text: str):
    """The YAML as the loader gives it, and a checker whose problems are listed."""
    diags = Diagnostics()
    return parse_yaml(yaml_text, line_offset=FRONT), Checker(PATH, diags), diags


def shown(diags: Diagnostics) -> list[str]:
    return [d.format() for d in diags.sorted()]


def test_a_valid_claim_mapping_becomes_a_claim_with_its_positions():
    mapping, check, diags = read(
        "id: met\n"
        "quote: Putin met Witkoff\n"
        "kind: statement\n"
        "by: yuri-ushakov\n"
        "about: [vladimir-putin]\n"
        "tags: [Talks]\n"
        "sources: [reuters-2025]\n"
    )
    claim = validate_claim(check, mapping, Position(2, 3))
    assert shown(diags) == []
    assert (claim.id, claim.quote, claim.kind, claim.status) == (
        "met",
        "Putin met Witkoff",
        "statement",
        "unverified",
    )
    assert claim.by_id == "yuri-ushakov" and claim.by_pos == Position(5, 5)
    assert claim.about_ids == ["vladimir-putin"]
    assert claim.tag_names == ["Talks"]
    assert [c.source_id for c in claim.citations] == ["reuters-2025"]
    assert claim.quote_pos == Position(3, 8)


def test_a_misspelt_claim_field_is_an_error_naming_the_fix_at_the_key():
    mapping, check, diags = read("id: met\nquote: Putin met\nkind: fact\nstaus: verified\n")
    claim = validate_claim(check, mapping, Position(2, 3))
    assert shown(diags) == [
        f"{PATH}:5:1: error: unknown claim field 'staus'; did you mean 'status'?"
    ]
    assert claim is not None  # the typo is reported; the claim itself is whole


def test_a_statement_without_a_speaker_is_reported_at_the_claim():
    mapping, check, diags = read("id: said\nquote: talks will resume\nkind: statement\n")
    assert validate_claim(check, mapping, Position(2, 3)) is not None
    assert shown(diags) == [
        f"{PATH}:2:1: error: claim 'said' is a statement but has no 'by'; name the entity "
        "who made it"
    ]


def test_a_claim_that_is_not_a_mapping_is_reported_at_its_item():
    mapping, check, diags = read("just words\n")
    assert validate_claim(check, mapping, Position(7, 5)) is None
    assert shown(diags) == [
        f"{PATH}:7:5: error: each claim must be a mapping with id, quote and kind"
    ]


def test_a_forecast_field_on_another_kind_is_reported_at_its_key():
    mapping, check, diags = read("id: c\nquote: q\nkind: fact\nlikelihood: likely\n")
    validate_claim(check, mapping, Position(2, 3))
    assert shown(diags) == [
        f"{PATH}:5:1: error: claim 'c': 'likelihood' is only for forecasts, and this "
        "claim's kind is 'fact'; remove 'likelihood' or set 'kind: forecast'"
    ]


def test_a_repeated_claim_id_is_reported_and_the_later_claim_left_out():
    claims, check, diags = read(
        "- id: c\n  quote: first words\n  kind: fact\n- id: c\n  quote: other words\n  kind: fact\n"
    )
    kept = validate_claims(check, claims, dt.date(2025, 12, 2))
    assert [c.quote for c in kept] == ["first words"]
    assert shown(diags) == [
        f"{PATH}:5:7: error: duplicate claim id 'c' (first at line 2); claim ids are "
        "unique within an article"
    ]


def test_a_resolution_before_the_article_is_reported_at_its_date():
    claims, check, diags = read(
        "- id: f\n"
        "  quote: talks resume\n"
        "  kind: forecast\n"
        "  resolution: {outcome: occurred, date: 2025-11-30}\n"
    )
    kept = validate_claims(check, claims, dt.date(2025, 12, 2))
    assert kept[0].resolution.outcome == "occurred"
    assert shown(diags) == [
        f"{PATH}:5:41: error: claim 'f': resolution date 2025-11-30 is before the "
        "article's date 2025-12-02; a forecast is resolved after it is made"
    ]


def test_a_citation_with_a_bad_source_id_names_the_id_it_could_be():
    _, check, diags = read("{}\n")
    assert check.citation("Reuters 2025", Position(4, 14)) is None
    assert shown(diags) == [
        f"{PATH}:4:14: error: source id 'Reuters 2025' is not a valid id (lower-case "
        "letters, digits and single hyphens); did you mean 'reuters-2025'?"
    ]


def test_a_citation_mapping_keeps_its_locator_and_grade():
    mapping, check, diags = read("source: reuters-2025\nlocator: para. 4\ncredibility: 2\n")
    citation = check.citation(mapping, Position(2, 1))
    assert shown(diags) == []
    assert (citation.source_id, citation.locator, citation.credibility) == (
        "reuters-2025",
        "para. 4",
        2,
    )
    assert citation.pos == Position(2, 9)


def test_a_tag_without_latin_letters_is_reported_and_left_out():
    mapping, check, diags = read("tags: [Sanctions, переговоры]\n")
    assert check.tag_names(mapping, ARTICLE["tags"]) == ["Sanctions"]
    assert shown(diags) == [
        f"{PATH}:2:19: error: tag 'переговоры' has no Latin letters or digits to make its "
        "address from; write the tag in Latin letters (e.g. 'sanctions') and give it its "
        "display name in content/tags/<slug>.md"
    ]


def test_declared_sources_belong_to_their_article_and_each_must_be_a_mapping():
    raw, check, diags = read("- id: memo\n  title: The memo\n- reuters-2025\n")
    sources = validate_declared_sources(check, raw, "talks")
    assert [(s.id, s.title, s.declared_in) for s in sources] == [("memo", "The memo", "talks")]
    assert shown(diags) == [f"{PATH}:4:3: error: each source must be a mapping with id and title"]
