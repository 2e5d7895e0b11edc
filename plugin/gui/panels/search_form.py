"""The search form: archive root, collections, dates, tiles, cloud cover, map extent; it turns
them into a catalogue Query. It collapses to one summary line after a search, so that the
results get the room."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsProject,
)
from qgis.PyQt.QtCore import QDate, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QWidget

from ... import settings
from ...core.archive.catalogue import Collection, Query
from ...core.products.tiles import TILE_HELP, TileError, parse_tiles
from ...qgis_utils import tr
from ..results_model import BBox
from ..roots import RootChooser
from ..stac_roots import catalogue_opener
from ..tasks import ShortCall, call_short
from . import load_ui

FORM_CLASS = load_ui("search_form.ui")


def tile_error_text(exc: TileError) -> str:
    """The translated message of a bad tile, naming what was typed."""
    if exc.reason == TILE_HELP:
        return tr("'{}' is not a tile: use MGRS (31UFS) or PROBA-V (X17Y03) tiles, comma-separated").format(
            exc.token
        )
    if "UTM zone" in exc.reason:
        return tr("'{}' is not a tile: UTM zones go from 1 to 60").format(exc.token)
    return tr("'{}' is not a tile: {}").format(exc.token, exc.reason)


def list_collections(root: str, cache_path: str | None) -> list[Collection]:
    return catalogue_opener([root], cache_path)().collections()  # a folder, or a STAC API


def date_of(edit) -> date | None:
    if edit.isNull():
        return None
    value = edit.date()
    return date(value.year(), value.month(), value.day()) if value.isValid() else None


class SearchForm(QWidget, FORM_CLASS):
    """The filters. ``searchRequested``/``cancelRequested`` come from its buttons; the dock runs
    the search. ``message(text, warning)`` is shown in the dock's message bar."""

    searchRequested = pyqtSignal()
    cancelRequested = pyqtSignal()
    collectionsLoaded = pyqtSignal()
    message = pyqtSignal(str, bool)

    def __init__(self, canvas, cache_path: Callable[[], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.canvas = canvas
        self._cache_path = cache_path
        self._collections_task: ShortCall | None = None
        self.listed_root: str | None = None  # the root whose collections were last asked for
        self.roots = RootChooser(self.rootCombo, self.addRootButton, self.removeRootButton)
        for edit in (self.startDate, self.endDate):
            edit.setAllowNull(True)
            edit.setNullRepresentation(tr("no limit"))
            edit.clear()
        self.collectionCombo.setDefaultText(tr("all collections"))
        self.progressBar.setVisible(False)
        self.filtersGroup.setSaveCollapsedState(False)  # kept in plugin/settings.py, not by the widget
        self.roots.rootChanged.connect(self.refresh_collections)
        self.roots.rootsFound.connect(self._list_if_new)
        self.roots.message.connect(self.message)
        self.refreshCollectionsButton.clicked.connect(self.refresh_collections)
        self.searchButton.clicked.connect(self.searchRequested)
        self.cancelButton.clicked.connect(self.cancelRequested)
        self.tilesEdit.returnPressed.connect(self.searchRequested)
        self.tilesEdit.textChanged.connect(self._validate_tiles)
        self.filtersGroup.collapsedStateChanged.connect(self._update_title)

    # Roots and collections --------------------------------------------------------------
    def current_root(self) -> str | None:
        return self.roots.current_root()

    def _list_if_new(self, root: str) -> None:
        if root != self.listed_root:
            self.refresh_collections()

    def refresh_collections(self) -> None:
        """List the collections of the current root in a task."""
        root = self.current_root()
        self.listed_root = root
        if self._collections_task is not None:
            self._collections_task.done.disconnect()
            self._collections_task.cancel()
            self._collections_task = None
        self.collectionCombo.clear()
        if not root:
            return
        self.collectionCombo.setEnabled(False)
        self.collectionCombo.setToolTip(tr("Listing the collections of {}…").format(root))
        task = call_short(
            tr("Terrascope: listing {}").format(root), list_collections, root, self._cache_path()
        )
        task.done.connect(lambda result, error, r=root: self._on_collections(r, result, error))
        self._collections_task = task

    def _on_collections(self, root: str, collections: list[Collection] | None, error: str | None) -> None:
        if root != self.current_root():
            return
        self._collections_task = None
        self.collectionCombo.setEnabled(True)
        self.collectionCombo.setToolTip(tr("Tick the collections to search; none ticked searches them all"))
        if error:
            self.message.emit(tr("Cannot read the archive {}: {}").format(root, error), True)
            self.collectionsLoaded.emit()
            return
        wanted = set(settings.FILTER_COLLECTIONS.value())
        for collection in sorted(collections or [], key=lambda c: c.id):
            state = Qt.Checked if collection.id in wanted else Qt.Unchecked
            self.collectionCombo.addItemWithCheckState(collection.id, state, collection.id)
            index = self.collectionCombo.count() - 1
            self.collectionCombo.setItemData(index, f"{collection.label}\n{collection.path}", Qt.ToolTipRole)
        if not collections:
            self.message.emit(tr("No Terrascope collection found in {}").format(root), False)
        self.collectionsLoaded.emit()

    def selected_collections(self) -> list[str]:
        return [str(v) for v in self.collectionCombo.checkedItemsData()]

    def set_selected_collections(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        for index in range(self.collectionCombo.count()):
            checked = self.collectionCombo.itemData(index) in wanted
            self.collectionCombo.setItemCheckState(index, Qt.Checked if checked else Qt.Unchecked)

    # Filters ----------------------------------------------------------------------------
    def map_extent_bbox(self) -> BBox | None:
        """The map canvas extent in lon/lat, or None when it cannot be transformed."""
        if self.canvas is None:
            return None
        transform = QgsCoordinateTransform(
            self.canvas.mapSettings().destinationCrs(),
            QgsCoordinateReferenceSystem("EPSG:4326"),
            QgsProject.instance(),
        )
        try:
            extent = transform.transformBoundingBox(self.canvas.extent())
        except QgsCsException:
            return None
        if extent.isEmpty() or not extent.isFinite():
            return None
        return (
            max(-180.0, extent.xMinimum()),
            max(-90.0, extent.yMinimum()),
            min(180.0, extent.xMaximum()),
            min(90.0, extent.yMaximum()),
        )

    def tiles(self) -> list[str]:
        """The typed tiles, normalised; ValueError with a translated message naming a bad one."""
        try:
            return parse_tiles(self.tilesEdit.text())
        except TileError as exc:
            raise ValueError(tile_error_text(exc)) from None

    def build_query(self) -> Query:
        """The Query of the current filters; ValueError with a readable message when invalid."""
        start, end = date_of(self.startDate), date_of(self.endDate)
        if start and end and start > end:
            raise ValueError(tr("The start date {} is after the end date {}").format(start, end))
        bbox = None
        if self.extentCheck.isChecked():
            bbox = self.map_extent_bbox()
            if bbox is None:
                raise ValueError(
                    tr("The map extent cannot be expressed in longitude/latitude: zoom in or untick it")
                )
        cloud = self.cloudSpin.value()
        return Query(
            collections=tuple(self.selected_collections()),
            tiles=tuple(self.tiles()),
            start=start,
            end=end,
            max_cloud=None if cloud < 0 else float(cloud),
            bbox=bbox,
            all_versions=not self.newestCheck.isChecked(),
        )

    def _validate_tiles(self, _text: str = "") -> None:
        try:
            self.tiles()
        except ValueError as exc:
            self.tilesEdit.setStyleSheet("QLineEdit { color: #b00020; }")
            self.tilesEdit.setToolTip(str(exc))
        else:
            self.tilesEdit.setStyleSheet("")
            self.tilesEdit.setToolTip(
                tr("MGRS tiles separated by commas, e.g. 31UFS, 31UES; empty for all tiles")
            )

    def add_picked_tiles(self, tiles: list[str], add: bool) -> None:
        """Tiles picked on the map: they replace the typed ones, or join them (shift-click)."""
        try:
            current = self.tiles() if add else []
        except ValueError:  # what was typed is not a tile list: the picked tiles replace it
            current = []
        self.tilesEdit.setText(", ".join(current + [t for t in tiles if t not in current]))

    # Searching state --------------------------------------------------------------------
    def set_searching(self, running: bool) -> None:
        self.cancelButton.setEnabled(running)
        self.progressBar.setVisible(running)
        self.progressBar.setRange(0, 0)  # busy until the task reports a fraction
        self.searchButton.setText(tr("Search again") if running else tr("Search"))
        if running:
            self.filtersGroup.setCollapsed(True)  # the results get the room
        self._update_title()

    def set_progress(self, value: float) -> None:
        if value > 0:
            self.progressBar.setRange(0, 100)
            self.progressBar.setValue(int(value))

    def summary(self) -> str:
        """One line saying what is searched: shown as the title of the collapsed form."""
        parts = [", ".join(self.selected_collections()) or tr("all collections")]
        if self.tilesEdit.text().strip():
            parts.append(self.tilesEdit.text().strip())
        start, end = date_of(self.startDate), date_of(self.endDate)
        if start or end:
            parts.append(f"{start or '…'} – {end or '…'}")
        if self.cloudSpin.value() >= 0:
            parts.append(tr("≤ {} % cloud").format(self.cloudSpin.value()))
        if self.extentCheck.isChecked():
            parts.append(tr("map extent"))
        return " · ".join(parts)

    def _update_title(self, *_args) -> None:
        collapsed = self.filtersGroup.isCollapsed()
        self.filtersGroup.setTitle(tr("Search: {}").format(self.summary()) if collapsed else tr("Search"))
        self.filtersGroup.setToolTip(self.summary() if collapsed else "")

    # Settings ---------------------------------------------------------------------------
    def restore_settings(self) -> None:
        self.roots.restore()
        for item, edit in ((settings.FILTER_START, self.startDate), (settings.FILTER_END, self.endDate)):
            value = QDate.fromString(item.value(), Qt.ISODate)
            if value.isValid():
                edit.setDate(value)
            else:
                edit.clear()
        self.tilesEdit.setText(settings.FILTER_TILES.value())
        self.cloudSpin.setValue(settings.FILTER_MAX_CLOUD.value())
        self.extentCheck.setChecked(settings.FILTER_EXTENT.value())
        self.newestCheck.setChecked(settings.FILTER_NEWEST.value())
        self.filtersGroup.setCollapsed(settings.DOCK_FILTERS_COLLAPSED.value())
        self._update_title()

    def save_filters(self) -> None:
        for item, edit in ((settings.FILTER_START, self.startDate), (settings.FILTER_END, self.endDate)):
            value = date_of(edit)
            item.set_value(value.isoformat() if value else "")
        settings.FILTER_TILES.set_value(self.tilesEdit.text().strip())
        settings.FILTER_MAX_CLOUD.set_value(self.cloudSpin.value())
        settings.FILTER_EXTENT.set_value(self.extentCheck.isChecked())
        settings.FILTER_NEWEST.set_value(self.newestCheck.isChecked())
        if self.collectionCombo.isEnabled():
            settings.FILTER_COLLECTIONS.set_value(self.selected_collections())

    def save_settings(self) -> None:
        self.save_filters()
        settings.DOCK_FILTERS_COLLAPSED.set_value(self.filtersGroup.isCollapsed())
        root = self.current_root()
        if root:
            settings.ROOTS_LAST.set_value(root)

    def shutdown(self) -> None:
        self.roots.shutdown()
        if self._collections_task is not None:
            self._collections_task.done.disconnect()
            self._collections_task.cancel()
            self._collections_task = None
