"""Runs inside the real QGIS desktop (``qgis --code``): plays a scenario and reports.

Environment (set by scripts/qgis_desktop.py):
TERRASCOPE_SCENARIO  smoke | e2e | demo
TERRASCOPE_ARCHIVE   demo archive folder
TERRASCOPE_SCREENSHOTS  folder for PNG screenshots
TERRASCOPE_STATUS    JSON report written at the end: done, errors, messages, screenshots, checks
TERRASCOPE_QUIT      1 to quit QGIS when the scenario is over
"""

import json
import os
import sys
import time
import traceback

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

PLUGIN = "terrascope_browser"
SCENARIO = os.environ.get("TERRASCOPE_SCENARIO", "smoke")
ARCHIVE = os.environ.get("TERRASCOPE_ARCHIVE", "")
SHOTS = os.environ.get("TERRASCOPE_SCREENSHOTS", "build/screenshots")
STATUS = os.environ.get("TERRASCOPE_STATUS", "")
QUIT = os.environ.get("TERRASCOPE_QUIT", "1") == "1"

report = {"scenario": SCENARIO, "done": False, "errors": [], "messages": [], "screenshots": [], "checks": {}}


def on_message(message, tag, level):
    line = f"[{tag}] {message}"
    report["messages"].append(line)
    if tag == "Python error" or (level == Qgis.Critical and "Terrascope" in tag):
        report["errors"].append(line)


QgsApplication.messageLog().messageReceived.connect(on_message)


def write_status():
    if STATUS:
        with open(STATUS, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=1, default=str)


write_status()  # tells the launcher that start-up is over
_previous_hook = sys.excepthook


def excepthook(kind, value, tb):
    report["errors"].append("".join(traceback.format_exception(kind, value, tb)))
    _previous_hook(kind, value, tb)


sys.excepthook = excepthook


def wait(seconds, until=None):
    """Keep the event loop running (QGIS stays live) until a condition or the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if until is not None and until():
            return True
        time.sleep(0.02)
    return until is None


def screenshot(name):
    wait(0.5)
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, f"{name}.png")
    QApplication.primaryScreen().grabWindow(0).save(path)
    report["screenshots"].append(path)
    return path


def finish():
    write_status()
    if QUIT:
        # Leave nothing for the "save the project / temporary layers?" questions on exit.
        QgsProject.instance().clear()
        iface.actionExit().trigger()


def plugin_object():
    import qgis.utils

    if PLUGIN not in qgis.utils.active_plugins:
        raise RuntimeError(f"plugin {PLUGIN} is not active; loaded: {sorted(qgis.utils.plugins)}")
    return qgis.utils.plugins[PLUGIN]


def smoke():
    plugin = plugin_object()
    report["checks"]["provider"] = QgsApplication.processingRegistry().providerById("terrascope") is not None
    plugin.action.trigger()
    wait(1.0)
    report["checks"]["dock_visible"] = plugin.dock is not None and plugin.dock.isVisible()
    screenshot(f"{SCENARIO}-dock")


def wait_for_layers(count, seconds=60):
    if not wait(seconds, lambda: len(QgsProject.instance().mapLayers()) >= count):
        raise RuntimeError(f"expected {count} layers, got {len(QgsProject.instance().mapLayers())}")


def first_row(dock, collection, prefer_tile=None):
    rows = [i for i, hit in enumerate(dock.model.hits) if hit.product.collection == collection]
    if not rows:
        raise RuntimeError(f"no {collection} product among the {len(dock.model.hits)} results")
    tiled = [i for i in rows if dock.model.hits[i].product.name.tile == prefer_tile]
    return (tiled or rows)[0]


def browse_archive():
    """Open the dock on the demo archive, search, select, load SCL, NDVI and true colour."""
    dock = plugin_object().dock
    if not wait(30, lambda: bool(dock.current_root())):
        dock.add_root(ARCHIVE)
    if os.path.realpath(dock.current_root()) != os.path.realpath(ARCHIVE):
        dock.add_root(ARCHIVE)
    wait(30, lambda: dock.collectionCombo.count() > 0)
    dock.search()
    if not wait(120, lambda: not dock.is_searching):
        raise RuntimeError("the search did not finish in 120 s")
    report["checks"]["results"] = len(dock.model.hits)
    wait(0.5)
    # The results deserve the room: rows shown whole at 1280x800, dock at its default width.
    report["checks"]["visible_rows"] = dock.results.visible_rows()
    report["checks"]["dock_size"] = [dock.width(), dock.height()]
    font = dock.resultsView.font()
    report["checks"]["results_font"] = [font.family(), font.pointSizeF(), dock.results.row_height()]
    screenshot(f"{SCENARIO}-1-results")

    ndvi = first_row(dock, "NDVI_V2")
    tile = dock.model.hits[ndvi].product.name.tile
    day = dock.model.hits[ndvi].product.name.start.date()
    toc_rows = [
        i
        for i, hit in enumerate(dock.model.hits)
        if hit.product.collection == "TOC_V2"
        and hit.product.name.tile == tile
        and hit.product.name.start.date() == day
    ]
    toc = toc_rows[0] if toc_rows else first_row(dock, "TOC_V2", tile)
    dock.select_rows([toc])
    wait(3.0, lambda: dock.quicklookLabel.pixmap() is not None and not dock.quicklookLabel.pixmap().isNull())
    screenshot(f"{SCENARIO}-2-details")

    dock.load_selected("true_colour")
    wait_for_layers(1)
    dock.load_selected("scl")
    wait_for_layers(2)
    dock.select_rows([ndvi])
    dock.load_selected("default")
    wait_for_layers(3)
    layers = list(QgsProject.instance().mapLayers().values())
    report["checks"]["layers"] = sorted(layer.name() for layer in layers)
    report["checks"]["renderers"] = sorted(layer.renderer().type() for layer in layers)
    report["checks"]["providers"] = sorted({layer.providerType() for layer in layers})
    report["checks"]["temporal"] = all(layer.temporalProperties().isActive() for layer in layers)
    canvas = iface.mapCanvas()
    canvas.setExtent(layers[0].extent())
    canvas.refresh()
    wait(60, lambda: not canvas.isDrawing())
    screenshot(f"{SCENARIO}-3-layers")
    options_page()


def options_page():
    """Settings → Options opened on the Terrascope page (a modal dialog: looked at from a timer)."""
    from qgis.PyQt.QtWidgets import QWidget

    def look_and_close():
        dialog = QApplication.activeModalWidget()
        page = dialog.findChild(QWidget, "TerrascopeOptions") if dialog is not None else None
        report["checks"]["options_page"] = page is not None and page.isVisible()
        screenshot(f"{SCENARIO}-4-options")
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(2000, look_and_close)
    iface.showOptionsDialog(iface.mainWindow(), currentPage="TerrascopeOptions")


def two_demo_fields():
    """Two fields of different crops from the demo manifest (the growing season), or []."""
    with open(os.path.join(ARCHIVE, "DEMO_MANIFEST.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    chosen = []
    for record in manifest.get("fields") or []:
        if all(record["crop"] != other["crop"] for other in chosen):
            chosen.append(record)
    return chosen[:2], os.path.join(ARCHIVE, manifest.get("fields_file", "fields.geojson"))


def timeseries_fields():
    """The Time series tool on two demo fields: their NDVI mean and min-max band over the season."""
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtCore import Qt

    fields, path = two_demo_fields()
    if len(fields) < 2:
        report["messages"].append("the demo archive has no fields: no time-series screenshot")
        return
    dock = plugin_object().dock
    dock.set_selected_collections(["NDVI_V2"])
    layer = QgsVectorLayer(path, "fields", "ogr")
    QgsProject.instance().addMapLayer(layer)
    layer.selectByIds([record["fid"] for record in fields])
    iface.setActiveLayer(layer)
    dock.timeseries.action.trigger()
    panel = dock.timeseries.panel
    iface.mainWindow().resizeDocks([panel], [330], Qt.Vertical)
    panel.profile_polygons(layer)
    wait(120, lambda: not panel.is_reading)
    report["checks"]["timeseries_curves"] = [[c.label, len(c.samples)] for c in panel.curves]
    canvas = iface.mapCanvas()
    extent = canvas.mapSettings().layerExtentToOutputExtent(layer, layer.extent())
    extent.scale(1.3)
    canvas.setExtent(extent)
    canvas.refresh()
    wait(60, lambda: not canvas.isDrawing())
    screenshot(f"{SCENARIO}-5-timeseries")


def run():
    try:
        iface.mainWindow().setGeometry(0, 0, 1280, 800)
        iface.mainWindow().showMaximized()
        wait(2.0)
        smoke()
        if SCENARIO in ("e2e", "demo"):
            browse_archive()
        if SCENARIO == "demo":
            timeseries_fields()
    except Exception:  # noqa: BLE001 - report everything, the test decides
        report["errors"].append(traceback.format_exc())
    finally:
        report["done"] = not report["errors"]
        finish()


QTimer.singleShot(500, run)
