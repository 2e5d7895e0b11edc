"""What point and polygon profiles share: statuses, raster headers, coordinate systems, acquisitions.

Pure numpy + GDAL/OSR (no Qt, no QGIS). Thread rules: GDAL datasets and OSR transformations are
never shared between threads; headers are plain values (cached), transformations are cached per
thread.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any, Protocol, TypeVar

import numpy as np
from osgeo import gdal, osr

from ..products.scl import DEFAULT_MASK, SCL_BY_VALUE
from ..raster.blockwise import RasterError
from ..raster.geotiff import dataset_wkt

STATUSES = ("valid", "masked", "nodata", "out_of_range", "unreadable")
VALID, MASKED, NODATA, OUT_OF_RANGE, UNREADABLE = STATUSES
__all__ = ["DEFAULT_MASK", "STATUSES", "OutsideError"]

#: Headers kept between calls (a profile per click re-reads the same files).
HEADER_CACHE_SIZE = 4096
T = TypeVar("T")
R = TypeVar("R")


class OutsideError(ValueError):
    """A point or polygon outside every product: the message names it."""


class Entry(Protocol):
    """What is read of a :class:`~..archive.series_query.SeriesEntry`."""

    product: str
    path: str
    scl_path: str | None
    scaling: Any  # kernels.ResolvedScaling
    when: datetime
    tile: str


# --------------------------------------------------------------------------- GDAL errors


@contextmanager
def quiet_gdal() -> Iterator[None]:
    """Keep GDAL's error printing off stderr in this thread (the error is still recorded and
    reported by us, with the file named); handlers are per thread in GDAL."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        yield
    finally:
        gdal.PopErrorHandler()


def failure(path: str, error: BaseException | str) -> str:
    """One line saying why ``path`` could not be read (the series reader's wording)."""
    from ..archive.series_query import describe_failure

    return describe_failure(path, error)


def open_dataset(path: str) -> gdal.Dataset:
    """Read-only handle, RasterError (GDAL's reason) when it cannot be opened, in either GDAL
    exception mode."""
    gdal.ErrorReset()
    try:
        ds = gdal.OpenEx(path, gdal.OF_RASTER | gdal.OF_READONLY)
    except RuntimeError as exc:
        raise RasterError(str(exc)) from None
    if ds is None or ds.RasterCount < 1:
        raise RasterError(gdal.GetLastErrorMsg() or "not a raster GDAL can read")
    return ds


def read_window(band: gdal.Band, col: int, row: int, width: int, height: int) -> np.ndarray:
    """One window of a band; RasterError when GDAL fails (truncated or corrupt file)."""
    gdal.ErrorReset()
    try:
        data = band.ReadAsArray(col, row, width, height)
    except RuntimeError as exc:
        raise RasterError(str(exc)) from None
    if data is None or gdal.GetLastErrorType() >= gdal.CE_Failure:
        raise RasterError(gdal.GetLastErrorMsg() or f"cannot read pixels at column {col}, row {row}")
    return data


# --------------------------------------------------------------------------- headers


@dataclass(frozen=True)
class Grid:
    """The georeferencing of band 1: enough to place a point or a polygon on it."""

    width: int
    height: int
    transform: tuple[float, float, float, float, float, float]
    wkt: str

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.width, self.height, self.transform, self.wkt)

    def fractional(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pixel coordinates (column, row as floats: 0.5 = first pixel centre) of CRS coordinates."""
        x0, px, _, y0, _, py = self.transform
        return (np.asarray(x) - x0) / px, (np.asarray(y) - y0) / py

    def depth(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Distance (CRS units) from each point to the nearest raster edge; <= 0 outside."""
        col, row = self.fractional(x, y)
        dx, dy = abs(self.transform[1]), abs(self.transform[5])
        inside_x = np.minimum(col, self.width - col) * dx
        inside_y = np.minimum(row, self.height - row) * dy
        depth = np.minimum(inside_x, inside_y)
        return np.where(np.isfinite(depth), depth, -np.inf)


def grid_of(ds: gdal.Dataset, path: str) -> Grid:
    transform = tuple(float(v) for v in ds.GetGeoTransform())
    if transform[2] or transform[4]:
        raise RasterError(f"{os.path.basename(path)}: rotated rasters are not supported")
    return Grid(ds.RasterXSize, ds.RasterYSize, transform, dataset_wkt(ds, path))  # type: ignore[arg-type]


_headers: OrderedDict[tuple[str, int, int], Grid] = OrderedDict()
_headers_lock = threading.Lock()


def read_header(path: str) -> Grid:
    """Grid of ``path`` (cached by path, modification time and size); RasterError with the reason."""
    return _header(path, keep_open=False)[1]


def open_with_header(path: str) -> tuple[gdal.Dataset, Grid]:
    """A read-only handle on ``path`` and its grid, the file opened once; RasterError with the
    reason."""
    dataset, grid = _header(path, keep_open=True)
    assert dataset is not None
    return dataset, grid


def _header(path: str, *, keep_open: bool) -> tuple[gdal.Dataset | None, Grid]:
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise RasterError(failure(path, exc)) from None
    key = (path, stat.st_mtime_ns, stat.st_size)
    dataset = None
    with quiet_gdal():
        try:
            if keep_open:
                dataset = open_dataset(path)
            with _headers_lock:
                grid = _headers.get(key)
                if grid is not None:
                    _headers.move_to_end(key)
                    return dataset, grid
            grid = grid_of(dataset if dataset is not None else open_dataset(path), path)
        except RasterError as exc:
            raise RasterError(failure(path, exc)) from None
    if not grid.wkt:
        raise RasterError(f"{os.path.basename(path)} has no coordinate system: cannot place points on it")
    with _headers_lock:
        _headers[key] = grid
        while len(_headers) > HEADER_CACHE_SIZE:
            _headers.popitem(last=False)
    return dataset, grid


def read_headers(paths: Sequence[str], workers: int) -> dict[str, Grid | str]:
    """Grid of every path, or the reason it cannot be read, read in parallel."""

    def one(path: str) -> Grid | str:
        try:
            return read_header(path)
        except RasterError as exc:
            return str(exc)

    unique = list(dict.fromkeys(paths))
    return dict(zip(unique, parallel(one, unique, workers), strict=True))


# --------------------------------------------------------------------------- coordinate systems

_EPSG_LIKE = re.compile(r"^[A-Za-z]+:\d+$")
_local = threading.local()


def srs_from_user(text: str) -> osr.SpatialReference:
    """A coordinate system from "EPSG:n" (or another AUTHORITY:code), WKT or a PROJ string, never
    from a URL or a file (no network, no file access). Axis order: longitude/easting first."""
    srs = osr.SpatialReference()
    stripped = text.strip()
    if _EPSG_LIKE.match(stripped) or stripped.startswith("+proj="):
        error = srs.SetFromUserInput(stripped)
    elif re.match(r"^[A-Za-z_0-9]+\[", stripped):
        error = srs.ImportFromWkt(stripped)
    else:
        raise ValueError(f"coordinate system {text[:60]!r} not understood: give EPSG:n, WKT or a PROJ string")
    if error:
        raise ValueError(f"coordinate system {text[:60]!r} not understood: give EPSG:n, WKT or a PROJ string")
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _srs(wkt: str) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromWkt(wkt)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def transformation(source: str, target: str) -> osr.CoordinateTransformation | None:
    """Transformation between two WKT coordinate systems, cached per thread (OSR objects are not
    shared between threads); None when they are the same system."""
    cache: dict[tuple[str, str], osr.CoordinateTransformation | None] | None = getattr(_local, "ct", None)
    if cache is None:
        cache = _local.ct = {}
    key = (source, target)
    if key not in cache:
        src, dst = _srs(source), _srs(target)
        cache[key] = None if src.IsSame(dst) else osr.CoordinateTransformation(src, dst)
    return cache[key]


def wgs84_wkt() -> str:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    return srs.ExportToWkt()


def transform_xy(
    ct: osr.CoordinateTransformation | None, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Transform coordinate arrays; points PROJ cannot transform become NaN."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if ct is None or x.size == 0:
        return x, y
    points = np.column_stack([x.ravel(), y.ravel()])
    done = np.array(ct.TransformPoints(points), dtype=np.float64).reshape(-1, 3)
    out_x, out_y = done[:, 0].reshape(x.shape), done[:, 1].reshape(y.shape)
    bad = ~(np.isfinite(out_x) & np.isfinite(out_y)) | (np.abs(out_x) > 1e30)
    out_x[bad] = np.nan
    out_y[bad] = np.nan
    return out_x, out_y


# --------------------------------------------------------------------------- acquisitions


def acquisition_key(entry: Entry) -> tuple[datetime, str]:
    """Entries of one acquisition: same time and same product name once the tile is masked
    (the tiles of one datatake; two versions or two products stay apart)."""
    name = entry.product.replace(entry.tile, "*") if entry.tile else entry.product
    return (entry.when, name)


def acquisitions(entries: Sequence[T]) -> list[list[T]]:
    """Entries grouped by acquisition, in the order of their first entry."""
    groups: dict[tuple[datetime, str], list[T]] = {}
    for entry in entries:
        groups.setdefault(acquisition_key(entry), []).append(entry)  # type: ignore[arg-type]
    return list(groups.values())


def sibling_grids(entries: Sequence[Entry], headers: dict[str, Grid | str]) -> dict[str, Grid]:
    """A readable grid per tile: where an unreadable file of that tile lies."""
    found: dict[str, Grid] = {}
    for entry in entries:
        grid = headers.get(entry.path)
        if entry.tile and isinstance(grid, Grid):
            found.setdefault(entry.tile, grid)
    return found


# --------------------------------------------------------------------------- pixel classes


def mask_set(mask_classes: Iterable[int] | None) -> frozenset[int] | None:
    if mask_classes is None:
        return None
    classes = frozenset(int(value) for value in mask_classes)
    wrong = sorted(value for value in classes if value not in SCL_BY_VALUE)
    if wrong:
        raise ValueError(f"SCL class {wrong[0]} does not exist: valid classes are 0-11")
    return classes


def scl_reason(value: int) -> str:
    known = SCL_BY_VALUE.get(value)
    return f"SCL {value} ({known.label})" if known else f"SCL {value}"


def invalid_kinds(dn: np.ndarray, scaling: Any) -> tuple[np.ndarray, np.ndarray]:
    """(nodata, out of range) boolean arrays of DN: NaN/inf and the nodata DN values are nodata;
    DN outside the valid range are out of range."""
    dn = np.asarray(dn)
    nodata = np.zeros(dn.shape, dtype=bool)
    if dn.dtype.kind == "f":
        nodata |= ~np.isfinite(dn)
    for value in scaling.nodata:
        nodata |= dn == value
    outside = np.zeros(dn.shape, dtype=bool)
    if scaling.valid_min is not None:
        outside |= dn < scaling.valid_min
    if scaling.valid_max is not None:
        outside |= dn > scaling.valid_max
    return nodata, outside & ~nodata


def physical(dn: np.ndarray, scaling: Any) -> np.ndarray:
    """PV = scale · DN + offset, in float64."""
    return np.asarray(dn, dtype=np.float64) * scaling.scale + scaling.offset


def scl_index(data: Grid, scl: Grid, cols: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """SCL column/row of the pixel holding each data pixel centre (same coordinate system);
    -1 where the SCL does not cover it."""
    x0, px, _, y0, _, py = data.transform
    x = x0 + (np.asarray(cols) + 0.5) * px
    y = y0 + (np.asarray(rows) + 0.5) * py
    scol, srow = scl.fractional(x, y)
    scol = np.floor(scol).astype(np.int64)
    srow = np.floor(srow).astype(np.int64)
    scol[(scol < 0) | (scol >= scl.width)] = -1
    srow[(srow < 0) | (srow >= scl.height)] = -1
    return scol, srow


def same_crs(a: str, b: str) -> bool:
    return a == b or bool(_srs(a).IsSame(_srs(b)))


# --------------------------------------------------------------------------- parallel runs


def parallel(function: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """``[function(item) for item in items]`` on ``workers`` threads (in order)."""
    if len(items) <= 1 or workers <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        return list(pool.map(function, items))


def run_tasks(
    tasks: Sequence[Callable[[], R]],
    workers: int,
    is_cancelled: Callable[[], bool] | None,
) -> tuple[list[R], bool]:
    """Run ``tasks`` on ``workers`` threads; (results of the tasks that ran, cancelled?). A task
    still waiting when ``is_cancelled`` turns true never starts."""
    cancelled = is_cancelled or (lambda: False)
    results: list[R] = []
    if cancelled():
        return results, True
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(tasks) or 1))) as pool:
        futures: list[Future[R]] = [pool.submit(_unless_cancelled, task, cancelled) for task in tasks]
        try:
            for future in futures:
                if cancelled():
                    break
                future.result()  # in order: a task's error is raised here
        finally:
            for future in futures:
                future.cancel()
    # Tasks that ran (all of them, unless cancelled) keep their results, in task order.
    for future in futures:
        if future.done() and not future.cancelled() and future.exception() is None:
            result = future.result()
            if result is not _SKIPPED:
                results.append(result)
    return results, cancelled()


_SKIPPED: Any = object()


def pipeline(
    jobs: Sequence[Callable[[], T]],
    consume: Callable[[T], None],
    workers: int,
    is_cancelled: Callable[[], bool] | None,
) -> bool:
    """Run ``jobs`` on ``workers`` threads, at most two per thread ahead of the consumer, and hand
    each result to ``consume`` in the calling thread, in job order. Returns True when cancelled:
    checked before each result is consumed; jobs not yet started then never start. A job's error
    is raised here."""
    cancelled = is_cancelled or (lambda: False)
    if cancelled():
        return True
    waiting = iter(jobs)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs) or 1))) as pool:
        pending: deque[Future[T]] = deque(pool.submit(job) for job in islice(waiting, 2 * max(1, workers)))
        try:
            while pending:
                if cancelled():
                    return True
                result = pending.popleft().result()
                following = next(waiting, None)
                if following is not None:
                    pending.append(pool.submit(following))
                consume(result)
        finally:
            for future in pending:
                future.cancel()
    return cancelled()


def _unless_cancelled(task: Callable[[], R], cancelled: Callable[[], bool]) -> R:
    return _SKIPPED if cancelled() else task()
