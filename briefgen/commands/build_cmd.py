"""`briefgen build`: render the archive into the output folder."""

from __future__ import annotations

import sys
from pathlib import Path

from briefgen.cache import CACHE_DIR, LastBuild, output_stats
from briefgen.commands.report import print_diagnostics, summary, usage_error
from briefgen.diagnostics import Diagnostic, Diagnostics
from briefgen.engine.executor import default_jobs
from briefgen.options import BuildOptions, UsageError, resolve_config

# The pipeline (briefgen.build and the engine) is imported only once the last
# build's record says there is work to do: a build that finds nothing changed
# answers without it.


def add_parser(commands, parents) -> None:
    parser = commands.add_parser(
        "build", parents=parents, help="render the archive into site/", description=__doc__
    )
    parser.add_argument("--out", metavar="DIR", help="output folder (default: site/ in the root)")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="where the site will live, e.g. https://user.github.io/repo/ (wins over "
        "base_url in briefgen.yaml)",
    )
    parser.add_argument("--drafts", action="store_true", help="include draft articles")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--offline",
        action="store_true",
        default=None,
        help="relative links ending in index.html, for reading from disk",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        default=default_jobs(),
        help=f"render in N processes (default: the machine's cores, {default_jobs()})",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=f"render every article afresh and leave {CACHE_DIR}/ alone",
    )
    parser.set_defaults(run=run, needs_archive=True)


def run(args) -> int:
    root: Path = args.root
    out = Path(args.out) if args.out else root / "site"
    options = BuildOptions(
        base_url=args.base_url, drafts=args.drafts, strict=args.strict, offline=args.offline
    )
    if args.jobs < 1:
        return usage_error(f"--jobs must be at least 1, not {args.jobs}")
    last = None if args.no_cache else LastBuild(root, out, options)
    if last and (recorded := last.unchanged()):
        return _unchanged(args, root, out, options, recorded)
    if last:
        last.begin()
    from briefgen.build import build
    from briefgen.cache import CacheStore
    from briefgen.engine.executor import Executor
    from briefgen.engine.memo import SqliteMemo
    from briefgen.engine.steps import Engine
    from briefgen.progress import Progress

    progress = Progress.for_terminal(args.quiet)
    memo = None if args.no_cache else SqliteMemo(CacheStore(root))
    stages = Engine(Executor(args.jobs), memo, progress, options, tune_gc=True)
    try:
        result = build(root, out, options, stages)
        # Noted before `finish` gives the collector back the whole archive to walk.
        output = output_stats(out, result.paths, stages.page_store.kept_entries) if last else None
    except UsageError as exc:
        progress.finish()
        return usage_error(str(exc))
    finally:
        stages.finish()
    progress.finish()
    diags = result.compiled.diagnostics
    print_diagnostics(diags)
    if result.compiled.failed(args.strict):
        if last:
            last.forget()
        print(f"build failed: {summary(diags)}; {out} left unchanged", file=sys.stderr)
        return 1
    if last:
        last.record(diags.items, len(result.compiled.pages), result.files, output)
    if not args.quiet:
        pages = len(result.compiled.pages)
        from_memo = stages.bodies.articles_from_memo
        print(
            f"built {pages} pages ({result.files} files, {result.written} written, "
            f"{result.unchanged} unchanged) into {out} in {result.seconds:.2f} s"
            + (f"; {from_memo} article bodies from cache" if stages.memo else "")
            + (f", {stages.pages_reused} pages from the last build" if stages.memo else ""),
            file=sys.stderr,
        )
        from briefgen.config import publish_note

        if note := publish_note(result.compiled.config):
            print(note, file=sys.stderr)
    return 0


def _unchanged(args, root: Path, out: Path, options: BuildOptions, recorded: dict) -> int:
    """Nothing the last build read or wrote has changed: report it as it was."""
    print_diagnostics(Diagnostics([Diagnostic(*item) for item in recorded["diagnostics"]]))
    if not args.quiet:
        files = recorded["files"]
        print(
            f"built {recorded['pages']} pages ({files} files, 0 written, {files} unchanged) "
            f"into {out}; nothing changed since the last build",
            file=sys.stderr,
        )
        from briefgen.config import publish_note

        if note := publish_note(resolve_config(root, options, Diagnostics())):
            print(note, file=sys.stderr)
    return 0
