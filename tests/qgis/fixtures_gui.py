"""Helpers for the styling/loading/Browser tests: real GeoTIFFs in a small archive-like tree."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from osgeo import gdal, osr
from qgis.core import QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsRasterLayer
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage

GDAL_TYPES = {
    np.dtype("uint8"): gdal.GDT_Byte,
    np.dtype("int16"): gdal.GDT_Int16,
    np.dtype("uint16"): gdal.GDT_UInt16,
    np.dtype("float32"): gdal.GDT_Float32,
}
BACKGROUND = QColor(255, 0, 255)
TIMEOUT = 60.0


def wait_for(condition: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    """Run the event loop (tasks report through it) until `condition()` or the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QgsApplication.processEvents()
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def write_tif(path: Path, array: np.ndarray, nodata: float | None = None, pixel: float = 10.0) -> Path:
    """A single-band UTM 31N GeoTIFF of ``array`` at ``path`` (parents created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows, cols = array.shape
    ds = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, 1, GDAL_TYPES[array.dtype])
    ds.SetGeoTransform((600000.0, pixel, 0.0, 5700000.0, 0.0, -pixel))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.WriteArray(array)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    ds = None
    return path


def render(layer: QgsRasterLayer, width: int, height: int, out: Path | None = None) -> QImage:
    """Render ``layer`` exactly over its extent on a magenta background (shows transparency)."""
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(layer.extent())
    settings.setBackgroundColor(BACKGROUND)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if out is not None:
        image.save(str(out))
    return image


def pixel(image: QImage, x: int, y: int) -> QColor:
    return QColor.fromRgba(image.pixel(x, y))


# A miniature archive: one TOC product, one NDVI product and one S1 product, real files.
TOC = "S2B_20200507T105029_31UFS_TOC_V200"
NDVI = "S2B_20200507T105029_31UFS_NDVI_V210"
S1 = "S1A_IW_GRDH_SIGMA0_DV_20200507T172435_ASCENDING_88_B705_V110"


def make_toc(root: Path, bands: tuple[str, ...] = ("B02", "B03", "B04", "B08")) -> Path:
    folder = root / "TERRASCOPE_Sentinel2" / "TOC_V2" / "2020" / "05" / "07" / TOC
    head = TOC.removesuffix("_TOC_V200")
    for index, band in enumerate(bands):
        values = np.full((20, 20), 500 * (index + 1), dtype=np.int16)
        values[0, 0] = 32767
        write_tif(folder / f"{head}_TOC-{band}_10M_V200.tif", values, nodata=32767)
    scl = np.repeat(np.arange(12, dtype=np.uint8), 10)[:100].reshape(10, 10)
    write_tif(folder / f"{head}_SCENECLASSIFICATION_20M_V200.tif", scl, pixel=20.0)
    write_tif(folder / f"{head}_TOC_QUICKLOOK_V200.tif", np.full((5, 5), 128, dtype=np.uint8), pixel=40.0)
    (folder / f"{TOC}.xml").write_text("<root/>")
    return folder


def make_ndvi(root: Path, with_scl: bool = True) -> Path:
    folder = root / "TERRASCOPE_Sentinel2" / "NDVI_V2" / "2020" / "05" / "07" / NDVI
    head = NDVI.removesuffix("_NDVI_V210")
    write_tif(
        folder / f"{head}_NDVI_10M_V210.tif", np.arange(256, dtype=np.uint8).reshape(16, 16), nodata=255
    )
    if with_scl:
        write_tif(
            folder / f"{head}_SCENECLASSIFICATION_20M_V210.tif",
            np.full((8, 8), 4, dtype=np.uint8),
            pixel=20.0,
        )
    return folder


def make_s1(root: Path) -> Path:
    folder = root / "CGS_S1" / "CGS_S1_GRD_SIGMA0_L1" / "2020" / "05" / "07" / S1
    linear = np.array([[1.0, 0.1], [0.01, 0.0]], dtype=np.float32)
    write_tif(folder / f"{S1}_VV.tif", linear, nodata=0.0)
    write_tif(folder / f"{S1}_VH.tif", linear / 10, nodata=0.0)
    write_tif(folder / f"{S1}_angle.tif", np.full((2, 2), 35.0, dtype=np.float32))
    return folder


def make_demo(outdir: Path) -> dict:
    """A small demo archive (31UFS, two dates, TOC + NDVI + S1, junk included); returns its summary."""
    from demo_archive.generator import generate

    summary = generate(
        str(outdir), tiles=["31UFS"], dates=2, products=["TOC", "NDVI", "S1"], size=60, force=True
    )
    return {"root": summary.root, "products": summary.products, "junk": summary.junk}
