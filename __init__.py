"""QGIS entry point of Terrascope Browser. Imports stay lazy: QGIS loads this at start-up."""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    from .plugin.terrascope_plugin import TerrascopeBrowserPlugin

    return TerrascopeBrowserPlugin(iface)
