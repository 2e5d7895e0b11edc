"""The Terrascope dock: choose an archive, filter, search, preview and load products.

Layout in `ui/dock.ui`. The GUI thread only moves data that tasks prepared: listing the
collections, searching, reading footprints, parsing XML and reading quicklooks all run in
QgsTasks (`search_task.py`, `details.py`).
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsProject,
)
from qgis.gui import QgsDockWidget, QgsMessageBarItem
from qgis.PyQt import uic
from qgis.PyQt.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QDate,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QPoint,
    Qt,
    QTimer,
    pyqtSignal,
)
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QTreeWidgetItem,
    QWidget,
)

from ..core.archive.catalogue import Catalogue, Collection, Product, Query, SkippedPath, default_roots
from ..core.archive.listing_cache import default_cache_path
from ..qgis_utils import log_warning, set_setting, setting, tr
from . import loading
from .details import PATH_ROLE, DetailsPane
from .footprints import FootprintLayer
from .map_tools import TilePickTool
from .results_model import (
    CLOUD,
    COLLECTION,
    DATE,
    PRODUCT,
    RESOLUTION,
    TILE,
    VERSION,
    BBox,
    Hit,
    ResultsModel,
)
from .search_task import CallTask, SearchTask

UI_PATH = Path(__file__).resolve().parents[2] / "ui" / "dock.ui"
FORM_CLASS, _ = uic.loadUiType(str(UI_PATH))

PATH_DATA = Qt.UserRole + 1
DEMO_ROOT_ENV = "TERRASCOPE_DEMO_ROOT"
# Re-sorting while rows stream in is cheap below this many rows; above, it waits for the end.
LIVE_SORT_LIMIT = 10_000
PREFERRED_WIDTH = 390  # pixels: product, date, tile and cloud columns visible
# Tiles: MGRS "31UFS" (zone may lose its leading zero: "1ABC" -> "01ABC") or PROBA-V "X17Y03".
_TILE_RE = re.compile(r"^(?:(\d{1,2})([C-HJ-NP-X][A-HJ-NP-Z][A-HJ-NP-V])|(X\d{2}Y\d{2}))$", re.IGNORECASE)

# (label, `what` passed to loading.load_products)
# Labels marked for translation extraction; translated with tr() where shown.
LOAD_CHOICES: tuple[tuple[str, str], ...] = (
    (QT_TRANSLATE_NOOP("TerrascopeBrowser", "Add styled layers"), "default"),
    (QT_TRANSLATE_NOOP("TerrascopeBrowser", "True colour (B04/B03/B02)"), "true_colour"),
    (QT_TRANSLATE_NOOP("TerrascopeBrowser", "False colour (B08/B04/B03)"), "false_colour"),
    (QT_TRANSLATE_NOOP("TerrascopeBrowser", "Scene classification"), "scl"),
    (QT_TRANSLATE_NOOP("TerrascopeBrowser", "Quicklook"), "quicklook"),
)
PROCESSING_CHOICES: tuple[tuple[str, str], ...] = (
    (QT_TRANSLATE_NOOP("TerrascopeBrowser", "Physical values…"), "terrascope:physicalvalues"),
    (QT_TRANSLATE_NOOP("TerrascopeBrowser", "Mask with scene classification…"), "terrascope:sclmask"),
    (QT_TRANSLATE_NOOP("TerrascopeBrowser", "Temporal composite…"), "terrascope:temporalcomposite"),
)


def parse_tiles(text: str) -> list[str]:
    """'31ufs, 1ABC ,X17Y03' -> ['31UFS', '01ABC', 'X17Y03']; ValueError names a bad entry."""
    tiles: list[str] = []
    for token in (t.strip() for t in re.split(r"[,;\s]+", text)):
        if not token:
            continue
        match = _TILE_RE.match(token)
        if match is None:
            raise ValueError(
                tr("'{}' is not a tile: use MGRS (31UFS) or PROBA-V (X17Y03) tiles, comma-separated").format(
                    token
                )
            )
        if match[1] and not 1 <= int(match[1]) <= 60:
            raise ValueError(tr("'{}' is not a tile: UTM zones go from 1 to 60").format(token))
        tile = f"{int(match[1]):02d}{match[2]}".upper() if match[1] else match[3].upper()
        if tile not in tiles:
            tiles.append(tile)
    return tiles


def format_count(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def drag_paths(products: Iterable[Product]) -> list[str]:
    """Files a drag of products stands for: their default layers (a composite's bands), decided
    from the listed files, so that starting a drag lists no folder."""
    paths: list[str] = []
    for product in products:
        try:
            specs = loading.layer_specs_for(product, "default")
        except loading.LoadError:
            continue
        singles = [spec.sources[0] for spec in specs if spec.build != "composite"]
        paths += singles or [source for spec in specs for source in spec.sources]
    return paths


def drag_mime_data(hits: list[Hit]) -> QMimeData | None:
    paths = drag_paths(hit.product for hit in hits)
    return loading.files_mime_data(paths) if paths else None


def discover_roots(demo_root: str | None) -> list[tuple[str, str]]:
    """(label, path) of the standard roots that exist; runs in a task (stat of network mounts)."""
    roots: list[tuple[str, str]] = []
    for path in default_roots():
        if path.rstrip("/").endswith("/MTDA"):
            label = tr("Terrascope archive")
        elif "/Public/" in path:
            label = tr("My public folder")
        elif "/Private/" in path:
            label = tr("My private folder")
        else:
            label = Path(path).name
        roots.append((label, path))
    if demo_root and os.path.isdir(demo_root):
        roots.append((tr("Demo archive"), demo_root))
    return roots


def list_collections(root: str, cache_path: str | None) -> list[Collection]:
    return Catalogue([root], cache_path=cache_path).collections()


class ResultsGcGuard:
    """Keeps CPython's full (generation 2) collections from scanning 100 000 results.

    While a search streams results, full collections are put off (a raised gen-2 threshold);
    when it ends, what is alive is frozen once, so that later full collections skip the
    results; clearing the results unfreezes it. Freezing is process-wide, so it never outlives
    the results it was for: a garbage cycle frozen with them becomes collectable again.
    """

    GEN2_THRESHOLD_WHILE_SEARCHING = 1_000_000

    def __init__(self) -> None:
        self._saved_threshold: tuple[int, int, int] | None = None
        self._frozen = False

    def search_started(self) -> None:
        self.release()
        self._saved_threshold = gc.get_threshold()
        young, middle, _old = self._saved_threshold
        gc.set_threshold(young, middle, self.GEN2_THRESHOLD_WHILE_SEARCHING)

    def search_ended(self) -> None:
        if self._saved_threshold is None:
            return
        gc.set_threshold(*self._saved_threshold)
        self._saved_threshold = None
        gc.freeze()
        self._frozen = True

    def release(self) -> None:
        """The results are gone (or about to be): back to the normal collector."""
        if self._saved_threshold is not None:
            gc.set_threshold(*self._saved_threshold)
            self._saved_threshold = None
        if self._frozen:
            gc.unfreeze()
            self._frozen = False


class TerrascopeDock(QgsDockWidget, FORM_CLASS):
    """The dock. `searchFinished(count)` fires when a search ends (done, failed or cancelled)."""

    searchFinished = pyqtSignal(int)
    collectionsLoaded = pyqtSignal()

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.canvas = iface.mapCanvas() if iface is not None else None
        self._generation = 0
        self._search_task: SearchTask | None = None
        self._collections_task: CallTask | None = None
        self._roots_task: CallTask | None = None
        self._listed_root: str | None = None  # the root whose collections were last asked for
        self._tile_footprints: dict[str, BBox] = {}
        self._syncing_selection = False
        self.last_skipped: list[SkippedPath] = []
        self.last_error: str | None = None
        self.last_load_task = None
        self.cache_path: str | None = default_cache_path()
        self._gc_guard = ResultsGcGuard()

        self.model = ResultsModel(mime_for_hits=drag_mime_data, parent=self)
        self.footprints = FootprintLayer(QgsProject.instance(), self)
        self.details = DetailsPane(
            self.nameTree, self.metadataTree, self.filesList, self.quicklookLabel, self._warn, self
        )
        self.pick_tool = TilePickTool(self.canvas, lambda: self._tile_footprints) if self.canvas else None

        self._setup_widgets()
        self._connect()
        self._restore_settings()
        # The remembered root is listed at once: finding the standard roots may wait on a
        # slow network mount, and must not hold up the folder the user worked in last.
        if self.current_root():
            self.refresh_collections()
        self._discover_roots()

    # Setup --------------------------------------------------------------------------------
    def _setup_widgets(self) -> None:
        for edit in (self.startDate, self.endDate):
            edit.setAllowNull(True)
            edit.setNullRepresentation(tr("no limit"))
            edit.clear()
        self.collectionCombo.setDefaultText(tr("all collections"))
        view = self.resultsView
        view.setModel(self.model)
        view.setSortingEnabled(True)
        # A table view, not a tree view: QTreeView lays out every row (calling the Python model
        # for each) whenever rows are added, which stalls the GUI for 100 000 results.
        rows = view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 4)
        header = view.horizontalHeader()
        header.setSortIndicator(-1, Qt.AscendingOrder)  # arrival order until the user sorts
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        self._size_columns()
        view.setDragDropMode(QAbstractItemView.DragOnly)
        for tree in (self.nameTree, self.metadataTree):
            tree.header().setSectionResizeMode(0, QHeaderView.ResizeToContents)
            tree.header().setStretchLastSection(True)
        self.skippedTree.setColumnWidth(
            0, self.skippedTree.fontMetrics().horizontalAdvance("permission denied (x)")
        )
        self.skippedTree.setVisible(False)
        self.mainSplitter.setStretchFactor(0, 3)
        self.mainSplitter.setStretchFactor(1, 2)
        # Never squeeze the list below a few rows, whatever the details pane asks for.
        row_height = self.resultsView.verticalHeader().defaultSectionSize()
        self.resultsView.setMinimumHeight(
            row_height * 5 + self.resultsView.horizontalHeader().sizeHint().height()
        )
        self.detailsTabs.setMinimumHeight(row_height * 6)
        self.mainSplitter.setSizes([300, 200])  # proportions until the user moves it (then restored)
        self._build_add_menu()
        self.progressBar.setVisible(False)

    def _size_columns(self) -> None:
        """Column widths from the font, so that typical values fit without eliding."""
        metrics = self.resultsView.fontMetrics()
        samples = {
            PRODUCT: "S2B SIGMA0",
            DATE: "2020-05-02 10:50",
            TILE: "31UFS",
            CLOUD: "Cloud %",
            VERSION: "Version",
            RESOLUTION: "20 m",
            COLLECTION: "NDVI_V2",
        }
        for column, sample in samples.items():
            self.resultsView.setColumnWidth(column, metrics.horizontalAdvance(sample) + 18)

    def _build_add_menu(self) -> None:
        menu = QMenu(self.addButton)
        for label, what in LOAD_CHOICES[1:]:
            menu.addAction(tr(label), lambda w=what: self.load_selected(w))
        self.addButton.setMenu(menu)
        self.addButton.setText(tr("Add"))

    def _connect(self) -> None:
        self.rootCombo.currentIndexChanged.connect(self._on_root_changed)
        self.addRootButton.clicked.connect(self._choose_root)
        self.removeRootButton.clicked.connect(self.remove_current_root)
        self.refreshCollectionsButton.clicked.connect(self.refresh_collections)
        self.searchButton.clicked.connect(self.search)
        self.cancelButton.clicked.connect(self.cancel_search)
        self.tilesEdit.returnPressed.connect(self.search)
        self.tilesEdit.textChanged.connect(self._validate_tiles)
        self.pickTileButton.toggled.connect(self._toggle_pick_tool)
        if self.pick_tool is not None:
            self.pick_tool.tilesPicked.connect(self._on_tiles_picked)
            self.pick_tool.deactivated.connect(lambda: self.pickTileButton.setChecked(False))
        self.addButton.clicked.connect(lambda: self.load_selected("default"))
        self.footprintsButton.toggled.connect(self.show_footprints)
        self.footprints.selectionChanged.connect(self._on_footprints_selected)
        self.footprints.layerRemoved.connect(lambda: self.footprintsButton.setChecked(False))
        self.countsLabel.linkActivated.connect(self._toggle_skipped)
        self.resultsView.doubleClicked.connect(lambda _index: self.load_selected("default"))
        self.resultsView.customContextMenuRequested.connect(self._results_menu)
        self.resultsView.selectionModel().selectionChanged.connect(self._on_rows_selected)
        self.filesList.itemDoubleClicked.connect(lambda item: self._load_file(item.data(PATH_ROLE)))
        self.filesList.customContextMenuRequested.connect(self._files_menu)
        self.model.modelReset.connect(self._update_counts)

    # Roots --------------------------------------------------------------------------------
    def _discover_roots(self) -> None:
        demo = setting("demo_root", "", str) or os.environ.get(DEMO_ROOT_ENV, "")
        task = CallTask(tr("Terrascope: finding archives"), discover_roots, demo or None)
        task.done.connect(self._on_roots_discovered)
        self._roots_task = task
        QgsApplication.taskManager().addTask(task)

    def _on_roots_discovered(self, roots: list[tuple[str, str]] | None, error: str | None) -> None:
        self._roots_task = None
        if error:
            self._warn(tr("Cannot look for the standard archive folders: {}").format(error))
        for position, (label, path) in enumerate(roots or []):
            if self._root_index(path) < 0:
                self._insert_root(position, label, path)
        last = setting("roots/last", "", str)
        index = self._root_index(last) if last else -1
        if index < 0 and self.rootCombo.count():
            index = 0
        if index >= 0 and index != self.rootCombo.currentIndex():
            self.rootCombo.setCurrentIndex(index)
        elif index >= 0 and self.current_root() != self._listed_root:
            self.refresh_collections()
        if self.rootCombo.count() == 0:
            self._info(tr("No Terrascope archive found on this machine: add a folder with “+”."))

    def _insert_root(self, position: int, label: str, path: str) -> None:
        """A root in the chooser: a short label shown, the full path in the tooltip."""
        if label == path:
            parts = Path(path).parts
            label = str(Path(*parts[-2:])) if len(parts) > 3 else path
            label = f"…/{label}" if len(parts) > 3 else label
        self.rootCombo.blockSignals(True)
        self.rootCombo.insertItem(position, label, path)
        self.rootCombo.setItemData(position, path, Qt.ToolTipRole)
        self.rootCombo.blockSignals(False)
        self.rootCombo.setToolTip(self.current_root() or "")

    def _root_index(self, path: str) -> int:
        return self.rootCombo.findData(os.path.abspath(os.path.expanduser(path))) if path else -1

    def add_root(self, path: str, select: bool = True) -> None:
        """Add a user folder to the chooser (remembered in the settings)."""
        path = os.path.abspath(os.path.expanduser(path))
        index = self._root_index(path)
        if index < 0:
            self._insert_root(self.rootCombo.count(), path, path)
            index = self.rootCombo.count() - 1
            added = self._added_roots()
            if path not in added:
                set_setting("roots/added", [*added, path])
        if select:
            if index == self.rootCombo.currentIndex():
                self.refresh_collections()
            else:
                self.rootCombo.setCurrentIndex(index)

    def remove_current_root(self) -> None:
        path = self.current_root()
        if not path:
            return
        set_setting("roots/added", [p for p in self._added_roots() if p != path])
        self.rootCombo.removeItem(self.rootCombo.currentIndex())

    def current_root(self) -> str | None:
        data = self.rootCombo.currentData()
        return str(data) if data else None

    def _added_roots(self) -> list[str]:
        value = setting("roots/added", [], list) or []
        return [str(v) for v in value if v]

    def _choose_root(self) -> None:
        start = self.current_root() or str(Path.home())
        path = QFileDialog.getExistingDirectory(self, tr("Add a folder to search"), start)
        if path:
            self.add_root(path)

    def _on_root_changed(self, _index: int) -> None:
        root = self.current_root()
        self.rootCombo.setToolTip(root or "")
        if root:
            set_setting("roots/last", root)
        self.refresh_collections()

    # Collections --------------------------------------------------------------------------
    def refresh_collections(self) -> None:
        """List the collections of the current root in a task."""
        root = self.current_root()
        self._listed_root = root
        if self._collections_task is not None:
            self._collections_task.done.disconnect()
            self._collections_task.cancel()
            self._collections_task = None
        self.collectionCombo.clear()
        if not root:
            return
        self.collectionCombo.setEnabled(False)
        self.collectionCombo.setToolTip(tr("Listing the collections of {}…").format(root))
        task = CallTask(tr("Terrascope: listing {}").format(root), list_collections, root, self.cache_path)
        task.done.connect(lambda result, error, r=root: self._on_collections(r, result, error))
        self._collections_task = task
        QgsApplication.taskManager().addTask(task)

    def _on_collections(self, root: str, collections: list[Collection] | None, error: str | None) -> None:
        if root != self.current_root():
            return
        self._collections_task = None
        self.collectionCombo.setEnabled(True)
        self.collectionCombo.setToolTip(tr("Tick the collections to search; none ticked searches them all"))
        if error:
            self._warn(tr("Cannot read the archive {}: {}").format(root, error))
            self.collectionsLoaded.emit()
            return
        wanted = set(self._saved_collections())
        for collection in sorted(collections or [], key=lambda c: c.id):
            self.collectionCombo.addItemWithCheckState(
                collection.id, Qt.Checked if collection.id in wanted else Qt.Unchecked, collection.id
            )
            index = self.collectionCombo.count() - 1
            self.collectionCombo.setItemData(index, f"{collection.label}\n{collection.path}", Qt.ToolTipRole)
        if not collections:
            self._info(tr("No Terrascope collection found in {}").format(root))
        self.collectionsLoaded.emit()

    def selected_collections(self) -> list[str]:
        return [str(v) for v in self.collectionCombo.checkedItemsData()]

    def set_selected_collections(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        for index in range(self.collectionCombo.count()):
            checked = self.collectionCombo.itemData(index) in wanted
            self.collectionCombo.setItemCheckState(index, Qt.Checked if checked else Qt.Unchecked)

    def _saved_collections(self) -> list[str]:
        return [str(v) for v in (setting("filters/collections", [], list) or []) if v]

    # Filters ------------------------------------------------------------------------------
    @staticmethod
    def _date_of(edit) -> date | None:
        if edit.isNull():
            return None
        value = edit.date()
        return date(value.year(), value.month(), value.day()) if value.isValid() else None

    def map_extent_bbox(self) -> BBox | None:
        """The map canvas extent in lon/lat, or None when it cannot be transformed."""
        if self.canvas is None:
            return None
        settings = self.canvas.mapSettings()
        transform = QgsCoordinateTransform(
            settings.destinationCrs(), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance()
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

    def build_query(self) -> Query:
        """The Query of the current filters; ValueError with a readable message when invalid."""
        start, end = self._date_of(self.startDate), self._date_of(self.endDate)
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
            tiles=tuple(parse_tiles(self.tilesEdit.text())),
            start=start,
            end=end,
            max_cloud=None if cloud < 0 else float(cloud),
            bbox=bbox,
            all_versions=not self.newestCheck.isChecked(),
        )

    def _validate_tiles(self, text: str) -> None:
        try:
            parse_tiles(text)
        except ValueError as exc:
            self.tilesEdit.setStyleSheet("QLineEdit { color: #b00020; }")
            self.tilesEdit.setToolTip(str(exc))
        else:
            self.tilesEdit.setStyleSheet("")
            self.tilesEdit.setToolTip(
                tr("MGRS tiles separated by commas, e.g. 31UFS, 31UES; empty for all tiles")
            )

    # Search -------------------------------------------------------------------------------
    @property
    def is_searching(self) -> bool:
        return self._search_task is not None

    def search(self) -> bool:
        """Start a search with the current filters (cancelling a running one). False if refused."""
        root = self.current_root()
        if not root:
            self._warn(tr("Choose an archive folder first (“+” adds one)."))
            return False
        try:
            query = self.build_query()
        except ValueError as exc:
            self._warn(str(exc))
            return False
        self.cancel_search()
        self.messageBar.clearWidgets()
        self._save_filters()
        self._generation += 1
        self.last_skipped, self.last_error = [], None
        self.details.clear()
        self.model.clear()
        self._gc_guard.search_started()
        self.footprints.clear()
        if self.footprintsButton.isChecked() and not self.footprints.active:
            self.footprints.show([])
        self._show_skipped([])
        task = SearchTask([root], query, self._generation, cache_path=self.cache_path)
        task.batchReady.connect(self._on_batch, Qt.QueuedConnection)
        task.searchDone.connect(self._on_search_done)
        task.progressChanged.connect(self._on_progress)
        self._search_task = task
        self._set_searching(True)
        QgsApplication.taskManager().addTask(task)
        return True

    def cancel_search(self) -> None:
        task, self._search_task = self._search_task, None
        if task is None:
            return
        task.cancel()
        self._generation += 1  # batches still queued from it are dropped
        self._gc_guard.search_ended()
        self._set_searching(False)
        self._update_counts(suffix=tr(" (cancelled)"))
        self.searchFinished.emit(self.model.rowCount())

    def _set_searching(self, running: bool) -> None:
        self.cancelButton.setEnabled(running)
        self.progressBar.setVisible(running)
        self.progressBar.setRange(0, 0)  # busy until the task reports a fraction
        self.searchButton.setText(tr("Search again") if running else tr("Search"))

    def _on_progress(self, value: float) -> None:
        if self._search_task is None or value <= 0:
            return
        self.progressBar.setRange(0, 100)
        self.progressBar.setValue(int(value))

    def _on_batch(self, generation: int, hits: list[Hit]) -> None:
        if generation != self._generation:
            return
        for hit in hits:
            tile = hit.product.name.tile
            if tile and hit.footprint and tile not in self._tile_footprints:
                self._tile_footprints[tile] = hit.footprint
        self.model.append(hits)
        if self.footprints.active:
            self.footprints.add(hits)
        if self.model.sort_column >= 0 and self.model.rowCount() <= LIVE_SORT_LIMIT:
            self.model.resort()
        self._update_counts()

    def _on_search_done(self, generation: int) -> None:
        task = self._search_task
        if task is None or generation != self._generation:
            return
        self._search_task = None
        self._gc_guard.search_ended()
        self._set_searching(False)
        self.last_skipped, self.last_error = task.skipped, task.error
        if self.model.sort_column >= 0:
            self.model.resort()
        self._show_skipped(task.skipped)
        self._update_counts()
        if task.error:
            self._warn(task.error)
        elif self.model.rowCount() == 0:
            self._info(tr("No product matches these filters."))
        self.searchFinished.emit(self.model.rowCount())

    def _update_counts(self, *_args, suffix: str = "") -> None:
        count = self.model.rowCount()
        text = tr("{} products").format(format_count(count)) if count != 1 else tr("1 product")
        if self.last_skipped:
            text += tr(", {} skipped paths — <a href='skipped'>details</a>").format(
                format_count(len(self.last_skipped))
            )
        if self._search_task is not None:
            text += tr("…")
        self.countsLabel.setText(text + suffix)
        self.countsLabel.setToolTip(self.countsLabel.text().split(" — ")[0])

    def _show_skipped(self, skipped: list) -> None:
        self.skippedTree.clear()
        for item in skipped[:5000]:  # a report, not a second result list
            self.skippedTree.addTopLevelItem(_skipped_item(item.path, item.reason, self.current_root()))
        if not skipped:
            self.skippedTree.setVisible(False)

    def _toggle_skipped(self, _link: str = "") -> None:
        self.skippedTree.setVisible(
            not self.skippedTree.isVisible() and self.skippedTree.topLevelItemCount() > 0
        )

    # Selection, details, footprints -------------------------------------------------------
    def selected_hits(self) -> list[Hit]:
        return self.model.hits_for(self.resultsView.selectionModel().selectedRows())

    def selected_products(self) -> list[Product]:
        return [hit.product for hit in self.selected_hits()]

    def _on_rows_selected(self, *_args) -> None:
        hits = self.selected_hits()
        self.addButton.setEnabled(bool(hits))
        current = (
            self.model.hit(self.resultsView.currentIndex().row())
            if self.resultsView.currentIndex().isValid()
            else None
        )
        if current is None or current not in hits:
            current = hits[0] if hits else None
        self.details.show_product(current.product if current else None)
        if not self._syncing_selection:
            self.footprints.select_keys(hit.key for hit in hits)

    def select_rows(self, rows: Iterable[int]) -> None:
        """Select result rows programmatically (as the user would)."""
        selection = QItemSelection()
        last_column = self.model.columnCount() - 1
        for row in sorted(set(rows)):
            selection.select(self.model.index(row, 0), self.model.index(row, last_column))
        self.resultsView.selectionModel().select(
            selection, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        )
        if not selection.isEmpty():
            first = selection.indexes()[0]
            self.resultsView.selectionModel().setCurrentIndex(first, QItemSelectionModel.NoUpdate)
            self.resultsView.scrollTo(first)

    def _on_footprints_selected(self, keys: list[str]) -> None:
        rows = [row for key in keys if (row := self.model.row_of(key)) is not None]
        self._syncing_selection = True
        try:
            self.select_rows(rows)
            if rows:
                self.resultsView.scrollTo(self.model.index(min(rows), 0))
        finally:
            self._syncing_selection = False

    def show_footprints(self, visible: bool) -> None:
        if visible == self.footprints.active:
            return
        if visible:
            self.footprints.show(self.model.hits)
            self.footprints.select_keys(hit.key for hit in self.selected_hits())
            if self.model.rowCount() and not any(h.footprint for h in self.model.hits[:1000]):
                self._info(
                    tr("These products have no readable footprint (no raster header or XML bounding box).")
                )
        else:
            self.footprints.hide()
        if self.footprintsButton.isChecked() != visible:
            self.footprintsButton.setChecked(visible)
        set_setting("dock/footprints", visible)

    # Tile picking ------------------------------------------------------------------------
    def _toggle_pick_tool(self, active: bool) -> None:
        if self.pick_tool is None or self.canvas is None:
            self.pickTileButton.setChecked(False)
            return
        if active:
            self.canvas.setMapTool(self.pick_tool)
        elif self.canvas.mapTool() is self.pick_tool:
            self.canvas.unsetMapTool(self.pick_tool)

    def _on_tiles_picked(self, tiles: list[str], lon: float, lat: float, add: bool) -> None:
        if not tiles:
            self._info(tr("No MGRS tile at {:.4f}, {:.4f}").format(lon, lat))
            return
        try:
            current = parse_tiles(self.tilesEdit.text()) if add else []
        except ValueError:  # what was typed is not a tile list: the picked tiles replace it
            current = []
        merged = current + [t for t in tiles if t not in current]
        self.tilesEdit.setText(", ".join(merged))
        self.messageBar.pushMessage(
            tr("Tiles"), tr("{} at {:.4f}° E, {:.4f}° N").format(", ".join(tiles), lon, lat), Qgis.Info, 4
        )

    # Loading ------------------------------------------------------------------------------
    def load_selected(self, what: str = "default") -> None:
        products = self.selected_products()
        if not products:
            self._info(tr("Select one or more products first."))
            return
        self._guarded(
            tr("Cannot load the selection"),
            lambda: self._start_load(loading.load_products(products, what=what, iface=self.iface)),
        )

    def _load_file(self, path: str | None) -> None:
        if path:
            self._guarded(
                tr("Cannot load {}").format(path),
                lambda: self._start_load(loading.load_file(path, iface=self.iface)),
            )

    def _start_load(self, task) -> None:
        """Keep the latest load task (tests and the bench wait on it)."""
        self.last_load_task = task

    def _guarded(self, what: str, action: Callable[[], Any]) -> Any:
        """Run a user action; a failure becomes a message in the dock, never an exception."""
        try:
            return action()
        except Exception as exc:
            log_warning(f"{what}: {exc!r}")
            self._warn(f"{what}: {exc}")
            return None

    def _results_menu(self, position: QPoint) -> None:
        if not self.selected_hits():
            return
        menu = self.results_menu()
        menu.exec_(self.resultsView.viewport().mapToGlobal(position))

    def results_menu(self) -> QMenu:
        """Context menu of the selected results (built fresh: it depends on the selection)."""
        menu = QMenu(self)
        for label, what in LOAD_CHOICES:
            menu.addAction(tr(label), lambda w=what: self.load_selected(w))
        menu.addSeparator()
        for label, algorithm in PROCESSING_CHOICES:
            menu.addAction(tr(label), lambda a=algorithm: self.open_processing(a))
        menu.addSeparator()
        menu.addAction(tr("Copy path"), self._copy_paths)
        menu.addAction(tr("Open folder"), self._open_folder)
        if self.footprints.active:
            menu.addAction(tr("Zoom to footprint"), self._zoom_to_selection)
        return menu

    def _files_menu(self, position: QPoint) -> None:
        item = self.filesList.itemAt(position)
        if item is None:
            return
        path = item.data(PATH_ROLE)
        menu = QMenu(self)
        menu.addAction(tr("Add to map"), lambda: self._load_file(path))
        menu.addAction(tr("Copy path"), lambda: self._guarded(tr("Copy"), lambda: loading.copy_path([path])))
        menu.exec_(self.filesList.viewport().mapToGlobal(position))

    def open_processing(self, algorithm_id: str) -> None:
        products = self.selected_products()
        self._guarded(
            tr("Cannot open {}").format(algorithm_id),
            lambda: loading.open_processing_dialog(algorithm_id, products),
        )

    def _copy_paths(self) -> None:
        paths = [p.path for p in self.selected_products()]
        self._guarded(tr("Copy path"), lambda: loading.copy_path(paths))

    def _open_folder(self) -> None:
        products = self.selected_products()
        if products:
            self._guarded(tr("Open folder"), lambda: loading.open_folder(products[0].path))

    def _zoom_to_selection(self) -> None:
        extent = self.footprints.extent_of(hit.key for hit in self.selected_hits())
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

    # Messages -----------------------------------------------------------------------------
    def _warn(self, text: str) -> None:
        self._push(text, Qgis.Warning, 0)

    def _info(self, text: str) -> None:
        self._push(text, Qgis.Info, 6)

    def _push(self, text: str, level: Qgis.MessageLevel, duration: int) -> None:
        """A message in the dock's own bar, wrapped to the dock's width (the standard item
        shows two lines, too few for a path in a narrow dock); selectable, to copy a path."""
        label = QLabel(text, self.messageBar)  # a parent: Qt, not Python, owns it
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        label.setMinimumWidth(80)
        self.messageBar.pushItem(QgsMessageBarItem(label, level, duration))

    def messages(self) -> list[str]:
        """Texts of the messages shown in the dock (newest last)."""
        return [item.widget().text() for item in self.messageBar.items() if isinstance(item.widget(), QLabel)]

    # Settings -----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        for path in self._added_roots():
            if self._root_index(path) < 0:
                self._insert_root(self.rootCombo.count(), path, path)
        last = setting("roots/last", "", str)
        if last and self._root_index(last) >= 0:
            self.rootCombo.blockSignals(True)
            self.rootCombo.setCurrentIndex(self._root_index(last))
            self.rootCombo.blockSignals(False)
        for key, edit in (("filters/start", self.startDate), ("filters/end", self.endDate)):
            value = QDate.fromString(setting(key, "", str) or "", Qt.ISODate)
            if value.isValid():
                edit.setDate(value)
            else:
                edit.clear()
        self.tilesEdit.setText(setting("filters/tiles", "", str) or "")
        self.cloudSpin.setValue(int(setting("filters/max_cloud", -1, int)))
        self.extentCheck.setChecked(bool(setting("filters/extent", False, bool)))
        self.newestCheck.setChecked(bool(setting("filters/newest", True, bool)))
        splitter = setting("dock/splitter", None)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.mainSplitter.restoreState(splitter)
        self.filtersGroup.setCollapsed(bool(setting("dock/filters_collapsed", False, bool)))
        # The layer itself is created by the first search: no empty layer at start-up.
        self.footprintsButton.blockSignals(True)
        self.footprintsButton.setChecked(bool(setting("dock/footprints", False, bool)))
        self.footprintsButton.blockSignals(False)

    def _save_filters(self) -> None:
        for key, edit in (("filters/start", self.startDate), ("filters/end", self.endDate)):
            value = self._date_of(edit)
            set_setting(key, value.isoformat() if value else "")
        set_setting("filters/tiles", self.tilesEdit.text().strip())
        set_setting("filters/max_cloud", self.cloudSpin.value())
        set_setting("filters/extent", self.extentCheck.isChecked())
        set_setting("filters/newest", self.newestCheck.isChecked())
        if self.collectionCombo.isEnabled():
            set_setting("filters/collections", self.selected_collections())

    def save_settings(self) -> None:
        self._save_filters()
        set_setting("dock/splitter", self.mainSplitter.saveState())
        set_setting("dock/filters_collapsed", self.filtersGroup.isCollapsed())
        root = self.current_root()
        if root:
            set_setting("roots/last", root)

    # Lifetime -----------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Called by the plugin on unload: stop tasks, drop the map tool and the footprints layer."""
        self.save_settings()
        self.cancel_search()
        self._gc_guard.release()
        self.details.cancel()
        for task in (self._collections_task, self._roots_task):
            if task is not None:
                task.cancel()
        self._collections_task = self._roots_task = None
        if self.pick_tool is not None and self.canvas is not None and self.canvas.mapTool() is self.pick_tool:
            self.canvas.unsetMapTool(self.pick_tool)
        self.footprints.hide()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if not setting("dock/sized", False, bool):
            # First time in this profile: wide enough for the main result columns. Later,
            # QGIS restores whatever width the user gave it.
            QTimer.singleShot(0, self._initial_width)

    def _initial_width(self) -> None:
        window = self.parent()
        if isinstance(window, QMainWindow) and not self.isFloating() and self.isVisible():
            window.resizeDocks([self], [PREFERRED_WIDTH], Qt.Horizontal)
            set_setting("dock/sized", True)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.save_settings()
        if self.pickTileButton.isChecked():
            self.pickTileButton.setChecked(False)
        super().closeEvent(event)


def _skipped_item(path: str, reason: str, root: str | None) -> QTreeWidgetItem:
    """Reason first (short), then the path relative to the searched root; full path as tooltip."""
    shown = os.path.relpath(path, root) if root and path.startswith(root.rstrip("/") + "/") else path
    item = QTreeWidgetItem([reason, shown])
    item.setToolTip(0, reason)
    item.setToolTip(1, path)
    return item
