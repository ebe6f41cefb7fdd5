"""Articles: the files of content/articles/, with the claims and sources their
front-matter holds."""

from __future__ import annotations

import datetime as dt

from briefgen.diagnostics import Diagnostics, Position
from briefgen.load import Document, YList
from briefgen.model import Article, Claim, Source
from briefgen.schema import ARTICLE
from briefgen.validate.checker import Checker
from briefgen.validate.claims import validate_claims
from briefgen.validate.ids import ID_RE, article_slug_from_stem, suggest_id
from briefgen.validate.sources import validate_declared_sources


def validate_article(doc: Document, diags: Diagnostics) -> tuple[Article | None, list[Source]]:
    check = Checker(doc.path, diags)
    meta = doc.meta
    check.unknown_fields(meta, ARTICLE)
    title = check.value(meta, ARTICLE["title"], what="article")
    date = check.value(meta, ARTICLE["date"])
    updated = check.value(meta, ARTICLE["updated"])
    authors, _ = check.value(meta, ARTICLE["author"])
    slug = check.string(meta, "slug")
    if slug:
        if not check.identifier(slug, meta.vpos("slug"), ARTICLE["slug"].label):
            slug = ""
    else:
        slug = article_slug_from_stem(doc.stem)
        if not ID_RE.match(slug):
            check.error(
                Position(1, 1),
                f"file name gives the slug '{slug}', which is not a valid id; rename the file "
                f"or set 'slug'" + suggest_id(slug),
            )
            slug = ""
    tag_names = check.tag_names(meta, ARTICLE["tags"])
    good_ids, good_pos = check.value(meta, ARTICLE["entities"])

    claims: list[Claim] = []
    raw_claims = meta.get("claims")
    if raw_claims is not None and not isinstance(raw_claims, YList):
        check.error(meta.vpos("claims"), "'claims' must be a list of claims")
    elif raw_claims:
        claims = validate_claims(check, raw_claims, date)

    sources: list[Source] = []
    raw_sources = meta.get("sources")
    if raw_sources is not None and not isinstance(raw_sources, YList):
        check.error(meta.vpos("sources"), "'sources' must be a list of sources, each with an id")
    elif raw_sources:
        sources = validate_declared_sources(check, raw_sources, slug)

    draft = check.value(meta, ARTICLE["draft"])
    if not doc.body.strip():
        check.error(
            Position(max(1, doc.body_line - 1), 1),
            "article has no body after its front-matter; write the briefing below the '---'",
        )
    if not (title and date and slug):
        # The errors above keep it out of the site, but its references and quotes are
        # still checked, so that one run reports all of its problems. The stand-in
        # slug starts with '-', which no valid slug does, so it never collides.
        title, date, slug = title or doc.stem, date or dt.date.min, slug or f"-{doc.path}"
    summary = check.value(meta, ARTICLE["summary"])
    article = Article(
        slug=slug,
        title=title,
        date=date,
        path=doc.path,
        body=doc.body,
        body_line=doc.body_line,
        updated=updated,
        authors=authors,
        summary=summary,
        section=check.value(meta, ARTICLE["section"]),
        tag_names=tag_names,
        entity_ids=good_ids,
        entity_pos=good_pos,
        claims=claims,
        draft=draft,
    )
    return article, sources
