"""`briefgen export`: the open data of /data/, from the archive, without building
the site: claims, entities or articles as JSON or CSV, sources as CSL-JSON."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from briefgen.cache import CACHE_DIR, CacheStore
from briefgen.commands.report import print_diagnostics, summary, usage_error
from briefgen.engine.executor import Executor, default_jobs
from briefgen.options import BuildOptions, UsageError

FORMATS = ("json", "csv", "csl")


# The kinds of records `export` writes: briefgen.opendata.KINDS, named here so that
# the command line need not import it (a test checks that the two agree).
EXPORT_KINDS = ["claims", "entities", "sources", "articles"]


def add_parser(commands, parents) -> None:
    parser = commands.add_parser(
        "export",
        parents=parents,
        help="write claims, entities, sources or articles as JSON, CSV or CSL-JSON",
        description=__doc__,
    )
    parser.add_argument("kind", choices=EXPORT_KINDS, help="what to export")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="json (the default; for sources it is CSL-JSON), csv (claims, entities, "
        "articles) or csl (sources)",
    )
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="the site's address, for absolute URLs (wins over base_url in briefgen.yaml)",
    )
    parser.add_argument("--drafts", action="store_true", help="include draft articles")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=f"render every article afresh and leave {CACHE_DIR}/ alone",
    )
    parser.set_defaults(run=run, needs_archive=True)


def run(args) -> int:
    from briefgen import opendata
    from briefgen.build import prepare_archive
    from briefgen.engine.memo import SqliteMemo
    from briefgen.engine.steps import Engine

    kind = opendata.KINDS[args.kind]
    named = None if args.format else _format_of(args.out)
    if named and named not in kind.formats:
        return usage_error(
            f"--out '{args.out}' names a {named.upper()} file, but {kind.name} export as "
            + " or ".join(kind.formats)
            + "; give the file another suffix or a --format"
        )
    fmt = args.format or named or kind.formats[0]
    if fmt not in kind.formats:
        return usage_error(
            f"--format {fmt} is not a format of {kind.name}; use "
            + " or ".join(f"--format {name}" for name in kind.formats)
        )
    if fmt == "csl":  # CSL-JSON is what `json` gives for sources
        fmt = "json"
    out = Path(args.out) if args.out else None
    if out is not None:
        if out.is_dir():
            return usage_error(f"--out '{out}' is a folder; give a file name")
        if not out.parent.is_dir():
            return usage_error(f"--out '{out}': no folder '{out.parent}'")

    # The options `build` would be given: then an export after a build (and a build
    # after an export) takes the article bodies from the render cache.
    options = BuildOptions(base_url=args.base_url, drafts=args.drafts, strict=args.strict)
    memo = None if args.no_cache else SqliteMemo(CacheStore(args.root))
    stages = Engine(Executor(default_jobs()), memo, options=options, tune_gc=True)
    try:
        prepared = prepare_archive(args.root, options, stages)
    except UsageError as exc:
        return usage_error(str(exc))
    finally:
        stages.finish()
    compiled = prepared.compiled
    print_diagnostics(compiled.diagnostics)
    if prepared.archive is None or compiled.failed(args.strict):
        print(f"export failed: {summary(compiled.diagnostics)}", file=sys.stderr)
        return 1
    data = opendata.data_bytes(prepared.archive, kind.name, fmt)
    if out is None:
        _write_stdout(data)
    else:
        _write_file(out, data)
    return 0


def _format_of(out: str | None) -> str | None:
    """The format an --out file's suffix names (`claims.csv` is CSV), so that a file
    is never written in a format its name contradicts; None for other suffixes."""
    suffix = Path(out).suffix.lower().lstrip(".") if out else ""
    return suffix if suffix in FORMATS else None


def _write_stdout(data: bytes) -> None:
    stream = sys.stdout
    if hasattr(stream, "buffer"):  # the bytes as they are, CSV's CRLF included
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
    else:
        stream.write(data.decode("utf-8"))


def _write_file(out: Path, data: bytes) -> None:
    """Write `data` to `out` whole or not at all: a reader never sees half a file."""
    fd, part = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        # mkstemp makes the file readable by its owner only; give it the mode any
        # new file gets (0o666 less the umask), as a plain `open` would.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(part, out)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
