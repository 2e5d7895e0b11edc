"""Every core writer publishes whole files only: watched while it writes, cancelled, failed.

For each writer (block-wise rasters: physical values, SCL mask, temporal composite; VRTs;
the HTML report; the atomic helper itself) a first run makes a "previous" output, then a
second run over other inputs is watched (``tests/atomic_watch.py``: inotify, a polling reader
and checks from the run's own progress callback) and must:
- leave the final path holding the previous complete file, or nothing, while it writes;
- on cancel or failure, leave the previous file intact and no temporary file behind;
- on success, replace the file whole, by a rename (its new content checked against numpy).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

from plugin.core.atomic import atomic_open, write_text_atomically
from plugin.core.raster import vrt
from plugin.core.raster.blockwise import CancelledError, RasterError
from plugin.core.raster.kernels import (
    RunOptions,
    SeriesItem,
    mask_raster,
    physical_values,
    resolve_scaling,
)
from plugin.core.raster.report import write_report
from plugin.core.raster.series import temporal_composite
from tests.atomic_watch import OutputWatch, digest, leftovers, write_band
from tests.atomic_watch import read_band as read

WIDTH, HEIGHT = 37, 16 * 12  # twelve 16-row strips: the progress callback runs mid-file
BLOCK = 16
SCALE, OFFSET = 0.5, 1.0
PHASES = ("first", "second")


def write_tif(path: Path, data: np.ndarray, pixel: float = 10.0) -> str:
    types = {np.dtype(np.uint8): gdal.GDT_Byte, np.dtype(np.float32): gdal.GDT_Float32}
    tiling = ["TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16"]
    return write_band(path, data, types[data.dtype], pixel=pixel, nodata=255, options=tiling)


# --------------------------------------------------------------------------- raster writers


@dataclass
class Inputs:
    """Two input sets (the "first" and the "second" run) in ``inputs/``; outputs in ``out/``."""

    dn: dict[str, list[np.ndarray]]
    paths: dict[str, list[str]]
    scl: str
    scl_data: np.ndarray
    out: Path


@pytest.fixture
def inputs(tmp_path: Path) -> Inputs:
    rng = np.random.default_rng(12)
    folder = tmp_path / "inputs"
    folder.mkdir()
    dn: dict[str, list[np.ndarray]] = {}
    paths: dict[str, list[str]] = {}
    for phase in PHASES:
        dn[phase] = [rng.integers(0, 250, size=(HEIGHT, WIDTH), dtype=np.uint8) for _ in range(3)]
        if phase == "second":
            dn[phase][1][::7, ::5] = 255  # nodata in one date: the count changes too
        paths[phase] = [
            write_tif(folder / f"{phase}_{index}.tif", data) for index, data in enumerate(dn[phase])
        ]
    scl_data = rng.integers(0, 12, size=((HEIGHT + 1) // 2, (WIDTH + 1) // 2), dtype=np.uint8)
    scl = write_tif(folder / "scl_20m.tif", scl_data, pixel=20.0)
    out = tmp_path / "out"
    out.mkdir()
    return Inputs(dn, paths, scl, scl_data, out)


def _physical(data: np.ndarray) -> np.ndarray:
    return (data.astype(np.float64) * SCALE + OFFSET).astype(np.float32)


def _masked(inputs: Inputs) -> np.ndarray:
    """The 20 m SCL repeated 2×2 over the 10 m grid, in the mask {3, 8, 9}."""
    scl = np.kron(inputs.scl_data, np.ones((2, 2), np.uint8))[:HEIGHT, :WIDTH]
    return np.isin(scl, [3, 8, 9])


def run_physical(inputs: Inputs, phase: str, options: RunOptions) -> dict[str, np.ndarray]:
    source = inputs.paths[phase][0]
    out = str(inputs.out / "pv.tif")
    physical_values(source, out, resolve_scaling(source, scale=SCALE, offset=OFFSET), options=options)
    return {out: _physical(inputs.dn[phase][0])}


def run_mask(inputs: Inputs, phase: str, options: RunOptions) -> dict[str, np.ndarray]:
    out = str(inputs.out / "masked.tif")
    mask_raster(inputs.paths[phase][0], out, inputs.scl, mask_classes=[3, 8, 9], options=options)
    expected = inputs.dn[phase][0].copy()
    expected[_masked(inputs)] = 255
    return {out: expected}


def run_composite(inputs: Inputs, phase: str, options: RunOptions) -> dict[str, np.ndarray]:
    items = [
        SeriesItem(path, resolve_scaling(path, scale=SCALE, offset=OFFSET)) for path in inputs.paths[phase]
    ]
    outputs = {"mean": str(inputs.out / "mean.tif"), "count": str(inputs.out / "count.tif")}
    temporal_composite(items, outputs, tile=BLOCK, options=options)
    stack = np.stack([_physical(data) for data in inputs.dn[phase]])
    stack[np.stack(inputs.dn[phase]) == 255] = np.nan
    return {outputs["mean"]: np.nanmean(stack, axis=0), outputs["count"]: (~np.isnan(stack)).sum(axis=0)}


RASTER_WRITERS: dict[str, Callable[[Inputs, str, RunOptions], dict[str, np.ndarray]]] = {
    "physical_values": run_physical,
    "mask_raster": run_mask,
    "temporal_composite": run_composite,
}


def _outputs(inputs: Inputs, writer: str) -> list[str]:
    """The final paths a writer's run publishes."""
    names = {"physical_values": ["pv.tif"], "mask_raster": ["masked.tif"]}
    return [str(inputs.out / name) for name in names.get(writer, ["mean.tif", "count.tif"])]


def _check_content(expected: dict[str, np.ndarray]) -> None:
    for path, values in expected.items():
        np.testing.assert_allclose(read(path), values, rtol=1e-6, err_msg=path)


@pytest.mark.parametrize("previous", [True, False], ids=["over-previous", "first-output"])
@pytest.mark.parametrize("writer", RASTER_WRITERS)
def test_raster_writer_publishes_whole_files(inputs: Inputs, writer: str, previous: bool) -> None:
    run = RASTER_WRITERS[writer]
    if previous:
        _check_content(run(inputs, "first", RunOptions(block=BLOCK)))
    with OutputWatch(_outputs(inputs, writer)) as watch:
        progress = []

        def on_progress(fraction: float) -> None:
            progress.append(fraction)
            watch.check_now()

        expected = run(inputs, "second", RunOptions(block=BLOCK, progress=on_progress))
    assert len(progress) >= 12 and progress[-1] == 1.0
    assert watch.mid_run_checks == len(progress)
    watch.assert_atomic(completed=True)
    _check_content(expected)
    assert leftovers(inputs.out, [os.path.basename(p) for p in expected]) == []


@pytest.mark.parametrize("how", ["cancelled", "failing"])
@pytest.mark.parametrize("writer", RASTER_WRITERS)
def test_cancelled_or_failing_raster_run_keeps_the_previous_output(
    inputs: Inputs, writer: str, how: str
) -> None:
    run = RASTER_WRITERS[writer]
    first = run(inputs, "first", RunOptions(block=BLOCK))
    stop = False

    def on_progress(fraction: float) -> None:
        nonlocal stop
        watch.check_now()
        if fraction >= 0.5:
            if how == "failing":
                raise OSError(28, "No space left on device")  # what a full disk raises mid-run
            stop = True

    with OutputWatch(list(first)) as watch:
        error = CancelledError if how == "cancelled" else OSError
        with pytest.raises(error):
            run(inputs, "second", RunOptions(block=BLOCK, progress=on_progress, is_cancelled=lambda: stop))
    assert watch.mid_run_checks >= 6
    watch.assert_atomic(completed=False)
    _check_content(first)
    assert leftovers(inputs.out, [os.path.basename(p) for p in first]) == []


def test_unreadable_input_mid_run_keeps_the_previous_output(inputs: Inputs, tmp_path: Path) -> None:
    """A real failure inside GDAL: the input's last tiles are cut off the file."""
    first = run_physical(inputs, "first", RunOptions(block=BLOCK))
    broken = tmp_path / "inputs" / "truncated.tif"
    data = Path(inputs.paths["second"][0]).read_bytes()
    ds = gdal.Open(inputs.paths["second"][0])
    last_tile = int(ds.GetRasterBand(1).GetMetadataItem("BLOCK_OFFSET_0_11", "TIFF"))
    ds = None
    broken.write_bytes(data[:last_tile])
    inputs.paths["second"][0] = str(broken)
    with OutputWatch(list(first)) as watch, pytest.raises(RasterError, match="truncated.tif"):
        run_physical(inputs, "second", RunOptions(block=BLOCK, progress=lambda _: watch.check_now()))
    assert watch.mid_run_checks >= 6
    watch.assert_atomic(completed=False)
    _check_content(first)
    assert leftovers(inputs.out, ["pv.tif"]) == []


def test_stale_statistics_of_the_previous_output_are_dropped(inputs: Inputs) -> None:
    first = run_physical(inputs, "first", RunOptions(block=BLOCK))
    (path,) = first
    Path(path + ".aux.xml").write_text(
        "<PAMDataset><Metadata><MDI key='STATISTICS_MEAN'>1</MDI></Metadata></PAMDataset>"
    )
    expected = run_physical(inputs, "second", RunOptions(block=BLOCK))
    _check_content(expected)
    assert leftovers(inputs.out, ["pv.tif"]) == []


# --------------------------------------------------------------------------- VRTs


@pytest.mark.parametrize("previous", [True, False], ids=["over-previous", "first-output"])
def test_composite_vrt_publishes_whole_files(inputs: Inputs, previous: bool) -> None:
    out = str(inputs.out / "stack.vrt")
    if previous:
        vrt.composite_vrt(inputs.paths["first"], out)
    with OutputWatch([out]) as watch:
        vrt.composite_vrt(inputs.paths["second"][::-1], out)
    watch.assert_atomic(completed=True)
    ds = gdal.Open(out)
    for band, data in enumerate(inputs.dn["second"][::-1], 1):
        np.testing.assert_array_equal(ds.GetRasterBand(band).ReadAsArray(), data)
    ds = None
    assert leftovers(inputs.out, ["stack.vrt"]) == []


def test_failing_composite_vrt_keeps_the_previous_file(inputs: Inputs, tmp_path: Path) -> None:
    out = str(inputs.out / "stack.vrt")
    vrt.composite_vrt(inputs.paths["first"], out)
    before = Path(out).read_bytes()
    not_a_raster = tmp_path / "inputs" / "notes.tif"
    not_a_raster.write_text("not a raster")
    with OutputWatch([out]) as watch, pytest.raises(vrt.VrtError, match="notes.tif"):
        vrt.composite_vrt([inputs.paths["second"][0], str(not_a_raster)], out)
    watch.assert_atomic(completed=False)
    assert Path(out).read_bytes() == before
    assert leftovers(inputs.out, ["stack.vrt"]) == []


@pytest.mark.skipif(not vrt.db_pixel_function_available(), reason="GDAL < 3.5 has no dB pixel function")
def test_db_vrt_publishes_whole_files_and_a_failure_keeps_the_previous(inputs: Inputs) -> None:
    out = str(inputs.out / "db.vrt")
    vrt.db_vrt(inputs.paths["first"][0], out)
    before = Path(out).read_bytes()
    with OutputWatch([out]) as watch, pytest.raises(vrt.VrtError, match="has no band 2"):
        vrt.db_vrt(inputs.paths["second"][0], out, band=2)
    watch.assert_atomic(completed=False)
    assert Path(out).read_bytes() == before
    with OutputWatch([out]) as watch:
        vrt.db_vrt(inputs.paths["second"][0], out)
    watch.assert_atomic(completed=True)
    ds = gdal.Open(out)
    values = ds.GetRasterBand(1).ReadAsArray()
    ds = None
    data = inputs.dn["second"][0].astype(np.float64)
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(values, 10 * np.log10(data), rtol=1e-5)
    assert leftovers(inputs.out, ["db.vrt"]) == []


# --------------------------------------------------------------------------- text outputs


def _page(marker: str, size: int = 300_000) -> str:
    """A page larger than the write buffers, so a writer flushes part of it before the end."""
    return f"<html><body><p>{marker}</p>" + "<p>row</p>\n" * (size // 11) + "</body></html>\n"


@pytest.mark.parametrize("writer", ["write_report", "write_text_atomically"])
def test_text_output_is_published_whole(tmp_path: Path, writer: str) -> None:
    write = {"write_report": write_report, "write_text_atomically": write_text_atomically}[writer]
    out = str(tmp_path / "report.html")
    write(out, _page("first"))
    with OutputWatch([out]) as watch:
        write(out, _page("second"))
    watch.assert_atomic(completed=True)
    assert Path(out).read_text(encoding="utf-8") == _page("second")
    assert leftovers(tmp_path, ["report.html"]) == []


@pytest.mark.parametrize("writer", ["write_report", "write_text_atomically"])
def test_text_output_failing_mid_write_keeps_the_previous(tmp_path: Path, writer: str) -> None:
    write = {"write_report": write_report, "write_text_atomically": write_text_atomically}[writer]
    out = str(tmp_path / "report.html")
    write(out, _page("first"))
    # A lone surrogate cannot be encoded: the failure comes after most of the page was written.
    with OutputWatch([out]) as watch, pytest.raises(UnicodeEncodeError):
        write(out, _page("second") + "\ud800")
    watch.assert_atomic(completed=False)
    assert Path(out).read_text(encoding="utf-8") == _page("first")
    assert leftovers(tmp_path, ["report.html"]) == []


def test_atomic_open_streams_rows_and_publishes_on_close(tmp_path: Path) -> None:
    out = str(tmp_path / "table.csv")
    with OutputWatch([out]) as watch, atomic_open(out, "w", encoding="utf-8", newline="") as handle:
        for row in range(20000):
            handle.write(f"{row},{row * row}\n")
        handle.flush()
        watch.check_now()  # flushed rows are on disk, under the temporary name only
    watch.assert_atomic(completed=True)
    assert Path(out).read_text(encoding="utf-8").splitlines()[-1] == "19999,399960001"
    with (
        OutputWatch([out]) as watch,
        pytest.raises(KeyboardInterrupt),
        atomic_open(out, "w", encoding="utf-8") as handle,
    ):
        handle.write("partial," * 10000)
        handle.flush()
        raise KeyboardInterrupt  # the user stops the process mid-write
    watch.assert_atomic(completed=False)
    assert leftovers(tmp_path, ["table.csv"]) == []


def test_temporary_file_keeps_folder_extension_and_permissions(tmp_path: Path) -> None:
    """Same folder (the rename must not cross file systems), same extension (GDAL picks the
    driver by it), and the permissions a plain open() gives (the umask), not mkstemp's 0600."""
    out = tmp_path / "report.html"
    names = []

    with atomic_open(out, "w") as handle:
        names.append(handle.name)
        handle.write("x")
    (temp,) = names
    assert os.path.dirname(temp) == str(tmp_path)
    assert os.path.basename(temp).startswith(".report.html.") and temp.endswith(".partial.html")
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(out).st_mode & 0o777 == 0o666 & ~umask
    assert digest(out) is not None
