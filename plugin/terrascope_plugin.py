"""The QGIS plugin object: toolbar, Raster menu, dock, Processing provider, Browser provider,
Options page."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .i18n import install_translator, remove_translator
from .qgis_utils import log, log_warning, tr

PLUGIN_DIR = Path(__file__).resolve().parent.parent
ICON_RESOURCE = ":/plugins/terrascope_browser/icons/icon.svg"


def plugin_icon() -> QIcon:
    """The plugin icon from the compiled resources (`make build`), or the SVG next to them."""
    try:
        from .. import resources_rc  # noqa: F401  (registers the ':/plugins/...' paths)

        return QIcon(ICON_RESOURCE)
    except ImportError:
        return QIcon(str(PLUGIN_DIR / "icons" / "icon.svg"))


class TerrascopeBrowserPlugin:
    """Created by `classFactory`; QGIS calls initProcessing/initGui/unload."""

    def __init__(self, iface) -> None:
        self.iface = iface
        # Before anything shows a text: initProcessing (qgis_process too) and initGui follow.
        self.translator = install_translator()
        self.provider = None
        self.browser_provider = None
        self.dock = None
        self.action: QAction | None = None
        self.toolbar = None
        self.options_factory = None

    # Processing -----------------------------------------------------------------
    def initProcessing(self) -> None:  # noqa: N802 (QGIS API name)
        """Called by QGIS (also by qgis_process) before initGui."""
        if self.provider is not None:
            return
        from .processing.provider import TerrascopeProvider

        provider = TerrascopeProvider()
        if QgsApplication.processingRegistry().addProvider(provider):
            self.provider = provider
        else:
            # Another copy of the plugin owns the id; removing "ours" later would remove theirs.
            log_warning(tr("A Processing provider with the id 'terrascope' is already registered"))

    # GUI ------------------------------------------------------------------------
    def initGui(self) -> None:  # noqa: N802 (QGIS API name)
        self.initProcessing()
        self.action = QAction(plugin_icon(), tr("Terrascope Browser"), self.iface.mainWindow())
        self.action.setObjectName("terrascopeBrowserAction")
        self.action.setCheckable(True)
        self.action.setToolTip(tr("Browse, load and process the Terrascope archive"))
        self.action.toggled.connect(self._toggle_dock)
        self.toolbar = self.iface.addToolBar(tr("Terrascope"))
        self.toolbar.setObjectName("TerrascopeToolbar")
        self.toolbar.addAction(self.action)
        self.iface.addPluginToRasterMenu(tr("&Terrascope"), self.action)
        self._register_browser()
        self._register_options()
        self._install_auto_styling(True)
        log(tr("Terrascope Browser loaded"))

    def _register_browser(self) -> None:
        from .gui.browser import TerrascopeDataItemProvider

        self.browser_provider = TerrascopeDataItemProvider()
        QgsApplication.dataItemProviderRegistry().addProvider(self.browser_provider)

    def _register_options(self) -> None:
        """The Terrascope page of Settings → Options; the dock follows what it applies."""
        from .gui.options import TerrascopeOptionsFactory

        self.options_factory = TerrascopeOptionsFactory(plugin_icon(), self._options_applied)
        self.iface.registerOptionsWidgetFactory(self.options_factory)

    def _options_applied(self) -> None:
        if self.dock is not None:
            self.dock.apply_settings()

    def _install_auto_styling(self, install: bool) -> None:
        from .gui import loading

        if install:
            loading.install_auto_styling()
        else:
            loading.uninstall_auto_styling()

    def _toggle_dock(self, visible: bool) -> None:
        if visible and self.dock is None:
            from .gui.dock import TerrascopeDock

            self.dock = TerrascopeDock(self.iface, self.iface.mainWindow())
            self.dock.setObjectName("TerrascopeBrowserDock")
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)
            # The dock's own close button must untick the action too.
            self.dock.closed.connect(lambda: self.action and self.action.setChecked(False))
            self.toolbar.addAction(self.dock.timeseries.action)  # the map tool, next to the dock's button
        if self.dock is not None:
            self.dock.setUserVisible(visible)

    def unload(self) -> None:
        if self.dock is not None:
            self.iface.removeDockWidget(self.dock)
            if hasattr(self.dock, "shutdown"):
                self.dock.shutdown()
            self.dock.deleteLater()
            self.dock = None
        if self.action is not None:
            self.iface.removePluginRasterMenu(tr("&Terrascope"), self.action)
            self.action.deleteLater()
            self.action = None
        if self.toolbar is not None:
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.browser_provider is not None:
            QgsApplication.dataItemProviderRegistry().removeProvider(self.browser_provider)
            self.browser_provider = None
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        self._install_auto_styling(False)
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None
        from .gui import tasks  # our short-lane threads end, long tasks still on hold are cancelled

        tasks.shutdown()
