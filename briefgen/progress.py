"""Progress of a long build on a terminal: `rendered 1200/2279`, redrawn in place.

Nothing is shown for the first seconds, so a quick build prints only its summary,
and nothing at all when stderr is not a terminal (CI logs, pipes) or with -q.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

# A build shorter than this shows no progress line.
SHOW_AFTER_SECONDS = 1.5
REDRAW_EVERY_SECONDS = 0.1


class Progress:
    def __init__(self, enabled: bool = True, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self._drawn_at = 0.0
        self._shown = False

    @classmethod
    def for_terminal(cls, quiet: bool) -> Progress:
        stream = sys.stderr
        interactive = hasattr(stream, "isatty") and stream.isatty()
        return cls(enabled=interactive and not quiet, stream=stream)

    def start(self, total: int) -> None:
        self.total = total
        self.done = 0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < SHOW_AFTER_SECONDS or now - self._drawn_at < REDRAW_EVERY_SECONDS:
            return
        self._drawn_at = now
        self._shown = True
        # The total is known only roughly before the routes exist; never show done > total.
        total = max(self.total, self.done)
        self.stream.write(f"\rrendered {self.done}/{total} ({now - self.started:.0f} s)")
        self.stream.flush()

    def finish(self) -> None:
        """Clear the progress line, so that the summary takes its place."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
