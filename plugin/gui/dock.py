"""The Terrascope dock: a message bar over a QgsPanelWidgetStack (as DataPlotly's dock).

The main panel lays out the panels of ``gui/panels/``, each with one job: the search form
(collapsed to one line after a search), the actions on the selection, the results and, under a
splitter that gives the results the room, the details of the selected product. The report of
skipped paths opens as a panel of its own over them. The dock only wires the panels together
and keeps the public API that scripts and tests use (``search()``, ``model``, ``select_rows``…).
"""

from __future__ import annotations

from collections.abc import Iterable

from qgis.core import Qgis
from qgis.gui import QgsDockWidget, QgsMessageBar, QgsMessageBarItem, QgsPanelWidget, QgsPanelWidgetStack
from qgis.PyQt.QtCore import QPoint, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import QLabel, QMainWindow, QMenu, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from .. import settings
from ..core.archive.catalogue import Product, Query
from ..core.products.tiles import parse_tiles
from ..qgis_utils import tr
from .gc_guard import ResultsGcGuard
from .panels.actions import LOAD_CHOICES, PROCESSING_CHOICES, ActionsBar
from .panels.details import DetailsPanel
from .panels.results import ResultsPanel, drag_mime_data, drag_paths, format_count
from .panels.search_form import SearchForm
from .results_model import Hit
from .timeseries.tool import TimeSeriesTool, dock_query_source, result_keys

__all__ = [
    "LOAD_CHOICES",
    "PROCESSING_CHOICES",
    "ResultsGcGuard",
    "TerrascopeDock",
    "drag_mime_data",
    "drag_paths",
    "format_count",
    "parse_tiles",
]

PREFERRED_WIDTH = 390  # pixels: product, date, tile and cloud columns visible
DETAILS_HEIGHT = 170  # pixels the details start with; the results take the rest


def _forward(panel: str, name: str) -> property:
    """A dock attribute that is the attribute ``name`` of one of its panels."""
    return property(lambda self: getattr(getattr(self, panel), name), doc=f"``dock.{panel}.{name}``")


class BrowsePanel(QgsPanelWidget):
    """The main panel: search form, actions, then results over details in a splitter."""

    def __init__(self, form: QWidget, actions: QWidget, results: QWidget, details: QWidget) -> None:
        super().__init__()
        self.setPanelTitle(tr("Terrascope Browser"))
        self.setDockMode(True)  # openPanel() stacks a panel in the dock (else: a modal dialog)
        self.splitter = QSplitter(Qt.Vertical, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(results)
        self.splitter.addWidget(details)
        self.splitter.setStretchFactor(0, 1)  # a taller dock grows the results, not the details
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([4 * DETAILS_HEIGHT, DETAILS_HEIGHT])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for widget in (form, actions):
            layout.addWidget(widget)
        layout.addWidget(self.splitter, 1)


class TerrascopeDock(QgsDockWidget):
    """The dock. `searchFinished(count)` fires when a search ends (done, failed or cancelled)."""

    searchFinished = pyqtSignal(int)
    collectionsLoaded = pyqtSignal()

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Terrascope Browser"))
        self.setMinimumSize(300, 300)
        self.iface = iface
        self.canvas = iface.mapCanvas() if iface is not None else None
        self._cache_path: str | None = None  # None: the Options page's choice (or the default)

        self.form = SearchForm(self.canvas, lambda: self.cache_path)
        self.results = ResultsPanel()
        self.details_panel = DetailsPanel()
        self.actions = ActionsBar(
            iface,
            self.results.selected_hits,
            lambda: self.results.model.hits,
            lambda: self.results.tile_footprints,
        )
        self.timeseries = TimeSeriesTool(iface, dock_query_source(self), self.actions.load_file, self)
        self.timeseries.select_product = self.select_product
        self.actions.add_tool(self.timeseries.action)
        self.main_panel = BrowsePanel(self.form, self.actions, self.results, self.details_panel)
        self.stack = QgsPanelWidgetStack()
        self.stack.setMainPanel(self.main_panel)
        self.messageBar = QgsMessageBar()
        contents = QWidget()
        layout = QVBoxLayout(contents)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.messageBar)
        layout.addWidget(self.stack, 1)
        self.setWidget(contents)

        self._connect()
        self._restore_settings()
        # The remembered root is listed at once: finding the standard roots may wait on a
        # slow network mount, and must not hold up the folder the user worked in last.
        if self.current_root():
            self.form.refresh_collections()
        self.form.roots.discover()

    def _connect(self) -> None:
        form, results, actions, details = self.form, self.results, self.actions, self.details_panel
        for panel in (form, results, actions, details, self.timeseries):
            panel.message.connect(self._push)
        form.searchRequested.connect(self.search)
        form.cancelRequested.connect(self.cancel_search)
        form.collectionsLoaded.connect(self.collectionsLoaded)
        form.pickTileButton.toggled.connect(self._toggle_pick_tool)
        if actions.pick_tool is not None:
            actions.pick_tool.deactivated.connect(lambda: form.pickTileButton.setChecked(False))
        actions.tilesPicked.connect(form.add_picked_tiles)
        actions.footprintsSelected.connect(results.select_keys)
        results.searchingChanged.connect(form.set_searching)
        results.progressChanged.connect(form.set_progress)
        results.searchFinished.connect(self.searchFinished)
        results.hitsAdded.connect(actions.hits_added)
        results.selectionChanged.connect(
            lambda hits: actions.selection_changed(hits, not results.syncing_selection)
        )
        results.currentChanged.connect(details.show_product)
        results.skippedRequested.connect(self.show_skipped)
        results.resultsView.doubleClicked.connect(lambda _index: self.load_selected("default"))
        results.resultsView.customContextMenuRequested.connect(self._results_menu)
        details.fileActivated.connect(actions.load_file)
        details.copyRequested.connect(actions.copy_paths)

    # Panels' parts, as attributes of the dock (scripts, tests and the bench use them) -------
    model = _forward("results", "model")
    resultsView = _forward("results", "resultsView")  # noqa: N815 (Qt object names)
    countsLabel = _forward("results", "countsLabel")  # noqa: N815
    last_skipped = _forward("results", "last_skipped")
    last_error = _forward("results", "last_error")
    _search_task = _forward("results", "_search_task")
    details = _forward("details_panel", "pane")
    quicklookLabel = _forward("details_panel", "quicklookLabel")  # noqa: N815
    nameTree = _forward("details_panel", "nameTree")  # noqa: N815
    metadataTree = _forward("details_panel", "metadataTree")  # noqa: N815
    filesList = _forward("details_panel", "filesList")  # noqa: N815
    detailsTabs = _forward("details_panel", "detailsTabs")  # noqa: N815
    footprints = _forward("actions", "footprints")
    pick_tool = _forward("actions", "pick_tool")
    last_load_task = _forward("actions", "last_load_task")
    addButton = _forward("actions", "addButton")  # noqa: N815
    footprintsButton = _forward("actions", "footprintsButton")  # noqa: N815
    filtersGroup = _forward("form", "filtersGroup")  # noqa: N815
    rootCombo = _forward("form", "rootCombo")  # noqa: N815
    collectionCombo = _forward("form", "collectionCombo")  # noqa: N815
    startDate = _forward("form", "startDate")  # noqa: N815
    endDate = _forward("form", "endDate")  # noqa: N815
    tilesEdit = _forward("form", "tilesEdit")  # noqa: N815
    pickTileButton = _forward("form", "pickTileButton")  # noqa: N815
    cloudSpin = _forward("form", "cloudSpin")  # noqa: N815
    newestCheck = _forward("form", "newestCheck")  # noqa: N815
    extentCheck = _forward("form", "extentCheck")  # noqa: N815
    searchButton = _forward("form", "searchButton")  # noqa: N815
    cancelButton = _forward("form", "cancelButton")  # noqa: N815
    progressBar = _forward("form", "progressBar")  # noqa: N815
    mainSplitter = _forward("main_panel", "splitter")  # noqa: N815

    @property
    def skippedTree(self):  # noqa: N802 (Qt object name)
        return self.results.skipped_report.skippedTree

    @property
    def cache_path(self) -> str:
        """The listing cache file searches use (settable, e.g. a private one for a test)."""
        return self._cache_path or settings.listing_cache_path()

    @cache_path.setter
    def cache_path(self, path: str | None) -> None:
        self._cache_path = path

    # Roots and filters ---------------------------------------------------------------------
    def current_root(self) -> str | None:
        return self.form.current_root()

    def add_root(self, path: str, select: bool = True) -> None:
        """Add a user folder to the chooser (remembered in the settings)."""
        self.form.roots.add_root(path, select)

    def remove_current_root(self) -> None:
        self.form.roots.remove_current_root()

    def _root_index(self, path: str) -> int:
        return self.form.roots.index_of(path)

    def refresh_collections(self) -> None:
        self.form.refresh_collections()

    def selected_collections(self) -> list[str]:
        return self.form.selected_collections()

    def set_selected_collections(self, ids: Iterable[str]) -> None:
        self.form.set_selected_collections(ids)

    def build_query(self) -> Query:
        """The Query of the current filters; ValueError with a readable message when invalid."""
        return self.form.build_query()

    # Search --------------------------------------------------------------------------------
    @property
    def is_searching(self) -> bool:
        return self.results.is_searching

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
        self.results.cancel()
        self.messageBar.clearWidgets()
        self.stack.acceptAllPanels()  # back to the results (from the skipped paths)
        self.form.save_filters()
        self.details.clear()
        self.actions.search_started()
        self.results.start(root, query, self.cache_path)
        return True

    def cancel_search(self) -> None:
        self.results.cancel()

    def show_skipped(self) -> None:
        if self.skippedTree.topLevelItemCount() and self.stack.currentPanel() is self.main_panel:
            self.main_panel.openPanel(self.results.skipped_panel())

    # Selection and actions -----------------------------------------------------------------
    def selected_hits(self) -> list[Hit]:
        return self.results.selected_hits()

    def selected_products(self) -> list[Product]:
        return [hit.product for hit in self.selected_hits()]

    def select_rows(self, rows: Iterable[int]) -> None:
        """Select result rows programmatically (as the user would)."""
        self.results.select_rows(rows)

    def select_product(self, product: str, path: str = "") -> bool:
        """Select the result that is ``product`` (a point clicked on the time-series plot)."""
        keys = result_keys(self.model.hits, product, path)
        if keys:
            self.results.select_keys(keys)
        return bool(keys)

    def load_selected(self, what: str = "default") -> None:
        self.actions.load_selected(what)

    def open_processing(self, algorithm_id: str) -> None:
        self.actions.open_processing(algorithm_id)

    def show_footprints(self, visible: bool) -> None:
        self.actions.show_footprints(visible)

    def results_menu(self) -> QMenu:
        """Context menu of the selected results (built fresh: it depends on the selection)."""
        menu = self.actions.results_menu(self)
        menu.addSeparator()
        menu.addAction(tr("Export as STAC…"), lambda: self.results.export_stac())
        menu.addAction(tr("Spark job…"), lambda: self.actions.open_spark_job(dock_query_source(self)))
        return menu

    def _results_menu(self, position: QPoint) -> None:
        if self.selected_hits():
            self.results_menu().exec_(self.results.global_position(position))

    def _toggle_pick_tool(self, active: bool) -> None:
        if not self.actions.set_pick_tool_active(active) and active:
            self.pickTileButton.setChecked(False)

    # Messages ------------------------------------------------------------------------------
    def _warn(self, text: str) -> None:
        self._push(text, True)

    def _push(self, text: str, warning: bool) -> None:
        """A message in the dock's own bar, wrapped to the dock's width (the standard item
        shows two lines, too few for a path in a narrow dock); selectable, to copy a path."""
        label = QLabel(text, self.messageBar)  # a parent: Qt, not Python, owns it
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        label.setMinimumWidth(80)
        level, duration = (Qgis.Warning, 0) if warning else (Qgis.Info, 6)
        self.messageBar.pushItem(QgsMessageBarItem(label, level, duration))

    def messages(self) -> list[str]:
        """Texts of the messages shown in the dock (newest last)."""
        return [item.widget().text() for item in self.messageBar.items() if isinstance(item.widget(), QLabel)]

    # Settings ------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        self.form.restore_settings()
        state = settings.DOCK_SPLITTER.value()
        if not state.isEmpty():
            self.mainSplitter.restoreState(state)

    def save_settings(self) -> None:
        self.form.save_settings()
        settings.DOCK_SPLITTER.set_value(self.mainSplitter.saveState())

    def apply_settings(self) -> None:
        """The Options page changed the settings: follow the added roots (the cache file and
        the mask classes are read when used)."""
        self.form.roots.sync_added()

    # Lifetime ------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Called by the plugin on unload: stop tasks, drop the map tool and the footprints layer."""
        self.save_settings()
        self.results.shutdown()
        self.details.cancel()
        self.form.shutdown()
        self.actions.shutdown()
        self.timeseries.shutdown()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if not settings.DOCK_SIZED.value():
            # First time in this profile: wide enough for the main result columns. Later,
            # QGIS restores whatever width the user gave it.
            QTimer.singleShot(0, self._initial_width)

    def _initial_width(self) -> None:
        window = self.parent()
        if isinstance(window, QMainWindow) and not self.isFloating() and self.isVisible():
            window.resizeDocks([self], [PREFERRED_WIDTH], Qt.Horizontal)
            settings.DOCK_SIZED.set_value(True)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.save_settings()
        if self.pickTileButton.isChecked():
            self.pickTileButton.setChecked(False)
        super().closeEvent(event)
