"""The imported article's file: front-matter (title, date, author, section, the page
as a source, the entities its body names) and the body, repaired."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from briefgen.importer.page import Page
from briefgen.importer.repair import Repair, Repairer, zipf
from briefgen.mentions import body_blocks, find_names
from briefgen.model import Entity
from briefgen.new_content import yaml_string
from briefgen.quotes import fold
from briefgen.render import abbreviation_ends, make_markdown

# Capitalised words, one after another: "Marco Rubio", "U.S.", "Trump Administration".
# A word ending in a full stop ("U.S.", "Putin.") ends the run: it may end a sentence.
_NAME_RUN_RE = re.compile(r"[A-Z][\w.’'\-]*\w(?:\s[A-Z][\w.’'\-]*\w)*\.?")
# A title or adjective before a name ("President", "Russian") is a common word;
# the name's own words mostly are not. wordfreq's Zipf scale, as in repair.py.
TITLE_ZIPF = 4.5


@dataclass
class Body:
    lines: list[str]
    repairs: list[Repair] = field(default_factory=list)


def compose_body(page: Page, repairer: Repairer | None) -> Body:
    """The body's Markdown lines, repaired unless `repairer` is None."""
    body = Body([])
    for block in page.blocks:
        if body.lines:
            body.lines.append("")
        prefix = "## " if block.heading else ""
        for part in block.text.split("\n"):
            line = prefix + part
            prefix = ""
            if repairer:
                line, repairs = repairer.repair_line(line, len(body.lines))
                body.repairs.extend(repairs)
            body.lines.append(line)
    return body


def entities_named(body_text: str, entities: list[Entity]) -> list[str]:
    """Ids of the entities whose name or alias the body contains, in the order of
    their first mention, as the article page would find them."""
    blocks = body_blocks(make_markdown(), body_text, 1)
    seen: dict[str, None] = {}
    for found in find_names(blocks, entities):
        seen.setdefault(found.entity_id, None)
    return list(seen)


def _sentence_starts(text: str) -> set[int]:
    """Offsets where a sentence of `text` starts (after a full stop that does not end
    an abbreviation such as "Dr.")."""
    starts = {0}
    for match in re.finditer(r"[.!?][\"”’)]?\s+", text):
        if not abbreviation_ends(text, match.start() + 1):
            starts.add(match.end())
    return starts


def new_names(body_text: str, entities: list[Entity], least: int = 2) -> list[tuple[str, int]]:
    """Capitalised names the body repeats (at least `least` times) that no entity has,
    most frequent first. A capitalised word opening a sentence counts only when the
    body also capitalises it elsewhere (so "The" and "However" are not names), and a
    name's last word alone ("Witkoff" after "Steve Witkoff") counts as the name."""
    known = {fold(name).casefold() for e in entities for name in [e.name, *e.aliases]}
    blocks = [b for b in body_blocks(make_markdown(), body_text, 1) if not b.heading]
    runs: list[list[str]] = []
    mid_sentence: set[str] = set()
    for block in blocks:
        text = block.display
        starts = _sentence_starts(text)
        for match in _NAME_RUN_RE.finditer(text):
            words = [w.rstrip(".") if w.count(".") == 1 else w for w in match.group(0).split()]
            words = [re.sub(r"[’']s$", "", w) for w in words]
            while len(words) > 2 and zipf(words[0].lower()) >= TITLE_ZIPF:
                words = words[1:]
            runs.append(words if match.start() not in starts else ["\0", *words])
            mid_sentence.update(words[1:] if match.start() in starts else words)
    counts: Counter[str] = Counter()
    for words in runs:
        if words[0] == "\0":
            words = words[1:] if words[1] in mid_sentence else words[2:]
        if words:
            counts[" ".join(words)] += 1
    # "Witkoff" alone is the "Steve Witkoff" of another sentence.
    for name in list(counts):
        parts = name.split()
        if 2 <= len(parts) <= 3 and parts[-1] in counts:
            counts[name] += counts.pop(parts[-1])
    suggestions = []
    for name, count in counts.items():
        if count < least:
            continue
        folded = fold(name).casefold()
        if any(re.search(r"(?<!\w)" + re.escape(k) + r"(?!\w)", folded) for k in known if k):
            continue
        suggestions.append((name, count))
    return sorted(suggestions, key=lambda item: (-item[1], item[0]))


@dataclass
class PageSource:
    id: str
    title: str
    url: str = ""
    author: str = ""
    publisher: str = ""
    date: str = ""
    accessed: str = ""


def article_text(
    page: Page,
    date: str,
    author: str,
    source: PageSource,
    entity_ids: list[str],
    suggestions: list[tuple[str, int]],
    body: Body,
) -> tuple[str, int]:
    """The file's text, and the line of the file where the body starts."""
    lines = ["---", f"title: {yaml_string(page.title)}", f"date: {date}"]
    if author:
        lines.append(f"author: {yaml_string(author)}")
    if page.section:
        lines.append(f"section: {yaml_string(page.section)}")
    lines.append("entities:" if entity_ids else "entities: []")
    lines.extend(f"  - {entity_id}" for entity_id in entity_ids)
    lines.extend(f"# new entity? {name} ({count} mentions)" for name, count in suggestions)
    lines.append("claims: []")
    lines.append("sources:")
    lines.append(f"  - id: {source.id}")
    lines.append(f"    title: {yaml_string(source.title)}")
    for key in ("url", "author", "publisher"):
        if value := getattr(source, key):
            lines.append(f"    {key}: {yaml_string(value)}")
    for key in ("date", "accessed"):
        if value := getattr(source, key):
            lines.append(f"    {key}: {value}")
    lines.append("---")
    body_line = len(lines) + 1
    return "\n".join(lines + body.lines) + "\n", body_line
