"""`briefgen schema [KIND]`: the JSON Schema (2020-12) of a file kind's front-matter.

Editors that check YAML against a JSON Schema (e.g. VS Code's YAML extension) can use
it to complete field names and values. `--markdown` prints the format's reference
page instead (docs/format.md is made with it). Both come from briefgen.schema.
"""

from __future__ import annotations

import sys

from briefgen.schema import FILE_KINDS, format_reference, jsonschema_text


def add_parser(commands, parents) -> None:
    parser = commands.add_parser(
        "schema",
        parents=parents,
        help="print the JSON Schema of a file kind",
        description=__doc__,
    )
    parser.add_argument(
        "kind",
        nargs="?",
        choices=tuple(FILE_KINDS),
        default="article",
        metavar="KIND",
        help=f"one of {', '.join(FILE_KINDS)} (default: article)",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="print the reference page of every file kind (docs/format.md) instead",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    text = format_reference() if args.markdown else jsonschema_text(args.kind)
    sys.stdout.write(text)
    return 0
