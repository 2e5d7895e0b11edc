"""Shared fixtures of the QGIS tests: an initialised Processing framework with the terrascope
provider registered (the real registry, the real `processing.run`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsApplication

QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"


@pytest.fixture(autouse=True)
def gdal_in_qgis_default_mode() -> Iterator[None]:
    """Run every QGIS test with GDAL's Python exceptions off, as QGIS starts: code that only
    works when some other module switched them on must fail here, not in a user's QGIS."""
    from osgeo import gdal

    gdal.DontUseExceptions()
    yield
    assert not gdal.GetUseExceptions(), "something switched GDAL exceptions on for the whole process"


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


# --------------------------------------------------------------------------- settings

TERRASCOPE_SETTINGS = "terrascope_browser/"  # the plugin's QgsSettings group, written out (not imported)


@pytest.fixture
def isolated_settings() -> Iterator[None]:
    """The test starts without Terrascope settings; the user's are put back afterwards.

    Modules whose every test needs it say ``pytestmark = pytest.mark.usefixtures("isolated_settings")``."""
    from qgis.core import QgsSettings

    store = QgsSettings()
    saved = {key: store.value(key) for key in store.allKeys() if key.startswith(TERRASCOPE_SETTINGS)}
    store.remove(TERRASCOPE_SETTINGS.rstrip("/"))
    yield
    store.remove(TERRASCOPE_SETTINGS.rstrip("/"))
    for key, value in saved.items():
        store.setValue(key, value)


# --------------------------------------------------------------------------- demo archive


@pytest.fixture(scope="session")
def full_demo_archive(tmp_path_factory) -> Path:
    """The demo generator's default archive (every collection, junk included), shared by the session;
    the GUI tests only read it."""
    from demo_archive.generator import generate

    out = tmp_path_factory.mktemp("full_demo") / "demo"
    generate(str(out))
    return out


DEMO_DATES = 4  # 2020-05-02, -07, -12 and -17 (the last in V200 and V210) on tile 31UFS
DEMO_SIZE = 126  # 10 m pixels: not a multiple of the kernels' blocks


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory) -> str:
    """A small real-format NDVI archive made by the demo generator, shared by the session."""
    from demo_archive.generator import generate

    root = tmp_path_factory.mktemp("demo") / "archive"
    generate(str(root), tiles=["31UFS"], products=["NDVI"], dates=DEMO_DATES, size=DEMO_SIZE, junk=False)
    return str(root)


def physical_reference(path: str, classes: frozenset[int] | None = None) -> np.ndarray:
    """Plain numpy physical values of an NDVI file, NaN where invalid or masked by its own SCL.

    GDAL scale/offset tags win over the NDVI table (0.004, -0.08; valid DN 0-250), as the
    algorithms promise; the 20 m SCL next to the file is upsampled by repetition."""
    from osgeo import gdal

    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    dn = band.ReadAsArray()
    scale, offset = band.GetScale(), band.GetOffset()
    if scale is None or (scale == 1.0 and not offset):  # no tags (or identity ones from a .aux.xml)
        scale, offset = 0.004, -0.08
    pv = (dn.astype(np.float64) * scale + offset).astype(np.float32)
    pv[dn > 250] = np.nan
    if classes:
        scl_path = path.replace("_NDVI_10M_", "_SCENECLASSIFICATION_20M_")
        scl = gdal.Open(scl_path).ReadAsArray()
        scl = np.repeat(np.repeat(scl, 2, axis=0), 2, axis=1)[: dn.shape[0], : dn.shape[1]]
        pv[np.isin(scl, sorted(classes))] = np.nan
    return pv


def read_physical(path: str, nodata: float = -9999.0) -> np.ndarray:
    """A Float32 output as an array with NaN for its nodata."""
    from osgeo import gdal

    data = gdal.Open(path).ReadAsArray().astype(np.float32)
    data[data == nodata] = np.nan
    return data


@pytest.fixture(scope="session")
def pv_reference():
    """`physical_reference` (pytest imports test modules by path: share helpers as fixtures)."""
    return physical_reference


@pytest.fixture(scope="session")
def pv_read():
    """`read_physical`."""
    return read_physical
