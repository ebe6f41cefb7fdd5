"""`briefgen new article|entity|source`: a new, valid content file from a template."""

from __future__ import annotations

import datetime as dt

from briefgen.commands.report import usage_error
from briefgen.model import ENTITY_TYPES, SOURCE_KINDS
from briefgen.validate import ID_RE, slugify


def add_parser(commands, parents) -> None:
    parser = commands.add_parser(
        "new", parents=parents, help="create a content file from a template", description=__doc__
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    article = kinds.add_parser("article", parents=parents, help="a new briefing")
    article.add_argument("title", help="the article's title")
    article.add_argument("--slug", help="default: made from the title")
    article.add_argument("--date", help="YYYY-MM-DD (default: today)")
    article.add_argument("--author", default="")
    entity = kinds.add_parser("entity", parents=parents, help="a new entity")
    entity.add_argument("id", help="the entity's id, e.g. vladimir-putin")
    entity.add_argument("--name", help="display name (default: from the id)")
    entity.add_argument("--type", choices=ENTITY_TYPES, default="person")
    source = kinds.add_parser("source", parents=parents, help="a new shared source")
    source.add_argument("id", help="the source's id, e.g. reuters-2025-12-03")
    source.add_argument("--title", help="default: from the id")
    source.add_argument("--url", default="")
    source.add_argument("--kind", choices=SOURCE_KINDS, default="news")
    parser.set_defaults(run=run)


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def run(args) -> int:
    root = args.root
    if args.kind == "article":
        date = args.date or dt.date.today().isoformat()
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            return usage_error(f"--date '{date}' is not a date written YYYY-MM-DD")
        slug = args.slug or slugify(args.title)
        if not ID_RE.match(slug):
            return usage_error(f"cannot make a slug from '{args.title}'; pass --slug")
        path = root / "content" / "articles" / f"{date}-{slug}.md"
        author = f"author: {_yaml_string(args.author)}\n" if args.author else ""
        text = (
            f"---\ntitle: {_yaml_string(args.title)}\ndate: {date}\n{author}"
            "tags: []\nentities: []\nclaims: []\n"
            '# claims:\n#   - id: my-claim\n#     quote: "exact words of the body"\n'
            "#     kind: fact\n#     status: unverified\n---\n\nWrite the briefing here.\n"
        )
    elif args.kind == "entity":
        if not ID_RE.match(args.id):
            return usage_error(f"'{args.id}' is not a valid id; try '{slugify(args.id)}'")
        name = args.name or args.id.replace("-", " ").title()
        path = root / "content" / "entities" / f"{args.id}.md"
        text = (
            f"---\nname: {_yaml_string(name)}\ntype: {args.type}\naliases: []\n"
            'description: ""\n---\n'
        )
    else:
        if not ID_RE.match(args.id):
            return usage_error(f"'{args.id}' is not a valid id; try '{slugify(args.id)}'")
        title = args.title or args.id.replace("-", " ").capitalize()
        path = root / "content" / "sources" / f"{args.id}.md"
        url = f"url: {_yaml_string(args.url)}\n" if args.url else ""
        text = f"---\ntitle: {_yaml_string(title)}\n{url}kind: {args.kind}\n---\n"
    if path.exists():
        # Asking for a file that is already there is a usage error, like `init` into a
        # folder that is not empty: nothing in the archive is wrong.
        return usage_error(f"{path} already exists; not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(path)
    return 0
