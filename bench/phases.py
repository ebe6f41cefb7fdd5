"""Wall time of each phase of one `briefgen build`, run in this process on the
archive in the current folder, without a profiler (whose overhead inflates the
small calls a build makes by the million).

    cd ARCHIVE && python PATH/TO/bench/phases.py [build options]

Each phase is timed by wrapping the function that runs it; nested phases are
inside their totals. Run it after an edit to see where an edit build's time goes.
"""

from __future__ import annotations

import functools
import sys
import time

from briefgen import build as build_module
from briefgen import write
from briefgen.cli import main
from briefgen.engine import bodies, content_files, page_stores, steps

TIMES: dict[str, float] = {}


def timed(owner: object, name: str, label: str) -> None:
    run = getattr(owner, name)

    @functools.wraps(run)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return run(*args, **kwargs)
        finally:
            TIMES[label] = TIMES.get(label, 0.0) + time.perf_counter() - started

    setattr(owner, name, wrapper)


PHASES = [
    (build_module, "compile_site", "compile_site, in all"),
    (build_module, "prepare_archive", "  load, link and render bodies, in all"),
    (content_files.ContentFiles, "read", "    read and validate the content files"),
    (steps, "link", "    link"),
    (bodies.Bodies, "render_articles", "    article bodies (keys, memo records)"),
    (build_module, "index_mentions", "    index mentions"),
    (build_module, "build_routes", "  route table"),
    (page_stores.SitePages, "begin", "  page keys and the output's stats"),
    (write.StagedSite, "commit", "commit into the output folder"),
]


def run(argv: list[str]) -> None:
    for owner, name, label in PHASES:
        timed(owner, name, label)
    started = time.perf_counter()
    status = main(["build", "-q", *argv])
    total = time.perf_counter() - started
    for _, _, label in PHASES:
        if label in TIMES:
            print(f"{TIMES[label]:7.2f} s  {label}")
    print(f"{total:7.2f} s  the command, in all (exit status {status})")


if __name__ == "__main__":
    run(sys.argv[1:])
