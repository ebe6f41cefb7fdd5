"""The reading view of an article, in Chromium: claim notes in the margin on a wide
screen and inline on a phone, the "Show annotations" switch, and everything still
there without JavaScript. The archive is the theme tests' fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import launched_chromium, run_axe, serve_folder
from conftest import parse_html, run_briefgen, write_archive
from test_theme_quality import PAGE_TYPES, RICH

ARTICLE = PAGE_TYPES["article"]
CLAIMS = 7  # in the fixture's article


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("reading") / "archive", RICH)
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def base_url(site):
    with serve_folder(site) as url:
        yield url


# Each claim's quote and badge (the first segment of a quote that spans elements),
# with the box of the block its quote stands in.
BOXES = """() => [...document.querySelectorAll('.article-body mark.claim:not(.claim-cont)')]
  .map(mark => {
    const tail = [...mark.parentElement.querySelectorAll('.claim-tail')]
      .find(t => t.querySelector('.claim-badge').getAttribute('href') === '#' + mark.id);
    const block = mark.closest('p, li, td, th');
    const box = el => { const r = el.getBoundingClientRect ? el.getBoundingClientRect() : el;
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    const rects = [...mark.getClientRects()];
    return {id: mark.id, cell: block.matches('td, th'), block: box(block),
            badge: box(tail.querySelector('.claim-badge')),
            lastLine: box(rects[rects.length - 1]), firstLine: box(rects[0])};
  })"""


def test_on_a_wide_screen_each_badge_sits_in_the_margin_beside_its_line(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + ARTICLE)
    boxes = page.evaluate(BOXES)
    assert len(boxes) == CLAIMS
    column = page.evaluate(
        "(() => { const r = document.querySelector('.article-body > p').getBoundingClientRect();"
        " return {left: r.left, right: r.right}; })()"
    )
    # The text keeps a readable measure: about 42rem, not the whole window.
    assert 600 <= column["right"] - column["left"] <= 700
    for box in boxes:
        assert box["badge"]["right"] <= 1280, box["id"]
        if box["cell"]:  # a table cell keeps its notes inline
            continue
        assert box["badge"]["left"] > column["right"] + 16, box["id"]
        # Beside the line the quote ends on (or, in a dense passage, a little below).
        assert box["badge"]["top"] >= box["lastLine"]["top"] - 4, box["id"]
        assert box["badge"]["top"] <= box["lastLine"]["bottom"] + 120, box["id"]
    # Notes never overlap one another.
    badges = sorted((b["badge"] for b in boxes if not b["cell"]), key=lambda b: b["top"])
    for upper, lower in zip(badges, badges[1:], strict=False):
        assert lower["top"] >= upper["bottom"] - 0.5
    context.close()


def test_on_a_phone_each_badge_follows_its_quote_in_the_text(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(base_url + ARTICLE)
    boxes = page.evaluate(BOXES)
    assert len(boxes) == CLAIMS
    for box in boxes:
        badge, block = box["badge"], box["block"]
        assert block["left"] - 1 <= badge["left"] and badge["right"] <= block["right"] + 1
        # On the line the quote ends on, after it, or on a line below.
        assert badge["top"] >= box["lastLine"]["top"] - 6, box["id"]
        on_its_line = badge["top"] < box["lastLine"]["bottom"]
        assert badge["left"] >= box["lastLine"]["right"] - 1 or not on_its_line, box["id"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def visible_tails(page) -> int:
    return page.evaluate(
        "[...document.querySelectorAll('.article-body .claim-tail')]"
        ".filter(t => t.getClientRects().length > 0).length"
    )


def quote_decoration(page) -> str:
    return page.evaluate(
        "getComputedStyle(document.querySelector('.article-body mark.claim')).textDecorationLine"
    )


def test_the_switch_hides_the_annotations_and_the_choice_survives_a_reload(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + ARTICLE)
    switch = page.get_by_role("button", name="Show annotations")
    assert switch.is_visible()
    assert switch.get_attribute("aria-pressed") == "true"
    assert visible_tails(page) == CLAIMS and quote_decoration(page) == "underline"

    switch.click()
    assert switch.get_attribute("aria-pressed") == "false"
    assert visible_tails(page) == 0
    assert quote_decoration(page) == "none"
    assert page.locator(".legend").is_hidden()
    # The text itself stays, and so does the list of claims under it.
    assert page.locator("#claim-five-hours").is_visible()
    assert page.locator(".claim-summary > li").count() == CLAIMS

    page.reload()
    switch = page.get_by_role("button", name="Show annotations")
    assert switch.get_attribute("aria-pressed") == "false"
    assert visible_tails(page) == 0
    # Another article remembers it too; the keyboard turns it back on.
    page.goto(base_url + "articles/anchorage/index.html")
    assert visible_tails(page) == 0
    switch = page.get_by_role("button", name="Show annotations")
    switch.focus()
    page.keyboard.press("Space")
    assert switch.get_attribute("aria-pressed") == "true"
    assert visible_tails(page) == 2
    page.reload()
    assert visible_tails(page) == 2
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_without_javascript_every_annotation_is_shown_and_no_switch(browser, base_url, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(base_url + ARTICLE)
    assert page.locator(".annotations-switch").is_hidden()
    assert visible_tails(page) == CLAIMS
    for badge in page.locator(".article-body .claim-badge").all():
        assert badge.is_visible()
    assert page.locator(".article-body sup.cite a").first.is_visible()
    # Each card opens on keyboard focus, with no script.
    badge = page.locator("#claim-no-compromise ~ .claim-tail .claim-badge").first
    badge.focus()
    assert page.locator("#card-no-compromise").is_visible()
    context.close()


def test_misleading_and_disputed_quotes_have_different_lines(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + ARTICLE)
    styles = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('.article-body mark.claim')]"
        ".map(m => [m.id, getComputedStyle(m).textDecorationStyle]))"
    )
    context.close()
    assert styles["claim-gap-wide"] == "dashed"  # disputed
    assert styles["claim-stay-out"] == "wavy"  # misleading
    assert styles["claim-five-hours"] == "solid"  # verified
    assert styles["claim-assets"] == "dotted"  # unverified
    assert styles["claim-no-compromise"] == "double"  # false


def test_cited_by_names_claims_by_number_and_first_words(site):
    page = parse_html(site / ARTICLE)
    numbers = {
        li.select_one("a.summary-quote")["href"]: n
        for n, li in enumerate(page.select(".claim-summary > li"), start=1)
    }
    entry = page.select_one("#source-1")
    items = entry.select(".backlinks li")
    assert items
    for item in items:
        link = item.find("a")
        text = " ".join(item.get_text().split())
        assert link.get_text() == f"claim {numbers[link['href']]}"
        quote = page.find(id=link["href"][1:]).get_text()
        words = " ".join(quote.split()[:6])
        assert text.startswith(f"claim {numbers[link['href']]}: “{words}")
        assert "-" not in link.get_text()  # never an id such as five-hours


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_entity_chips_are_links_told_apart_from_their_text(browser, base_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["entity"])
    chips = page.locator("#co-heading ~ .entity-chips a")
    assert chips.count() >= 2
    assert chips.first.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"
    violations = [v for v in run_axe(page) if v["id"] == "link-in-text-block"]
    context.close()
    assert violations == []
