"""Deterministic demo archive with the real Terrascope layout, names and formats.

``python3 -m demo_archive OUTDIR [--full-size] [--listing-only N] [--seed S] [--force]``

Default mode writes a small archive (a 4.8 km x 4.8 km corner of two real MGRS tiles in
two UTM zones: a growing season of 30 dates from March to October 2020 on 31UFS, five dates
in May-June on 32ULB) under ``OUTDIR`` laid out as ``/data/MTDA`` is (reference section 1):

* ``TERRASCOPE_Sentinel2/{TOC,NDVI,FAPAR,LAI}_V2/YYYY/MM/DD/<product>/...`` (FAPAR and LAI
  with ``10M/`` and ``20M/`` folders), V200 everywhere on 31UFS, V210 on 32ULB, and one
  31UFS date with both V200 and V210;
* ``CGS_S2/CGS_S2_FAPAR/...`` one old V102 product (names with ``Z``, no scale tags: its
  scaling is unknown on purpose);
* ``CGS_S1/CGS_S1_GRD_SIGMA0_L1/...`` one sigma0 product (Float32 linear VV/VH, angle, XML);
* ``TIFFDERIVED/PROBAV_L3_S10_TOC_333M/YYYY/YYYYMMDD/...`` one PROBA-V NDVI GeoTIFF (EPSG:4326);
* junk a real mount has (unrelated files, an unreadable folder, a symlink loop, a dangling
  symlink, a truncated GeoTIFF), all listed in ``DEMO_MANIFEST.json``;
* ten fields on 31UFS sown with crops whose calendars differ (season.py): their polygons
  (EPSG:4326 WKT, centre) and their noiseless NDVI / FAPAR / LAI on every date in the
  manifest's ``fields``, and the polygons in ``fields.geojson`` beside it.

Rasters are tiled (256x256) DEFLATE GeoTIFFs in the tile's UTM CRS with 10/20/60 m pixels on
one grid anchored at the tile's real upper-left corner, so the 20 m SCL maps onto the 10 m
layers by 2x nearest neighbour. dtypes, nodata and V210 scale/offset tags come from
``scaling.py``. Values derive from one synthetic surface per tile (smooth gradients, crop
parcels following the crop calendars, a river and a lake, a town) seen through per-date cloud
blobs (a deck of them on a few mostly cloudy dates), their displaced shadows and cirrus; the
SCL is classified from the same fields. NDVI is computed from the quantised B04 and B08 the
TOC product holds (so it matches them within one NDVI DN); FAPAR and LAI follow from it.

Choices worth knowing:

* Biophysical layers are nodata (255) where the SCL is 0 (no data), 1 (saturated) or 9
  (cloud, high probability), as a processing chain would; pixels of classes 3, 8, 10 and 11
  keep (contaminated) values so that SCL masking has something to do. A few NDVI and FAPAR
  pixels hold out-of-range DN (251-254 / 201-254).
* XML cloud cover = percentage of SCL classes 8, 9 and 10 among pixels whose class is not 0.
* XML bounding box = the generated raster extent (the whole tile with ``--full``) projected
  to lon/lat, rounded outwards.
* Processing baseline is in ``gmd:dataQualityInfo//gmd:LI_Lineage/gmd:statement`` and
  ``gmd:processStep/gmd:LI_ProcessStep/gmd:description`` (``Processing baseline 02.09``).

``--full-size`` (``--full``) writes true 10980x10980 / 5490x5490 / 1830x1830 rasters, block by
block, by default only the NDVI products (NDVI 10 m + SCL 20 m) of the 31UFS season: the tile
on a 60 m grid with the default window (and its fields) in full detail (fullsize.py);
``--full-detail`` computes the whole tile at 10 m instead (slow).
``--listing-only N`` writes empty files with real names for N products over several years.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np
from osgeo import gdal, osr

from plugin.core.products.scaling import AEROSOL, ANGLE, PROBAV, REFLECTANCE, S2_BIOPAR, WATER_VAPOUR

from . import season
from .fullsize import run_full_acquisition
from .metadata_xml import XmlInfo, iso_utc, product_xml
from .season import BARE, BEET, CEREAL, FOREST, GRASS, MAIZE, POTATO, URBAN, WATER

MANIFEST = "DEMO_MANIFEST.json"
MANIFEST_FORMAT = 1
S2_ROOT = "TERRASCOPE_Sentinel2"
CGS_S2_ROOT = "CGS_S2"
S1_ROOT = "CGS_S1"
TIFF_ROOT = "TIFFDERIVED"
# Top-level folders a run may create: an interrupted run's manifest lists them all, so that
# --force can clean up after it.
ALL_ROOTS = (S2_ROOT, CGS_S2_ROOT, S1_ROOT, TIFF_ROOT)
TILE_SIZE_M = 109800  # a Sentinel-2 MGRS tile is 109.8 km wide
FULL_SIZE_10M = TILE_SIZE_M // 10
DEFAULT_SIZE_10M = 480  # 4.8 km: small, not a multiple of 256 (exercises partial blocks)
BLOCK_ROWS_60M = 16  # rows of 60 m pixels per processing block (96 rows at 10 m)
PROCESSING_BASELINE = "02.09"
WORKERS = max(1, min(2, os.cpu_count() or 1))  # acquisitions written at the same time

GTIFF_OPTIONS = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "ZLEVEL=1"]
INT_PREDICTOR = ["PREDICTOR=2"]

S2_PRODUCTS = ("TOC", "NDVI", "FAPAR", "LAI")
S2_FAMILIES = ("S2_TOC", "S2_BIOPAR")
EXTRA_PRODUCTS = ("CGS", "S1", "PROBAV")
ALL_PRODUCTS = S2_PRODUCTS + EXTRA_PRODUCTS


class DemoError(Exception):
    """Bad input or an output directory we must not write into."""


# --------------------------------------------------------------------------------------
# Tiles, acquisitions, output records


@dataclass(frozen=True)
class MgrsTile:
    id: str
    epsg: int
    ulx: float  # real upper-left corner of the Sentinel-2 tile in its UTM zone
    uly: float
    orbit: int  # relative orbit used for the acquisition times
    hhmm: str
    index: int  # seeds this tile's fields


TILES: dict[str, MgrsTile] = {
    "31UFS": MgrsTile("31UFS", 32631, 600000.0, 5700000.0, 51, "1050", 0),
    "32ULB": MgrsTile("32ULB", 32632, 300000.0, 5700000.0, 8, "1040", 1),
}

# Dates (offsets in 5-day revisit steps from the first date) per tile; 31UFS has the growing
# season of season.py (March to October), its May-June core first (see ``acquisitions``).
SERIES_START = {"31UFS": date(2020, 5, 2), "32ULB": date(2020, 5, 4)}
SERIES_STEPS = {"31UFS": season.SEASON_STEPS, "32ULB": (0, 2, 4, 7, 11)}
DUAL_VERSION_STEP = ("31UFS", 3)  # this 31UFS date exists as V200 and V210


@dataclass(frozen=True)
class Acquisition:
    tile: MgrsTile
    mission: str
    sensing: datetime
    step: int
    versions: tuple[str, ...]
    edge_cut: bool  # the orbit's swath edge cuts the tile: a nodata strip

    @property
    def stem(self) -> str:
        return f"{self.mission}_{self.sensing:%Y%m%dT%H%M%S}_{self.tile.id}"

    @property
    def day_folder(self) -> str:
        return f"{self.sensing:%Y/%m/%d}"

    @property
    def day_of_year(self) -> float:
        return float(season.day_of_year(self.sensing))


@dataclass
class DemoProduct:
    collection: str  # e.g. "TOC_V2", "CGS_S1_GRD_SIGMA0_L1"
    family: str  # names.py family id
    product: str  # "TOC", "NDVI", "SIGMA0", ...
    path: str  # product folder, absolute
    tile: str | None
    start: datetime
    version: str
    files: list[str] = field(default_factory=list)  # absolute paths
    cloud_cover: float | None = None

    def to_json(self, root: str) -> dict:
        return {
            "collection": self.collection,
            "family": self.family,
            "product": self.product,
            "path": _rel(self.path, root),
            "tile": self.tile,
            "start": self.start.isoformat().replace("+00:00", "Z"),
            "version": self.version,
            "files": [_rel(f, root) for f in self.files],
            "cloud_cover": self.cloud_cover,
        }


@dataclass
class DemoSummary:
    root: str
    mode: str  # "default" | "full"
    seed: int
    size_10m: int
    products: list[DemoProduct] = field(default_factory=list)
    junk: dict[str, list[str]] = field(default_factory=dict)  # kind -> absolute paths
    seconds: float = 0.0
    fields: list[dict] = field(default_factory=list)  # season.field_records(): fields, true curves

    def find(
        self, collection: str | None = None, tile: str | None = None, version: str | None = None
    ) -> list[DemoProduct]:
        return [
            p
            for p in self.products
            if (collection is None or p.collection == collection)
            and (tile is None or p.tile == tile)
            and (version is None or p.version == version)
        ]

    @property
    def files(self) -> list[str]:
        return [f for p in self.products for f in p.files]


@dataclass
class ListingSummary:
    root: str
    n_products: int
    n_files: int
    by_collection: dict[str, int]
    seconds: float = 0.0


def _rel(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def _utc(d: date, hhmmss: str) -> datetime:
    return datetime(d.year, d.month, d.day, int(hhmmss[:2]), int(hhmmss[2:4]), int(hhmmss[4:6]), tzinfo=UTC)


def acquisitions(tile_ids: Sequence[str], n_dates: int | None) -> list[Acquisition]:
    """The demo's Sentinel-2 acquisitions: a 5-day revisit alternating S2A/S2B, by date.

    ``n_dates`` takes the first N steps of each tile's series: for 31UFS the May-June core
    (2 May, 7 May, ...) before the rest of the season, so small archives keep their dates."""
    out = []
    for tile_id in tile_ids:
        tile = TILES[tile_id]
        steps = SERIES_STEPS[tile_id][:n_dates] if n_dates else SERIES_STEPS[tile_id]
        for step in steps:
            day = SERIES_START[tile_id] + timedelta(days=5 * step)
            mission = "S2B" if step % 2 == 0 else "S2A"
            seconds = 29 if mission == "S2B" else 31
            if tile_id == "32ULB":
                versions: tuple[str, ...] = ("V210",)
            elif (tile_id, step) == DUAL_VERSION_STEP:
                versions = ("V200", "V210")
            else:
                versions = ("V200",)
            out.append(
                Acquisition(
                    tile=tile,
                    mission=mission,
                    sensing=_utc(day, f"{tile.hhmm}{seconds:02d}"),
                    step=step,
                    versions=versions,
                    edge_cut=step % 4 == 1,
                )
            )
    return sorted(out, key=lambda a: (a.tile.id, a.sensing))


# --------------------------------------------------------------------------------------
# Deterministic noise


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser on a uint64 array (wraps by design)."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def hash01(seed: int, *keys: np.ndarray) -> np.ndarray:
    """Uniform [0, 1) float32 from integer arrays (broadcast), stable across runs and blocks."""
    h = np.asarray([seed & 0xFFFFFFFF], dtype=np.uint64)
    for k in keys:
        h = _mix(h ^ (np.asarray(k).astype(np.int64).astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)))
    return (h >> np.uint64(40)).astype(np.float32) * np.float32(1.0 / (1 << 24))


def _rng(seed: int, *keys: int) -> np.random.Generator:
    return np.random.default_rng([seed & 0xFFFFFFFF, *[k & 0xFFFFFFFF for k in keys]])


_NOISE_TABLES: dict[int, np.ndarray] = {}
NOISE_TABLE_SIZE = 1021  # prime, so the pattern does not line up with 256-pixel blocks


def _noise_table(seed: int) -> np.ndarray:
    if seed not in _NOISE_TABLES:
        shape = (NOISE_TABLE_SIZE, NOISE_TABLE_SIZE)
        _NOISE_TABLES[seed] = _rng(seed, 99).standard_normal(shape, dtype=np.float32)
    return _NOISE_TABLES[seed]


# --------------------------------------------------------------------------------------
# The synthetic surface


@dataclass(frozen=True)
class Grid:
    """Pixel centres of a block: ``nrows`` rows from ``row0`` at ``res`` metres."""

    tile: MgrsTile
    res: int
    row0: int
    nrows: int
    ncols: int

    @cached_property
    def dx(self) -> np.ndarray:  # metres east of the tile's west edge, shape (1, ncols)
        return ((np.arange(self.ncols, dtype=np.float64) + 0.5) * self.res).astype(np.float32)[None, :]

    @cached_property
    def dy(self) -> np.ndarray:  # metres south of the tile's north edge, shape (nrows, 1)
        rows = np.arange(self.row0, self.row0 + self.nrows, dtype=np.float64)
        return ((rows + 0.5) * self.res).astype(np.float32)[:, None]


BANDS_10M = ("B02", "B03", "B04", "B08")
BANDS_20M = ("B05", "B06", "B07", "B8A", "B11", "B12")
BANDS_60M = ("B01",)
# Typical reflectances (soil, green vegetation, water, town, thick cloud) per band.
SPECTRA: dict[str, tuple[float, float, float, float, float]] = {
    "B01": (0.08, 0.03, 0.07, 0.12, 0.55),
    "B02": (0.07, 0.03, 0.06, 0.12, 0.55),
    "B03": (0.10, 0.07, 0.05, 0.13, 0.54),
    "B04": (season.SOIL_RED, season.VEG_RED, 0.03, 0.14, 0.55),
    "B05": (0.16, 0.10, 0.025, 0.15, 0.56),
    "B06": (0.19, 0.28, 0.02, 0.16, 0.57),
    "B07": (0.21, 0.36, 0.018, 0.17, 0.58),
    "B08": (season.SOIL_NIR, season.VEG_NIR, 0.015, 0.18, 0.58),
    "B8A": (0.25, 0.42, 0.013, 0.19, 0.58),
    "B11": (0.32, 0.19, 0.008, 0.22, 0.40),
    "B12": (0.27, 0.09, 0.005, 0.20, 0.30),
}


@dataclass(frozen=True)
class Surface:
    cover: np.ndarray  # uint8 land cover class
    key: np.ndarray  # uint8 greenness key: the cover class, or N_COVERS + k in season.FIELDS[k]
    vigour: np.ndarray  # float32 multiplier of greenness (smooth gradient x parcel variation)


def surface(grid: Grid, seed: int, extent_m: float) -> Surface:
    """Static land cover: parcels on a rotated lattice, smooth gradients, river, lake, town."""
    tile = grid.tile
    dx, dy = grid.dx, grid.dy
    theta = 0.28 + 0.2 * tile.index
    u = dx * np.float32(math.cos(theta)) + dy * np.float32(math.sin(theta))
    v = dy * np.float32(math.cos(theta)) - dx * np.float32(math.sin(theta))
    col_w = np.float32(380.0)
    ix = np.floor(u / col_w).astype(np.int32)
    # Per-parcel random numbers come from small lookup tables (hashing every pixel is slow).
    ix0 = int(ix.min())
    cols = np.arange(ix0, int(ix.max()) + 1)
    col_h = (170.0 + 230.0 * hash01(seed, cols, tile.index, 1))[ix - ix0]
    shift = (400.0 * hash01(seed, cols, tile.index, 2))[ix - ix0]
    vy = (v + shift) / col_h
    iy = np.floor(vy).astype(np.int32)
    iy0 = int(iy.min())
    rows = np.arange(iy0, int(iy.max()) + 1)
    parcel = hash01(seed, cols[:, None], rows[None, :], tile.index, 3)[ix - ix0, iy - iy0]
    variation = hash01(seed, cols[:, None], rows[None, :], tile.index, 4)[ix - ix0, iy - iy0]
    # Land cover shares: grass, cereal, maize, potato, sugar beet, forest, bare.
    shares = np.array([0.26, 0.46, 0.62, 0.72, 0.80, 0.90], dtype=np.float32)
    classes = np.array([GRASS, CEREAL, MAIZE, POTATO, BEET, FOREST, BARE], dtype=np.uint8)
    cover = classes[np.searchsorted(shares, parcel, side="right")]
    # Field margins: 10-15 m tracks between parcels.
    along = (u / col_w) - ix
    across = (vy - iy) * col_h
    track = (along * col_w < 12.0) | (across < 10.0)
    cover[track] = BARE
    # A town in the south-east of the window and a forest belt in the north.
    ex = np.float32(extent_m)
    size = np.float32(min(extent_m, 20000.0))
    town = ((dx - 0.78 * ex) / (0.12 * size)) ** 2 + ((dy - 0.82 * ex) / (0.10 * size)) ** 2 < 1.0
    cover[town] = URBAN
    forest = (dy < 0.12 * ex) & (np.sin(dx / (0.07 * ex) + tile.index) > -0.2)
    cover[forest & ~town] = FOREST
    # A meandering river and a lake.
    centre = 0.42 * ex + 0.08 * ex * np.sin(dx / (0.11 * ex) + tile.index) + 0.03 * ex * np.sin(dx / 517.0)
    river = np.abs(dy - centre) < (35.0 + 15.0 * np.sin(dx / 900.0))
    lake = ((dx - 0.25 * ex) / 420.0) ** 2 + ((dy - 0.22 * ex) / 260.0) ** 2 < 1.0
    cover[river | lake] = WATER
    smooth = (
        0.5
        + 0.25 * np.sin(dx / 1170.0 + 0.7 * tile.index) * np.cos(dy / 830.0)
        + 0.15 * np.sin((dx + dy) / 2090.0)
    )
    vigour = (0.78 + 0.3 * smooth + 0.2 * (variation - 0.5)).astype(np.float32)
    key = cover.copy()
    if tile.id == season.FIELDS_TILE and extent_m >= season.FIELDS_EXTENT_M:
        fields = season.field_index(dx, dy)
        inside = fields > 0
        for k, f in enumerate(season.FIELDS):
            cover[fields == k + 1] = season.CALENDARS[f.crop].cover
        key[inside] = season.N_COVERS + fields[inside] - 1
        vigour[inside] = 1.0  # a field's vigour is in its calendar (season.Field.greenness)
    return Surface(cover=cover, key=key, vigour=vigour)


_SURFACES: dict[tuple, Surface] = {}
SURFACE_CACHE_BYTES = 256 << 20


def static_surface(grid: Grid, seed: int, extent_m: float) -> Surface:
    """surface() of a block, remembered across the dates of a run (the land does not move)."""
    key = (grid.tile.id, grid.res, grid.row0, grid.nrows, grid.ncols, seed, extent_m)
    found = _SURFACES.get(key)
    if found is None:
        found = surface(grid, seed, extent_m)
        if sum(s.vigour.nbytes * 1.5 for s in _SURFACES.values()) < SURFACE_CACHE_BYTES:
            _SURFACES[key] = found
    return found


@dataclass(frozen=True)
class CloudBlob:
    cx: float  # metres from the tile's west / north edges
    cy: float
    rx: float
    ry: float
    phase: float
    wobble: float  # edge wavelength in metres


@dataclass(frozen=True)
class Weather:
    blobs: tuple[CloudBlob, ...]
    shadow_dx: float  # shadow offset of the blobs (metres, east / south)
    shadow_dy: float
    cirrus: tuple[float, float, float, float] | None  # offset, angle, width, strength
    snow: bool


# Target cloud fraction per date of 32ULB (31UFS: season.SEASON_CLOUDINESS).
CLOUDINESS = (0.2, 0.02, 0.35, 0.06, 0.0, 0.25, 0.1, 0.5, 0.04, 0.15, 0.0, 0.3)


def cloudiness(acq: Acquisition) -> float:
    if acq.tile.id == season.FIELDS_TILE:
        return season.SEASON_CLOUDINESS[acq.step]
    return CLOUDINESS[(acq.step + 3 * acq.tile.index) % len(CLOUDINESS)]


@functools.lru_cache(maxsize=64)
def weather(acq: Acquisition, seed: int, extent_m: float) -> Weather:
    rng = _rng(seed, acq.tile.index, acq.step, 11)
    cover = cloudiness(acq)
    blobs = []
    area = extent_m * extent_m
    mean_r = min(0.06 * extent_m, 1500.0)  # cumulus-sized in the full tile too
    # Mostly cloudy dates (cover >= 1): a deck of large clouds over most of the window.
    deck_r = min(0.3 * extent_m, 12000.0)
    for _ in range(int(round(max(0.0, cover - 0.8) * 1.6 * area / (math.pi * deck_r * deck_r)))):
        r = deck_r * rng.uniform(0.7, 1.3)
        blobs.append(
            CloudBlob(
                cx=float(rng.uniform(0.1, 0.9) * extent_m),
                cy=float(rng.uniform(0.1, 0.9) * extent_m),
                rx=float(r * rng.uniform(0.8, 1.3)),
                ry=float(r * rng.uniform(0.8, 1.3)),
                phase=float(rng.uniform(0, 2 * math.pi)),
                wobble=float(0.1 * r),
            )
        )
    n = int(round(min(cover, 0.6) * area / (math.pi * mean_r * mean_r)))
    for _ in range(n):
        r = mean_r * rng.uniform(0.5, 1.5)
        blobs.append(
            CloudBlob(
                cx=float(rng.uniform(-0.05, 1.05) * extent_m),
                cy=float(rng.uniform(-0.05, 1.05) * extent_m),
                rx=float(r * rng.uniform(0.7, 1.4)),
                ry=float(r * rng.uniform(0.7, 1.4)),
                phase=float(rng.uniform(0, 2 * math.pi)),
                wobble=float(r * rng.uniform(0.15, 0.3)),
            )
        )
    # Clouds ~1.5 km high, sun in the south-south-east: shadows fall north-north-west.
    length = 1000.0 + 300.0 * float(rng.uniform())
    azimuth = math.radians(335.0 + 10.0 * float(rng.uniform()))
    cirrus = None
    if acq.step % 3 == 2:
        cirrus = (
            float(rng.uniform(0.3, 0.7) * extent_m),
            float(rng.uniform(0, math.pi)),
            float(0.12 * extent_m),
            float(rng.uniform(0.12, 0.2)),
        )
    return Weather(
        blobs=tuple(blobs),
        shadow_dx=length * math.sin(azimuth),
        shadow_dy=-length * math.cos(azimuth),
        cirrus=cirrus,
        snow=acq.step % 5 == 0,
    )


@functools.lru_cache(maxsize=8)
def _blob_rows(blobs: tuple[CloudBlob, ...]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([b.cy for b in blobs]), np.array([1.3 * b.ry for b in blobs])


def _blob_field(grid: Grid, blobs: Sequence[CloudBlob], off_x: float, off_y: float) -> np.ndarray:
    """Cloud opacity 0..1 of blobs shifted by (off_x, off_y); only touched windows are computed."""
    out = np.zeros((grid.nrows, grid.ncols), dtype=np.float32)
    y0 = grid.row0 * grid.res
    y1 = y0 + grid.nrows * grid.res
    cys, reaches = _blob_rows(tuple(blobs))
    near = np.flatnonzero((cys + off_y + reaches >= y0) & (cys + off_y - reaches <= y1))
    for i in near.tolist():  # a full tile has a thousand blobs: skip those off this block
        b = blobs[i]
        cx, cy = b.cx + off_x, b.cy + off_y
        reach_x, reach_y = 1.3 * b.rx, 1.3 * b.ry
        r0 = max(0, int((cy - reach_y - y0) // grid.res))
        r1 = min(grid.nrows, int((cy + reach_y - y0) // grid.res) + 1)
        c0 = max(0, int((cx - reach_x) // grid.res))
        c1 = min(grid.ncols, int((cx + reach_x) // grid.res) + 1)
        if r0 >= r1 or c0 >= c1:
            continue
        dx = grid.dx[:, c0:c1] - np.float32(cx)
        dy = grid.dy[r0:r1, :] - np.float32(cy)
        d2 = (dx / np.float32(b.rx)) ** 2 + (dy / np.float32(b.ry)) ** 2
        w = np.float32(b.wobble)
        edge = np.sin(dx / w + b.phase) * np.cos(dy / (1.3 * w) - b.phase) + 0.5 * np.sin(
            (dx + dy) / (0.37 * w) + 2.0 * b.phase
        )
        alpha = np.clip((1.0 - d2) * 4.0 + 0.3 * edge, 0.0, 1.0)  # sharp-edged cumulus
        np.maximum(out[r0:r1, c0:c1], alpha, out=out[r0:r1, c0:c1])
    return out


def _cirrus_field(grid: Grid, cirrus: tuple[float, float, float, float] | None) -> np.ndarray:
    if cirrus is None:
        return np.zeros((grid.nrows, grid.ncols), dtype=np.float32)
    offset, angle, width, strength = cirrus
    dist = grid.dx * np.float32(math.cos(angle)) + grid.dy * np.float32(math.sin(angle)) - np.float32(offset)
    band = np.clip(1.0 - np.abs(dist) / np.float32(width), 0.0, 1.0)
    return (strength * band * (0.75 + 0.25 * np.sin(grid.dx / 700.0 + grid.dy / 450.0))).astype(np.float32)


def _edge_cut(grid: Grid, extent_m: float) -> np.ndarray:
    """The swath edge of another orbit: a slanted strip along the west edge has no data."""
    limit = np.float32(0.18 * extent_m) + np.float32(0.12) * grid.dy
    return np.broadcast_to(grid.dx < limit, (grid.nrows, grid.ncols))


# --------------------------------------------------------------------------------------
# A block of one acquisition: every layer is computed lazily from the same fields


class Scene:
    """All quantities of one acquisition on one block of rows (in 60 m rows)."""

    def __init__(self, acq: Acquisition, seed: int, size_10m: int, row0_60m: int, nrows_60m: int):
        self.acq = acq
        self.seed = seed
        self.extent_m = float(size_10m * 10)
        self.size_10m = size_10m
        self.row0_60m = row0_60m
        self.nrows_60m = nrows_60m
        self.weather = weather(acq, seed, self.extent_m)
        self._cache: dict[tuple, object] = {}

    def grid(self, res: int) -> Grid:
        factor = 60 // res
        return self._cached(
            ("grid", res),
            lambda: Grid(
                self.acq.tile, res, self.row0_60m * factor, self.nrows_60m * factor, self.size_10m * 10 // res
            ),
        )

    def _cached(self, key: tuple, make: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def surface(self, res: int) -> Surface:
        return self._cached(
            ("surface", res), lambda: static_surface(self.grid(res), self.seed, self.extent_m)
        )

    def greenness(self, res: int) -> np.ndarray:
        def make() -> np.ndarray:
            s = self.surface(res)
            doy = self.acq.day_of_year
            table = np.concatenate([season.cover_greenness(doy), season.field_greenness(doy)])
            g = table[s.key] * s.vigour
            return np.clip(g, 0.0, 1.0).astype(np.float32)

        return self._cached(("green", res), make)

    def clouds(self, res: int) -> np.ndarray:
        return self._cached(("cloud", res), lambda: _blob_field(self.grid(res), self.weather.blobs, 0.0, 0.0))

    def shadows(self, res: int) -> np.ndarray:
        w = self.weather
        return self._cached(
            ("shadow", res), lambda: _blob_field(self.grid(res), w.blobs, w.shadow_dx, w.shadow_dy)
        )

    def cirrus(self, res: int) -> np.ndarray:
        return self._cached(("cirrus", res), lambda: _cirrus_field(self.grid(res), self.weather.cirrus))

    def noise(self, res: int, key: int) -> np.ndarray:
        """Gaussian noise: a window of a seeded noise table at an offset per date and key
        (much cheaper than drawing every pixel, and independent of the block layout)."""
        g = self.grid(res)
        table = _noise_table(self.seed)
        n = table.shape[0]
        offset = int(_rng(self.seed, self.acq.tile.index, self.acq.step, res, key).integers(0, n * n))
        rows = (np.arange(g.row0, g.row0 + g.nrows) + offset // n) % n
        cols = (np.arange(g.ncols) + offset % n) % n
        return table[rows[:, None], cols[None, :]]

    def uniform(self, res: int, key: int) -> np.ndarray:
        g = self.grid(res)
        rng = _rng(self.seed, self.acq.tile.index, self.acq.step, res, g.row0, key)
        return rng.random((g.nrows, g.ncols), dtype=np.float32)

    @property
    def scl(self) -> np.ndarray:
        """Scene classification at 20 m (uint8), classified from the same fields."""
        return self._cached(("scl",), self._classify)

    def _classify(self) -> np.ndarray:
        grid = self.grid(20)
        cover = self.surface(20).cover
        green = self.greenness(20)
        cloud, shadow, cirrus = self.clouds(20), self.shadows(20), self.cirrus(20)
        scl = np.where(green >= 0.45, 4, 5).astype(np.uint8)
        scl[cover == WATER] = 6
        scl[(shadow > 0.2) & (shadow <= 0.4) & (cover == FOREST)] = 2
        rnd = self.uniform(20, 5)
        if self.weather.snow:
            scl[(cover == URBAN) & (rnd < 0.004)] = 11  # bright roofs taken for snow
        scl[(shadow > 0.3) & (cloud < 0.05)] = 3
        scl[cirrus >= 0.08] = 10
        scl[(cloud >= 0.05) & (cloud < 0.15)] = 7  # cloud edges
        scl[(cloud >= 0.15) & (cloud < 0.6)] = 8
        scl[cloud >= 0.6] = 9
        scl[rnd > 0.99985] = 1
        if self.acq.edge_cut:
            scl[_edge_cut(grid, self.extent_m)] = 0
        return scl

    def scl_at(self, res: int) -> np.ndarray:
        """SCL on another grid: 2x nearest neighbour at 10 m, centre pixel at 60 m."""
        if res == 20:
            return self.scl
        if res == 10:
            return self._cached(("scl", 10), lambda: np.repeat(np.repeat(self.scl, 2, axis=0), 2, axis=1))
        return self._cached(("scl", 60), lambda: self.scl[1::3, 1::3])

    def reflectance(self, band: str, res: int) -> np.ndarray:
        """Top-of-canopy reflectance (float32) of a band evaluated on the ``res`` grid."""
        return self._cached(("refl", band, res), lambda: self._reflectance(band, res))

    def _reflectance(self, band: str, res: int) -> np.ndarray:
        soil, veg, water, town, cloud_r = SPECTRA[band]
        cover = self.surface(res).cover
        green = self.greenness(res)
        r = np.float32(soil) + green * np.float32(veg - soil)
        r[cover == WATER] = water
        r[cover == URBAN] = town
        r *= 1.0 - 0.65 * self.shadows(res) * (self.clouds(res) < 0.15)
        r += self.cirrus(res) * np.float32(0.3 * cloud_r)
        alpha = self.clouds(res)
        r = r * (1.0 - alpha) + alpha * np.float32(cloud_r)
        r += self.noise(res, sum(map(ord, band))) * np.float32(0.004)
        scl = self.scl_at(res)
        r[scl == 1] = 0.95
        return np.clip(r, 0.0, 1.6)

    def toc_dn(self, band: str, res: int) -> np.ndarray:
        """Reflectance digital numbers (int16, no nodata yet) as the TOC file holds them."""
        scale = REFLECTANCE.scale or 1.0
        return self._cached(
            ("dn", band, res),
            lambda: _to_dn(self.reflectance(band, res), scale, 0.0, 0, 16000).astype(np.int16),
        )

    def ndvi(self, res: int) -> np.ndarray:
        """NDVI of the quantised B04 / B08 reflectances: what a user computes from the TOC files
        (float64, so that the NDVI product matches it within its own quantisation)."""

        def make() -> np.ndarray:
            red = self.toc_dn("B04", res).astype(np.float64)
            nir = self.toc_dn("B08", res).astype(np.float64)
            return (nir - red) / np.maximum(nir + red, 1.0)

        return self._cached(("ndvi", res), make)

    def biopar(self, product: str, res: int) -> np.ndarray:
        """Physical NDVI / FAPAR / LAI derived from the reflectances."""
        ndvi = self.ndvi(res)
        if product == "NDVI":
            return ndvi
        fapar = season.fapar_from_ndvi(ndvi)
        if product == "FAPAR":
            return fapar
        if product == "LAI":
            return season.lai_from_fapar(fapar)
        raise DemoError(f"unknown biophysical product {product!r}")

    def nodata(self, res: int) -> np.ndarray:
        return self.scl_at(res) == 0


# --------------------------------------------------------------------------------------
# Layers: how to turn a Scene into the numbers of one file


@dataclass(frozen=True)
class Layer:
    path: str
    res: int
    gdal_type: int
    bands: int
    nodata: float | None
    scale: float | None  # written as GDAL scale/offset tags when not None
    offset: float | None
    compute: Callable[[Scene], np.ndarray]  # (rows, cols) or (bands, rows, cols)


def _to_dn(values: np.ndarray, scale: float, offset: float, lo: int, hi: int) -> np.ndarray:
    return np.clip(np.rint((values - offset) / scale), lo, hi)


def _toc_band(band: str) -> Callable[[Scene], np.ndarray]:
    res = 10 if band in BANDS_10M else 20 if band in BANDS_20M else 60

    def compute(scene: Scene) -> np.ndarray:
        dn = scene.toc_dn(band, res).copy()
        dn[scene.nodata(res)] = REFLECTANCE.nodata
        return dn

    return compute


def _aux_60m(kind: str) -> Callable[[Scene], np.ndarray]:
    def compute(scene: Scene) -> np.ndarray:
        g = scene.grid(60)
        ex = np.float32(scene.extent_m)
        # Solar declination of the day: the sun climbs until the June solstice, then sinks.
        declination = 23.44 * math.sin(2.0 * math.pi * (284.0 + scene.acq.day_of_year) / 365.0)
        dx = np.broadcast_to(g.dx / ex, (g.nrows, g.ncols))
        dy = np.broadcast_to(g.dy / ex, (g.nrows, g.ncols))
        if kind == "AOT":
            values = 0.12 + 0.05 * np.sin(3.0 * dx + declination) + 0.03 * dy + 0.1 * scene.clouds(60)
            dn = _to_dn(values, AEROSOL.scale or 1.0, 0.0, 0, 5000).astype(np.uint16)
        elif kind == "WVP":
            values = 1.8 + 0.4 * np.cos(2.0 * dy + declination / 5.0) + 0.2 * dx
            dn = _to_dn(values, WATER_VAPOUR.scale or 1.0, 0.0, 0, 7000).astype(np.uint16)
        else:
            if kind == "SZA":  # ~51 N near 10:45 UTC: a little more than the noon zenith angle
                values = 52.0 - declination + 0.9 * dy - 0.3 * dx
            elif kind == "VZA":  # across-track view angle
                values = 2.0 + 8.0 * dx + 0.2 * dy
            else:  # RAA
                values = 110.0 + 25.0 * dx + 3.0 * dy
            dn = _to_dn(values, ANGLE.scale or 1.0, 0.0, 0, 18000).astype(np.int16)
        dn[scene.nodata(60)] = 32767
        return dn

    return compute


def _toc_quicklook(scene: Scene) -> np.ndarray:
    rgb = [scene.reflectance(b, 60) for b in ("B04", "B03", "B02")]
    out = np.stack([_to_dn(r, 0.3 / 255.0, 0.0, 1, 255) for r in rgb]).astype(np.uint8)
    out[:, scene.nodata(60)] = 0
    return out


BIOPAR_MASK = (0, 1, 9)  # classes set to nodata in the biophysical layers (see module doc)


def _biopar(product: str, res: int) -> Callable[[Scene], np.ndarray]:
    table = S2_BIOPAR[product]
    assert table.scale is not None and table.offset is not None and table.valid_max is not None

    def compute(scene: Scene) -> np.ndarray:
        dn = _to_dn(scene.biopar(product, res), table.scale, table.offset, 0, table.valid_max)
        dn = dn.astype(np.uint8)
        if product in ("NDVI", "FAPAR"):
            # A few flagged / out-of-range DN between the valid maximum and nodata.
            rnd = scene.uniform(res, 6)
            odd = rnd < 0.0005
            dn[odd] = (
                table.valid_max + 1 + (rnd[odd] * 8000).astype(np.int64) % (254 - table.valid_max)
            ).astype(np.uint8)
        dn[np.isin(scene.scl_at(res), BIOPAR_MASK)] = 255
        return dn

    return compute


def _biopar_quicklook(product: str) -> Callable[[Scene], np.ndarray]:
    def compute(scene: Scene) -> np.ndarray:
        v = np.clip(scene.ndvi(60), 0.0, 0.9) / np.float32(0.9)
        rgb = np.stack([180 - 160 * v, 140 + 60 * v - 80 * v * v, 60 - 40 * v]).astype(np.uint8)
        rgb[:, np.isin(scene.scl_at(60), BIOPAR_MASK)] = 0
        return rgb

    return compute


def _scl_layer(scene: Scene) -> np.ndarray:
    return scene.scl


# --------------------------------------------------------------------------------------
# GDAL writing


class RasterWriter:
    """A tiled DEFLATE GeoTIFF written block by block."""

    def __init__(self, layer: Layer, tile: MgrsTile, size_10m: int):
        self.layer = layer
        cols = rows = size_10m * 10 // layer.res
        options = GTIFF_OPTIONS + (INT_PREDICTOR if layer.gdal_type != gdal.GDT_Float32 else [])
        if layer.bands == 3:
            options = options + ["PHOTOMETRIC=RGB"]
        ds = gdal.GetDriverByName("GTiff").Create(
            layer.path, cols, rows, layer.bands, layer.gdal_type, options
        )
        if ds is None:
            raise DemoError(f"cannot create {layer.path}: {gdal.GetLastErrorMsg()}")
        ds.SetGeoTransform((tile.ulx, layer.res, 0.0, tile.uly, 0.0, -layer.res))
        ds.SetProjection(_srs_wkt(tile.epsg))
        for i in range(1, layer.bands + 1):
            band = ds.GetRasterBand(i)
            if layer.nodata is not None:
                band.SetNoDataValue(layer.nodata)
            if layer.scale is not None:
                band.SetScale(layer.scale)
                band.SetOffset(layer.offset or 0.0)
        self.ds = ds

    def write(self, scene: Scene) -> None:
        self.write_array(self.layer.compute(scene), scene.grid(self.layer.res).row0)

    def write_array(self, data: np.ndarray, row: int) -> None:
        """Full-width rows (rows, cols) or (bands, rows, cols) from ``row`` down."""
        if data.ndim == 2:
            data = data[None]
        for i in range(self.layer.bands):
            self.ds.GetRasterBand(i + 1).WriteArray(data[i], 0, row)
        # Flush whenever whole rows of 256x256 tiles are complete: the block cache then never
        # holds more than a few tile rows, and no partial tile is written twice.
        if (row + data.shape[1]) % 256 == 0:
            self.ds.FlushCache()

    def close(self) -> None:
        self.ds.FlushCache()
        self.ds = None


_SRS_CACHE: dict[int, str] = {}


def _srs_wkt(epsg: int) -> str:
    if epsg not in _SRS_CACHE:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        _SRS_CACHE[epsg] = srs.ExportToWkt()
    return _SRS_CACHE[epsg]


def lonlat_bbox(epsg: int, xmin: float, ymin: float, xmax: float, ymax: float) -> tuple[float, ...]:
    """(west, south, east, north) of a projected rectangle, densified and rounded outwards."""
    src = osr.SpatialReference()
    src.ImportFromEPSG(epsg)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(src, dst)
    steps = np.linspace(0.0, 1.0, 41)
    xs = xmin + (xmax - xmin) * steps
    ys = ymin + (ymax - ymin) * steps
    points = (
        [(x, ymin) for x in xs] + [(x, ymax) for x in xs] + [(xmin, y) for y in ys] + [(xmax, y) for y in ys]
    )
    lonlat = [transform.TransformPoint(float(x), float(y))[:2] for x, y in points]
    lons = [p[0] for p in lonlat]
    lats = [p[1] for p in lonlat]
    return (
        math.floor(min(lons) * 1e6) / 1e6,
        math.floor(min(lats) * 1e6) / 1e6,
        math.ceil(max(lons) * 1e6) / 1e6,
        math.ceil(max(lats) * 1e6) / 1e6,
    )


def _write_bytes(path: str, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)


# --------------------------------------------------------------------------------------
# Sentinel-2 products


@dataclass
class ProductJob:
    """One product folder: its layers, written block by block, then its XML files."""

    record: DemoProduct
    layers: list[Layer]
    xml: list[tuple[str, Callable[[float], XmlInfo]]]  # path, info from the cloud cover


def _gdal_type(dtype: str) -> int:
    return {"int16": gdal.GDT_Int16, "uint16": gdal.GDT_UInt16, "uint8": gdal.GDT_Byte}[dtype]


def _toc_job(out: str, acq: Acquisition, version: str, bbox: tuple[float, ...], tagged: bool) -> ProductJob:
    name = f"{acq.stem}_TOC_{version}"
    folder = os.path.join(out, S2_ROOT, "TOC_V2", acq.day_folder, name)
    layers = []

    def tags(scale: float | None) -> tuple[float | None, float | None]:
        return (scale, 0.0) if tagged else (None, None)

    for band in ("B01", *BANDS_10M, *BANDS_20M):
        res = 10 if band in BANDS_10M else 20 if band in BANDS_20M else 60
        path = os.path.join(folder, f"{acq.stem}_TOC-{band}_{res}M_{version}.tif")
        layers.append(Layer(path, res, gdal.GDT_Int16, 1, 32767, *tags(REFLECTANCE.scale), _toc_band(band)))
    layers.append(
        Layer(
            os.path.join(folder, f"{acq.stem}_SCENECLASSIFICATION_20M_{version}.tif"),
            20,
            gdal.GDT_Byte,
            1,
            None,
            None,
            None,
            _scl_layer,
        )
    )
    for kind, table in (
        ("AOT", AEROSOL),
        ("WVP", WATER_VAPOUR),
        ("SZA", ANGLE),
        ("VZA", ANGLE),
        ("RAA", ANGLE),
    ):
        path = os.path.join(folder, f"{acq.stem}_{kind}_60M_{version}.tif")
        layers.append(Layer(path, 60, _gdal_type(table.dtype), 1, 32767, *tags(table.scale), _aux_60m(kind)))
    layers.append(
        Layer(
            os.path.join(folder, f"{acq.stem}_TOC_QUICKLOOK_{version}.tif"),
            60,
            gdal.GDT_Byte,
            3,
            None,
            None,
            None,
            _toc_quicklook,
        )
    )
    record = _s2_record("TOC_V2", "S2_TOC", "TOC", folder, acq, version)
    xml_path = os.path.join(folder, f"{name}.xml")
    return ProductJob(record, layers, [(xml_path, _s2_xml_info(acq, "TOC", name, version, bbox))])


def _s2_record(
    collection: str, family: str, product: str, folder: str, acq: Acquisition, version: str
) -> DemoProduct:
    return DemoProduct(collection, family, product, folder, acq.tile.id, acq.sensing, version)


def _s2_xml_info(
    acq: Acquisition, product: str, title: str, version: str, bbox: tuple[float, ...]
) -> Callable[[float], XmlInfo]:
    collection = f"TERRASCOPE_S2_{product}_V2"
    platform = {"S2A": "Sentinel-2A", "S2B": "Sentinel-2B", "S2C": "Sentinel-2C"}[acq.mission]
    what = "Top-of-canopy reflectance" if product == "TOC" else f"{product} biophysical parameter"

    def info(cloud_cover: float) -> XmlInfo:
        return XmlInfo(
            root_tag="gmi:MI_Metadata" if product == "TOC" else "gmd:MD_Metadata",
            identifier=f"urn:eop:VITO:{collection}:{title}",
            parent=f"urn:eop:VITO:{collection}",
            title=title,
            abstract=f"{what} of Sentinel-2 tile {acq.tile.id} (Terrascope {version}), demo archive.",
            begin=acq.sensing,
            end=acq.sensing,
            bbox=bbox,
            epsg=acq.tile.epsg,
            platform=platform,
            instrument="MSI",
            keywords=(acq.tile.id, f"relative orbit {acq.tile.orbit}", product),
            cloud_cover=cloud_cover,
            lineage=f"Sen2Cor atmospheric correction, processing baseline {PROCESSING_BASELINE}; "
            f"Terrascope {version}. Processing baseline {PROCESSING_BASELINE}",
        )

    return info


def _biopar_job(
    out: str, acq: Acquisition, product: str, version: str, bbox: tuple[float, ...], tagged: bool
) -> ProductJob:
    name = f"{acq.stem}_{product}_{version}"
    folder = os.path.join(out, S2_ROOT, f"{product}_V2", acq.day_folder, name)
    table = S2_BIOPAR[product]
    layers: list[Layer] = []
    xml = []
    resolutions = (10,) if product == "NDVI" else (10, 20)
    for res in resolutions:
        sub = folder if product == "NDVI" else os.path.join(folder, f"{res}M")
        scale, offset = (table.scale, table.offset) if tagged else (None, None)
        layers += [
            Layer(
                os.path.join(sub, f"{acq.stem}_{product}_{res}M_{version}.tif"),
                res,
                gdal.GDT_Byte,
                1,
                255,
                scale,
                offset,
                _biopar(product, res),
            ),
            Layer(
                os.path.join(sub, f"{acq.stem}_{product}_QUICKLOOK_{version}.tif"),
                60,
                gdal.GDT_Byte,
                3,
                None,
                None,
                None,
                _biopar_quicklook(product),
            ),
            Layer(
                os.path.join(sub, f"{acq.stem}_SCENECLASSIFICATION_20M_{version}.tif"),
                20,
                gdal.GDT_Byte,
                1,
                None,
                None,
                None,
                _scl_layer,
            ),
        ]
        title = f"{acq.stem}_{product}_{res}M_{version}"
        xml.append((os.path.join(sub, f"{title}.xml"), _s2_xml_info(acq, product, title, version, bbox)))
    record = _s2_record(f"{product}_V2", "S2_BIOPAR", product, folder, acq, version)
    return ProductJob(record, layers, xml)


def cloud_cover(counts: np.ndarray) -> float:
    """Percentage of SCL classes 8, 9, 10 among classified (non-zero) pixels."""
    valid = int(counts[1:].sum())
    return 0.0 if valid == 0 else 100.0 * float(counts[8] + counts[9] + counts[10]) / valid


def run_acquisition(jobs: Sequence[ProductJob], acq: Acquisition, seed: int, size_10m: int) -> float:
    """Write every layer of the jobs of one acquisition block by block; return cloud cover."""
    writers = []
    for job in jobs:
        for layer in job.layers:
            os.makedirs(os.path.dirname(layer.path), exist_ok=True)
            writers.append(RasterWriter(layer, acq.tile, size_10m))
            job.record.files.append(layer.path)
    counts = np.zeros(256, dtype=np.int64)
    rows_60m = size_10m // 6
    try:
        for row0 in range(0, rows_60m, BLOCK_ROWS_60M):
            scene = Scene(acq, seed, size_10m, row0, min(BLOCK_ROWS_60M, rows_60m - row0))
            counts += np.bincount(scene.scl.ravel(), minlength=256)
            for writer in writers:
                writer.write(scene)
    finally:
        for writer in writers:
            writer.close()
    return finish_jobs(jobs, counts)


def finish_jobs(jobs: Sequence[ProductJob], counts: np.ndarray) -> float:
    """Cloud cover from the SCL class counts into the records and the XML files; return it."""
    cover = round(cloud_cover(counts), 4)
    for job in jobs:
        job.record.cloud_cover = cover
        for path, info in job.xml:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            _write_bytes(path, product_xml(info(cover)))
            job.record.files.append(path)
        job.record.files.sort()
    return cover


# --------------------------------------------------------------------------------------
# Other products: old CGS_S2 V102, Sentinel-1 sigma0, PROBA-V


def _write_array(
    path: str, data: np.ndarray, epsg: int, transform: tuple, nodata=None, scale=None, offset=None
):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    gdal_type = {np.dtype(np.uint8): gdal.GDT_Byte, np.dtype(np.float32): gdal.GDT_Float32}[data.dtype]
    options = GTIFF_OPTIONS + (INT_PREDICTOR if gdal_type != gdal.GDT_Float32 else [])
    ds = gdal.GetDriverByName("GTiff").Create(path, data.shape[1], data.shape[0], 1, gdal_type, options)
    if ds is None:
        raise DemoError(f"cannot create {path}: {gdal.GetLastErrorMsg()}")
    ds.SetGeoTransform(transform)
    ds.SetProjection(_srs_wkt(epsg))
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    if scale is not None:
        band.SetScale(scale)
        band.SetOffset(offset or 0.0)
    band.WriteArray(data)
    ds.FlushCache()
    ds = None


def _cgs_v102(out: str, acq: Acquisition, seed: int, size_10m: int) -> DemoProduct:
    """An old CGS_S2 FAPAR V102 product (names with Z; scaling unknown, so no tags)."""
    stem = f"{acq.mission}_{acq.sensing:%Y%m%dT%H%M%S}Z_{acq.tile.id}"
    container = os.path.join(out, CGS_S2_ROOT, "CGS_S2_FAPAR", acq.day_folder, f"{stem}_CGS_V102_000")
    folder = os.path.join(container, f"{stem}_FAPAR_V102")
    path = os.path.join(folder, "10M", f"{stem}_FAPAR_10M_V102.tif")
    job = ProductJob(
        DemoProduct("CGS_S2_FAPAR", "S2_BIOPAR", "FAPAR", folder, acq.tile.id, acq.sensing, "V102"),
        [Layer(path, 10, gdal.GDT_Byte, 1, 255, None, None, _biopar("FAPAR", 10))],
        [],
    )
    run_acquisition([job], acq, seed, size_10m)
    job.record.cloud_cover = None
    return job.record


S1_STEM = "S1A_IW_GRDH_SIGMA0_DV_{t:%Y%m%dT%H%M%S}_ASCENDING_88_A1F3_V110"


def _sentinel1(out: str, seed: int, size_10m: int) -> DemoProduct:
    """A sigma0 product on the 31UFS grid: linear VV/VH backscatter and incidence angle."""
    tile = TILES["31UFS"]
    start = datetime(2020, 5, 12, 17, 24, 35, tzinfo=UTC)
    name = S1_STEM.format(t=start)
    folder = os.path.join(out, S1_ROOT, "CGS_S1_GRD_SIGMA0_L1", f"{start:%Y/%m/%d}", name)
    grid = Grid(tile, 10, 0, size_10m, size_10m)
    extent = float(size_10m * 10)
    cover = surface(grid, seed, extent).cover
    # Typical sigma0 per land cover (season's classes: grass, cereal, maize, forest, bare, town,
    # water, potato, sugar beet).
    vv_mean = np.array([0.08, 0.1, 0.05, 0.15, 0.04, 0.6, 0.008, 0.07, 0.09], dtype=np.float32)[cover]
    rng = _rng(seed, 101)
    speckle = rng.gamma(4.4, 1.0 / 4.4, size=(2, size_10m, size_10m)).astype(np.float32)
    vv = vv_mean * speckle[0]
    vh = vv_mean * np.float32(0.2) * speckle[1]
    angle = np.broadcast_to(30.5 + 15.0 * grid.dx / np.float32(extent * 30.0), vv.shape).astype(np.float32)
    edge = _edge_cut(grid, extent)  # the slice ends inside the tile: no data
    for a in (vv, vh):
        a[edge] = np.nan
    transform = (tile.ulx, 10.0, 0.0, tile.uly, 0.0, -10.0)
    files = []
    for suffix, data in (("VV", vv), ("VH", vh), ("angle", angle)):
        path = os.path.join(folder, f"{name}_{suffix}.tif")
        _write_array(path, data, tile.epsg, transform, nodata=float("nan"))
        files.append(path)
    bbox = lonlat_bbox(tile.epsg, tile.ulx, tile.uly - extent, tile.ulx + extent, tile.uly)
    info = XmlInfo(
        root_tag="gmd:MD_Metadata",
        identifier=f"urn:eop:VITO:CGS_S1_GRD_SIGMA0_L1:{name}",
        parent="urn:eop:VITO:CGS_S1_GRD_SIGMA0_L1",
        title=name,
        abstract="Sentinel-1 GRD backscatter (sigma0, linear), demo archive.",
        begin=start,
        end=start + timedelta(seconds=25),
        bbox=bbox,
        epsg=tile.epsg,
        platform="Sentinel-1A",
        instrument="C-SAR",
        keywords=("IW", "ASCENDING", "relative orbit 88", "VV", "VH"),
        cloud_cover=None,
        lineage="Sentinel-1 toolbox: calibration to sigma0, terrain correction. V110",
    )
    xml_path = os.path.join(folder, f"{name}.xml")
    _write_bytes(xml_path, product_xml(info))
    files.append(xml_path)
    return DemoProduct(
        "CGS_S1_GRD_SIGMA0_L1", "S1_SIGMA0", "SIGMA0", folder, None, start, "V110", sorted(files)
    )


PROBAV_PIXEL = 1.0 / 336.0  # 333 m products: 336 pixels per degree


def _probav(out: str, seed: int, full: bool) -> DemoProduct:
    """A PROBA-V S10 TOC 333M NDVI GeoTIFF (TIFFDERIVED layout), EPSG:4326, tile X18Y02."""
    day = date(2020, 6, 11)
    start = datetime(2020, 6, 11, tzinfo=UTC)
    folder_name = f"PROBAV_S10_TOC_{day:%Y%m%d}_333M_V101"
    folder = os.path.join(out, TIFF_ROOT, "PROBAV_L3_S10_TOC_333M", f"{day:%Y}", f"{day:%Y%m%d}", folder_name)
    path = os.path.join(folder, f"PROBAV_S10_TOC_X18Y02_{day:%Y%m%d}_333M_NDVI_V101.tif")
    # Tile X18Y02 spans 0..10 E, 45..55 N; by default only the Benelux part (2..7 E, 49..53 N).
    west, north, cols, rows = (0.0, 55.0, 3360, 3360) if full else (2.0, 53.0, 1680, 1344)
    lon = west + (np.arange(cols, dtype=np.float32) + 0.5) * np.float32(PROBAV_PIXEL)
    lat = north - (np.arange(rows, dtype=np.float32) + 0.5) * np.float32(PROBAV_PIXEL)
    lon, lat = lon[None, :], lat[:, None]
    ndvi = 0.55 + 0.2 * np.sin(lon * 3.1) * np.cos(lat * 2.3) + 0.1 * np.sin(lon * 17.0 + lat * 11.0)
    ndvi = ndvi + 0.03 * _rng(seed, 202).standard_normal((rows, cols), dtype=np.float32)
    sea = lat > 51.35 + 0.9 * (lon - 3.2) * (lon < 5.0)  # North Sea coast, roughly
    ndvi = np.where(sea, -0.05, ndvi)
    table = PROBAV["NDVI"]
    assert table.scale is not None and table.offset is not None
    dn = _to_dn(ndvi, table.scale, table.offset, 0, 250).astype(np.uint8)
    transform = (west, PROBAV_PIXEL, 0.0, north, 0.0, -PROBAV_PIXEL)
    _write_array(path, dn, 4326, transform, nodata=255, scale=table.scale, offset=table.offset)
    return DemoProduct("PROBAV_L3_S10_TOC_333M", "PROBAV", "NDVI", folder, "X18Y02", start, "V101", [path])


# --------------------------------------------------------------------------------------
# Junk a real mount has


def _junk(out: str, summary: DemoSummary) -> None:
    s2 = os.path.join(out, S2_ROOT)
    junk: dict[str, list[str]] = {
        k: [] for k in ("unrelated", "unreadable", "loops", "dangling", "truncated")
    }
    toc = summary.find("TOC_V2", tile="31UFS")
    day_dir = os.path.dirname(toc[0].path)
    readme = os.path.join(day_dir, "README.txt")
    _write_bytes(readme, b"Reprocessing notes: see the Terrascope portal.\n")
    month_dir = os.path.join(s2, "NDVI_V2", "2020", "05")
    os.makedirs(month_dir, exist_ok=True)
    ds_store = os.path.join(month_dir, ".DS_Store")
    _write_bytes(ds_store, b"\x00\x00\x00\x01Bud1" + bytes(26))
    junk["unrelated"] += [readme, ds_store]
    # A product folder the user may not read (looks like a product, mode 000).
    restricted = os.path.join(s2, "NDVI_V2", "2020", "06", "30", "S2A_20200630T105031_31UFS_NDVI_V200")
    os.makedirs(restricted, exist_ok=True)
    _write_bytes(os.path.join(restricted, "S2A_20200630T105031_31UFS_NDVI_10M_V200.tif"), b"")
    os.chmod(restricted, 0)
    junk["unreadable"].append(restricted)
    loop = os.path.join(month_dir, "loop")
    os.symlink(".", loop)
    junk["loops"].append(loop)
    dangling = os.path.join(month_dir, "latest")
    os.symlink("../../NDVI_V1/2020/05/missing", dangling)
    junk["dangling"].append(dangling)
    junk["truncated"].append(_truncated_copy(out, toc[-1]))
    summary.junk = junk


def _truncated_copy(out: str, source: DemoProduct) -> str:
    """Copy a TOC product to a later date and cut its B04 to 1000 bytes."""
    old_stem = os.path.basename(source.path).rsplit("_TOC_", 1)[0]
    start = source.start + timedelta(days=4)
    new_stem = f"{old_stem[:3]}_{start:%Y%m%dT%H%M%S}_{source.tile}"
    renames = [(old_stem, new_stem), (iso_utc(source.start), iso_utc(start))]
    renames.append((iso_utc(source.start + timedelta(days=2)), iso_utc(start + timedelta(days=2))))
    folder = os.path.join(
        out, S2_ROOT, "TOC_V2", f"{start:%Y/%m/%d}", os.path.basename(source.path).replace(old_stem, new_stem)
    )
    os.makedirs(folder, exist_ok=True)
    truncated = ""
    for path in source.files:
        target = os.path.join(folder, os.path.basename(path).replace(old_stem, new_stem))
        if path.endswith(".xml"):
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            for old, new in renames:
                text = text.replace(old, new)
            _write_bytes(target, text.encode("utf-8"))
        else:
            shutil.copyfile(path, target)
        if "_TOC-B04_" in target:
            os.truncate(target, 1000)
            truncated = target
    return truncated


# --------------------------------------------------------------------------------------
# Output directory handling


def _prepare(outdir: str, force: bool) -> str:
    """Refuse foreign non-empty directories; with force, remove a previous demo's content."""
    out = os.path.abspath(outdir)
    if os.path.exists(out) and not os.path.isdir(out):
        raise DemoError(f"{out} exists and is not a directory")
    if os.path.isdir(out) and os.listdir(out):
        manifest = os.path.join(out, MANIFEST)
        if not os.path.isfile(manifest):
            raise DemoError(
                f"{out} is not empty and holds no {MANIFEST}: refusing to write a demo archive into it "
                "(give an empty or new directory)"
            )
        if not force:
            raise DemoError(f"{out} already holds a demo archive: use --force to regenerate it")
        _remove_previous(out, manifest)
    os.makedirs(out, exist_ok=True)
    return out


def _remove_previous(out: str, manifest: str) -> None:
    try:
        with open(manifest, encoding="utf-8") as fh:
            roots = json.load(fh).get("roots", [])
    except (OSError, ValueError) as exc:
        raise DemoError(f"cannot read the previous {manifest}: {exc}") from None
    for entry in roots:
        path = os.path.join(out, entry)
        if os.path.dirname(os.path.normpath(entry)) or entry in ("", ".", ".."):
            raise DemoError(f"{manifest} lists {entry!r} as a root: refusing to remove it")
        if os.path.islink(path) or os.path.isfile(path):
            os.unlink(path)
        elif os.path.isdir(path):
            _rmtree(path)
    for beside in (season.FIELDS_FILE, season.FIELDS_FILE + ".tmp", MANIFEST + ".tmp"):
        if os.path.isfile(os.path.join(out, beside)):
            os.unlink(os.path.join(out, beside))
    os.unlink(manifest)


def _rmtree(path: str) -> None:
    # Restricted folders (mode 000) must be opened up before they can be removed.
    for dirpath, dirnames, _ in os.walk(path):
        for d in dirnames:
            full = os.path.join(dirpath, d)
            if not os.path.islink(full):
                os.chmod(full, stat.S_IRWXU)
    shutil.rmtree(path)


def _write_manifest(out: str, payload: dict) -> None:
    tmp = os.path.join(out, MANIFEST + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=1, sort_keys=True)
        fh.write("\n")
    os.replace(tmp, os.path.join(out, MANIFEST))


def _top_level(out: str) -> list[str]:
    """The archive roots written (the manifest and the fields file are not roots)."""
    beside = (MANIFEST, MANIFEST + ".tmp", season.FIELDS_FILE, season.FIELDS_FILE + ".tmp")
    return sorted(e for e in os.listdir(out) if e not in beside)


# --------------------------------------------------------------------------------------
# Public entry points


def _parse_selection(values: Sequence[str] | None, allowed: Sequence[str], what: str) -> list[str]:
    if not values:
        return list(allowed)
    chosen = []
    for value in values:
        item = value.strip().upper()
        if item not in allowed:
            raise DemoError(f"unknown {what} {value!r}: choose from {', '.join(allowed)}")
        if item not in chosen:
            chosen.append(item)
    return chosen


def generate(
    outdir: str,
    *,
    full: bool = False,
    full_detail: bool = False,
    seed: int = 0,
    tiles: Sequence[str] | None = None,
    dates: int | None = None,
    products: Sequence[str] | None = None,
    size: int | None = None,
    junk: bool | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Write the demo archive under ``outdir`` and describe what was written.

    ``tiles`` (default: all), ``dates`` (first N dates per tile) and ``products`` (TOC, NDVI,
    FAPAR, LAI, CGS, S1, PROBAV) restrict the content; ``size`` is the side of the 10 m rasters
    in pixels (a multiple of 6). ``full`` means true tile size, one version per date and,
    unless ``tiles``/``products`` are given, NDVI of 31UFS only (the whole season: the tile
    on a 60 m grid with the default window in full detail, see fullsize.py; a few seconds per
    date). ``full_detail`` computes the whole tile at full resolution instead (about 15 s per
    NDVI product). Junk is written in default mode unless ``junk=False``.
    """
    t0 = time.perf_counter()
    tile_ids = _parse_selection(tiles or (["31UFS"] if full else None), list(TILES), "tile")
    default_products = ["NDVI"] if full else list(ALL_PRODUCTS)
    chosen = _parse_selection(products or default_products, ALL_PRODUCTS, "product")
    size_10m = size or (FULL_SIZE_10M if full else DEFAULT_SIZE_10M)
    if size_10m <= 0 or size_10m % 6 or size_10m > FULL_SIZE_10M:
        raise DemoError(f"size {size_10m} must be a positive multiple of 6 up to {FULL_SIZE_10M}")
    if dates is not None and dates < 1:
        raise DemoError(f"dates must be at least 1, not {dates}")
    with_junk = (not full) if junk is None else junk
    if "TOC" not in chosen or "31UFS" not in tile_ids:
        with_junk = False  # the junk hangs off the 31UFS TOC products
    out = _prepare(outdir, force)
    mode = "full" if full else "default"
    summary = DemoSummary(out, mode, seed, size_10m)
    _write_manifest(
        out, {"format": MANIFEST_FORMAT, "complete": False, "roots": list(ALL_ROOTS), "mode": mode}
    )
    say = progress or (lambda _msg: None)
    extent = float(size_10m * 10)
    series = acquisitions(tile_ids, dates)
    _noise_table(seed)  # made once, before the workers share it
    # Acquisitions are independent (seeded per date): two at a time, written by threads (numpy
    # and GDAL's compression release the GIL), their products recorded in date order.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        pending: list[Future[list[ProductJob]]] = []
        for acq in series:
            tile = acq.tile
            bbox = lonlat_bbox(tile.epsg, tile.ulx, tile.uly - extent, tile.ulx + extent, tile.uly)
            jobs = _s2_jobs(out, acq, chosen, full, bbox)
            if not jobs:
                continue
            say(f"{acq.stem}: {len(jobs)} products")
            pending.append(pool.submit(_run_jobs, jobs, acq, seed, size_10m, full and not full_detail))
            if len(pending) >= WORKERS:
                summary.products += [j.record for j in pending.pop(0).result()]
        for future in pending:
            summary.products += [j.record for j in future.result()]
    _SURFACES.clear()
    if "CGS" in chosen and "31UFS" in tile_ids:
        first = acquisitions(["31UFS"], 1)[0]
        summary.products.append(_cgs_v102(out, first, seed, size_10m))
    if "S1" in chosen:
        summary.products.append(_sentinel1(out, seed, size_10m))
    if "PROBAV" in chosen:
        summary.products.append(_probav(out, seed, full))
    if with_junk:
        _junk(out, summary)
    summary.fields = _write_fields(out, summary, extent, full)
    summary.seconds = time.perf_counter() - t0
    _write_manifest(out, _manifest(summary, extent))
    return summary


def _write_fields(out: str, summary: DemoSummary, extent: float, full: bool) -> list[dict]:
    """The fields' manifest records (and fields.geojson) when the archive holds them."""
    tile = TILES[season.FIELDS_TILE]
    window = min(extent, DEFAULT_SIZE_10M * 10.0) if full else extent
    dates = sorted({p.start for p in summary.products if p.tile == tile.id and p.family in S2_FAMILIES})
    if window < season.FIELDS_EXTENT_M or not dates:
        return []
    records = season.field_records(tile.epsg, tile.ulx, tile.uly, dates)
    season.write_fields_geojson(os.path.join(out, season.FIELDS_FILE), records)
    return records


def _s2_jobs(out: str, acq: Acquisition, chosen: Sequence[str], full: bool, bbox: tuple) -> list[ProductJob]:
    jobs = []
    # Benchmarks want one file per date: the V200+V210 duplicate is a default-mode feature.
    for version in acq.versions[:1] if full else acq.versions:
        tagged = version >= "V210"
        if "TOC" in chosen:
            jobs.append(_toc_job(out, acq, version, bbox, tagged))
        jobs += [
            _biopar_job(out, acq, p, version, bbox, tagged) for p in ("NDVI", "FAPAR", "LAI") if p in chosen
        ]
    return jobs


def _run_jobs(
    jobs: list[ProductJob], acq: Acquisition, seed: int, size_10m: int, coarse: bool
) -> list[ProductJob]:
    if coarse:
        run_full_acquisition(jobs, acq, seed, size_10m, DEFAULT_SIZE_10M)
    else:
        run_acquisition(jobs, acq, seed, size_10m)
    return jobs


def _manifest(summary: DemoSummary, extent: float) -> dict:
    root = summary.root
    return {
        "format": MANIFEST_FORMAT,
        "complete": True,
        "generator": "demo_archive",
        "mode": summary.mode,
        "seed": summary.seed,
        "size_10m": summary.size_10m,
        "roots": _top_level(root),
        "tiles": {
            t.id: {"epsg": t.epsg, "ulx": t.ulx, "uly": t.uly, "extent_m": extent} for t in TILES.values()
        },
        "products": [p.to_json(root) for p in summary.products],
        "junk": {k: [_rel(p, root) for p in v] for k, v in summary.junk.items()},
        "fields": summary.fields,
        "fields_file": season.FIELDS_FILE if summary.fields else None,
    }


def read_summary(outdir: str) -> DemoSummary:
    """The summary of a complete demo archive (default or full mode) from its manifest."""
    root = os.path.abspath(outdir)
    path = os.path.join(root, MANIFEST)
    try:
        with open(path, encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, ValueError) as exc:
        raise DemoError(f"cannot read {path}: {exc}") from None
    if not manifest.get("complete") or manifest.get("mode") not in ("default", "full"):
        raise DemoError(f"{path} does not describe a complete demo archive (listing-only or interrupted)")

    def absolute(rel: str) -> str:
        return os.path.join(root, *rel.split("/"))

    products = [
        DemoProduct(
            collection=p["collection"],
            family=p["family"],
            product=p["product"],
            path=absolute(p["path"]),
            tile=p["tile"],
            start=datetime.fromisoformat(p["start"].replace("Z", "+00:00")),
            version=p["version"],
            files=[absolute(f) for f in p["files"]],
            cloud_cover=p["cloud_cover"],
        )
        for p in manifest["products"]
    ]
    junk = {kind: [absolute(p) for p in paths] for kind, paths in manifest["junk"].items()}
    summary = DemoSummary(root, manifest["mode"], manifest["seed"], manifest["size_10m"], products, junk)
    summary.fields = manifest.get("fields") or []
    return summary


# --------------------------------------------------------------------------------------
# Listing-only mode: empty files with real names, many products


LISTING_TILES: tuple[tuple[str, int], ...] = tuple(
    [(f"31U{c}{r}", 32631) for c in "DEFG" for r in "RST"]
    + [(f"32U{c}{r}", 32632) for c in "KLMN" for r in "ABC"]
)
TOC_FILES = (
    [f"TOC-{b}_10M" for b in BANDS_10M]
    + [f"TOC-{b}_20M" for b in BANDS_20M]
    + ["SCENECLASSIFICATION_20M"]
    + ["TOC-B01_60M", "AOT_60M", "WVP_60M", "SZA_60M", "VZA_60M", "RAA_60M"]
    + ["TOC_QUICKLOOK"]
)


def _listing_products(n: int, years: int, seed: int) -> Iterator[tuple[str, str, list[str]]]:
    """(collection, product folder relative path, file relative paths) for n products."""
    start = date(2021 - years, 1, 1)
    days = (date(2021, 1, 1) - start).days
    slots = max(1, math.ceil(n / 4.25))
    emitted = 0
    for slot in range(slots + 1):
        day = start + timedelta(days=slot * days // slots)
        tile, _epsg = LISTING_TILES[slot % len(LISTING_TILES)]
        mission = "S2A" if (slot // len(LISTING_TILES)) % 2 or day < date(2017, 7, 1) else "S2B"
        seconds = int(hash01(seed, np.array([slot]))[0] * 60)
        stem = f"{mission}_{day:%Y%m%d}T10{30 + slot % 25:02d}{seconds:02d}_{tile}"
        version = "V200" if day.year < 2019 else "V210"
        ymd = f"{day:%Y/%m/%d}"
        for product in S2_PRODUCTS:
            if emitted >= n:
                return
            name = f"{stem}_{product}_{version}"
            folder = f"{S2_ROOT}/{product}_V2/{ymd}/{name}"
            if product == "TOC":
                files = [f"{stem}_{c}_{version}.tif" for c in TOC_FILES] + [f"{name}.xml"]
            elif product == "NDVI":
                files = _biopar_files(stem, product, 10, version)
            else:
                files = [f"{r}M/{f}" for r in (10, 20) for f in _biopar_files(stem, product, r, version)]
            emitted += 1
            yield f"{product}_V2", folder, files
        if slot % 4 == 0 and emitted < n:
            when = datetime(day.year, day.month, day.day, 17, 24, slot % 60)
            orbit = (88, 161)[slot % 2]
            mission1 = "S1A" if slot % 8 == 0 or day.year < 2017 else "S1B"
            ident = f"{int(hash01(seed, np.array([slot]), 7)[0] * 65536):04X}"
            name = f"{mission1}_IW_GRDH_SIGMA0_DV_{when:%Y%m%dT%H%M%S}_ASCENDING_{orbit}_{ident}_V110"
            files = [f"{name}_{s}.tif" for s in ("VV", "VH", "angle")] + [f"{name}.xml"]
            emitted += 1
            yield "CGS_S1_GRD_SIGMA0_L1", f"{S1_ROOT}/CGS_S1_GRD_SIGMA0_L1/{ymd}/{name}", files


def _biopar_files(stem: str, product: str, res: int, version: str) -> list[str]:
    return [
        f"{stem}_{product}_{res}M_{version}.tif",
        f"{stem}_{product}_QUICKLOOK_{version}.tif",
        f"{stem}_SCENECLASSIFICATION_20M_{version}.tif",
        f"{stem}_{product}_{res}M_{version}.xml",
    ]


def generate_listing(
    outdir: str, n_products: int, *, years: int = 5, seed: int = 0, force: bool = False
) -> ListingSummary:
    """Write empty files with real names for ``n_products`` products over ``years`` years."""
    if n_products < 1:
        raise DemoError(f"--listing-only needs a positive number of products, not {n_products}")
    if not 1 <= years <= 10:
        raise DemoError(f"years must be between 1 and 10, not {years}")
    t0 = time.perf_counter()
    out = _prepare(outdir, force)
    _write_manifest(
        out, {"format": MANIFEST_FORMAT, "complete": False, "roots": list(ALL_ROOTS), "mode": "listing"}
    )
    made: set[str] = set()
    by_collection: dict[str, int] = {}
    n_files = 0
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    for collection, folder, files in _listing_products(n_products, years, seed):
        base = os.path.join(out, folder)
        by_dir: dict[str, list[str]] = {}
        for rel in files:
            sub, _, name = rel.rpartition("/")
            by_dir.setdefault(sub, []).append(name)
        for sub, names in by_dir.items():
            directory = os.path.join(base, sub) if sub else base
            if directory not in made:
                os.makedirs(directory, exist_ok=True)
                made.add(directory)
            # Creating files relative to an open directory saves a path lookup per file.
            dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
            try:
                for name in names:
                    os.close(os.open(name, flags, 0o644, dir_fd=dir_fd))
            finally:
                os.close(dir_fd)
        n_files += len(files)
        by_collection[collection] = by_collection.get(collection, 0) + 1
    summary = ListingSummary(out, sum(by_collection.values()), n_files, by_collection)
    summary.seconds = time.perf_counter() - t0
    _write_manifest(
        out,
        {
            "format": MANIFEST_FORMAT,
            "complete": True,
            "generator": "demo_archive",
            "mode": "listing",
            "seed": seed,
            "years": years,
            "roots": _top_level(out),
            "n_products": summary.n_products,
            "n_files": n_files,
            "by_collection": by_collection,
        },
    )
    return summary


# --------------------------------------------------------------------------------------
# Command line


def _csv(text: str) -> list[str]:
    return [t for t in text.replace(" ", ",").split(",") if t]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python3 -m demo_archive",
        description="Write a deterministic demo archive with the real Terrascope layout and names.",
    )
    p.add_argument("outdir", help="new or empty directory (or a previous demo with --force)")
    p.add_argument(
        "--full",
        "--full-size",
        dest="full",
        action="store_true",
        help="true tile size (10980 px at 10 m), the season's NDVI of 31UFS by default (for benches)",
    )
    p.add_argument(
        "--full-detail",
        action="store_true",
        help="with --full, compute the whole tile at 10 m instead of 60 m (about 15 s per product)",
    )
    p.add_argument(
        "--listing-only", type=int, metavar="N", help="only empty files with real names for N products"
    )
    p.add_argument("--years", type=int, default=5, help="years covered by --listing-only (default 5)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--tiles", type=_csv, help=f"comma-separated tiles among {', '.join(TILES)}")
    p.add_argument("--dates", type=int, help="only the first N dates of each tile")
    p.add_argument("--products", type=_csv, help=f"comma-separated among {', '.join(ALL_PRODUCTS)}")
    p.add_argument("--size", type=int, help="side of the 10 m rasters in pixels (multiple of 6)")
    p.add_argument("--no-junk", action="store_true", help="do not add the junk of a real mount")
    p.add_argument("--force", action="store_true", help="regenerate over a previous demo archive")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    say = None if args.quiet else (lambda msg: print(msg, file=sys.stderr))
    try:
        if args.listing_only is not None:
            listing = generate_listing(
                args.outdir, args.listing_only, years=args.years, seed=args.seed, force=args.force
            )
            print(
                f"wrote {listing.n_products} products ({listing.n_files} empty files) to {listing.root} "
                f"in {listing.seconds:.1f} s"
            )
            return 0
        summary = generate(
            args.outdir,
            full=args.full,
            full_detail=args.full_detail,
            seed=args.seed,
            tiles=args.tiles,
            dates=args.dates,
            products=args.products,
            size=args.size,
            junk=False if args.no_junk else None,
            force=args.force,
            progress=say,
        )
    except DemoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc} ({exc.filename or args.outdir})", file=sys.stderr)
        return 1
    print(
        f"wrote {len(summary.products)} products ({len(summary.files)} files) to {summary.root} "
        f"in {summary.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
