"""``make spark-zip`` (spark/build_zip.py): the core for ``spark-submit --py-files``, nothing of QGIS.

What the zip must hold is worked out here from the source tree (os.walk, ast), not from the builder;
the zip is then used alone, from another folder, by a fresh Python."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "spark"))
import build_zip  # noqa: E402  (spark/ is not a package: the script's folder is put on the path)

QT_OR_QGIS = ("qgis", "PyQt5", "PyQt6", "sip")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("zip") / "terrascope_core.zip"
    build_zip.build(str(target))
    return target


def source_core_files() -> set[str]:
    found = {"metadata.txt", "plugin/__init__.py"}
    for folder, dirs, files in os.walk(REPO / "plugin" / "core"):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                found.add((Path(folder) / name).relative_to(REPO).as_posix())
    return found


def imported_modules(module: str, source: str) -> set[str]:
    """Absolute names of every module ``source`` imports (relative imports resolved)."""
    package = module.rsplit(".", 1)[0]  # the package of a module, or of an __init__
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                names.add(".".join(base + ([node.module] if node.module else [])))
            else:
                names.add(node.module or "")
    return names


def test_the_zip_holds_the_core_and_metadata_only(shipped: Path) -> None:
    with zipfile.ZipFile(shipped) as archive:
        names = set(archive.namelist())
        assert archive.read("metadata.txt") == (REPO / "metadata.txt").read_bytes()
        assert archive.read("plugin/core/spark/jobs.py") == (REPO / "plugin/core/spark/jobs.py").read_bytes()
    assert names == source_core_files()
    assert "plugin/core/spark/jobs.py" in names and "plugin/core/timeseries/__init__.py" in names


def test_nothing_in_the_zip_imports_qgis_or_leaves_the_core(shipped: Path) -> None:
    with zipfile.ZipFile(shipped) as archive:
        for name in archive.namelist():
            if not name.endswith(".py") or name == "plugin/__init__.py":
                continue
            module = name[:-3].replace("/", ".")
            for imported in imported_modules(module, archive.read(name).decode()):
                assert imported.split(".")[0] not in QT_OR_QGIS, (name, imported)
                if imported.startswith("plugin"):
                    assert imported.startswith("plugin.core"), (name, imported)


def test_the_zip_alone_gives_the_jobs_and_the_driver(shipped: Path, tmp_path: Path) -> None:
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import plugin.core.spark.jobs, plugin.core.spark.series_jobs, plugin.core.spark.inputs,"
        " plugin.core.spark.outputs, plugin.core.cli;"
        "print(plugin.core.spark.jobs.core_file());"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT_OR_QGIS!r}))"
    )
    # -I: no PYTHONPATH, no current folder on the path; the run is in another folder anyway.
    run = subprocess.run(
        [sys.executable, "-I", "-c", probe, str(shipped)], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [f"{shipped}/plugin/core/__init__.py", "[]"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    driver = [sys.executable, str(REPO / "spark" / "terrascope_spark.py"), "composite", "--help"]
    helped = subprocess.run(
        driver, cwd=tmp_path, env={**env, "PYTHONPATH": str(shipped)}, capture_output=True, text=True
    )
    assert helped.returncode == 0 and "--statistics" in helped.stdout, helped.stderr
    without = subprocess.run(driver, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert without.returncode != 0 and "--py-files terrascope_core.zip" in without.stderr


def test_the_core_imported_from_the_zip_knows_its_version(shipped: Path, tmp_path: Path) -> None:
    """``about`` reads metadata.txt from inside the zip (the driver's summary and jobs name the version)."""
    expected = next(
        line.split("=", 1)[1].strip()
        for line in (REPO / "metadata.txt").read_text().splitlines()
        if line.startswith("version=")
    )
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); from plugin.core import about; print(about.version())"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", probe, str(shipped)], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == expected


def test_the_same_sources_give_the_same_bytes(shipped: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.zip"
    build_zip.build(str(again))
    assert again.read_bytes() == shipped.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["again.zip"]  # no temporary file left behind


def test_a_core_module_importing_qgis_stops_the_build(tmp_path: Path) -> None:
    tree = tmp_path / "repo"
    shutil.copytree(
        REPO / "plugin" / "core", tree / "plugin" / "core", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "plugin" / "__init__.py", tree / "plugin" / "__init__.py")
    shutil.copy(REPO / "metadata.txt", tree / "metadata.txt")
    (tree / "plugin" / "core" / "spark" / "leak.py").write_text("from qgis.core import QgsProject\n")
    target = tmp_path / "out" / "terrascope_core.zip"
    with pytest.raises(SystemExit, match="leak.py"):
        build_zip.build(str(target), repo=tree)
    assert not target.exists()
