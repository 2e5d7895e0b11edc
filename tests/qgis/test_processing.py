"""The terrascope algorithms through the real Processing framework (`processing.run`)."""

from __future__ import annotations

import configparser
import hashlib
import os
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsSingleBandPseudoColorRenderer,
    QgsVectorLayer,
)

from plugin.core.raster.kernels import FLOAT_NODATA
from tests.reference import DEFAULT_MASK, S2_BIOPAR

STAMP = "S2A_20250516T104651_31UFS"
NDVI_ROW = S2_BIOPAR["NDVI"]
METADATA_TXT = Path(__file__).resolve().parents[2] / "metadata.txt"
WIDTH, HEIGHT = 67, 45  # not multiples of any block size


def write_tif(path: Path, data: np.ndarray, pixel: float = 10.0, nodata: float | None = None, **tags) -> str:
    types = {np.uint8: gdal.GDT_Byte, np.float32: gdal.GDT_Float32}
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), data.shape[1], data.shape[0], 1, types[data.dtype.type]
    )
    ds.SetGeoTransform((600000.0, pixel, 0.0, 5700000.0, 0.0, -pixel))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    if "scale" in tags:
        band.SetScale(tags["scale"])
        band.SetOffset(tags.get("offset", 0.0))
    band.WriteArray(data)
    ds = None
    return str(path)


def read(path: str) -> np.ndarray:
    ds = gdal.Open(path)  # keep the dataset alive while its band is read
    return ds.GetRasterBand(1).ReadAsArray()


def make_product(folder: Path, stamp: str, seed: int) -> tuple[str, np.ndarray, np.ndarray]:
    """An NDVI product folder (10 m NDVI + 20 m SCL); returns the NDVI path, DN and upsampled SCL."""
    rng = np.random.default_rng(seed)
    product = folder / f"{stamp}_NDVI_V210"
    product.mkdir(parents=True)
    dn = rng.integers(0, 256, size=(HEIGHT, WIDTH), dtype=np.uint8)
    scl = rng.integers(0, 12, size=((HEIGHT + 1) // 2, (WIDTH + 1) // 2), dtype=np.uint8)
    path = write_tif(product / f"{stamp}_NDVI_10M_V210.tif", dn, nodata=255)
    write_tif(product / f"{stamp}_SCENECLASSIFICATION_20M_V210.tif", scl, pixel=20.0)
    return path, dn, np.kron(scl, np.ones((2, 2), np.uint8))[:HEIGHT, :WIDTH]


def reference(dn: np.ndarray, scl: np.ndarray | None, classes=DEFAULT_MASK) -> np.ndarray:
    pv = (dn.astype(np.float64) * NDVI_ROW.scale + NDVI_ROW.offset).astype(np.float32)
    pv[dn > NDVI_ROW.valid_max] = np.nan
    if scl is not None:
        pv[np.isin(scl, list(classes))] = np.nan
    return pv


def digest(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def as_nan(data: np.ndarray) -> np.ndarray:
    out = data.astype(np.float32)
    out[data == FLOAT_NODATA] = np.nan
    return out


@pytest.fixture
def ndvi(tmp_path: Path):
    return make_product(tmp_path / "archive", STAMP, 1)


def test_provider_lists_the_algorithms(terrascope_provider) -> None:
    ids = sorted(alg.name() for alg in terrascope_provider.algorithms())
    assert ids == [
        "catalogue",
        "histogram",
        "physicalvalues",
        "sclmask",
        "sparkjob",
        "temporalcomposite",
        "timeseries",
    ]
    assert terrascope_provider.id() == "terrascope"
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(METADATA_TXT, encoding="utf-8")
    assert terrascope_provider.versionInfo() == parser["general"]["version"]
    assert not terrascope_provider.icon().isNull()
    for alg in terrascope_provider.algorithms():
        assert alg.displayName() and len(alg.shortHelpString()) > 100, alg.name()
        assert alg.group() and alg.groupId() == "terrascope"


def test_mask_class_enum_indexes_are_class_values(terrascope_provider) -> None:
    alg = terrascope_provider.algorithm("physicalvalues")
    param = alg.parameterDefinition("MASK_CLASSES")
    assert param.options()[3].startswith("3 — Cloud shadows")
    assert sorted(param.defaultValue()) == sorted(DEFAULT_MASK)


@pytest.mark.parametrize("classes", ["3,8,9", [3, 8, 9]])
def test_physical_values_with_automatic_scl(
    processing_framework, terrascope_provider, ndvi, tmp_path, classes
):
    path, dn, scl = ndvi
    out = str(tmp_path / "pv.tif")
    result = processing_framework.run(
        "terrascope:physicalvalues",
        {"INPUT": path, "APPLY_SCL": True, "MASK_CLASSES": classes, "OUTPUT": out},
    )
    assert result["OUTPUT"] == out
    np.testing.assert_array_equal(as_nan(read(out)), reference(dn, scl, {3, 8, 9}))


def test_physical_values_dn_output_and_no_mask(processing_framework, terrascope_provider, ndvi, tmp_path):
    path, dn, _ = ndvi
    out = str(tmp_path / "dn.tif")
    processing_framework.run(
        "terrascope:physicalvalues", {"INPUT": path, "OUTPUT_FORMAT": 1, "COMPRESS": False, "OUTPUT": out}
    )
    ds = gdal.Open(out)
    band = ds.GetRasterBand(1)
    expected = dn.copy()
    expected[dn > 250] = 255
    np.testing.assert_array_equal(band.ReadAsArray(), expected)
    assert (band.GetScale(), band.GetOffset(), band.GetNoDataValue()) == (0.004, -0.08, 255)


def test_physical_values_user_scaling_and_tags(processing_framework, terrascope_provider, tmp_path):
    data = np.arange(WIDTH * HEIGHT, dtype=np.float32).reshape(HEIGHT, WIDTH)
    own = write_tif(tmp_path / "own.tif", data)
    with pytest.raises(QgsProcessingException, match="SCALE and OFFSET"):
        processing_framework.run(
            "terrascope:physicalvalues", {"INPUT": own, "OUTPUT": str(tmp_path / "a.tif")}
        )
    processing_framework.run(
        "terrascope:physicalvalues",
        {"INPUT": own, "SCALE": 0.5, "OFFSET": 1, "OUTPUT": str(tmp_path / "b.tif")},
    )
    np.testing.assert_array_equal(read(str(tmp_path / "b.tif")), data * 0.5 + 1)
    tagged = write_tif(tmp_path / f"{STAMP}_NDVI_10M_V210.tif", data.astype(np.uint8), nodata=255, scale=0.01)
    feedback = QgsProcessingFeedback()
    log: list[str] = []
    feedback.pushInfo = log.append  # record the log lines (a real feedback object)
    processing_framework.run(
        "terrascope:physicalvalues", {"INPUT": tagged, "OUTPUT": str(tmp_path / "c.tif")}, feedback=feedback
    )
    assert any("GDAL scale/offset tags" in line for line in log)


def test_clear_errors(processing_framework, terrascope_provider, ndvi, tmp_path):
    path, _, scl = ndvi
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(QgsProcessingException):
        processing_framework.run(
            "terrascope:physicalvalues", {"INPUT": str(text), "OUTPUT": str(tmp_path / "o.tif")}
        )
    shifted = tmp_path / "shifted_scl.tif"
    write_tif(shifted, np.zeros((10, 10), np.uint8), pixel=15.0)
    with pytest.raises(QgsProcessingException, match="integer multiple"):
        processing_framework.run(
            "terrascope:physicalvalues",
            {"INPUT": path, "SCL": str(shifted), "OUTPUT": str(tmp_path / "o.tif")},
        )
    with pytest.raises(QgsProcessingException, match="read-only"):
        processing_framework.run(
            "terrascope:physicalvalues", {"INPUT": path, "OUTPUT": "/data/MTDA/TERRASCOPE_Sentinel2/x.tif"}
        )
    own = write_tif(tmp_path / "own.tif", np.zeros((4, 4), np.uint8))
    with pytest.raises(QgsProcessingException, match="No scene classification"):
        processing_framework.run(
            "terrascope:physicalvalues",
            {"INPUT": own, "SCALE": 1, "APPLY_SCL": True, "OUTPUT": str(tmp_path / "o.tif")},
        )
    assert not (tmp_path / "o.tif").exists()


def test_cancelled_run_leaves_no_file(processing_framework, terrascope_provider, ndvi, tmp_path):
    path, _, _ = ndvi
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda progress: feedback.cancel())
    product = os.path.dirname(path)
    before = {name: digest(os.path.join(product, name)) for name in os.listdir(product)}
    out = tmp_path / "out"
    out.mkdir()
    big = write_tif(
        out.parent / f"{STAMP}_LAI_10M_V210.tif", np.zeros((2048, 64), np.uint8), nodata=255
    )  # many blocks
    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        processing_framework.run(
            "terrascope:physicalvalues", {"INPUT": big, "OUTPUT": str(out / "pv.tif")}, feedback=feedback
        )
    assert os.listdir(out) == []
    assert sorted(os.listdir(tmp_path)) == sorted(["archive", "out", os.path.basename(big)])
    # The fixture product (an input folder) is untouched: same files, same bytes.
    assert {name: digest(os.path.join(product, name)) for name in os.listdir(product)} == before


def test_scl_mask_keeps_the_type(processing_framework, terrascope_provider, ndvi, tmp_path):
    path, dn, scl = ndvi
    scl_path = path.replace("NDVI_10M", "SCENECLASSIFICATION_20M")
    out = str(tmp_path / "masked.tif")
    processing_framework.run(
        "terrascope:sclmask", {"INPUT": path, "SCL": scl_path, "MASK_CLASSES": "8,9", "OUTPUT": out}
    )
    expected = dn.copy()
    expected[np.isin(scl, [8, 9])] = 255
    np.testing.assert_array_equal(read(out), expected)


def test_batch_like_repeated_runs(processing_framework, terrascope_provider, tmp_path):
    outputs = []
    for index in range(3):
        path, dn, scl = make_product(tmp_path / "archive", f"S2B_2025060{index + 1}T104651_31UFS", index)
        out = str(tmp_path / f"pv{index}.tif")
        processing_framework.run(
            "terrascope:physicalvalues", {"INPUT": path, "APPLY_SCL": True, "OUTPUT": out}
        )
        np.testing.assert_array_equal(as_nan(read(out)), reference(dn, scl))
        outputs.append(out)
    assert len(set(outputs)) == 3


def series(tmp_path: Path, dates: int = 4):
    paths, stack = [], []
    for index in range(dates):
        path, dn, scl = make_product(
            tmp_path / "archive", f"S2B_202506{index + 1:02d}T104651_31UFS", 10 + index
        )
        paths.append(path)
        stack.append(reference(dn, scl))
    return paths, np.stack(stack)


def test_temporal_composite_from_a_list(processing_framework, terrascope_provider, tmp_path):
    paths, stack = series(tmp_path)
    outputs = {f"OUTPUT_{name}": str(tmp_path / f"{name}.tif") for name in ("MEAN", "MEDIAN", "COUNT")}
    result = processing_framework.run("terrascope:temporalcomposite", {"INPUTS": paths, **outputs})
    assert set(result) >= set(outputs)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        mean = np.nanmean(stack, axis=0)
        median = np.nanmedian(stack, axis=0)
    np.testing.assert_allclose(as_nan(read(outputs["OUTPUT_MEAN"])), mean, rtol=1e-6)
    np.testing.assert_allclose(as_nan(read(outputs["OUTPUT_MEDIAN"])), median, rtol=1e-6)
    np.testing.assert_array_equal(read(outputs["OUTPUT_COUNT"]), (~np.isnan(stack)).sum(axis=0))
    assert not (tmp_path / "min.tif").exists()


def test_composite_without_inputs_is_an_error(processing_framework, terrascope_provider, tmp_path):
    with pytest.raises(QgsProcessingException, match="INPUTS"):
        processing_framework.run("terrascope:temporalcomposite", {"OUTPUT_MEAN": str(tmp_path / "m.tif")})


def test_histogram_table_and_html(processing_framework, terrascope_provider, tmp_path):
    paths, stack = series(tmp_path, 2)
    html = str(tmp_path / "hist.html")
    result = processing_framework.run(
        "terrascope:histogram", {"INPUTS": paths, "BINS": 20, "OUTPUT": "memory:", "OUTPUT_HTML": html}
    )
    layer = result["OUTPUT"]
    if not isinstance(layer, QgsVectorLayer):
        layer = QgsProcessingContext().getMapLayer(layer) or QgsVectorLayer(layer)
    rows = [f.attributes() for f in layer.getFeatures()]
    expected, edges = np.histogram(stack[~np.isnan(stack)], bins=20, range=(-0.08, 0.92))
    assert [row[2] for row in rows] == expected.tolist()
    np.testing.assert_allclose([row[0] for row in rows], edges[:-1])
    assert result["TOTAL"] == int(expected.sum())
    page = Path(html).read_text()
    assert "<svg" in page and "NDVI" in page


def test_loaded_outputs_are_styled(processing_framework, terrascope_provider, ndvi, tmp_path):
    path, _, _ = ndvi
    out = str(tmp_path / "styled.tif")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    processing_framework.runAndLoadResults(
        "terrascope:physicalvalues", {"INPUT": path, "OUTPUT": out}, context=context
    )
    layers = [layer for layer in QgsProject.instance().mapLayers().values() if layer.source() == out]
    try:
        assert len(layers) == 1 and isinstance(layers[0], QgsRasterLayer)
        assert isinstance(layers[0].renderer(), QgsSingleBandPseudoColorRenderer)
    finally:
        QgsProject.instance().removeAllMapLayers()
