"""Checks that need the real QGIS desktop (one start for all): the plugin's entry in the real
Raster menu, reports reaching the real main window's message bar, and permission handling as
an unprivileged user. pytest-qgis's `qgis_iface` answers such calls with MagicMocks or a
recording stand-in, so only the real QgisInterface can prove them.

As root (tests and CI run as root), QGIS runs as "nobody": a root that may not be read and
the demo archive's mode-000 product folder are then really unreadable. The expected values
come from the demo generator's manifest.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import qgis_desktop  # noqa: E402

from demo_archive import generator as demo  # noqa: E402

SCRIPT = Path(__file__).with_name("desktop_checks_scenario.py")
NOBODY = 65534
AS_NOBODY = os.geteuid() == 0
TIMEOUT_S = 240
WARNING = 1  # Qgis.Warning

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by 'make test'"),
]


def give_to_nobody(path: Path) -> None:
    for folder, dirs, files in os.walk(path):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            if not os.path.islink(name):
                os.chown(name, NOBODY, NOBODY)


def run_desktop(shared: Path, archive: Path, locked_root: Path | None) -> dict:
    """QGIS with the plugin deployed in a fresh profile, the checks script run by --code."""
    profiles = shared / "profiles"
    qgis_desktop.prepare_profile(profiles, None)
    home, status, log_path = shared / "home", shared / "status.json", shared / "qgis.log"
    home.mkdir()
    status.write_text("")
    env = dict(os.environ, HOME=str(home), XDG_RUNTIME_DIR=str(home))
    env.update(TERRASCOPE_ARCHIVE=str(archive), TERRASCOPE_STATUS=str(status))
    env["TERRASCOPE_LOCKED_ROOT"] = str(locked_root) if locked_root else ""
    env.pop("QT_QPA_PLATFORM", None)
    user: dict = {}
    if AS_NOBODY:
        give_to_nobody(profiles)
        for path in (home, status):
            os.chown(path, NOBODY, NOBODY)
        env.update(USER="nobody", LOGNAME="nobody")
        user = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
    xvfb, env["DISPLAY"] = qgis_desktop.start_xvfb()
    command = [qgis_desktop.QGIS_BIN, "--profiles-path", str(profiles), "--profile", "default"]
    command += ["--nologo", "--noversioncheck", "--code", str(SCRIPT)]
    try:
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, **user)
            problem = qgis_desktop._supervise(proc, status, env["DISPLAY"], shared, TIMEOUT_S, False)
    finally:
        xvfb.terminate()
        xvfb.wait()
    report = json.loads(status.read_text() or "{}")
    report["problem"] = problem
    report["output"] = log_path.read_text(errors="replace")
    return report


@pytest.fixture(scope="module")
def desktop() -> Iterator[tuple[dict, dict]]:
    """One QGIS run; yields its report and the archive's manifest (absolute paths)."""
    shared = Path(tempfile.mkdtemp(prefix="terrascope-desktop-"))
    os.chmod(shared, 0o755)  # "nobody" must reach the archive (pytest's tmp folders are private)
    archive = shared / "archive"
    demo.generate(str(archive), tiles=["31UFS"], dates=2, products=["TOC", "NDVI", "S1"], size=60)
    locked_root = shared / "private"
    locked_root.mkdir(mode=0)
    try:
        report = run_desktop(shared, archive, locked_root if AS_NOBODY else None)
        manifest = json.loads((archive / demo.MANIFEST).read_text())
        yield report, manifest | {"root": str(archive), "locked_root": str(locked_root)}
    finally:
        for folder, dirs, _ in os.walk(shared):
            for name in dirs:
                path = os.path.join(folder, name)
                if not os.path.islink(path):
                    os.chmod(path, stat.S_IRWXU)
        shutil.rmtree(shared)


def absolute(manifest: dict, relative: str) -> str:
    return os.path.join(manifest["root"], relative)


def checks_of(report: dict) -> dict:
    assert report.get("done") and not report["problem"], report.get("problem") or report["output"][-3000:]
    assert report["errors"] == [], "\n".join(report["errors"])
    assert "Traceback (most recent call last)" not in report["output"], report["output"][-3000:]
    return report["checks"]


def test_plugin_entry_in_the_real_raster_menu(desktop):
    checks = checks_of(desktop[0])
    assert checks["raster_menu_in_menu_bar"] and checks["raster_menu_title"] == "Raster"
    assert checks["raster_submenus"]["Terrascope"] == [["terrascopeBrowserAction", "Terrascope Browser"]]
    assert checks["menu_opens_dock"]


def test_dock_report_reaches_the_real_message_bar(desktop):
    checks = checks_of(desktop[0])
    manifest = desktop[1]
    (s1,) = [absolute(manifest, p["path"]) for p in manifest["products"] if p["family"] == "S1_SIGMA0"]
    ((title, text, level),) = checks["dock_bar"]
    assert (title, level) == ("Terrascope", WARNING)
    assert "no scene classification (SCL)" in text and s1 in text


def test_loading_reports_to_the_real_message_bar_and_loads_the_rest(desktop):
    checks = checks_of(desktop[0])
    manifest = desktop[1]
    (s1,) = [absolute(manifest, p["path"]) for p in manifest["products"] if p["family"] == "S1_SIGMA0"]
    assert checks["load_task_started"]
    ((title, text, level),) = checks["loading_bar"]
    assert (title, level) == ("Terrascope", WARNING)
    assert "no scene classification (SCL)" in text and s1 in text
    toc = checks["toc_path"]
    (scl,) = [f for f in os.listdir(toc) if "_SCENECLASSIFICATION_20M_" in f]
    ((name, provider, source, renderer),) = checks["loading_layers"]
    assert name.startswith("SCL ") and (provider, source, renderer) == ("gdal", f"{toc}/{scl}", "paletted")


@pytest.mark.skipif(not AS_NOBODY, reason="needs root to run QGIS as another user")
def test_unreadable_folders_are_reported_as_another_user(desktop):
    checks = checks_of(desktop[0])
    manifest = desktop[1]
    assert any(manifest["locked_root"] in text for text in checks["locked_root_messages"])
    (unreadable,) = [absolute(manifest, p) for p in manifest["junk"]["unreadable"]]
    assert [unreadable, "permission denied"] in checks["skipped"]
    relative = os.path.relpath(unreadable, manifest["root"])
    assert ["permission denied", relative] in checks["skipped_report"]  # what the user reads
    # Everything else is found: the manifest's products, newest version of each, and the
    # copy whose B04 is truncated (the damage is in a file, the product is there).
    truncated = [os.path.dirname(absolute(manifest, p)) for p in manifest["junk"]["truncated"]]
    expected = {absolute(manifest, p["path"]) for p in manifest["products"]} | set(truncated)
    assert set(checks["results"]) == expected
