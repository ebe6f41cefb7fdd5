"""What an imported page is, once extracted and cleaned: metadata and body blocks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """One block of the body: a paragraph (Markdown text, possibly several lines) or
    a section heading (its text, written as a `##` heading)."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class Dropped:
    """A line of the input the cleaner left out of the article (1-based place)."""

    line: int
    col: int
    text: str


@dataclass
class Page:
    title: str = ""
    author: str = ""
    date: str = ""  # YYYY-MM-DD, when the page says
    section: str = ""
    publisher: str = ""
    url: str = ""
    blocks: list[Block] = field(default_factory=list)
    # Lines left out as the page's chrome, reported so that nothing vanishes unseen.
    dropped: list[Dropped] = field(default_factory=list)
    # An HTML page keeps its own punctuation: its text is never repaired.
    from_html: bool = False
