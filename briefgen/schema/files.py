"""The front-matter of each file kind (article, source, entity, tag), and every
record by name: the claim records and the settings included."""

from __future__ import annotations

from briefgen.schema.claims import CITATION, CLAIM, RELATION, RESOLUTION
from briefgen.schema.fields import (
    ENTITY_TYPES,
    RELIABILITY_GRADES,
    SOURCE_KINDS,
    WIKIDATA_PATTERN,
    Field,
    Record,
    tags_field,
)
from briefgen.schema.settings import CONFIG

SOURCE = Record(
    "source",
    "A source",
    "The front-matter of `content/sources/<id>.md` (the id is the file's name), or an item "
    "of an article's `sources` (then with an `id`); either way citable archive-wide.",
    (
        Field("title", "text", "the source's title", required=True, example='"Talks end"'),
        Field("url", "url", "where to read it", example="https://example.org/talks"),
        Field("publisher", "text", "who published it", example="Reuters"),
        Field("author", "text-list", "who wrote it", example="Jane Doe"),
        Field("date", "date", "when it was published", example="2025-12-03"),
        Field("accessed", "date", "when it was read", example="2025-12-04"),
        Field(
            "archive_url",
            "url",
            "an archived copy",
            example="https://web.archive.org/web/2025/https://example.org/talks",
        ),
        Field("kind", "choice", "what sort of source", values=SOURCE_KINDS, example="news"),
        Field(
            "reliability",
            "choice",
            "Admiralty grade of the source: A completely reliable, B usually reliable, "
            "C fairly reliable, D not usually reliable, E unreliable, F cannot be judged",
            values=RELIABILITY_GRADES,
            example="B",
        ),
    ),
)

SOURCE_ID = Field(
    "id",
    "id",
    "the source's id, unique archive-wide",
    required=True,
    label="source id",
    example="reuters-2025-12-03",
)

DECLARED_SOURCE = Record(
    "declared source",
    "A source declared in an article",
    "An item of an article's `sources`: the fields of a source, with its `id`.",
    (SOURCE_ID, *SOURCE.fields),
)

ARTICLE = Record(
    "article",
    "An article",
    "The front-matter of `content/articles/*.md`: one briefing each, whose Markdown body "
    "follows the closing `---`.",
    (
        Field(
            "title", "text", "the article's title", required=True, example='"Why the talks failed"'
        ),
        Field("date", "date", "publication date", required=True, example="2025-12-02"),
        Field("updated", "date", "when it was last revised", example="2025-12-05"),
        Field("author", "text-list", "who wrote it", example="Jackson Miller"),
        Field(
            "slug",
            "id",
            "the article's address: `/articles/<slug>/`",
            default_text="the file's name without `.md` and a leading `YYYY-MM-DD-`",
            label="slug",
            example="why-the-talks-failed",
        ),
        Field(
            "summary",
            "text",
            "one paragraph for lists, feeds and link previews",
            default_text="the first paragraph of the body, as text",
            example='"What each side wanted, and why no deal came of it."',
        ),
        Field("section", "text", "the desk or topic it belongs to", example="Politics"),
        tags_field("topic tags of the whole article"),
        Field(
            "entities",
            "id-list",
            "who and what the article is about; their names and aliases are found in the "
            "body and linked",
            label="entity id",
            example="[vladimir-putin, steve-witkoff]",
        ),
        Field("claims", "records", "the claims the body makes", record="claim"),
        Field(
            "sources",
            "records",
            "sources declared here, each with an `id`; citable archive-wide",
            record="declared source",
        ),
        Field(
            "draft",
            "bool",
            "left out of the build unless `--drafts`",
            default=False,
            example="true",
        ),
    ),
)

LINK = Record(
    "link",
    "An entity's link",
    "An item of an entity's `links`.",
    (
        Field("title", "text", "the link's text", required=True, example='"Official site"'),
        Field("url", "url", "where it goes", required=True, example="https://kremlin.ru"),
    ),
)

ENTITY = Record(
    "entity",
    "An entity",
    "The front-matter of `content/entities/<id>.md` (the id is the file's name); the "
    "Markdown body is the entity's long description.",
    (
        Field(
            "name", "text", "the entity's display name", required=True, example='"Vladimir Putin"'
        ),
        Field(
            "type",
            "choice",
            "what sort of entity",
            required=True,
            values=ENTITY_TYPES,
            example="person",
        ),
        Field(
            "aliases",
            "text-list",
            "other names the body may use for it; each is found and linked",
            example="[Putin, President Putin]",
        ),
        Field(
            "description",
            "text",
            "one line, shown in lists and previews",
            example='"President of Russia"',
        ),
        Field(
            "wikidata",
            "text",
            "its Wikidata item",
            pattern=WIKIDATA_PATTERN,
            pattern_hint="a Q-id such as Q7747",
            example="Q7747",
        ),
        Field("links", "records", "links to read more", record="link"),
    ),
)

TAG = Record(
    "tag",
    "A tag",
    "The front-matter of `content/tags/<slug>.md`, optional for every tag; the Markdown "
    "body is the tag's description.",
    (
        Field(
            "name",
            "text",
            "the tag's display name",
            default_text="the slug, with spaces for hyphens",
            example='"Ceasefire line"',
        ),
    ),
)

RECORDS = {
    record.name: record
    for record in (
        ARTICLE,
        CLAIM,
        CITATION,
        RESOLUTION,
        RELATION,
        DECLARED_SOURCE,
        SOURCE,
        ENTITY,
        LINK,
        TAG,
        CONFIG,
    )
}

# `briefgen schema KIND`: each file kind and its top record.
FILE_KINDS = {
    "article": ARTICLE,
    "entity": ENTITY,
    "source": SOURCE,
    "tag": TAG,
    "config": CONFIG,
}
FILE_PLACES = {
    "article": "content/articles/*.md",
    "entity": "content/entities/<id>.md",
    "source": "content/sources/<id>.md",
    "tag": "content/tags/<slug>.md",
    "config": "briefgen.yaml",
}
