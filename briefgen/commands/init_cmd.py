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
    parser.add_argument(
        "--requirement",
        metavar="SPEC",
        help="what the Pages workflow installs, as a line of requirements.txt (default: "
        "this briefgen: briefgen==VERSION, or the Git URL and commit it came from)",
    )
    parser.set_defaults(run=run)


def init_files_dir() -> Path:
    return Path(str(importlib.resources.files("briefgen") / "init_files"))


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
    # (Imported here: it reads the installed package's metadata, which the other
    # commands never need.)
    from briefgen.commands import requirement

    if args.requirement is not None:
        line = args.requirement.strip()
        if not line or "\n" in line or "\r" in line or line.startswith("#"):
            return usage_error(
                "--requirement wants one line of requirements.txt, such as "
                "'briefgen==1.2.0' or 'briefgen @ git+https://github.com/OWNER/briefgen@COMMIT'"
            )
        pin = requirement.Requirement(line, "--requirement")
    else:
        pin = requirement.for_this_briefgen()
    date = dt.date.today().isoformat()
    values = {
        "@TITLE@": json.dumps(args.title or _title_from(target), ensure_ascii=False),
        "@DATE@": date,
        "@REQUIREMENT@": pin.line,
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
    print(
        f"the Pages workflow installs {pin.line} ({pin.origin}); change it in "
        f"{target / 'requirements.txt'}",
        file=sys.stderr,
    )
    if pin.caveat:
        print(f"before publishing: {pin.caveat}", file=sys.stderr)
    print(
        f"next: cd {target} && briefgen build, then open site/index.html",
        file=sys.stderr,
    )
    return 0
