"""Reading what is imported (a file, a URL or standard input) and, for an HTML page,
extracting its article and metadata with trafilatura."""

from __future__ import annotations

import html
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from briefgen import __version__
from briefgen.importer import FETCH_TIMEOUT
from briefgen.importer.clean import clean_text
from briefgen.importer.page import Dropped, Page

MAX_PAGE_BYTES = 16 * 1024 * 1024

_HTML_RE = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


class ImportInputError(Exception):
    """The input could not be read; the message is one line for the user."""

    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.usage = usage  # a problem with the command line itself (exit status 2)


@dataclass
class Fetched:
    data: bytes
    url: str = ""  # where it came from, when a URL
    content_type: str = ""


def is_url(where: str) -> bool:
    return re.match(r"^https?://", where, re.IGNORECASE) is not None


def read_input(where: str, timeout: float = FETCH_TIMEOUT) -> Fetched:
    """The bytes of FILE, URL or '-' (standard input)."""
    if where == "-":
        return Fetched(sys.stdin.buffer.read(MAX_PAGE_BYTES + 1))
    if is_url(where):
        return _fetch(where, timeout)
    if re.match(r"^[a-z][a-z0-9+.-]*://", where, re.IGNORECASE):
        raise ImportInputError(f"cannot import '{where}': only http(s) URLs are fetched", True)
    path = Path(where)
    if not path.is_file():
        raise ImportInputError(f"'{where}' is not a file (give a FILE, an http(s) URL or -)", True)
    try:
        return Fetched(path.read_bytes())
    except OSError as exc:
        raise ImportInputError(f"cannot read '{where}': {exc.strerror or exc}") from None


def _fetch(url: str, timeout: float) -> Fetched:
    request = urllib.request.Request(
        url, headers={"User-Agent": f"briefgen/{__version__} (+import)", "Accept": "*/*"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_PAGE_BYTES + 1)
            return Fetched(data, response.geturl(), response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        raise ImportInputError(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        raise ImportInputError(f"cannot fetch {url}: {reason} (are you offline?)") from None
    except TimeoutError:
        raise ImportInputError(f"cannot fetch {url}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:
        raise ImportInputError(f"cannot fetch {url}: {exc}") from None


def is_html(fetched: Fetched) -> bool:
    if "html" in fetched.content_type.lower():
        return True
    return _HTML_RE.match(fetched.data[:4096]) is not None


def decode_text(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportInputError(
            f"cannot import '{where}': not UTF-8 text (byte 0x{data[exc.start]:02x} at "
            f"offset {exc.start}); save it as UTF-8"
        ) from None


def page_from_html(data: bytes, url: str = "") -> Page:
    """The article of an HTML page (trafilatura drops navigation, share links and the
    like) as Markdown, with the title, author, date and site name of its metadata."""
    import trafilatura

    markdown = trafilatura.extract(
        data,
        url=url or None,
        output_format="markdown",
        include_formatting=True,
        include_links=False,
        include_images=False,
        include_tables=True,
        include_comments=False,
        favor_precision=True,
    )
    metadata = trafilatura.extract_metadata(data, default_url=url or None)
    title = (metadata.title or "").strip() if metadata else ""
    page = clean_text(markdown or "", markdown=True, title=title)
    if metadata:
        page.author = (metadata.author or "").replace(";", ",").strip() or page.author
        page.date = metadata.date or ""
        page.publisher = (metadata.sitename or "").strip()
        if metadata.categories and not page.section:
            page.section = metadata.categories[0]
    page.url = url
    page.from_html = True
    # What the cleaner dropped is placed in the page's own source, not in the text
    # trafilatura extracted from it, which the user never sees.
    source = data.decode("utf-8", "replace")
    dropped = [re.sub(r"^#+\s+", "", d.text) for d in page.dropped]  # a heading's text
    page.dropped = [Dropped(*_place_in(source, text), text) for text in dropped]
    return page


def _place_in(source: str, text: str) -> tuple[int, int]:
    """The 1-based line and column where `text` first stands in the body of an HTML
    source (a best guess: markup inside the text hides it), else 1, 1."""
    body = max(source.lower().find("<body"), 0)
    for needle in (text, html.escape(text, quote=False)):
        at = source.find(needle, body) if needle else -1
        if at >= 0:
            line_start = source.rfind("\n", 0, at) + 1
            return source.count("\n", 0, at) + 1, at - line_start + 1
    return 1, 1


def page_from(fetched: Fetched, where: str) -> Page:
    if len(fetched.data) > MAX_PAGE_BYTES:
        raise ImportInputError(
            f"cannot import '{where}': larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB"
        )
    if is_html(fetched):
        return page_from_html(fetched.data, fetched.url)
    page = clean_text(decode_text(fetched.data, where))
    page.url = fetched.url
    return page
