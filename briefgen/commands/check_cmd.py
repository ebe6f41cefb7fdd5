"""`briefgen check`: validate everything `build` validates; write nothing."""

from __future__ import annotations

import sys

from briefgen.build import BuildOptions, UsageError, compile_site
from briefgen.commands.report import print_diagnostics, summary, usage_error


def add_parser(commands, parents) -> None:
    parser = commands.add_parser(
        "check", parents=parents, help="validate the archive, write nothing", description=__doc__
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--drafts", action="store_true", help="include draft articles")
    parser.set_defaults(run=run, needs_archive=True)


def run(args) -> int:
    try:
        compiled = compile_site(args.root, BuildOptions(drafts=args.drafts, strict=args.strict))
    except UsageError as exc:
        return usage_error(str(exc))
    print_diagnostics(compiled.diagnostics)
    failed = compiled.failed(args.strict)
    print(("check failed: " if failed else "ok: ") + summary(compiled.diagnostics), file=sys.stderr)
    return 1 if failed else 0
