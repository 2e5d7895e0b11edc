#!/usr/bin/env python3
"""Copy the plugin into a QGIS plugins folder, or zip it for the plugin repository.

Both use one file list: the runtime files only (no tests, benchmarks or scripts), under a
single top folder named ``terrascope_browser``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_FOLDER = "terrascope_browser"
TOP_FILES = ("metadata.txt", "__init__.py", "resources.qrc", "resources_rc.py", "README.md", "LICENSE")
TREES = {
    "plugin": ("*.py",),
    "ui": ("*.ui",),
    "icons": ("*.svg", "*.png"),
    "models": ("*.model3",),
    "i18n": ("*.qm",),  # compiled translations; the .ts sources stay out
    "spark": ("*.py",),  # the Spark driver and zip builder: terrascope:sparkjob ships them in a job folder
}


def runtime_files() -> list[Path]:
    files = [ROOT / name for name in TOP_FILES if (ROOT / name).exists()]
    for tree, patterns in TREES.items():
        for pattern in patterns:
            files.extend(p for p in (ROOT / tree).rglob(pattern) if "__pycache__" not in p.parts)
    required = ["metadata.txt", "__init__.py", "resources_rc.py"]
    required += [f"i18n/{ts.stem}.qm" for ts in sorted((ROOT / "i18n").glob("*.ts"))]
    missing = [name for name in required if not (ROOT / name).exists()]
    if missing:
        sys.exit(f"deploy: missing {', '.join(missing)}: run 'make build' first")
    return sorted(set(files))


def deploy(plugins_dir: Path) -> Path:
    target = plugins_dir / PLUGIN_FOLDER
    if target.is_symlink():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    for source in runtime_files():
        dest = target / source.relative_to(ROOT)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest)
    return target


def package(zip_path: Path) -> Path:
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for source in runtime_files():
            archive.write(source, f"{PLUGIN_FOLDER}/{source.relative_to(ROOT).as_posix()}")
    partial.replace(zip_path)
    return zip_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--plugins-dir", type=Path, help="QGIS profile's python/plugins folder")
    group.add_argument("--zip", type=Path, help="zip file to write")
    args = parser.parse_args(argv)
    if args.zip:
        print(package(args.zip))
    else:
        print(deploy(args.plugins_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
