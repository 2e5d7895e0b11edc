"""The time-series plot panel: its own dock widget (dockable anywhere), a tool bar, the plot.

Each click (``profile_point``) and each "selected polygons" request (``profile_polygons``) adds
one curve per chosen collection and starts a :class:`task.ProfileTask`; values reach the plot
from the task's queue, drained by a GUI timer, so the points fill in as they are read.
Clicking a marker selects its product (``productSelected``) and enables Load; the plot's line
follows the Temporal Controller and a double click moves it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsProject,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ... import settings
from ...core.archive.catalogue import Query
from ...core.products.scl import DEFAULT_MASK
from ...qgis_utils import log_warning, tr
from . import temporal
from .curves import LINE_STYLES, POINT, ZONE, Curve, Mark, colour_of, write_csv
from .map_tool import MapMarkers
from .plot import ProfilePlot
from .task import PointProfileJob, ProfileRequest, ProfileTask, profile_job

# roots, query (the dock's filters) and the collections to plot; ValueError says what is missing
QuerySource = Callable[[], tuple[list[str], Query, list[str]]]
DRAIN_MS = 100  # how often the read values are taken from the tasks' queues
DRAW_INTERVAL_S = 0.3  # while reading, the plot is redrawn at most this often (the first values at once)


class TimeSeriesPanel(QgsDockWidget):
    """The plot panel. ``message(text, warning)``; ``productSelected(product, path)``."""

    message = pyqtSignal(str, bool)
    productSelected = pyqtSignal(str, str)
    readingChanged = pyqtSignal(bool)

    def __init__(
        self,
        canvas,
        query_source: QuerySource,
        load_file: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TerrascopeTimeSeriesDock")
        self.setWindowTitle(tr("Terrascope time series"))
        self.canvas = canvas
        self._query_source = query_source
        self._load_file = load_file
        self.curves: list[Curve] = []
        self.tasks: list[ProfileTask | PointProfileJob] = []
        self.markers = MapMarkers(canvas)
        self.selected: tuple[Curve, Mark] | None = None
        self.controller = None
        self._inputs = 0  # clicked points and polygons so far: each gets the next colour
        self._dirty, self._last_draw = False, 0.0
        self._next_key = 0
        self.plot = ProfilePlot()
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_MS)
        self._timer.timeout.connect(self.drain)
        self.plot.markClicked.connect(self._on_mark_clicked)
        self.plot.dateActivated.connect(self.move_controller)
        if canvas is not None:
            self.link_temporal(canvas.temporalController())

    # Layout -------------------------------------------------------------------------------
    def _tool_button(self, text: str, tip: str, slot=None) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.toolSlot = QHBoxLayout()  # the map tool's button goes here (the tool owns its action)
        bar.addLayout(self.toolSlot)
        self.polygonsButton = self._tool_button(
            tr("Selected polygons"),
            tr("Plot the mean of the selected polygons of the active layer"),
            lambda: self.profile_polygons(),
        )
        self.hideMaskedCheck = QCheckBox(tr("Hide masked"))
        self.hideMaskedCheck.setToolTip(tr("Hide the dates masked by the scene classification (SCL)"))
        self.hideMaskedCheck.setChecked(settings.TIMESERIES_HIDE_MASKED.value())
        self.hideMaskedCheck.toggled.connect(self._on_hide_masked)
        self.bandCombo = QComboBox()
        self.bandCombo.addItem(tr("min – max"), "minmax")
        self.bandCombo.addItem(tr("± std"), "std")
        self.bandCombo.setToolTip(tr("The band drawn around the mean of a polygon"))
        self.bandCombo.setCurrentIndex(max(0, self.bandCombo.findData(settings.TIMESERIES_BAND.value())))
        self.bandCombo.currentIndexChanged.connect(self._on_band)
        self.loadButton = self._tool_button(
            tr("Load"), tr("Load the product of the clicked point"), self.load_selected
        )
        self.loadButton.setEnabled(False)
        self.exportButton = self._tool_button(tr("Export"), tr("Save the plot as PNG or its data as CSV"))
        menu = QMenu(self.exportButton)
        menu.addAction(tr("Plot as PNG…"), lambda: self._ask_and_export("png"))
        menu.addAction(tr("Data as CSV…"), lambda: self._ask_and_export("csv"))
        self.exportButton.setMenu(menu)
        self.exportButton.setPopupMode(QToolButton.InstantPopup)
        self.clearButton = self._tool_button(
            tr("Clear"), tr("Remove every curve and its map marker"), self.clear
        )
        for widget in (
            self.polygonsButton,
            self.hideMaskedCheck,
            self.bandCombo,
            self.loadButton,
            self.exportButton,
            self.clearButton,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.progressBar = QProgressBar()
        self.progressBar.setMaximumWidth(120)
        self.progressBar.setVisible(False)
        self.cancelButton = self._tool_button(tr("Cancel"), tr("Stop reading"), self.cancel)
        self.cancelButton.setVisible(False)
        bar.addWidget(self.progressBar)
        bar.addWidget(self.cancelButton)
        self.statusLabel = QLabel(tr("Click the map with the Time series tool, or select polygons."))
        self.statusLabel.setWordWrap(True)
        contents = QWidget()
        layout = QVBoxLayout(contents)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.statusLabel)
        self.setWidget(contents)
        self.plot.hide_masked = self.hideMaskedCheck.isChecked()
        self.plot.band = self.bandCombo.currentData()

    # Starting reads -----------------------------------------------------------------------
    def _source(self) -> tuple[list[str], Query, list[str]] | None:
        try:
            return self._query_source()
        except ValueError as exc:
            self.message.emit(str(exc), True)
            self.statusLabel.setText(str(exc))
            return None

    def _new_curves(self, collections: list[str], make: Callable[[str, str, str], Curve]) -> dict:
        """One curve per collection for a new input (its colour); returns (collection, 0) -> key."""
        colour = colour_of(self._inputs)
        self._inputs += 1
        keys = {}
        for index, collection in enumerate(collections):
            curve = make(collection, colour, LINE_STYLES[index % len(LINE_STYLES)])
            self.curves.append(curve)
            keys[(collection, 0)] = curve.key
        return keys

    def _key(self) -> int:
        self._next_key += 1
        return self._next_key

    def mask_classes(self) -> frozenset[int]:
        return settings.default_mask_classes() or DEFAULT_MASK

    def profile_point(self, lon: float, lat: float) -> ProfileTask | None:
        """Add the curves of a point (one per chosen collection) and read them in a task."""
        source = self._source()
        if source is None:
            return None
        roots, query, collections = source
        number = self._inputs + 1

        def make(collection: str, colour: str, style: str) -> Curve:
            label = f"P{number} {collection}"
            return Curve(self._key(), POINT, label, collection, colour, style, lon=lon, lat=lat)

        keys = self._new_curves(collections, make)
        self.markers.add_point(next(iter(keys.values())), lon, lat, colour_of(number - 1))
        request = ProfileRequest(
            tuple(roots),
            query,
            tuple(collections),
            keys,
            points=((lon, lat),),
            mask_classes=self.mask_classes(),
            cache_path=settings.listing_cache_path(),
        )
        return self._start(request, tr("Terrascope: time series at {:.5f}, {:.5f}").format(lon, lat))

    def profile_polygons(self, layer=None) -> ProfileTask | None:
        """Add the mean curves of the selected polygons of ``layer`` (default: the active layer)."""
        layer = layer if layer is not None else (self.canvas.currentLayer() if self.canvas else None)
        features = polygon_features(layer)
        if not features:
            self.message.emit(tr("Select one or more polygons of a vector layer first."), False)
            return None
        source = self._source()
        if source is None:
            return None
        roots, query, collections = source
        keys: dict[tuple[str, int], int] = {}
        for position, feature in enumerate(features):
            fid = feature.id()
            made = self._new_curves(
                collections,
                lambda c, colour, style, f=fid: Curve(
                    self._key(), ZONE, tr("Polygon {} {}").format(f, c), c, colour, style, feature=f
                ),
            )
            keys.update({(c, position): key for (c, _zero), key in made.items()})
            self.markers.add_polygon(
                next(iter(made.values())), feature.geometry(), layer.crs(), colour_of(self._inputs - 1)
            )
        polygons = tuple((f.id(), f.geometry().asWkt()) for f in features)
        request = ProfileRequest(
            tuple(roots),
            query,
            tuple(collections),
            keys,
            polygons=polygons,
            polygon_crs=layer.crs().toWkt(),
            bbox=lonlat_bbox(features, layer.crs()),
            mask_classes=self.mask_classes(),
            cache_path=settings.listing_cache_path(),
        )
        return self._start(request, tr("Terrascope: time series of {} polygons").format(len(features)))

    def _start(self, request: ProfileRequest, description: str) -> ProfileTask | PointProfileJob:
        # Submitted before anything is drawn: the read starts at once, and the plot is rebuilt
        # when the first values arrive (drawing the still-empty curves first would hold the GUI
        # thread for a whole figure draw while the value is already read). The lanes deliver
        # `done` and progress through the event loop, so connecting right after is in time.
        task = profile_job(request, description)
        self._last_draw = 0.0  # the first values of the new curves are drawn as soon as read
        task.done.connect(self._on_done)
        task.progressChanged.connect(self._on_progress)
        self.tasks.append(task)
        self._timer.start()
        self._update_progress()
        self.readingChanged.emit(True)
        return task

    # Receiving values ---------------------------------------------------------------------
    def drain(self, force: bool = False) -> int:
        """Take the values read so far from the tasks' queues; returns how many. The plot is
        updated with them at once the first time, then at most every DRAW_INTERVAL_S."""
        by_key = {curve.key: curve for curve in self.curves}
        count = 0
        for task in self.tasks:
            while not task.samples.empty():
                key, sample, path = task.samples.get_nowait()
                curve = by_key.get(key)
                if curve is not None:
                    curve.add(sample, path)
                    count += 1
        self._dirty |= count > 0
        now = time.monotonic()
        if self._dirty and (force or now - self._last_draw >= DRAW_INTERVAL_S):
            self.plot.set_curves(self.curves)
            self._dirty, self._last_draw = False, now
        return count

    def _on_done(self, task: ProfileTask) -> None:
        self.drain(force=True)
        if [c.key for c in self.plot.curves] != [c.key for c in self.curves]:
            self.plot.set_curves(self.curves)  # curves that got no value still get their legend entry
        if task in self.tasks:
            self.tasks.remove(task)
        if not self.tasks:
            self._timer.stop()
        for note in task.notes:
            self.message.emit(note, False)
        if task.error:
            self.message.emit(task.error, True)
        if task.skipped:
            self.message.emit(skipped_text(task.skipped), True)
        self._update_progress()
        self._update_status()
        if not self.tasks:
            self.readingChanged.emit(False)

    def _on_progress(self, _value: float) -> None:
        # A value was read: take it now rather than at the next timer tick (the first one is drawn
        # at once, later ones at most every DRAW_INTERVAL_S, as drain decides).
        self.drain()
        self._update_progress()

    def _update_progress(self) -> None:
        reading = bool(self.tasks)
        self.progressBar.setVisible(reading)
        self.cancelButton.setVisible(reading)
        if reading:
            self.progressBar.setValue(int(min(t.progress() for t in self.tasks)))
            self.statusLabel.setText(tr("Reading…"))

    def _update_status(self) -> None:
        if self.tasks:
            return
        parts = []
        for curve in self.curves:
            counts = curve.counts()
            details = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
            parts.append(f"{curve.label}: {details or tr('no data')}")
        self.statusLabel.setText("; ".join(parts))

    @property
    def is_reading(self) -> bool:
        return bool(self.tasks)

    def cancel(self) -> None:
        for task in list(self.tasks):
            task.cancel()

    def clear(self) -> None:
        """Remove every curve and marker (running reads are cancelled)."""
        self.cancel()
        self.curves.clear()
        self.markers.clear()
        self.selected = None
        self.loadButton.setEnabled(False)
        self._inputs = 0
        self.plot.set_curves([])
        self.statusLabel.setText(tr("Click the map with the Time series tool, or select polygons."))

    # Plot options and marks ---------------------------------------------------------------
    def _on_hide_masked(self, hide: bool) -> None:
        settings.TIMESERIES_HIDE_MASKED.set_value(hide)
        self.plot.hide_masked = hide
        self.plot.redraw()

    def _on_band(self, _index: int) -> None:
        settings.TIMESERIES_BAND.set_value(self.bandCombo.currentData())
        self.plot.band = self.bandCombo.currentData()
        self.plot.redraw()

    def _on_mark_clicked(self, curve: Curve, mark: Mark) -> None:
        self.selected = (curve, mark)
        self.loadButton.setEnabled(bool(mark.path))
        self.loadButton.setToolTip(tr("Load {}").format(mark.path or mark.product))
        self.productSelected.emit(mark.product, mark.path)

    def load_selected(self) -> object:
        if self.selected is None or not self.selected[1].path:
            return None
        return self._load_file(self.selected[1].path)

    # Temporal Controller ------------------------------------------------------------------
    def link_temporal(self, controller) -> None:
        """Follow ``controller`` (the canvas's temporal controller) with the plot's line."""
        if self.controller is not None:
            self.controller.updateTemporalRange.disconnect(self._on_range)
        self.controller = controller
        if controller is not None:
            controller.updateTemporalRange.connect(self._on_range)
        self._on_range(temporal.current_range(controller))

    def _on_range(self, value) -> None:
        self.plot.set_time(temporal.range_start(value))

    def move_controller(self, when: datetime) -> bool:
        if not temporal.move_to(self.controller, when):
            self.message.emit(tr("The map has no Temporal Controller to move"), False)
            return False
        return True

    # Export -------------------------------------------------------------------------------
    def export_png(self, path: str) -> None:
        self.plot.save_png(path)

    def export_csv(self, path: str) -> int:
        return write_csv(path, self.curves)

    def _ask_and_export(self, kind: str) -> None:
        filters = {"png": tr("PNG image (*.png)"), "csv": tr("CSV table (*.csv)")}
        path, _filter = QFileDialog.getSaveFileName(self, tr("Export the time series"), "", filters[kind])
        if not path:
            return
        if not path.lower().endswith("." + kind):
            path += "." + kind
        try:
            self.export_png(path) if kind == "png" else self.export_csv(path)
        except OSError as exc:
            log_warning(f"time series export to {path}: {exc!r}")
            self.message.emit(tr("Cannot write {}: {}").format(path, exc.strerror or exc), True)
            return
        self.message.emit(tr("Saved {}").format(path), False)

    # Lifetime -----------------------------------------------------------------------------
    def shutdown(self) -> None:
        self._timer.stop()
        for task in list(self.tasks):
            task.done.disconnect()
            task.cancel()
        self.tasks.clear()
        self.markers.clear()
        if self.controller is not None:
            self.controller.updateTemporalRange.disconnect(self._on_range)
            self.controller = None


def polygon_features(layer) -> list:
    """The selected features of a polygon layer with a geometry ([] for anything else)."""
    if (
        layer is None
        or not hasattr(layer, "selectedFeatures")
        or layer.geometryType() != QgsWkbTypes.PolygonGeometry
    ):
        return []
    features = [f for f in layer.selectedFeatures() if f.hasGeometry() and not f.geometry().isEmpty()]
    return sorted(features, key=lambda f: f.id())  # the selection is a set: curves in id order


def lonlat_bbox(
    features: list, crs: QgsCoordinateReferenceSystem
) -> tuple[float, float, float, float] | None:
    """The features' extent in lon/lat (the archive query's bbox), None when it cannot be had."""
    transform = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    extent = QgsRectangle(features[0].geometry().boundingBox())
    for feature in features[1:]:
        extent.combineExtentWith(feature.geometry().boundingBox())
    try:
        box = transform.transformBoundingBox(extent)
    except QgsCsException:  # the archive query then has no bbox
        return None
    return (
        box.xMinimum(),
        box.yMinimum(),
        max(box.xMaximum(), box.xMinimum() + 1e-6),
        max(box.yMaximum(), box.yMinimum() + 1e-6),
    )


def skipped_text(skipped: list) -> str:
    head = tr("Skipped, as they could not be read: {} product(s)").format(len(skipped))
    lines = [f"{os.path.basename(s.path)}: {s.reason}" for s in skipped[:5]]
    more = [tr("… and {} more").format(len(skipped) - 5)] if len(skipped) > 5 else []
    return "\n".join([head + ":", *lines, *more])
