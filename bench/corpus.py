"""A seeded synthetic briefing archive for benchmarks, in briefgen's format and as
equivalent Hugo, Pelican and MkDocs sites.

Every article has 800-1,200 words of varied Markdown (paragraphs, headings, lists,
emphasis, links, the odd table), 3-8 entities drawn with Zipf-like popularity from a
pool of max(200, N/10) whose names really occur in the body, 2-6 claims whose quotes
occur exactly once in the body, 1-3 claim tags from a pool of 300 and 1-3 sources
from a pool of max(500, N/5). All words are made of syllables: no real text.

The same seed always gives the same bytes, so two tools (or two runs) see the same
corpus.

    python bench/corpus.py --articles 1000 --out bench/scratch/corpus-1000 --format all

writes briefgen/, hugo/, pelican/ and mkdocs/ under --out. `--format plain-briefgen`
and `--format plain-hugo` write the plain-Markdown corpus of the Eleventy author's
published benchmark (N files, a title and a few paragraphs each) instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("briefgen", "hugo", "pelican", "mkdocs")
PLAIN_FORMATS = ("plain-briefgen", "plain-hugo")
TAG_POOL = 300
KINDS = ("fact", "assessment", "forecast", "recommendation", "statement")
STATUSES = ("verified", "disputed", "unverified", "false", "misleading")
ENTITY_TYPES = ("person", "person", "person", "organization", "organization", "place", "event")
SOURCE_KINDS = ("news", "statement", "report", "interview", "document", "dataset")
SECTIONS = ("Politics", "Security", "Economy", "Energy", "Diplomacy", "Society")
FIRST_DATE = dt.date(2016, 1, 4)
SPAN_DAYS = 3650

# Body words use only these consonants; entity names always contain one of the
# others, so a name can never occur in the body by accident.
BODY_CONSONANTS = "bdfgklmnprstvz"
NAME_CONSONANTS = "hjwxqc"
VOWELS = "aeiou"


def _word(rng: random.Random, consonants: str, syllables: int) -> str:
    return "".join(rng.choice(consonants) + rng.choice(VOWELS) for _ in range(syllables))


def _unique_words(rng: random.Random, count: int, make) -> list[str]:
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        word = make()
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _name_word(rng: random.Random) -> str:
    # One name consonant guaranteed, the rest mixed.
    syllables = rng.randint(2, 3)
    parts = [rng.choice(BODY_CONSONANTS + NAME_CONSONANTS) + rng.choice(VOWELS)]
    parts += [rng.choice(BODY_CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables - 1)]
    parts[rng.randrange(len(parts))] = rng.choice(NAME_CONSONANTS) + rng.choice(VOWELS)
    return "".join(parts).capitalize()


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str]
    description: str


@dataclass
class Source:
    id: str
    title: str
    publisher: str
    url: str
    date: dt.date
    kind: str


@dataclass
class Tag:
    slug: str
    name: str


@dataclass
class Claim:
    id: str
    quote: str
    kind: str
    status: str
    by: str
    about: list[str]
    tags: list[str]  # tag slugs
    sources: list[str]  # source ids
    locator: str


@dataclass
class Article:
    slug: str
    title: str
    date: dt.date
    author: str
    section: str
    body: str
    entities: list[str]
    tags: list[str]  # tag slugs
    sources: list[str]
    claims: list[Claim] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return f"{self.date.isoformat()}-{self.slug}"


@dataclass
class Corpus:
    articles: list[Article]
    entities: list[Entity]
    sources: list[Source]
    tags: list[Tag]

    def entity(self, entity_id: str) -> Entity:
        return self._entities[entity_id]

    def __post_init__(self) -> None:
        self._entities = {e.id: e for e in self.entities}
        self._sources = {s.id: s for s in self.sources}
        self._tags = {t.slug: t for t in self.tags}


class _Writer:
    """Builds one article body; knows the vocabulary."""

    def __init__(self, rng: random.Random, vocabulary: list[str]):
        self.rng = rng
        self.vocabulary = vocabulary

    def words(self, count: int) -> list[str]:
        return [self.rng.choice(self.vocabulary) for _ in range(count)]

    def phrase(self, low: int, high: int) -> str:
        return " ".join(self.words(self.rng.randint(low, high)))

    def sentence(self) -> list[str]:
        """Tokens of one sentence, with the odd emphasis or link."""
        rng = self.rng
        tokens = self.words(rng.randint(8, 18))
        tokens[0] = tokens[0].capitalize()
        roll = rng.random()
        if roll < 0.12:
            i = rng.randrange(1, len(tokens))
            tokens[i] = f"*{tokens[i]}*"
        elif roll < 0.2:
            i = rng.randrange(1, len(tokens) - 1)
            tokens[i : i + 2] = [f"**{tokens[i]} {tokens[i + 1]}**"]
        elif roll < 0.3:
            i = rng.randrange(1, len(tokens) - 1)
            target = f"https://example.org/{tokens[i]}/{tokens[i + 1]}"
            tokens[i : i + 2] = [f"[{tokens[i]} {tokens[i + 1]}]({target})"]
        tokens[-1] += "."
        return tokens


def _zipf_sample(rng: random.Random, pool: list, weights: list[float], count: int) -> list:
    chosen: list = []
    while len(chosen) < count:
        item = rng.choices(pool, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def generate(articles: int, seed: int = 1) -> Corpus:
    """The corpus as objects; deterministic for (articles, seed)."""
    rng = random.Random(seed)
    vocabulary = _unique_words(
        rng, 3000, lambda: _word(rng, BODY_CONSONANTS, rng.choice((1, 2, 2, 3, 3, 4)))
    )
    entity_count = max(200, articles // 10)
    source_count = max(500, articles // 5)

    name_words = _unique_words(rng, entity_count * 2, lambda: _name_word(rng))
    entities = []
    for index in range(entity_count):
        first, last = name_words[2 * index], name_words[2 * index + 1]
        entity_type = rng.choice(ENTITY_TYPES)
        name = f"{first} {last}"
        # People are also written by surname, as briefings do after the first mention.
        aliases = [last] if entity_type == "person" else []
        entities.append(
            Entity(
                id=f"{first.lower()}-{last.lower()}",
                name=name,
                type=entity_type,
                aliases=aliases,
                description=" ".join(rng.choice(vocabulary) for _ in range(8)).capitalize() + ".",
            )
        )
    # Zipf-like popularity: the k-th entity is drawn with weight 1/k.
    entity_weights = [1.0 / (rank + 1) for rank in range(entity_count)]

    tag_names = _unique_words(rng, TAG_POOL, lambda: _word(rng, BODY_CONSONANTS, 3))
    tags = []
    for word in tag_names:
        name = f"{word.capitalize()} {rng.choice(vocabulary)}"
        # The slug follows the name (DESIGN §1.7); the first word is unique, so is it.
        tags.append(Tag(slug=re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), name=name))

    publishers = [f"The {w.capitalize()} Courier" for w in vocabulary[:40]]
    sources = []
    for index in range(source_count):
        title_words = [rng.choice(vocabulary) for _ in range(rng.randint(4, 8))]
        date = FIRST_DATE + dt.timedelta(days=rng.randrange(SPAN_DAYS))
        sources.append(
            Source(
                id=f"src-{index:05d}-{title_words[0]}",
                title=" ".join(title_words).capitalize(),
                publisher=rng.choice(publishers),
                url=f"https://example.org/{title_words[0]}/{index}",
                date=date,
                kind=rng.choice(SOURCE_KINDS),
            )
        )
    source_weights = [1.0 / (rank + 1) ** 0.5 for rank in range(source_count)]

    authors = [f"{rng.choice(vocabulary).capitalize()} Analyst" for _ in range(20)]
    writer = _Writer(rng, vocabulary)
    result = []
    for index in range(articles):
        result.append(
            _article(
                index,
                articles,
                rng,
                writer,
                entities,
                entity_weights,
                tags,
                sources,
                source_weights,
                authors,
            )
        )
    return Corpus(result, entities, sources, tags)


def _article(
    index, total, rng, writer, entities, entity_weights, tags, sources, source_weights, authors
) -> Article:
    title_words = writer.words(rng.randint(4, 7))
    slug = "-".join(title_words[:4]) + f"-{index}"
    date = FIRST_DATE + dt.timedelta(days=index * SPAN_DAYS // max(total, 1))
    chosen = _zipf_sample(rng, entities, entity_weights, rng.randint(3, 8))
    article_tags = rng.sample(tags, rng.randint(1, 3))
    article_sources = _zipf_sample(rng, sources, source_weights, rng.randint(1, 3))

    # Paragraphs are lists of sentences (lists of tokens); structure is laid out first,
    # then names and claims are placed into paragraphs.
    target_words = rng.randint(800, 1200)
    blocks: list[tuple[str, object]] = []  # (kind, payload)
    paragraphs: list[list[list[str]]] = []
    words = 0

    def add_paragraph() -> None:
        nonlocal words
        sentences = [writer.sentence() for _ in range(rng.randint(3, 6))]
        paragraphs.append(sentences)
        blocks.append(("p", sentences))
        words += sum(len(s) for s in sentences)

    add_paragraph()
    add_paragraph()
    table_done = rng.random() >= 0.2  # about one article in five has a table
    while words < target_words:
        heading = writer.phrase(2, 5).capitalize()
        blocks.append(("h", heading))
        words += len(heading.split())
        for _ in range(rng.randint(1, 3)):
            add_paragraph()
        roll = rng.random()
        if roll < 0.35:
            items = [writer.phrase(4, 12).capitalize() for _ in range(rng.randint(3, 5))]
            blocks.append(("ul" if rng.random() < 0.6 else "ol", items))
            words += sum(len(i.split()) for i in items)
        elif roll < 0.45:
            quote = writer.phrase(12, 24).capitalize() + "."
            blocks.append(("quote", quote))
            words += len(quote.split())
        elif not table_done:
            rows = [writer.words(3) for _ in range(rng.randint(3, 5))]
            blocks.append(("table", rows))
            words += sum(len(r) for r in rows)
            table_done = True

    # Each entity's name (or a person's surname) stands in 1-3 body sentences.
    for entity in chosen:
        for occurrence in range(rng.randint(1, 3)):
            sentence = rng.choice(rng.choice(paragraphs))
            written = entity.name if occurrence == 0 or not entity.aliases else entity.aliases[0]
            sentence.insert(rng.randint(1, len(sentence) - 1), written)

    claims = []
    for number in range(rng.randint(2, 6)):
        quote_words = writer.words(rng.randint(7, 11))
        quote = " ".join(quote_words)
        sentence = [quote_words[0].capitalize(), *quote_words[1:]]
        sentence[-1] += "."
        paragraph = rng.choice(paragraphs)
        paragraph.insert(rng.randint(0, len(paragraph)), sentence)
        kind = rng.choice(KINDS)
        by = rng.choice(chosen).id if kind == "statement" or rng.random() < 0.3 else ""
        claims.append(
            Claim(
                id=f"{quote_words[0]}-{number + 1}",
                # The sentence starts capitalised: quote from its second word.
                quote=" ".join(quote_words[1:]),
                kind=kind,
                status=rng.choice(STATUSES),
                by=by,
                about=[e.id for e in rng.sample(chosen, rng.randint(0, 2))],
                tags=[t.slug for t in rng.sample(article_tags, rng.randint(1, len(article_tags)))],
                sources=[
                    s.id for s in rng.sample(article_sources, rng.randint(1, len(article_sources)))
                ],
                locator=f"para. {rng.randint(1, 12)}" if rng.random() < 0.3 else "",
            )
        )

    body = _render_body(blocks)
    for claim in claims:
        # Markup never falls inside a quote (it is a fresh run of plain words), so a
        # plain count is the matcher's count.
        if body.count(claim.quote) != 1:
            raise AssertionError(f"quote of {claim.id} in {slug} is not unique")
    return Article(
        slug=slug,
        title=" ".join(title_words).capitalize(),
        date=date,
        author=rng.choice(authors),
        section=rng.choice(SECTIONS),
        body=body,
        entities=[e.id for e in chosen],
        tags=[t.slug for t in article_tags],
        sources=[s.id for s in article_sources],
        claims=claims,
    )


def _render_body(blocks) -> str:
    out = []
    for kind, payload in blocks:
        if kind == "p":
            out.append(" ".join(" ".join(sentence) for sentence in payload))
        elif kind == "h":
            out.append(f"## {payload}")
        elif kind == "ul":
            out.append("\n".join(f"- {item}" for item in payload))
        elif kind == "ol":
            out.append("\n".join(f"{n}. {item}" for n, item in enumerate(payload, start=1)))
        elif kind == "quote":
            out.append(f"> {payload}")
        elif kind == "table":
            header = "| Item | Value | Note |\n|---|---|---|"
            out.append(header + "".join(f"\n| {' | '.join(row)} |" for row in payload))
    return "\n\n".join(out) + "\n"


# --- writers -------------------------------------------------------------------------


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def write_briefgen(corpus: Corpus, out: Path) -> None:
    root = _fresh(out)
    # No search index: the other tools write none (bench/search_cost.py measures
    # what search adds to a build).
    (root / "briefgen.yaml").write_text(
        "title: Benchmark briefings\nauthor: Benchmark desk\nsearch: false\n", encoding="utf-8"
    )
    for folder in ("articles", "entities", "sources", "tags"):
        (root / "content" / folder).mkdir(parents=True)
    tags = corpus._tags
    for article in corpus.articles:
        lines = [
            "---",
            f"title: {_yaml_str(article.title)}",
            f"date: {article.date.isoformat()}",
            f"author: {_yaml_str(article.author)}",
            f"section: {article.section}",
            f"tags: [{', '.join(_yaml_str(tags[t].name) for t in article.tags)}]",
            f"entities: [{', '.join(article.entities)}]",
            "claims:",
        ]
        for claim in article.claims:
            lines += [
                f"  - id: {claim.id}",
                f"    quote: {_yaml_str(claim.quote)}",
                f"    kind: {claim.kind}",
                f"    status: {claim.status}",
            ]
            if claim.by:
                lines.append(f"    by: {claim.by}")
            if claim.about:
                lines.append(f"    about: [{', '.join(claim.about)}]")
            lines.append(f"    tags: [{', '.join(_yaml_str(tags[t].name) for t in claim.tags)}]")
            lines.append("    sources:")
            for n, source_id in enumerate(claim.sources):
                if n == 0 and claim.locator:
                    lines.append(
                        f"      - {{source: {source_id}, locator: {_yaml_str(claim.locator)}}}"
                    )
                else:
                    lines.append(f"      - {source_id}")
        lines.append("---")
        text = "\n".join(lines) + "\n" + article.body
        (root / "content" / "articles" / f"{article.stem}.md").write_text(text, encoding="utf-8")
    for entity in corpus.entities:
        lines = [
            "---",
            f"name: {_yaml_str(entity.name)}",
            f"type: {entity.type}",
        ]
        if entity.aliases:
            lines.append(f"aliases: [{', '.join(_yaml_str(a) for a in entity.aliases)}]")
        lines += [f"description: {_yaml_str(entity.description)}", "---", ""]
        (root / "content" / "entities" / f"{entity.id}.md").write_text(
            "\n".join(lines), encoding="utf-8"
        )
    for source in corpus.sources:
        text = (
            "---\n"
            f"title: {_yaml_str(source.title)}\n"
            f"publisher: {_yaml_str(source.publisher)}\n"
            f"url: {source.url}\n"
            f"date: {source.date.isoformat()}\n"
            f"kind: {source.kind}\n"
            "---\n"
        )
        (root / "content" / "sources" / f"{source.id}.md").write_text(text, encoding="utf-8")


# Hugo: entities, claim tags and sources are taxonomies, so Hugo renders a term page
# for each (our entity, tag and source pages) and a terms list per taxonomy (our
# /entities/, /tags/, /sources/). Templates do what our theme does per page type:
# article = header, body, claims, numbered sources, entity links; term = its name,
# description, the articles that carry it and their claims that concern it.
# Like our site, it writes a feed of the 20 newest articles, whole, for the site and
# for each entity and tag (source terms opt out in their front matter), a sitemap
# and robots.txt.
HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Benchmark briefings"
enableRobotsTXT = true
[outputs]
  home = ["html", "rss"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html", "rss"]
[services.rss]
  limit = 20
[taxonomies]
  entity = "entities"
  tag = "tags"
  source = "sources"
[markup.goldmark.renderer]
  unsafe = false
"""

# The templates are files beside this one, so they read as Hugo templates.
HUGO_LAYOUTS = Path(__file__).resolve().parent / "hugo_layouts"


def write_hugo(corpus: Corpus, out: Path) -> None:
    root = _fresh(out)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = root / "layouts"
    layouts.mkdir()
    for template in sorted([*HUGO_LAYOUTS.rglob("*.html"), *HUGO_LAYOUTS.rglob("*.xml")]):
        target = layouts / template.relative_to(HUGO_LAYOUTS)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, target)
    (root / "static").mkdir()
    (root / "static" / "style.css").write_text("body{font-family:serif}\n", encoding="utf-8")
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "_index.md").write_text('---\ntitle: "Archive"\n---\n', encoding="utf-8")
    for article in corpus.articles:
        meta = {
            "title": article.title,
            "date": article.date.isoformat(),
            "slug": article.slug,
            "author": article.author,
            "section": article.section,
            "entities": article.entities,
            "tags": article.tags,
            "sources": article.sources,
            "claims": [
                {
                    "id": c.id,
                    "quote": c.quote,
                    "kind": c.kind,
                    "status": c.status,
                    "by": c.by,
                    "about": c.about,
                    "tags": c.tags,
                    "sources": c.sources,
                }
                for c in article.claims
            ],
        }
        # JSON front matter: Hugo reads it natively and it needs no YAML writer here.
        text = json.dumps(meta, ensure_ascii=False, indent=1) + "\n\n" + article.body
        (articles / f"{article.stem}.md").write_text(text, encoding="utf-8")
        _write_hugo_claims(corpus, article, root / "content" / "claims")
    for taxonomy, terms in (
        ("entities", [(e.id, e.name, e.description) for e in corpus.entities]),
        ("tags", [(t.slug, t.name, "") for t in corpus.tags]),
        ("sources", [(s.id, s.title, "") for s in corpus.sources]),
    ):
        folder = root / "content" / taxonomy
        folder.mkdir(parents=True)
        (folder / "_index.md").write_text(
            json.dumps({"title": taxonomy.capitalize()}) + "\n", encoding="utf-8"
        )
        publisher = {s.id: s.publisher for s in corpus.sources}
        for term, title, description in terms:
            meta = {"title": title, "description": description}
            if taxonomy == "sources":
                meta["publisher"] = publisher[term]
                meta["outputs"] = ["html"]  # our source pages have no feed
            (folder / term).mkdir()
            (folder / term / "_index.md").write_text(
                json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8"
            )


def _write_hugo_claims(corpus: Corpus, article: Article, folder: Path) -> None:
    """A page per claim at /claims/<article>/<claim>/, as our site has (DESIGN §5):
    its quote, kind and status, who said it and whom it is about, its tags, the
    article it is from and its sources. Names and titles are given in the front
    matter so that Hugo does no lookups a hand-written site would not need."""
    if not (folder / "_index.md").exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text('{"title": "Claims"}\n', encoding="utf-8")
    for claim in article.claims:
        meta = {
            "title": claim.quote[:60],
            "date": article.date.isoformat(),
            "id": claim.id,
            "quote": claim.quote,
            "kind": claim.kind,
            "status": claim.status,
            "by": {"id": claim.by, "name": corpus.entity(claim.by).name} if claim.by else None,
            "about": [{"id": e, "name": corpus.entity(e).name} for e in claim.about],
            "claim_tags": [{"slug": t, "name": corpus._tags[t].name} for t in claim.tags],
            "claim_sources": [
                {
                    "id": s,
                    "title": corpus._sources[s].title,
                    "publisher": corpus._sources[s].publisher,
                }
                for s in claim.sources
            ],
            "article": {"title": article.title, "url": f"/articles/{article.slug}/"},
            "url": f"/claims/{article.slug}/{claim.id}/",
            "outputs": ["html"],
        }
        path = folder / article.slug / f"{claim.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")


def _appendix(corpus: Corpus, article: Article, link) -> str:
    """Claims and sources as Markdown, for generators without structured annotations."""
    lines = ["", "## Claims", ""]
    for claim in article.claims:
        by = (
            f" said by [{corpus.entity(claim.by).name}]({link('entities', claim.by)})"
            if claim.by
            else ""
        )
        lines.append(f"- “{claim.quote}” ({claim.kind}, {claim.status}){by}")
    lines += ["", "## Sources", ""]
    for n, source_id in enumerate(article.sources, start=1):
        source = corpus._sources[source_id]
        lines.append(f"{n}. [{source.title}]({link('sources', source_id)}), {source.publisher}")
    lines += ["", "## Who and what", ""]
    for entity_id in article.entities:
        lines.append(f"- [{corpus.entity(entity_id).name}]({link('entities', entity_id)})")
    return "\n".join(lines) + "\n"


PELICAN_CONFIG = """\
AUTHOR = "Benchmark desk"
SITENAME = "Benchmark briefings"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
LOAD_CONTENT_CACHE = False
"""


def write_pelican(corpus: Corpus, out: Path) -> None:
    """Entities, claim tags and sources all become Pelican tags, so each gets a tag page."""
    root = _fresh(out)
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    content = root / "content"
    content.mkdir()
    tag_names = corpus._tags

    def link(kind: str, ident: str) -> str:
        return f"{{tag}}{ident}"

    for article in corpus.articles:
        tags = [tag_names[t].name for t in article.tags] + article.entities + article.sources
        header = (
            f"Title: {article.title}\n"
            f"Date: {article.date.isoformat()}\n"
            f"Slug: {article.slug}\n"
            f"Category: {article.section}\n"
            f"Authors: {article.author}\n"
            f"Tags: {', '.join(tags)}\n\n"
        )
        text = header + article.body + _appendix(corpus, article, link)
        (content / f"{article.stem}.md").write_text(text, encoding="utf-8")


def write_mkdocs(corpus: Corpus, out: Path) -> None:
    """One page per article, entity, tag and source, linked both ways like our site.
    The navigation lists only the index pages: a navigation of every page would make
    each page's size grow with the archive, which no archive of thousands would use."""
    root = _fresh(out)
    (root / "mkdocs.yml").write_text(
        "site_name: Benchmark briefings\n"
        "docs_dir: docs\n"
        "plugins: []\n"
        "nav:\n"
        "  - Home: index.md\n"
        "  - Entities: entities/index.md\n"
        "  - Tags: tags/index.md\n"
        "  - Sources: sources/index.md\n",
        encoding="utf-8",
    )
    docs = root / "docs"
    for folder in ("articles", "entities", "tags", "sources"):
        (docs / folder).mkdir(parents=True)

    def link(kind: str, ident: str) -> str:
        return f"../{kind}/{ident}.md"

    by_entity: dict[str, list[Article]] = {}
    by_tag: dict[str, list[Article]] = {}
    by_source: dict[str, list[Article]] = {}
    for article in corpus.articles:
        for e in article.entities:
            by_entity.setdefault(e, []).append(article)
        for t in article.tags:
            by_tag.setdefault(t, []).append(article)
        for s in article.sources:
            by_source.setdefault(s, []).append(article)
        text = (
            f"# {article.title}\n\n*{article.date.isoformat()} · {article.author}*\n\n"
            + article.body
            + _appendix(corpus, article, link)
        )
        (docs / "articles" / f"{article.slug}.md").write_text(text, encoding="utf-8")

    def term_page(title: str, description: str, articles: list[Article]) -> str:
        lines = [f"# {title}", "", description, ""]
        lines += [f"- [{a.title}](../articles/{a.slug}.md) {a.date.isoformat()}" for a in articles]
        return "\n".join(lines) + "\n"

    for entity in corpus.entities:
        (docs / "entities" / f"{entity.id}.md").write_text(
            term_page(entity.name, entity.description, by_entity.get(entity.id, [])),
            encoding="utf-8",
        )
    for tag in corpus.tags:
        (docs / "tags" / f"{tag.slug}.md").write_text(
            term_page(tag.name, "", by_tag.get(tag.slug, [])), encoding="utf-8"
        )
    for source in corpus.sources:
        (docs / "sources" / f"{source.id}.md").write_text(
            term_page(source.title, source.publisher, by_source.get(source.id, [])),
            encoding="utf-8",
        )
    for folder, items in (
        ("entities", [(e.id, e.name) for e in corpus.entities]),
        ("tags", [(t.slug, t.name) for t in corpus.tags]),
        ("sources", [(s.id, s.title) for s in corpus.sources]),
    ):
        lines = [f"# {folder.capitalize()}", ""] + [
            f"- [{name}]({ident}.md)" for ident, name in items
        ]
        (docs / folder / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    latest = sorted(corpus.articles, key=lambda a: a.date, reverse=True)[:10]
    lines = ["# Benchmark briefings", ""] + [f"- [{a.title}](articles/{a.slug}.md)" for a in latest]
    (docs / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the plain-Markdown method ------------------------------------------------------


def plain_posts(count: int, seed: int = 1) -> list[tuple[str, str]]:
    """(title, body) of `count` plain posts: a title and a few paragraphs each, as in
    the published Markdown build benchmark."""
    rng = random.Random(seed)
    vocabulary = _unique_words(rng, 2000, lambda: _word(rng, BODY_CONSONANTS, rng.randint(1, 3)))
    writer = _Writer(rng, vocabulary)
    posts = []
    for _ in range(count):
        title = writer.phrase(3, 6).capitalize()
        paragraphs = [
            " ".join(" ".join(writer.sentence()) for _ in range(rng.randint(3, 5)))
            for _ in range(rng.randint(3, 5))
        ]
        posts.append((title, "# " + title + "\n\n" + "\n\n".join(paragraphs) + "\n"))
    return posts


def write_plain(count: int, out: Path, tool: str, seed: int = 1) -> None:
    root = _fresh(out)
    posts = plain_posts(count, seed)
    if tool == "briefgen":
        (root / "briefgen.yaml").write_text("title: Plain posts\n", encoding="utf-8")
        folder = root / "content" / "articles"
        folder.mkdir(parents=True)
        for n, (title, body) in enumerate(posts):
            date = FIRST_DATE + dt.timedelta(days=n % SPAN_DAYS)
            text = f"---\ntitle: {_yaml_str(title)}\ndate: {date.isoformat()}\n---\n{body}"
            (folder / f"post-{n}.md").write_text(text, encoding="utf-8")
    else:
        (root / "hugo.toml").write_text(
            'baseURL = "https://example.org/"\ntitle = "Plain posts"\n'
            'disableKinds = ["RSS", "sitemap", "robotsTXT", "taxonomy", "term"]\n',
            encoding="utf-8",
        )
        (root / "layouts").mkdir()
        (root / "layouts" / "page.html").write_text(
            "<!doctype html><title>{{ .Title }}</title>{{ .Content }}\n", encoding="utf-8"
        )
        (root / "layouts" / "home.html").write_text(
            "<!doctype html><title>{{ site.Title }}</title>\n", encoding="utf-8"
        )
        (root / "layouts" / "section.html").write_text(
            "<!doctype html><title>{{ .Title }}</title>\n", encoding="utf-8"
        )
        folder = root / "content" / "posts"
        folder.mkdir(parents=True)
        for n, (title, body) in enumerate(posts):
            text = f"---\ntitle: {_yaml_str(title)}\ndate: 2020-01-01\n---\n{body}"
            (folder / f"post-{n}.md").write_text(text, encoding="utf-8")


WRITERS = {
    "briefgen": write_briefgen,
    "hugo": write_hugo,
    "pelican": write_pelican,
    "mkdocs": write_mkdocs,
}


def write(corpus: Corpus, out: Path, formats: list[str]) -> None:
    for name in formats:
        WRITERS[name](corpus, out / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, metavar="N")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--format",
        default="all",
        choices=[*FORMATS, "all", *PLAIN_FORMATS],
        help="which site to write; 'all' writes each under DIR/<format>/ "
        "(a single format is also written under DIR/<format>/)",
    )
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if args.format in PLAIN_FORMATS:
        tool = args.format.split("-", 1)[1]
        write_plain(args.articles, args.out / args.format, tool, args.seed)
        return 0
    corpus = generate(args.articles, args.seed)
    write(corpus, args.out, list(FORMATS) if args.format == "all" else [args.format])
    return 0


if __name__ == "__main__":
    sys.exit(main())
