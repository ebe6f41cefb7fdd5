"""Printing diagnostics and summaries the same way for every command."""

from __future__ import annotations

import sys

from briefgen.diagnostics import Diagnostics


def print_diagnostics(diags: Diagnostics, stream=None) -> None:
    stream = stream or sys.stderr
    for diagnostic in diags.sorted():
        print(diagnostic.format(), file=stream)


def summary(diags: Diagnostics) -> str:
    # The same problem found on several pages (a template error) is one problem.
    errors, warnings = len(set(diags.errors)), len(set(diags.warnings))
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def usage_error(message: str) -> int:
    print(f"briefgen: error: {message}", file=sys.stderr)
    return 2
