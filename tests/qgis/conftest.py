"""Shared fixtures of the QGIS tests: an initialised Processing framework with the terrascope
provider registered (the real registry, the real `processing.run`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from qgis.core import QgsApplication

QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"


@pytest.fixture(scope="session")
def processing_framework(qgis_app):
    """The `processing` module, initialised once (native and GDAL providers included)."""
    if QGIS_PYTHON_PLUGINS not in sys.path:
        sys.path.append(QGIS_PYTHON_PLUGINS)
    import processing
    from processing.core.Processing import Processing

    Processing.initialize()
    return processing


@pytest.fixture(scope="module")
def terrascope_provider(processing_framework) -> Iterator:
    """The terrascope provider, registered for the module and removed afterwards if we added it."""
    from plugin.processing.provider import TerrascopeProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("terrascope")
    added = None
    if provider is None:
        added = TerrascopeProvider()
        assert registry.addProvider(added)
        provider = added
    yield provider
    if added is not None:
        registry.removeProvider(added)
