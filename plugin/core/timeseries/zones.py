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
            shapes = [_on_grid(g, grid, ct) for _, g in self.polygons]
            found = self._windows[grid.key] = _Burner(target).zones(shapes, grid)
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


@dataclass(frozen=True)
class _Shape:
    """A polygon in a grid's coordinate system and the window its pixel centres can lie in."""

    geometry: ogr.Geometry
    col: int
    row: int
    width: int
    height: int


class _Burner:
    """Polygons rasterised by GDAL (pixel centres inside, ``ALL_TOUCHED=FALSE``) through in-memory
    layers made once. The polygons are already in the grid's coordinate system: the rasters are
    given none (setting one parses the WKT each time), so GDAL transforms nothing.

    Polygons whose windows meet no other's within a ``BUCKET`` square are burnt together, each
    with its own number, into one raster over their windows (a burn costs more than a field's
    pixels); the others one by one. On a raster aligned with the grid GDAL decides each pixel
    centre alike, whatever the raster's extent."""

    def __init__(self, srs: osr.SpatialReference) -> None:
        # "Memory" (GDAL < 3.11) is called "MEM" from GDAL 3.11 on (Debian 13 may move there).
        self._source = (ogr.GetDriverByName("Memory") or ogr.GetDriverByName("MEM")).CreateDataSource("")
        self._layer = self._source.CreateLayer("zones", srs, ogr.wkbUnknown)
        self._layer.CreateField(ogr.FieldDefn("number", ogr.OFTInteger))
        self._driver = gdal.GetDriverByName("MEM")

    def zones(self, shapes: Sequence[_Shape | None], grid: Grid) -> list[Zone | None]:
        found: list[Zone | None] = [None] * len(shapes)
        for group in _burn_groups(shapes):
            placed = [(i, shapes[i]) for i in group]
            col = min(shape.col for _, shape in placed)
            row = min(shape.row for _, shape in placed)
            width = max(shape.col + shape.width for _, shape in placed) - col
            height = max(shape.row + shape.height for _, shape in placed) - row
            numbers = self._burn([shape.geometry for _, shape in placed], grid, col, row, width, height)
            for number, (i, shape) in enumerate(placed, start=1):
                window = numbers[
                    shape.row - row : shape.row - row + shape.height,
                    shape.col - col : shape.col - col + shape.width,
                ]
                found[i] = Zone(shape.col, shape.row, window == number)
        return found

    def _burn(
        self, geometries: Sequence[ogr.Geometry], grid: Grid, col: int, row: int, width: int, height: int
    ) -> np.ndarray:
        """Geometry ``k`` burnt as number ``k + 1`` on the window (0: none)."""
        x0, px, _, y0, _, py = grid.transform
        raster = self._driver.Create("", width, height, 1, gdal.GDT_Int32)
        raster.SetGeoTransform((x0 + col * px, px, 0.0, y0 + row * py, 0.0, py))
        fids = []
        for number, geometry in enumerate(geometries, start=1):
            feature = ogr.Feature(self._layer.GetLayerDefn())
            feature.SetGeometry(geometry)
            feature.SetField("number", number)
            self._layer.CreateFeature(feature)
            fids.append(feature.GetFID())
        try:
            gdal.RasterizeLayer(raster, [1], self._layer, options=["ATTRIBUTE=number", "ALL_TOUCHED=FALSE"])
        finally:
            for fid in fids:
                self._layer.DeleteFeature(fid)
        burnt = raster.GetRasterBand(1).ReadRaster(0, 0, width, height)  # bytes: no gdal_array detour
        return np.frombuffer(burnt, dtype=np.int32).reshape(height, width)


#: Polygons in one BUCKET square compared pairwise for overlapping windows, at most (beyond, one
#: by one).
_GROUP_LIMIT = 256


def _burn_groups(shapes: Sequence[_Shape | None]) -> list[list[int]]:
    """Indexes of the shapes burnt together: per BUCKET square (of a window's first pixel), those
    whose window meets no other's there; each of the others alone."""
    squares: dict[tuple[int, int], list[int]] = {}
    for i, shape in enumerate(shapes):
        if shape is not None:
            squares.setdefault((shape.row // BUCKET, shape.col // BUCKET), []).append(i)
    groups = []
    for members in squares.values():
        if len(members) > _GROUP_LIMIT:
            groups += [[i] for i in members]
            continue
        boxes = np.array([[shapes[i].col, shapes[i].row, shapes[i].width, shapes[i].height] for i in members])  # type: ignore[union-attr]
        left, top = boxes[:, 0], boxes[:, 1]
        right, bottom = left + boxes[:, 2], top + boxes[:, 3]
        meets = (left[:, None] < right[None, :]) & (left[None, :] < right[:, None])
        meets &= (top[:, None] < bottom[None, :]) & (top[None, :] < bottom[:, None])
        np.fill_diagonal(meets, False)
        alone = meets.any(axis=1)
        groups += [[i] for i, apart in zip(members, alone, strict=True) if apart]
        together = [i for i, apart in zip(members, alone, strict=True) if not apart]
        if together:
            groups.append(together)
    return groups


def _on_grid(geometry: ogr.Geometry, grid: Grid, ct: osr.CoordinateTransformation | None) -> _Shape | None:
    """``geometry`` in the grid's coordinate system and its window: the pixels whose centre can lie
    inside its envelope; None when none can (or PROJ cannot bring it there)."""
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
    return _Shape(shape, col0, row0, col1 - col0 + 1, row1 - row0 + 1)


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
