"""`briefgen check`: validate everything `build` validates; write nothing.

With `--fix`, also re-anchor each drifted quote to the passage of the body it now
matches, editing only that value of the file, then check again."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.commands.report import print_diagnostics, summary, usage_error
from briefgen.diagnostics import Diagnostics, Position
from briefgen.options import BuildOptions, UsageError

if TYPE_CHECKING:
    from briefgen.build import Compiled
    from briefgen.reanchor import Drift

_BOM = "\ufeff".encode()


def add_parser(commands, parents) -> None:
    parser = commands.add_parser(
        "check", parents=parents, help="validate the archive, write nothing", description=__doc__
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--drafts", action="store_true", help="include draft articles")
    parser.add_argument(
        "--fix",
        action="store_true",
        help="re-anchor drifted quotes to the passage they now match (edits only those values)",
    )
    parser.set_defaults(run=run, needs_archive=True)


def run(args) -> int:
    from briefgen.build import compile_site

    options = BuildOptions(drafts=args.drafts, strict=args.strict)
    try:
        compiled = compile_site(args.root, options)
    except UsageError as exc:
        return usage_error(str(exc))
    if args.fix:
        unfixable = Diagnostics()
        if _fix_drifted(args.root, compiled, unfixable):
            compiled = compile_site(args.root, options)  # report what is left
        compiled.diagnostics.extend(unfixable)
    print_diagnostics(compiled.diagnostics)
    failed = compiled.failed(args.strict)
    print(("check failed: " if failed else "ok: ") + summary(compiled.diagnostics), file=sys.stderr)
    return 1 if failed else 0


def _fix_drifted(root: Path, compiled: Compiled, diags: Diagnostics) -> int:
    """Rewrite the drifted quotes of every article file; print what changed. Returns
    how many quotes were rewritten; a file that cannot be edited safely is left as
    it was, with an error in `diags`."""
    from briefgen.yamledit import EditError  # imported when fixing, not to parse arguments

    fixed = 0
    articles = compiled.archive.articles if compiled.archive else []
    # In file order, as diagnostics are printed.
    for article in sorted(articles, key=lambda article: article.path):
        drifts = [drift for drift in article.drifts if drift.fixable]
        if not drifts:
            continue
        try:
            _rewrite(root / article.path, drifts)
        except (EditError, OSError, UnicodeDecodeError) as exc:
            first = drifts[0]
            diags.error(
                article.path,
                Position(first.quote_line, first.quote_col),
                f"cannot re-anchor the quotes of this file: {exc}",
            )
            continue
        for drift in drifts:
            print(
                f"{article.path}:{drift.quote_line}:{drift.quote_col}: fixed: {_done(drift)}",
                file=sys.stderr,
            )
        fixed += len(drifts)
    return fixed


def _done(drift: Drift) -> str:
    where = f", occurrence {drift.occurrence}" if drift.occurrence else ""
    return (
        f"quote re-anchored ({drift.percent}% similar): claim '{drift.claim_id}' now quotes "
        f'"{drift.passage}" (line {drift.line}{where})'
    )


def _rewrite(path: Path, drifts: list[Drift]) -> None:
    """Edit the file's front-matter in place, keeping its BOM and line endings, and
    replace it atomically so that an editor or a build never reads half a file."""
    from briefgen.yamledit import QuoteFix, fix_quotes

    data = path.read_bytes()
    bom = data.startswith(_BOM)
    text = data[len(_BOM) if bom else 0 :].decode("utf-8")
    fixes = [QuoteFix(d.claim_id, d.passage, d.occurrence) for d in drifts]
    new = (_BOM if bom else b"") + fix_quotes(text, fixes).encode("utf-8")
    handle, temporary = tempfile.mkstemp(prefix=".briefgen-fix-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(new)
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
