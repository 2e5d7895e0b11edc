"""Runs inside the real QGIS desktop (``qgis --code``) for tests/e2e/test_desktop_timeseries.py.

It plays what a user does and records what QGIS shows; the test decides. Real clicks (Qt mouse
events) on the real map canvas and on the plot. Environment:
TERRASCOPE_ARCHIVE      demo archive folder
TERRASCOPE_STATUS       JSON report written at the start (empty) and at the end
TERRASCOPE_SCREENSHOTS  folder for the screenshots and the exports
TERRASCOPE_POINTS       JSON [[lon, lat], [lon, lat]]: the two points to click
TERRASCOPE_FIELDS       a polygon file (lon/lat) and TERRASCOPE_FIELD_IDS the ids to select, or ""
"""

import json
import os
import time
import traceback

import qgis.utils
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QEvent, QPoint, Qt, QTimer
from qgis.PyQt.QtGui import QMouseEvent
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

PLUGIN = "terrascope_browser"
ARCHIVE = os.environ["TERRASCOPE_ARCHIVE"]
STATUS = os.environ["TERRASCOPE_STATUS"]
SHOTS = os.environ["TERRASCOPE_SCREENSHOTS"]
POINTS = json.loads(os.environ["TERRASCOPE_POINTS"])
FIELDS = os.environ.get("TERRASCOPE_FIELDS", "")
FIELD_IDS = json.loads(os.environ.get("TERRASCOPE_FIELD_IDS", "[]"))

report = {"done": False, "errors": [], "checks": {}, "screenshots": []}
checks = report["checks"]


def on_message(message, tag, level):
    if tag == "Python error":
        report["errors"].append(message)


QgsApplication.messageLog().messageReceived.connect(on_message)


def write_status():
    with open(STATUS, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=1, default=str)


write_status()  # tells the launcher that start-up is over


def wait(seconds, until=lambda: False):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if until():
            return True
        time.sleep(0.02)
    return until()


def screenshot(name):
    wait(0.8)
    path = os.path.join(SHOTS, f"{name}.png")
    QApplication.primaryScreen().grabWindow(0).save(path)
    report["screenshots"].append(path)


def canvas_pixel(lon, lat):
    canvas = iface.mapCanvas()
    to_map = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"),
        canvas.mapSettings().destinationCrs(),
        QgsProject.instance(),
    )
    point = canvas.getCoordinateTransform().transform(to_map.transform(QgsPointXY(lon, lat)))
    return QPoint(round(point.x()), round(point.y()))


def plot_event(panel, kind, curve, mark):
    """A real Qt mouse event on the plot, at a marker (matplotlib pixels: origin bottom left)."""
    canvas = panel.plot.canvas
    x, y = panel.plot.display_position(curve, mark)
    ratio = canvas.device_pixel_ratio
    position = QPoint(round(x / ratio), round((canvas.figure.bbox.height - y) / ratio))
    button = Qt.NoButton if kind == QEvent.MouseMove else Qt.LeftButton
    buttons = Qt.NoButton if kind in (QEvent.MouseMove, QEvent.MouseButtonRelease) else Qt.LeftButton
    QApplication.sendEvent(canvas, QMouseEvent(kind, position, button, buttons, Qt.NoModifier))
    wait(0.2)


def curve_rows(panel):
    return [
        {
            "label": c.label,
            "kind": c.kind,
            "colour": c.colour,
            "marker": panel.markers.colour_of(c.key),
            "samples": len(c.samples),
            "counts": c.counts(),
            "products": sorted({s.product for s in c.samples}),
        }
        for c in panel.curves
    ]


def open_dock():
    plugin = qgis.utils.plugins[PLUGIN]
    plugin.action.trigger()
    dock = plugin.dock
    dock.add_root(ARCHIVE)
    wait(30, lambda: dock.collectionCombo.isEnabled() and dock.collectionCombo.count() > 0)
    dock.set_selected_collections(["NDVI_V2"])
    dock.search()
    if not wait(120, lambda: not dock.is_searching):
        raise RuntimeError("the search did not finish in 120 s")
    checks["results"] = len(dock.model.hits)
    return plugin, dock


def load_map(dock):
    """A clear NDVI date on the map (and the fields, when given), zoomed to the fields' area."""
    rows = sorted(range(len(dock.model.hits)), key=lambda i: dock.model.hits[i].cloud_cover or 0)
    dock.select_rows([rows[0]])
    dock.load_selected("default")
    wait(60, lambda: len(QgsProject.instance().mapLayers()) >= 1)
    wait(10, lambda: QgsApplication.taskManager().countActiveTasks() == 0)
    fields = None
    if FIELDS:
        fields = QgsVectorLayer(FIELDS, "fields", "ogr")
        QgsProject.instance().addMapLayer(fields)
        fields.renderer().symbol().setColor(Qt.transparent)
        fields.renderer().symbol().symbolLayer(0).setStrokeColor(Qt.black)
    canvas = iface.mapCanvas()
    layer = fields or next(iter(QgsProject.instance().mapLayers().values()))
    to_map = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
    extent = to_map.transformBoundingBox(layer.extent())
    extent.scale(1.3)
    canvas.setExtent(extent)
    canvas.refresh()
    wait(30, lambda: not canvas.isDrawing())
    return fields


def click_points(dock, panel):
    canvas = iface.mapCanvas()
    checks["map_tool_is_ours"] = canvas.mapTool() is dock.timeseries.map_tool
    for lon, lat in POINTS:
        QTest.mouseClick(canvas.viewport(), Qt.LeftButton, Qt.NoModifier, canvas_pixel(lon, lat))
        wait(0.3)
    started = time.monotonic()
    wait(120, lambda: not panel.is_reading and len(panel.curves) == len(POINTS))
    checks["points_seconds"] = time.monotonic() - started
    checks["point_curves"] = curve_rows(panel)
    screenshot("timeseries-1-points")


def plot_interactions(dock, panel):
    curve = panel.curves[0]
    valid = [m for m in curve.marks() if m.value is not None]
    mark = valid[len(valid) // 2]
    plot_event(panel, QEvent.MouseMove, curve, mark)
    checks["hover"] = panel.plot.canvas.toolTip()
    checks["hover_product"] = mark.product
    screenshot("timeseries-2-hover")
    plot_event(panel, QEvent.MouseButtonPress, curve, mark)
    plot_event(panel, QEvent.MouseButtonRelease, curve, mark)
    checks["selected_results"] = [os.path.basename(p.path) for p in dock.selected_products()]
    nav = iface.mapCanvas().temporalController()
    checks["controller_class"] = type(nav).__name__
    plot_event(panel, QEvent.MouseButtonDblClick, curve, mark)
    extents = nav.temporalExtents()
    checks["controller_begin"] = extents.begin().toUTC().toString("yyyy-MM-ddTHH:mm:ss")
    checks["controller_mode"] = int(nav.navigationMode())
    checks["mark_date"] = mark.when.strftime("%Y-%m-%d")
    checks["plot_time"] = panel.plot.time.isoformat() if panel.plot.time else None
    # Load the clicked product: the map shows the date the controller moved to.
    before = len(QgsProject.instance().mapLayers())
    panel.loadButton.click()
    wait(60, lambda: len(QgsProject.instance().mapLayers()) > before)
    checks["loaded_sources"] = sorted(layer.source() for layer in QgsProject.instance().mapLayers().values())
    checks["mark_path"] = mark.path


def plot_fields(panel, fields):
    if fields is None:
        return
    panel.clear()
    fields.selectByIds(FIELD_IDS)
    iface.setActiveLayer(fields)
    panel.polygonsButton.click()
    wait(120, lambda: not panel.is_reading and bool(panel.curves))
    checks["field_curves"] = curve_rows(panel)
    iface.mapCanvas().refresh()
    wait(30, lambda: not iface.mapCanvas().isDrawing())
    screenshot("timeseries-3-fields")
    panel.export_png(os.path.join(SHOTS, "timeseries-fields-plot.png"))
    panel.export_csv(os.path.join(SHOTS, "timeseries-fields.csv"))


def run():
    try:
        iface.mainWindow().showMaximized()
        wait(2.0)
        plugin, dock = open_dock()
        fields = load_map(dock)
        dock.timeseries.action.trigger()  # the Time series tool: panel docked, map tool set
        panel = dock.timeseries.panel
        checks["panel_visible"] = panel is not None and panel.isVisible()
        checks["panel_area"] = int(iface.mainWindow().dockWidgetArea(panel))
        checks["toolbar_has_action"] = dock.timeseries.action in plugin.toolbar.actions()
        iface.mainWindow().resizeDocks([panel], [330], Qt.Vertical)
        click_points(dock, panel)
        plot_interactions(dock, panel)
        plot_fields(panel, fields)
    except Exception:  # noqa: BLE001 - report everything, the test decides
        report["errors"].append(traceback.format_exc())
    finally:
        report["done"] = True
        write_status()
        QgsProject.instance().clear()
        iface.actionExit().trigger()


QTimer.singleShot(500, run)
