"""briefgen as PyPI gets it: `python -m build` makes an sdist and, from it, a wheel;
`twine check --strict` accepts both; the metadata is complete; the wheel holds every
file of the package and of the theme, including data folders added later."""

from __future__ import annotations

import email.parser
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import REPO
from test_install import PROJECT_FILES, run

import briefgen

pytestmark = pytest.mark.slow


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(
                path, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            shutil.copy(path, dest / name)
    return dest


def files_under(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    src = copy_project(tmp_path_factory.mktemp("src") / "briefgen-src")
    out = tmp_path_factory.mktemp("dist")
    # As the release workflow builds: the sdist, then the wheel from the sdist, so
    # a file missing from the sdist is missing from the wheel too.
    run(sys.executable, "-m", "build", "--outdir", out, src, cwd=src, timeout=600)
    return out


def test_twine_check_strict_passes(dist, capsys):
    files = sorted(dist.iterdir())
    assert [f.name for f in files] == [
        f"briefgen-{briefgen.__version__}-py3-none-any.whl",
        f"briefgen-{briefgen.__version__}.tar.gz",
    ]
    result = run(sys.executable, "-m", "twine", "check", "--strict", *files, cwd=dist)
    assert result.stdout.count("PASSED") == 2, result.stdout
    with capsys.disabled():
        print("\n" + result.stdout, end="")


def archive_text(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(name).decode()


def test_the_metadata_is_complete(dist):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        info = f"briefgen-{briefgen.__version__}.dist-info"
        meta = email.parser.Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        license_text = archive.read(f"{info}/licenses/LICENSE").decode()
    assert meta["Name"] == "briefgen" and meta["Version"] == briefgen.__version__
    assert meta["Summary"].startswith("Publish annotated briefing archives")
    assert meta["Requires-Python"] == ">=3.11"
    # The code's licence, and that of the fonts shipped for share images.
    assert meta["License-Expression"] == "MIT AND Bitstream-Vera"
    fonts_license = archive_text(wheel, f"{info}/licenses/briefgen/fonts/LICENSE")
    assert "Bitstream Vera" in fonts_license
    assert license_text.startswith("MIT License") and "briefgen contributors" in license_text
    assert meta["Description-Content-Type"] == "text/markdown"
    assert meta.get_payload().startswith("# briefgen")
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert urls["Homepage"] == "https://github.com/briefgen/briefgen"
    assert set(urls) >= {"Source", "Issues", "Changelog"}
    classifiers = meta.get_all("Classifier")
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the expression says it
    requires = {
        r.split(">")[0].split("=")[0] for r in meta.get_all("Requires-Dist") if "extra ==" not in r
    }
    assert requires == {
        "jinja2",
        "markdown-it-py",
        "mdit-py-plugins",
        "pyyaml",
        "watchdog",
        "nh3",
        # briefgen check: re-anchoring drifted quotes
        "rapidfuzz",
        # briefgen import: article extraction and word frequencies
        "trafilatura",
        "lxml_html_clean",
        "wordfreq",
        # search: the Pagefind index, with its binary
        "pagefind[bin]",
        # share images
        "Pillow",
    }


def test_the_wheel_holds_the_package_and_the_theme(dist):
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {n.removeprefix("briefgen/") for n in names if n.startswith("briefgen/")}
    shipped_code = {n for n in package if not n.startswith("builtin_theme/")}
    assert shipped_code == files_under(REPO / "briefgen")
    theme = {n.removeprefix("builtin_theme/") for n in package if n.startswith("builtin_theme/")}
    assert theme == files_under(REPO / "templates")
    assert "init_files/github/workflows/pages.yml" in shipped_code
    assert "init_files/gitignore" in shipped_code
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_sdist_holds_what_a_build_needs(dist):
    (sdist,) = dist.glob("*.tar.gz")
    top = f"briefgen-{briefgen.__version__}/"
    with tarfile.open(sdist) as archive:
        names = {n.removeprefix(top) for n in archive.getnames()}
    assert {"pyproject.toml", "setup.py", "README.md", "LICENSE", "CHANGELOG.md"} <= names
    assert {f"briefgen/{n}" for n in files_under(REPO / "briefgen")} <= names
    assert {f"templates/{n}" for n in files_under(REPO / "templates")} <= names
    assert not [n for n in names if n.startswith(("tests/", "content/", ".github/"))]


def test_a_new_data_folder_ships_without_editing_the_build_configuration(tmp_path):
    src = copy_project(tmp_path / "src")
    (src / "briefgen/vocabularies").mkdir()
    (src / "briefgen/vocabularies/likelihood.json").write_text("{}\n", encoding="utf-8")
    (src / "briefgen/init_files/content/tags").mkdir()
    (src / "briefgen/init_files/content/tags/example.md").write_text("---\n---\n", "utf-8")
    (src / "templates/static/fonts").mkdir()
    (src / "templates/static/fonts/face.woff2").write_bytes(b"wOF2")
    out = tmp_path / "out"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, src, cwd=src, timeout=300)
    (wheel,) = out.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "briefgen/vocabularies/likelihood.json",
        "briefgen/init_files/content/tags/example.md",
        "briefgen/builtin_theme/static/fonts/face.woff2",
    } <= names
