"""The command line (DESIGN §3): argument parsing and dispatch to briefgen.commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from briefgen import __version__
from briefgen.commands import (
    build_cmd,
    check_cmd,
    coverage_cmd,
    export_cmd,
    import_cmd,
    init_cmd,
    new_cmd,
    schema_cmd,
    serve_cmd,
)
from briefgen.commands.report import usage_error

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _root_option() -> argparse.ArgumentParser:
    # --root is accepted before or after the command name; SUPPRESS keeps a
    # subcommand's default from overwriting a value given before it.
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--root",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the archive's root folder (default: the current folder)",
    )
    return parent


def make_parser() -> argparse.ArgumentParser:
    root = _root_option()
    parser = argparse.ArgumentParser(
        prog="briefgen",
        description="Publish annotated briefing archives as cross-linked static sites.",
        parents=[root],
    )
    parser.add_argument("-V", "--version", action="version", version=f"briefgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (
        build_cmd,
        check_cmd,
        new_cmd,
        init_cmd,
        serve_cmd,
        schema_cmd,
        export_cmd,
        import_cmd,
        coverage_cmd,
    ):
        module.add_parser(commands, [root])
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    args.root = Path(getattr(args, "root", ".") or ".")
    if not args.root.is_dir():
        return usage_error(f"--root '{args.root}' is not a folder")
    # Outside an archive there is nothing to build, check, export or watch: one line
    # and exit 2, rather than an error page or a diagnostic about a folder.
    if getattr(args, "needs_archive", False) and not (args.root / "content").is_dir():
        where = "this folder" if args.root == Path(".") else f"'{args.root}'"
        return usage_error(
            f"{where} is not an archive (no content/ folder); run briefgen {args.command} "
            "in an archive's root, pass --root DIR, or create one with 'briefgen init DIR'"
        )
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("briefgen: interrupted", file=sys.stderr)
        return 130


def entry() -> None:
    """The `briefgen` command (and `python -m briefgen`): `main`, then an exit that
    skips tearing the interpreter down. After a build of a large archive Python
    would first walk and free every object of it: 2.5 s at 10,000 articles, after
    the site is written. Every command must have written and closed its files
    by the time `main` returns (`with` blocks; the memo is closed in `finally`):
    nothing is flushed for it after; what is buffered for the terminal is
    flushed here. (`main` itself returns, for tests
    and other callers in-process.)"""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said
        pass
    os._exit(code)
