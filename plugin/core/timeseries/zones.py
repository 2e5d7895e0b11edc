"""Polygons placed on a grid: the pixels whose centre lies inside each, and the windows to read.

A polygon, transformed vertex by vertex into the grid's coordinate system, is rasterised by GDAL
with ``ALL_TOUCHED=FALSE`` on its own window (QGIS's zonal statistics rule). Where tiles of one
acquisition overlap, each pixel stays only in the tile in which its centre lies deepest. The
pixels of all polygons of a file are read in a few windows (:func:`gather`), computed once per
tile grid (:class:`Zones`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from osgeo import gdal, ogr, osr

from .common import Grid, scl_index, srs_from_user, transform_xy, transformation


@dataclass(frozen=True)
class Zone:
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
class Gather:
    """Where a list of pixels lies in a few windows of one grid: per window (column, row, width,
    height), the positions in the list it fills and the flat indexes in the window it takes them
    from. Pixels in no window (outside the grid) are left as they were."""

    windows: tuple[tuple[int, int, int, int], ...]
    picks: tuple[tuple[np.ndarray, np.ndarray], ...]
    size: int
    covered: np.ndarray | None  # bool per pixel: in a window (None: all are)


def gather(cols: np.ndarray, rows: np.ndarray) -> Gather:
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
    return Gather(tuple(windows), tuple(picks), int(cols.size), covered)


@dataclass
class Layout:
    """The zones of one file (same grid and the same other tiles for every date of a tile): which
    are read, where their pixels lie, and per SCL grid where their SCL pixels lie."""

    read: list[int]  # polygon indexes with pixels here, in pixel-list order (ascending)
    sizes: np.ndarray  # pixels of each, in that order
    labels: np.ndarray  # polygon index of every pixel
    cols: np.ndarray  # grid column of every pixel (zone after zone, row-major in each)
    rows: np.ndarray
    data: Gather
    scl: dict = field(default_factory=dict)  # SCL grid key -> Gather (computed on first use)

    @classmethod
    def of(cls, per_polygon: Sequence[Zone | None]) -> Layout:
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
        return cls(read, sizes, labels, all_cols, all_rows, gather(all_cols, all_rows))

    def scl_gather(self, data: Grid, scl: Grid) -> Gather:
        found = self.scl.get(scl.key)
        if found is None:  # the same for every date of the tile
            found = self.scl[scl.key] = gather(*scl_index(data, scl, self.cols, self.rows))
        return found


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


class Zones:
    """Polygons placed on grids, computed once per grid (all dates of a tile share it)."""

    def __init__(self, polygons: Sequence[tuple[int, ogr.Geometry]]) -> None:
        self.polygons = polygons
        self._windows: dict[tuple, list[Zone | None]] = {}
        self._placements: dict[tuple, tuple[list[Zone | None], Layout]] = {}

    def windows(self, grid: Grid) -> list[Zone | None]:
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

    def placement(self, grid: Grid, others: Sequence[tuple[Grid, bool]]) -> tuple[list[Zone | None], Layout]:
        """The zones of every polygon on ``grid`` given the ``others`` grids of the acquisition, and
        where their pixels lie: the same for every date of a tile, computed once."""
        key = (grid.key, tuple((g.key, first) for g, first in others))
        found = self._placements.get(key)
        if found is None:
            windows = self.windows(grid)
            # Each polygon keeps only the pixels deeper in this tile than in the others (the
            # flag: that tile comes first in series order and wins ties).
            per_polygon = [_deepest(zone, grid, others) if zone is not None else None for zone in windows]
            found = self._placements[key] = (per_polygon, Layout.of(per_polygon))
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
) -> Zone | None:
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
    return Zone(col0, row0, pixels)


def _deepest(zone: Zone | None, grid: Grid, others: Sequence[tuple[Grid, bool]]) -> Zone | None:
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
    return Zone(zone.col, zone.row, pixels)
