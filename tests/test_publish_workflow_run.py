"""The Pages workflow that `briefgen init` writes, run rather than read.

As a new user: the wheel built from this repository is put in a local folder that
stands in for the package index; a fresh venv installs briefgen from it, runs
`briefgen init x`, builds once and commits. Then, as a GitHub runner would, the
generated `.github/workflows/pages.yml` is parsed and every `run:` step of its
build job is executed in order with bash, in a fresh clone and a fresh venv, pip
pointed at the folder (PIP_FIND_LINKS, PIP_NO_INDEX=1), with the variables GitHub
sets (GITHUB_WORKSPACE, GITHUB_OUTPUT, ...) and each step's `env:` with its
`${{ ... }}` expressions filled in. `uses:` steps (checkout, setup-python,
configure-pages, cache, upload) are actions this test does not run: their effects
are stood in for (a clone, a venv on PATH, configure-pages' outputs for
https://octo.github.io/x, the cache folder carried from one run to the next) and
they are listed in the test's output. The site is then served under /x/ and
crawled by LinkChecker: no broken link.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass, field
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import parse_html
from site_compare import comparable
from test_install import run
from test_package import copy_project
from test_publish_crawl import crawl, serve

import briefgen

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

PAGES_URL = "https://octo.github.io/x"
# What actions/configure-pages@v5 outputs for a project site.
CONFIGURE_PAGES_OUTPUTS = {
    "base_url": PAGES_URL,
    "origin": "https://octo.github.io",
    "host": "octo.github.io",
    "base_path": "/x",
}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def offline_pip(index: Path) -> dict[str, str]:
    """pip sees only the folder standing in for the index, not this machine's pip
    configuration."""
    return {
        "PIP_FIND_LINKS": str(index),
        "PIP_NO_INDEX": "1",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    """The wheel of this repository and wheels of its dependencies: a package index
    that needs no network once made. The dependencies come from PyPI (or this
    machine's pip configuration) here, while the folder is filled."""
    src = copy_project(tmp_path_factory.mktemp("src") / "briefgen-src")
    folder = tmp_path_factory.mktemp("index")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", folder, src, cwd=src, timeout=300)
    (wheel,) = folder.glob("briefgen-*.whl")
    run(sys.executable, "-m", "pip", "wheel", "-w", folder, wheel, cwd=folder, timeout=300)
    return folder


def make_venv(where: Path) -> Path:
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(where)
    return where / "bin"


def git(cwd: Path, *args: str) -> str:
    identity = ["-c", "user.name=Octo", "-c", "user.email=octo@example.org"]
    return run("git", *identity, *args, cwd=cwd).stdout.strip()


@pytest.fixture(scope="module")
def user_repo(index, tmp_path_factory) -> Path:
    """The archive as its author pushes it: init, a local build, a commit."""
    home = tmp_path_factory.mktemp("author")
    bin_dir = make_venv(home / "venv")
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(home), **offline_pip(index)}
    version = briefgen.__version__
    install = [bin_dir / "python", "-m", "pip", "install", f"briefgen=={version}"]
    subprocess.run(install, cwd=home, env=env, check=True, capture_output=True, timeout=300)
    for command in (["init", "x"], ["build", "--root", "x"]):
        done = subprocess.run(
            [bin_dir / "briefgen", *command], cwd=home, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    repo = home / "x"
    lines = (repo / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == [f"briefgen=={version}"]
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "A new archive")
    return repo


@dataclass
class WorkflowRun:
    workspace: Path
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def evaluate(text: str, outputs: dict, github: dict) -> str:
    def value(match: re.Match) -> str:
        words = match.group(1).split(".")
        if len(words) == 4 and words[0] == "steps" and words[2] == "outputs":
            found = outputs.get(words[1], {}).get(words[3])
        elif len(words) == 2 and words[0] in github:
            found = github[words[0]].get(words[1])
        else:
            found = None
        if found is None:
            pytest.fail(f"the test cannot evaluate ${{{{ {match.group(1)} }}}}", pytrace=False)
        return found

    return EXPRESSION.sub(value, text)


def read_key_values(path: Path) -> dict[str, str]:
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line:
            assert "=" in line and "<<" not in line, line  # no multi-line values here
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


def run_workflow(repo: Path, index: Path, runner: Path, cache: Path | None) -> WorkflowRun:
    """The build job of the repository's pages.yml, on a fresh runner."""
    workspace = runner / "work" / "x" / "x"
    temp = runner / "temp"
    temp.mkdir(parents=True)
    # actions/checkout: a clone of the pushed commit, so only committed files are there.
    run("git", "clone", "-q", repo, workspace, cwd=runner)
    # actions/cache: what the last run saved, restored before the build.
    if cache is not None:
        shutil.copytree(cache, workspace / ".briefgen-cache")
    # actions/setup-python: a Python of its own on PATH (a fresh venv).
    path = [str(make_venv(runner / "python")), "/usr/bin", "/bin"]
    workflow = yaml.safe_load((workspace / ".github/workflows/pages.yml").read_text("utf-8"))
    result = WorkflowRun(workspace, {"pages": dict(CONFIGURE_PAGES_OUTPUTS)})
    github = {
        "github": {"workspace": str(workspace), "ref_name": "main", "repository": "octo/x"},
        "runner": {"os": "Linux", "temp": str(temp)},
    }
    env = {
        "HOME": str(runner / "home"),
        "LANG": "C.UTF-8",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_REPOSITORY": "octo/x",
        "GITHUB_REF": "refs/heads/main",
        "GITHUB_REF_NAME": "main",
        "GITHUB_SHA": git(workspace, "rev-parse", "HEAD"),
        "GITHUB_EVENT_NAME": "push",
        "RUNNER_OS": "Linux",
        "RUNNER_TEMP": str(temp),
        **offline_pip(index),
    }
    (runner / "home").mkdir()
    for number, step in enumerate(workflow["jobs"]["build"]["steps"]):
        name = step.get("name") or step.get("uses") or step["run"].splitlines()[0]
        if "uses" in step:
            result.skipped.append(step["uses"])
            continue
        assert "if" not in step and step.get("shell", "bash") == "bash", step
        files = {
            k: temp / f"{k.lower()}_{number}" for k in ("OUTPUT", "ENV", "PATH", "STEP_SUMMARY")
        }
        for file in files.values():
            file.touch()
        script = temp / f"step_{number}.sh"
        script.write_text(evaluate(step["run"], result.outputs, github), encoding="utf-8")
        step_env = {
            k: evaluate(str(v), result.outputs, github) for k, v in step.get("env", {}).items()
        }
        full_env = {
            **env,
            **step_env,
            "PATH": ":".join(path),
            **{f"GITHUB_{k}": str(f) for k, f in files.items()},
        }
        cwd = workspace / step.get("working-directory", ".")
        # GitHub's default shell on Linux runners.
        command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)]
        done = subprocess.run(
            command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600
        )
        result.log.append(f"$ {name} (exit {done.returncode})\n{done.stdout}{done.stderr}")
        assert done.returncode == 0, "\n".join(result.log)
        if "id" in step:
            result.outputs[step["id"]] = read_key_values(files["OUTPUT"])
        env.update(read_key_values(files["ENV"]))
        added = files["PATH"].read_text(encoding="utf-8").split()
        path[:0] = reversed(added)
    return result


@pytest.fixture(scope="module")
def first_run(user_repo, index, tmp_path_factory) -> WorkflowRun:
    return run_workflow(user_repo, index, tmp_path_factory.mktemp("runner"), cache=None)


def test_the_workflow_steps_build_the_site(first_run, capsys):
    site = first_run.workspace / "site"
    assert (site / "index.html").is_file() and (site / ".nojekyll").is_file()
    # The Pages address reached the build: links rooted at /x/, absolute feeds.
    page = parse_html(site / "articles/welcome/index.html")
    assert page.find("link", rel="canonical")["href"] == PAGES_URL + "/articles/welcome/"
    assert page.find("link", rel="stylesheet")["href"] == "/x/assets/style.css"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert [entry.link for entry in feed.entries] == [PAGES_URL + "/articles/welcome/"]
    # What actions/cache saves after the job, under a key that starts with this.
    assert first_run.outputs["briefgen"]["version"] == f"briefgen-{briefgen.__version__}"
    assert (first_run.workspace / ".briefgen-cache").is_dir()
    assert first_run.skipped == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        "actions/configure-pages@v5",
        "actions/cache@v4",
        "actions/upload-pages-artifact@v3",
    ]
    with capsys.disabled():
        print("\nuses: steps not run here (stood in for): " + ", ".join(first_run.skipped))
        print("\n".join(first_run.log))


def test_the_built_site_has_no_broken_link_under_the_project_path(first_run, tmp_path, capsys):
    site = first_run.workspace / "site"
    with serve(site, "/x/") as port:
        base = f"http://127.0.0.1:{port}/x/"
        rows = crawl([base, base + "404.html"], port, tmp_path)
    broken = [(r["url"], r["parentname"], r["result"]) for r in rows if r["valid"] != "True"]
    assert broken == []
    checked = {r["url"].split("#")[0] for r in rows if r["url"].startswith(base)}
    reached = {url.removeprefix(base).removesuffix("index.html") for url in checked}
    # Absolute links (canonical, feeds, sitemap) point at the Pages address, which
    # LinkChecker leaves alone as external: each must name a file of this site.
    absolute = {r["url"].split("#")[0] for r in rows if r["url"].startswith(PAGES_URL + "/")}
    assert absolute
    for url in sorted(absolute):
        rel = url.removeprefix(PAGES_URL + "/")
        target = site / rel / "index.html" if rel.endswith("/") or not rel else site / rel
        assert target.is_file(), url
    # Every page of the site was reached from the home page or the 404 page.
    pages = {
        p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html")
    }
    assert pages <= reached
    with capsys.disabled():
        print(
            f"\ncrawl /x/: {len(rows)} URLs, {len(reached)} on the site, {len(pages)} pages, {len(broken)} broken"
        )


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_rerun_with_the_cache_restored_builds_the_same_site(
    first_run, user_repo, index, tmp_path
):
    # A re-run of the same commit: the cache key matches exactly, site/ is not there.
    again = run_workflow(
        user_repo, index, tmp_path / "runner", first_run.workspace / ".briefgen-cache"
    )
    # Byte for byte, but for the order of the search index's filters (site_compare).
    assert comparable(site_files(again.workspace / "site")) == comparable(
        site_files(first_run.workspace / "site")
    )


def test_a_deploy_after_an_edit_does_not_start_cold(first_run, user_repo, index, tmp_path):
    entity = user_repo / "content/entities/example-minister.md"
    text = entity.read_text(encoding="utf-8")
    entity.write_text(text.rstrip("\n") + "\n\nAdded in a later commit.\n", encoding="utf-8")
    git(user_repo, "commit", "-qam", "Describe the minister")
    try:
        edited = run_workflow(
            user_repo, index, tmp_path / "runner", first_run.workspace / ".briefgen-cache"
        )
    finally:
        git(user_repo, "reset", "-q", "--hard", "HEAD~1")
    (build,) = [entry for entry in edited.log if entry.startswith("$ Build ")]
    assert "; 1 article bodies from cache" in build
    page = parse_html(edited.workspace / "site/entities/example-minister/index.html")
    assert "Added in a later commit." in page.get_text()
