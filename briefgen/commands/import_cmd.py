"""`briefgen import FILE|URL|-`: a scraped page becomes a new article file.

The page (HTML, or text as a scraper saved it) loses its chrome (breadcrumbs,
"Last update", "N Views", "Share", the repeated title, the "Author:" line); its
paragraphs are kept verbatim and in order, and its headings become `##` headings.
Each line left out is reported as `PAGE:LINE:COL: note: dropped page chrome: '...'`.
Apostrophes and dashes a text scrape lost are restored, each repair reported as
`PATH:LINE:COL: note: 'Ukraines' -> 'Ukraine’s'` (`--no-repair` turns that off);
an HTML page keeps its own punctuation and is never repaired.
The file gets title, date, author, section, the page as a source, the archive's
entities its body names, and, as comments, the names it repeats that no entity has.
An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from briefgen.commands.report import usage_error
from briefgen.diagnostics import Diagnostics
from briefgen.importer import FETCH_TIMEOUT


def add_parser(commands, parents) -> None:
    parser = commands.add_parser(
        "import",
        parents=parents,
        help="turn a scraped page (HTML or text) into a new article",
        description=__doc__,
    )
    parser.add_argument("page", metavar="FILE|URL|-", help="the page: a file, a URL, or - (stdin)")
    parser.add_argument("--title", help="the article's title (default: the page's)")
    parser.add_argument("--slug", help="the article's slug (default: made from the title)")
    parser.add_argument("--date", help="YYYY-MM-DD (default: the page's date, else today)")
    parser.add_argument("--author", help="the author (default: the page's)")
    parser.add_argument(
        "--no-repair",
        dest="repair",
        action="store_false",
        help="keep the text as scraped: restore no apostrophe or dash "
        "(an HTML page is never repaired)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=FETCH_TIMEOUT,
        metavar="SECONDS",
        help=f"give up fetching a URL after this long (default: {FETCH_TIMEOUT:g})",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    # Imported here: the command line loads every command to parse its arguments.
    from briefgen.importer.extract import ImportInputError, page_from, read_input
    from briefgen.importer.frontmatter import (
        PageSource,
        article_text,
        compose_body,
        entities_named,
        new_names,
    )
    from briefgen.importer.repair import Repairer
    from briefgen.load import load_archive_files
    from briefgen.new_content import article_slug
    from briefgen.validate import ID_RE, validate

    root: Path = args.root
    if not (root / "content").is_dir():
        return usage_error(
            f"no content/ folder in '{root}'; run briefgen import in an archive's root, "
            "pass --root DIR, or create one with 'briefgen init DIR'"
        )
    if args.date:
        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            return usage_error(f"--date '{args.date}' is not a date written YYYY-MM-DD")
    if args.slug and not ID_RE.match(args.slug):
        return usage_error(f"--slug '{args.slug}' is not a valid id (e.g. talks-in-moscow)")
    if args.timeout <= 0:
        return usage_error(f"--timeout must be more than 0 seconds, not {args.timeout:g}")
    try:
        fetched = read_input(args.page, args.timeout)
        page = page_from(fetched, args.page)
    except ImportInputError as exc:
        print(f"briefgen: error: {exc}", file=sys.stderr)
        return 2 if exc.usage else 1
    page.title = args.title or page.title
    if not page.title or not page.blocks:
        _report_dropped(page, args.page)
        print(
            f"briefgen: error: no article found in '{args.page}' "
            + (
                "(no title: give --title)"
                if not page.title
                else "(no paragraphs left after cleaning)"
            ),
            file=sys.stderr,
        )
        return 1
    date = args.date or page.date or dt.date.today().isoformat()
    slug = args.slug or article_slug(page.title)
    if not ID_RE.match(slug):
        return usage_error(f"cannot make a slug from '{page.title}'; pass --slug")
    rel = f"content/articles/{date}-{slug}.md"
    path = root / rel
    if path.exists():
        return usage_error(f"{rel} already exists; not overwriting it (give --slug or --date)")

    # The archive's entities and sources, as validated: an entity named in the body
    # is listed, and the page's source gets an id no other source has.
    diags = Diagnostics()
    validated = validate(load_archive_files(root, diags), diags)
    entities = validated.entities
    plain = compose_body(page, None)
    repairer = None
    if args.repair and not page.from_html:
        known = [name for e in entities for name in [e.name, *e.aliases]]
        repairer = Repairer(known, "\n".join(plain.lines))
    body = compose_body(page, repairer)
    body_text = "\n".join(body.lines) + "\n"
    source = PageSource(
        id=_unique(f"{slug}-page", {s.id for s in validated.sources}),
        title=page.title,
        url=page.url,
        author=page.author,
        publisher=page.publisher,
        date=page.date,
        accessed=dt.date.today().isoformat() if page.url else "",
    )
    text, body_line = article_text(
        page,
        date,
        args.author or page.author,
        source,
        entities_named(body_text, entities),
        new_names(body_text, entities),
        body,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:  # never overwrite
            stream.write(text)
    except FileExistsError:
        return usage_error(f"{rel} already exists; not overwriting it (give --slug or --date)")
    _report_dropped(page, args.page)
    for repair in body.repairs:
        print(
            f"{rel}:{body_line + repair.line}:{repair.col + 1}: note: "
            f"'{repair.old}' -> '{repair.new}'",
            file=sys.stderr,
        )
    paragraphs = sum(1 for b in page.blocks if not b.heading)
    headings = len(page.blocks) - paragraphs
    print(
        f"imported '{page.title}': {paragraphs} paragraph{'s' * (paragraphs != 1)}, "
        f"{headings} heading{'s' * (headings != 1)}, {len(body.repairs)} "
        f"repair{'s' * (len(body.repairs) != 1)}"
        + (" (an HTML page keeps its punctuation)" if page.from_html else "")
        + ("" if args.repair or page.from_html else " (--no-repair)")
        + ("" if args.date or page.date else f"; the page gives no date, so it is dated {date}"),
        file=sys.stderr,
    )
    print(path)
    return 0


def _report_dropped(page, where: str) -> None:
    """Each line the cleaner left out, in the page's own lines: nothing vanishes unseen."""
    for dropped in page.dropped:
        print(
            f"{where}:{dropped.line}:{dropped.col}: note: dropped page chrome: '{dropped.text}'",
            file=sys.stderr,
        )


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, number = wanted, 2
    while candidate in taken:
        candidate, number = f"{wanted}-{number}", number + 1
    return candidate
