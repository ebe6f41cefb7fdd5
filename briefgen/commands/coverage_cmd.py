"""`briefgen coverage`: what is left to annotate, per article and for the archive.

Claims and words per claim, the share of body sentences inside a claim, unlinked
mentions, statements without `by`, claims without sources or sourced only to
their own article, sources never cited, entities no article lists, tags used once,
and forecasts past their `resolve_by` without a resolution, each item as
`PATH:LINE:COL: note: ...`. Writes nothing. Exit status 0; 1 when the archive has
content errors (printed as `check` prints them: a broken archive never passes), or
with --fail-under N when under N percent of sentences are in claims.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from briefgen.commands.report import print_diagnostics, usage_error
from briefgen.diagnostics import Diagnostics
from briefgen.options import BuildOptions, UsageError, resolve_config


def add_parser(commands, parents) -> None:
    parser = commands.add_parser(
        "coverage",
        parents=parents,
        help="what is left to annotate, per article and for the archive",
        description=__doc__,
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    parser.add_argument(
        "--fail-under",
        type=float,
        metavar="N",
        help="exit 1 when under N percent of the body sentences are in claims (for CI)",
    )
    parser.add_argument("--drafts", action="store_true", help="include draft articles")
    parser.set_defaults(run=run)


def run(args) -> int:
    from briefgen.coverage import coverage_of, percent
    from briefgen.coverage_report import to_json, to_text

    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        return usage_error(
            f"--fail-under must be a percentage from 0 to 100, not {args.fail_under:g}"
        )
    if not (args.root / "content").is_dir():
        return usage_error(
            f"no content/ folder in '{args.root}'; run briefgen coverage in an archive's "
            "root or pass --root DIR"
        )
    try:
        config = resolve_config(args.root, BuildOptions(drafts=args.drafts), Diagnostics())
    except UsageError as exc:
        return usage_error(str(exc))
    coverage = coverage_of(args.root, config, args.drafts, dt.date.today())
    if args.format == "json":
        print(json.dumps(to_json(coverage), ensure_ascii=False, indent=2))
    else:
        print(to_text(coverage), end="")
    failed = False
    if coverage.errors:
        print_diagnostics(Diagnostics(list(coverage.errors)))
        count = len(coverage.errors)
        print(
            f"coverage failed: the archive has {count} content error{'s' * (count != 1)}; "
            "what could not be read is not counted",
            file=sys.stderr,
        )
        failed = True
    sentences = coverage.total("sentences")
    covered = coverage.total("sentences_in_claims")
    if args.fail_under is not None and covered * 100 < args.fail_under * sentences:
        print(
            f"coverage: {percent(covered, sentences):g}% of sentences are in claims, "
            f"under --fail-under {args.fail_under:g}",
            file=sys.stderr,
        )
        failed = True
    return 1 if failed else 0
