"""The settings of briefgen.yaml."""

from __future__ import annotations

from briefgen.schema.fields import HOST_PATTERN, MENTION_LINKS, Field, Record

CONFIG = Record(
    "setting",
    "briefgen.yaml",
    "The site's settings, in `briefgen.yaml` at the archive's root. Every setting is optional.",
    (
        Field(
            "title", "text", "the site's name", default="Briefings", example='"Briefing Archive"'
        ),
        Field("description", "text", "one line about the site", example='"Annotated analysis"'),
        Field(
            "base_url",
            "text",
            "the published site's address (`--base-url` wins); without it links are "
            "relative and the site works from disk",
            example="https://user.github.io/repo/",
        ),
        Field("language", "text", "the language of the content", default="en", example="en"),
        Field("author", "text", "who publishes the site (feeds)", example='"Analysis desk"'),
        Field(
            "cname",
            "text",
            "a custom domain: writes a CNAME file",
            pattern=HOST_PATTERN,
            pattern_hint="a bare host name",
            example="briefings.example.org",
        ),
        Field(
            "mention_links",
            "choice",
            "link every mention of an entity, or only the first in each section",
            values=MENTION_LINKS,
            default="first",
            example="all",
        ),
        Field(
            "offline",
            "bool",
            "links that work from disk (relative, ending in index.html) even with a base_url",
            default=False,
            example="true",
        ),
        Field(
            "feed_count",
            "integer",
            "how many articles the Atom feed holds",
            default=20,
            minimum=1,
            example="50",
        ),
        Field(
            "feed_full_content",
            "bool",
            "whole articles in the feed; false: summaries only",
            default=True,
            example="false",
        ),
        Field(
            "raw_html",
            "bool",
            "allow HTML in Markdown bodies (sanitised)",
            default=False,
            example="true",
        ),
        Field("footer", "text", "a line for the foot of every page", example='"© Analysis desk"'),
        Field(
            "quote_similarity",
            "share",
            "how alike a passage must be to a quote that no longer matches the body for "
            "the quote to count as drifted there (`check --fix` re-anchors it); below, "
            "the claim is an orphan",
            default=0.85,
            example="0.9",
        ),
        Field(
            "search",
            "bool",
            "full-text search: /search/ and its index under /pagefind/; false: none",
            default=True,
            example="false",
        ),
        Field("extra", "mapping", "anything for your own templates", example="{}"),
    ),
)
