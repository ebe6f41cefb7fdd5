"""The render stage's markdown-it core rules, each on a Markdown string: link
policing and heading ids, text-segment maps, claim quotes and marks, citations,
mention links, and the RenderedArticle they add up to (DESIGN §6)."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from briefgen.config import Config
from briefgen.diagnostics import Diagnostics, Position
from briefgen.model import Article, Citation, Claim, Entity, Source
from briefgen.render import (
    LinkPolicy,
    RenderedArticle,
    apply_rendered,
    make_markdown,
    render_article,
    render_body,
)

MD = make_markdown()


def html_of(text: str, env: dict, md=MD) -> BeautifulSoup:
    tokens = md.parse(text, env)
    return BeautifulSoup(md.renderer.render(tokens, md.options, env), "html.parser")


def tail(claim, cited, url) -> str:
    """A stand-in for the theme's claim tail: the claim's id and cited numbers."""
    numbers = "".join(f"[{number}]" for number, _ in cited)
    return f'<span class="tail" data-for="{claim.id}">{numbers}</span>'


def claim(claim_id: str, quote: str, occurrence: int | None = None, cites=()) -> Claim:
    made = Claim(
        claim_id, quote, "fact", "verified", Position(3, 1), Position(4, 10), occurrence=occurrence
    )
    made.citations = [Citation(source.id, Position(5, 1), source=source) for source in cites]
    return made


def article(body: str, claims=(), entities=()) -> Article:
    return Article(
        slug="a",
        title="A",
        date=dt.date(2025, 12, 2),
        path="content/articles/2025-12-02-a.md",
        body=body,
        body_line=10,
        claims=list(claims),
        entity_ids=[e.id for e in entities],
        entity_pos=[Position(6 + n, 5) for n, _ in enumerate(entities)],
        entities=list(entities),
    )


def article_env(art: Article, diags: Diagnostics, **extra) -> dict:
    """The env of an article body, without link policing unless asked."""
    return {
        "body_line": art.body_line,
        "article": art,
        "diags": diags,
        "url": lambda path: "../.." + path,
        "claim_tail": tail,
        **extra,
    }


def source(source_id: str) -> Source:
    return Source(source_id, source_id.title(), f"content/sources/{source_id}.md", Position(1, 1))


PUTIN = Entity("vladimir-putin", "Vladimir Putin", "person", "e.md", aliases=["Putin"])


# -- link policing and heading ids -------------------------------------------------


def test_an_unsafe_link_goes_nowhere_and_is_reported_at_its_line_and_column():
    diags = Diagnostics()
    text = "Intro.\n\nSee [this](javascript:alert(1)) and ![x](data:image/png;base64,AA)."
    page = html_of(text, {"link_policy": LinkPolicy("a.md", 20, diags)})
    assert page.select_one("a")["href"] == "#"
    assert page.select_one("img")["src"] == "#"
    assert [d.format() for d in diags] == [
        "a.md:22:12: error: link to a 'javascript:' URL is not allowed; use http, https, "
        "mailto or a relative address",
        "a.md:22:42: error: link to a 'data:' URL is not allowed; use http, https, "
        "mailto or a relative address",
    ]


def test_a_site_path_follows_the_base_path_and_other_links_are_kept():
    policy = LinkPolicy("a.md", 1, Diagnostics(), url=lambda path: "../.." + path)
    page = html_of(
        "[e](/entities/x/) [w](https://example.org/) [r](notes.html)", {"link_policy": policy}
    )
    assert [a["href"] for a in page.select("a")] == [
        "../../entities/x/",
        "https://example.org/",
        "notes.html",
    ]


def test_without_a_link_policy_the_rule_leaves_links_alone():
    page = html_of("[x](/entities/x/)", {})
    assert page.select_one("a")["href"] == "/entities/x/"


def test_a_heading_never_takes_an_id_the_page_gives_to_something_else():
    page = html_of("## Source 1\n\n## Claims heading\n\n## fn1\n\n## Background\n", {})
    assert [h["id"] for h in page.select("h2")] == [
        "source-1-section",
        "claims-heading-section",
        "fn1-section",
        "background",
    ]


# -- text-segment maps -----------------------------------------------------------


def test_blocks_give_each_paragraph_as_plain_text_with_its_line_and_section():
    env = {"body_line": 10}
    MD.parse("Lead with *emphasis*\nand   a [link](https://x).\n\n## Talks\n\nIn `code`.\n", env)
    lead, heading, code = env["blocks"]
    assert lead.display == "Lead with emphasis and a link."
    assert (lead.line, lead.heading, lead.section) == (10, False, "")
    assert (heading.display, heading.heading, heading.line) == ("Talks", True, 13)
    assert (code.section, code.line) == ("Talks", 15)
    # A folded position maps back to its child token and the offset in it.
    child, offset = lead.child_at(lead.display.index("phasis"))
    assert (lead.token.children[child].content, offset) == ("emphasis", 2)
    # No mention is looked for inside a link or code.
    assert lead.mention_allowed(0, 4)
    assert not lead.mention_allowed(lead.display.index("link"), lead.display.index("link") + 4)
    assert not code.mention_allowed(3, 7)


def test_without_body_line_no_blocks_are_made():
    env: dict = {}
    MD.parse("Text.", env)
    assert "blocks" not in env


# -- claim quotes and marks --------------------------------------------------------


def test_a_quote_spanning_emphasis_gets_one_mark_and_its_tail():
    body = "The envoy said it was a *very* big deal for everyone."
    art = article(body, [claim("deal", "it was a very big deal")])
    env = article_env(art, Diagnostics())
    page = html_of(body, env)
    (mark,) = page.select("mark")
    assert mark["id"] == "claim-deal"
    assert mark["class"] == ["claim", "kind-fact", "status-verified"]
    assert mark.get_text() == "it was a very big deal"
    assert mark.select_one("em").get_text() == "very"
    assert mark.find_next_sibling()["data-for"] == "deal"
    assert env["contexts"][id(art.claims[0])] == (
        "The envoy said ",
        "it was a very big deal",
        " for everyone.",
    )


def test_the_marks_rule_places_the_tail_and_the_renderer_renders_it():
    body = "He said the talks went well."
    art = article(body, [claim("well", "the talks went well", cites=[source("tass")])])
    env = article_env(art, Diagnostics())
    del env["claim_tail"]
    tokens = MD.parse(body, env)
    (placed,) = [t for t in tokens[1].children if t.type == "claim_tail"]
    assert placed.meta["claim"] is art.claims[0]
    assert [(n, s.id) for n, s in placed.meta["cited"]] == [(1, "tass")]
    page = BeautifulSoup(MD.renderer.render(tokens, MD.options, env), "html.parser")
    assert page.select_one("mark#claim-well") and not page.select(".tail")
    env["claim_tail"] = lambda claim, cited, url: f'<b class="tail">{url("/x/")}</b>'
    page = BeautifulSoup(MD.renderer.render(tokens, MD.options, env), "html.parser")
    assert page.select_one("mark#claim-well + b.tail").get_text() == "../../x/"


def test_a_quote_crossing_the_edge_of_emphasis_is_marked_in_well_nested_parts():
    body = "He said *the talks were* productive today."
    art = article(body, [claim("talks", "talks were productive")])
    page = html_of(body, article_env(art, Diagnostics()))
    first, second = page.select("mark")
    assert first.parent.name == "em" and first["id"] == "claim-talks"
    assert second.parent.name == "p" and not second.has_attr("id")
    assert "claim-cont" in second["class"]
    assert first.get_text() + second.get_text() == "talks were productive"


def test_occurrence_two_marks_the_second_occurrence():
    body = "So the talks went well. Later, the talks went well again."
    art = article(body, [claim("again", "the talks went well", occurrence=2)])
    diags = Diagnostics()
    page = html_of(body, article_env(art, diags))
    (mark,) = page.select("mark")
    assert mark.previous_sibling == "So the talks went well. Later, "
    assert not list(diags)


def test_a_repeated_quote_without_occurrence_is_an_error_listing_each_place():
    body = "So the talks went well.\nLater, the talks went well again."
    art = article(body, [claim("twice", "the talks went well")])
    diags = Diagnostics()
    env = article_env(art, diags)
    page = html_of(body, env)
    assert not page.select("mark")
    (error,) = diags.errors
    assert error.format().startswith(
        "content/articles/2025-12-02-a.md:4:10: error: claim 'twice': quote occurs 2 times "
        'in the body: 1 (line 10: "So the talks went well."), 2 (line 11: '
    )
    assert error.message.endswith("add 'occurrence: N' or quote more words")


def test_a_quote_that_no_longer_matches_names_the_passage_most_like_it():
    body = "Intro.\n\nThe ceasefire held for three full days."
    art = article(body, [claim("held", "the ceasefire held for three days")])
    diags = Diagnostics()
    env = article_env(art, diags)
    MD.parse(body, env)
    (drift,) = env["drifts"]
    assert drift.claim_id == "held"
    assert drift.passage == "The ceasefire held for three full days"
    assert (drift.line, drift.col) == (12, 1)
    assert env["located"] == {} and len(diags.errors) == 1


def test_a_quote_inside_a_link_gets_its_tail_after_the_link():
    body = "See [the talks went well](https://example.org/) here."
    art = article(body, [claim("link", "the talks went well")])
    page = html_of(body, article_env(art, Diagnostics()))
    link = page.select_one("p > a")
    assert link.select_one("mark#claim-link")
    assert link.find_next_sibling()["class"] == ["tail"]
    assert not link.select(".tail")


# -- citations ---------------------------------------------------------------------


def test_sources_are_numbered_by_their_first_citation_in_reading_order():
    tass, kremlin = source("tass"), source("kremlin")
    body = "First, the envoy arrived. Then the talks began."
    later = claim("later", "the talks began", cites=[kremlin])
    earlier = claim("earlier", "the envoy arrived", cites=[tass, kremlin, tass])
    art = article(body, [later, earlier])
    env = article_env(art, Diagnostics())
    page = html_of(body, env)
    assert [s.id for s in env["sources_cited"]] == ["tass", "kremlin"]
    assert {k: [c.id for c in v] for k, v in env["source_claims"].items()} == {
        "tass": ["earlier"],
        "kremlin": ["earlier", "later"],
    }
    assert [c.number for c in earlier.citations] == [1, 2, 1]
    # One marker per source, even where the claim cites it twice.
    tails = {t["data-for"]: t.get_text() for t in page.select(".tail")}
    assert tails == {"earlier": "[1][2]", "later": "[2]"}


def test_footnotes_are_plain_numbers_under_a_notes_heading():
    page = html_of("A point.[^n]\n\n[^n]: The note.\n", {})
    assert page.select_one("sup.footnote-ref a").get_text() == "1"
    section = page.select_one("section.footnotes")
    assert section["aria-labelledby"] == "footnotes-heading"
    assert section.select_one("h2#footnotes-heading").get_text() == "Notes"


# -- mention links -----------------------------------------------------------------

MENTIONS_BODY = "Vladimir Putin spoke. Putin then left.\n\n## Later\n\nPutin returned.\n"


def test_an_entity_is_linked_at_its_first_mention_in_each_section():
    art = article(MENTIONS_BODY, entities=[PUTIN])
    env = article_env(art, Diagnostics())
    page = html_of(MENTIONS_BODY, env)
    linked = page.select("a.mention")
    assert [(a["id"], a.get_text(), a["href"]) for a in linked] == [
        ("mention-vladimir-putin-1", "Vladimir Putin", "../../entities/vladimir-putin/"),
        ("mention-vladimir-putin-3", "Putin", "../../entities/vladimir-putin/"),
    ]
    assert [s["id"] for s in page.select("span.mention-plain")] == ["mention-vladimir-putin-2"]
    assert [(m.text, m.sentence, m.section, m.linked) for m in env["mentions"]] == [
        ("Vladimir Putin", "Vladimir Putin spoke.", "", True),
        ("Putin", "Putin then left.", "", False),
        ("Putin", "Putin returned.", "Later", True),
    ]


def test_mention_links_all_links_every_mention():
    art = article(MENTIONS_BODY, entities=[PUTIN])
    page = html_of(MENTIONS_BODY, article_env(art, Diagnostics(), mention_links="all"))
    assert len(page.select("a.mention")) == 3 and not page.select(".mention-plain")


def test_no_mention_in_code_links_or_headings_and_an_unmentioned_entity_is_a_warning():
    body = "## Putin\n\nIn `Putin` and [Putin](https://example.org/).\n"
    art = article(body, entities=[PUTIN])
    diags = Diagnostics()
    env = article_env(art, diags)
    page = html_of(body, env)
    assert env["mentions"] == [] and not page.select(".mention, .mention-plain")
    (warning,) = diags.warnings
    assert warning.format() == (
        "content/articles/2025-12-02-a.md:6:5: warning: entity 'vladimir-putin' is listed but "
        "neither its name nor an alias occurs in the body; add an alias as written in the text"
    )


def test_a_mention_never_straddles_a_claims_edge():
    body = "Witkoff met Vladimir Putin in Moscow."
    art = article(body, [claim("met", "Witkoff met Vladimir")], entities=[PUTIN])
    env = article_env(art, Diagnostics())
    page = html_of(body, env)
    # "Vladimir Putin" crosses the quote's end; "Putin" alone does not.
    assert [a.get_text() for a in page.select("a.mention")] == ["Putin"]
    assert page.select_one("mark#claim-met").get_text() == "Witkoff met Vladimir"


# -- the rendered article ----------------------------------------------------------


def test_render_body_is_a_value_and_render_article_applies_it():
    body = "## Background\n\nVladimir Putin said the talks went well.\n"
    made = [claim("well", "the talks went well", cites=[source("tass")])]
    made[0].note = "See [this](javascript:x)."
    art = article(body, made, entities=[PUTIN])
    diags = Diagnostics()
    rendered = render_body(art, MD, Config(), lambda p: p, tail, diags)
    assert isinstance(rendered, RenderedArticle)
    assert art.body_html == "" and art.mentions == [] and made[0].context == ()
    assert rendered.toc == [(2, "background", "Background")]
    assert rendered.summary == "Vladimir Putin said the talks went well."
    assert rendered.word_count == 8
    assert [s.id for s in rendered.sources_cited] == ["tass"]
    assert rendered.citation_numbers == ((1,),)
    assert rendered.claim_contexts == (("Vladimir Putin said ", "the talks went well", "."),)
    assert 'href="#"' in rendered.claim_notes[0]
    assert [d.line for d in diags.errors] == [3]  # the note's unsafe link, at the claim

    apply_rendered(art, rendered)
    assert art.body_html == rendered.body_html and art.toc == rendered.toc
    assert made[0].context == rendered.claim_contexts[0]
    assert made[0].note_html == rendered.claim_notes[0]

    again = article(body, [claim("well", "the talks went well", cites=[source("tass")])], [PUTIN])
    render_article(again, MD, Config(), lambda p: p, tail, Diagnostics())
    assert again.body_html == art.body_html
    assert [m.anchor for m in again.mentions] == [m.anchor for m in art.mentions]


def test_mentions_inside_and_after_a_claim_wrap_the_right_words():
    body = "Aides said *Putin* called it a very big deal, and Putin left."
    art = article(body, [claim("deal", "Putin called it a very")], entities=[PUTIN])
    page = html_of(body, article_env(art, Diagnostics(), mention_links="all"))
    inside, after = page.select("a.mention")
    assert inside.get_text() == after.get_text() == "Putin"
    # The quote starts inside the emphasis: its first part is there, and the name in it.
    assert inside.parent["id"] == "claim-deal" and inside.parent.parent.name == "em"
    assert after.find_parent("mark") is None
    assert after.previous_sibling == " big deal, and "
