"""briefgen as a user gets it: a wheel built from this repository, installed with its
dependencies into a fresh virtual environment (not this one), then `briefgen build`
run in an archive far from the repository. The theme must come from the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL, REPO, parse_html, write_archive

pytestmark = pytest.mark.slow

# What building the wheel needs from the repository; copied so that the build leaves
# no build/ or egg-info behind in the checkout.
PROJECT_FILES = [
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "briefgen",
    "templates",
]


def run(*args, cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    # A clean environment: nothing may lead the new interpreter back to this checkout.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src") / "briefgen-src"
    src.mkdir()
    for name in PROJECT_FILES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, src / name)
    out = tmp_path_factory.mktemp("dist")
    # With build isolation, as a user's `pip install .` does: the build backend comes
    # from pyproject's build-system requirements, not from this environment.
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, src, cwd=src, timeout=300)
    (found,) = out.glob("briefgen-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The bin/ folder of a fresh venv with the wheel and its dependencies."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    python = env_dir / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", wheel, cwd=env_dir, timeout=300)
    return env_dir / "bin"


def test_the_wheel_ships_the_theme(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ["base.html", "article.html", "entity.html", "tag.html", "index.html"]:
        assert f"briefgen/builtin_theme/{template}" in names
    assert "briefgen/builtin_theme/static/style.css" in names
    assert "briefgen/builtin_theme/partials/claim_tail.html" in names
    assert not any("__pycache__" in n or n.startswith(("tests/", "content/")) for n in names)
    # The JSON Schemas published under /data/schema/.
    for kind in ["claims", "entities", "sources", "articles"]:
        assert f"briefgen/schemas/{kind}.schema.json" in names


def test_the_venv_is_not_this_environment(installed, tmp_path):
    python = installed / "python"
    code = "import briefgen, briefgen.theme, sys; print(briefgen.__file__); print(briefgen.theme.builtin_theme_dir()); print(sys.prefix)"
    lines = run(python, "-c", code, cwd=tmp_path).stdout.splitlines()
    package, theme, prefix = (Path(line) for line in lines)
    env = installed.parent
    assert package.is_relative_to(env) and theme.is_relative_to(env) and prefix == env
    assert not theme.is_relative_to(REPO)
    assert (theme / "static" / "style.css").is_file()
    version = run(installed / "briefgen", "--version", cwd=tmp_path).stdout
    assert version.startswith("briefgen ")


def test_installed_briefgen_builds_a_fixture_archive(installed, tmp_path):
    root = write_archive(tmp_path / "archive", MINIMAL)
    result = run(installed / "briefgen", "build", "--strict", cwd=root)
    assert "built " in result.stderr
    site = root / "site"
    for page in ["index.html", "articles/talks/index.html", "entities/index.html",
                 "entities/vladimir-putin/index.html", "tags/negotiations/index.html",
                 "claims/index.html", "sources/kremlin-readout/index.html", "archive/index.html",
                 "404.html"]:  # fmt: skip
        assert (site / page).is_file(), page
    css = site / "assets" / "style.css"
    assert css.read_bytes() == (REPO / "templates" / "static" / "style.css").read_bytes()
    article = parse_html(site / "articles/talks/index.html")
    assert article.find(id="claim-no-breakthrough").name == "mark"
    assert article.find("link", rel="stylesheet")["href"].endswith("assets/style.css")
    schema = site / "data" / "schema" / "claims.schema.json"
    assert (
        schema.read_bytes() == (REPO / "briefgen" / "schemas" / "claims.schema.json").read_bytes()
    )


def test_installed_briefgen_builds_the_demo(installed, tmp_path):
    if not (REPO / "content").is_dir():
        pytest.skip("this checkout has no demo content")
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "briefgen.yaml", root / "briefgen.yaml")
    run(installed / "briefgen", "build", cwd=root)
    site = root / "site"
    articles = sorted(p.parent.name for p in (site / "articles").glob("*/index.html"))
    expected = sorted(p.stem.split("-", 3)[3] for p in (REPO / "content/articles").glob("*.md"))
    assert articles == expected
    assert (site / "assets/style.css").is_file()
    entities = list((site / "entities").glob("*/index.html"))
    assert len(entities) == len(list((REPO / "content/entities").glob("*.md")))


def test_installed_briefgen_init_makes_an_archive_that_builds(installed, tmp_path):
    run(installed / "briefgen", "init", "new-archive", cwd=tmp_path)
    root = tmp_path / "new-archive"
    assert (root / "briefgen.yaml").is_file()
    assert (root / ".github/workflows/pages.yml").is_file()
    run(installed / "briefgen", "build", "--strict", cwd=root)
    assert (root / "site/index.html").is_file() and (root / "site/assets/style.css").is_file()
