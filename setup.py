"""Which packages the distribution holds; everything else is in pyproject.toml.

Found rather than listed, so that a new folder under briefgen/ (code or data, such
as the files `briefgen init` copies) ships without an edit here: every folder is a
(namespace) package, and package-data in pyproject.toml takes all of its files.
The default theme is the repository's templates/, shipped as briefgen.builtin_theme.
"""

from setuptools import find_namespace_packages, setup

THEME = "briefgen.builtin_theme"
NOT_SHIPPED = ["*__pycache__*"]

theme = find_namespace_packages("templates", exclude=NOT_SHIPPED)
setup(
    packages=[
        *find_namespace_packages(include=["briefgen", "briefgen.*"], exclude=NOT_SHIPPED),
        THEME,
        *(f"{THEME}.{name}" for name in theme),
    ],
    package_dir={THEME: "templates"},
)
