"""`make package` builds a zip that installs and starts in QGIS."""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

from qgis.core import QgsApplication

ROOT = Path(__file__).resolve().parents[2]


def build_zip(tmp_path: Path) -> Path:
    target = tmp_path / "terrascope_browser.zip"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "deploy.py"), "--zip", str(target)], check=True)
    return target


def test_zip_has_one_top_folder_and_no_tests(tmp_path):
    names = zipfile.ZipFile(build_zip(tmp_path)).namelist()
    assert {name.split("/")[0] for name in names} == {"terrascope_browser"}
    assert "terrascope_browser/metadata.txt" in names
    assert "terrascope_browser/__init__.py" in names
    assert "terrascope_browser/resources_rc.py" in names
    assert any(name.startswith("terrascope_browser/ui/") and name.endswith(".ui") for name in names)
    # Compiled translations ship; their .ts sources do not.
    assert {
        "terrascope_browser/i18n/terrascope_browser_nl.qm",
        "terrascope_browser/i18n/terrascope_browser_fr.qm",
    } <= set(names)
    assert not [name for name in names if name.endswith(".ts")]
    assert not [name for name in names if "/tests/" in name or "/bench/" in name or "__pycache__" in name]


def test_zip_installs_and_starts_in_qgis(tmp_path, qgis_iface):
    """Installs, registers its provider, opens its dock, unloads. What it asks of QGIS's
    interface (the Raster menu entry, the message bar) is checked in the real desktop
    (tests/e2e/test_desktop_checks.py): pytest-qgis answers those calls with MagicMocks."""
    plugins_dir = tmp_path / "plugins"
    zipfile.ZipFile(build_zip(tmp_path)).extractall(plugins_dir)
    sys.path.insert(0, str(plugins_dir))
    job = None
    try:
        registry = QgsApplication.processingRegistry()
        before = registry.providerById("terrascope")  # another test may have registered one
        package = importlib.import_module("terrascope_browser")
        plugin = package.classFactory(qgis_iface)
        plugin.initGui()
        assert registry.providerById("terrascope") is not None
        assert plugin.action.text() == "Terrascope Browser"
        plugin.action.trigger()
        assert plugin.dock is not None and not plugin.dock.isHidden()
        # A short-lane job still running at unload is told to stop (its thread must not outlive us).
        tasks = importlib.import_module("terrascope_browser.plugin.gui.tasks")
        started = threading.Event()

        class Waiting(tasks.ShortJob):
            def run(self) -> bool:
                started.set()
                while not self.isCanceled():
                    time.sleep(0.01)
                return False

        job = tasks.run_short(Waiting("waits for the unload"))
        assert started.wait(30)
        plugin.unload()
        assert registry.providerById("terrascope") is before
        assert job.isCanceled()
    finally:
        if job is not None:
            job.cancel()
        sys.path.remove(str(plugins_dir))
        for name in [
            m for m in sys.modules if m == "terrascope_browser" or m.startswith("terrascope_browser.")
        ]:
            del sys.modules[name]
