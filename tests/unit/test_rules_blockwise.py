"""Rules of block-wise raster I/O and atomic outputs, one test per rule (kills mutants of
``plugin/core/raster/blockwise.py`` and ``plugin/core/atomic.py``, see docs/MUTANTS.md).

Real GeoTIFFs written here with GDAL; expected values from numpy or from the file written.
Small rasters only: every test runs in milliseconds.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from plugin.core import atomic
from plugin.core.atomic import AtomicOutput, atomic_open, temporary_path, write_text_atomically
from plugin.core.raster import blockwise as bw
from plugin.core.raster.blockwise import (
    BufferPool,
    Buffers,
    CancelledError,
    GridInfo,
    GridMismatchError,
    OutputPathError,
    OutputSpec,
    RasterError,
    RasterWriter,
    ThreadLocalDatasets,
    Window,
)

UTM31 = osr.SpatialReference()
UTM31.ImportFromEPSG(32631)
WKT31 = UTM31.ExportToWkt()
UTM32 = osr.SpatialReference()
UTM32.ImportFromEPSG(32632)
WKT32 = UTM32.ExportToWkt()


@pytest.fixture(autouse=True)
def _gdal_exceptions_off() -> Iterator[None]:
    """These tests run with GDAL's exceptions off (QGIS's mode); restored afterwards."""
    was = gdal.GetUseExceptions()
    gdal.DontUseExceptions()
    yield
    if was:
        gdal.UseExceptions()


def write_tif(path: Path, bands: list[np.ndarray], gdal_type: int = gdal.GDT_Byte, **kw) -> str:
    """A GeoTIFF of ``bands`` in UTM 31N, 10 m pixels, top left at 600000, 5700000."""
    rows, cols = bands[0].shape
    options = kw.get("options", ["TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=32"])
    ds = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, len(bands), gdal_type, options=options)
    ds.SetGeoTransform(kw.get("gt", (600000.0, 10.0, 0.0, 5700000.0, 0.0, -10.0)))
    if kw.get("wkt", WKT31):
        ds.SetProjection(kw.get("wkt", WKT31))
    for index, data in enumerate(bands, 1):
        band = ds.GetRasterBand(index)
        band.WriteArray(data)
        if "nodata" in kw:
            band.SetNoDataValue(kw["nodata"])
    ds = None
    return str(path)


def grid(
    path: str = "a.tif",
    width: int = 20,
    height: int = 10,
    gt: tuple[float, ...] = (600000.0, 10.0, 0.0, 5700000.0, 0.0, -10.0),
    wkt: str = WKT31,
) -> GridInfo:
    return GridInfo(path, width, height, gt, wkt, gdal.GDT_Byte, None, (16, 16))


# --------------------------------------------------------------------------- windows


@pytest.mark.parametrize("size", [(0, 5, 2, 2), (5, 0, 2, 2), (5, 5, 0, 2), (5, 5, 2, 0), (-1, 5, 2, 2)])
def test_windows_refuse_empty_sizes(size: tuple[int, int, int, int]) -> None:
    with pytest.raises(ValueError, match="^raster and block sizes must be positive$"):
        list(bw.iter_windows(*size))


def test_windows_exact_list_and_count() -> None:
    assert list(bw.iter_windows(5, 3, 2, 2)) == [
        Window(0, 0, 2, 2),
        Window(2, 0, 2, 2),
        Window(4, 0, 1, 2),
        Window(0, 2, 2, 1),
        Window(2, 2, 2, 1),
        Window(4, 2, 1, 1),
    ]
    assert list(bw.iter_windows(1, 1, 1, 1)) == [Window(0, 0, 1, 1)]
    assert Window(1, 2, 3, 4).shape == (4, 3)
    for size in [(5, 3, 2, 2), (7, 9, 3, 4), (10, 10, 5, 5), (1, 1, 1, 1), (4, 9, 9, 2)]:
        expected = -(-size[0] // size[2]) * -(-size[1] // size[3])
        assert bw.window_count(*size) == expected == len(list(bw.iter_windows(*size)))


# --------------------------------------------------------------------------- GDAL errors


def test_gdal_errors_raise_on_failure_only() -> None:
    with pytest.raises(RasterError, match=r"^reading x: boom$"), bw._gdal_errors("reading x"):
        gdal.Error(gdal.CE_Failure, 1, "boom")
    with bw._gdal_errors("reading x"):
        gdal.Error(gdal.CE_Warning, 1, "only a warning")
    gdal.Error(gdal.CE_Failure, 1, "stale error of an earlier call")
    with bw._gdal_errors("reading x"):  # the stale error is reset first
        pass
    gdal.UseExceptions()
    try:
        with pytest.raises(RasterError, match=r"^opening: .*nowhere"), bw._gdal_errors("opening"):
            gdal.Open("/nowhere/none.tif")
    finally:
        gdal.DontUseExceptions()


def test_last_error_falls_back_to_the_default() -> None:
    gdal.ErrorReset()
    assert bw._last_error("the default") == "the default"
    gdal.Error(gdal.CE_Failure, 1, "said by GDAL")
    assert bw._last_error("the default") == "said by GDAL"
    gdal.ErrorReset()


# --------------------------------------------------------------------------- opening


def test_open_raster_errors(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.tif")
    with pytest.raises(RasterError, match=f"^{re.escape(missing)}: file not found$"):
        bw.open_raster(missing)
    text = tmp_path / "text.tif"
    text.write_text("not a raster")
    with pytest.raises(RasterError, match=f"^{re.escape(str(text))}: not a raster GDAL can read \\(.+\\)$"):
        bw.open_raster(str(text))
    vector = tmp_path / "v.geojson"  # a vector file: refused as raster, not opened as vector
    vector.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(
        RasterError, match=r"not a raster GDAL can read \(unknown format\)$"
    ):  # GDAL says nothing
        bw.open_raster(str(vector))
    gdal.UseExceptions()
    try:
        with pytest.raises(
            RasterError, match=f"^{re.escape(str(text))}: not a raster GDAL can read \\(.+\\)$"
        ):
            bw.open_raster(str(text))
    finally:
        gdal.DontUseExceptions()


def test_open_raster_lets_gdal_judge_vsi_paths() -> None:
    """A /vsi path (a STAC asset streamed with /vsicurl/) is not a local file: GDAL opens it or says why."""
    path = "/vsimem/test_open_raster_vsi.tif"
    made = gdal.GetDriverByName("GTiff").Create(path, 3, 2, 1, gdal.GDT_Byte)
    made = None  # noqa: F841 (closes the dataset)
    try:
        ds = bw.open_raster(path)
        assert (ds.RasterXSize, ds.RasterYSize, ds.RasterCount) == (3, 2, 1)
        ds = None
    finally:
        gdal.Unlink(path)
    missing = "/vsimem/test_open_raster_missing.tif"
    with pytest.raises(RasterError, match=f"^{re.escape(missing)}: not a raster GDAL can read \\(.+\\)$"):
        bw.open_raster(missing)


def test_open_raster_is_read_only(tmp_path: Path) -> None:
    path = write_tif(tmp_path / "a.tif", [np.zeros((4, 4), np.uint8)])
    ds = bw.open_raster(path)
    assert ds.GetRasterBand(1).Fill(1) != 0  # refused: opened read-only
    assert ds.RasterCount == 1


def test_grid_info_reads_the_file(tmp_path: Path) -> None:
    gt = (500000.0, 20.0, 0.0, 5800000.0, 0.0, -20.0)
    path = write_tif(tmp_path / "g.tif", [np.zeros((40, 48), np.uint16)], gdal.GDT_UInt16, gt=gt, nodata=7)
    info = bw.grid_info(path)
    assert info == GridInfo(path, 48, 40, gt, info.wkt, gdal.GDT_UInt16, 7.0, (16, 32))
    assert UTM31.IsSame(osr.SpatialReference(wkt=info.wkt))
    assert info.pixel_size == (20.0, -20.0)
    plain = write_tif(tmp_path / "p.tif", [np.zeros((3, 5), np.uint8)], wkt="", options=[])
    info = bw.grid_info(plain)
    assert (info.wkt, info.nodata, info.block) == ("", None, (5, 3))


# --------------------------------------------------------------------------- grids


def test_same_crs() -> None:
    assert bw._same_crs("", WKT31) and bw._same_crs(WKT31, "") and bw._same_crs("", "")
    assert bw._same_crs(WKT31, WKT31)
    assert not bw._same_crs(WKT31, WKT32)


def _fine_coarse(factor: float, **coarse_kw) -> tuple[GridInfo, GridInfo]:
    fine = grid("dir/fine.tif", 20, 10)
    gt = coarse_kw.pop("gt", (600000.0, 10.0 * factor, 0.0, 5700000.0, 0.0, -10.0 * factor))
    width = coarse_kw.pop("width", math.ceil(20 / factor))
    height = coarse_kw.pop("height", math.ceil(10 / factor))
    return fine, grid("dir/coarse.tif", width, height, gt, **coarse_kw)


def test_upsample_factor_of_aligned_grids() -> None:
    for factor in (1, 2, 3, 6):
        assert bw.upsample_factor(*_fine_coarse(factor)) == factor
    fine, coarse = _fine_coarse(2, gt=(600000.0 + 0.009, 20.0, 0.0, 5700000.0 - 0.009, 0.0, -20.0))
    assert bw.upsample_factor(fine, coarse) == 2  # within 1e-3 of a pixel
    fine, coarse = _fine_coarse(2, gt=(600000.0, 20.0 + 1e-5, 0.0, 5700000.0, 0.0, -20.0 - 1e-5))
    assert bw.upsample_factor(fine, coarse) == 2  # ratio within 1e-6 × factor
    assert bw.upsample_factor(*_fine_coarse(1, wkt="")) == 1


@pytest.mark.parametrize(
    ("coarse_kw", "message"),
    [
        (
            {"gt": (600000.0, 20.0, 1.0, 5700000.0, 0.0, -20.0)},
            "fine.tif and coarse.tif: rotated rasters are not supported",
        ),
        (
            {"gt": (600000.0, 20.0, 0.0, 5700000.0, 1.0, -20.0)},
            "fine.tif and coarse.tif: rotated rasters are not supported",
        ),
        ({"wkt": WKT32}, "fine.tif and coarse.tif are in different coordinate systems; reproject one first"),
        (
            {"gt": (600000.0, 25.0, 0.0, 5700000.0, 0.0, -25.0)},
            "fine.tif and coarse.tif do not share a grid: pixel sizes 10×10 and 25×25 are not an integer "
            "multiple (the mask must be as fine as or an exact multiple of the data pixel size)",
        ),
        (
            {"gt": (600000.0, 5.0, 0.0, 5700000.0, 0.0, -5.0), "width": 40, "height": 20},
            "fine.tif and coarse.tif do not share a grid: pixel sizes 10×10 and 5×5 are not an integer multiple",
        ),
        ({"gt": (600000.0, 20.0, 0.0, 5700000.0, 0.0, -20.0 * 1.001)}, "pixel sizes 10×10 and 20×20.02"),
        ({"gt": (600000.0, 20.0 * 1.00001, 0.0, 5700000.0, 0.0, -20.0)}, "pixel sizes 10×10 and 20.0002×20"),
        (
            {"gt": (600000.02, 20.0, 0.0, 5700000.0, 0.0, -20.0)},
            "fine.tif and coarse.tif do not share a grid: origins (600000.000, 5700000.000) and "
            "(600000.020, 5700000.000) differ; use the mask of the same tile",
        ),
        (
            {"gt": (600000.0, 20.0, 0.0, 5699999.98, 0.0, -20.0)},
            "origins (600000.000, 5700000.000) and (600000.000, 5699999.980)",
        ),
        ({"width": 9}, "fine.tif and coarse.tif: the mask does not cover the whole data raster"),
        ({"height": 4}, "fine.tif and coarse.tif: the mask does not cover the whole data raster"),
    ],
)
def test_upsample_factor_refusals(coarse_kw: dict, message: str) -> None:
    fine, coarse = _fine_coarse(2, **coarse_kw)
    with pytest.raises(GridMismatchError) as raised:
        bw.upsample_factor(fine, coarse)
    assert message in str(raised.value), str(raised.value)


def test_rotation_of_the_fine_raster_is_refused() -> None:
    for gt in [(0.0, 10.0, 1.0, 0.0, 0.0, -10.0), (0.0, 10.0, 0.0, 0.0, 1.0, -10.0)]:
        with pytest.raises(GridMismatchError, match="rotated"):
            bw.upsample_factor(grid("f.tif", gt=gt), grid("c.tif", gt=(0.0, 10.0, 0.0, 0.0, 0.0, -10.0)))


def test_check_same_grid() -> None:
    bw.check_same_grid(grid("a.tif"), grid("b.tif"))
    message = "^a.tif \\(20×10\\) and b.tif \\(21×10\\) do not share the same grid$"
    with pytest.raises(GridMismatchError, match=message):
        bw.check_same_grid(grid("x/a.tif"), grid("y/b.tif", width=21))
    with pytest.raises(GridMismatchError, match="do not share the same grid$"):
        bw.check_same_grid(grid("a.tif"), grid("b.tif", height=11))
    with pytest.raises(GridMismatchError, match="do not share the same grid$"):
        bw.check_same_grid(grid("a.tif"), grid("b.tif", 10, 5, (600000.0, 20.0, 0.0, 5700000.0, 0.0, -20.0)))


@pytest.mark.parametrize("factor", [1, 2, 3, 6])
def test_coarse_window_covers_exactly(factor: int) -> None:
    for window in [Window(0, 0, 6, 6), Window(1, 2, 5, 7), Window(5, 7, 1, 1), Window(3, 0, 9, 4)]:
        x0, y0 = window.xoff // factor, window.yoff // factor
        x1 = math.ceil((window.xoff + window.xsize) / factor)
        y1 = math.ceil((window.yoff + window.ysize) / factor)
        assert bw.coarse_window(window, factor) == Window(x0, y0, x1 - x0, y1 - y0)


@pytest.mark.parametrize("factor", [1, 2, 3, 4, 8])
@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.uint16, np.float32])
def test_upsample_nearest_everywhere(factor: int, dtype: type) -> None:
    rng = np.random.default_rng(factor)
    coarse_full = rng.integers(0, 100, size=(7, 9)).astype(dtype)
    fine_full = np.kron(coarse_full, np.ones((factor, factor), dtype))
    windows = [Window(0, 0, 9 * factor, 7 * factor), Window(factor, factor, 2 * factor, 3 * factor)]
    windows += [Window(1, 2, 5, 4), Window(factor * 2 - 1, 1, factor + 2, factor + 1)]
    for window in windows:
        cw = bw.coarse_window(window, factor)
        coarse = coarse_full[cw.yoff : cw.yoff + cw.ysize, cw.xoff : cw.xoff + cw.xsize].copy()
        expected = fine_full[
            window.yoff : window.yoff + window.ysize, window.xoff : window.xoff + window.xsize
        ]
        out = np.full(window.shape, 101, dtype)
        result = bw.upsample_nearest(coarse, window, factor, out=out)
        np.testing.assert_array_equal(result, expected)
        np.testing.assert_array_equal(bw.upsample_nearest(coarse, window, factor), expected)
        if factor == 1:
            assert result is coarse
        elif window.xoff % factor == 0 and window.yoff % factor == 0 and window.shape == expected.shape:
            aligned = window.shape == (coarse.shape[0] * factor, coarse.shape[1] * factor)
            assert (result is out) == aligned


@pytest.mark.parametrize("factor", [2, 3, 4, 8])
def test_replicate_into_non_contiguous_and_wide_outputs(factor: int) -> None:
    coarse = np.arange(12, dtype=np.uint8).reshape(3, 4)
    expected = np.kron(coarse, np.ones((factor, factor), np.uint8))
    big = np.zeros((3 * factor, 8 * factor), np.uint8)
    out = big[:, ::2]  # not C-contiguous
    bw._replicate_into(coarse, factor, out)
    np.testing.assert_array_equal(out, expected)
    wide = np.zeros((3 * factor, 4 * factor), np.uint16)
    bw._replicate_into(coarse, factor, wide)
    np.testing.assert_array_equal(wide, expected)
    transposed = np.asfortranarray(np.arange(12, dtype=np.uint8).reshape(4, 3)).T  # F-ordered coarse
    out = np.zeros((3 * factor, 4 * factor), np.uint8)
    bw._replicate_into(transposed, factor, out)
    np.testing.assert_array_equal(out, np.kron(transposed, np.ones((factor, factor), np.uint8)))


# --------------------------------------------------------------------------- reading


def test_thread_local_datasets(tmp_path: Path) -> None:
    one = np.arange(48, dtype=np.uint8).reshape(6, 8)
    path = write_tif(tmp_path / "two.tif", [one, one + 100])
    other = write_tif(tmp_path / "other.tif", [one + 50])
    datasets = ThreadLocalDatasets()
    first = datasets.get(path)
    assert datasets.get(path) is first
    assert datasets.get(other) is not first
    window = Window(1, 2, 3, 4)
    np.testing.assert_array_equal(datasets.read(path, window), one[2:6, 1:4])
    np.testing.assert_array_equal(datasets.read(path, window, band=2, release=False), one[2:6, 1:4] + 100)
    np.testing.assert_array_equal(datasets.read(other, window), one[2:6, 1:4] + 50)
    out = np.zeros((4, 3), np.uint8)
    assert datasets.read(path, window, out=out) is out
    np.testing.assert_array_equal(out, one[2:6, 1:4])
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(datasets.get(path)))
    thread.start()
    thread.join()
    assert seen[0] is not first and seen[0] is not None
    assert len(datasets._all) == 3 and datasets._all[0] is first and seen[0] in datasets._all
    with pytest.raises(RasterError, match=f"^{re.escape(path)}: cannot read band 1 at Window"):
        datasets.read(path, Window(5, 0, 8, 6))
    datasets.close()
    assert datasets._all == []
    assert datasets.get(path) is not first


def test_read_releases_the_cache(tmp_path: Path) -> None:
    data = np.arange(64 * 64, dtype=np.uint16).reshape(64, 64)
    path = write_tif(tmp_path / "c.tif", [data], gdal.GDT_UInt16)
    datasets = ThreadLocalDatasets()
    before = gdal.GetCacheUsed()
    datasets.read(path, Window(0, 0, 64, 64), release=False)
    assert gdal.GetCacheUsed() > before
    datasets.read(path, Window(0, 0, 64, 64))
    assert gdal.GetCacheUsed() == before
    datasets.close()


# --------------------------------------------------------------------------- writing


def test_numpy_dtype() -> None:
    pairs = {
        gdal.GDT_Byte: np.uint8,
        gdal.GDT_UInt16: np.uint16,
        gdal.GDT_Int16: np.int16,
        gdal.GDT_UInt32: np.uint32,
        gdal.GDT_Int32: np.int32,
        gdal.GDT_Float32: np.float32,
        gdal.GDT_Float64: np.float64,
    }
    for gdal_type, dtype in pairs.items():
        assert bw.numpy_dtype(gdal_type) == np.dtype(dtype)
    with pytest.raises(RasterError, match="^unsupported raster data type CFloat32$"):
        bw.numpy_dtype(gdal.GDT_CFloat32)


def test_creation_options() -> None:
    assert OutputSpec().creation_options() == [
        "TILED=YES",
        "BLOCKXSIZE=512",
        "BLOCKYSIZE=512",
        "BIGTIFF=IF_SAFER",
    ]
    assert OutputSpec(full_width_writes=True).creation_options() == [
        "TILED=NO",
        "BLOCKYSIZE=16",
        "BIGTIFF=IF_SAFER",
    ]
    tail = ["ZLEVEL=1", "NUM_THREADS=ALL_CPUS"]
    tiles = ["TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=64", "BIGTIFF=IF_SAFER", "COMPRESS=DEFLATE"]
    for dtype, predictor in [
        (gdal.GDT_Float32, 3),
        (gdal.GDT_Float64, 3),
        (gdal.GDT_Byte, 2),
        (gdal.GDT_Int16, 2),
    ]:
        for full_width in (False, True):
            spec = OutputSpec(dtype=dtype, compress=True, block=64, full_width_writes=full_width)
            assert spec.creation_options() == [*tiles, f"PREDICTOR={predictor}", *tail]
    spec = OutputSpec(dtype=gdal.GDT_Float32, compress=True, block=64, predictor=2)
    assert spec.creation_options() == [*tiles, "PREDICTOR=2", *tail]


def test_check_output_path(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    (archive / "sub").mkdir(parents=True)
    bw.check_output_path(str(tmp_path / "out.tif"), protected_roots=[str(archive)])
    bw.check_output_path(str(tmp_path / "out.TIFF"))
    bw.check_output_path(
        str(tmp_path / "archive2.tif"), protected_roots=[str(archive)]
    )  # a prefix, not within
    with pytest.raises(OutputPathError, match="^no output file given$"):
        bw.check_output_path("")
    inside = str(archive / "sub" / "x.tif")
    with pytest.raises(
        OutputPathError,
        match=f"^{re.escape(inside)}: the archive under {re.escape(str(archive))} is read-only; write the "
        "output to your own folder \\(e.g. /data/users/Private/<user>\\) or a temporary file$",
    ):
        bw.check_output_path(inside, protected_roots=["/elsewhere", str(archive)])
    with pytest.raises(OutputPathError, match="is read-only"):
        bw.check_output_path(str(archive / "x.tif"), protected_roots=[str(archive)])
    with pytest.raises(OutputPathError, match="is read-only"):
        bw.check_output_path("/data/MTDA/x.tif")
    source = tmp_path / "in.tif"
    source.write_bytes(b"")
    with pytest.raises(
        OutputPathError, match=f"^{re.escape(str(source))}: the output would overwrite an input; "
    ):
        bw.check_output_path(str(source), inputs=["", str(tmp_path / "gone.tif"), str(source)])
    bw.check_output_path(str(tmp_path / "gone.tif"), inputs=[str(tmp_path / "gone.tif")])  # not there yet
    missing = tmp_path / "nope" / "x.tif"
    with pytest.raises(
        OutputPathError,
        match=f"^{re.escape(str(missing))}: the folder {re.escape(str(missing.parent))} does not exist$",
    ):
        bw.check_output_path(str(missing))
    with pytest.raises(OutputPathError, match="^x.txt: outputs are GeoTIFF files; use a .tif extension$"):
        bw.check_output_path("x.txt")
    assert not bw._is_within(str(tmp_path), "")  # commonpath of absolute and "" fails


def test_raster_writer_sets_every_tag(tmp_path: Path) -> None:
    gt = (500000.0, 20.0, 0.0, 5800000.0, 0.0, -20.0)
    template = GridInfo("t.tif", 5, 3, gt, WKT31, gdal.GDT_Byte, None, (5, 3))
    spec = OutputSpec(
        dtype=gdal.GDT_Int16,
        nodata=-9,
        block=16,
        scale=0.5,
        offset=-3.0,
        description="NDVI",
        metadata={"A": "b"},
    )
    out = str(tmp_path / "w.tif")
    with RasterWriter(out, template, spec, bands=2) as writer:
        assert writer.pending and os.path.exists(writer.temp_path) and not os.path.exists(out)
        writer.write(Window(0, 0, 5, 3), np.full((3, 5), 4, np.int16))
        writer.write(Window(1, 1, 2, 2), np.full((2, 2), 6, np.int16), band=2)
        writer.flush()
        writer.commit()
        assert not writer.pending
    ds = gdal.Open(out)
    assert (ds.RasterXSize, ds.RasterYSize, ds.RasterCount) == (5, 3, 2)
    assert ds.GetGeoTransform() == gt and UTM31.IsSame(osr.SpatialReference(wkt=ds.GetProjection()))
    assert ds.GetMetadata()["A"] == "b"
    for index in (1, 2):
        band = ds.GetRasterBand(index)
        assert band.DataType == gdal.GDT_Int16
        assert (band.GetNoDataValue(), band.GetScale(), band.GetOffset()) == (-9, 0.5, -3.0)
        assert band.GetDescription() == "NDVI"
    assert ds.GetRasterBand(1).GetBlockSize() == [16, 16]
    np.testing.assert_array_equal(ds.GetRasterBand(1).ReadAsArray(), np.full((3, 5), 4))
    expected = np.full((3, 5), -9, np.int16)  # unwritten pixels hold the nodata value
    expected[1:3, 1:3] = 6
    np.testing.assert_array_equal(ds.GetRasterBand(2).ReadAsArray(), expected)
    ds = None
    plain = str(tmp_path / "plain.tif")
    with RasterWriter(plain, GridInfo("t", 2, 2, gt, "", 1, None, (2, 2)), OutputSpec()) as writer:
        writer.commit()
        writer.finish()  # finishing twice is harmless
    ds = gdal.Open(plain)
    band = ds.GetRasterBand(1)
    assert ds.GetProjection() == "" and ds.RasterCount == 1
    assert (
        band.GetNoDataValue() is None and band.GetScale() in (None, 1.0) and band.GetOffset() in (None, 0.0)
    )
    assert band.GetDescription() == "" and "A" not in ds.GetMetadata()
    assert band.DataType == gdal.GDT_Float32


def test_raster_writer_write_errors_and_discard(tmp_path: Path) -> None:
    template = GridInfo("t.tif", 4, 4, (0.0, 1.0, 0.0, 0.0, 0.0, -1.0), "", gdal.GDT_Byte, None, (4, 4))
    out = tmp_path / "e.tif"
    out.write_bytes(b"previous")
    writing = RasterWriter(str(out), template, OutputSpec(dtype=gdal.GDT_Byte))
    with pytest.raises(ValueError, match="off edge"), writing as writer:  # refused by GDAL's numpy layer
        writer.write(Window(3, 3, 2, 2), np.zeros((2, 2), np.uint8))
    assert out.read_bytes() == b"previous"
    assert sorted(os.listdir(tmp_path)) == ["e.tif"]
    with RasterWriter(str(out), template, OutputSpec()) as writer:
        writer.discard()
        assert not writer.pending and writer.ds is None
    assert sorted(os.listdir(tmp_path)) == ["e.tif"]


def test_raster_writer_cannot_create(tmp_path: Path) -> None:
    template = GridInfo("t.tif", 4, 4, (0.0, 1.0, 0.0, 0.0, 0.0, -1.0), "", gdal.GDT_Byte, None, (4, 4))
    out = str(tmp_path / "x.tif")
    spec = OutputSpec(block=5)  # GeoTIFF tiles must be multiples of 16
    with pytest.raises(
        OutputPathError,
        match=f'^{re.escape(out)}: cannot create the output \\(.*Bad value 5 for "TileWidth" tag.*\\)$',
    ):
        RasterWriter(out, template, spec)
    assert os.listdir(tmp_path) == []
    gdal.UseExceptions()
    try:
        with pytest.raises(
            OutputPathError,
            match=f'^{re.escape(out)}: cannot create the output \\(.*Bad value 5 for "TileWidth" tag.*\\)$',
        ):
            RasterWriter(out, template, spec)
    finally:
        gdal.DontUseExceptions()
    assert os.listdir(tmp_path) == []


# --------------------------------------------------------------------------- buffers


def test_buffers_are_reused_and_resized() -> None:
    buffers = Buffers()
    a = buffers.get("a", (3, 4), np.float32)
    assert a.shape == (3, 4) and a.dtype == np.float32
    a[...] = 1
    b = buffers.get("a", (2, 5), np.float32)
    assert b.shape == (2, 5) and np.shares_memory(a, b)
    c = buffers.get("a", (4, 4), np.float32)  # larger: new memory
    assert c.shape == (4, 4) and not np.shares_memory(a, c)
    d = buffers.get("a", (4, 4), np.uint8)  # other type: new memory
    assert d.dtype == np.uint8 and not np.shares_memory(c, d)
    e = buffers.get("b", (4, 4), "uint8")
    assert not np.shares_memory(d, e) and e.dtype == np.uint8
    f = buffers.get("a", (4, 4), np.dtype(np.uint8))
    assert np.shares_memory(d, f)


def test_buffer_pool_hands_out_each_set_once() -> None:
    pool = BufferPool(2)
    first, second = pool.acquire(), pool.acquire()
    assert first is not second and isinstance(first, Buffers)
    assert pool._free.empty()
    pool.release(first)
    assert pool.acquire() is first
    assert [bw.in_flight(n) for n in (-1, 0, 1, 2, 5)] == [1, 1, 1, 2, 5]


# --------------------------------------------------------------------------- running


@pytest.mark.parametrize("workers", [0, 1, 2, 3])
def test_run_blocks_order_progress_and_bound(workers: int) -> None:
    windows = list(bw.iter_windows(10, 7, 3, 2))
    running, peak, lock = [0], [0], threading.Lock()
    threads: set[str] = set()

    def compute(window: Window) -> int:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
            threads.add(threading.current_thread().name)
        time.sleep(0.002)
        with lock:
            running[0] -= 1
        return window.xoff * 100 + window.yoff

    consumed: list[tuple[Window, int]] = []
    progress: list[float] = []
    bw.run_blocks(
        windows, compute, lambda w, r: consumed.append((w, r)), workers=workers, progress=progress.append
    )
    assert consumed == [(w, w.xoff * 100 + w.yoff) for w in windows]
    assert progress == [n / len(windows) for n in range(1, len(windows) + 1)]
    assert peak[0] <= max(workers, 1)
    if workers <= 1:
        assert threads == {threading.current_thread().name}
    else:
        assert all(name.startswith("terrascope-block") for name in threads)
    bw.run_blocks([], compute, lambda w, r: consumed.append((w, r)), workers=workers)
    assert len(consumed) == len(windows)
    consumed.clear()
    bw.run_blocks(
        windows[:1], compute, lambda w, r: consumed.append((w, r)), workers=workers
    )  # no progress callback
    assert consumed == [(windows[0], 0)]


@pytest.mark.parametrize("workers", [1, 2])
def test_run_blocks_cancel_and_errors(workers: int) -> None:
    windows = list(bw.iter_windows(40, 40, 4, 4))
    consumed: list[Window] = []
    asked = [0]

    def cancel() -> bool:
        asked[0] += 1
        return len(consumed) >= 3

    with pytest.raises(CancelledError, match="^cancelled by the user; no output was written$"):
        bw.run_blocks(
            windows, lambda w: w, lambda w, r: consumed.append(w), workers=workers, is_cancelled=cancel
        )
    assert consumed == windows[:3] and asked[0] == 4
    computed: list[Window] = []

    def failing(window: Window) -> Window:
        computed.append(window)
        if window == windows[1]:
            raise ZeroDivisionError("bad block")
        time.sleep(0.01)
        return window

    with pytest.raises(ZeroDivisionError):
        bw.run_blocks(windows, failing, lambda w, r: None, workers=workers)
    time.sleep(0.05)
    assert len(computed) <= 1 + max(workers, 1) + 1  # pending blocks are cancelled, not all run
    bw.run_blocks(
        windows[:1], lambda w: w, lambda w, r: consumed.append(w), workers=workers, is_cancelled=lambda: False
    )


def test_strip_rows_and_height() -> None:
    assert [bw.strip_rows(b) for b in (16, 255, 256, 257, 1024)] == [16, 255, 256, 256, 256]

    def height(natural: int, block: int) -> int:
        return bw.strip_height(GridInfo("g", 10, 10, (0, 1, 0, 0, 0, -1), "", 1, None, (10, natural)), block)

    assert height(1024, 256) == 1024  # 4 × block: the input's blocks
    assert height(512, 256) == 512
    assert height(2048, 256) == 256  # more than 4 ×
    assert height(384, 256) == 256  # not a multiple
    assert height(256, 256) == 256
    assert height(128, 256) == 256
    assert height(48, 16) == 48  # 3 ×
    assert height(64, 16) == 64


# --------------------------------------------------------------------------- atomic


def test_temporary_path_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = temporary_path(tmp_path / "out.tif")
    folder, name = os.path.split(first)
    assert folder == str(tmp_path)
    assert re.fullmatch(r"\.out\.tif\.[0-9a-f]{12}\.partial\.tif", name), name
    assert temporary_path(tmp_path / "out.tif") != first
    monkeypatch.chdir(tmp_path)
    assert os.path.dirname(temporary_path("rel.vrt")) == str(tmp_path)
    assert re.fullmatch(r"\.noext\.[0-9a-f]{12}\.partial", os.path.basename(temporary_path("noext")))
    assert atomic.PARTIAL_MARK == ".partial"


def test_atomic_output_commit_and_sidecars(tmp_path: Path) -> None:
    final = tmp_path / "o.tif"
    final.write_text("old")
    (tmp_path / "o.tif.aux.xml").write_text("old stats")
    (tmp_path / "o.tif.ovr").write_text("old overview")
    output = AtomicOutput(final, sidecars=[".aux.xml", ".ovr"])
    assert output.path == str(final) and output.sidecars == (".aux.xml", ".ovr") and output.pending
    Path(output.temp_path).write_text("new")
    Path(output.temp_path + ".aux.xml").write_text("new stats")
    output.commit()
    assert not output.pending
    assert final.read_text() == "new" and (tmp_path / "o.tif.aux.xml").read_text() == "new stats"
    assert not (tmp_path / "o.tif.ovr").exists()  # it described the previous output
    assert sorted(os.listdir(tmp_path)) == ["o.tif", "o.tif.aux.xml"]
    with pytest.raises(
        RuntimeError, match=f"^{re.escape(str(final))}: output already committed or discarded$"
    ):
        output.commit()
    discarded = AtomicOutput(final)
    discarded.discard()
    with pytest.raises(RuntimeError, match="already committed or discarded"):
        discarded.commit()


def test_atomic_output_failed_commit_and_discard(tmp_path: Path) -> None:
    final = tmp_path / "o.tif"
    final.write_text("old")
    output = AtomicOutput(final, sidecars=[".aux.xml"])
    Path(output.temp_path + ".aux.xml").write_text("stats")
    with pytest.raises(FileNotFoundError):
        output.commit()  # the temporary file was never written
    assert not output.pending
    assert sorted(os.listdir(tmp_path)) == ["o.tif"] and final.read_text() == "old"
    output = AtomicOutput(final, sidecars=[".aux.xml"])
    Path(output.temp_path).write_text("new")
    Path(output.temp_path + ".aux.xml").write_text("stats")
    output.discard()
    output.discard()  # twice is harmless
    assert sorted(os.listdir(tmp_path)) == ["o.tif"] and final.read_text() == "old"


def test_atomic_output_as_context_manager(tmp_path: Path) -> None:
    final = tmp_path / "c.txt"
    with AtomicOutput(final) as output:
        Path(output.temp_path).write_text("one")
    assert final.read_text() == "one" and not output.pending
    with pytest.raises(KeyError), AtomicOutput(final) as output:
        Path(output.temp_path).write_text("two")
        raise KeyError
    assert final.read_text() == "one" and os.listdir(tmp_path) == ["c.txt"]
    with AtomicOutput(final) as output:
        output.discard()  # already settled: the exit does nothing
    assert final.read_text() == "one" and os.listdir(tmp_path) == ["c.txt"]


def test_atomic_open_modes(tmp_path: Path) -> None:
    final = tmp_path / "b.bin"
    for mode in ("r", "a", "x", "r+"):
        with (
            pytest.raises(ValueError, match="^atomic_open writes new files: use a 'w' mode$"),
            atomic_open(final, mode),
        ):
            pass
    with atomic_open(final, "wb") as handle:
        handle.write(b"\x00\x01")
        assert handle.mode == "xb"
    assert final.read_bytes() == b"\x00\x01"
    with atomic_open(final) as handle:
        handle.write("text")
    assert final.read_text() == "text"


def test_write_text_atomically_keeps_newlines_and_encoding(tmp_path: Path) -> None:
    final = tmp_path / "t.csv"
    write_text_atomically(final, "a;é\r\nb\n")
    assert final.read_bytes() == "a;é\r\nb\n".encode()
    write_text_atomically(str(final), "é\n", encoding="latin-1")
    assert final.read_bytes() == b"\xe9\n"
    assert os.listdir(tmp_path) == ["t.csv"]


# --------------------------------------------------------------------------- boundaries


def test_tolerances_are_inclusive() -> None:
    """A difference of exactly the tolerance is accepted (``>``, not ``>=``): values chosen so
    the float arithmetic lands on the tolerance exactly."""
    factor = 15625  # 15625 + 1e-6 * 15625 divided by 1.0 minus 15625 is exactly 1e-6 * 15625
    off = factor + 1e-6 * factor
    fine = GridInfo("f.tif", 1, 1, (0.0, 1.0, 0.0, 0.0, 0.0, -1.0), "", 1, None, (1, 1))
    for gt in [(0.0, off, 0.0, 0.0, 0.0, -factor), (0.0, factor, 0.0, 0.0, 0.0, -off)]:
        assert bw.upsample_factor(fine, GridInfo("c.tif", 1, 1, gt, "", 1, None, (1, 1))) == factor
    tolerance = 1e-3 * 10.0
    fine = GridInfo("f.tif", 4, 4, (0.0, 10.0, 0.0, 0.0, 0.0, -10.0), "", 1, None, (4, 4))
    for gt in [(-tolerance, 20.0, 0.0, 0.0, 0.0, -20.0), (0.0, 20.0, 0.0, -tolerance, 0.0, -20.0)]:
        assert bw.upsample_factor(fine, GridInfo("c.tif", 2, 2, gt, "", 1, None, (2, 2))) == 2


@pytest.mark.parametrize("factor", [2, 4, 8])
def test_replicate_wide_coarse_into_bytes(factor: int) -> None:
    """A 2-byte coarse block into a 1-byte output takes the generic path (the byte trick would
    repeat each half of the 2-byte values)."""
    coarse = np.arange(1, 13, dtype=np.uint16).reshape(3, 4) * 20
    out = np.zeros((3 * factor, 4 * factor), np.uint8)
    bw._replicate_into(coarse, factor, out)
    np.testing.assert_array_equal(out, np.kron(coarse, np.ones((factor, factor), np.uint16)))


def test_strip_height_stops_at_four_blocks() -> None:
    def height(natural: int, block: int) -> int:
        return bw.strip_height(GridInfo("g", 10, 10, (0, 1, 0, 0, 0, -1), "", 1, None, (10, natural)), block)

    assert (height(80, 16), height(64, 16), height(1280, 256)) == (16, 64, 256)


def test_discard_and_commit_leave_pending_false(tmp_path: Path) -> None:
    output = AtomicOutput(tmp_path / "p.txt")
    output.discard()
    assert output.pending is False
    output = AtomicOutput(tmp_path / "p.txt")
    Path(output.temp_path).write_text("x")
    output.commit()
    assert output.pending is False


def test_check_output_path_refuses_a_folder_the_user_cannot_write() -> None:
    """As an unprivileged user (root ignores permissions), in a child process."""
    folder = tempfile.mkdtemp(dir="/tmp")  # /tmp is traversable by everyone, pytest's tmp_path is not
    try:
        out = os.path.join(folder, "x.tif")
        bw.check_output_path(out)  # in this process too, so that mutmut runs this test for it
        os.chmod(folder, 0o555)
        code = (
            "import os, sys; os.setgid(65534); os.setuid(65534)\n"
            "from plugin.core.raster.blockwise import OutputPathError, check_output_path\n"
            "try:\n    check_output_path(sys.argv[1])\nexcept OutputPathError as exc:\n    print(exc)\n"
        )
        if os.geteuid() != 0:
            pytest.skip("needs root to drop privileges")
        done = subprocess.run(
            [sys.executable, "-c", code, out], capture_output=True, text=True, cwd=Path(__file__).parents[2]
        )
        assert done.stdout.strip() == f"{out}: the folder {folder} is not writable", done.stderr
    finally:
        os.chmod(folder, 0o755)
        os.rmdir(folder)
