"""The live preview in a real browser (Debian's Chromium driven by Playwright):
edits show without a manual reload, errors show as an overlay and go away."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, missing_tool
from conftest import MINIMAL, run_briefgen, write_archive
from test_serve_support import ARTICLE, edit, running_preview

from briefgen.theme import builtin_theme_dir

# Long enough to wait for a rebuild on a busy machine, short enough to fail fast.
TIMEOUT_MS = 8000

# A body long enough to scroll, the claims near its top and an edit near its end.
FILLER = "\n\n".join(f"Paragraph {n} of background on the talks." for n in range(60))


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("the Python package playwright is not installed")
    if not CHROMIUM.is_file():
        missing_tool(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = write_archive(tmp_path / "archive", MINIMAL)
    path = root / ARTICLE
    path.write_text(path.read_text() + "\n" + FILLER + "\n\nThe last paragraph.\n")
    return root


@contextlib.contextmanager
def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(url)
        # The page is listening once the server's hello arrived.
        page.wait_for_selector("html[data-briefgen-live]", state="attached")
        yield page
    finally:
        page.close()


def test_status_edit_error_overlay_and_fix(browser, archive: Path):
    with running_preview(archive) as preview:
        with open_page(browser, preview.url + "articles/talks/") as page:
            mark = page.locator("mark#claim-no-breakthrough")
            assert "status-verified" in mark.get_attribute("class")

            # A claim's status edited in the front-matter: the page shows it by itself,
            # scrolled to the claim, which flashes.
            edit(archive, ARTICLE, "status: verified", "status: false")
            page.wait_for_selector("mark#claim-no-breakthrough.status-false")
            badge = page.locator("mark#claim-no-breakthrough + .claim-tail .badge-status")
            assert badge.inner_text().strip() == "False"
            assert page.get_attribute("html", "data-briefgen-flashed") == "claim-no-breakthrough"
            assert "briefgen-flash" in mark.get_attribute("class")
            assert page.locator("#briefgen-overlay").count() == 0

            # Broken YAML: the overlay names the file and line `briefgen check` names.
            edit(archive, ARTICLE, "kind: fact", "kind: [fact")
            overlay = page.locator("#briefgen-overlay")
            overlay.wait_for()
            check = run_briefgen("check", root=archive)
            errors = [line for line in check.diagnostics if ": error: " in line]
            assert len(errors) == 1 and errors[0].startswith(f"{ARTICLE}:")
            where = errors[0].split(": error: ")[0]
            assert overlay.locator(".where").all_inner_texts() == [where]
            assert errors[0].split(": error: ")[1] in overlay.inner_text()
            # The last good page stays under it.
            assert page.locator("mark#claim-no-breakthrough.status-false").count() == 1

            # Fixed with another status: the overlay goes, the page is current.
            edit(archive, ARTICLE, "kind: [fact", "kind: fact")
            edit(archive, ARTICLE, "status: false", "status: disputed")
            page.wait_for_selector("mark#claim-no-breakthrough.status-disputed")
            page.wait_for_selector("#briefgen-overlay", state="detached")


def test_the_overlay_shows_the_passage_a_drifted_quote_now_matches(browser, archive: Path):
    with running_preview(archive) as preview:
        with open_page(browser, preview.url + "articles/talks/") as page:
            edit(archive, ARTICLE, "ended without any\n", "ended without a\n")
            suggestion = page.locator("#briefgen-overlay .suggestion")
            suggestion.wait_for()
            assert suggestion.locator("q").inner_text() == "ended without a breakthrough"
            label = suggestion.locator(".label").inner_text()
            assert "line 25, 96% similar" in label and "briefgen check --fix" in label
            # The message is in the overlay too, as `briefgen check` prints it.
            (error,) = run_briefgen("check", root=archive).diagnostics
            assert error.split(": error: ")[1] in page.locator("#briefgen-overlay li").inner_text()

            # Re-anchored: the overlay goes and the claim is marked on the new words.
            assert run_briefgen("check", "--fix", root=archive).code == 0
            page.wait_for_selector("#briefgen-overlay", state="detached")
            mark = page.locator("mark#claim-no-breakthrough")
            assert " ".join(mark.inner_text().split()) == "ended without a breakthrough"


def test_diagnostics_in_the_overlay_are_text(browser, archive: Path):
    with running_preview(archive) as preview:
        with open_page(browser, preview.url + "articles/talks/") as page:
            payload = "<img src=x onerror=window.__owned=1>"
            edit(archive, ARTICLE, "sources: [kremlin-readout]", f'sources: ["{payload}"]')
            overlay = page.locator("#briefgen-overlay")
            overlay.wait_for()
            assert payload in overlay.inner_text()
            assert overlay.locator("img").count() == 0
            assert page.evaluate("window.__owned") is None


def test_a_reload_keeps_the_scroll_position(browser, archive: Path):
    with running_preview(archive) as preview:
        with open_page(browser, preview.url + "articles/talks/") as page:
            page.evaluate("window.scrollTo(0, 900)")
            page.wait_for_function("window.scrollY === 900")
            edit(archive, ARTICLE, "The last paragraph.", "The last paragraph, edited.")
            page.wait_for_selector("text=The last paragraph, edited.")
            assert page.get_attribute("html", "data-briefgen-refreshed") == "1"
            page.wait_for_function("window.scrollY > 0")
            assert abs(page.evaluate("window.scrollY") - 900) <= 2


def test_a_page_of_another_article_does_not_reload(browser, archive: Path):
    write_archive(
        archive,
        {
            "content/articles/2025-12-04-other.md": """
                ---
                title: Other talks
                date: 2025-12-04
                ---
                Nothing to do with the first.
            """
        },
    )
    with running_preview(archive) as preview:
        with open_page(browser, preview.url + "articles/other/") as page:
            page.evaluate("window.__sameDocument = true")
            generation = page.get_attribute("html", "data-briefgen-live")
            edit(archive, ARTICLE, "status: verified", "status: false")
            # The event arrived (the generation moved on) and the page stayed as it was.
            page.wait_for_function(
                f"document.documentElement.getAttribute('data-briefgen-live') !== '{generation}'"
            )
            assert page.evaluate("window.__sameDocument") is True
            assert page.get_attribute("html", "data-briefgen-refreshed") is None


def test_a_changed_stylesheet_reloads_the_page_and_keeps_the_position(browser, archive: Path):
    theme_css = builtin_theme_dir() / "static" / "style.css"
    with running_preview(archive) as preview:
        with open_page(browser, preview.url + "articles/talks/") as page:
            page.evaluate("window.scrollTo(0, 600)")
            page.wait_for_function("window.scrollY === 600")
            page.evaluate("window.__sameDocument = true")
            css = theme_css.read_text() + "\nhtml { outline: 3px solid rgb(1, 2, 3); }\n"
            write_archive(archive, {"templates/static/style.css": css})
            page.wait_for_function(
                "getComputedStyle(document.documentElement).outlineColor === 'rgb(1, 2, 3)'"
            )
            assert page.evaluate("window.__sameDocument") is None  # a new document
            page.wait_for_function("window.scrollY > 0")
            assert abs(page.evaluate("window.scrollY") - 600) <= 2
