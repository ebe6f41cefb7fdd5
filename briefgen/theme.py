"""The theme: Jinja environment and static assets.

An archive's own `templates/` overrides the built-in theme file by file: a Jinja
ChoiceLoader looks in the archive first, then in the theme shipped with briefgen.
Autoescaping is on for every template, so content is always data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from briefgen.diagnostics import Diagnostics, Position
from briefgen.theme_dir import builtin_theme_dir

STATIC_DIR = "static"


# Month names spelled out here rather than by strftime, whose output follows the
# machine's locale: the same archive must build to the same bytes everywhere.
MONTHS = (
    "January February March April May June July August September October November December"
).split()


def format_date(value: dt.date | None, style: str = "long") -> str:
    if value is None:
        return ""
    if style == "iso":
        return value.isoformat()
    if style == "month":
        return f"{MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, kept by file and checked by source.

    Compiling the theme takes about a quarter of a second; the preview makes a new
    environment whenever a template changes, and a process may build several
    archives (tests, `init` then `build`). Jinja finds a template by its name and
    file and checks the kept code against a hash of the source, so an edited
    template is compiled afresh, and one with a syntax error is never kept. Every
    environment briefgen makes has the same options (`make_environment`), which is
    what makes sharing the compiled code between them right."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # dropped if the checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def make_environment(root: Path) -> jinja2.Environment:
    folders = []
    archive_templates = root / "templates"
    if archive_templates.is_dir():
        folders.append(jinja2.FileSystemLoader(str(archive_templates)))
    folders.append(jinja2.FileSystemLoader(str(builtin_theme_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A build reads each template once; the preview server makes a new
        # environment when a template changes. Without this Jinja would stat every
        # template at each use (each claim's partial on each page).
        auto_reload=False,
        bytecode_cache=COMPILED_TEMPLATES,
    )
    env.filters["date"] = format_date
    return env


def static_files(root: Path) -> dict[str, Path]:
    """Theme assets by their path under /assets/, the archive's overriding the theme's."""
    files: dict[str, Path] = {}
    for base in (builtin_theme_dir() / STATIC_DIR, root / "templates" / STATIC_DIR):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(base).as_posix()] = path
    return dict(sorted(files.items()))


def template_error(exc: Exception, root: Path, diags: Diagnostics) -> None:
    """Report a template problem at its template line, not as a traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name, line = exc.filename or exc.name or "template", exc.lineno or 1
        message = exc.message or str(exc)
    else:
        name, line = "template", 1
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith((".html", ".xml", ".txt")):
                name, line = filename, tb.tb_lineno
            tb = tb.tb_next
        message = str(exc) or type(exc).__name__
    path = Path(name)
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = f"(theme) {path.name}"
    diags.error(shown, Position(line, 1), f"template error: {message}")
