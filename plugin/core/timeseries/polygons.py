"""Field profiles: statistics of the physical values inside polygons, per acquisition.

The pixels of a polygon are those whose centre lies inside it, as QGIS's zonal statistics counts
them: the polygon, transformed vertex by vertex into the file's coordinate system, is rasterised
with ``ALL_TOUCHED=FALSE`` on its own window (the pixels its bounding box can hold), and only that
window is read. (QGIS switches to a weighted pixel-polygon intersection when at most one valid
pixel centre lies inside; that fallback is not reproduced: such a polygon gets count 0 or 1.)

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

Cancelling (``is_cancelled``) stops before the next acquisition; the rows computed so far are
returned. ``result.outside``: feature ids of polygons that no product covers.
"""

from __future__ import annotations

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
    physical,
    quiet_gdal,
    read_header,
    read_headers,
    read_window,
    run_tasks,
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
    scl_plans: dict = field(default_factory=dict, compare=False)  # SCL grid key -> _scl_plan


class _Unreadable(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


@dataclass
class _Part:
    """What one file gives for one polygon."""

    count: int = 0
    masked: int = 0
    values: np.ndarray | None = None


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
        self._assigned: dict[tuple, _Zone | None] = {}

    def windows(self, grid: Grid) -> list[_Zone | None]:
        """Every polygon rasterised on ``grid`` (None where no pixel centre can lie inside)."""
        found = self._windows.get(grid.key)
        if found is None:
            target = osr.SpatialReference()
            target.ImportFromWkt(grid.wkt)
            target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            ct = _to_grid(self.polygons, target)
            found = self._windows[grid.key] = [_rasterise(g, grid, target, ct) for _, g in self.polygons]
        return found

    def assigned(self, index: int, grid: Grid, others: Sequence[tuple[Grid, bool]]) -> _Zone | None:
        """Polygon ``index`` on ``grid`` keeping only pixels deeper here than in the ``others``
        grids of the acquisition (flag: that tile comes first in series order and wins ties)."""
        key = (index, grid.key, tuple((g.key, first) for g, first in others))
        if key not in self._assigned:
            self._assigned[key] = _deepest(self.windows(grid)[index], grid, others)
        return self._assigned[key]


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


def _rasterise(
    geometry: ogr.Geometry, grid: Grid, target: osr.SpatialReference, ct: osr.CoordinateTransformation | None
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
    cols, rows = grid.fractional(np.array([west, east]), np.array([north, south]))
    if not np.all(np.isfinite(cols)) or not np.all(np.isfinite(rows)):
        return None
    # Centres c + 0.5 inside [low, high]: c from ceil(low - 0.5) to floor(high - 0.5).
    col0 = max(0, int(np.ceil(min(cols) - 0.5)))
    col1 = min(grid.width - 1, int(np.floor(max(cols) - 0.5)))
    row0 = max(0, int(np.ceil(min(rows) - 0.5)))
    row1 = min(grid.height - 1, int(np.floor(max(rows) - 0.5)))
    if col1 < col0 or row1 < row0:
        return None
    width, height = col1 - col0 + 1, row1 - row0 + 1
    x0, px, _, y0, _, py = grid.transform
    raster = gdal.GetDriverByName("MEM").Create("", width, height, 1, gdal.GDT_Byte)
    raster.SetGeoTransform((x0 + col0 * px, px, 0.0, y0 + row0 * py, 0.0, py))
    raster.SetProjection(grid.wkt)
    # "Memory" (GDAL < 3.11) is called "MEM" from GDAL 3.11 on (Debian 13 may move there).
    layer_ds = (ogr.GetDriverByName("Memory") or ogr.GetDriverByName("MEM")).CreateDataSource("")
    layer = layer_ds.CreateLayer("zone", target, ogr.wkbUnknown)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(shape)
    layer.CreateFeature(feature)
    gdal.RasterizeLayer(raster, [1], layer, burn_values=[1], options=["ALL_TOUCHED=FALSE"])
    pixels = raster.GetRasterBand(1).ReadAsArray().astype(bool)
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
    workers: int = 4,
    is_cancelled: Callable[[], bool] | None = None,
    on_stats: Callable[[ZoneStats], None] | None = None,
) -> ZoneProfiles:
    """Statistics per polygon and acquisition (see the module docstring).

    Raises :class:`OutsideError` when every polygon lies outside every product, ValueError for a
    polygon that is not one or a coordinate system that is not understood."""
    from ..archive.series_query import SkippedProduct

    parsed = parse_polygons(polygons, polygon_crs)
    mask = mask_set(mask_classes)
    if not entries or not parsed:
        return ZoneProfiles()
    headers = read_headers([e.path for e in entries], workers)
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
            placed.append((entry, grid, header if isinstance(header, str) else ""))
        plans.append(_plan_group(placed, zones))
    outside = _outside(parsed, plans)
    if len(outside) == len(parsed):
        raise OutsideError(_outside_message(outside))
    tasks = [(lambda plan=plan: _read_group(plan, parsed, mask, on_stats)) for plan in plans if plan]
    results, _ = run_tasks(tasks, workers, is_cancelled)
    rows: list[ZoneStats] = []
    for group_rows, group_skipped in results:
        rows += group_rows
        for path, reason in group_skipped:
            skipped.setdefault(path, reason)
    order = {feature: i for i, (feature, _) in enumerate(parsed)}
    rows.sort(key=lambda r: (order[r.feature], r.when, r.tile, r.product))
    return ZoneProfiles(rows, [SkippedProduct(p, r) for p, r in skipped.items()], outside)


# (entry, grid, header error, per-polygon zone or None)
_Placed = tuple[Any, Grid, str, list]


def _plan_group(placed: Sequence[tuple[Any, Grid, str]], zones: _Zones) -> list[_Placed]:
    plan = []
    for position, (entry, grid, error) in enumerate(placed):
        others = [(other, k < position) for k, (_, other, _) in enumerate(placed) if k != position]
        per_polygon = [
            zones.assigned(i, grid, others) if zones.windows(grid)[i] is not None else None
            for i in range(len(zones.polygons))
        ]
        plan.append((entry, grid, error, per_polygon))
    return plan


def _outside(parsed: Sequence[tuple[int, ogr.Geometry]], plans: Sequence[Sequence[_Placed]]) -> list[int]:
    covered = [False] * len(parsed)
    for plan in plans:
        for _, _, _, per_polygon in plan:
            for i, zone in enumerate(per_polygon):
                covered[i] = covered[i] or zone is not None
    return [parsed[i][0] for i, hit in enumerate(covered) if not hit]


def _outside_message(features: Sequence[int]) -> str:
    listed = ", ".join(str(f) for f in features[:5]) + (" ..." if len(features) > 5 else "")
    return (
        f"polygon(s) {listed}: outside every product of the selection; check the layer's coordinate "
        "system and the collection, dates and tiles"
    )


def _read_group(
    plan: Sequence[_Placed],
    parsed: Sequence[tuple[int, ogr.Geometry]],
    mask: frozenset[int] | None,
    on_stats: Callable[[ZoneStats], None] | None,
) -> tuple[list[ZoneStats], list[tuple[str, str]]]:
    """Rows of one acquisition: each file of it read once, with its own dataset handles."""
    parts: list[list[tuple[Any, _Part] | None]] = [[] for _ in parsed]
    failed: list[tuple[str, str]] = []
    with quiet_gdal():
        for entry, grid, error, per_polygon in plan:
            wanted = [i for i, zone in enumerate(per_polygon) if zone is not None]
            if not wanted:
                continue
            try:
                found = _read_file(entry, grid, error, per_polygon, wanted, mask)
            except _Unreadable as exc:
                failed.append((exc.path, exc.reason))
                for i in wanted:
                    if per_polygon[i].pixels.any():
                        parts[i].append(None)  # needed but unreadable: no row for this polygon
                continue
            for i, part in found.items():
                parts[i].append((entry, part))
    complete = [i for i in range(len(parsed)) if parts[i] and all(p is not None for p in parts[i])]
    rows = _stats([(parsed[i][0], parts[i]) for i in complete])  # type: ignore[misc]
    if on_stats is not None:
        for row in rows:
            on_stats(row)
    return rows, failed


def _read_file(
    entry: Any,
    grid: Grid,
    error: str,
    per_polygon: Sequence[_Zone | None],
    wanted: Sequence[int],
    mask: frozenset[int] | None,
) -> dict[int, _Part]:
    """Parts of one file for the polygons in ``wanted``; _Unreadable (file, reason) when it cannot
    be read. The SCL is only read with masking on (a polygon row has no SCL column)."""
    if error:
        raise _Unreadable(entry.path, error)
    try:
        dataset = open_dataset(entry.path)  # kept: a band outlives no dataset in GDAL 3.6
        band = dataset.GetRasterBand(1)
    except RasterError as exc:
        raise _Unreadable(entry.path, failure(entry.path, exc)) from None
    scl = _SclWindows(entry.scl_path, grid, mask) if entry.scl_path and mask is not None else None
    if scl is not None and scl.error:
        raise _Unreadable(scl.path, scl.error)
    found = {i: _Part() for i in wanted}  # a zone with no pixel: every one counted in another tile
    read = [i for i in wanted if per_polygon[i].pixels.any()]  # type: ignore[union-attr]
    dns, masks = [], []
    for i in read:
        zone = per_polygon[i]
        assert zone is not None
        height, width = zone.pixels.shape
        try:
            dn = read_window(band, zone.col, zone.row, width, height)[zone.pixels]
        except RasterError as exc:
            raise _Unreadable(entry.path, failure(entry.path, exc)) from None
        dns.append(dn)
        masks.append(scl.masked(zone) if scl is not None else np.zeros(dn.shape, dtype=bool))
    if not read:
        return found
    # Classified and scaled for all zones at once (numpy calls per zone cost more than the pixels).
    dn_all, masked_all = np.concatenate(dns), np.concatenate(masks)
    nodata, out_of_range = invalid_kinds(dn_all, entry.scaling)
    valid_all = ~masked_all & ~nodata & ~out_of_range
    values_all = physical(dn_all, entry.scaling)
    end = 0
    for i, dn in zip(read, dns, strict=True):
        start, end = end, end + dn.size
        valid = valid_all[start:end]
        found[i] = _Part(int(dn.size), int(masked_all[start:end].sum()), values_all[start:end][valid])
    return found


class _SclWindows:
    """Which of a polygon's pixels are masked: the class of the SCL pixel holding each pixel centre
    (pixels the SCL does not reach are not masked)."""

    def __init__(self, path: str, data: Grid, mask: frozenset[int]) -> None:
        self.path, self.data, self.error = path, data, ""
        self.lut = np.zeros(256, dtype=bool)
        self.lut[sorted(mask)] = True
        try:
            self.grid = read_header(path)  # cached between calls
        except RasterError as exc:
            self.error = f"SCL file: {exc}"
            return
        try:
            self._ds = open_dataset(path)
        except RasterError as exc:
            self.error = f"SCL file: {failure(path, exc)}"
            return
        if not same_crs(self.grid.wkt, data.wkt):
            self.error = "SCL file not in the coordinate system of its data file"

    def masked(self, zone: _Zone) -> np.ndarray:
        plan = zone.scl_plans.get(self.grid.key)
        if plan is None:  # the same for every date of the tile: computed once
            plan = zone.scl_plans[self.grid.key] = _scl_plan(zone, self.data, self.grid)
        col, row, width, height, index = plan
        out = np.zeros(index.shape, dtype=bool)
        if width:
            try:
                block = read_window(self._ds.GetRasterBand(1), col, row, width, height)
            except RasterError as exc:
                raise _Unreadable(self.path, f"SCL file: {failure(self.path, exc)}") from None
            if block.dtype != np.uint8:
                block = np.clip(block, 0, 255).astype(np.uint8)
            inside = index >= 0
            out[inside] = self.lut[block.ravel()[index[inside]]]
        return out


def _scl_plan(zone: _Zone, data: Grid, scl: Grid) -> tuple[int, int, int, int, np.ndarray]:
    """SCL window of a zone and, per zone pixel (row-major, as ``dn[zone.pixels]``), the index of
    its SCL pixel in that window (-1: outside the SCL)."""
    rows, cols = np.nonzero(zone.pixels)
    scol, srow = scl_index(data, scl, cols + zone.col, rows + zone.row)
    inside = (scol >= 0) & (srow >= 0)
    if not inside.any():
        return (0, 0, 0, 0, np.full(rows.shape, -1, dtype=np.int64))
    col0, col1 = int(scol[inside].min()), int(scol[inside].max())
    row0, row1 = int(srow[inside].min()), int(srow[inside].max())
    width = col1 - col0 + 1
    index = np.where(inside, (srow - row0) * width + (scol - col0), -1)
    return (col0, row0, width, row1 - row0 + 1, index)


def _stats(polygons: Sequence[tuple[int, Sequence[tuple[Any, _Part]]]]) -> list[ZoneStats]:
    """A row per (feature, parts of its acquisition), the statistics of all computed at once."""
    summaries = _summaries(
        [[part.values for _, part in parts if part.values is not None] for _, parts in polygons]
    )
    rows = []
    for (feature, parts), summary in zip(polygons, summaries, strict=True):
        contributing = [(entry, part) for entry, part in parts if part.count] or list(parts)
        count = sum(part.count for _, part in parts)
        masked = sum(part.masked for _, part in parts)
        valid, mean, median, std, low, high = summary
        rows.append(
            ZoneStats(
                feature=feature,
                when=contributing[0][0].when,
                product="+".join(entry.product for entry, _ in contributing),
                tile="+".join(entry.tile for entry, _ in contributing),
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


def _summaries(groups: Sequence[Sequence[np.ndarray]]) -> list[_Summary]:
    """(size, mean, median, population std, min, max) of the values of each group of arrays (None
    statistics when it has none), for all groups at once: one sort and a few bincounts instead of
    numpy calls per group. The median of an even count is the mean of the two middle values, as
    numpy's."""
    sizes = np.array([sum(a.size for a in group) for group in groups], dtype=np.int64)
    out: list[_Summary] = [(0, None, None, None, None, None)] * len(groups)
    if not sizes.any():
        return out
    n_groups = len(groups)
    values = np.concatenate([a for group in groups for a in group]).astype(np.float64, copy=False)
    labels = np.repeat(np.arange(n_groups), sizes)
    ordered = values[np.lexsort((values, labels))]  # by array, then by value
    ends = np.cumsum(sizes)
    starts = ends - sizes
    count = np.maximum(sizes, 1)
    means = np.bincount(labels, weights=values, minlength=n_groups) / count
    deviations = values - means[labels]
    stds = np.sqrt(np.bincount(labels, weights=deviations * deviations, minlength=n_groups) / count)
    low, high = starts + (sizes - 1) // 2, starts + sizes // 2
    for i in np.flatnonzero(sizes):
        median = (ordered[low[i]] + ordered[high[i]]) / 2
        out[i] = (
            int(sizes[i]),
            float(means[i]),
            float(median),
            float(stds[i]),
            float(ordered[starts[i]]),
            float(ordered[ends[i] - 1]),
        )
    return out
