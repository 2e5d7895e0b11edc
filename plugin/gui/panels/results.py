"""The results: runs a search task and streams its products into the table, with the counts,
the report of the paths the catalogue skipped (a panel of its own), drag and the selection."""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable

from qgis.core import QgsTask
from qgis.gui import QgsPanelWidget
from qgis.PyQt.QtCore import QItemSelection, QItemSelectionModel, QMimeData, QPoint, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.archive.catalogue import Product, Query, SkippedPath
from ...core.stac import export as stac_export
from ...qgis_utils import log_warning, tr
from .. import loading
from ..gc_guard import ResultsGcGuard
from ..results_model import CLOUD, COLLECTION, DATE, PRODUCT, RESOLUTION, TILE, VERSION, Hit, ResultsModel
from ..search_task import SearchTask
from ..tasks import NORMAL, run_long
from . import load_ui

FORM_CLASS = load_ui("results.ui")
SKIPPED_FORM_CLASS = load_ui("skipped.ui")
# Re-sorting while rows stream in is cheap below this many rows; above, it waits for the end.
LIVE_SORT_LIMIT = 10_000
SKIPPED_SHOWN = 5000  # a report, not a second result list


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


def skipped_item(path: str, reason: str, root: str | None) -> QTreeWidgetItem:
    """Reason first (short), then the path relative to the searched root; full path as tooltip."""
    shown = os.path.relpath(path, root) if root and path.startswith(root.rstrip("/") + "/") else path
    item = QTreeWidgetItem([reason, shown])
    item.setToolTip(0, reason)
    item.setToolTip(1, path)
    return item


class SkippedReport(QWidget, SKIPPED_FORM_CLASS):
    """The paths the last search skipped, and why. Kept by the results; shown in a panel of the
    dock's stack (:meth:`ResultsPanel.skipped_panel`), back arrow to close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        tree = self.skippedTree
        tree.setColumnWidth(0, tree.fontMetrics().horizontalAdvance("permission denied (x)"))

    def show_skipped(self, skipped: list[SkippedPath], root: str | None) -> None:
        self.skippedTree.clear()
        self.skippedTree.addTopLevelItems(
            [skipped_item(s.path, s.reason, root) for s in skipped[:SKIPPED_SHOWN]]
        )


class StacExportTask(QgsTask):
    """Writes the STAC ItemCollection of products (core/stac/export.py) on a worker thread; the file
    appears whole or not at all. ``exported(path, count, error)`` arrives on the GUI thread."""

    exported = pyqtSignal(str, int, object)

    def __init__(self, products: list[Product], path: str) -> None:
        super().__init__(tr("Export as STAC"), QgsTask.CanCancel)
        self.products = list(products)  # immutable records: a snapshot
        self.path = path
        self.count = 0
        self.error: str | None = None

    def run(self) -> bool:
        total = max(1, len(self.products))
        try:
            self.count = stac_export.write_item_collection(
                self.products,
                self.path,
                progress=lambda done: self.setProgress(100.0 * done / total),
                is_cancelled=self.isCanceled,
            )
        except InterruptedError:
            self.error = tr("cancelled")
            return False
        except Exception as exc:
            self.error = str(exc) or type(exc).__name__
            if not isinstance(exc, OSError | ValueError):
                log_warning(traceback.format_exc())
            return False
        return True

    def finished(self, result: bool) -> None:
        self.exported.emit(self.path, self.count, None if result else (self.error or tr("cancelled")))


class ResultsPanel(QWidget, FORM_CLASS):
    """The table of results. ``searchFinished(count)`` fires when a search ends (done, failed or
    cancelled); ``searchingChanged``/``progressChanged`` drive the form's buttons."""

    searchFinished = pyqtSignal(int)
    searchingChanged = pyqtSignal(bool)
    progressChanged = pyqtSignal(float)
    selectionChanged = pyqtSignal(list)  # the selected hits
    hitsAdded = pyqtSignal(list)  # a batch of new results (the footprints follow them)
    currentChanged = pyqtSignal(object)  # the product whose details to show, or None
    skippedRequested = pyqtSignal()
    message = pyqtSignal(str, bool)
    stacExported = pyqtSignal(str, int)  # path, items: the file is complete

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.model = ResultsModel(mime_for_hits=drag_mime_data, parent=self)
        self.skipped_report = SkippedReport(self)
        self.skipped_report.hide()
        self._report_panel: QgsPanelWidget | None = None
        self.last_skipped: list[SkippedPath] = []
        self.last_error: str | None = None
        self.searched_root: str | None = None
        self.tile_footprints: dict[str, tuple[float, float, float, float]] = {}
        self._generation = 0
        self._search_task: SearchTask | None = None
        self._gc_guard = ResultsGcGuard()
        self._stac_task: StacExportTask | None = None
        self._stac_folder = os.path.expanduser("~")
        self.syncing_selection = False
        self._setup_view()
        self.countsLabel.linkActivated.connect(lambda _link: self.skippedRequested.emit())
        self.resultsView.selectionModel().selectionChanged.connect(self._on_rows_selected)
        self.model.modelReset.connect(self.update_counts)

    def _setup_view(self) -> None:
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
        view.setDragDropMode(QAbstractItemView.DragOnly)
        # Never squeeze the list below a few rows, whatever the details ask for.
        view.setMinimumHeight(self.row_height() * 5 + header.sizeHint().height())
        metrics = view.fontMetrics()
        samples = {
            PRODUCT: "S2B SIGMA0",
            DATE: "2020-05-02 10:50",
            TILE: "31UFS",
            CLOUD: "Cloud %",
            VERSION: "Version",
            RESOLUTION: "20 m",
            COLLECTION: "NDVI_V2",
        }
        for column, sample in samples.items():  # typical values fit without eliding
            view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 18)

    def row_height(self) -> int:
        return self.resultsView.verticalHeader().defaultSectionSize()

    def visible_rows(self) -> int:
        """How many result rows the table shows whole (the room the layout gives them)."""
        view = self.resultsView
        viewport = view.viewport().rect()
        return sum(
            1
            for row in range(self.model.rowCount())
            if viewport.contains(view.visualRect(self.model.index(row, 0)))
        )

    # Search -----------------------------------------------------------------------------
    @property
    def is_searching(self) -> bool:
        return self._search_task is not None

    def start(self, root: str, query: Query, cache_path: str | None) -> None:
        """Clear the results and stream those of ``query`` over ``root`` (cancels a running search)."""
        self.cancel()
        self._generation += 1
        self.last_skipped, self.last_error = [], None
        self.searched_root = root
        self.model.clear()
        self._gc_guard.search_started()
        self.skipped_report.show_skipped([], root)
        task = SearchTask([root], query, self._generation, cache_path=cache_path)
        task.batchReady.connect(self._on_batch, Qt.QueuedConnection)
        task.searchDone.connect(self._on_search_done)
        task.progressChanged.connect(self._on_progress)
        self._search_task = task
        self.searchingChanged.emit(True)
        self.update_counts()
        run_long(task, NORMAL)

    def cancel(self) -> None:
        task, self._search_task = self._search_task, None
        if task is None:
            return
        task.cancel()
        self._generation += 1  # batches still queued from it are dropped
        self._gc_guard.search_ended()
        self.searchingChanged.emit(False)
        self.update_counts(suffix=tr(" (cancelled)"))
        self.searchFinished.emit(self.model.rowCount())

    def _on_progress(self, value: float) -> None:
        if self._search_task is not None:
            self.progressChanged.emit(value)

    def _on_batch(self, generation: int, hits: list[Hit]) -> None:
        if generation != self._generation:
            return
        for hit in hits:
            tile = hit.product.name.tile
            if tile and hit.footprint and tile not in self.tile_footprints:
                self.tile_footprints[tile] = hit.footprint
        self.model.append(hits)
        self.hitsAdded.emit(hits)
        if self.model.sort_column >= 0 and self.model.rowCount() <= LIVE_SORT_LIMIT:
            self.model.resort()
        self.update_counts()

    def _on_search_done(self, generation: int) -> None:
        task = self._search_task
        if task is None or generation != self._generation:
            return
        self._search_task = None
        self._gc_guard.search_ended()
        self.searchingChanged.emit(False)
        self.last_skipped, self.last_error = task.skipped, task.error
        if self.model.sort_column >= 0:
            self.model.resort()
        self.skipped_report.show_skipped(task.skipped, self.searched_root)
        self.update_counts()
        if task.error:
            self.message.emit(task.error, True)
        elif self.model.rowCount() == 0:
            self.message.emit(tr("No product matches these filters."), False)
        self.searchFinished.emit(self.model.rowCount())

    def update_counts(self, *_args, suffix: str = "") -> None:
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

    # Selection --------------------------------------------------------------------------
    def selected_hits(self) -> list[Hit]:
        return self.model.hits_for(self.resultsView.selectionModel().selectedRows())

    def _on_rows_selected(self, *_args) -> None:
        hits = self.selected_hits()
        index = self.resultsView.currentIndex()
        current = self.model.hit(index.row()) if index.isValid() else None
        if current is None or current not in hits:
            current = hits[0] if hits else None
        self.currentChanged.emit(current.product if current else None)
        self.selectionChanged.emit(hits)

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

    def select_keys(self, keys: Iterable[str]) -> None:
        """Select the results of these keys (from the footprints on the map), without echo."""
        rows = [row for key in keys if (row := self.model.row_of(key)) is not None]
        self.syncing_selection = True
        try:
            self.select_rows(rows)
            if rows:
                self.resultsView.scrollTo(self.model.index(min(rows), 0))
        finally:
            self.syncing_selection = False

    def skipped_panel(self) -> QgsPanelWidget:
        """A new panel showing the skipped-paths report (a stack panel is not reused: the stack
        connects to it each time it is shown). The report comes back here when it closes."""
        panel = QgsPanelWidget(self)  # a parent: Qt owns it (the stack deletes it when closed)
        panel.setPanelTitle(tr("Skipped paths"))
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.skipped_report)
        self.skipped_report.show()
        panel.panelAccepted.connect(self._take_back_report)  # before the panel is deleted (later)
        self._report_panel = panel  # held while shown: a dropped wrapper would delete it
        return panel

    def _take_back_report(self, _panel: QgsPanelWidget) -> None:
        self.skipped_report.hide()
        self.skipped_report.setParent(self)

    # STAC export ----------------------------------------------------------------------------
    def export_stac(self, path: str | None = None) -> StacExportTask | None:
        """The selected results (else all) as a STAC ItemCollection: a file dialog unless ``path``
        is given, then the writing in a task (the dock stays responsive); the outcome is a message."""
        products = [hit.product for hit in self.selected_hits() or self.model.hits]
        if not products:
            self.message.emit(tr("No results to export."), True)
            return None
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, tr("Export as STAC"), self._stac_folder, tr("STAC ItemCollection (*.json *.geojson)")
            )
            if not path:
                return None
            if not os.path.splitext(path)[1]:
                path += ".json"
        self._stac_folder = os.path.dirname(path)
        task = StacExportTask(products, path)
        task.exported.connect(self._on_stac_exported)
        self._stac_task = task  # held: a task without a Python owner is collected
        run_long(task, NORMAL)
        return task

    def _on_stac_exported(self, path: str, count: int, error: object) -> None:
        self._stac_task = None
        if error:
            self.message.emit(tr("STAC export to {} failed: {}").format(path, error), True)
            return
        self.message.emit(tr("{} STAC items written to {}").format(count, path), False)
        self.stacExported.emit(path, count)

    def global_position(self, position: QPoint) -> QPoint:
        return self.resultsView.viewport().mapToGlobal(position)

    def shutdown(self) -> None:
        self.cancel()
        if self._stac_task is not None:
            self._stac_task.cancel()
        self._gc_guard.release()
