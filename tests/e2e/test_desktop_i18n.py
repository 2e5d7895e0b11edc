"""End-to-end: the real QGIS desktop in Dutch (profile: locale/overrideFlag, userLocale=nl).

The plugin must speak Dutch: the dock's labels, buttons, menus, tooltips and result headers,
and the algorithm names in the Processing registry. Expected texts come from the Dutch .ts
file. The screenshot of the dock lands in build/screenshots/i18n-nl-dock.png.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import qgis_desktop  # noqa: E402

from demo_archive import generator as demo  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by 'make test'"),
]

SHOTS = ROOT / "build" / "screenshots"
DUTCH_PROFILE = "\n[locale]\noverrideFlag=true\nuserLocale=nl\n"

# Runs inside QGIS (qgis --code): opens the dock, searches with the Dutch "Search" button,
# collects every text the dock shows, photographs it and quits.
SCENARIO = r"""
import json, os, time, traceback
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QAbstractButton, QAbstractItemView, QAction, QApplication, QGroupBox, QLabel, QLineEdit, QWidget
from qgis.utils import iface

STATUS = os.environ["TERRASCOPE_STATUS"]
SEARCH = os.environ["TERRASCOPE_SEARCH_TEXT"]
report = {"done": False, "errors": [], "texts": [], "headers": []}
QgsApplication.messageLog().messageReceived.connect(
    lambda message, tag, level: tag == "Python error" and report["errors"].append(message)
)


def wait(seconds, until=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if until is not None and until():
            return True
        time.sleep(0.02)
    return until is None


def texts_of(dock):
    found = [dock.windowTitle()]
    for widget in dock.findChildren(QWidget):
        for text in (getattr(widget, "text", None), getattr(widget, "title", None)):
            if isinstance(widget, (QLabel, QAbstractButton, QGroupBox)) and callable(text):
                found.append(text())
        if isinstance(widget, QLineEdit):
            found.append(widget.placeholderText())
        found.append(widget.toolTip())
        for action in widget.actions():
            found += [action.text(), action.toolTip()]
            if action.menu() is not None:
                found += [a.text() for a in action.menu().actions()]
        menu = widget.menu() if isinstance(widget, QAbstractButton) and hasattr(widget, "menu") else None
        if menu is not None:
            found += [a.text() for a in menu.actions()]
    return [t.replace("&", "") for t in found if t and t.strip()]


def run():
    try:
        iface.mainWindow().setGeometry(0, 0, 1280, 800)
        iface.mainWindow().showMaximized()
        wait(2.0)
        import qgis.utils
        plugin = qgis.utils.plugins["terrascope_browser"]
        report["language"] = QgsApplication.instance().translation()
        report["action"] = [plugin.action.text(), plugin.action.toolTip()]
        registry = QgsApplication.processingRegistry()
        report["algorithms"] = {a.id(): a.displayName() for a in registry.providerById("terrascope").algorithms()}
        report["group"] = registry.algorithmById("terrascope:physicalvalues").group()
        plugin.action.trigger()
        dock = plugin.dock
        wait(3.0)
        buttons = [b for b in dock.findChildren(QAbstractButton) if b.text().replace("&", "") == SEARCH]
        report["search_buttons"] = len(buttons)
        if buttons:
            wait(30, lambda: buttons[0].isEnabled())
            buttons[0].click()
            views = dock.findChildren(QAbstractItemView)
            wait(60, lambda: any(v.model() is not None and v.model().rowCount() > 0 for v in views))
            wait(2.0)
            for view in dock.findChildren(QAbstractItemView):
                model = view.model()
                header = getattr(view, "horizontalHeader", getattr(view, "header", None))
                shown = header is not None and header().isVisible()
                if shown and model is not None and model.rowCount() > 0:
                    report["headers"] += [
                        str(model.headerData(i, Qt.Horizontal)) for i in range(model.columnCount())
                    ]
        report["texts"] = texts_of(dock)
        shot = os.path.join(os.environ["TERRASCOPE_SCREENSHOTS"], "i18n-nl-dock.png")
        dock.grab().save(shot)
        screen = os.path.join(os.environ["TERRASCOPE_SCREENSHOTS"], "i18n-nl-screen.png")
        QApplication.primaryScreen().grabWindow(0).save(screen)
        report["screenshots"] = [shot, screen]
        report["done"] = True
    except Exception:
        report["errors"].append(traceback.format_exc())
    finally:
        with open(STATUS, "w", encoding="utf-8") as handle:
            json.dump(report, handle)
        QgsProject.instance().clear()
        iface.actionExit().trigger()


QTimer.singleShot(500, run)
"""


def dutch() -> dict[str, str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(ROOT / "i18n" / "terrascope_browser_nl.ts"), parser).getroot()
    return {m.findtext("source"): m.findtext("translation") for m in root.iter("message")}


def run_dutch_qgis(tmp_path: Path, archive: Path, search_text: str) -> dict:
    """QGIS on Xvfb with a Dutch profile and the scenario above; returns its report."""
    profile = qgis_desktop.prepare_profile(tmp_path / "profiles", archive)
    ini = profile / "QGIS" / "QGIS3.ini"
    ini.write_text(ini.read_text(encoding="utf-8") + DUTCH_PROFILE, encoding="utf-8")
    script = tmp_path / "i18n_scenario.py"
    script.write_text(SCENARIO, encoding="utf-8")
    status = tmp_path / "status.json"
    status.write_text("", encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env.update(
        TERRASCOPE_STATUS=str(status), TERRASCOPE_SCREENSHOTS=str(SHOTS), TERRASCOPE_SEARCH_TEXT=search_text
    )
    xvfb, env["DISPLAY"] = qgis_desktop.start_xvfb()
    command = [qgis_desktop.QGIS_BIN, "--profiles-path", str(tmp_path / "profiles"), "--profile", "default"]
    command += ["--nologo", "--noversioncheck", "--code", str(script)]
    log = tmp_path / "qgis.log"
    try:
        with open(log, "wb") as out:
            proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
            try:
                proc.wait(timeout=240)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    finally:
        xvfb.terminate()
        xvfb.wait()
    output = log.read_text(encoding="utf-8", errors="replace")
    report = json.loads(status.read_text(encoding="utf-8") or "{}")
    assert report.get("done"), f"scenario did not finish: {report.get('errors')}\n{output[-3000:]}"
    assert report["errors"] == [], "\n".join(report["errors"])
    assert "Traceback (most recent call last)" not in output, output[-3000:]
    return report


def test_qgis_in_dutch_shows_a_dutch_dock_and_dutch_algorithms(tmp_path):
    nl = dutch()
    archive = tmp_path / "archive"
    demo.generate(str(archive), tiles=["31UFS"], products=["NDVI", "TOC"], dates=2, size=60, junk=False)
    report = run_dutch_qgis(tmp_path, archive, nl["Search"])

    assert report["language"] == "nl"
    assert report["algorithms"]["terrascope:physicalvalues"] == nl["Convert to physical values"]
    assert report["algorithms"]["terrascope:sclmask"] == nl["Mask by scene classification (SCL)"]
    assert report["group"] == nl["Terrascope"]
    assert nl["Browse, load and process the Terrascope archive"] in report["action"][1]  # QGIS adds <b>

    # The Dutch "Zoeken" button was found and clicked; the results have Dutch headers.
    assert report["search_buttons"] >= 1
    assert report["headers"], "the search found nothing to show"
    untranslated_headers = [h for h in report["headers"] if h not in nl.values()]
    assert untranslated_headers == [], "result column headers not marked or not translated"
    texts = set(report["texts"]) | set(report["headers"])
    # No text the dock shows is an English source that has a different Dutch translation.
    english = sorted(t for t in texts if t in nl and nl[t] != t)
    assert english == [], f"English texts in the Dutch dock: {english}"
    shown_dutch = {t for t in texts if t in nl.values() and t not in nl}
    assert len(shown_dutch) >= 10, sorted(shown_dutch)
    for shot in report["screenshots"]:
        assert Path(shot).stat().st_size > 10_000, shot
