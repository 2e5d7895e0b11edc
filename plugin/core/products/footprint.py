"""Footprints: the lon/lat bounding box of a raster and of a product, with one failure policy.

- :func:`footprint` reads a raster header (corners and edge points transformed to EPSG:4326, so a UTM
  tile near a zone edge gets its true extent). Results are kept in a bounded LRU keyed by path and
  mtime: a file that changes is read again, and a long session does not grow the cache without limit.
- :class:`FootprintFinder` gives a product's footprint: from the header of its smallest raster (the
  quicklook, else a data layer), falling back to the bounding box of its XML; shared per MGRS tile
  (products of one tile all cover it) and optionally kept in a persistent store (the listing cache).
  After :data:`FAILURES_PER_KEY` failures for one tile (or one tile-less collection) it stops trying
  for the rest of the search: a corrupt or listing-only tree must not cost one GDAL open per product.
  A product whose footprint cannot be read has none (None); a bbox filter lets it pass.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from .model import ANGLE, DATA, MASK, SCL, BBox, Product

__all__ = ["FAILURES_PER_KEY", "FootprintError", "FootprintFinder", "footprint", "product_footprint"]

FAILURES_PER_KEY = 3
CACHE_SIZE = 4096  # raster footprints kept in memory (a few hundred bytes each)
_T = TypeVar("_T")


class FootprintError(ValueError):
    """A raster without a readable georeferenced header; the message names the path."""


class _Lru:
    """A small thread-safe LRU mapping (the dock's search task and Processing may run together)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            if key not in self._items:
                return default
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Any) -> bool:
        with self._lock:
            return key in self._items

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def read_per_mtime(cache: _Lru, path: str, read: Callable[[str], _T], error: type[Exception]) -> _T:
    """``read(path)``, kept in ``cache`` per path and mtime (a file that changes is read again);
    ``error`` naming the path when the file cannot be stat'ed. Footprints and STAC headers use it."""
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError as exc:
        raise error(f"{path}: cannot read the raster ({exc.strerror or exc})") from exc
    key = (path, mtime)
    value = cache.get(key)
    if value is None:
        value = read(path)
        cache.put(key, value)
    return value


def open_header(path: str, error: type[Exception]) -> Any:
    """The GDAL dataset of ``path``, read-only; ``error`` naming the path when GDAL cannot open it."""
    from osgeo import gdal

    try:
        dataset = gdal.OpenEx(path, gdal.OF_RASTER | gdal.OF_READONLY)
    except RuntimeError:  # gdal.UseExceptions() is on somewhere in the process
        dataset = None
    if dataset is None:
        raise error(f"{path}: not a raster GDAL can open")
    return dataset


_FOOTPRINTS = _Lru(CACHE_SIZE)


def footprint(path: str | os.PathLike[str]) -> BBox:
    """Lon/lat bounding box (W, S, E, N) of a raster from its header (cached per path and mtime).

    Raises :class:`FootprintError` when the file cannot be read or is not a georeferenced raster.
    """
    return read_per_mtime(_FOOTPRINTS, os.fspath(path), _read_footprint, FootprintError)


def _read_footprint(path: str) -> BBox:
    from osgeo import osr

    dataset = open_header(path, FootprintError)
    transform = dataset.GetGeoTransform(can_return_null=True)
    wkt = dataset.GetProjection()
    width, height = dataset.RasterXSize, dataset.RasterYSize
    dataset = None
    if transform is None or not wkt:
        raise FootprintError(f"{path}: the raster has no georeferencing")
    source = osr.SpatialReference()
    source.ImportFromWkt(wkt)
    source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    target = osr.SpatialReference()
    target.ImportFromEPSG(4326)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    steps = 8  # points per edge: a projected edge is curved in lon/lat
    pixels = []
    for i in range(steps + 1):
        t = i / steps
        pixels += [(t * width, 0), (t * width, height), (0, t * height), (width, t * height)]
    points = [
        (
            transform[0] + px * transform[1] + py * transform[2],
            transform[3] + px * transform[4] + py * transform[5],
        )
        for px, py in pixels
    ]
    if source.IsSame(target):
        lonlat = points
    else:
        transformer = osr.CoordinateTransformation(source, target)
        lonlat = [transformer.TransformPoint(x, y)[:2] for x, y in points]
    lons = [p[0] for p in lonlat]
    lats = [p[1] for p in lonlat]
    return (min(lons), min(lats), max(lons), max(lats))


def footprint_raster(product: Product) -> str | None:
    """The smallest raster that carries the product's extent: the quicklook, else a data layer."""
    quicklook = product.quicklook_path
    if quicklook:
        return quicklook
    for role in (DATA, SCL, MASK, ANGLE):
        for item in product.rasters:
            if item.role == role:
                return item.path
    return None


def product_footprint(product: Product, raster: str | None = None) -> BBox | None:
    """Footprint from the raster header, else from the XML bounding box; None when neither is readable."""
    raster = raster if raster is not None else footprint_raster(product)
    if raster is not None:
        try:
            return footprint(raster)
        except FootprintError:
            pass  # corrupt or empty raster: try the XML
    meta = product.read_metadata()
    bbox = None if meta is None else meta.bbox
    if bbox is None:
        return None
    west, south, east, north = (float(v) for v in bbox)
    return (west, south, east, north)


def collection_folder(path: str) -> str:
    """The folder above a product's date folders (``C/2020/05/01/P`` and ``C/2020/20200501/P`` → ``C``)."""
    folder = os.path.dirname(os.path.normpath(path))
    while os.path.basename(folder).isdigit():
        folder = os.path.dirname(folder)
    return folder


class FootprintStore(Protocol):
    """Where footprints outlive a search (the listing cache)."""

    def get_footprint(self, key: str) -> BBox | None: ...

    def put_footprint(self, key: str, bbox: BBox) -> None: ...


class FootprintFinder:
    """Product footprints during one search: shared per MGRS tile, bounded, with a failure cap."""

    def __init__(self, store: FootprintStore | None = None, max_failures: int = FAILURES_PER_KEY) -> None:
        self.store = store
        self.max_failures = max_failures
        self._found = _Lru(CACHE_SIZE)
        self._failures: dict[str, int] = {}  # per tile, or per collection for tile-less products
        self._folders: dict[str, str] = {}  # collection folder -> its identity, one stat per search

    def _folder_identity(self, product_path: str) -> str:
        """The collection folder, its inode and change time: an archive regenerated in place gets new
        keys (a new year folder changes them too, once a year: one header read per tile again)."""
        folder = collection_folder(product_path)
        identity = self._folders.get(folder)
        if identity is None:
            try:
                info = os.stat(folder)
                identity = f"{folder}@{info.st_ino}:{info.st_ctime_ns}"
            except OSError:
                identity = folder
            self._folders[folder] = identity
        return identity

    def __call__(self, product: Product) -> BBox | None:
        if product.footprint is not None:  # the catalogue read it for a bbox filter
            return product.footprint
        name = product.name
        raster = None
        if name.tile and name.epsg:
            # Per collection folder too: a user's cropped copies named like the archive's tiles must
            # not lend their footprint to the archive's (nor the reverse, which would drop products).
            key = f"tile:{name.tile}:{name.epsg}:{self._folder_identity(product.path)}"
        else:
            raster = footprint_raster(product)
            key = f"file:{raster or product.path}"
        bbox = self._found.get(key)
        if bbox is not None:
            return bbox
        group = name.tile or product.collection
        if self._failures.get(group, 0) >= self.max_failures:
            return None
        bbox = self.store.get_footprint(key) if self.store is not None else None
        if bbox is None:
            bbox = product_footprint(product, raster)
            if bbox is None:
                self._failures[group] = self._failures.get(group, 0) + 1
                return None
            if self.store is not None:
                self.store.put_footprint(key, bbox)
        self._found.put(key, bbox)
        return bbox
