"""The Time series tool of the dock: a checkable action, the map tool it switches on and the
plot panel it opens (made on first use, so matplotlib is imported only then)."""

from __future__ import annotations

import os
from collections.abc import Callable

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QObject, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QAction

from ...core.archive.catalogue import Query
from ...qgis_utils import tr
from . import plotting_error
from .map_tool import ProfileMapTool

CHART_ICON = "/mIconLineLayer.svg"  # a polyline: the theme of QGIS 3.22 has no chart icon


def dock_query_source(dock) -> Callable[[], tuple[list[str], Query, list[str]]]:
    """The dock's root, filters and ticked collections, as the panel asks for them."""

    def source() -> tuple[list[str], Query, list[str]]:
        root = dock.current_root()
        if not root:
            raise ValueError(tr("Choose an archive folder in the Terrascope dock first."))
        query = dock.build_query()  # ValueError: a bad filter, with its message
        collections = dock.selected_collections()
        if not collections:
            raise ValueError(tr("Tick the collections to plot in the search form (for example NDVI_V2)."))
        return [root], query, collections

    return source


def result_keys(hits, product: str, path: str) -> list[str]:
    """Keys of the results that are ``product`` (its folder or file name, or the very file)."""
    return [
        hit.key
        for hit in hits
        if os.path.basename(hit.key.rstrip("/")) == product or (path and hit.key == path)
    ]


class TimeSeriesTool(QObject):
    """``action`` switches the map tool on (opening the panel); ``message(text, warning)``."""

    message = pyqtSignal(str, bool)

    def __init__(self, iface, query_source, load_file: Callable[[str], object], parent=None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.canvas = iface.mapCanvas() if iface is not None else None
        self._query_source = query_source
        self._load_file = load_file
        self.panel = None
        self.select_product: Callable[[str, str], None] | None = None  # set by the dock
        self.action = QAction(QgsApplication.getThemeIcon(CHART_ICON), tr("Time series"), parent)
        self.action.setObjectName("terrascopeTimeSeriesAction")
        self.action.setCheckable(True)
        self.action.setToolTip(
            tr("Time series: click the map to plot that pixel's profile over the search dates")
        )
        self.action.toggled.connect(self.set_active)
        self.map_tool = ProfileMapTool(self.canvas) if self.canvas is not None else None
        if self.map_tool is not None:
            self.map_tool.setAction(self.action)  # another map tool unticks the action
            self.map_tool.pointClicked.connect(self._on_point)

    def ensure_panel(self):
        """The plot panel (made and docked at the bottom on first use), or None without matplotlib."""
        if self.panel is not None:
            return self.panel
        problem = plotting_error()
        if problem:
            self.message.emit(problem, True)
            return None
        from .panel import TimeSeriesPanel

        window = self.iface.mainWindow() if self.iface is not None else None
        self.panel = TimeSeriesPanel(self.canvas, self._query_source, self._load_file, window)
        self.panel.toolSlot.addWidget(self._tool_button())
        self.panel.message.connect(self.message)
        self.panel.productSelected.connect(self._on_product)
        if self.iface is not None:
            self.iface.addDockWidget(Qt.BottomDockWidgetArea, self.panel)
        return self.panel

    def _tool_button(self):
        from qgis.PyQt.QtWidgets import QToolButton

        button = QToolButton()
        button.setDefaultAction(self.action)
        button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        return button

    def set_active(self, active: bool) -> None:
        if not active:
            if self.map_tool is not None and self.canvas.mapTool() is self.map_tool:
                self.canvas.unsetMapTool(self.map_tool)
            return
        panel = self.ensure_panel()
        if panel is None or self.map_tool is None:
            self.action.setChecked(False)
            return
        panel.setUserVisible(True)
        self.canvas.setMapTool(self.map_tool)

    def _on_point(self, lon: float, lat: float, _map_point) -> None:
        panel = self.ensure_panel()
        if panel is not None:
            panel.setUserVisible(True)
            panel.profile_point(lon, lat)

    def _on_product(self, product: str, path: str) -> None:
        if self.select_product is not None:
            self.select_product(product, path)

    def shutdown(self) -> None:
        if self.map_tool is not None and self.canvas.mapTool() is self.map_tool:
            self.canvas.unsetMapTool(self.map_tool)
        if self.panel is not None:
            self.panel.shutdown()
            if self.iface is not None:
                self.iface.removeDockWidget(self.panel)
            self.panel.deleteLater()
            self.panel = None
