"""Pixel profiles: the physical value of a lon/lat point on every acquisition of a series.

How a sample is decided (in this order):

1. The point (EPSG:4326, longitude first) is transformed into each file's coordinate system.
   Of the tiles of one acquisition (same time, same product name but for the tile), the one in
   which the point lies deepest (largest distance to the raster's edge) gives the sample; ties go
   to the first entry (series order: tile, then product name).
2. Only the pixel holding the point is read (``ReadAsArray`` of 1×1: GDAL decodes one block), one
   task per file, files in parallel, each task with its own dataset handles.
3. The SCL class is read at the SCL pixel that holds the data pixel's centre (a 10 m pixel on a
   20 m SCL: the 20 m pixel containing its centre).
4. Status: ``masked`` when the SCL class is in the mask (the reason names the class), else
   ``nodata`` (the nodata DN, NaN), else ``out_of_range`` (outside the valid DN range), else
   ``valid`` with the physical value scale · DN + offset. ``unreadable`` when the data file (or,
   with masking on, its SCL) cannot be read; the reason says why. With masking off an unreadable
   SCL only leaves ``scl`` empty (the reason says so).

Unreadable files: a file whose header cannot be read is placed where a readable file of the same
tile lies; when no file of its tile is readable, it is reported (``unreadable``) for the points that
no other tile of that acquisition covers and that some product of the series covers. Unreadable
files are never skipped silently: every one gives ``unreadable`` samples.

Cancelling (``is_cancelled``) stops before the next file; the samples read so far are returned.
The result is a list with an ``outside`` attribute: indices of points no product covers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from ..raster.blockwise import RasterError
from .common import (
    DEFAULT_MASK,
    MASKED,
    NODATA,
    OUT_OF_RANGE,
    UNREADABLE,
    VALID,
    Entry,
    Grid,
    OutsideError,
    acquisitions,
    failure,
    invalid_kinds,
    mask_set,
    open_dataset,
    physical,
    quiet_gdal,
    read_header,
    read_headers,
    read_window,
    run_tasks,
    same_crs,
    scl_index,
    scl_reason,
    sibling_grids,
    transform_xy,
    transformation,
    wgs84_wkt,
)


@dataclass(frozen=True)
class PointSample:
    point: int  # 0-based index of the point in the input list
    lon: float  # the point as given (EPSG:4326)
    lat: float
    when: datetime  # tz-aware UTC acquisition time
    product: str
    tile: str
    path: str
    value: float | None  # physical value; None unless status == "valid"
    status: str  # one of STATUSES
    scl: int | None  # SCL class at the pixel, None when the product has no SCL (or unreadable)
    reason: str = ""  # for "unreadable": why; for "masked": e.g. "SCL 9 (Cloud, high probability)"


class PointProfiles(list):
    """The samples, sorted by point then date; ``outside``: indices of points no product covers."""

    def __init__(self, samples: Iterable[PointSample] = (), outside: Sequence[int] = ()) -> None:
        super().__init__(samples)
        self.outside = list(outside)


@dataclass(frozen=True)
class _Job:
    point: int
    col: int
    row: int


def check_points(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points as floats; ValueError naming the first bad one."""
    checked = []
    for index, point in enumerate(points):
        try:
            lon, lat = (float(v) for v in point)
        except (TypeError, ValueError):
            raise ValueError(f"point {index} {point!r} is not a LON,LAT pair of numbers") from None
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(
                f"point {index} ({lon}, {lat}) is not a longitude -180..180 and latitude -90..90"
            )
        checked.append((lon, lat))
    return checked


class _Placement:
    """Where each point falls on each grid (pixel and depth), computed once per grid."""

    def __init__(self, points: Sequence[tuple[float, float]]) -> None:
        self.lon = np.array([p[0] for p in points], dtype=np.float64)
        self.lat = np.array([p[1] for p in points], dtype=np.float64)
        self.source = wgs84_wkt()
        self._done: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def on(self, grid: Grid) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(depth, column, row) of every point on ``grid``; depth <= 0 outside."""
        found = self._done.get(grid.key)
        if found is None:
            x, y = transform_xy(transformation(self.source, grid.wkt), self.lon, self.lat)
            depth = grid.depth(x, y)
            col, row = grid.fractional(x, y)
            with np.errstate(invalid="ignore"):
                cols = np.where(depth > 0, np.floor(col), -1).astype(np.int64)
                rows = np.where(depth > 0, np.floor(row), -1).astype(np.int64)
            found = self._done[grid.key] = (depth, cols, rows)
        return found


def outside_points(
    entries: Sequence[Entry], points: Sequence[tuple[float, float]], workers: int = 4
) -> list[int]:
    """Indices of the points that no product of ``entries`` covers (files whose header cannot be
    read count where a readable file of their tile lies)."""
    checked = check_points(points)
    headers = read_headers([e.path for e in entries], workers)
    return _outside(entries, headers, _Placement(checked), len(checked))


def _known_grid(entry: Entry, headers: dict, siblings: dict[str, Grid]) -> Grid | None:
    grid = headers.get(entry.path)
    return grid if isinstance(grid, Grid) else siblings.get(entry.tile)


def _outside(entries: Sequence[Entry], headers: dict, placement: _Placement, count: int) -> list[int]:
    siblings = sibling_grids(entries, headers)
    covered = np.zeros(count, dtype=bool)
    seen: set[tuple] = set()
    for entry in entries:
        grid = _known_grid(entry, headers, siblings)
        if grid is not None and grid.key not in seen:
            seen.add(grid.key)
            covered |= placement.on(grid)[0] > 0
    return [int(i) for i in np.flatnonzero(~covered)]


def point_profiles(
    entries: Sequence[Entry],
    points: Sequence[tuple[float, float]],
    *,
    mask_classes: Iterable[int] | None = DEFAULT_MASK,
    workers: int = 4,
    is_cancelled: Callable[[], bool] | None = None,
    on_sample: Callable[[PointSample], None] | None = None,
) -> PointProfiles:
    """One sample per point and acquisition, sorted by point then date (see the module docstring).

    Raises :class:`OutsideError` when every point lies outside every product (a point outside
    every product while others are inside is absent, and listed in ``result.outside``)."""
    checked = check_points(points)
    mask = mask_set(mask_classes)
    if not entries or not checked:
        return PointProfiles()
    headers = read_headers([e.path for e in entries], workers)
    placement = _Placement(checked)
    outside = _outside(entries, headers, placement, len(checked))
    if len(outside) == len(checked):
        raise OutsideError(_outside_message(checked))
    jobs = _plan(entries, headers, placement, set(outside))
    tasks = [
        (
            lambda entry=entry, todo=todo: _read_entry(
                entry, headers.get(entry.path), todo, checked, mask, on_sample
            )
        )
        for entry, todo in jobs
    ]
    results, _ = run_tasks(tasks, workers, is_cancelled)
    samples = [sample for batch in results for sample in batch]
    samples.sort(key=lambda s: (s.point, s.when, s.tile, s.product))
    return PointProfiles(samples, outside)


def _outside_message(points: Sequence[tuple[float, float]]) -> str:
    listed = "; ".join(f"point {i} ({lon:g}, {lat:g})" for i, (lon, lat) in enumerate(points[:5]))
    more = f" and {len(points) - 5} more" if len(points) > 5 else ""
    return (
        f"{listed}{more}: outside every product of the selection; check the LON,LAT order "
        "(longitude first) and the collection, dates and tiles"
    )


def _plan(
    entries: Sequence[Entry], headers: dict, placement: _Placement, outside: set[int]
) -> list[tuple[Entry, list[_Job]]]:
    """For every entry, the points it gives the sample of (the deepest tile of each acquisition)."""
    siblings = sibling_grids(entries, headers)
    plan: dict[int, list[_Job]] = {}
    for group in acquisitions(entries):
        unplaced: list[Entry] = []
        best: dict[int, tuple[float, Entry, int, int]] = {}
        for entry in group:
            grid = _known_grid(entry, headers, siblings)
            if grid is None:
                unplaced.append(entry)
                continue
            depth, cols, rows = placement.on(grid)
            for point in np.flatnonzero(depth > 0):
                current = best.get(int(point))
                if current is None or depth[point] > current[0]:
                    best[int(point)] = (float(depth[point]), entry, int(cols[point]), int(rows[point]))
        for point, (_, entry, col, row) in best.items():
            plan.setdefault(id(entry), []).append(_Job(point, col, row))
        # A file nobody can place: reported where nothing else of its acquisition answers.
        for entry in unplaced:
            for point in range(len(placement.lon)):
                if point not in best and point not in outside:
                    plan.setdefault(id(entry), []).append(_Job(point, -1, -1))
    return [(entry, plan[id(entry)]) for entry in entries if id(entry) in plan]


def _sample(entry: Entry, job: _Job, points: Sequence[tuple[float, float]], **fields: object) -> PointSample:
    lon, lat = points[job.point]
    values: dict = {"value": None, "scl": None, "reason": ""}
    values.update(fields)
    return PointSample(job.point, lon, lat, entry.when, entry.product, entry.tile, entry.path, **values)


def _read_entry(
    entry: Entry,
    header: Grid | str | None,
    jobs: Sequence[_Job],
    points: Sequence[tuple[float, float]],
    mask: frozenset[int] | None,
    on_sample: Callable[[PointSample], None] | None,
) -> list[PointSample]:
    """The samples of one file: its own dataset handles, one pixel read per point."""
    with quiet_gdal():
        samples = _read_samples(entry, header, jobs, points, mask)
    if on_sample is not None:
        for sample in samples:
            on_sample(sample)
    return samples


def _read_samples(
    entry: Entry,
    header: Grid | str | None,
    jobs: Sequence[_Job],
    points: Sequence[tuple[float, float]],
    mask: frozenset[int] | None,
) -> list[PointSample]:
    if not isinstance(header, Grid):
        reason = header or "cannot be read"
        return [_sample(entry, job, points, status=UNREADABLE, reason=reason) for job in jobs]
    try:
        dataset = open_dataset(entry.path)  # kept: a band outlives no dataset in GDAL 3.6
        band = dataset.GetRasterBand(1)
    except RasterError as exc:
        reason = failure(entry.path, exc)
        return [_sample(entry, job, points, status=UNREADABLE, reason=reason) for job in jobs]
    scl = _SclPixels(entry.scl_path, header)
    samples = []
    for job in jobs:
        try:
            dn = read_window(band, job.col, job.row, 1, 1)[0, 0]
        except RasterError as exc:
            samples.append(_sample(entry, job, points, status=UNREADABLE, reason=failure(entry.path, exc)))
            continue
        samples.append(_classify(entry, job, points, dn, scl.at(job.col, job.row), scl.error, mask))
    return samples


def _classify(
    entry: Entry,
    job: _Job,
    points: Sequence[tuple[float, float]],
    dn: np.generic,
    scl: int | None,
    scl_error: str,
    mask: frozenset[int] | None,
) -> PointSample:
    if mask is not None and scl is not None and scl in mask:
        return _sample(entry, job, points, status=MASKED, scl=scl, reason=scl_reason(scl))
    if mask is not None and scl_error:
        return _sample(entry, job, points, status=UNREADABLE, reason=scl_error)
    note = scl_error
    nodata, out_of_range = invalid_kinds(np.asarray([dn]), entry.scaling)
    if nodata[0]:
        return _sample(entry, job, points, status=NODATA, scl=scl, reason=note)
    if out_of_range[0]:
        return _sample(entry, job, points, status=OUT_OF_RANGE, scl=scl, reason=note)
    value = float(physical(np.asarray([dn]), entry.scaling)[0])
    return _sample(entry, job, points, status=VALID, value=value, scl=scl, reason=note)


class _SclPixels:
    """The SCL of one file, opened on first use; ``error`` says why it cannot be read."""

    def __init__(self, path: str | None, data: Grid) -> None:
        self.path = path
        self.data = data
        self.error = ""
        self.band = None
        self.grid: Grid | None = None
        if path:
            self._open(path)

    def _open(self, path: str) -> None:
        try:
            grid = read_header(path)  # cached: the next click reads no header again
        except RasterError as exc:
            self.error = f"SCL file {path}: {exc}"
            return
        try:
            ds = open_dataset(path)
        except RasterError as exc:
            self.error = f"SCL file {path}: {failure(path, exc)}"
            return
        if not same_crs(grid.wkt, self.data.wkt):
            self.error = f"SCL file {path} is not in the coordinate system of its data file"
            return
        self.band, self.grid, self._ds = ds.GetRasterBand(1), grid, ds

    def at(self, col: int, row: int) -> int | None:
        """SCL class at the SCL pixel holding the centre of data pixel (col, row)."""
        if self.band is None or self.grid is None:
            return None
        scol, srow = scl_index(self.data, self.grid, np.array([col]), np.array([row]))
        if scol[0] < 0 or srow[0] < 0:
            return None
        try:
            return int(read_window(self.band, int(scol[0]), int(srow[0]), 1, 1)[0, 0])
        except RasterError as exc:
            self.error = f"SCL file {self.path}: {failure(self.path or '', exc)}"
            self.band = None
            return None
