"""Kernels against a plain numpy reference, on real GeoTIFF files with Terrascope names."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from plugin.core.raster import series
from plugin.core.raster.blockwise import (
    CancelledError,
    GridMismatchError,
    OutputPathError,
    RasterError,
    Window,
    coarse_window,
    iter_windows,
    upsample_nearest,
)
from plugin.core.raster.kernels import (
    FLOAT_NODATA,
    RunOptions,
    ScalingError,
    SeriesItem,
    find_scl,
    mask_raster,
    physical_values,
    resolve_scaling,
)
from plugin.core.raster.series import histogram, reduce_stack, temporal_composite
from tests.reference import DEFAULT_MASK, S2_BIOPAR

gdal.UseExceptions()

ORIGIN = (600000.0, 5700000.0)
STAMP = "S2A_20250516T104651_31UFS"
NDVI = f"{STAMP}_NDVI_10M_V210.tif"
SCL = f"{STAMP}_SCENECLASSIFICATION_20M_V210.tif"
# Odd sizes: not multiples of the (small) block, and an odd 10 m width over a 20 m SCL.
WIDTH, HEIGHT = 75, 53
SMALL = RunOptions(block=16)


def write_tif(
    path: Path,
    data: np.ndarray,
    pixel: float = 10.0,
    origin: tuple[float, float] = ORIGIN,
    nodata: float | None = None,
    scale: float | None = None,
    offset: float | None = None,
) -> str:
    types = {np.uint8: gdal.GDT_Byte, np.int16: gdal.GDT_Int16, np.float32: gdal.GDT_Float32}
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path),
        data.shape[1],
        data.shape[0],
        1,
        types[data.dtype.type],
        options=["TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16"],
    )
    ds.SetGeoTransform((origin[0], pixel, 0.0, origin[1], 0.0, -pixel))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    if scale is not None:
        band.SetScale(scale)
        band.SetOffset(offset or 0.0)
    band.WriteArray(data)
    ds = None
    return str(path)


def read(path: str) -> np.ndarray:
    ds = gdal.Open(path)
    return ds.GetRasterBand(1).ReadAsArray()


def ndvi_dn(rng: np.random.Generator) -> np.ndarray:
    dn = rng.integers(0, 256, size=(HEIGHT, WIDTH), dtype=np.uint8)
    dn[0, :10] = 255  # nodata
    dn[1, :4] = [251, 252, 253, 254]  # out of the valid range
    dn[2, :3] = [0, 250, 125]
    return dn


def scl_classes(rng: np.random.Generator) -> np.ndarray:
    scl = rng.integers(0, 12, size=((HEIGHT + 1) // 2, (WIDTH + 1) // 2), dtype=np.uint8)
    scl.ravel()[:12] = np.arange(12)  # every class present
    return scl


def upsample(scl: np.ndarray) -> np.ndarray:
    return np.kron(scl, np.ones((2, 2), dtype=scl.dtype))[:HEIGHT, :WIDTH]


def reference_pv(
    dn: np.ndarray, scale: float, offset: float, low: int, high: int, nodata_dn: int
) -> np.ndarray:
    pv = (dn.astype(np.float64) * scale + offset).astype(np.float32)
    pv[(dn < low) | (dn > high) | (dn == nodata_dn)] = np.nan
    return pv


def ndvi_reference(dn: np.ndarray) -> np.ndarray:
    """Physical NDVI by the reference table (scale, offset, valid DN range, nodata)."""
    row = S2_BIOPAR["NDVI"]
    return reference_pv(dn, row.scale, row.offset, row.valid_min, row.valid_max, row.nodata)


@pytest.fixture
def product(tmp_path: Path) -> tuple[str, str, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(4)
    folder = tmp_path / "NDVI_V2" / "2025" / "05" / "16" / f"{STAMP}_NDVI_V210"
    folder.mkdir(parents=True)
    dn, scl = ndvi_dn(rng), scl_classes(rng)
    return (
        write_tif(folder / NDVI, dn, nodata=255),
        write_tif(folder / SCL, scl, pixel=20.0),
        dn,
        scl,
    )


def as_nan(data: np.ndarray, nodata: float = FLOAT_NODATA) -> np.ndarray:
    out = data.astype(np.float32)
    out[data == nodata] = np.nan
    return out


# --------------------------------------------------------------------------- windows


def test_windows_cover_the_raster_once_with_odd_edges() -> None:
    seen = np.zeros((HEIGHT, WIDTH), dtype=int)
    for w in iter_windows(WIDTH, HEIGHT, 16, 16):
        seen[w.yoff : w.yoff + w.ysize, w.xoff : w.xoff + w.xsize] += 1
    assert (seen == 1).all()


@pytest.mark.parametrize("window", [Window(0, 0, 16, 16), Window(3, 5, 7, 9), Window(61, 49, 14, 4)])
def test_upsampling_matches_kron(window: Window) -> None:
    scl = scl_classes(np.random.default_rng(1))
    coarse = coarse_window(window, 2)
    block = scl[coarse.yoff : coarse.yoff + coarse.ysize, coarse.xoff : coarse.xoff + coarse.xsize]
    expected = upsample(scl)[
        window.yoff : window.yoff + window.ysize, window.xoff : window.xoff + window.xsize
    ]
    np.testing.assert_array_equal(upsample_nearest(block, window, 2), expected)


@pytest.mark.parametrize("factor", [2, 3, 4, 6, 8])
@pytest.mark.parametrize("dtype", [bool, np.uint8, np.int16])
def test_upsampling_into_a_buffer_matches_repeat(factor: int, dtype: type) -> None:
    coarse = (np.random.default_rng(factor).integers(0, 12, size=(5, 7)) > 5).astype(dtype)
    window = Window(2 * factor, 3 * factor, 7 * factor, 5 * factor)  # aligned, whole coarse pixels
    out = np.full(window.shape, 1, dtype=dtype)
    result = upsample_nearest(coarse, window, factor, out)
    assert result is out
    expected = np.repeat(np.repeat(coarse, factor, axis=0), factor, axis=1)
    np.testing.assert_array_equal(out, expected)


# --------------------------------------------------------------------------- scaling


def test_table_scaling_from_the_name(product) -> None:
    path, _, _, _ = product
    scaling = resolve_scaling(path)
    row = S2_BIOPAR["NDVI"]
    assert (scaling.scale, scaling.offset) == (row.scale, row.offset)
    assert (scaling.valid_min, scaling.valid_max) == (row.valid_min, row.valid_max)
    assert row.nodata in scaling.nodata
    assert "table" in scaling.source


def test_gdal_tags_win_over_the_table(tmp_path: Path) -> None:
    dn = ndvi_dn(np.random.default_rng(2))
    path = write_tif(tmp_path / NDVI, dn, nodata=255, scale=0.005, offset=-0.1)
    scaling = resolve_scaling(path, scale=1.0)
    assert (scaling.scale, scaling.offset) == (0.005, -0.1)
    assert "tags" in scaling.source
    assert scaling.notes  # the ignored user value is reported
    result = physical_values(path, str(tmp_path / "pv.tif"), scaling, options=SMALL)
    expected = reference_pv(dn, 0.005, -0.1, 0, 250, 255)
    np.testing.assert_array_equal(as_nan(read(result.path)), expected)


def test_statistics_aux_xml_does_not_hide_the_table(product) -> None:
    """QGIS leaves a .aux.xml with statistics next to files it opened; GDAL then reports
    scale 1 / offset 0 for them, which must not replace the product's table."""
    path, _, _, _ = product
    Path(path + ".aux.xml").write_text(
        '<PAMDataset><PAMRasterBand band="1"><Metadata>'
        '<MDI key="STATISTICS_MEAN">120</MDI></Metadata></PAMRasterBand></PAMDataset>'
    )
    ds = gdal.Open(path)
    assert (ds.GetRasterBand(1).GetScale(), ds.GetRasterBand(1).GetOffset()) == (1.0, 0.0)
    ds = None
    scaling = resolve_scaling(path)
    assert (scaling.scale, scaling.offset) == (0.004, -0.08)
    assert "table" in scaling.source


def test_unknown_product_without_scale_is_a_clear_error(tmp_path: Path) -> None:
    path = write_tif(tmp_path / "my_layer.tif", np.zeros((4, 4), np.uint8))
    with pytest.raises(ScalingError, match="give SCALE and OFFSET"):
        resolve_scaling(path)
    ccc = write_tif(tmp_path / f"{STAMP}_CCC_20M_V210.tif", np.zeros((4, 4), np.uint8))
    with pytest.raises(ScalingError, match="CCC"):
        resolve_scaling(ccc)
    scaling = resolve_scaling(path, scale=0.5, offset=1.0, valid_min=0, valid_max=10, nodata=0)
    assert (scaling.scale, scaling.offset, scaling.valid_max, scaling.nodata) == (0.5, 1.0, 10, (0.0,))


def test_not_a_raster_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / NDVI
    path.write_text("not a tiff")
    with pytest.raises(RasterError, match="not a raster"):
        resolve_scaling(str(path))


# --------------------------------------------------------------------------- physical values


@pytest.mark.parametrize("workers", [1, 2])
def test_physical_values_match_numpy(product, tmp_path: Path, workers: int) -> None:
    path, scl_path, dn, scl = product
    out = str(tmp_path / "pv.tif")
    result = physical_values(
        path, out, resolve_scaling(path), scl_path=scl_path, options=RunOptions(block=16, workers=workers)
    )
    expected = ndvi_reference(dn)
    expected[np.isin(upsample(scl), list(DEFAULT_MASK))] = np.nan
    data = read(out)
    np.testing.assert_array_equal(as_nan(data), expected)
    assert result.scl_factor == 2
    assert result.valid_pixels == int(np.count_nonzero(~np.isnan(expected)))
    ds = gdal.Open(out)
    assert ds.GetRasterBand(1).GetNoDataValue() == FLOAT_NODATA
    assert ds.GetRasterBand(1).DataType == gdal.GDT_Float32
    assert sorted(os.listdir(tmp_path)) == ["NDVI_V2", "pv.tif"]  # no partial file left


@pytest.mark.parametrize("klass", range(12))
def test_every_mask_class(product, tmp_path: Path, klass: int) -> None:
    path, scl_path, dn, scl = product
    out = str(tmp_path / f"pv{klass}.tif")
    physical_values(path, out, resolve_scaling(path), scl_path=scl_path, mask_classes={klass}, options=SMALL)
    expected = ndvi_reference(dn)
    expected[upsample(scl) == klass] = np.nan
    np.testing.assert_array_equal(as_nan(read(out)), expected)


def test_dn_output_keeps_values_and_sets_tags(product, tmp_path: Path) -> None:
    path, scl_path, dn, scl = product
    out = str(tmp_path / "dn.tif")
    physical_values(path, out, resolve_scaling(path), scl_path=scl_path, output_format="dn", options=SMALL)
    expected = dn.copy()
    expected[(dn > S2_BIOPAR["NDVI"].valid_max) | np.isin(upsample(scl), list(DEFAULT_MASK))] = 255
    ds = gdal.Open(out)
    band = ds.GetRasterBand(1)
    np.testing.assert_array_equal(band.ReadAsArray(), expected)
    assert (band.DataType, band.GetNoDataValue(), band.GetScale(), band.GetOffset()) == (
        gdal.GDT_Byte,
        255,
        0.004,
        -0.08,
    )


def test_int16_reflectance_through_the_lut(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    dn = rng.integers(-1000, 12000, size=(HEIGHT, WIDTH)).astype(np.int16)
    dn[0, 0] = 32767
    path = write_tif(tmp_path / f"{STAMP}_TOC-B04_10M_V210.tif", dn, nodata=32767)
    out = str(tmp_path / "refl.tif")
    physical_values(path, out, resolve_scaling(path), options=SMALL)
    expected = (dn.astype(np.float64) * 0.0001).astype(np.float32)
    expected[0, 0] = np.nan
    np.testing.assert_array_equal(as_nan(read(out)), expected)


def test_float_input_by_arithmetic_with_user_scaling(tmp_path: Path) -> None:
    data = np.random.default_rng(6).random((HEIGHT, WIDTH)).astype(np.float32) * 100
    data[3, 3] = np.nan
    path = write_tif(tmp_path / "own.tif", data)
    scaling = resolve_scaling(path, scale=2.0, offset=1.0, valid_max=90)
    physical_values(path, str(tmp_path / "out.tif"), scaling, options=SMALL)
    expected = data * np.float32(2.0) + np.float32(1.0)
    expected[(data > 90) | np.isnan(data)] = np.nan
    np.testing.assert_array_equal(as_nan(read(str(tmp_path / "out.tif"))), expected)


def test_all_masked_input(product, tmp_path: Path) -> None:
    path, _, dn, scl = product
    cloudy = write_tif(tmp_path / "cloudy_scl.tif", np.full_like(scl, 9), pixel=20.0)
    result = physical_values(
        path, str(tmp_path / "out.tif"), resolve_scaling(path), scl_path=cloudy, options=SMALL
    )
    assert result.valid_pixels == 0
    assert (read(result.path) == FLOAT_NODATA).all()


def test_find_scl_in_the_product_folder(product, tmp_path: Path) -> None:
    path, scl_path, _, _ = product
    assert find_scl(path) == scl_path
    fapar = tmp_path / "FAPAR" / f"{STAMP}_FAPAR_V210"
    (fapar / "10M").mkdir(parents=True)
    data = write_tif(fapar / "10M" / f"{STAMP}_FAPAR_10M_V210.tif", np.zeros((4, 4), np.uint8))
    scl = write_tif(fapar / SCL, np.zeros((2, 2), np.uint8), pixel=20.0)
    assert find_scl(data) == scl
    assert find_scl(write_tif(tmp_path / "own.tif", np.zeros((2, 2), np.uint8))) is None


@pytest.mark.parametrize(
    ("pixel", "origin", "message"),
    [(20.0, (ORIGIN[0] + 10, ORIGIN[1]), "origins"), (15.0, ORIGIN, "integer multiple")],
)
def test_mismatched_grids_are_refused(product, tmp_path: Path, pixel, origin, message) -> None:
    path, _, _, scl = product
    bad = write_tif(tmp_path / "bad_scl.tif", scl, pixel=pixel, origin=origin)
    with pytest.raises(GridMismatchError, match=message):
        physical_values(path, str(tmp_path / "out.tif"), resolve_scaling(path), scl_path=bad, options=SMALL)
    assert not list(tmp_path.glob("*.tif*")) or not (tmp_path / "out.tif").exists()


def test_cancellation_leaves_no_file(product, tmp_path: Path) -> None:
    path, scl_path, _, _ = product
    calls = iter(range(1000))
    options = RunOptions(block=16, is_cancelled=lambda: next(calls) >= 2)
    with pytest.raises(CancelledError):
        physical_values(
            path, str(tmp_path / "out.tif"), resolve_scaling(path), scl_path=scl_path, options=options
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["NDVI_V2"]


def test_failure_leaves_no_file(product, tmp_path: Path) -> None:
    path, _, _, _ = product

    def failing_progress(fraction: float) -> None:
        if fraction > 0.3:
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        physical_values(
            path,
            str(tmp_path / "out.tif"),
            resolve_scaling(path),
            options=RunOptions(block=16, progress=failing_progress),
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["NDVI_V2"]


def test_output_paths_are_checked(product, tmp_path: Path) -> None:
    path, _, _, _ = product
    scaling = resolve_scaling(path)
    with pytest.raises(OutputPathError, match="read-only"):
        physical_values(path, "/data/MTDA/TERRASCOPE_Sentinel2/out.tif", scaling)
    with pytest.raises(OutputPathError, match="overwrite an input"):
        physical_values(path, path, scaling)
    with pytest.raises(OutputPathError, match="does not exist"):
        physical_values(path, str(tmp_path / "missing" / "out.tif"), scaling)


def test_repeated_runs_overwrite_the_previous_output(product, tmp_path: Path) -> None:
    path, scl_path, _, _ = product
    out = str(tmp_path / "out.tif")
    scaling = resolve_scaling(path)
    first = physical_values(path, out, scaling, scl_path=scl_path, options=SMALL)
    second = physical_values(path, out, scaling, options=SMALL)
    assert second.valid_pixels > first.valid_pixels
    assert int(np.count_nonzero(read(out) != FLOAT_NODATA)) == second.valid_pixels


# --------------------------------------------------------------------------- SCL mask


def test_mask_raster_keeps_type_and_nodata(product, tmp_path: Path) -> None:
    _, scl_path, _, scl = product
    own = np.random.default_rng(7).random((HEIGHT, WIDTH)).astype(np.float32)
    path = write_tif(tmp_path / "own.tif", own, nodata=-1.0)
    result = mask_raster(path, str(tmp_path / "masked.tif"), scl_path, mask_classes={3, 8, 9}, options=SMALL)
    expected = own.copy()
    expected[np.isin(upsample(scl), [3, 8, 9])] = -1.0
    np.testing.assert_array_equal(read(result.path), expected)
    assert result.masked_pixels == int(np.count_nonzero(np.isin(upsample(scl), [3, 8, 9])))


def test_mask_raster_needs_a_nodata_for_integers(product, tmp_path: Path) -> None:
    _, scl_path, _, _ = product
    path = write_tif(tmp_path / "own.tif", np.ones((HEIGHT, WIDTH), np.uint8))
    with pytest.raises(RasterError, match="NODATA"):
        mask_raster(path, str(tmp_path / "masked.tif"), scl_path)
    mask_raster(path, str(tmp_path / "masked.tif"), scl_path, nodata=0, options=SMALL)
    assert (tmp_path / "masked.tif").exists()


# --------------------------------------------------------------------------- series


def make_series(tmp_path: Path, dates: int) -> tuple[list[SeriesItem], np.ndarray]:
    """``dates`` NDVI products with SCL; returns the items and the reference PV stack."""
    rng = np.random.default_rng(8)
    items, stack = [], []
    for day in range(1, dates + 1):
        stamp = f"S2B_202505{day:02d}T104651_31UFS"
        folder = tmp_path / f"{stamp}_NDVI_V210"
        folder.mkdir()
        dn, scl = ndvi_dn(rng), scl_classes(rng)
        dn[10:12, 20:22] = 255  # a pixel block without any valid date
        path = write_tif(folder / f"{stamp}_NDVI_10M_V210.tif", dn, nodata=255)
        scl_path = write_tif(folder / f"{stamp}_SCENECLASSIFICATION_20M_V210.tif", scl, pixel=20.0)
        items.append(SeriesItem(path, resolve_scaling(path), find_scl(path)))
        assert items[-1].scl_path == scl_path
        pv = ndvi_reference(dn)
        pv[np.isin(upsample(scl), list(DEFAULT_MASK))] = np.nan
        stack.append(pv)
    return items, np.stack(stack)


def test_temporal_composite_matches_numpy(tmp_path: Path) -> None:
    items, stack = make_series(tmp_path, 5)
    out = tmp_path / "out"
    out.mkdir()
    outputs = {name: str(out / f"{name}.tif") for name in series.STATISTICS}
    result = temporal_composite(items, outputs, tile=16, options=RunOptions(block=16))
    assert result.dates == 5
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        expected = {
            "mean": np.nanmean(stack, axis=0),
            "median": np.nanmedian(stack, axis=0),
            "min": np.nanmin(stack, axis=0),
            "max": np.nanmax(stack, axis=0),
            "std": np.nanstd(stack, axis=0),
        }
    for name, values in expected.items():
        np.testing.assert_allclose(as_nan(read(outputs[name])), values, rtol=1e-5, atol=1e-6, err_msg=name)
    count = read(outputs["count"])
    np.testing.assert_array_equal(count, (~np.isnan(stack)).sum(axis=0))
    assert (count[10:12, 20:22] == 0).all()
    assert (read(outputs["mean"])[10:12, 20:22] == FLOAT_NODATA).all()
    assert sorted(os.listdir(out)) == sorted(f"{name}.tif" for name in series.STATISTICS)


def test_composite_budget_shrinks_the_tile() -> None:
    assert series.composite_tile(12) == 512
    assert series.composite_tile(100) == 256
    assert series.composite_tile(2000, budget=64 * 1024 * 1024) == 64


def test_reduce_stack_median_of_even_count() -> None:
    stack = np.array([[[1.0]], [[np.nan]], [[4.0]], [[2.0]], [[10.0]]], dtype=np.float32)
    result = reduce_stack(stack, ["median", "min", "max", "count"])
    assert (result["median"][0, 0], result["min"][0, 0], result["max"][0, 0]) == (3.0, 1.0, 10.0)
    assert result["count"][0, 0] == 4


def test_composite_refuses_mismatched_grids_and_empty_series(tmp_path: Path) -> None:
    items, _ = make_series(tmp_path, 2)
    other = write_tif(tmp_path / "small.tif", np.zeros((10, 10), np.uint8), nodata=255)
    bad = [*items, SeriesItem(other, items[0].scaling)]
    with pytest.raises(GridMismatchError):
        temporal_composite(bad, {"mean": str(tmp_path / "mean.tif")})
    with pytest.raises(RasterError, match="no input rasters"):
        temporal_composite([], {"mean": str(tmp_path / "mean.tif")})
    assert not (tmp_path / "mean.tif").exists()


def test_composite_cancellation_leaves_no_file(tmp_path: Path) -> None:
    items, _ = make_series(tmp_path, 3)
    outputs = {"mean": str(tmp_path / "mean.tif"), "median": str(tmp_path / "median.tif")}
    with pytest.raises(CancelledError):
        temporal_composite(items, outputs, tile=16, options=RunOptions(block=16, is_cancelled=lambda: True))
    assert not list(tmp_path.glob("*.tif"))


def test_histogram_matches_numpy(tmp_path: Path) -> None:
    items, stack = make_series(tmp_path, 3)
    result = histogram(items, 25, options=SMALL)
    values = stack[~np.isnan(stack)]
    expected, edges = np.histogram(values, bins=25, range=(-0.08, 0.92))
    np.testing.assert_array_equal(result.counts, expected)
    np.testing.assert_allclose(result.edges, edges)
    assert result.total == values.size


def test_histogram_of_float_rasters_and_range(tmp_path: Path) -> None:
    data = np.random.default_rng(9).normal(size=(HEIGHT, WIDTH)).astype(np.float32)
    path = write_tif(tmp_path / "own.tif", data)
    item = SeriesItem(path, resolve_scaling(path, scale=1.0))
    result = histogram([item], 10, (-1.0, 1.0), options=SMALL)
    np.testing.assert_array_equal(result.counts, np.histogram(data, bins=10, range=(-1, 1))[0])
    assert result.outside == int(np.count_nonzero((data < -1) | (data > 1)))
    with pytest.raises(RasterError, match="range"):
        histogram([item], 10)


def test_physical_outputs_feed_the_composite(product, tmp_path: Path) -> None:
    path, scl_path, dn, scl = product
    out = str(tmp_path / "pv.tif")
    physical_values(path, out, resolve_scaling(path), scl_path=scl_path, options=SMALL)
    scaling = resolve_scaling(out)
    assert (scaling.scale, scaling.offset, scaling.nodata) == (1.0, 0.0, (FLOAT_NODATA,))
    assert scaling.physical_range() == pytest.approx((-0.08, 0.92))
    assert "physicalvalues" in scaling.source
    mean = str(tmp_path / "mean.tif")
    temporal_composite([SeriesItem(out, scaling)], {"mean": mean}, options=SMALL)
    np.testing.assert_array_equal(read(mean), read(out))
