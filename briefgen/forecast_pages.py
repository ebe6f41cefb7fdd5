"""Pages of forecasts: /forecasts/ (open and resolved forecasts, Brier scores, the
calibration table and chart) and /forecasts/feed.xml (an Atom feed of resolutions).

The page's numbers come from `forecasts.forecast_book`; this module only routes
them. The feed is written whenever the archive has a forecast, so its address,
linked from the page, always works; without resolutions it has no entries.
"""

from __future__ import annotations

from briefgen import page as kinds
from briefgen.feeds import Feed, FeedEntry, atom_date, iri, shorten, xml_text
from briefgen.forecasts import forecast_book, percent, score_text
from briefgen.link import Archive
from briefgen.page import Page

FORECASTS_PATH = "/forecasts/"
FORECASTS_FEED_PATH = "/forecasts/feed.xml"


def _depends(claims) -> frozenset:
    return frozenset(("article", c.article.slug) for c in claims if c.article)


def resolutions_feed(book, archive: Archive) -> Feed:
    config = archive.config
    entries = []
    for claim in book.resolved[: config.feed_count]:
        resolution = claim.resolution
        summary = f"{resolution.outcome_label}: “{claim.quote}”"
        if resolution.note:
            summary += f" {resolution.note}"
        entries.append(
            FeedEntry(
                title=xml_text(f"{resolution.outcome_label}: {shorten(claim.quote, 90)}"),
                path=claim.url,
                published=atom_date(resolution.date),
                updated=atom_date(resolution.date),
                authors=[xml_text(a) for a in claim.article.authors],
                summary=xml_text(summary),
                categories=[],
                id=iri(config, f"{claim.url}/resolution"),
            )
        )
    dates = [atom_date(c.resolution.date) for c in book.resolved] or [
        atom_date(c.article.date) for c in book.all
    ]
    return Feed(
        path=FORECASTS_FEED_PATH,
        page_path=FORECASTS_PATH,
        title=xml_text(f"Forecast resolutions · {config.title}"),
        subtitle=xml_text("How the archive's forecasts turned out"),
        updated=max(dates),
        author=xml_text(config.author or config.title),
        language=config.language,
        entries=entries,
        id=iri(config, FORECASTS_FEED_PATH),
    )


def forecast_routes(archive: Archive) -> list[Page]:
    book = forecast_book(archive.claims)
    depends = _depends(book.all)
    pages = [
        Page(
            FORECASTS_PATH,
            "forecasts.html",
            {
                "book": book,
                "score_text": score_text,
                "percent": percent,
                "feed_path": FORECASTS_FEED_PATH if book.all else "",
            },
            title="Forecasts",
            depends=depends,
            kind=kinds.FORECASTS,
        )
    ]
    if book.all:
        feed = resolutions_feed(book, archive)
        pages.append(
            Page(
                FORECASTS_FEED_PATH,
                "feed.xml",
                {"feed": feed},
                feed.title,
                depends,
                kind=kinds.FEED,
                subject=feed,
            )
        )
    return pages
