"""The default theme: valid HTML5, accessible in light and dark, readable on a phone.

One fixture archive exercises every part of the theme (all claim kinds and
statuses, every entity type, sources with and without addresses, tags with a
description, notes, tables, footnotes, two years of briefings). It is built once;
the Nu HTML Checker reads every page in one run, and axe-core runs in Chromium on
every page type in both colour schemes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import launched_chromium, run_axe, serve_folder, vnu_messages
from conftest import parse_html, run_briefgen, write_archive

RICH = {
    "briefgen.yaml": """
        title: Eastern Desk
        description: Annotated briefings on the war and the talks to end it.
        footer: Edited by the Eastern Desk.
    """,
    "content/articles/2025-12-02-moscow-talks.md": """
        ---
        title: Moscow talks end without a breakthrough
        date: 2025-12-02
        updated: 2025-12-03
        author: [Jane Analyst, Omar Editor]
        section: Politics
        tags: [Diplomacy, Ceasefire line]
        entities: [vladimir-putin, steve-witkoff, kremlin, moscow, anchorage-summit,
                   peace-plan, frozen-assets]
        sources:
          - id: kremlin-readout
            title: Kremlin readout of the meeting
            publisher: Kremlin
            date: 2025-12-02
            kind: statement
        claims:
          - id: five-hours
            quote: "The meeting lasted five hours"
            kind: fact
            status: verified
            about: [vladimir-putin, steve-witkoff]
            tags: [Negotiations]
            sources:
              - source: kremlin-readout
                locator: para. 1
                quote: "talks lasted about five hours"
          - id: gap-wide
            quote: "the gap between the two sides remains wide"
            kind: assessment
            status: disputed
            tags: [Negotiations, Ceasefire line]
            sources: [think-tank-report, kremlin-readout]
            note: "The think tank's *own* figures are older than the talks."
          - id: next-round
            quote: "another round is likely before the new year"
            kind: forecast
            tags: [Outlook]
          - id: stay-out
            quote: "Europe should stay out of the talks"
            kind: recommendation
            status: misleading
            about: [kremlin]
            tags: [Europe]
            sources: [think-tank-report]
          - id: no-compromise
            quote: "no compromise has been found"
            kind: statement
            status: false
            by: vladimir-putin
            tags: [Negotiations]
            sources: [kremlin-readout]
          - id: plan-revised
            quote: "the plan must be revised"
            kind: statement
            status: verified
            by: steve-witkoff
            about: [peace-plan]
            tags: [Peace plan]
          - id: assets
            quote: "frozen assets would pay for reconstruction"
            kind: assessment
            status: unverified
            about: [frozen-assets]
            tags: [Europe]
        ---
        Vladimir Putin received Steve Witkoff at the Kremlin in Moscow on Tuesday.
        The meeting lasted five hours, and the two men spoke through interpreters.

        ## What was said

        Analysts say the gap between the two sides remains wide. Witkoff said
        that the plan *must* be revised, and that another round is likely before
        the new year. Putin said no compromise has been found.[^1]

        > Some commentators argued that Europe should stay out of the talks.

        - Anchorage summit: the first meeting, in August.
        - The peace plan: 28 points, later cut down.
        - Frozen assets: some hope frozen assets would pay for reconstruction.

        ## Figures

        | Round | Place | Hours |
        |---|---|---|
        | 1 | Anchorage | 3 |
        | 2 | Moscow | 5 |

        Raw markup stays text: <script>alert(1)</script> and `code`.

        [^1]: As reported by the Kremlin the same evening.
    """,
    "content/articles/2024-08-15-anchorage.md": """
        ---
        title: A summit in Anchorage
        date: 2024-08-15
        author: Jane Analyst
        summary: The first direct meeting in years.
        tags: [Diplomacy]
        entities: [vladimir-putin, anchorage-summit]
        claims:
          - id: first-meeting
            quote: "the first direct meeting in years"
            kind: fact
            status: verified
            tags: [Negotiations]
            sources: [kremlin-readout]
          - id: no-deal
            quote: "a deal will follow within weeks"
            kind: forecast
            status: false
            sources: [think-tank-report]
        ---
        Vladimir Putin flew to the Anchorage summit for the first direct meeting in
        years. Officials promised that a deal will follow within weeks.
    """,
    "content/entities/vladimir-putin.md": """
        ---
        name: Vladimir Putin
        type: person
        aliases: [Putin]
        description: President of Russia.
        wikidata: Q7747
        links:
          - title: Official site
            url: https://example.org/president
        ---
        President since 2012, and before that from 2000 to 2008.
    """,
    "content/entities/steve-witkoff.md": """
        ---
        name: Steve Witkoff
        type: person
        aliases: [Witkoff]
        description: United States special envoy.
        ---
    """,
    "content/entities/kremlin.md": """
        ---
        name: Kremlin
        type: organization
        description: The Russian presidency.
        ---
    """,
    "content/entities/moscow.md": """
        ---
        name: Moscow
        type: place
        ---
    """,
    "content/entities/anchorage-summit.md": """
        ---
        name: Anchorage summit
        type: event
        description: The August meeting in Alaska.
        ---
    """,
    "content/entities/peace-plan.md": """
        ---
        name: The peace plan
        type: document
        aliases: [peace plan]
        ---
    """,
    "content/entities/frozen-assets.md": """
        ---
        name: Frozen assets
        type: other
        aliases: [frozen assets]
        ---
    """,
    "content/sources/think-tank-report.md": """
        ---
        title: Where the talks stand
        url: https://example.org/reports/where-the-talks-stand
        archive_url: https://web.archive.org/web/2025/https://example.org/reports
        publisher: Example Institute
        author: [A. Researcher, B. Fellow]
        date: 2025-11-30
        accessed: 2025-12-01
        kind: report
        ---
        A survey of the positions of both sides.
    """,
    "content/tags/negotiations.md": """
        ---
        name: Negotiations
        ---
        Claims about the *course* of the talks.
    """,
}

# One page of each type, relative to the output folder.
PAGE_TYPES = {
    "home": "index.html",
    "article": "articles/moscow-talks/index.html",
    "entities index": "entities/index.html",
    "entity": "entities/vladimir-putin/index.html",
    "tags index": "tags/index.html",
    "tag": "tags/negotiations/index.html",
    "claims": "claims/index.html",
    "sources index": "sources/index.html",
    "source": "sources/think-tank-report/index.html",
    "archive": "archive/index.html",
    "open data": "data/index.html",
    "claim": "claims/moscow-talks/gap-wide/index.html",
    "statement claim": "claims/moscow-talks/no-compromise/index.html",
    "search": "search/index.html",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("theme") / "archive", RICH)
    result = run_briefgen("build", root=root)
    assert result.code == 0, result.err
    assert result.diagnostics == []
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def base_url(site):
    with serve_folder(site) as url:
        yield url


def test_the_fixture_covers_every_page_type_kind_and_status(site):
    for name, rel in PAGE_TYPES.items():
        assert (site / rel).is_file(), f"no {name} page at {rel}"
    claims = parse_html(site / "claims/index.html")
    badges = {" ".join(b["class"]) for b in claims.select(".claim-list .badge")}
    for kind in ("fact", "assessment", "forecast", "recommendation", "statement"):
        assert f"badge kind-{kind}" in badges
    for status in ("verified", "disputed", "unverified", "false", "misleading"):
        assert f"badge status status-{status}" in badges


def test_every_page_has_landmarks_and_a_skip_link_to_the_main_content(site):
    for name, rel in PAGE_TYPES.items():
        page = parse_html(site / rel)
        first_link = page.body.find("a")
        assert "skip-link" in first_link["class"], name
        assert first_link["href"] == "#main", name
        assert page.select("main#main") and len(page.select("main")) == 1, name
        assert page.select("body > header") and page.select("body > footer"), name
        assert page.select_one("nav[aria-label]"), name
        assert len(page.select("h1")) == 1, name
        assert page.html["lang"] == "en", name


def test_skip_link_appears_on_the_first_tab(browser, base_url):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["article"])
    skip = page.locator(".skip-link")
    assert skip.bounding_box()["x"] + skip.bounding_box()["width"] <= 0  # off screen
    page.keyboard.press("Tab")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    context.close()


def test_every_page_is_valid_html5(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= len(PAGE_TYPES)
    messages = vnu_messages(pages)
    errors = [
        f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_any_page_type(browser, base_url, scheme, width):
    # At 1280 px an article's claim notes sit in the margin; at 375 px, inline.
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    for name, rel in PAGE_TYPES.items():
        page.goto(base_url + rel)
        for violation in run_axe(page):
            if violation["impact"] in ("serious", "critical"):
                targets = "; ".join(n["target"] for n in violation["nodes"][:5])
                problems.append(f"{name}: {violation['id']} ({violation['help']}): {targets}")
    context.close()
    assert problems == []


def test_claim_card_is_hidden_until_its_badge_has_keyboard_focus(browser, base_url):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["article"])
    badge = page.locator("#claim-no-compromise ~ .claim-tail .claim-badge").first
    card = page.locator("#card-no-compromise")
    assert card.is_hidden()
    assert badge.inner_text().replace("\n", " ").strip().endswith("Statement · False")

    # Pointing at the quote shows the card too; moving away hides it again.
    page.hover("#claim-no-compromise")
    assert card.is_visible()
    page.mouse.move(1000, 780)
    assert card.is_hidden()

    # Tab through the page, as a keyboard user would, until the badge has focus.
    for _ in range(80):
        page.keyboard.press("Tab")
        if badge.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the claim's badge never received keyboard focus")
    assert card.is_visible()
    text = " ".join(card.inner_text().split())
    assert "Kind Statement" in text and "Status False" in text
    assert "Said by Vladimir Putin" in text and "Tags Negotiations" in text
    assert "Kremlin readout of the meeting" in text
    # The card lies inside the window, not cut off at its edge.
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1024

    page.keyboard.press("Tab")  # on into the card's own links: it stays open
    assert card.is_visible()
    assert card.evaluate("el => el.contains(document.activeElement)")
    context.close()


def test_every_page_type_fits_a_phone_without_horizontal_scrolling(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    too_wide = {}
    for name, rel in PAGE_TYPES.items():
        page.goto(base_url + rel)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[name] = width
    # An open claim card must not push the page sideways either.
    page.goto(base_url + PAGE_TYPES["article"])
    for badge in page.locator(".claim-badge").all():
        badge.focus()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[f"article with card of {badge.get_attribute('href')} open"] = width
    font_size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)"
    )
    context.close()
    assert too_wide == {}
    assert font_size >= 16


def test_dark_mode_follows_the_system_setting(browser, base_url):
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(base_url + PAGE_TYPES["article"])
        backgrounds[scheme] = page.evaluate(
            "getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)"
        )
        context.close()
    assert sum(backgrounds["light"]) > 600, backgrounds
    assert sum(backgrounds["dark"]) < 150, backgrounds


def test_print_stylesheet_keeps_the_text_and_drops_the_chrome(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["article"])
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".skip-link").is_hidden()
    assert page.locator(".article-body").is_visible()
    assert page.locator("#claim-five-hours").is_visible()
    # Lists in the body keep their room for bullets on paper.
    list_indent = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.article-body ul')).paddingLeft)"
    )
    assert list_indent > 0
    # The kind and status stay in words on paper.
    assert page.locator("#claim-five-hours ~ .claim-tail .claim-badge").first.is_visible()
    # An outside source's address is printed after its link.
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.source-list a[href^=\"http\"]'), "
        "'::after').content"
    )
    context.close()
    assert "https://example.org/reports/where-the-talks-stand" in after


def test_status_and_kind_are_told_apart_without_colour(site):
    """Each highlight carries its kind and status as words beside it, so a reader who
    cannot tell the colours apart (or prints in black and white) loses nothing."""
    page = parse_html(site / PAGE_TYPES["article"])
    for mark in page.select("mark.claim[id]"):
        tail = mark.find_next_sibling(class_="claim-tail") or mark.find_next(class_="claim-tail")
        badge_text = " ".join(tail.select_one(".claim-badge").get_text().split())
        kind = next(c for c in mark["class"] if c.startswith("kind-"))[5:]
        status = next(c for c in mark["class"] if c.startswith("status-"))[7:]
        assert badge_text == f"{kind.capitalize()} · {status.capitalize()}", mark["id"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_search_page_with_results_and_a_filter_is_accessible_and_fits(
    browser, base_url, scheme, width
):
    """The search form and its results exist only once the script has run: axe looks
    at them then, with a query and a kind filter applied."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(base_url + "search/?q=talks&kind=Fact")
    page.wait_for_selector("#search-form:not([hidden])")
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    kickers = page.locator("#search-results .kicker").all_text_contents()
    assert kickers and all(k.startswith("Claim") for k in kickers)
    problems = [
        f"{v['id']} ({v['help']}): {'; '.join(n['target'] for n in v['nodes'][:5])}"
        for v in run_axe(page)
        if v["impact"] in ("serious", "critical")
    ]
    width_used = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert problems == []
    assert width_used <= width
