"""`briefgen init DIR`: a new archive, ready to build and to publish on GitHub Pages.

It holds settings, one sample article with a claim, entity and source, a
.gitignore, an empty templates/ folder for theme overrides, a requirements.txt
naming where to install briefgen from, and .github/workflows/pages.yml.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import sys
from importlib import metadata
from pathlib import Path

from briefgen.commands.report import usage_error

# Files are shipped under names without a leading dot, which packaging tools and
# globs tend to skip; they get their dot when written.
RENAMES = {"gitignore": ".gitignore", "github": ".github"}


def add_parser(commands, parents) -> None:
    parser = commands.add_parser(
        "init", parents=parents, help="create a new archive in DIR", description=__doc__
    )
    parser.add_argument("dir", metavar="DIR", help="the new archive's folder (new or empty)")
    parser.add_argument("--title", help="the site's title (default: from DIR's name)")
    parser.set_defaults(run=run)


def init_files_dir() -> Path:
    return Path(str(importlib.resources.files("briefgen") / "init_files"))


def installed_requirement() -> str:
    """A requirement line for this briefgen when it was installed from a Git
    repository (pip records where, PEP 610); '' otherwise, since a local path or
    an editable checkout means nothing on a CI machine."""
    try:
        text = metadata.distribution("briefgen").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return ""
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    vcs = data.get("vcs_info") or {}
    url = data.get("url", "")
    if vcs.get("vcs") != "git" or not url.startswith("https://") or not vcs.get("commit_id"):
        return ""
    return f"briefgen @ git+{url}@{vcs['commit_id']}"


def _title_from(folder: Path) -> str:
    words = folder.resolve().name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "Briefings"


def _target(rel: Path) -> Path:
    first, *rest = rel.parts
    return Path(RENAMES.get(first, first), *rest)


def run(args) -> int:
    target = Path(args.dir)
    if target.exists() and not target.is_dir():
        return usage_error(f"'{target}' exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        return usage_error(f"'{target}' is not empty; give a new or empty folder")
    date = dt.date.today().isoformat()
    requirement = installed_requirement()
    values = {
        "@TITLE@": json.dumps(args.title or _title_from(target), ensure_ascii=False),
        "@DATE@": date,
        "@REQUIREMENT@\n": f"{requirement}\n" if requirement else "",
    }
    source_dir = init_files_dir()
    written = []
    for path in sorted(source_dir.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = _target(path.relative_to(source_dir))
        text = path.read_text(encoding="utf-8")
        for marker, value in values.items():
            text = text.replace(marker, value)
        out = target / str(rel).replace("@DATE@", date)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        written.append(out)
    print(f"created an archive in {target} ({len(written)} files)", file=sys.stderr)
    if not requirement:
        print(
            f"before publishing: add a line to {target / 'requirements.txt'} that installs "
            "briefgen (briefgen is not on PyPI)",
            file=sys.stderr,
        )
    print(
        f"next: cd {target} && briefgen build, then open site/index.html",
        file=sys.stderr,
    )
    return 0
