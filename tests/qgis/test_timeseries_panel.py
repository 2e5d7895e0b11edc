"""The time-series panel with real QGIS objects on a real demo archive: a click on the map plots
that pixel's profile from a real QgsTask, values as plain GDAL/numpy read them here; masked
dates drawn apart or hidden; hover text; a click on a point selects its product in the dock and
loads it; several clicks, colours and map markers; polygons' mean and band; PNG and CSV exports;
the Temporal Controller's line and double click; no matplotlib: the plugin still loads."""

from __future__ import annotations

import csv
import glob
import json
import os
import re
import subprocess
import sys
import sys as _sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsDateTimeRange,
    QgsFeature,
    QgsGeometry,
    QgsInterval,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsTask,
    QgsTemporalNavigationObject,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.gui import QgsRubberBand, QgsVertexMarker
from qgis.PyQt.QtCore import QDate, QDateTime, QEvent, QPoint, Qt, QTime
from qgis.PyQt.QtGui import QImage, QMouseEvent
from qgis.PyQt.QtWidgets import QApplication

from plugin.core.archive.catalogue import Query
from plugin.gui.timeseries.panel import TimeSeriesPanel
from tests.qgis.fixtures_gui import wait_for

pytestmark = pytest.mark.usefixtures("isolated_settings")

ROOT = Path(__file__).resolve().parents[2]
COLLECTION = "NDVI_V2"
DATES = 8
SIZE = 60  # 10 m pixels
MASK = {0, 1, 3, 8, 9, 10, 11}  # Terrascope's default SCL mask (reference section 4), written out
NDVI_SCALE, NDVI_OFFSET, NDVI_VALID_MAX, NDVI_NODATA = 0.004, -0.08, 250, 255  # reference scaling table


# --------------------------------------------------------------------------- reference values


def newest_ndvi_files(root: str) -> list[str]:
    """The NDVI 10 m file of each acquisition, newest version (as a default search keeps)."""
    by_acquisition: dict[str, str] = {}
    for path in sorted(glob.glob(f"{root}/**/*_NDVI_10M_*.tif", recursive=True)):
        acquisition = os.path.basename(path).split("_NDVI_10M_")[0]
        by_acquisition[acquisition] = max(by_acquisition.get(acquisition, ""), path)
    return [by_acquisition[k] for k in sorted(by_acquisition, key=lambda a: a.split("_")[1])]


def scl_file(path: str) -> str:
    return path.replace("_NDVI_10M_", "_SCENECLASSIFICATION_20M_")


def reference_pixel(path: str, col: int, row: int) -> tuple[str, float | None, int]:
    """(status, physical value, SCL class) of one pixel, read with plain GDAL."""
    ds = gdal.Open(path)  # kept: a band outlives no dataset
    band = ds.GetRasterBand(1)
    dn = int(band.ReadAsArray(col, row, 1, 1)[0, 0])
    scale, offset = band.GetScale(), band.GetOffset()
    if scale is None or (scale == 1.0 and not offset):
        scale, offset = NDVI_SCALE, NDVI_OFFSET
    scl = int(gdal.Open(scl_file(path)).ReadAsArray(col // 2, row // 2, 1, 1)[0, 0])
    if scl in MASK:
        return "masked", None, scl
    if dn == NDVI_NODATA:
        return "nodata", None, scl
    if dn > NDVI_VALID_MAX:
        return "out_of_range", None, scl
    return "valid", dn * scale + offset, scl


def pixel_centre(path: str, col: int, row: int) -> QgsPointXY:
    x0, dx, _, y0, _, dy = gdal.Open(path).GetGeoTransform()
    return QgsPointXY(x0 + (col + 0.5) * dx, y0 + (row + 0.5) * dy)


def interesting_pixels(files: list[str], count: int) -> list[tuple[int, int]]:
    """Pixels whose series has valid and masked dates (plain numpy over the SCL and data)."""
    scl = np.stack([gdal.Open(scl_file(f)).ReadAsArray() for f in files])
    dn = np.stack([gdal.Open(f).ReadAsArray() for f in files])
    scl10 = np.repeat(np.repeat(scl, 2, axis=1), 2, axis=2)[:, : dn.shape[1], : dn.shape[2]]
    masked = np.isin(scl10, sorted(MASK))
    valid = ~masked & (dn <= NDVI_VALID_MAX)
    good = (masked.sum(axis=0) >= 1) & (valid.sum(axis=0) >= 3)
    rows, cols = np.nonzero(good[2:-2, 2:-2])
    picks = [(int(c) + 2, int(r) + 2) for r, c in zip(rows, cols, strict=True)]
    assert len(picks) >= count, "the demo archive has no pixel with valid and masked dates"
    step = max(1, len(picks) // count)
    return picks[::step][:count]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> str:
    from demo_archive.generator import generate

    root = tmp_path_factory.mktemp("ts") / "archive"
    generate(str(root), tiles=["31UFS"], products=["NDVI"], dates=DATES, size=SIZE, junk=False)
    return str(root)


@pytest.fixture
def canvas(qgis_canvas):
    """The session's canvas in the archive's UTM zone; its CRS and extent are put back after."""
    crs, extent = qgis_canvas.mapSettings().destinationCrs(), qgis_canvas.extent()
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:32631"))
    qgis_canvas.setExtent(QgsRectangle(600000, 5699000, 600600, 5700000))
    yield qgis_canvas
    qgis_canvas.setDestinationCrs(crs)
    qgis_canvas.setExtent(extent)


def finish(panel: TimeSeriesPanel) -> None:
    assert wait_for(lambda: not panel.is_reading, 60), "the profile task did not finish"
    QgsApplication.processEvents()


@pytest.fixture
def panel(canvas, archive) -> Iterator[TimeSeriesPanel]:
    loaded: list[str] = []
    widget = TimeSeriesPanel(canvas, lambda: ([archive], Query(), [COLLECTION]), loaded.append)
    widget.loaded = loaded
    widget.resize(900, 380)
    widget.show()
    yield widget
    widget.shutdown()
    widget.deleteLater()
    wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 20)


def click(panel: TimeSeriesPanel, point: QgsPointXY) -> None:
    from plugin.gui.timeseries.map_tool import ProfileMapTool

    tool = ProfileMapTool(panel.canvas)
    tool.pointClicked.connect(lambda lon, lat, _p: panel.profile_point(lon, lat))
    assert tool.click(point)


def qt_position(panel: TimeSeriesPanel, x: float, y: float) -> QPoint:
    """matplotlib display pixels (origin bottom left) -> the canvas widget's Qt position."""
    canvas = panel.plot.canvas
    ratio = canvas.device_pixel_ratio
    return QPoint(round(x / ratio), round((canvas.figure.bbox.height - y) / ratio))


def send_mouse(panel: TimeSeriesPanel, kind: QEvent.Type, position: QPoint) -> None:
    button = Qt.NoButton if kind == QEvent.MouseMove else Qt.LeftButton
    buttons = Qt.NoButton if kind in (QEvent.MouseMove, QEvent.MouseButtonRelease) else Qt.LeftButton
    event = QMouseEvent(kind, position, button, buttons, Qt.NoModifier)
    QApplication.sendEvent(panel.plot.canvas, event)
    QgsApplication.processEvents()


# --------------------------------------------------------------------------- tests


def test_a_click_plots_the_pixel_profile_read_in_a_task(panel, archive):
    files = newest_ndvi_files(archive)
    ((col, row),) = interesting_pixels(files, 1)
    calls: list[str] = []

    def watch(frame, event, arg):  # the GUI thread only: what it calls while the profile is read
        name = arg.__name__ if event == "c_call" else frame.f_code.co_name
        if name in {"Open", "OpenEx", "ReadAsArray", "ReadRaster", "select_series", "point_profiles"}:
            calls.append(f"{name} ({getattr(arg, '__module__', '') or frame.f_code.co_filename})")

    point = pixel_centre(files[0], col, row)
    sys.setprofile(watch)
    try:
        click(panel, point)
        reading = panel.is_reading  # the click returned at once, the task reads
        finish(panel)
    finally:
        sys.setprofile(None)
    assert calls == [], f"the GUI thread read rasters: {calls}"
    assert reading

    (curve,) = panel.curves
    got = [(s.when.strftime("%Y%m%d"), s.status, s.value, s.scl) for s in curve.ordered()]
    expected = [(re.search(r"_(\d{8})T", f).group(1), *reference_pixel(f, col, row)) for f in files]
    assert [g[:2] for g in got] == [e[:2] for e in expected]
    assert [g[3] for g in got] == [e[3] for e in expected]
    for (_d, status, value, _s), (_e, _st, ref, _sc) in zip(got, expected, strict=True):
        if status == "valid":
            assert value == pytest.approx(ref, abs=1e-6)
        else:
            assert value is None
    # The plot shows each valid value at its date, each masked date on the strip.
    valid = [m for m in curve.marks() if m.value is not None]
    masked = [m for m in curve.marks() if m.masked]
    assert len(valid) == sum(e[1] == "valid" for e in expected) >= 3
    assert len(masked) == sum(e[1] == "masked" for e in expected) >= 1
    assert len(panel.plot._targets) == len(valid) + len(masked)


class Blocking(QgsTask):
    """A long task of ours or another plugin's that holds a task thread until released."""

    def __init__(self, release: threading.Event, ended: list[str]) -> None:
        super().__init__("holds a task thread", QgsTask.CanCancel)
        self.release = release
        self.ended = ended  # a plain list: the task manager deletes the task once it has ended

    def run(self) -> bool:
        while not self.release.is_set() and not self.isCanceled():
            time.sleep(0.01)
        return True

    def finished(self, result: bool) -> None:  # noqa: ARG002 (QgsTask API)
        self.ended.append("ended")


def test_a_clicked_point_does_not_wait_behind_long_tasks(panel, archive):
    """Every task thread busy (our long lane full, another plugin's task): the point is still read."""
    from plugin.gui.tasks import _task_pool, long_slots, run_long

    release = threading.Event()
    ended: list[str] = []
    held = [run_long(Blocking(release, ended)) for _ in range(long_slots())]
    for _ in range(_task_pool().maxThreadCount() - long_slots()):  # the threads left to others
        held.append(Blocking(release, ended))
        QgsApplication.taskManager().addTask(held[-1])
    try:
        assert wait_for(lambda: all(t.status() == QgsTask.Running for t in held), 30)
        files = newest_ndvi_files(archive)
        ((col, row),) = interesting_pixels(files, 1)
        click(panel, pixel_centre(files[0], col, row))
        assert wait_for(lambda: not panel.is_reading, 60), "the point waited behind the long tasks"
        assert len(panel.curves[0].ordered()) == len(files)
        assert all(t.status() == QgsTask.Running for t in held)  # they were never released meanwhile
    finally:
        release.set()
        assert wait_for(lambda: len(ended) == len(held), 30)


def test_masked_dates_are_drawn_apart_and_hidden_on_request(panel, archive):
    files = newest_ndvi_files(archive)
    ((col, row),) = interesting_pixels(files, 1)
    click(panel, pixel_centre(files[0], col, row))
    finish(panel)
    (curve,) = panel.curves
    masked = [m for m in curve.marks() if m.masked]
    strip = [
        line
        for line in panel.plot.axes.get_lines()
        if line.get_marker() == "o" and line.get_markerfacecolor() == "none" and len(line.get_xdata())
    ]
    assert sum(len(line.get_xdata()) for line in strip) == len(masked)
    assert all(line.get_markeredgecolor() == curve.colour for line in strip)
    panel.hideMaskedCheck.setChecked(True)
    hollow = [line for line in panel.plot.axes.get_lines() if line.get_markerfacecolor() == "none"]
    assert sum(len(line.get_xdata()) for line in hollow) == 0
    assert all(not mark.masked for _x, _y, _c, mark in panel.plot._targets)
    assert len(panel.plot._targets) == len(curve.marks()) - len(masked)


def test_hover_shows_date_value_product_and_scl_class(panel, archive):
    files = newest_ndvi_files(archive)
    ((col, row),) = interesting_pixels(files, 1)
    click(panel, pixel_centre(files[0], col, row))
    finish(panel)
    (curve,) = panel.curves
    mark = next(m for m in curve.marks() if m.value is not None)
    send_mouse(panel, QEvent.MouseMove, qt_position(panel, *panel.plot.display_position(curve, mark)))
    assert panel.plot.hovered == (curve, mark)
    text = panel.plot.canvas.toolTip()
    status, value, scl = reference_pixel(next(f for f in files if mark.product in f), col, row)
    assert mark.when.strftime("%Y-%m-%d %H:%M") in text and mark.product in text
    assert f"{value:.4g}" in text
    labels = {4: "Vegetation", 5: "Not vegetated", 6: "Water", 7: "Unclassified", 2: "Dark area pixels"}
    assert f"SCL {scl}" in text and labels.get(scl, "") in text
    send_mouse(panel, QEvent.MouseMove, QPoint(2, 2))  # away from every marker
    assert panel.plot.hovered is None and panel.plot.canvas.toolTip() == ""


def test_several_clicks_give_coloured_curves_matching_map_markers_and_clear(panel, archive):
    files = newest_ndvi_files(archive)
    pixels = interesting_pixels(files, 2)
    for col, row in pixels:
        click(panel, pixel_centre(files[0], col, row))
    finish(panel)
    assert len(panel.curves) == 2 and all(len(c.samples) == len(files) for c in panel.curves)
    colours = [c.colour for c in panel.curves]
    assert len(set(colours)) == 2
    markers = [panel.markers.items[c.key] for c in panel.curves]
    assert all(isinstance(m, QgsVertexMarker) for m in markers)
    assert [m.color().name() for m in markers] == colours
    for marker, (col, row) in zip(markers, pixels, strict=True):
        centre = pixel_centre(files[0], col, row)
        assert marker.pos().x() == pytest.approx(
            panel.canvas.getCoordinateTransform().transform(centre).x(), abs=1
        )
    plotted = {line.get_color() for line in panel.plot.axes.get_lines() if line.get_linestyle() == "-"}
    assert set(colours) <= plotted
    scene = panel.canvas.scene()
    panel.clearButton.click()
    assert panel.curves == [] and panel.markers.items == {}
    assert all(m.scene() is not scene for m in markers if not _deleted(m))
    assert panel.plot._targets == []


def _deleted(item) -> bool:
    from qgis.PyQt import sip

    return sip.isdeleted(item)


def test_clicking_a_point_selects_its_product_in_the_dock_and_loads_it(qgis_iface, archive, tmp_path, canvas):
    from plugin.gui.dock import TerrascopeDock

    QgsProject.instance().clear()
    dock = TerrascopeDock(qgis_iface, None)
    dock.cache_path = str(tmp_path / "listing.sqlite")
    dock.show()
    try:
        dock.add_root(archive)
        assert wait_for(lambda: dock.collectionCombo.isEnabled() and dock.collectionCombo.count() > 0)
        dock.set_selected_collections([COLLECTION])
        counts: list[int] = []
        dock.searchFinished.connect(counts.append)
        assert dock.search() and wait_for(lambda: bool(counts))
        dock.timeseries.action.setChecked(True)  # the tool: the panel opens, the map tool is set
        panel = dock.timeseries.panel
        assert panel is not None and canvas.mapTool() is dock.timeseries.map_tool
        files = newest_ndvi_files(archive)
        ((col, row),) = interesting_pixels(files, 1)
        assert dock.timeseries.map_tool.click(pixel_centre(files[0], col, row))
        finish(panel)
        panel.resize(900, 380)
        panel.plot.redraw()
        (curve,) = panel.curves
        mark = [m for m in curve.marks() if m.value is not None][-1]
        position = qt_position(panel, *panel.plot.display_position(curve, mark))
        send_mouse(panel, QEvent.MouseButtonPress, position)
        send_mouse(panel, QEvent.MouseButtonRelease, position)
        assert [os.path.basename(p.path) for p in dock.selected_products()] == [mark.product]
        assert panel.loadButton.isEnabled()
        panel.loadButton.click()
        assert wait_for(lambda: bool(QgsProject.instance().mapLayers()), 30)
        (layer,) = QgsProject.instance().mapLayers().values()
        assert layer.source() == mark.path and mark.product in mark.path
        dock.timeseries.action.setChecked(False)
        assert canvas.mapTool() is not dock.timeseries.map_tool
    finally:
        dock.shutdown()
        dock.deleteLater()
        wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 20)
        QgsProject.instance().clear()


def square_layer(files: list[str], boxes: list[tuple[int, int, int]]) -> QgsVectorLayer:
    """Polygons in the raster's CRS whose edges lie on pixel edges: (col, row, size in pixels)."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:32631", "fields", "memory")
    x0, dx, _, y0, _, dy = gdal.Open(files[0]).GetGeoTransform()
    features = []
    for col, row, size in boxes:
        rect = QgsRectangle(x0 + col * dx, y0 + (row + size) * dy, x0 + (col + size) * dx, y0 + row * dy)
        feature = QgsFeature()
        feature.setGeometry(QgsGeometry.fromRect(rect))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.selectAll()
    return layer


def reference_zone(path: str, col: int, row: int, size: int) -> np.ndarray:
    """Valid physical values of a square of pixels (plain GDAL/numpy)."""
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    dn = band.ReadAsArray(col, row, size, size).astype(np.float64)
    scale, offset = band.GetScale(), band.GetOffset()
    if scale is None or (scale == 1.0 and not offset):
        scale, offset = NDVI_SCALE, NDVI_OFFSET
    scl = gdal.Open(scl_file(path)).ReadAsArray()
    scl10 = np.repeat(np.repeat(scl, 2, axis=0), 2, axis=1)[row : row + size, col : col + size]
    keep = ~np.isin(scl10, sorted(MASK)) & (dn <= NDVI_VALID_MAX)
    return (dn * scale + offset)[keep]


def test_selected_polygons_plot_their_mean_with_a_band(panel, archive):
    files = newest_ndvi_files(archive)
    boxes = [(4, 6, 5), (30, 20, 6)]
    layer = square_layer(files, boxes)
    panel.profile_polygons(layer)
    finish(panel)
    assert len(panel.curves) == 2 and [c.feature for c in panel.curves] == [
        f.id() for f in layer.getFeatures()
    ]
    for curve, (col, row, size) in zip(panel.curves, boxes, strict=True):
        assert isinstance(panel.markers.items[curve.key], QgsRubberBand)
        assert panel.markers.colour_of(curve.key) == curve.colour
        stats = curve.ordered()
        assert len(stats) == len(files)
        for s, path in zip(stats, files, strict=True):
            values = reference_zone(path, col, row, size)
            assert s.count == size * size and s.valid == len(values)
            if len(values):
                assert s.mean == pytest.approx(values.mean(), abs=1e-5)
                assert (s.min, s.max) == (
                    pytest.approx(values.min(), abs=1e-6),
                    pytest.approx(values.max(), abs=1e-6),
                )
                assert s.std == pytest.approx(values.std(), abs=1e-5)
        marks = curve.marks("minmax")
        assert [(m.low, m.high) for m in marks] == [(s.min, s.max) for s in stats if s.valid]
        marks = curve.marks("std")
        assert [m.high - m.low for m in marks] == pytest.approx([2 * s.std for s in stats if s.valid])
    bands = [c for c in panel.plot.axes.collections]  # fill_between: one band per curve
    assert len(bands) == 2
    panel.bandCombo.setCurrentIndex(panel.bandCombo.findData("std"))
    assert panel.plot.band == "std"


def test_polygons_need_a_selection(panel):
    messages: list[tuple[str, bool]] = []
    panel.message.connect(lambda text, warning: messages.append((text, warning)))
    layer = QgsVectorLayer("Polygon?crs=EPSG:32631", "empty", "memory")
    assert panel.profile_polygons(layer) is None
    assert messages and "Select one or more polygons" in messages[0][0]
    assert panel.curves == []


def test_export_png_and_csv(panel, archive, tmp_path):
    files = newest_ndvi_files(archive)
    ((col, row),) = interesting_pixels(files, 1)
    click(panel, pixel_centre(files[0], col, row))
    finish(panel)
    png, table = tmp_path / "plot.png", tmp_path / "plot.csv"
    panel.export_png(str(png))
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 300 and image.height() > 150
    count = panel.export_csv(str(table))
    rows = list(csv.reader(table.open(encoding="utf-8")))
    assert rows[0][:12] == [
        "curve",
        "kind",
        "collection",
        "lon",
        "lat",
        "feature",
        "date",
        "product",
        "tile",
        "value",
        "status",
        "scl",
    ]
    assert count == len(rows) - 1 == len(files)
    for data, path in zip(rows[1:], files, strict=True):
        status, value, scl = reference_pixel(path, col, row)
        assert data[7] in path and data[10] == status and data[11] == str(scl)
        assert (float(data[9]) if data[9] else None) == (
            pytest.approx(value, abs=1e-6) if value is not None else None
        )
    assert sorted(os.listdir(tmp_path)) == ["plot.csv", "plot.png"]  # no temporary file left


def test_exports_replace_a_previous_file_whole(panel, archive, tmp_path):
    """Exporting over last time's PNG and CSV: the final names only ever hold the old complete file
    or the new one (inotify sees a rename onto them, never a write in place), nothing left behind."""
    from tests.atomic_watch import OutputWatch

    files = newest_ndvi_files(archive)
    ((col, row),) = interesting_pixels(files, 1)
    click(panel, pixel_centre(files[0], col, row))
    finish(panel)
    png, table = tmp_path / "plot.png", tmp_path / "plot.csv"
    png.write_bytes(b"last time's picture")
    table.write_text("last time's table\n")
    with OutputWatch([str(png), str(table)]) as watch:
        panel.export_png(str(png))
        panel.export_csv(str(table))
    watch.assert_atomic(completed=True)
    assert sorted(os.listdir(tmp_path)) == ["plot.csv", "plot.png"]


def test_export_to_an_unwritable_place_leaves_nothing(panel, tmp_path):
    missing = tmp_path / "no such folder" / "plot.csv"
    with pytest.raises(OSError):
        panel.export_csv(str(missing))
    assert not missing.parent.exists()


def utc(year: int, month: int, day: int, hour: int = 0) -> QDateTime:
    return QDateTime(QDate(year, month, day), QTime(hour, 0), Qt.UTC)


@pytest.fixture
def navigation(canvas) -> Iterator[QgsTemporalNavigationObject]:
    previous = canvas.temporalController()
    nav = QgsTemporalNavigationObject()
    canvas.setTemporalController(nav)
    yield nav
    canvas.setTemporalController(previous)


def test_temporal_controller_line_and_double_click(navigation, canvas, archive):
    navigation.setNavigationMode(QgsTemporalNavigationObject.FixedRange)
    navigation.setTemporalExtents(QgsDateTimeRange(utc(2020, 5, 9), utc(2020, 5, 10)))
    widget = TimeSeriesPanel(canvas, lambda: ([archive], Query(), [COLLECTION]), print)
    widget.resize(900, 380)
    widget.show()
    try:
        assert widget.plot.time.isoformat() == "2020-05-09T00:00:00+00:00"  # the current range at start
        navigation.setTemporalExtents(QgsDateTimeRange(utc(2020, 5, 12, 6), utc(2020, 5, 13)))
        assert widget.plot.time.isoformat() == "2020-05-12T06:00:00+00:00"  # followed
        lines = [line for line in widget.plot.axes.get_lines() if line.get_linestyle() == "--"]
        files = newest_ndvi_files(archive)
        ((col, row),) = interesting_pixels(files, 1)
        click(widget, pixel_centre(files[0], col, row))
        finish(widget)
        lines = [line for line in widget.plot.axes.get_lines() if line.get_linestyle() == "--"]
        assert len(lines) == 1
        (curve,) = widget.curves
        mark = [m for m in curve.marks() if m.value is not None][0]
        position = qt_position(widget, *widget.plot.display_position(curve, mark))
        send_mouse(widget, QEvent.MouseButtonPress, position)
        send_mouse(widget, QEvent.MouseButtonRelease, position)
        send_mouse(widget, QEvent.MouseButtonDblClick, position)
        extents = navigation.temporalExtents()
        day = mark.when.date()
        assert extents.begin() == utc(day.year, day.month, day.day)
        assert widget.plot.time.date() == day  # the line followed the move
        # Animated: the frame holding the date becomes current.
        navigation.setNavigationMode(QgsTemporalNavigationObject.Animated)
        navigation.setFrameDuration(QgsInterval(1, QgsUnitTypes.TemporalDays))
        navigation.setTemporalExtents(QgsDateTimeRange(utc(2020, 4, 1), utc(2020, 7, 1)))
        other = [m for m in curve.marks() if m.value is not None][-1]
        position = qt_position(widget, *widget.plot.display_position(curve, other))
        send_mouse(widget, QEvent.MouseButtonDblClick, position)
        frame = navigation.dateTimeRangeForFrameNumber(navigation.currentFrameNumber())
        assert frame.begin().date() == QDate(other.when.year, other.when.month, other.when.day)
        assert widget.plot.time.date() == other.when.date()
    finally:
        widget.shutdown()
        widget.deleteLater()


BLOCKER = r"""
import importlib.abc, json, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Block())
from qgis.core import QgsApplication
app = QgsApplication([], True)
app.initQgis()
from plugin.terrascope_plugin import TerrascopeBrowserPlugin
from plugin.gui.dock import TerrascopeDock
dock = TerrascopeDock(None, None)
messages = []
dock.timeseries.message.connect(lambda text, warning: messages.append([text, warning]))
dock.timeseries.action.setChecked(True)
print(json.dumps({"messages": messages, "checked": dock.timeseries.action.isChecked(),
                  "panel": dock.timeseries.panel is not None, "mpl": "matplotlib" in sys.modules}))
dock.shutdown()
"""


def test_without_matplotlib_the_plugin_loads_and_says_what_to_install(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [_sys.executable, "-c", BLOCKER], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["panel"] is False and report["checked"] is False and report["mpl"] is False
    ((text, warning),) = report["messages"]
    assert warning and "python3-matplotlib" in text and "pip install matplotlib" in text
