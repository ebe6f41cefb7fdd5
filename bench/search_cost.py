"""What search costs a build: the size of the Pagefind index and the time it adds.

    python bench/search_cost.py --articles 1000 --runs 3
    python bench/search_cost.py --demo --runs 5

Builds one archive (a corpus of bench/corpus.py, or the repository's demo) cold
(`--no-cache`, output removed) with `search: true` and with `search: false`, runs
interleaved so that both see the same load, and prints the median wall times, their
difference and the index's size (all of /pagefind/, and its index data alone:
fragments, word index, filters and metadata, without pagefind.js and WebAssembly).
Benchmarks are not tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402 - bench/ is not a package


def make_archive(root: Path, articles: int | None) -> None:
    if articles is None:
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "briefgen.yaml", root / "briefgen.yaml")
    else:
        corpus.write_briefgen(corpus.generate(articles, seed=1), root)


def set_search(root: Path, on: bool) -> None:
    config = root / "briefgen.yaml"
    lines = [
        x for x in config.read_text(encoding="utf-8").splitlines() if not x.startswith("search:")
    ]
    config.write_text("\n".join(lines + [f"search: {'true' if on else 'false'}"]) + "\n", "utf-8")


def cold_build(root: Path) -> float:
    shutil.rmtree(root / "site", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--no-cache", "-q", "--root", str(root)],
        check=True,
    )
    return time.perf_counter() - started


def size(folder: Path, index_only: bool = False) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    if index_only:
        files = [
            p for p in files if p.suffix in (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta")
        ]
    return len(files), sum(p.stat().st_size for p in files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--articles", type=int, metavar="N")
    which.add_argument("--demo", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefgen-search-cost-") as folder:
        root = Path(folder) / "archive"
        make_archive(root, None if args.demo else args.articles)
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.runs):
            for on in (True, False):
                set_search(root, on)
                times[on].append(cold_build(root))
        set_search(root, True)
        cold_build(root)
        pages = sum(1 for _ in (root / "site").rglob("*.html"))
        count, total = size(root / "site" / "pagefind")
        index_count, index_bytes = size(root / "site" / "pagefind", index_only=True)
    with_search, without = statistics.median(times[True]), statistics.median(times[False])
    name = "demo archive" if args.demo else f"{args.articles} articles"
    print(f"{name}, {pages} HTML pages, {args.runs} cold builds each (median):")
    print(f"  search: false  {without:7.2f} s")
    print(f"  search: true   {with_search:7.2f} s  (+{with_search - without:.2f} s)")
    print(f"  /pagefind/     {count} files, {total / 1024:.0f} KiB")
    print(f"  index data     {index_count} files, {index_bytes / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
