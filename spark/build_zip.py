"""Build ``terrascope_core.zip`` for ``spark-submit --py-files`` (``make spark-zip``).

It holds the core (``plugin/__init__.py``, ``plugin/core/**.py``) and ``metadata.txt`` (the version,
at the place ``plugin/core/about.py`` looks for it), nothing of QGIS: a core module that imports QGIS
or Qt stops the build. pyspark puts only ``.zip``, ``.egg`` and ``.jar`` files of ``--py-files`` on
the Python path (not ``.whl``), hence a zip. Entries are sorted and dated 1980-01-01: the same sources
give the same bytes. Written under a temporary name, then renamed.

    python3 spark/build_zip.py build/terrascope_core.zip
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FORBIDDEN = re.compile(r"^\s*(from|import)\s+(qgis|PyQt5|PyQt6|sip)\b", re.MULTILINE)


def core_files(repo: Path = REPO) -> list[str]:
    """Paths (relative to the repository) that go into the zip, sorted."""
    files = ["metadata.txt", "plugin/__init__.py"]
    for path in sorted((repo / "plugin" / "core").rglob("*.py")):
        if "__pycache__" not in path.parts:
            files.append(path.relative_to(repo).as_posix())
    return files


def check_no_qgis(repo: Path, files: list[str]) -> None:
    offenders = [
        name for name in files if name.endswith(".py") and FORBIDDEN.search((repo / name).read_text("utf-8"))
    ]
    if offenders:
        raise SystemExit(f"build_zip: the core must not import QGIS or Qt: {', '.join(offenders)}")


def build(target: str, repo: Path = REPO) -> list[str]:
    files = core_files(repo)
    check_no_qgis(repo, files)
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    temp = f"{target}.part{os.getpid()}"
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in files:
                info = zipfile.ZipInfo(name, FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, (repo / name).read_bytes())
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.remove(temp)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", help="the zip to write, e.g. build/terrascope_core.zip")
    args = parser.parse_args(argv)
    files = build(args.target)
    print(f"{args.target}: {len(files)} files (plugin/core and metadata.txt)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
