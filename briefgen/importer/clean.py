"""Scraped text to a Page: the page's chrome left behind, the article kept verbatim.

A scrape such as `briefgen import` is given holds, around the article, what the web
page showed around it: breadcrumbs, "Last update", "3 min read", "329 Views",
"Share", the title again above the body and an "Author:" line. Every other line is
the article's, and is kept as it was, in order; a line standing alone that reads as
a title ("Background and Context") becomes a `##` heading.

Only what is plainly furniture goes: a date line is a date and nothing more
(perhaps labelled, "Published: December 2, 2025"), and a sentence (ending in '.',
'!' or '?') is never chrome, however short. Each line left out is listed in
`Page.dropped`, for `import` to report.
"""

from __future__ import annotations

import datetime as dt
import re

from briefgen.importer.page import Block, Dropped, Page

# A list item or bullet at the start of a line: "  1. HOME", "  • 3 min read".
_ITEM_RE = re.compile(r"^\s*(?:\d+[.)]|[•·*\-–|>])\s+")
_CHROME_RE = re.compile(
    r"(?:last\s+)?(?:updated?|published|posted|modified)(?:\s+on)?:?\s.*"
    r"|\d+\s*(?:min(?:ute)?s?|hours?)\s+(?:read|listen)"
    r"|[\d.,]+\s*[km]?\s+(?:views?|reads?|comments?|shares?|likes?)"
    r"|share(?:\s+(?:this|on|via)(?:\s+\w+){0,2})?"
    r"|subscribe(?:\s.*)?|sign\s+up(?:\s.*)?|follow\s+us(?:\s.*)?"
    r"|print|email|e-mail|tweet|advertisement|read\s+more|comments?"
    r"|related(?:\s+(?:articles?|posts?|stories|news))?|home|menu|skip\s+to\s+content",
    re.IGNORECASE,
)
# "Author: Jackson Miller", "By Jackson Miller", "Written by ..."
_AUTHOR_RE = re.compile(
    r"(?:author|written\s+by|by)\s*:?\s+(?P<name>[^\W\d_][\w.'’\- ]{1,60})", re.IGNORECASE
)
_MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_WORD_RE = re.compile(r"\S+")
_SENTENCE_END = (".", "!", "?", ":", ";", ",", "…")


_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_RES = (
    re.compile(r"(?P<year>\d{4})-(?P<mm>\d{2})-(?P<day>\d{2})"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),
)


# What may stand around the date on a date line: a label, a weekday, a time.
_DATE_LABEL = r"(?:(?:last\s+)?(?:updated?|published|posted|modified|date)(?:\s+on)?\s*:?\s*)?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = (
    r"(?:\s*(?:,|at|-|–|\|)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:[a-z]{2,4}|utc[+-]?\d{0,2}))?)?"
)
_DATE_LINE_RES = tuple(
    re.compile(_DATE_LABEL + _WEEKDAY + pattern.pattern + _TIME, re.IGNORECASE)
    for pattern in _DATE_RES
)


def date_line(text: str) -> str:
    """The date of a line that is a date and nothing more ('December 2, 2025',
    'Published: 2 Dec 2025', 'Last update: Tuesday, 2025-12-02 10:30 GMT') as
    YYYY-MM-DD, or ''. A sentence that mentions a date ('Talks collapsed on
    December 2, 2025.') gives '', as do relative dates ('33 minutes ago')."""
    for pattern in _DATE_LINE_RES:
        match = pattern.fullmatch(text.strip())
        if not match:
            continue
        month = int(match["mm"]) if "mm" in match.groupdict() else None
        if month is None:
            month = _MONTHS.get(match["month"].lower())
        try:
            return dt.date(int(match["year"]), month or 0, int(match["day"])).isoformat()
        except ValueError:
            continue
    return ""


def is_sentence(text: str) -> bool:
    """Text ending as a sentence ends ('.', '!', '?', perhaps inside a closing quote
    or bracket): the article's words, never the page's chrome, however short."""
    return text.rstrip().rstrip("\"”’')]").endswith((".", "!", "?", "…"))


def _plain(line: str) -> str:
    """A line without a leading list marker or bullet, and without outer space."""
    return _ITEM_RE.sub("", line).strip()


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def is_chrome(line: str) -> bool:
    """A line that is the page's furniture, not the article's: short, and one of the
    labels pages put around an article."""
    text = _plain(line)
    if is_sentence(text):
        return False
    return len(_words(text)) <= 8 and _CHROME_RE.fullmatch(text) is not None


def author_of(line: str) -> str:
    """The name an author line gives ('Author: Jackson Miller'), or ''."""
    text = _plain(line)
    match = _AUTHOR_RE.fullmatch(text)
    if not match or len(_words(match["name"])) > 5:
        return ""
    name = match["name"].strip()
    # "By the end of the year" is prose: a name's words are capitalised.
    if not all(word[:1].isupper() for word in _words(name)):
        return ""
    return name


def is_prose(line: str) -> bool:
    """A line of the article's running text rather than a label: a sentence."""
    words = _words(line)
    return len(words) >= 10 or (len(words) >= 5 and line.rstrip().endswith((".", "!", "?", "”")))


def reads_as_heading(line: str) -> bool:
    """A short line in title case, not a sentence: 'Next Steps for the U.S.'.
    Words in lower case (and, for, the) may stand between capitalised ones."""
    text = line.strip()
    words = _words(text)
    if not words or len(words) > 12 or not text[:1].isupper():
        return False
    last = words[-1]
    # A final full stop belongs to an abbreviation (U.S.), never ends a sentence.
    if text.endswith(_SENTENCE_END) and not (text.endswith(".") and "." in last[:-1]):
        return False
    lower = [w for w in words if w[:1].islower()]
    return all(len(w) <= 4 for w in lower) and len(lower) < len(words)


def _groups(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line with its 1-based number; each list item or
    bullet is a run of its own."""
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if current:
                groups.append(current)
            current = []
        elif _ITEM_RE.match(line):
            if current:
                groups.append(current)
            groups.append([(number, line.rstrip())])
            current = []
        else:
            current.append((number, line.rstrip()))
    if current:
        groups.append(current)
    return groups


def _dropped(group: list[tuple[int, str]]) -> list[Dropped]:
    return [
        Dropped(number, len(line) - len(line.lstrip()) + 1, line.strip()) for number, line in group
    ]


def _same(a: str, b: str) -> bool:
    return " ".join(_words(a)).casefold() == " ".join(_words(b)).casefold()


def clean_text(text: str, markdown: bool = False, title: str = "") -> Page:
    """A Page from scraped text. `markdown`: the text is Markdown already (as
    extracted from HTML), so `#` lines are headings and nothing is escaped. `title`:
    the page's title when known from elsewhere (its metadata)."""
    from briefgen.importer.markdown import escape_markdown

    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    numbered_groups = _groups(text.split("\n"))
    page = Page(title=title)
    if not page.title and numbered_groups:
        # A scrape starts with the page's title; extracted Markdown may start with
        # the article's first paragraph, which is never taken for a title.
        first_line = numbered_groups[0][0][1]
        heading = _MARKDOWN_HEADING_RE.match(first_line) if markdown else None
        if heading or not markdown:
            first = [part for _, part in numbered_groups.pop(0)]
            page.title = heading["text"] if heading else _plain(" ".join(first))
    # Before the first sentence of the article, only the page's header stands:
    # breadcrumbs, labels, the date line and the title again.
    started = False
    crumbs: list[str] = []
    for numbered in numbered_groups:
        group = [part for _, part in numbered]
        line = " ".join(part.strip() for part in group)
        heading = _MARKDOWN_HEADING_RE.match(group[0]) if markdown and len(group) == 1 else None
        plain = heading["text"] if heading else _plain(line)
        # A date line in the page's header, or a labelled one ("Published: ...")
        # anywhere; the first dates the article.
        if (not started or is_chrome(line)) and (date := date_line(plain)):
            page.date = page.date or date
            page.dropped.extend(_dropped(numbered))
            continue
        if _same(plain, page.title) or is_chrome(line):
            page.dropped.extend(_dropped(numbered))
            continue
        if len(group) == 1 and (name := author_of(line)):
            page.author = page.author or name
            page.dropped.extend(_dropped(numbered))
            continue
        if not started and not is_prose(line) and not is_sentence(plain):
            if _ITEM_RE.match(group[0]) or len(_words(plain)) <= 6:
                crumbs.append(plain)
                page.dropped.extend(_dropped(numbered))
                continue
        started = True
        if heading or (len(group) == 1 and reads_as_heading(line)):
            page.blocks.append(Block(plain, heading=True))
        elif markdown:
            page.blocks.append(Block("\n".join(group)))
        else:
            page.blocks.append(Block("\n".join(escape_markdown(part.strip()) for part in group)))
    page.section = _section(crumbs)
    return page


def _section(crumbs: list[str]) -> str:
    """The section a breadcrumb trail names: its last item that is neither 'Home' nor
    a date, written with capitals as a name ('POLITICS' -> 'Politics')."""
    for crumb in reversed(crumbs):
        if crumb.casefold() in ("home", "start", "index") or re.search(r"\d", crumb):
            continue
        if len(_words(crumb)) > 3:
            continue
        return crumb.title() if crumb.isupper() else crumb
    return ""
