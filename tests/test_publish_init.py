"""`briefgen init DIR`: a new archive that builds, and a GitHub Pages workflow
(this repository's own too) with the steps Pages needs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import REPO, parse_html, run_briefgen

import briefgen
from briefgen.commands import requirement

BUILD_COMMAND = 'briefgen build --strict --base-url "$BASE_URL"'


def workflow_steps(path: Path) -> tuple[dict, list[dict], list[dict]]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict)
    return workflow, workflow["jobs"]["build"]["steps"], workflow["jobs"]["deploy"]["steps"]


def uses(steps: list[dict], action: str) -> dict:
    found = [s for s in steps if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, (action, steps)
    return found[0]


def assert_pages_workflow(path: Path) -> list[dict]:
    """The structure GitHub Pages needs; returns the build job's steps."""
    workflow, build, deploy = workflow_steps(path)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    assert workflow["concurrency"]["cancel-in-progress"] is False

    names = [s.get("uses", "").split("@")[0] or s.get("name") for s in build]
    configure = uses(build, "actions/configure-pages")
    assert configure["id"] == "pages"
    upload = uses(build, "actions/upload-pages-artifact")
    assert upload["with"] == {"path": "site"}
    (build_step,) = [s for s in build if BUILD_COMMAND in s.get("run", "")]
    assert build_step["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    # briefgen's cache is restored before the build (and saved after the job),
    # under a key that changes with briefgen's version.
    (install,) = [s for s in build if "pip install" in s.get("run", "")]
    assert install["id"] == "briefgen"
    assert '>> "$GITHUB_OUTPUT"' in install["run"] and "briefgen --version" in install["run"]
    cache = uses(build, "actions/cache")
    assert cache["with"]["path"] == ".briefgen-cache"
    version = "${{ steps.briefgen.outputs.version }}-"
    assert cache["with"]["key"].startswith(version)
    assert cache["with"]["restore-keys"].strip().startswith(version)
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"].strip())
    assert "content/**" in cache["with"]["key"]
    # Checkout first; Pages configured before the build that needs its address;
    # briefgen installed before its cache is keyed; the build before the upload.
    assert names[0] == "actions/checkout"
    order = [build.index(s) for s in (configure, install, cache, build_step, upload)]
    assert order == sorted(order)

    job = workflow["jobs"]["deploy"]
    assert job["needs"] == "build"
    assert job["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert uses(deploy, "actions/deploy-pages")["id"] == "deployment"
    return build


def test_init_creates_an_archive_that_builds(tmp_path):
    target = tmp_path / "my-briefings"
    result = run_briefgen("init", str(target))
    assert result.code == 0, result.err
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    articles = [f for f in files if f.startswith("content/articles/")]
    assert len(articles) == 1 and articles[0].endswith("-welcome.md")
    assert set(files) == {
        ".github/workflows/pages.yml",
        ".gitignore",
        "briefgen.yaml",
        "requirements.txt",
        "templates/README.md",
        "content/entities/example-minister.md",
        "content/sources/example-statement.md",
        articles[0],
    }
    ignored = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"site/", ".briefgen-cache/"} <= set(ignored)
    assert yaml.safe_load((target / "briefgen.yaml").read_text())["title"] == "My briefings"

    built = run_briefgen("build", "--strict", root=target)
    assert built.code == 0, built.err
    assert built.diagnostics == []
    page = parse_html(target / "site/articles/welcome/index.html")
    claim = page.find(id="claim-talks-resume")
    assert claim.get_text() == "talks will resume next week"
    assert page.find("a", string="Statement by the Example Minister")
    data = json.loads(page.find("script", type="application/ld+json").string)
    review = data["@graph"][1]
    assert review["itemReviewed"]["author"]["name"] == "Example Minister"

    # Built as the workflow builds it: feeds and sitemap for the Pages address.
    site = tmp_path / "published"
    base = "https://someone.github.io/my-briefings/"
    built = run_briefgen("build", "--out", str(site), "--base-url", base, root=target)
    assert built.code == 0, built.err
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.entries[0].link == base + "articles/welcome/"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_what_git_leaves_out_of_a_built_archive(tmp_path):
    target = tmp_path / "archive"
    assert run_briefgen("init", str(target)).code == 0
    assert run_briefgen("build", root=target).code == 0
    assert (target / "site").is_dir() and (target / ".briefgen-cache").is_dir()
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    status = subprocess.run(
        ["git", "-C", str(target), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listed = {line[3:] for line in status.splitlines()}
    assert ".github/workflows/pages.yml" in listed and "requirements.txt" in listed
    assert not [p for p in listed if p.startswith(("site/", ".briefgen-cache/"))]


def test_init_workflow_installs_from_requirements_and_deploys(tmp_path):
    target = tmp_path / "archive"
    assert run_briefgen("init", str(target)).code == 0
    build = assert_pages_workflow(target / ".github/workflows/pages.yml")
    (install,) = [s for s in build if "pip install" in s.get("run", "")]
    assert "pip install -r requirements.txt" in install["run"]
    # Without a line that installs briefgen, the job stops and says why.
    assert "command -v briefgen" in install["run"] and "exit 1" in install["run"]


def test_repository_workflow_publishes_the_demo(tmp_path):
    build = assert_pages_workflow(REPO / ".github/workflows/pages.yml")
    (install,) = [s for s in build if "pip install" in s.get("run", "")]
    assert install["run"].splitlines()[0] == "pip install ."
    # Here the code changes from commit to commit: the cache key holds it.
    assert "'briefgen/**'" in uses(build, "actions/cache")["with"]["key"]


def requirement_lines(target: Path) -> list[str]:
    lines = (target / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture
def released(monkeypatch):
    """briefgen as a user of a release has it: installed from a wheel, not from Git
    and not run from a source checkout."""
    monkeypatch.setattr(requirement, "from_pip_record", lambda: None)
    monkeypatch.setattr(requirement, "from_source_checkout", lambda package_dir: None)


def test_requirements_pin_the_running_release(tmp_path, released):
    target = tmp_path / "archive"
    result = run_briefgen("init", str(target))
    assert result.code == 0, result.err
    pin = f"briefgen=={briefgen.__version__}"
    assert requirement_lines(target) == [pin]
    assert f"the Pages workflow installs {pin} (the version of this briefgen)" in result.err
    assert "before publishing" not in result.err


@pytest.mark.parametrize(
    "spec",
    ["briefgen==9.9.9", "briefgen @ git+https://github.com/me/briefgen@0123abc", "-e ../briefgen"],
)
def test_init_requirement_overrides(tmp_path, spec):
    target = tmp_path / "archive"
    result = run_briefgen("init", str(target), "--requirement", f" {spec} ")
    assert result.code == 0, result.err
    assert requirement_lines(target) == [spec]
    assert f"installs {spec} (--requirement)" in result.err


@pytest.mark.parametrize("spec", ["", "  ", "briefgen\nrequests", "# briefgen"])
def test_init_requirement_must_be_one_line(tmp_path, spec):
    target = tmp_path / "archive"
    result = run_briefgen("init", str(target), "--requirement", spec)
    assert result.code == 2
    assert result.err.splitlines() == [
        "briefgen: error: --requirement wants one line of requirements.txt, such as "
        "'briefgen==1.2.0' or 'briefgen @ git+https://github.com/OWNER/briefgen@COMMIT'"
    ]
    assert not target.exists()


class FakeDistribution:
    def __init__(self, direct_url: dict | None):
        self.direct_url = direct_url

    def read_text(self, name):
        assert name == "direct_url.json"
        return json.dumps(self.direct_url) if self.direct_url is not None else None


@pytest.mark.parametrize(
    "direct_url, expected",
    [
        (
            {
                "url": "https://github.com/someone/briefgen",
                "vcs_info": {"vcs": "git", "commit_id": "0123abc"},
            },
            "briefgen @ git+https://github.com/someone/briefgen@0123abc",
        ),
        (
            {
                "url": "https://someone:ghp_secret@github.com/someone/briefgen.git",
                "vcs_info": {"vcs": "git", "commit_id": "0123abc"},
            },
            "briefgen @ git+https://github.com/someone/briefgen.git@0123abc",
        ),
        (
            {
                "url": "ssh://git@github.com/someone/briefgen",
                "vcs_info": {"vcs": "git", "commit_id": "0123abc"},
            },
            f"briefgen=={briefgen.__version__}",
        ),
        (
            {"url": "file:///home/me/briefgen", "dir_info": {"editable": True}},
            f"briefgen=={briefgen.__version__}",
        ),
        (None, f"briefgen=={briefgen.__version__}"),
    ],
    ids=["git", "git-with-token", "ssh", "editable", "unknown"],
)
def test_requirement_comes_from_how_briefgen_was_installed(
    tmp_path, monkeypatch, direct_url, expected
):
    monkeypatch.setattr(
        requirement.metadata, "distribution", lambda name: FakeDistribution(direct_url)
    )
    monkeypatch.setattr(requirement, "from_source_checkout", lambda package_dir: None)
    target = tmp_path / "archive"
    result = run_briefgen("init", str(target))
    assert result.code == 0
    assert requirement_lines(target) == [expected]
    assert "ghp_secret" not in result.err


def git(checkout: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(checkout), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A source checkout of briefgen: pyproject.toml and the package at its top."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    top = tmp_path / "briefgen-src"
    (top / "briefgen").mkdir(parents=True)
    (top / "briefgen" / "__init__.py").write_text('__version__ = "0.1.0"\n', encoding="utf-8")
    (top / "pyproject.toml").write_text('[project]\nname = "briefgen"\n', encoding="utf-8")
    git(top, "init", "-q")
    git(top, "add", ".")
    git(top, "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-qm", "one")
    return top


def test_a_checkout_with_an_https_remote_gives_its_url_and_commit(checkout):
    git(checkout, "remote", "add", "origin", "https://me:ghp_secret@github.com/me/briefgen.git")
    commit = git(checkout, "rev-parse", "HEAD")
    found = requirement.from_source_checkout(checkout / "briefgen")
    assert found.line == f"briefgen @ git+https://github.com/me/briefgen.git@{commit}"
    # Not pushed yet: the workflow could not fetch it.
    assert (
        found.caveat
        == f"commit {commit[:12]} is on no branch of origin yet; push it before publishing"
    )
    git(checkout, "update-ref", "refs/remotes/origin/main", commit)  # as after a push
    assert requirement.from_source_checkout(checkout / "briefgen").caveat == ""


def test_a_checkout_the_workflow_cannot_fetch_gives_no_url(checkout, tmp_path):
    package = checkout / "briefgen"
    assert requirement.from_source_checkout(package) is None  # no remote
    git(checkout, "remote", "add", "origin", "git@github.com:me/briefgen.git")
    assert requirement.from_source_checkout(package) is None  # ssh needs keys
    git(checkout, "remote", "set-url", "origin", str(tmp_path / "elsewhere"))
    assert requirement.from_source_checkout(package) is None  # a local path
    # A package folder that is not at the top of the checkout is not briefgen's.
    nested = checkout / "vendor" / "briefgen"
    nested.mkdir(parents=True)
    assert requirement.from_source_checkout(nested) is None


def test_init_from_a_checkout_writes_the_url_and_says_to_push(tmp_path, monkeypatch, checkout):
    git(checkout, "remote", "add", "upstream", "https://github.com/me/briefgen")
    commit = git(checkout, "rev-parse", "HEAD")
    monkeypatch.setattr(requirement, "from_pip_record", lambda: None)
    monkeypatch.setattr(
        requirement.briefgen, "__file__", str(checkout / "briefgen" / "__init__.py")
    )
    target = tmp_path / "archive"
    result = run_briefgen("init", str(target))
    assert result.code == 0
    assert requirement_lines(target) == [f"briefgen @ git+https://github.com/me/briefgen@{commit}"]
    assert f"before publishing: commit {commit[:12]} is on no branch of upstream yet" in result.err


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_briefgen("init", str(target))
    assert result.code == 2
    assert (
        result.err.strip()
        == f"briefgen: error: '{target}' is not empty; give a new or empty folder"
    )
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    # An empty folder is fine.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_briefgen("init", str(empty)).code == 0
    assert (empty / "briefgen.yaml").is_file()
