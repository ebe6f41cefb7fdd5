"""`briefgen init DIR`: a new archive that builds, and a GitHub Pages workflow
(this repository's own too) with the steps Pages needs."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import REPO, parse_html, run_briefgen

from briefgen.commands import init_cmd

BUILD_COMMAND = 'briefgen build --base-url "$BASE_URL"'


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
    # Checkout first; Pages configured before the build that needs its address;
    # the build before the upload.
    assert names[0] == "actions/checkout"
    order = [build.index(configure), build.index(build_step), build.index(upload)]
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
    assert "site/" in (target / ".gitignore").read_text(encoding="utf-8").splitlines()
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
    assert install["run"].strip() == "pip install ."


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
        ({"url": "file:///home/me/briefgen", "dir_info": {"editable": True}}, ""),
        (None, ""),
    ],
    ids=["git", "editable", "unknown"],
)
def test_requirement_comes_from_how_briefgen_was_installed(
    tmp_path, monkeypatch, direct_url, expected
):
    monkeypatch.setattr(
        init_cmd.metadata, "distribution", lambda name: FakeDistribution(direct_url)
    )
    target = tmp_path / "archive"
    result = run_briefgen("init", str(target))
    assert result.code == 0
    lines = (target / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == ([expected] if expected else [])
    assert ("before publishing" in result.err) == (not expected)


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
