"""Where the built-in theme is, found without importing Jinja (the check that a
build has nothing to do looks at its files)."""

from __future__ import annotations

from pathlib import Path


def builtin_theme_dir() -> Path:
    """The default theme. Installed, it is the package `briefgen.builtin_theme` (the wheel maps
    the repository's templates/ there); run from a source checkout without
    installing, it is that templates/ folder itself."""
    # Found by path, not through importlib.resources: templates/ has no __init__.py,
    # so briefgen.builtin_theme is a namespace package, for which resources.files()
    # gives a MultiplexedPath whose str() is not a path.
    package = Path(__file__).resolve().parent
    installed = package / "builtin_theme"
    if (installed / "base.html").is_file():
        return installed
    return package.parent / "templates"
