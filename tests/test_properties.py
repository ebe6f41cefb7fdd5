"""Property tests: for generated archives (random front-matter values, random Markdown,
quotes drawn from the body, random Unicode) the build either succeeds with every
claim anchored and every internal link resolving, or fails with diagnostics; it
never raises."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import unquote

import yaml
from bs4 import BeautifulSoup
from conftest import run_briefgen
from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st

EXAMPLES = 100

word = st.text(
    alphabet=st.characters(
        categories=("Lu", "Ll", "Lo", "Nd", "Pd", "Po", "Pi", "Pf", "So"),
        # Characters with a meaning in Markdown would make a quote drawn from the
        # source differ from the rendered words.
        exclude_characters="\x00*_\\&`<>[]()!#~|",
    ),
    min_size=1,
    max_size=8,
)
plain_words = st.lists(word, min_size=1, max_size=12)
tag_name = st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,10}", fullmatch=True)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(max_size=10),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2),
)


def mostly(strategy):
    """Usually the strategy; one time in 25 a value of a wrong type."""
    return st.integers(0, 24).flatmap(lambda n: junk if n == 24 else strategy)


markup = st.sampled_from(["", "*", "**", "_", "`", "~~"])
ID = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4})?", fullmatch=True)


@st.composite
def paragraph(draw) -> str:
    words = draw(plain_words)
    parts = []
    for w in words:
        mark = draw(markup)
        parts.append(f"{mark}{w}{mark}" if mark else w)
    prefix = draw(st.sampled_from(["", "", "## ", "- ", "> ", "1. "]))
    if draw(st.booleans()):
        parts.append(f"[{draw(word)}](https://example.org/{draw(ID)})")
    return prefix + " ".join(parts)


@st.composite
def archive(draw) -> dict[str, str]:
    files: dict[str, str] = {}
    entity_ids = draw(st.lists(ID, min_size=0, max_size=3, unique=True))
    for entity_id in entity_ids:
        meta = {
            "name": draw(mostly(word)),
            "type": draw(mostly(st.sampled_from(["person", "place", "organization"]))),
            "aliases": draw(mostly(st.lists(word, max_size=2))),
        }
        files[f"content/entities/{entity_id}.md"] = front(meta, "")
    source_ids = draw(st.lists(ID, min_size=0, max_size=2, unique=True))
    for source_id in source_ids:
        meta = {
            "title": draw(mostly(word)),
            "url": draw(mostly(st.just("https://example.org/s"))),
        }
        files[f"content/sources/{source_id}.md"] = front(meta, "")
    for n in range(draw(st.integers(1, 3))):
        paragraphs = draw(st.lists(paragraph(), min_size=1, max_size=5))
        body = "\n\n".join(paragraphs) + "\n"
        words = re.sub(r"[*_`~#>\[\]()]|^\s*(?:-|\d+\.)\s", " ", body).split()
        claims = []
        for c in range(draw(st.integers(0, 3))):
            if words and draw(st.booleans()):
                start = draw(st.integers(0, len(words) - 1))
                length = draw(st.integers(1, 4))
                quote = " ".join(words[start : start + length])
            else:
                quote = draw(mostly(word))
            claims.append(
                {
                    "id": draw(mostly(st.just(f"c{c}"))),
                    "quote": quote,
                    "kind": draw(
                        mostly(st.sampled_from(["fact", "statement"] if entity_ids else ["fact"]))
                    ),
                    "status": draw(mostly(st.sampled_from(["verified", "false", False, None]))),
                    "by": draw(mostly(st.sampled_from(entity_ids or [None]))),
                    "tags": draw(mostly(st.lists(st.one_of(tag_name, tag_name, word), max_size=2))),
                    "sources": draw(st.lists(st.sampled_from(source_ids or ["none"]), max_size=2)),
                }
            )
        meta = {
            "title": draw(mostly(word)),
            "date": draw(mostly(st.sampled_from(["2025-12-02", "2024-01-01"]))),
            "entities": draw(st.lists(st.sampled_from(entity_ids), max_size=3))
            if entity_ids
            else [],
            "tags": draw(mostly(st.lists(tag_name, max_size=3))),
            "claims": claims,
        }
        files[f"content/articles/2025-01-0{n + 1}-a{n}.md"] = front(meta, body)
    return files


def front(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body


def check_site(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    ids_cache: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in ids_cache:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids_cache[path] = {tag["id"] for tag in soup.find_all(id=True)}
        return ids_cache[path]

    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link"], href=True):
            href = tag["href"]
            if re.match(r"^[a-z]+:", href):
                continue
            target, _, fragment = href.partition("#")
            path = (page.parent / unquote(target)).resolve() if target else page
            assert path.is_file(), f"{page}: broken link {href}"
            if fragment and path.suffix == ".html":
                assert unquote(fragment) in ids(path), f"{page}: missing anchor {href}"


@seed(20251202)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(archive())
def test_generated_archives_build_or_explain(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        result = run_briefgen("build", root=root)  # an exception here fails the test
        assert "Traceback" not in result.err
        event("built" if result.code == 0 else "refused with diagnostics")
        if result.code == 0:
            site = root / "site"
            check_site(site)
            for path in sorted((root / "content/articles").glob("*.md")):
                meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
                slug = path.stem[len("2025-01-01-") :]
                page = BeautifulSoup(
                    (site / "articles" / slug / "index.html").read_text(encoding="utf-8"),
                    "html.parser",
                )
                for claim in meta["claims"]:
                    assert page.find("mark", id=f"claim-{claim['id']}") is not None
        else:
            assert result.code == 1, result.err
            assert result.diagnostics, result.err
            assert all(re.match(r"^\S.*:\d+:\d+: (error|warning): ", d) for d in result.diagnostics)
