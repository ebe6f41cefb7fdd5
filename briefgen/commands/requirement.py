"""The line of a new archive's requirements.txt that installs this very briefgen on
a CI machine (GitHub Actions), so that the published site is built by the briefgen
the archive was made and tried with.

In order: briefgen installed by pip from a Git URL (pip records where, PEP 610);
briefgen run from a source checkout whose remote is an https Git URL; otherwise
the released version, `briefgen==X.Y.Z`, which is what every user of a release
from the package index has. A local path means nothing on a CI machine, and an
ssh remote needs keys the workflow does not have, so neither is ever written.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import briefgen


@dataclass(frozen=True)
class Requirement:
    line: str
    # Why this line, for the message `init` prints.
    origin: str
    # Something the user should do before the workflow can install it ('' if nothing).
    caveat: str = ""


def for_this_briefgen() -> Requirement:
    return (
        from_pip_record()
        or from_source_checkout(Path(briefgen.__file__).resolve().parent)
        or Requirement(f"briefgen=={briefgen.__version__}", "the version of this briefgen")
    )


def public_https_url(url: str) -> str:
    """`url` without any user name or token in it when it is an https URL, else ''.
    A token in a remote's URL must never end up in a file meant to be committed."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        return ""
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit(("https", host, parts.path, "", ""))


def from_pip_record() -> Requirement | None:
    try:
        text = metadata.distribution("briefgen").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    vcs = data.get("vcs_info") or {}
    url = public_https_url(data.get("url", ""))
    if vcs.get("vcs") != "git" or not url or not vcs.get("commit_id"):
        return None
    return Requirement(f"briefgen @ git+{url}@{vcs['commit_id']}", "the Git URL pip installed from")


def _git(checkout: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(checkout), *args],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git on this machine
    return done.stdout.strip() if done.returncode == 0 else None


def from_source_checkout(package_dir: Path) -> Requirement | None:
    """A Git URL and commit when `package_dir` (the `briefgen` package folder) sits
    at the top of a Git checkout of briefgen with an https remote."""
    checkout = package_dir.parent
    if not (checkout / "pyproject.toml").is_file() or not (checkout / ".git").exists():
        return None
    top = _git(checkout, "rev-parse", "--show-toplevel")
    commit = _git(checkout, "rev-parse", "--verify", "HEAD^{commit}")
    if not top or not commit or Path(top).resolve() != checkout.resolve():
        return None
    remotes = (_git(checkout, "remote") or "").split()
    # The usual name first; otherwise a sole remote is unambiguous.
    name = "origin" if "origin" in remotes else (remotes[0] if len(remotes) == 1 else "")
    url = public_https_url(_git(checkout, "remote", "get-url", name) or "") if name else ""
    if not url:
        return None
    caveat = ""
    if not _git(checkout, "branch", "--remotes", "--contains", commit):
        caveat = f"commit {commit[:12]} is on no branch of {name} yet; push it before publishing"
    return Requirement(f"briefgen @ git+{url}@{commit}", f"the checkout at {checkout}", caveat)
