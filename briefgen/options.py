"""What a command asks of the pipeline (BuildOptions) and the settings that come
of it with briefgen.yaml (`resolve_config`).

Kept apart from briefgen/build.py so that a command can read its options and look
at the last build (briefgen/cache.py) without importing the whole pipeline: a
build that finds nothing changed answers in the time it takes to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.diagnostics import Diagnostics

if TYPE_CHECKING:
    from briefgen.config import Config


class UsageError(Exception):
    """A problem with how briefgen was called (exit status 2)."""


@dataclass
class BuildOptions:
    base_url: str | None = None  # --base-url, wins over briefgen.yaml
    drafts: bool = False
    strict: bool = False
    offline: bool | None = None
    # The preview server serves pretty URLs under the base path and injects its
    # reload script; `build` never does.
    serving: bool = False


def resolve_config(root: Path, options: BuildOptions, diags: Diagnostics) -> Config:
    # (Imported here: reading settings needs YAML, which a build with nothing to do
    # does without.)
    from briefgen.config import load_config, normalise_base_url

    config = load_config(root, diags)
    if options.base_url is not None:
        normalised = normalise_base_url(options.base_url)
        if normalised is None:
            raise UsageError(
                f"--base-url '{options.base_url}' must be an http(s) URL such as "
                "https://user.github.io/repo/ (or a path such as /repo/)"
            )
        config.base_url = normalised
    if options.offline is not None:
        config.offline = options.offline
    return config
