"""Product records as STAC Items (core 1.1.0), written as one ItemCollection.

Each :class:`~..products.model.Product` becomes one Item, built from what the product model
decides (file roles, bands, resolutions, scaling, footprint, cloud cover) and from each raster's
header (CRS, shape, transform, data type, nodata, GDAL scale/offset tags):

- ``id`` the product name; ``datetime`` for an acquisition, ``start_datetime``/``end_datetime``
  for a period (S1 coherence spans its two acquisitions);
- geometry and bbox from the footprint (lon/lat), ``eo:cloud_cover`` from the product XML,
  ``platform``/``constellation``/``instruments`` from the mission, ``grid:code`` the MGRS tile;
- one asset per named file: roles, media ``type``, ``proj:epsg``/``proj:shape``/``proj:transform``,
  ``raster:bands`` with ``data_type``, ``nodata``, ``scale``, ``offset`` and ``unit`` so that a
  client computes the same physical values as :mod:`..raster.kernels` (GDAL tags win over the
  Terrascope table, as there). Where the scaling is unknown no scale or offset is written and the
  asset's description says why. ``href`` is the local file, with the same path as the ``local``
  alternate (alternate-assets extension), as Terrascope's own items carry it.

Headers are read in a thread pool (the archive is a network mount: opens wait on I/O) and kept
like footprints: a bounded LRU keyed by path and mtime, and, within one export, shared per MGRS
tile and file shape (collection, version, band, resolution, folder): the files of one tile that
differ only by date have one grid, data type and tags, so 1,000 products of a tile cost a few
header reads, not thousands (each file is still checked to exist and not be empty; a file damaged
beyond that keeps its siblings' header: loading it says what is wrong). A shape whose header cannot be read is given up after
:data:`FAILURES_PER_KEY` failures (as footprints are); its assets then carry no header fields.

Pure Python + GDAL: no Qt, no QGIS.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from ..atomic import atomic_open
from ..products.footprint import FAILURES_PER_KEY, FootprintFinder, _Lru, open_header, read_per_mtime
from ..products.model import ANGLE, DATA, MASK, METADATA, QUICKLOOK, SCL, Product, ProductFile
from ..products.scaling import Scaling, scale_and_offset, scaling_for
from .mapping import TERRASCOPE_COLLECTIONS

__all__ = [
    "EXTENSIONS",
    "STAC_VERSION",
    "BandHeader",
    "HeaderError",
    "HeaderFinder",
    "RasterHeader",
    "item_for",
    "items",
    "read_header",
    "write_item_collection",
]

STAC_VERSION = "1.1.0"
EXTENSIONS = {
    "eo": "https://stac-extensions.github.io/eo/v1.1.0/schema.json",
    # v1.1.0 (proj:epsg), not v2.0.0 (proj:code): stackstac and older clients read only proj:epsg.
    "proj": "https://stac-extensions.github.io/projection/v1.1.0/schema.json",
    "raster": "https://stac-extensions.github.io/raster/v1.1.0/schema.json",
    "alternate": "https://stac-extensions.github.io/alternate-assets/v1.2.0/schema.json",
    "grid": "https://stac-extensions.github.io/grid/v1.1.0/schema.json",
}
#: Where a Terrascope collection id of an exported item points (its ``collection`` link).
TERRASCOPE_STAC = "https://stac.terrascope.be"
LOCAL_KEY = "local"  # the alternate href key of the mounted file, as on Terrascope's live service
CACHE_SIZE = 8192  # raster headers kept in memory (a few hundred bytes each)
WORKERS = min(8, (os.cpu_count() or 2) * 2)

# STAC vocabulary of the missions (lower case, as the STAC common metadata asks).
_MISSIONS: dict[str, tuple[str | None, str, str]] = {
    "S2A": ("sentinel-2a", "sentinel-2", "msi"),
    "S2B": ("sentinel-2b", "sentinel-2", "msi"),
    "S2C": ("sentinel-2c", "sentinel-2", "msi"),
    "S1A": ("sentinel-1a", "sentinel-1", "c-sar"),
    "S1B": ("sentinel-1b", "sentinel-1", "c-sar"),
    "S1C": ("sentinel-1c", "sentinel-1", "c-sar"),
}
_PROBAV = ("proba-v", "", "vegetation")
_GDAL_TYPES = {
    "Byte": "uint8", "Int8": "int8", "UInt16": "uint16", "Int16": "int16", "UInt32": "uint32",
    "Int32": "int32", "UInt64": "uint64", "Int64": "int64", "Float32": "float32",
    "Float64": "float64", "CInt16": "cint16", "CInt32": "cint32", "CFloat32": "cfloat32",
    "CFloat64": "cfloat64",
}  # fmt: skip
_MEDIA_TYPES = {
    ".tif": "image/tiff; application=geotiff",
    ".tiff": "image/tiff; application=geotiff",
    ".jp2": "image/jp2",
    ".nc": "application/x-netcdf",
    ".h5": "application/x-hdf5",
    ".hdf5": "application/x-hdf5",
    ".xml": "application/xml",
    ".vrt": "application/xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".zip": "application/zip",
    ".json": "application/json",
}
_COG = "; profile=cloud-optimized"
_ROLES = {DATA: "data", ANGLE: "data", SCL: "quality", MASK: "quality", METADATA: "metadata"}


class HeaderError(ValueError):
    """A raster GDAL cannot open or describe; the message names the path."""


@dataclass(frozen=True)
class BandHeader:
    data_type: str  # STAC raster data type: uint8, int16, float32, ...
    nodata: float | None
    scale: float | None  # the GDAL tags, None when absent or identity (kernels.scale_tags)
    offset: float | None


@dataclass(frozen=True)
class RasterHeader:
    width: int
    height: int
    transform: tuple[float, ...] | None  # STAC/affine order: a, b, c, d, e, f
    epsg: int | None  # 32631
    wkt2: str | None  # only when the CRS has no EPSG code
    bands: tuple[BandHeader, ...]
    cog: bool


# --------------------------------------------------------------------------- raster headers
_HEADERS = _Lru(CACHE_SIZE)
_CRS_CODES = _Lru(256)  # WKT -> (code, wkt2): identifying a CRS costs more than opening the file


def read_header(path: str) -> RasterHeader:
    """The header of ``path`` (cached per path and mtime); :class:`HeaderError` when unreadable."""
    return read_per_mtime(_HEADERS, path, _read_header, HeaderError)


def _read_header(path: str) -> RasterHeader:
    from osgeo import gdal

    from ..raster.kernels import scale_tags

    dataset = open_header(path, HeaderError)
    try:
        gt = dataset.GetGeoTransform(can_return_null=True)
        epsg, wkt2 = _crs(dataset.GetProjection())
        bands = []
        for index in range(1, dataset.RasterCount + 1):
            band = dataset.GetRasterBand(index)
            scale, offset = scale_tags(band)
            data_type = _GDAL_TYPES.get(gdal.GetDataTypeName(band.DataType), "other")
            bands.append(BandHeader(data_type, band.GetNoDataValue(), scale, offset))
        layout = dataset.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE")
        return RasterHeader(
            width=dataset.RasterXSize,
            height=dataset.RasterYSize,
            transform=None if gt is None else (gt[1], gt[2], gt[0], gt[4], gt[5], gt[3]),
            epsg=epsg,
            wkt2=wkt2,
            bands=tuple(bands),
            cog=(layout or "").upper() == "COG",
        )
    finally:
        dataset = None


def _crs(wkt: str) -> tuple[int | None, str | None]:
    """``(32631, None)``, or ``(None, WKT2)`` for a CRS without an EPSG code; cached per WKT."""
    if not wkt:
        return None, None
    found = _CRS_CODES.get(wkt)
    if found is None:
        from osgeo import osr

        srs = osr.SpatialReference()
        srs.ImportFromWkt(wkt)
        srs.AutoIdentifyEPSG()
        authority, code = srs.GetAuthorityName(None), srs.GetAuthorityCode(None)
        if authority == "EPSG" and code and code.isdigit():
            found = (int(code), None)
        else:
            found = (None, srs.ExportToWkt(["FORMAT=WKT2_2019"]))
        _CRS_CODES.put(wkt, found)
    return found


def _looks_whole(path: str) -> bool:
    """The check a shared header still gets per file: it exists and is not empty (a stat, no open)."""
    try:
        return os.stat(path).st_size > 0
    except OSError:
        return False


class HeaderFinder:
    """Raster headers during one export: shared per MGRS tile and file shape, with a failure cap."""

    def __init__(self, share: bool = True, max_failures: int = FAILURES_PER_KEY) -> None:
        self.share = share
        self.max_failures = max_failures
        self._shared: dict[tuple[Any, ...], RasterHeader] = {}
        self._failures: dict[tuple[Any, ...], int] = {}
        self._lock = threading.Lock()

    def __call__(self, product: Product, item: ProductFile) -> RasterHeader | str:
        """The header of ``item``, or why it could not be read."""
        key = self._key(product, item)
        with self._lock:
            shared = self._shared.get(key) if key else None
            failures = self._failures.get(key, 0) if key else 0
        if shared is not None and _looks_whole(item.path):
            return shared
        if shared is None and failures >= self.max_failures:
            return "its header was not read (the same file of other products of this tile is unreadable)"
        try:
            header = read_header(item.path)
        except HeaderError as exc:
            if key:
                with self._lock:
                    self._failures[key] = self._failures.get(key, 0) + 1
            return str(exc)
        if key:
            with self._lock:
                self._shared.setdefault(key, header)
        return header

    def _key(self, product: Product, item: ProductFile) -> tuple[Any, ...] | None:
        """Files of one tile that differ only by acquisition time share a header."""
        name = product.name
        if not self.share or not name.tile:
            return None
        prefix = product.path + "/"
        relative = item.path[len(prefix) :] if item.path.startswith(prefix) else os.path.basename(item.path)
        folder = os.path.dirname(relative)  # 10M/ or 20M/ below the product folder, else ""
        extension = os.path.splitext(item.path)[1].lower()
        return (product.collection, name.tile, name.epsg, name.version, item.role, item.band,
                item.resolution, extension, folder)  # fmt: skip


# --------------------------------------------------------------------------- items
def item_for(
    product: Product,
    headers: HeaderFinder | None = None,
    footprints: FootprintFinder | None = None,
) -> dict[str, Any]:
    """The STAC Item (a JSON-ready dict) of one product."""
    headers = headers or HeaderFinder(share=False)
    footprints = footprints or FootprintFinder()
    name = product.name
    properties = _times(product)
    used: set[str] = set()
    cloud = product.read_cloud_cover()
    if cloud is not None:
        properties["eo:cloud_cover"] = round(float(cloud), 4)
        used.add("eo")
    properties.update(_mission(name.mission, name.family))
    if name.tile and name.epsg:  # an MGRS tile (PROBA-V tiles are not a grid STAC names)
        properties["grid:code"] = f"MGRS-{name.tile}"
        used.add("grid")
    properties["terrascope:collection"] = product.collection
    assets = _assets(product, headers, used)
    codes = {a["proj:epsg"] for a in assets.values() if "proj:epsg" in a}
    if len(codes) == 1:
        properties["proj:epsg"] = codes.pop()
    item: dict[str, Any] = {
        "type": "Feature",
        "stac_version": STAC_VERSION,
        "stac_extensions": [EXTENSIONS[key] for key in EXTENSIONS if key in used],
        "id": _item_id(product),
        "geometry": None,
        "properties": properties,
        "links": [],
        "assets": assets,
    }
    bbox = footprints(product)
    if bbox is not None:
        west, south, east, north = (float(v) for v in bbox)
        item["bbox"] = [west, south, east, north]
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        item["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    collection = TERRASCOPE_COLLECTIONS.get(product.collection)
    if collection:
        item["collection"] = collection
        href = f"{TERRASCOPE_STAC}/collections/{collection}"
        item["links"].append({"rel": "collection", "href": href, "type": "application/json"})
    return item


def _item_id(product: Product) -> str:
    """The product name: the folder's, or a single file's without its extension."""
    base = product.folder_name
    return os.path.splitext(base)[0] if product.is_single_file else base


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _times(product: Product) -> dict[str, Any]:
    """``datetime`` of an acquisition; start/end (inclusive, as STAC reads them) of a period."""
    start, last = product.time_range[0], product.last_instant
    if start is None or last is None:  # STAC needs a time: such a product is left out (items() says so)
        raise ValueError(f"{product.path}: the product name holds no acquisition time")
    if last == start:
        return {"datetime": _iso(start)}
    return {"datetime": None, "start_datetime": _iso(start), "end_datetime": _iso(last)}


def _mission(mission: str | None, family: str) -> dict[str, Any]:
    code = (mission or "").upper()
    found = _MISSIONS.get(code) or (_PROBAV if code.startswith("PROBAV") or family == "PROBAV" else None)
    if found is None:
        return {}
    platform, constellation, instrument = found
    out: dict[str, Any] = {"platform": platform, "instruments": [instrument]}
    if constellation:
        out["constellation"] = constellation
    return out


def _assets(product: Product, headers: HeaderFinder, used: set[str]) -> dict[str, dict[str, Any]]:
    assets: dict[str, dict[str, Any]] = {}
    for item in product.files:
        key = _asset_key(item)
        unique, count = key, 1
        while unique in assets:
            count += 1
            unique = f"{key}_{count}"
        assets[unique] = _asset(product, item, headers, used)
    return assets


def _asset_key(item: ProductFile) -> str:
    if item.role == QUICKLOOK:
        return "QUICKLOOK"
    base = "metadata" if item.role == METADATA else item.band
    return f"{base}_{item.resolution}M" if item.resolution else base


def _asset(product: Product, item: ProductFile, headers: HeaderFinder, used: set[str]) -> dict[str, Any]:
    extension = os.path.splitext(item.path)[1].lower()
    asset: dict[str, Any] = {"href": item.path, "title": _title(item)}
    roles = _roles(item, extension)
    if roles:
        asset["roles"] = roles
    notes: list[str] = []
    media = _MEDIA_TYPES.get(extension)
    if item.is_raster:
        header = headers(product, item)
        if isinstance(header, str):
            notes.append(f"Raster header unreadable: {header}.")
        else:
            if header.cog and media and media.startswith("image/tiff"):
                media += _COG
            asset.update(_projection(header))
            used.add("proj")
            asset["raster:bands"] = _bands(item, header, notes)
            used.add("raster")
    if media:
        asset["type"] = media
    if notes:
        asset["description"] = " ".join(notes)
    asset["alternate"] = {LOCAL_KEY: {"href": item.path, "alternate:name": "Local file"}}
    used.add("alternate")
    return asset


def _title(item: ProductFile) -> str:
    label = {QUICKLOOK: "Quicklook", METADATA: "Metadata"}.get(item.role, item.band)
    return f"{label} {item.resolution} m" if item.resolution else label


def _roles(item: ProductFile, extension: str) -> list[str]:
    if item.role == QUICKLOOK:
        return ["overview"] if item.is_raster else ["thumbnail"]  # georeferenced, else a picture
    role = _ROLES.get(item.role)
    return [role] if role else []


def _projection(header: RasterHeader) -> dict[str, Any]:
    out: dict[str, Any] = {"proj:shape": [header.height, header.width]}
    if header.epsg is not None:
        out["proj:epsg"] = header.epsg
    elif header.wkt2:
        out["proj:wkt2"] = header.wkt2
    if header.transform is not None:
        out["proj:transform"] = list(header.transform)
    return out


def _bands(item: ProductFile, header: RasterHeader, notes: list[str]) -> list[dict[str, Any]]:
    """``raster:bands``: scale/offset as :func:`..raster.kernels.resolve_scaling` decides them:
    GDAL tags, else the Terrascope table, else none (and the note says so)."""
    table = scaling_for(item.name)  # the model says which layers are scaled quantities
    bands = []
    unknown = False
    for band in header.bands:
        entry: dict[str, Any] = {"data_type": band.data_type}
        nodata = band.nodata if band.nodata is not None else (table.nodata if table else None)
        if nodata is not None:
            entry["nodata"] = _nodata(float(nodata))
        if header.transform is not None:
            entry["spatial_resolution"] = abs(header.transform[0])
        scaling = _scaling(band, table)
        if scaling is not None:
            entry["scale"], entry["offset"] = scaling
        elif table is not None:
            unknown = True
        if table is not None and table.unit:
            entry["unit"] = table.unit
        bands.append(entry)
    if unknown and table is not None:
        notes.append(
            f"Scale and offset of {table.label} are unknown (not published, and the file has no "
            "GDAL scale/offset tags): its values are digital numbers, and no scale or offset is "
            "given rather than a guessed one."
        )
    elif table is not None and table.valid_min is not None and table.valid_max is not None:
        notes.append(f"Valid digital numbers {table.valid_min}–{table.valid_max}; other values are not data.")
    return bands


def _scaling(band: BandHeader, table: Scaling | None) -> tuple[float, float] | None:
    chosen = scale_and_offset(band.scale, band.offset, table)  # as the kernels decide it
    return None if chosen is None else chosen[:2]


def _nodata(value: float) -> float | int | str:
    """A JSON nodata: ``"nan"``/``"inf"``/``"-inf"`` (raster extension), integers as integers."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return int(value) if value.is_integer() else value


# --------------------------------------------------------------------------- many items
def items(
    products: Iterable[Product],
    *,
    workers: int = WORKERS,
    share_headers: bool = True,
    is_cancelled: Callable[[], bool] | None = None,
    skipped: list[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Items of ``products`` in their order, built in a thread pool (bounded look-ahead); a product
    that cannot be an Item (no acquisition time) is left out, and why appended to ``skipped``."""
    headers = HeaderFinder(share=share_headers)
    footprints = FootprintFinder()
    ahead = max(1, workers) * 4
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="stac") as pool:
        pending: list[Future[dict[str, Any]]] = []
        try:
            for product in products:
                if is_cancelled is not None and is_cancelled():
                    return
                pending.append(pool.submit(item_for, product, headers, footprints))
                if len(pending) >= ahead:
                    yield from _done(pending.pop(0), skipped)
            while pending:
                if is_cancelled is not None and is_cancelled():
                    return
                yield from _done(pending.pop(0), skipped)
        finally:
            for future in pending:
                future.cancel()


def _done(future: Future[dict[str, Any]], skipped: list[str] | None) -> Iterator[dict[str, Any]]:
    try:
        yield future.result()
    except ValueError as exc:
        if skipped is not None:
            skipped.append(str(exc))


def write_item_collection(
    products: Iterable[Product],
    target: str | os.PathLike[str] | IO[str],
    *,
    progress: Callable[[int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    **options: Any,
) -> int:
    """Write the ItemCollection of ``products`` to a file (atomically: the file appears whole or
    not at all) or to an open text stream (``"-"``: standard output); how many items."""
    if not isinstance(target, (str, os.PathLike)):
        return _write(products, target, progress, is_cancelled, options)
    if os.fspath(target) == "-":
        return _write(products, sys.stdout, progress, is_cancelled, options)
    with atomic_open(target, "w", encoding="utf-8") as handle:
        count = _write(products, handle, progress, is_cancelled, options)
        if is_cancelled is not None and is_cancelled():
            raise InterruptedError(f"{os.fspath(target)}: export cancelled, nothing written")
    return count


def write_search(
    products: Iterable[Product], target: str, out: IO[str], err: IO[str], limit: int | None = None
) -> int:
    """``search --stac [FILE|-]``: the results as an ItemCollection to ``FILE`` or ``out``; a summary
    and the products left out on ``err``. How many items were written."""
    chosen = products if limit is None else itertools.islice(products, max(0, limit))
    skipped: list[str] = []
    count = write_item_collection(chosen, out if target == "-" else target, skipped=skipped)
    for reason in skipped:
        err.write(f"left out of the STAC export: {reason}\n")
    where = "standard output" if target == "-" else target
    err.write(f"{count} STAC item(s) written to {where}\n")
    return count


def _write(
    products: Iterable[Product],
    out: IO[str],
    progress: Callable[[int], None] | None,
    is_cancelled: Callable[[], bool] | None,
    options: dict[str, Any],
) -> int:
    """Streamed: one item in memory at a time, whatever the number of products."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for item in items(products, is_cancelled=is_cancelled, **options):
        out.write((",\n" if count else "\n") + json.dumps(item, ensure_ascii=False, allow_nan=False))
        count += 1
        if progress is not None:
            progress(count)
    out.write("\n]}\n")
    out.flush()
    return count
