"""What can be done with the selected results: add them to the map, open a Processing
algorithm on them, show their footprints, copy or open their paths; and the map tool that
picks tiles for the search form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsProject,
)
from qgis.PyQt.QtCore import QT_TR_NOOP, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QAction, QMenu, QToolButton, QWidget

from ... import settings
from ...core.archive.catalogue import Product
from ...qgis_utils import log_warning, tr
from .. import loading
from ..footprints import FootprintLayer
from ..map_tools import TilePickTool
from ..results_model import BBox, Hit
from . import load_ui

FORM_CLASS = load_ui("actions.ui")

# (label, `what` passed to loading.load_products)
# Labels marked for translation extraction; translated with tr() where shown.
LOAD_CHOICES: tuple[tuple[str, str], ...] = (
    (QT_TR_NOOP("Add styled layers"), "default"),
    (QT_TR_NOOP("True colour (B04/B03/B02)"), "true_colour"),
    (QT_TR_NOOP("False colour (B08/B04/B03)"), "false_colour"),
    (QT_TR_NOOP("Scene classification"), "scl"),
    (QT_TR_NOOP("Quicklook"), "quicklook"),
)
PROCESSING_CHOICES: tuple[tuple[str, str], ...] = (
    (QT_TR_NOOP("Physical values…"), "terrascope:physicalvalues"),
    (QT_TR_NOOP("Mask with scene classification…"), "terrascope:sclmask"),
    (QT_TR_NOOP("Temporal composite…"), "terrascope:temporalcomposite"),
)


def processing_dialog_parameters(algorithm_id: str, products: list[Product]) -> dict[str, Any]:
    """The parameters a Processing dialog opened from the dock starts with: the selection, and
    the default mask classes of the Options page when the algorithm masks."""
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    if algorithm is None:
        raise loading.LoadError(
            tr(
                "Processing algorithm {} is not available: enable the Terrascope provider in Processing"
            ).format(algorithm_id)
        )
    params = loading.processing_parameters(algorithm, products)
    classes = settings.default_mask_classes()
    if classes is not None and algorithm.parameterDefinition("MASK_CLASSES") is not None:
        params["MASK_CLASSES"] = sorted(classes)
    return params


class ActionsBar(QWidget, FORM_CLASS):
    """The Add and Footprints buttons over the results, the context menu of the selection, the
    footprints layer and the tile-picking map tool. ``tilesPicked(tiles, add)`` goes to the form."""

    tilesPicked = pyqtSignal(list, bool)
    footprintsSelected = pyqtSignal(list)  # keys selected on the map
    message = pyqtSignal(str, bool)

    def __init__(
        self,
        iface,
        selected_hits: Callable[[], list[Hit]],
        all_hits: Callable[[], list[Hit]],
        tile_footprints: Callable[[], dict[str, BBox]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.canvas = iface.mapCanvas() if iface is not None else None
        self._selected_hits = selected_hits
        self._all_hits = all_hits
        self.last_load_task = None
        self.footprints = FootprintLayer(QgsProject.instance(), self)
        self.pick_tool = TilePickTool(self.canvas, tile_footprints) if self.canvas else None
        menu = QMenu(self.addButton)
        for label, what in LOAD_CHOICES[1:]:
            menu.addAction(tr(label), lambda w=what: self.load_selected(w))
        self.addButton.setMenu(menu)
        self.addButton.setText(tr("Add"))
        self.addButton.clicked.connect(lambda: self.load_selected("default"))
        self.footprintsButton.toggled.connect(self.show_footprints)
        self.footprints.selectionChanged.connect(self.footprintsSelected)
        self.footprints.layerRemoved.connect(lambda: self.footprintsButton.setChecked(False))
        if self.pick_tool is not None:
            self.pick_tool.tilesPicked.connect(self._on_tiles_picked)
        self.footprintsButton.blockSignals(True)  # the layer itself is made by the first search
        self.footprintsButton.setChecked(settings.DOCK_FOOTPRINTS.value())
        self.footprintsButton.blockSignals(False)

    def selected_products(self) -> list[Product]:
        return [hit.product for hit in self._selected_hits()]

    def selection_changed(self, hits: list[Hit], echo: bool = True) -> None:
        self.addButton.setEnabled(bool(hits))
        if echo:
            self.footprints.select_keys(hit.key for hit in hits)

    # Footprints -------------------------------------------------------------------------
    def search_started(self) -> None:
        self.footprints.clear()
        if self.footprintsButton.isChecked() and not self.footprints.active:
            self.footprints.show([])

    def hits_added(self, hits: list[Hit]) -> None:
        if self.footprints.active:
            self.footprints.add(hits)

    def show_footprints(self, visible: bool) -> None:
        if visible == self.footprints.active:
            return
        if visible:
            hits = self._all_hits()
            self.footprints.show(hits)
            self.footprints.select_keys(hit.key for hit in self._selected_hits())
            if hits and not any(h.footprint for h in hits[:1000]):
                self.message.emit(
                    tr("These products have no readable footprint (no raster header or XML bounding box)."),
                    False,
                )
        else:
            self.footprints.hide()
        if self.footprintsButton.isChecked() != visible:
            self.footprintsButton.setChecked(visible)
        settings.DOCK_FOOTPRINTS.set_value(visible)

    def _zoom_to_selection(self) -> None:
        extent = self.footprints.extent_of(hit.key for hit in self._selected_hits())
        if extent is None or self.canvas is None:
            return
        transform = QgsCoordinateTransform(
            QgsCoordinateReferenceSystem("EPSG:4326"),
            self.canvas.mapSettings().destinationCrs(),
            QgsProject.instance(),
        )
        try:
            self.canvas.setExtent(transform.transformBoundingBox(extent))
        except QgsCsException:
            return
        self.canvas.refresh()

    def add_tool(self, action: QAction) -> QToolButton:
        """A button for ``action`` after Footprints (the dock's Time series tool)."""
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.resultsBarLayout.insertWidget(self.resultsBarLayout.indexOf(self.footprintsButton) + 1, button)
        return button

    # Tile picking -----------------------------------------------------------------------
    def set_pick_tool_active(self, active: bool) -> bool:
        """Switch the map tool; False when there is no map to pick on."""
        if self.pick_tool is None or self.canvas is None:
            return False
        if active:
            self.canvas.setMapTool(self.pick_tool)
        elif self.canvas.mapTool() is self.pick_tool:
            self.canvas.unsetMapTool(self.pick_tool)
        return True

    def _on_tiles_picked(self, tiles: list[str], lon: float, lat: float, add: bool) -> None:
        if not tiles:
            self.message.emit(tr("No MGRS tile at {:.4f}, {:.4f}").format(lon, lat), False)
            return
        self.tilesPicked.emit(tiles, add)
        self.message.emit(tr("Tiles {} at {:.4f}° E, {:.4f}° N").format(", ".join(tiles), lon, lat), False)

    # Loading and Processing -------------------------------------------------------------
    def load_selected(self, what: str = "default") -> None:
        products = self.selected_products()
        if not products:
            self.message.emit(tr("Select one or more products first."), False)
            return
        self._guarded(
            tr("Cannot load the selection"),
            lambda: self._keep(loading.load_products(products, what=what, iface=self.iface)),
        )

    def load_file(self, path: str) -> None:
        self._guarded(
            tr("Cannot load {}").format(path), lambda: self._keep(loading.load_file(path, iface=self.iface))
        )

    def _keep(self, task) -> None:
        """Keep the latest load task (tests and the bench wait on it)."""
        self.last_load_task = task

    def open_processing(self, algorithm_id: str) -> None:
        products = self.selected_products()

        def open_dialog() -> None:
            params = processing_dialog_parameters(algorithm_id, products)
            import processing  # QGIS's Processing plugin: only present in the desktop application

            processing.execAlgorithmDialog(algorithm_id, params)

        self._guarded(tr("Cannot open {}").format(algorithm_id), open_dialog)

    def open_spark_job(self, query_source: Callable[[], tuple[list[str], Any, list[str]]]) -> None:
        """terrascope:sparkjob's dialog for the dock's search (its root, filters and collections)."""

        def open_dialog() -> None:
            from ...processing.spark_job import dialog_parameters

            roots, query, collections = query_source()  # ValueError: what to set in the form
            params = dialog_parameters(roots, query, collections, settings.default_mask_classes())
            import processing  # QGIS's Processing plugin: only present in the desktop application

            processing.execAlgorithmDialog("terrascope:sparkjob", params)

        self._guarded(tr("Cannot open {}").format("terrascope:sparkjob"), open_dialog)

    def copy_paths(self, paths: list[str]) -> None:
        self._guarded(tr("Copy path"), lambda: loading.copy_path(paths))

    def _open_folder(self) -> None:
        products = self.selected_products()
        if products:
            self._guarded(tr("Open folder"), lambda: loading.open_folder(products[0].path))

    def _guarded(self, what: str, action: Callable[[], Any]) -> Any:
        """Run a user action; a failure becomes a message in the dock, never an exception."""
        try:
            return action()
        except Exception as exc:
            log_warning(f"{what}: {exc!r}")
            self.message.emit(f"{what}: {exc}", True)
            return None

    def results_menu(self, parent: QWidget | None = None) -> QMenu:
        """Context menu of the selected results (built fresh: it depends on the selection)."""
        menu = QMenu(parent or self)
        for label, what in LOAD_CHOICES:
            menu.addAction(tr(label), lambda w=what: self.load_selected(w))
        menu.addSeparator()
        for label, algorithm in PROCESSING_CHOICES:
            menu.addAction(tr(label), lambda a=algorithm: self.open_processing(a))
        menu.addSeparator()
        menu.addAction(tr("Copy path"), lambda: self.copy_paths([p.path for p in self.selected_products()]))
        menu.addAction(tr("Open folder"), self._open_folder)
        if self.footprints.active:
            menu.addAction(tr("Zoom to footprint"), self._zoom_to_selection)
        return menu

    def shutdown(self) -> None:
        if self.pick_tool is not None and self.canvas is not None and self.canvas.mapTool() is self.pick_tool:
            self.canvas.unsetMapTool(self.pick_tool)
        self.footprints.hide()
