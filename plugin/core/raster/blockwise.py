"""Block-wise raster I/O: windows, grid checks, safe outputs and a small parallel block runner.

Pure numpy + GDAL (no Qt, no QGIS) so that the Processing algorithms and Spark jobs share it.

Threading model: GDAL dataset handles are not thread-safe, so every worker thread opens its
own read-only handle per input (``ThreadLocalDatasets``); GDAL and numpy release the GIL while
decoding and computing, so two workers keep two cores busy. Results are written in window
order by the calling thread only, through one writable handle, and the number of blocks in
flight is bounded so memory stays bounded whatever the raster size.

GDAL errors: this module works whether or not ``gdal.UseExceptions()`` is on, and does not turn
it on (the flag is process-wide: inside QGIS it would change every other plugin's GDAL calls).
A failed GDAL call becomes a :class:`RasterError` in both modes (``_gdal_errors``), using GDAL's
per-thread last-error state, so worker threads do not interfere.
"""

from __future__ import annotations

import contextlib
import math
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from osgeo import gdal, osr

from ..atomic import AtomicOutput
from .geotiff import dataset_wkt

#: Output tiles, and the default block edge for full-width strips.
DEFAULT_BLOCK = 512
#: Two workers: the target VMs are small and QGIS itself keeps running.
DEFAULT_WORKERS = 2
#: Rows per strip of uncompressed strip-layout outputs: small strips keep random access cheap
#: for viewers, and every full-width window write covers whole strips (no read-modify-write).
STRIP_ROWS = 16
#: DEFLATE level of compressed outputs. With the predictor (and libdeflate in GDAL >= 3.4)
#: level 1 gives files within a few % of level 6 at about half the time.
DEFLATE_LEVEL = 1
#: Archive roots that are never written to.
PROTECTED_ROOTS: tuple[str, ...] = ("/data/MTDA",)

ProgressCallback = Callable[[float], None]  # fraction 0..1
CancelCallback = Callable[[], bool]


class RasterError(Exception):
    """Bad input or output for a raster operation; the message says what to do."""


class GridMismatchError(RasterError):
    """Two rasters that must share a grid do not."""


class OutputPathError(RasterError):
    """The output path is not allowed or not writable."""


class CancelledError(RasterError):
    """The caller asked to stop; no output was left behind."""


@dataclass(frozen=True)
class Window:
    xoff: int
    yoff: int
    xsize: int
    ysize: int

    @property
    def shape(self) -> tuple[int, int]:
        return (self.ysize, self.xsize)


def iter_windows(width: int, height: int, block_x: int, block_y: int) -> Iterator[Window]:
    """Row-major windows covering the raster; the last row/column of windows may be smaller."""
    if width <= 0 or height <= 0 or block_x <= 0 or block_y <= 0:
        raise ValueError("raster and block sizes must be positive")
    for yoff in range(0, height, block_y):
        ysize = min(block_y, height - yoff)
        for xoff in range(0, width, block_x):
            yield Window(xoff, yoff, min(block_x, width - xoff), ysize)


def window_count(width: int, height: int, block_x: int, block_y: int) -> int:
    return math.ceil(width / block_x) * math.ceil(height / block_y)


# --------------------------------------------------------------------------- GDAL errors


@contextlib.contextmanager
def _gdal_errors(what: str) -> Iterator[None]:
    """Raise RasterError naming ``what`` when a GDAL call inside fails, in either exception mode:
    with exceptions on GDAL raises RuntimeError; with them off it records a failure in its
    per-thread error state, which is reset here first."""
    gdal.ErrorReset()
    try:
        yield
    except RuntimeError as exc:
        raise RasterError(f"{what}: {exc}") from None
    if gdal.GetLastErrorType() >= gdal.CE_Failure:
        raise RasterError(f"{what}: {gdal.GetLastErrorMsg()}")


def _last_error(default: str) -> str:
    return gdal.GetLastErrorMsg() or default


# --------------------------------------------------------------------------- opening


def open_raster(path: str) -> gdal.Dataset:
    """Open read-only with a clear error when the file is not a raster GDAL can read."""
    if not path.startswith("/vsi") and not os.path.exists(path):  # /vsicurl/: GDAL says (STAC in)
        raise RasterError(f"{path}: file not found")
    gdal.ErrorReset()
    try:
        ds = gdal.OpenEx(path, gdal.OF_RASTER | gdal.OF_READONLY)
    except RuntimeError as exc:
        raise RasterError(f"{path}: not a raster GDAL can read ({exc})") from None
    if ds is None:
        raise RasterError(f"{path}: not a raster GDAL can read ({_last_error('unknown format')})")
    if ds.RasterCount < 1:
        raise RasterError(f"{path}: not a raster GDAL can read (no raster band)")
    return ds


@dataclass(frozen=True)
class GridInfo:
    path: str
    width: int
    height: int
    geotransform: tuple[float, ...]
    wkt: str
    dtype: int  # GDAL data type of band 1
    nodata: float | None
    block: tuple[int, int]  # (x, y) natural block size of band 1

    @property
    def pixel_size(self) -> tuple[float, float]:
        return (self.geotransform[1], self.geotransform[5])


def grid_info(path: str) -> GridInfo:
    ds = open_raster(path)
    band = ds.GetRasterBand(1)
    block = band.GetBlockSize()
    return GridInfo(
        path=path,
        width=ds.RasterXSize,
        height=ds.RasterYSize,
        geotransform=tuple(ds.GetGeoTransform()),
        wkt=dataset_wkt(ds, path),
        dtype=band.DataType,
        nodata=band.GetNoDataValue(),
        block=(int(block[0]), int(block[1])),
    )


def _same_crs(wkt_a: str, wkt_b: str) -> bool:
    if not wkt_a or not wkt_b:
        return True  # an unreferenced raster cannot be checked; the geotransform still is
    a, b = osr.SpatialReference(), osr.SpatialReference()
    a.ImportFromWkt(wkt_a)
    b.ImportFromWkt(wkt_b)
    return bool(a.IsSame(b))


def upsample_factor(fine: GridInfo, coarse: GridInfo) -> int:
    """Integer factor k such that each coarse pixel covers k×k fine pixels on the same grid.

    Raises GridMismatchError when the rasters are not rotated-free, do not share a CRS and
    origin, or the pixel size ratio is not a positive integer, or the coarse raster does not
    cover the fine one.
    """
    what = f"{os.path.basename(fine.path)} and {os.path.basename(coarse.path)}"
    fgt, cgt = fine.geotransform, coarse.geotransform
    if fgt[2] or fgt[4] or cgt[2] or cgt[4]:
        raise GridMismatchError(f"{what}: rotated rasters are not supported")
    if not _same_crs(fine.wkt, coarse.wkt):
        raise GridMismatchError(f"{what} are in different coordinate systems; reproject one first")
    ratio_x = cgt[1] / fgt[1]
    ratio_y = cgt[5] / fgt[5]
    factor = round(ratio_x)
    if factor < 1 or abs(ratio_x - factor) > 1e-6 * factor or abs(ratio_y - factor) > 1e-6 * factor:
        raise GridMismatchError(
            f"{what} do not share a grid: pixel sizes {fgt[1]:g}×{abs(fgt[5]):g} and "
            f"{cgt[1]:g}×{abs(cgt[5]):g} are not an integer multiple (the mask must be as fine as or "
            "an exact multiple of the data pixel size)"
        )
    tolerance = 1e-3 * abs(fgt[1])
    if abs(fgt[0] - cgt[0]) > tolerance or abs(fgt[3] - cgt[3]) > tolerance:
        raise GridMismatchError(
            f"{what} do not share a grid: origins ({fgt[0]:.3f}, {fgt[3]:.3f}) and "
            f"({cgt[0]:.3f}, {cgt[3]:.3f}) differ; use the mask of the same tile"
        )
    if coarse.width * factor < fine.width or coarse.height * factor < fine.height:
        raise GridMismatchError(f"{what}: the mask does not cover the whole data raster")
    return factor


def check_same_grid(a: GridInfo, b: GridInfo) -> None:
    if upsample_factor(a, b) != 1 or (a.width, a.height) != (b.width, b.height):
        raise GridMismatchError(
            f"{os.path.basename(a.path)} ({a.width}×{a.height}) and {os.path.basename(b.path)} "
            f"({b.width}×{b.height}) do not share the same grid"
        )


def coarse_window(window: Window, factor: int) -> Window:
    """Window of the coarse raster that covers ``window`` of the fine raster."""
    x0, y0 = window.xoff // factor, window.yoff // factor
    x1 = (window.xoff + window.xsize - 1) // factor + 1
    y1 = (window.yoff + window.ysize - 1) // factor + 1
    return Window(x0, y0, x1 - x0, y1 - y0)


def upsample_nearest(
    coarse: np.ndarray, window: Window, factor: int, out: np.ndarray | None = None
) -> np.ndarray:
    """Nearest-neighbour upsampling of the block read with ``coarse_window(window, factor)``.

    When the window is aligned on the coarse grid (the usual case) the result is written into
    ``out`` (shape ``window.shape``) by a broadcast copy, without temporaries.
    """
    if factor == 1:
        return coarse
    rows, cols = coarse.shape
    aligned = window.yoff % factor == 0 and window.xoff % factor == 0
    if out is not None and aligned and window.shape == (rows * factor, cols * factor):
        _replicate_into(coarse, factor, out)
        return out
    full = np.repeat(np.repeat(coarse, factor, axis=0), factor, axis=1)
    dy = window.yoff - (window.yoff // factor) * factor
    dx = window.xoff - (window.xoff // factor) * factor
    return full[dy : dy + window.ysize, dx : dx + window.xsize]


#: For 1-byte pixels, multiplying by 0x0101... in a wider integer repeats each byte
#: ``factor`` times: a horizontal nearest-neighbour upsampling in one vectorised pass.
_BYTE_REPEAT = {2: (np.uint16, 0x0101), 4: (np.uint32, 0x01010101), 8: (np.uint64, 0x0101010101010101)}


def _replicate_into(coarse: np.ndarray, factor: int, out: np.ndarray) -> None:
    """``out`` (C-contiguous, shape ``coarse.shape * factor``) = each coarse pixel as a
    factor×factor square. The byte trick is ~40× faster than a 4-D broadcast copy, whose
    innermost axis of length ``factor`` defeats numpy's contiguous copy loops."""
    rows, cols = coarse.shape
    repeat = _BYTE_REPEAT.get(factor)
    if repeat is None or coarse.dtype.itemsize != 1 or out.dtype.itemsize != 1 or not out.flags.c_contiguous:
        out.reshape(rows, factor, cols, factor)[...] = coarse[:, None, :, None]
        return
    wide_type, pattern = repeat
    wide = np.multiply(np.ascontiguousarray(coarse).view(np.uint8), wide_type(pattern), dtype=wide_type)
    row_of_bytes = wide.view(np.uint8)  # (rows, cols * factor): each byte repeated
    target = out.view(np.uint8).reshape(rows, factor, cols * factor)
    for copy in range(factor):
        target[:, copy, :] = row_of_bytes


# --------------------------------------------------------------------------- reading


class ThreadLocalDatasets:
    """One read-only GDAL handle per (thread, path); all closed by ``close()``."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[gdal.Dataset] = []

    def get(self, path: str) -> gdal.Dataset:
        handles: dict[str, gdal.Dataset] | None = getattr(self._local, "handles", None)
        if handles is None:
            handles = self._local.handles = {}
        ds = handles.get(path)
        if ds is None:
            ds = handles[path] = open_raster(path)
            with self._lock:
                self._all.append(ds)
        return ds

    def read(
        self, path: str, window: Window, out: np.ndarray | None = None, band: int = 1, release: bool = True
    ) -> np.ndarray:
        """Read a window; ``release`` drops the decoded blocks from the GDAL cache afterwards
        (windows are read once), which keeps memory flat on large rasters."""
        raster_band = self.get(path).GetRasterBand(band)
        with _gdal_errors(f"{path}: cannot read band {band} at {window}"):
            data = raster_band.ReadAsArray(window.xoff, window.yoff, window.xsize, window.ysize, buf_obj=out)
        if data is None:  # exceptions off and no error recorded: still a failed read
            raise RasterError(f"{path}: cannot read band {band} at {window}")
        if release:
            raster_band.FlushCache()
        return data

    def close(self) -> None:
        with self._lock:
            self._all.clear()  # dropping the last references closes the handles
        self._local = threading.local()


# --------------------------------------------------------------------------- writing


GDAL_TO_NUMPY = {
    gdal.GDT_Byte: np.uint8,
    gdal.GDT_UInt16: np.uint16,
    gdal.GDT_Int16: np.int16,
    gdal.GDT_UInt32: np.uint32,
    gdal.GDT_Int32: np.int32,
    gdal.GDT_Float32: np.float32,
    gdal.GDT_Float64: np.float64,
}


def numpy_dtype(gdal_type: int) -> np.dtype:
    try:
        return np.dtype(GDAL_TO_NUMPY[gdal_type])
    except KeyError:
        raise RasterError(f"unsupported raster data type {gdal.GetDataTypeName(gdal_type)}") from None


@dataclass(frozen=True)
class OutputSpec:
    """How an output GeoTIFF is created."""

    dtype: int = gdal.GDT_Float32
    nodata: float | None = None
    compress: bool = False
    block: int = DEFAULT_BLOCK
    scale: float | None = None
    offset: float | None = None
    description: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    #: The output is written in full-width strips (windows from ``iter_windows`` with the
    #: raster width): uncompressed outputs then use a strip layout, which GDAL writes straight
    #: to the file without going through its block cache (about twice as fast as tiles).
    full_width_writes: bool = False
    #: TIFF predictor of compressed outputs; None: floating point (3) for floats, horizontal
    #: differencing (2) for integers. Floats that take few distinct values (a DN -> PV lookup
    #: table) compress to half the size, twice as fast, with 2: the floating-point predictor
    #: scatters their repeated byte patterns.
    predictor: int | None = None

    def creation_options(self) -> list[str]:
        if self.full_width_writes and not self.compress:
            return ["TILED=NO", f"BLOCKYSIZE={STRIP_ROWS}", "BIGTIFF=IF_SAFER"]
        options = ["TILED=YES", f"BLOCKXSIZE={self.block}", f"BLOCKYSIZE={self.block}", "BIGTIFF=IF_SAFER"]
        if self.compress:
            floating = self.dtype in (gdal.GDT_Float32, gdal.GDT_Float64)
            predictor = self.predictor or (3 if floating else 2)
            options += [
                "COMPRESS=DEFLATE",
                f"PREDICTOR={predictor}",
                f"ZLEVEL={DEFLATE_LEVEL}",
                "NUM_THREADS=ALL_CPUS",
            ]
        return options


def _is_within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([os.path.realpath(path), os.path.realpath(root)]) == os.path.realpath(root)
    except ValueError:
        return False


def check_output_path(
    path: str, inputs: Sequence[str] = (), protected_roots: Sequence[str] = PROTECTED_ROOTS
) -> None:
    """Refuse outputs in the archive, over an input, or in a folder that is not writable."""
    if not path:
        raise OutputPathError("no output file given")
    real = os.path.realpath(path)
    for root in protected_roots:
        if _is_within(real, root):
            raise OutputPathError(
                f"{path}: the archive under {root} is read-only; write the output to your own folder "
                "(e.g. /data/users/Private/<user>) or a temporary file"
            )
    for source in inputs:
        if source and os.path.exists(source) and os.path.realpath(source) == real:
            raise OutputPathError(f"{path}: the output would overwrite an input; choose another file name")
    folder = os.path.dirname(real) or "."
    if not os.path.isdir(folder):
        raise OutputPathError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputPathError(f"{path}: the folder {folder} is not writable")
    if not path.lower().endswith((".tif", ".tiff")):
        raise OutputPathError(f"{path}: outputs are GeoTIFF files; use a .tif extension")


class RasterWriter:
    """A GeoTIFF written under a hidden temporary name in the target folder (``core.atomic``),
    given its final name by ``commit()``.

    Until then the final path keeps the previous output, or nothing. ``discard()`` (also called
    on any exception inside ``with``, cancellation included) removes the temporary file, so a
    cancelled or failed run leaves the previous output intact and nothing else behind.
    ``finish()`` then ``publish()`` split ``commit()`` for writers of several files, which close
    every file before renaming any.
    """

    def __init__(self, path: str, template: GridInfo, spec: OutputSpec, bands: int = 1) -> None:
        self.path = path
        self._output = AtomicOutput(path, sidecars=(".aux.xml",))
        self.temp_path = self._output.temp_path
        self.spec = spec
        driver = gdal.GetDriverByName("GTiff")
        gdal.ErrorReset()
        try:
            self.ds = driver.Create(
                self.temp_path,
                template.width,
                template.height,
                bands,
                spec.dtype,
                options=spec.creation_options(),
            )
        except RuntimeError as exc:
            self.ds = None
            failure = str(exc)
        else:
            failure = "" if self.ds is not None else _last_error("GDAL created no file")
        if self.ds is None:
            self._output.discard()
            raise OutputPathError(f"{path}: cannot create the output ({failure})")
        self.ds.SetGeoTransform(template.geotransform)
        if template.wkt:
            self.ds.SetProjection(template.wkt)
        for index in range(1, bands + 1):
            band = self.ds.GetRasterBand(index)
            if spec.nodata is not None:
                band.SetNoDataValue(spec.nodata)
            if spec.scale is not None:
                band.SetScale(spec.scale)
            if spec.offset is not None:
                band.SetOffset(spec.offset)
            if spec.description:
                band.SetDescription(spec.description)
        if spec.metadata:
            self.ds.SetMetadata(dict(spec.metadata))

    @property
    def pending(self) -> bool:
        """Neither committed nor discarded yet."""
        return self._output.pending

    def write(self, window: Window, data: np.ndarray, band: int = 1) -> None:
        with _gdal_errors(f"{self.path}: cannot write band {band} at {window}"):
            self.ds.GetRasterBand(band).WriteArray(data, window.xoff, window.yoff)

    def flush(self) -> None:
        """Write dirty blocks and free them: keeps the GDAL cache from holding the whole output."""
        with _gdal_errors(f"{self.path}: cannot write the output"):
            self.ds.FlushCache()

    def finish(self) -> None:
        """Close the temporary file; a failed close (disk full) discards it."""
        ds, self.ds = self.ds, None
        if ds is None:
            return
        try:
            with _gdal_errors(f"{self.path}: cannot complete the output"):
                ds.FlushCache()
                ds = None  # noqa: F841 (closing the dataset completes the file)
        except RasterError:
            ds = None
            self.discard()
            raise

    def publish(self) -> None:
        """Give the closed file its final name (with its ``.aux.xml``, or without a stale one)."""
        self._output.commit()

    def commit(self) -> None:
        self.finish()
        self.publish()

    def discard(self) -> None:
        self.ds = None
        self._output.discard()

    def __enter__(self) -> RasterWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self.pending:
            self.discard()


# --------------------------------------------------------------------------- buffers


class Buffers:
    """Named scratch arrays reused from block to block (no allocator churn across threads)."""

    def __init__(self) -> None:
        self._flat: dict[str, np.ndarray] = {}

    def get(self, name: str, shape: tuple[int, ...], dtype: np.dtype | type) -> np.ndarray:
        size = int(np.prod(shape))
        dtype = np.dtype(dtype)
        flat = self._flat.get(name)
        if flat is None or flat.dtype != dtype or flat.size < size:
            flat = self._flat[name] = np.empty(size, dtype=dtype)
        return flat[:size].reshape(shape)


class BufferPool:
    """``workers + 1`` buffer sets: one per block in flight (see ``run_blocks``)."""

    def __init__(self, count: int) -> None:
        self._free: queue.SimpleQueue[Buffers] = queue.SimpleQueue()
        for _ in range(count):
            self._free.put(Buffers())

    def acquire(self) -> Buffers:
        return self._free.get()

    def release(self, buffers: Buffers) -> None:
        self._free.put(buffers)


def in_flight(workers: int) -> int:
    """Blocks in flight in ``run_blocks``: one per worker. Writing a block takes a fraction of
    the time computing one does, so a spare slot would cost memory and gain little."""
    return max(workers, 1)


# --------------------------------------------------------------------------- running


def run_blocks(
    windows: Sequence[Window],
    compute: Callable[[Window], Any],
    consume: Callable[[Window, Any], None],
    *,
    workers: int = DEFAULT_WORKERS,
    is_cancelled: CancelCallback | None = None,
    progress: ProgressCallback | None = None,
) -> None:
    """Run ``compute`` on worker threads and ``consume`` its results in window order here.

    At most ``in_flight(workers)`` blocks are in flight, so memory is bounded by the block size.
    Cancellation is checked once per block; it raises CancelledError after the pending
    blocks are dropped.
    """
    total = len(windows)
    if total == 0:
        return
    if workers <= 1:
        for done, window in enumerate(windows, 1):
            _check_cancel(is_cancelled)
            consume(window, compute(window))
            if progress:
                progress(done / total)
        return
    pending: deque[tuple[Window, Future]] = deque()
    queue = iter(windows)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="terrascope-block") as pool:
        try:
            for window in queue:
                pending.append((window, pool.submit(compute, window)))
                if len(pending) >= in_flight(workers):
                    break
            done = 0
            while pending:
                _check_cancel(is_cancelled)
                window, future = pending.popleft()
                result = future.result()
                next_window = next(queue, None)
                if next_window is not None:
                    pending.append((next_window, pool.submit(compute, next_window)))
                consume(window, result)
                done += 1
                if progress:
                    progress(done / total)
        finally:
            for _, future in pending:
                future.cancel()


def _check_cancel(is_cancelled: CancelCallback | None) -> None:
    if is_cancelled is not None and is_cancelled():
        raise CancelledError("cancelled by the user; no output was written")


#: Rows of the full-width windows of per-pixel kernels (and tile edge of their compressed
#: outputs, so every flushed tile is complete): a 10980-wide strip of 256 rows is 2.8 M
#: pixels, large enough that per-block overhead is negligible; 512 rows doubles memory for
#: no measurable speed.
FULL_WIDTH_ROWS = 256


def strip_rows(block: int) -> int:
    """Rows of full-width windows for a requested block edge."""
    return min(block, FULL_WIDTH_ROWS)


def strip_height(grid: GridInfo, block: int) -> int:
    """Strip height for full-width windows: a multiple of the output tile height, and of the
    input's own block height when that is larger, so no input block is decoded twice."""
    natural = grid.block[1]
    if block < natural <= 4 * block and natural % block == 0:
        return natural
    return block
