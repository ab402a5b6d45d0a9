"""Installing the project ships every template and schema, and says nothing alarming doing it."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"


def setuptools_table() -> dict[str, Any]:
    """Return pyproject.toml's [tool.setuptools] table."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        table: dict[str, Any] = tomllib.load(handle)["tool"]["setuptools"]
    return table


def found_packages(table: dict[str, Any]) -> set[str]:
    """The packages setuptools' find would list: every folder when namespaces are on."""
    find = table["packages"]["find"]
    namespaces = find.get("namespaces", True)
    packages = set()
    for folder in [PACKAGE, *PACKAGE.rglob("*")]:
        if not folder.is_dir() or "__pycache__" in folder.parts:
            continue
        if not namespaces and not (folder / "__init__.py").is_file():
            continue
        name = ".".join(folder.relative_to(ROOT).parts)
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in find["include"]):
            packages.add(name)
    return packages


def data_files() -> list[Path]:
    """Every file under generator/ that is not Python source or bytecode."""
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    )


def shipped(path: Path, packages: set[str], package_data: dict[str, list[str]]) -> bool:
    """Tell whether a package-data glob of the file's package, or of a parent, names the file."""
    folder = path.parent.relative_to(ROOT).parts
    for depth in range(len(folder), 0, -1):
        package = ".".join(folder[:depth])
        if package not in packages:
            continue
        inside = PurePosixPath(*path.relative_to(ROOT).parts[depth:])
        globs = package_data.get(package, []) + package_data.get("*", [])
        if any(inside.match(glob) and len(inside.parts) == glob.count("/") + 1 for glob in globs):
            return True
    return False


def test_every_template_and_schema_is_package_data() -> None:
    table = setuptools_table()
    packages = found_packages(table)
    files = data_files()
    # The site templates and the open-data schema at least: the build cannot run without them.
    assert any(path.suffix == ".j2" for path in files)
    assert any(path.name.endswith(".schema.json") for path in files)
    missing = [
        str(path.relative_to(ROOT))
        for path in files
        if not shipped(path, packages, table.get("package-data", {}))
    ]
    assert missing == [], "add a glob to [tool.setuptools.package-data] for these"


def test_every_data_folder_is_a_found_package() -> None:
    # A data folder outside the package list is installed "as data", which setuptools warns
    # about on every install and will stop doing.
    packages = found_packages(setuptools_table())
    folders = {".".join(path.parent.relative_to(ROOT).parts) for path in data_files()}
    assert folders <= packages


def test_editable_install_is_a_plain_path_entry() -> None:
    # With the project folder as the import root, `pip install -e .` writes one .pth line;
    # otherwise setuptools installs an import hook and warns about same-named folders.
    table = setuptools_table()
    assert table.get("package-dir") == {"": "."}
    for package in found_packages(table):
        assert (ROOT / package.replace(".", "/")).is_dir()
