"""`briefgen new article|entity|source`: a new, valid content file from a template.

The template fills in what was given and shows every other field of the format as a
commented line with an example (made from briefgen.schema, so it never falls behind
the format): remove the '# ' of a line to use the field."""

from __future__ import annotations

import datetime as dt

from briefgen.commands.report import usage_error
from briefgen.schema import ARTICLE, ENTITY, ENTITY_TYPES, SOURCE, SOURCE_KINDS, template_lines


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


def _file_text(record, filled: dict[str, str], body: str) -> str:
    lines = template_lines(record, filled)
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def run(args) -> int:
    # Imported here: the command line loads every command to parse its arguments.
    from briefgen.new_content import article_slug, yaml_string
    from briefgen.validate import ID_RE, slugify

    root = args.root
    if args.kind == "article":
        date = args.date or dt.date.today().isoformat()
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            return usage_error(f"--date '{date}' is not a date written YYYY-MM-DD")
        slug = args.slug or article_slug(args.title)
        if not ID_RE.match(slug):
            return usage_error(f"cannot make a slug from '{args.title}'; pass --slug")
        path = root / "content" / "articles" / f"{date}-{slug}.md"
        filled = {"title": yaml_string(args.title), "date": date}
        if args.author:
            filled["author"] = yaml_string(args.author)
        if args.slug:
            filled["slug"] = slug
        text = _file_text(ARTICLE, filled, "\nWrite the briefing here.\n")
    elif args.kind == "entity":
        if not ID_RE.match(args.id):
            return usage_error(f"'{args.id}' is not a valid id; try '{slugify(args.id)}'")
        name = args.name or args.id.replace("-", " ").title()
        path = root / "content" / "entities" / f"{args.id}.md"
        text = _file_text(ENTITY, {"name": yaml_string(name), "type": args.type}, "")
    else:
        if not ID_RE.match(args.id):
            return usage_error(f"'{args.id}' is not a valid id; try '{slugify(args.id)}'")
        title = args.title or args.id.replace("-", " ").capitalize()
        path = root / "content" / "sources" / f"{args.id}.md"
        filled = {"title": yaml_string(title), "kind": args.kind}
        if args.url:
            filled["url"] = yaml_string(args.url)
        text = _file_text(SOURCE, filled, "")
    if path.exists():
        # Asking for a file that is already there is a usage error, like `init` into a
        # folder that is not empty: nothing in the archive is wrong.
        return usage_error(f"{path} already exists; not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(path)
    return 0
