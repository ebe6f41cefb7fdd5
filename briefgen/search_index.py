"""Search: what each page gives the Pagefind index, and the index itself.

Pagefind (the `pagefind` package, whose `pagefind[bin]` extra brings its binary)
reads the rendered HTML of the pages a reader searches for (articles, entities,
sources and claims): the text inside `data-pagefind-body`, and the facets the
theme writes as `data-pagefind-filter`, `data-pagefind-sort` and
`data-pagefind-meta` elements. `search_entry` says what those are for a page, so
that base.html writes them and /search/ offers exactly the values that occur.

The index is written under /pagefind/. Its word index and page fragments are the
same bytes in every build of an archive; its filter files and the metadata naming
them are not: Pagefind writes filters in the order of a hash map seeded afresh in
each run (pagefind 1.5). The rest of the site does not depend on them.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefgen import page as kinds
from briefgen.forecasts import BANDS
from briefgen.grades import RELIABILITY, reliability_label
from briefgen.model import Article, Claim, Source
from briefgen.page import Page

SEARCH_PATH = "/search/"
INDEX_FOLDER = "pagefind"  # site path /pagefind/; Pagefind's default name

# The facets of the search page, in the order it offers them: (filter name, label).
FACETS = [
    ("type", "Page type"),
    ("kind", "Claim kind"),
    ("status", "Status"),
    ("grade", "Source grade"),
    ("likelihood", "Likelihood"),
    ("entity", "Entity"),
    ("tag", "Tag"),
    ("author", "Author"),
    ("section", "Section"),
    ("year", "Year"),
]


def index_version() -> str:
    """The version of Pagefind that writes the index ('' when it is not installed)."""
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return ""


class SearchIndexError(Exception):
    """Pagefind could not be run or failed."""


@dataclass
class SearchEntry:
    """What one page gives the index besides its text."""

    type: str  # "Article", "Claim", "Entity", "Source"
    filters: list[tuple[str, str]] = field(default_factory=list)  # (facet, value)
    date: str = ""  # YYYY-MM-DD, for sorting by date; '' when the page has none


def _article_facets(article: Article) -> list[tuple[str, str]]:
    facets = [("author", name) for name in article.authors]
    if article.section:
        facets.append(("section", article.section))
    facets.append(("year", str(article.date.year)))
    return facets


def search_entry(page: Page) -> SearchEntry | None:
    """The facets of a page the index holds; None for pages it leaves out."""
    kind, subject = page.kind, page.subject
    if kind == kinds.ARTICLE:
        article: Article = subject
        filters = [("type", "Article")]
        filters += [("entity", e.name) for e in article.entities]
        filters += [("tag", t.name) for t in article.tags]
        filters += _article_facets(article)
        return SearchEntry("Article", _unique(filters), article.date.isoformat())
    if kind == kinds.CLAIM:
        claim: Claim = subject
        filters = [("type", "Claim"), ("kind", claim.kind_label), ("status", claim.status_label)]
        speakers = [claim.by] if claim.by else []
        filters += [("entity", e.name) for e in speakers + list(claim.about)]
        filters += [("tag", t.name) for t in claim.tags]
        # The reliability of each source it cites ("B: usually reliable"), and a
        # forecast's likelihood band ("likely"), whether given as a term or a number.
        filters += [
            ("grade", reliability_label(c.source.reliability))
            for c in claim.citations
            if c.source and c.source.reliability
        ]
        if claim.likelihood:
            filters.append(("likelihood", claim.likelihood.band.term))
        filters += _article_facets(claim.article)
        return SearchEntry("Claim", _unique(filters), claim.article.date.isoformat())
    if kind == kinds.ENTITY:
        return SearchEntry("Entity", [("type", "Entity")])
    if kind == kinds.SOURCE:
        source: Source = subject
        filters = [("type", "Source")]
        if source.reliability:
            filters.append(("grade", reliability_label(source.reliability)))
        if source.date:
            filters.append(("year", str(source.date.year)))
        return SearchEntry("Source", filters, source.date.isoformat() if source.date else "")
    return None


def _unique(filters: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(filters))


def facet_values(pages: Iterable[Page]) -> list[tuple[str, str, list[str]]]:
    """(facet, label, values) for the search page: every value some page has."""
    found: dict[str, set[str]] = {facet: set() for facet, _ in FACETS}
    for page in pages:
        entry = search_entry(page)
        if entry is not None:
            for facet, value in entry.filters:
                found[facet].add(value)
    order = {
        "type": ["Article", "Claim", "Entity", "Source"],
        "grade": [reliability_label(letter) for letter in RELIABILITY],
        "likelihood": [band.term for band in BANDS],
    }
    result = []
    for facet, label in FACETS:
        values = found[facet]
        if facet in order:
            ordered = [v for v in order[facet] if v in values]
        elif facet == "year":
            ordered = sorted(values, reverse=True)
        else:
            ordered = sorted(values, key=lambda v: (v.lower(), v))
        if ordered:
            result.append((facet, label, ordered))
    return result


def indexed_pages(pages: Iterable[Page]) -> list[Page]:
    return [page for page in pages if search_entry(page) is not None]


def _pagefind_binary() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise SearchIndexError(f"the pagefind package is not installed ({exc})") from None
    binary = get_executable()
    if binary is None:
        raise SearchIndexError("the Pagefind binary is missing; install 'pagefind[bin]'")
    return str(binary)


# How long Pagefind may take to index a site (10,000 articles take about a minute).
INDEX_TIMEOUT_SECONDS = 1800


def _complete(out: Path) -> bool:
    entry = _read_entry(out)
    try:
        languages = list(entry["languages"].values())
        return bool(languages) and all(
            (out / f"pagefind.{language['hash']}.pf_meta").is_file()
            and (out / f"wasm.{language['wasm']}.pagefind").is_file()
            for language in languages
        )
    except (KeyError, TypeError, AttributeError):
        return False


def index_folder(site: Path, pages: list[Page], out: Path, language: str) -> list[str]:
    """Index `pages`, rendered into the folder `site`, into the folder `out`; returns
    the files written there (relative to it) that /search/ uses, having removed the
    others. The pages go to Pagefind's binary as one folder, in one run. Pagefind
    makes each result's URL from the file's
    path (claims/a/b/index.html -> /claims/a/b/), the page's site path, from which
    the search page makes links for wherever the site lives."""
    binary = _pagefind_binary()
    # One language for the whole index, so that a page's own lang attribute never
    # splits it in two.
    language_code = language.split("-")[0].lower() or "en"
    # The folders that hold the pages; in them, only pages marked data-pagefind-body
    # are indexed (so not the /claims/ list beside the claims' pages).
    folders = sorted({page.output_file.split("/", 1)[0] for page in pages})
    pattern = "{" + ",".join(folders) + "}/**/*.html"
    if not pages:
        return []  # nothing to search: /search/ says the index could not be loaded
    # The binary is run once, as a command. (Its Python service answers one request
    # per tenth of a second: four requests made every build 0.4 s longer.) It runs
    # in an empty folder and without PAGEFIND_* variables, since it would read a
    # pagefind.yml where it runs and settings from those: the index depends only on
    # the pages and these arguments.
    command = [
        binary,
        "--site",
        str(site.resolve()),  # it runs elsewhere (below): paths made whole
        "--glob",
        pattern,
        "--output-path",
        str(out.resolve()),
        "--force-language",
        language_code,
        "--silent",
    ]
    environment = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    try:
        with tempfile.TemporaryDirectory(prefix="briefgen-pagefind-run-") as empty:
            done = subprocess.run(
                command,
                cwd=empty,
                env=environment,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=INDEX_TIMEOUT_SECONDS,
                check=False,
            )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind failed: {exc}") from None
    # What it printed last, to go with an error (it prints nothing else: --silent).
    said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-500:]
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}): {said}")
    if not _complete(out):
        raise SearchIndexError("Pagefind wrote no usable index" + (f": {said}" if said else ""))
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    entry = _read_entry(out)
    kept = []
    for rel in written:
        if _used(rel, entry):
            kept.append(rel)
        else:
            (out / rel).unlink()
    return kept


def build_index(pages: list[Page], read: Callable[[str], bytes], language: str) -> dict[str, bytes]:
    """Index the rendered `pages` (`read(output_file)` gives a page's bytes) and
    return the files of the index, by output path (`pagefind/...`)."""
    with tempfile.TemporaryDirectory(prefix="briefgen-pagefind-") as folder:
        site, out = Path(folder, "site"), Path(folder, "index")
        for page in pages:
            target = site / page.output_file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(read(page.output_file))
        kept = index_folder(site, pages, out, language)
        return {f"{INDEX_FOLDER}/{rel}": (out / rel).read_bytes() for rel in kept}


# Pagefind also writes its own search interfaces; /search/ has its own script, which
# needs only pagefind.js, its worker, the WebAssembly of the index's language and
# the index.
_UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")


def _read_entry(out: Path) -> dict:
    try:
        entry = json.loads((out / "pagefind-entry.json").read_bytes())
        return entry if isinstance(entry, dict) else {}
    except (OSError, ValueError):
        return {}


def _used(rel: str, entry: dict) -> bool:
    if rel.startswith(_UNUSED):
        return False
    if rel.startswith("wasm."):  # entry is whole (_complete)
        return rel in {
            f"wasm.{language['wasm']}.pagefind" for language in entry["languages"].values()
        }
    return True
