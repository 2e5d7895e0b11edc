"""Field profiles: statistics of the physical values inside polygons, per acquisition.

The pixels of a polygon are those whose centre lies inside it, as QGIS's zonal statistics counts
them: the polygon, transformed vertex by vertex into the file's coordinate system, is rasterised
with ``ALL_TOUCHED=FALSE`` on its own window (the pixels its bounding box can hold). (QGIS switches
to a weighted pixel-polygon intersection when at most one valid pixel centre lies inside; that
fallback is not reproduced: such a polygon gets count 0 or 1.)

Reading: only the polygons' pixels are read, one window per ``BUCKET``-pixel square of the grid
that polygons touch (not one per polygon: a read costs more than a field's pixels). The files of a
tile share its first file's grid: the others are placed on it without reading their headers first
and checked when opened; a file with a grid of its own has its acquisition placed again. Threads
read and classify the pixels; statistics are computed ``STATS_BATCH`` acquisitions at a time in the
calling thread (from a histogram of byte DNs when one scaling applies, else from sorted values).

Overlapping tiles of one acquisition (same time, same product name but for the tile; two tiles of
one UTM zone, or of two zones): every pixel is counted in the tile in which its centre lies deepest
(largest distance to the raster's edge, ties to the first tile in series order), so each piece of
ground is counted once, and the pixels of all tiles are combined into one row (``tile`` "A+B").

Per pixel (in this order): ``masked`` when its SCL class (read at the SCL pixel holding the pixel's
centre) is in the mask; else nodata DN or NaN, else outside the valid DN range, else valid. Statistics
are over the valid physical values (scale · DN + offset, float64): mean, median (mean of the two
middle values for an even count), population standard deviation, min and max.

Unreadable files: when a file (or, with masking on, its SCL) cannot be read, the rows of that
acquisition that need it are left out and the file is listed in ``result.skipped``
(:class:`~..archive.series_query.SkippedProduct`, path and reason), once. A file whose header cannot
be read is placed where a readable file of its tile lies; with no readable file of its tile it is
listed in ``skipped`` and the other tiles of its acquisition are used as they are.

Cancelling (``is_cancelled``) stops before the next acquisition is taken in; the rows of those
read so far are returned. ``on_stats`` receives each row in the calling thread, in batches. ``result.outside``: feature ids of polygons that no product covers.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from osgeo import gdal, ogr, osr

from ..raster.blockwise import RasterError
from .common import (
    DEFAULT_MASK,
    Entry,
    Grid,
    OutsideError,
    acquisitions,
    failure,
    invalid_kinds,
    mask_set,
    open_dataset,
    open_with_header,
    physical,
    pipeline,
    quiet_gdal,
    read_headers,
    read_window,
    same_crs,
    scl_index,
    sibling_grids,
    srs_from_user,
    transform_xy,
    transformation,
)


@dataclass(frozen=True)
class ZoneStats:
    feature: int  # caller's feature id
    when: datetime
    product: str  # "A+B" when the polygon spans two tiles
    tile: str  # "31UFS" or "31UFS+31UGS" when the polygon spans two
    count: int  # pixels whose centre lies in the polygon (QGIS zonal statistics rule)
    valid: int  # of which valid (not masked, not nodata, in range)
    masked: int  # of which masked by SCL
    masked_fraction: float  # masked / count (0 when count == 0)
    mean: float | None  # None when valid == 0
    median: float | None
    std: float | None  # population standard deviation, as QGIS computes it
    min: float | None
    max: float | None


class ZoneProfiles(list):
    """Rows sorted by feature (input order) then date; ``skipped``: files left out and why;
    ``outside``: feature ids of polygons no product covers."""

    def __init__(
        self, rows: Iterable[ZoneStats] = (), skipped: Sequence[Any] = (), outside: Sequence[int] = ()
    ):
        super().__init__(rows)
        self.skipped = list(skipped)
        self.outside = list(outside)


@dataclass(frozen=True)
class _Zone:
    """A polygon on one grid: its window and the pixels counted there."""

    col: int
    row: int
    pixels: np.ndarray  # bool (rows, cols): centre inside the polygon (and this tile is deepest)


#: Pixels of the polygons are read in windows no larger than this many pixels a side: one read
#: per square of the grid that polygons touch, instead of one per polygon (the per-read cost of
#: GDAL and numpy outweighs the pixels of a field), while a layer spread over the whole tile is
#: never read as one huge window.
BUCKET = 512


@dataclass(frozen=True)
class _Gather:
    """Where a list of pixels lies in a few windows of one grid: per window (column, row, width,
    height), the positions in the list it fills and the flat indexes in the window it takes them
    from. Pixels in no window (outside the grid) are left as they were."""

    windows: tuple[tuple[int, int, int, int], ...]
    picks: tuple[tuple[np.ndarray, np.ndarray], ...]
    size: int
    covered: np.ndarray | None  # bool per pixel: in a window (None: all are)


def _gather(cols: np.ndarray, rows: np.ndarray) -> _Gather:
    """Windows of the pixels at (``cols``, ``rows``) (-1: outside), one per ``BUCKET``-pixel square
    of the grid holding some, each the bounding box of its pixels."""
    bucket = BUCKET
    inside = np.flatnonzero((cols >= 0) & (rows >= 0))
    windows, picks = [], []
    if inside.size:
        c, r = cols[inside], rows[inside]
        squares = (r // bucket) * ((int(c.max()) // bucket) + 1) + c // bucket
        order = np.argsort(squares, kind="stable")
        _, starts = np.unique(squares[order], return_index=True)
        for chunk in np.split(order, starts[1:]):
            cc, rr = c[chunk], r[chunk]
            col0, row0 = int(cc.min()), int(rr.min())
            width, height = int(cc.max()) - col0 + 1, int(rr.max()) - row0 + 1
            windows.append((col0, row0, width, height))
            picks.append((inside[chunk], (rr - row0) * width + (cc - col0)))
    covered = None
    if inside.size < cols.size:
        covered = np.zeros(cols.size, dtype=bool)
        covered[inside] = True
    return _Gather(tuple(windows), tuple(picks), int(cols.size), covered)


@dataclass
class _Layout:
    """The zones of one file (same grid and the same other tiles for every date of a tile): which
    are read, where their pixels lie, and per SCL grid where their SCL pixels lie."""

    read: list[int]  # polygon indexes with pixels here, in pixel-list order (ascending)
    sizes: np.ndarray  # pixels of each, in that order
    labels: np.ndarray  # polygon index of every pixel
    cols: np.ndarray  # grid column of every pixel (zone after zone, row-major in each)
    rows: np.ndarray
    data: _Gather
    scl: dict = field(default_factory=dict)  # SCL grid key -> _Gather (computed on first use)

    @classmethod
    def of(cls, per_polygon: Sequence[_Zone | None]) -> _Layout:
        read = [i for i, zone in enumerate(per_polygon) if zone is not None and zone.pixels.any()]
        cols, rows = [], []
        for i in read:
            zone = per_polygon[i]
            assert zone is not None
            r, c = np.nonzero(zone.pixels)
            cols.append(c + zone.col)
            rows.append(r + zone.row)
        all_cols = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        all_rows = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        sizes = np.array([c.size for c in cols], dtype=np.int64)
        labels = np.repeat(np.array(read, dtype=np.int64), sizes)
        return cls(read, sizes, labels, all_cols, all_rows, _gather(all_cols, all_rows))

    def scl_gather(self, data: Grid, scl: Grid) -> _Gather:
        found = self.scl.get(scl.key)
        if found is None:  # the same for every date of the tile
            found = self.scl[scl.key] = _gather(*scl_index(data, scl, self.cols, self.rows))
        return found


class _Unreadable(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


@dataclass
class _Part:
    """What one file gives for the polygons it was asked for."""

    count: dict[int, int]  # polygon index -> pixels counted here (0: all counted in another tile)
    masked: dict[int, int]  # polygon index -> of which masked
    labels: np.ndarray  # polygon index of each valid pixel, in ascending order
    dn: np.ndarray  # the valid pixels' digital numbers
    scale: float = 1.0  # physical value = scale * DN + offset
    offset: float = 0.0


def parse_polygons(polygons: Sequence[tuple[int, str]], crs: str) -> list[tuple[int, ogr.Geometry]]:
    """(feature id, geometry in ``crs``); ValueError naming the first bad polygon."""
    srs = srs_from_user(crs)
    parsed = []
    for feature, wkt in polygons:
        try:
            geometry = ogr.CreateGeometryFromWkt(wkt)
        except RuntimeError:
            geometry = None
        if geometry is None or geometry.IsEmpty():
            raise ValueError(f"feature {feature}: not a polygon in WKT ({str(wkt)[:40]!r}...)")
        flat = ogr.GT_Flatten(geometry.GetGeometryType())
        if flat in (ogr.wkbCurvePolygon, ogr.wkbMultiSurface):  # curved rings (QGIS can give them)
            geometry = geometry.GetLinearGeometry()
            flat = ogr.GT_Flatten(geometry.GetGeometryType())
        if flat not in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
            raise ValueError(f"feature {feature}: {geometry.GetGeometryName()} is not a polygon")
        geometry.AssignSpatialReference(srs)
        parsed.append((int(feature), geometry))
    return parsed


class _Zones:
    """Polygons placed on grids, computed once per grid (all dates of a tile share it)."""

    def __init__(self, polygons: Sequence[tuple[int, ogr.Geometry]]) -> None:
        self.polygons = polygons
        self._windows: dict[tuple, list[_Zone | None]] = {}
        self._placements: dict[tuple, tuple[list[_Zone | None], _Layout]] = {}

    def windows(self, grid: Grid) -> list[_Zone | None]:
        """Every polygon rasterised on ``grid`` (None where no pixel centre can lie inside)."""
        found = self._windows.get(grid.key)
        if found is None:
            target = osr.SpatialReference()
            target.ImportFromWkt(grid.wkt)
            target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            ct = _to_grid(self.polygons, target)
            burner = _Burner(target)
            found = self._windows[grid.key] = [_rasterise(g, grid, ct, burner) for _, g in self.polygons]
        return found

    def placement(
        self, grid: Grid, others: Sequence[tuple[Grid, bool]]
    ) -> tuple[list[_Zone | None], _Layout]:
        """The zones of every polygon on ``grid`` given the ``others`` grids of the acquisition, and
        where their pixels lie: the same for every date of a tile, computed once."""
        key = (grid.key, tuple((g.key, first) for g, first in others))
        found = self._placements.get(key)
        if found is None:
            windows = self.windows(grid)
            # Each polygon keeps only the pixels deeper in this tile than in the others (the
            # flag: that tile comes first in series order and wins ties).
            per_polygon = [_deepest(zone, grid, others) if zone is not None else None for zone in windows]
            found = self._placements[key] = (per_polygon, _Layout.of(per_polygon))
        return found


def _to_grid(
    polygons: Sequence[tuple[int, ogr.Geometry]], target: osr.SpatialReference
) -> osr.CoordinateTransformation | None:
    """One transformation from the polygons' coordinate system to a grid's, made once (making one
    costs PROJ milliseconds, per polygon with ``TransformTo``); None when PROJ has none."""
    source = polygons[0][1].GetSpatialReference() if polygons else None
    if source is None:
        return None
    try:
        return osr.CreateCoordinateTransformation(source, target)  # None when it fails (exceptions off)
    except RuntimeError:  # exceptions on
        return None


class _Burner:
    """One in-memory layer for the polygons rasterised one after the other (making a layer for each
    costs more than burning it). The polygon is already in the grid's coordinate system: the
    rasters are given none (setting one parses the WKT each time), so GDAL transforms nothing."""

    def __init__(self, srs: osr.SpatialReference) -> None:
        # "Memory" (GDAL < 3.11) is called "MEM" from GDAL 3.11 on (Debian 13 may move there).
        self._source = (ogr.GetDriverByName("Memory") or ogr.GetDriverByName("MEM")).CreateDataSource("")
        self._layer = self._source.CreateLayer("zone", srs, ogr.wkbUnknown)
        self._driver = gdal.GetDriverByName("MEM")

    def pixels(
        self, shape: ogr.Geometry, transform: tuple[float, ...], width: int, height: int
    ) -> np.ndarray:
        raster = self._driver.Create("", width, height, 1, gdal.GDT_Byte)
        raster.SetGeoTransform(transform)
        feature = ogr.Feature(self._layer.GetLayerDefn())
        feature.SetGeometry(shape)
        self._layer.CreateFeature(feature)
        try:
            gdal.RasterizeLayer(raster, [1], self._layer, burn_values=[1], options=["ALL_TOUCHED=FALSE"])
        finally:
            self._layer.DeleteFeature(feature.GetFID())
        burnt = raster.GetRasterBand(1).ReadRaster(0, 0, width, height)  # bytes: no gdal_array detour
        return np.frombuffer(burnt, dtype=np.uint8).reshape(height, width).astype(bool)


def _rasterise(
    geometry: ogr.Geometry, grid: Grid, ct: osr.CoordinateTransformation | None, burner: _Burner
) -> _Zone | None:
    """Pixels of ``grid`` whose centre lies inside ``geometry`` (GDAL's rule without ALL_TOUCHED)."""
    if ct is None:
        return None
    shape = geometry.Clone()
    try:
        if shape.Transform(ct) != 0:  # exceptions off: an error code
            return None
    except RuntimeError:  # exceptions on: PROJ cannot bring it there (far outside the zone)
        return None
    west, east, south, north = shape.GetEnvelope()
    x0, px, _, y0, _, py = grid.transform
    # Column and row coordinates of the envelope (plain floats: numpy costs more on four numbers).
    cols = sorted(((west - x0) / px, (east - x0) / px))
    rows = sorted(((north - y0) / py, (south - y0) / py))
    if not all(math.isfinite(v) for v in (*cols, *rows)):
        return None
    # Centres c + 0.5 inside [low, high]: c from ceil(low - 0.5) to floor(high - 0.5).
    col0 = max(0, math.ceil(cols[0] - 0.5))
    col1 = min(grid.width - 1, math.floor(cols[1] - 0.5))
    row0 = max(0, math.ceil(rows[0] - 0.5))
    row1 = min(grid.height - 1, math.floor(rows[1] - 0.5))
    if col1 < col0 or row1 < row0:
        return None
    width, height = col1 - col0 + 1, row1 - row0 + 1
    pixels = burner.pixels(shape, (x0 + col0 * px, px, 0.0, y0 + row0 * py, 0.0, py), width, height)
    return _Zone(col0, row0, pixels)


def _deepest(zone: _Zone | None, grid: Grid, others: Sequence[tuple[Grid, bool]]) -> _Zone | None:
    if zone is None or not others or not zone.pixels.any():
        return zone
    rows, cols = np.nonzero(zone.pixels)
    x0, px, _, y0, _, py = grid.transform
    x = x0 + (cols + zone.col + 0.5) * px
    y = y0 + (rows + zone.row + 0.5) * py
    own = grid.depth(x, y)
    keep = np.ones(own.shape, dtype=bool)
    for other, first in others:
        ox, oy = transform_xy(transformation(grid.wkt, other.wkt), x, y)
        there = other.depth(ox, oy)
        keep &= (own > there) if first else (own >= there)
    pixels = np.zeros_like(zone.pixels)
    pixels[rows[keep], cols[keep]] = True
    return _Zone(zone.col, zone.row, pixels)


def zonal_profiles(
    entries: Sequence[Entry],
    polygons: Sequence[tuple[int, str]],
    polygon_crs: str = "EPSG:4326",
    *,
    mask_classes: Iterable[int] | None = DEFAULT_MASK,
    workers: int | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    on_stats: Callable[[ZoneStats], None] | None = None,
) -> ZoneProfiles:
    """Statistics per polygon and acquisition (see the module docstring). ``workers``: threads
    reading files (default: one per processor, 2 to 4; the statistics are computed in the calling
    thread, and more readers than processors only contend with it).

    Raises :class:`OutsideError` when every polygon lies outside every product, ValueError for a
    polygon that is not one or a coordinate system that is not understood."""
    from ..archive.series_query import SkippedProduct

    parsed = parse_polygons(polygons, polygon_crs)
    mask = mask_set(mask_classes)
    if not entries or not parsed:
        return ZoneProfiles()
    workers = workers or max(2, min(4, os.cpu_count() or 1))
    headers = _first_headers(entries, workers)
    siblings = sibling_grids(entries, headers)
    zones = _Zones(parsed)
    skipped: dict[str, str] = {}
    plans = []
    for group in acquisitions(entries):
        placed = []
        for entry in group:
            header = headers.get(entry.path)
            grid = header if isinstance(header, Grid) else siblings.get(entry.tile)
            if grid is None:
                skipped.setdefault(entry.path, str(header))
                continue
            # Not read yet: its tile's grid, checked when the file is opened for its pixels.
            error = header if isinstance(header, str) else ""
            placed.append((entry, grid, error, header is None))
        plans.append(_plan_group(placed, zones))
    outside = _outside(parsed, plans)
    if len(outside) == len(parsed):
        raise OutsideError(_outside_message(outside))
    rows: list[ZoneStats] = []
    lut = _mask_lut(mask) if mask is not None else None

    ready: list[_ReadGroup] = []

    def flush() -> None:
        group_rows, group_skipped = _groups_rows(ready, parsed, on_stats)
        rows.extend(group_rows)
        for path, reason in group_skipped:
            skipped.setdefault(path, reason)
        ready.clear()

    def collect(done: tuple[list[_Placed], _ReadGroup | None]) -> None:
        plan, group = done
        if group is None:  # a file's grid is not its tile's: the acquisition placed again, here
            group = _read_group(_plan_group(_on_own_grids(plan), zones), lut)
            assert group is not None  # nothing assumed any more
        ready.append(group)
        if len(ready) >= STATS_BATCH:
            flush()

    # The threads read and classify the pixels (GDAL and bulk numpy work, mostly without the
    # GIL); the statistics (many small numpy calls, GIL-bound) are computed here, a few
    # acquisitions at once, while the threads read the next ones.
    jobs = [(lambda plan=plan: (plan, _read_group(plan, lut))) for plan in plans if plan]
    pipeline(jobs, collect, workers, is_cancelled)
    flush()  # what was read before the end (or the cancel)
    order = {feature: i for i, (feature, _) in enumerate(parsed)}
    rows.sort(key=lambda r: (order[r.feature], r.when, r.tile, r.product))
    return ZoneProfiles(rows, [SkippedProduct(p, r) for p, r in skipped.items()], outside)


def _first_headers(entries: Sequence[Entry], workers: int) -> dict[str, Grid | str]:
    """Headers of the first file of each tile: the archive's files of one tile share a grid, so the
    others are placed on it and checked when opened for their pixels (their headers are not read
    twice). A tile whose first file cannot be read has all its headers read; so has a file with no
    tile in its name."""
    first: dict[str, str] = {}
    for entry in entries:
        first.setdefault(entry.tile or entry.path, entry.path)
    headers = read_headers(list(first.values()), workers)
    unplaced = [e.path for e in entries if isinstance(headers.get(first[e.tile or e.path]), str)]
    headers.update(read_headers([p for p in unplaced if p not in headers], workers))
    return headers


def _on_own_grids(plan: Sequence[_Placed]) -> list[tuple[Any, Grid, str, bool]]:
    """The files of an acquisition placed on the grids their own headers give (a file whose
    header cannot be read stays where it was, with the reason)."""
    headers = read_headers([entry.path for entry, *_ in plan], 1)
    placed = []
    for entry, grid, *_ in plan:
        header = headers[entry.path]
        placed.append((entry, grid, header, False) if isinstance(header, str) else (entry, header, "", False))
    return placed


class _GridChanged(Exception):
    """A file placed on its tile's grid has a grid of its own."""


# (entry, grid, header error, grid assumed (the tile's, not read from the file), per-polygon zone
# or None, where their pixels lie)
_Placed = tuple[Any, Grid, str, bool, list, _Layout]


def _plan_group(placed: Sequence[tuple[Any, Grid, str, bool]], zones: _Zones) -> list[_Placed]:
    plan = []
    for position, (entry, grid, error, assumed) in enumerate(placed):
        others = [(other, k < position) for k, (_, other, _, _) in enumerate(placed) if k != position]
        per_polygon, layout = zones.placement(grid, others)
        plan.append((entry, grid, error, assumed, per_polygon, layout))
    return plan


def _outside(parsed: Sequence[tuple[int, ogr.Geometry]], plans: Sequence[Sequence[_Placed]]) -> list[int]:
    covered = [False] * len(parsed)
    for plan in plans:
        for *_, per_polygon, _ in plan:
            for i, zone in enumerate(per_polygon):
                covered[i] = covered[i] or zone is not None
    return [parsed[i][0] for i, hit in enumerate(covered) if not hit]


def _outside_message(features: Sequence[int]) -> str:
    listed = ", ".join(str(f) for f in features[:5]) + (" ..." if len(features) > 5 else "")
    return (
        f"polygon(s) {listed}: outside every product of the selection; check the layer's coordinate "
        "system and the collection, dates and tiles"
    )


@dataclass
class _Fetched:
    """The windows one file gives (read on a worker thread), not yet looked at."""

    entry: Any
    layout: _Layout
    wanted: list[int]  # polygon indexes asked of this file
    data: list[np.ndarray] = field(default_factory=list)  # a block per window of layout.data
    scl: _Gather | None = None  # where the pixels' SCL pixels lie (None: no masking)
    classes: list[np.ndarray] = field(default_factory=list)  # a block per window of scl


# (what each file read gives, (path, reason) of the files that cannot be read, polygons with
# pixels in one of those)
_ReadGroup = tuple[list[tuple[Any, _Part]], list[tuple[str, str]], set[int]]


def _read_group(plan: Sequence[_Placed], lut: np.ndarray | None) -> _ReadGroup | None:
    """What every file of one acquisition gives (each file read once with its own handles, its
    pixels classified): on a worker thread, with the bulk numpy work that lets go of the GIL.
    None when a file placed on its tile's grid turns out to have another."""
    parts: list[tuple[Any, _Part]] = []
    failed: list[tuple[str, str]] = []
    broken: set[int] = set()  # polygons with pixels in a file that cannot be read: no row
    with quiet_gdal():
        for entry, grid, error, assumed, per_polygon, layout in plan:
            wanted = [i for i, zone in enumerate(per_polygon) if zone is not None]
            if not wanted:
                continue
            try:
                fetched = _fetch_file(entry, grid, error, assumed, layout, wanted, lut is not None)
            except _GridChanged:
                return None
            except _Unreadable as exc:
                failed.append((exc.path, exc.reason))
                broken.update(layout.read)
                continue
            parts.append((entry, _digest(fetched, lut)))
    return parts, failed, broken


def _fetch_file(
    entry: Any, grid: Grid, error: str, assumed: bool, layout: _Layout, wanted: list[int], masking: bool
) -> _Fetched:
    """The windows of one file (and of its SCL with masking on: a polygon row has no SCL column);
    _Unreadable (file, reason) when they cannot be read, _GridChanged when the file was placed on
    its tile's grid (``assumed``) and has another."""
    if error:
        raise _Unreadable(entry.path, error)
    fetched = _Fetched(entry, layout, wanted)
    if not layout.read and not assumed:  # every pixel of its zones is counted in another tile
        return fetched
    if assumed:
        try:
            dataset, own = open_with_header(entry.path)  # the reason is already worded
        except RasterError as exc:
            raise _Unreadable(entry.path, str(exc)) from None
        if own.key != grid.key:
            raise _GridChanged(entry.path)
    else:
        try:
            dataset = open_dataset(entry.path)  # kept: a band outlives no dataset in GDAL 3.6
        except RasterError as exc:
            raise _Unreadable(entry.path, failure(entry.path, exc)) from None
    if not layout.read:
        return fetched
    scl_dataset = None
    if entry.scl_path and masking:
        scl_dataset, scl_grid = _open_scl(entry.scl_path, grid)
        fetched.scl = layout.scl_gather(grid, scl_grid)
    fetched.data = _windows(dataset.GetRasterBand(1), layout.data, entry.path)
    if scl_dataset is not None and fetched.scl is not None:
        fetched.classes = _windows(scl_dataset.GetRasterBand(1), fetched.scl, entry.scl_path, "SCL file: ")
    return fetched


def _open_scl(path: str, data: Grid) -> tuple[gdal.Dataset, Grid]:
    try:
        dataset, grid = open_with_header(path)
    except RasterError as exc:
        raise _Unreadable(path, f"SCL file: {exc}") from None
    if not same_crs(grid.wkt, data.wkt):
        raise _Unreadable(path, "SCL file not in the coordinate system of its data file")
    return dataset, grid


def _windows(band: gdal.Band, gather: _Gather, path: str, prefix: str = "") -> list[np.ndarray]:
    """The windows of ``gather`` from ``band``; _Unreadable when GDAL fails."""
    blocks = []
    for col, row, width, height in gather.windows:
        try:
            blocks.append(read_window(band, col, row, width, height))
        except RasterError as exc:
            raise _Unreadable(path, prefix + failure(path, exc)) from None
    return blocks


def _assembled(gather: _Gather, blocks: Sequence[np.ndarray]) -> np.ndarray:
    """The pixels of ``gather`` taken from its windows' blocks (0 where no window holds one)."""
    out = np.zeros(gather.size, dtype=blocks[0].dtype if blocks else np.uint8)
    for block, (positions, flat) in zip(blocks, gather.picks, strict=True):
        out[positions] = block.ravel()[flat]
    return out


def _mask_lut(mask: frozenset[int]) -> np.ndarray:
    lut = np.zeros(256, dtype=bool)
    lut[sorted(mask)] = True
    return lut


#: Acquisitions whose statistics are computed together (rows then arrive in bursts of as many).
STATS_BATCH = 8


def _groups_rows(
    groups: Sequence[_ReadGroup],
    parsed: Sequence[tuple[int, ogr.Geometry]],
    on_stats: Callable[[ZoneStats], None] | None,
) -> tuple[list[ZoneStats], list[tuple[str, str]]]:
    """Rows of a few acquisitions from what their files give: the statistics of all computed at
    once (polygon ``i`` of the ``k``-th acquisition is group ``k * len(parsed) + i``)."""
    size = len(parsed)
    summaries = _batch_summaries([[part for _, part in parts] for parts, _, _ in groups], size)
    rows: list[ZoneStats] = []
    failed: list[tuple[str, str]] = []
    for k, (parts, group_failed, broken) in enumerate(groups):
        touched = {i for _, part in parts for i in part.count}
        rows += _stats(parsed, sorted(touched - broken), parts, summaries, k * size)
        failed += group_failed
    if on_stats is not None:
        for row in rows:
            on_stats(row)
    return rows, failed


def _digest(fetched: _Fetched, lut: np.ndarray | None) -> _Part:
    """What one file gives for the polygons asked of it: per pixel, masked when its SCL class is in
    the mask (pixels the SCL does not reach are not masked), else nodata, else out of range."""
    layout = fetched.layout
    count = dict.fromkeys(fetched.wanted, 0)  # a zone with no pixel: every one counted in another tile
    if not layout.read:
        return _Part(count, dict(count), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8))
    dn_all = _assembled(layout.data, fetched.data)
    if fetched.scl is not None and lut is not None:
        classes = _assembled(fetched.scl, fetched.classes)
        if classes.dtype != np.uint8:
            classes = np.clip(classes, 0, 255).astype(np.uint8)
        masked_all = lut[classes]
        if fetched.scl.covered is not None:
            masked_all &= fetched.scl.covered
    else:
        masked_all = np.zeros(dn_all.shape, dtype=bool)
    # Classified and scaled for all zones at once (numpy calls per zone cost more than the pixels).
    scaling = fetched.entry.scaling
    nodata, out_of_range = invalid_kinds(dn_all, scaling)
    valid_all = ~masked_all & ~nodata & ~out_of_range
    masked = dict(count)
    starts = np.cumsum(layout.sizes) - layout.sizes
    count.update(zip(layout.read, layout.sizes.tolist(), strict=True))
    masked.update(zip(layout.read, np.add.reduceat(masked_all, starts).tolist(), strict=True))
    return _Part(count, masked, layout.labels[valid_all], dn_all[valid_all], scaling.scale, scaling.offset)


def _stats(
    parsed: Sequence[tuple[int, ogr.Geometry]],
    complete: Sequence[int],
    parts: Sequence[tuple[Any, _Part]],
    summaries: dict[int, _Summary],
    offset: int,
) -> list[ZoneStats]:
    """A row per polygon of ``complete`` (ascending indexes) of one acquisition, its statistics in
    ``summaries`` under ``offset + index``."""
    rows = []
    for i in complete:
        if len(parts) == 1:  # one tile: the usual case, without the search for contributing files
            ((entry, part),) = parts
            product, tile, when = entry.product, entry.tile, entry.when
            count, masked = part.count[i], part.masked[i]
        else:
            wanted = [(entry, part) for entry, part in parts if i in part.count]
            contributing = [(entry, part) for entry, part in wanted if part.count[i]] or wanted
            product = "+".join(entry.product for entry, _ in contributing)
            tile = "+".join(entry.tile for entry, _ in contributing)
            when = contributing[0][0].when
            count = sum(part.count[i] for _, part in wanted)
            masked = sum(part.masked[i] for _, part in wanted)
        valid, mean, median, std, low, high = summaries.get(offset + i, _EMPTY)
        rows.append(
            ZoneStats(
                feature=parsed[i][0],
                when=when,
                product=product,
                tile=tile,
                count=count,
                valid=valid,
                masked=masked,
                masked_fraction=masked / count if count else 0.0,
                mean=mean,
                median=median,
                std=std,
                min=low,
                max=high,
            )
        )
    return rows


_Summary = tuple[int, float | None, float | None, float | None, float | None, float | None]
_EMPTY: _Summary = (0, None, None, None, None, None)


def _batch_summaries(acquisitions: Sequence[Sequence[_Part]], size: int) -> dict[int, _Summary]:
    """The statistics of each polygon of each acquisition (group ``k * size + i``): from a
    histogram of the digital numbers when they are bytes with one scaling (the archive's usual
    case), else from the physical values."""
    kept = [(k, group) for k, group in enumerate(acquisitions) if group]
    if not kept:
        return {}
    groups = len(acquisitions) * size
    labels = [np.concatenate([part.labels for part in group]) + k * size for k, group in kept]
    parts = [part for _, group in kept for part in group]
    scalings = {(part.scale, part.offset) for part in parts}
    if len(scalings) == 1 and all(part.dn.dtype == np.uint8 for part in parts):
        ((scale, offset),) = scalings
        dn = np.concatenate([part.dn for part in parts])  # in the order of the labels
        found = _byte_summaries(np.concatenate(labels), dn, scale, offset, groups)
        if found is not None:
            return found
    # Sorted values need the labels ascending: each file's are; several files of an acquisition
    # (tiles) are merged.
    ordered_labels, ordered_values = [], []
    for group_labels, (_, group) in zip(labels, kept, strict=True):
        values = np.concatenate([physical(part.dn, _Scaling(part.scale, part.offset)) for part in group])
        if len(group) > 1:
            order = np.argsort(group_labels, kind="stable")
            group_labels, values = group_labels[order], values[order]
        ordered_labels.append(group_labels)
        ordered_values.append(values)
    return _summaries(np.concatenate(ordered_labels), np.concatenate(ordered_values), groups)


@dataclass(frozen=True)
class _Scaling:
    scale: float
    offset: float


#: Histogram cells allowed per valid pixel before the byte path gives way to sorting values (many
#: polygons of a pixel or two would make the histogram far larger than the pixels).
_CELLS_PER_PIXEL = 16


def _byte_summaries(
    labels: np.ndarray, dn: np.ndarray, scale: float, offset: float, groups: int
) -> dict[int, _Summary] | None:
    """Statistics from a histogram of byte DNs per polygon (a pass over the pixels, then work on
    256 values per polygon: no sort). Each bin's physical value is computed as ``physical`` computes
    a pixel's, so medians, minima and maxima are the same values; means and deviations sum per bin.
    None when the histogram would be too large for the pixels."""
    sizes = np.bincount(labels, minlength=groups)
    filled = np.flatnonzero(sizes)
    if filled.size * 256 > _CELLS_PER_PIXEL * labels.size + 65536:
        return None
    compact = np.zeros(groups, dtype=np.int64)
    compact[filled] = np.arange(filled.size)
    hist = np.bincount(compact[labels] * 256 + dn, minlength=filled.size * 256).reshape(filled.size, 256)
    bins = physical(np.arange(256, dtype=np.uint8), _Scaling(scale, offset))
    by_value = np.argsort(bins, kind="stable")  # a negative scale reverses the order of the DNs
    bins, hist = bins[by_value], hist[:, by_value]
    counts = sizes[filled]
    means = (hist * bins).sum(axis=1) / counts  # not a matrix product: BLAS threads cost more here
    stds = np.sqrt((hist * (bins[None, :] - means[:, None]) ** 2).sum(axis=1) / counts)
    cumulative = hist.cumsum(axis=1)
    low = (cumulative > ((counts - 1) // 2)[:, None]).argmax(axis=1)
    high = (cumulative > (counts // 2)[:, None]).argmax(axis=1)
    medians = (bins[low] + bins[high]) / 2
    present = hist > 0
    lows = bins[present.argmax(axis=1)]
    highs = bins[255 - present[:, ::-1].argmax(axis=1)]
    return {
        i: (n, mean, median, std, least, most)
        for i, n, mean, median, std, least, most in zip(
            filled.tolist(),
            counts.tolist(),
            means.tolist(),
            medians.tolist(),
            stds.tolist(),
            lows.tolist(),
            highs.tolist(),
            strict=True,
        )
    }


def _summaries(labels: np.ndarray, values: np.ndarray, groups: int) -> dict[int, _Summary]:
    """(size, mean, median, population std, min, max) of the values of each label (``labels``
    ascending, below ``groups``) that has some: means, deviations, minima and maxima of all at
    once, the median by a partial sort of each (numpy calls on the whole acquisition cost less
    than per-group reductions; a full sort of it, more than the partitions). The median of an
    even count is the mean of the two middle values, as numpy's."""
    if not labels.size:
        return {}
    values = values.astype(np.float64, copy=False)
    sizes = np.bincount(labels, minlength=groups)
    ends = np.cumsum(sizes)
    starts = ends - sizes
    filled = np.flatnonzero(sizes)
    count = np.maximum(sizes, 1)
    means = np.bincount(labels, weights=values, minlength=groups) / count
    deviations = values - means[labels]
    stds = np.sqrt(np.bincount(labels, weights=deviations * deviations, minlength=groups) / count)
    # Empty groups hold no value: the filled groups' starts bound each filled group exactly.
    lows = np.minimum.reduceat(values, starts[filled])
    highs = np.maximum.reduceat(values, starts[filled])
    medians = np.empty(filled.size)
    values = values.copy()  # partitioned in place, group by group (the caller's stay as they are)
    for j, (start, end) in enumerate(zip(starts[filled].tolist(), ends[filled].tolist(), strict=True)):
        low, high = (end - start - 1) // 2, (end - start) // 2
        group = values[start:end]
        group.partition((low, high))
        medians[j] = (group[low] + group[high]) / 2
    return {
        i: (n, mean, median, std, low, high)
        for i, n, mean, median, std, low, high in zip(
            filled.tolist(),
            sizes[filled].tolist(),
            means[filled].tolist(),
            medians.tolist(),
            stds[filled].tolist(),
            lows.tolist(),
            highs.tolist(),
            strict=True,
        )
    }
