"""The product model: what each file of a product is, and which file answers which question.

One place decides, for every entry point (dock, Browser, loading, drag and drop, Processing, the
command line): the role of a file (:data:`ROLES`), its band and resolution, the raster extensions, the
band lookup with a resolution preference (the ``10M/`` and ``20M/`` folders of FAPAR, FCOVER and LAI),
the default layers of a product, its scene classification (also for a data file given alone), its
metadata XML, quicklook, cloud cover and time range. Footprints are in :mod:`.footprint`.

Roles, from the parsed name (:mod:`.names`):

- ``data``: a measured or derived layer per band and resolution (``TOC-B04`` 10 m, ``NDVI``, the S1
  polarisations ``VV``/``VH``/``HH``/``HV``, PROBA-V and CGLS layers);
- ``angle``: viewing/illumination geometry (``SZA``, ``VZA``, ``RAA``, the S1 ``angle`` layer);
- ``scl``: the scene classification (``SCENECLASSIFICATION``, the SAFE ``SCL``);
- ``mask``: other quality layers (V220's ``CLOUDMASK_20M``, V102's ``SHADOWMASK``/``CLOUDMASK``);
- ``quicklook``, ``metadata`` (the product XML) and ``other`` (a named file of none of these kinds).

A :class:`Product` is immutable; its files are listed by the catalogue and classified on first use.
Classifying a file parses its name once per *shape*: the product folder and file names with the
acquisition time(s) and tile masked (the band, resolution and role of a file do not depend on them),
so a search over 100 000 products parses a few hundred file names, not half a million.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any, NamedTuple

from .names import ProductName, ProductNameError, parse_name

__all__ = [
    "CHECKED_EXTENSIONS",
    "FALSE_COLOUR",
    "POLARISATIONS",
    "RASTER_EXTENSIONS",
    "ROLES",
    "TRUE_COLOUR",
    "ArchiveFile",
    "Product",
    "ProductFile",
    "default_layers",
    "file_of",
    "is_raster",
    "list_files",
    "primary_data",
    "product_at",
    "role_of",
    "scl_for_file",
]

BBox = tuple[float, float, float, float]  # lon/lat W, S, E, N

# The one list of raster file extensions (lower case): what the dock, the Browser and drag and drop load.
RASTER_EXTENSIONS = frozenset({".tif", ".tiff", ".jp2", ".vrt", ".nc", ".h5", ".hdf5", ".img"})
# Formats whose first/last block is decoded before loading (netCDF/HDF5 have subdatasets instead).
CHECKED_EXTENSIONS = frozenset({".tif", ".tiff", ".jp2"})
# Formats that open as one raster (netCDF/HDF5 open as subdatasets): what an algorithm can read.
SINGLE_RASTER_EXTENSIONS = frozenset({".tif", ".tiff", ".jp2", ".vrt", ".img"})

DATA, ANGLE, SCL, MASK, QUICKLOOK, METADATA, OTHER = (
    "data", "angle", "scl", "mask", "quicklook", "metadata", "other",
)  # fmt: skip
ROLES = (DATA, ANGLE, SCL, MASK, QUICKLOOK, METADATA, OTHER)
ANGLE_BANDS = frozenset({"SZA", "VZA", "RAA", "ANGLE", "SAA", "VAA"})
SCL_BANDS = frozenset({"SCENECLASSIFICATION", "SCL"})
POLARISATIONS = ("VV", "VH", "HH", "HV")
TRUE_COLOUR = ("TOC-B04", "TOC-B03", "TOC-B02")
FALSE_COLOUR = ("TOC-B08", "TOC-B04", "TOC-B03")
_RASTER_ROLES = frozenset({DATA, ANGLE, SCL, MASK, QUICKLOOK})
_NO_RESOLUTION = 10**9  # sorts after every real resolution: "finest first"
_RESOLUTION_FOLDER = re.compile(r"^\d+M$", re.IGNORECASE)  # 10M/, 20M/ below a product folder


_POSIX = os.sep == "/" and os.altsep is None


def _basename(path: str) -> str:
    """``os.path.basename``; on POSIX without posixpath's generic checks (hot in a search)."""
    return path[path.rfind("/") + 1 :] if _POSIX else os.path.basename(path)


def is_raster(path: str) -> bool:
    """A file whose extension is one of :data:`RASTER_EXTENSIONS` (case-insensitive)."""
    return os.path.splitext(path)[1].lower() in RASTER_EXTENSIONS


def role_of(name: ProductName) -> tuple[str, str]:
    """``(role, band)`` of a parsed file name; band is upper case (``TOC-B04``, ``VV``, ``ANGLE``)."""
    kind = name.kind
    content = (name.content or "").upper()
    if kind == "data":
        return (ANGLE if content in ANGLE_BANDS else DATA), content or (name.product or name.family).upper()
    if kind == "quality":
        return (SCL if content in SCL_BANDS else MASK), content or name.family
    if kind == "quicklook":
        return QUICKLOOK, (name.product or content or name.family).upper()
    if kind == "metadata":
        return METADATA, (name.product or name.family).upper()
    return OTHER, (content or name.product or name.family).upper()


class ProductFile(NamedTuple):
    """One named file of a product: path, role, band and resolution (metres, None when the name has
    none); ``name``, its full parsed name, is parsed on first use (and kept in a bounded cache)."""

    path: str
    role: str
    band: str
    resolution: int | None

    @property
    def name(self) -> ProductName:
        return _parsed(self.path)

    @property
    def is_raster(self) -> bool:
        return self.role in _RASTER_ROLES and is_raster(self.path)

    @property
    def sort_key(self) -> tuple[int, str]:
        """Finest resolution first, then path order (files without a resolution last)."""
        return (self.resolution or _NO_RESOLUTION, self.path)


@lru_cache(maxsize=1 << 14)
def _parsed(path: str) -> ProductName:
    return parse_name(path)


ArchiveFile = ProductFile  # the name the catalogue used before the model existed


def file_of(path: str) -> ProductFile | None:
    """A file given alone (dropped, typed, from the Browser); None when its name is not a product name."""
    try:
        name = parse_name(path)
    except ProductNameError:
        return None
    role, band = role_of(name)
    return ProductFile(path, role, band, name.resolution)


# --------------------------------------------------------------------------- classification memo
_MEMO_MAX = 1 << 16
_MEMO: dict[tuple[str, str], tuple[str, str, int | None, str] | None] = {}
_MEMO_LOCK = threading.Lock()


def _isoformats(name: ProductName) -> tuple[str | None, str | None]:
    """``isoformat()`` of the name's start and end, each computed once (an acquisition's end is its start)."""
    start, end = name[2], name[3]
    start_iso = None if start is None else start.isoformat()
    if end is start or end == start:
        return start_iso, start_iso
    return start_iso, None if end is None else end.isoformat()


def _masks(name: ProductName, isos: tuple[str | None, str | None]) -> list[tuple[str, str]]:
    """The product's acquisition time(s) and tile as written in names, longest first, with placeholders.

    Placeholders are NUL + a lower-case letter: no file name holds a NUL, no masked value (digits,
    upper-case letters) can match part of one, so masking can be undone exactly. An acquisition's
    end (its start) adds nothing. ``isos`` is :func:`_isoformats` of ``name``."""
    start, end, tile = name[2], name[3], name[4]
    values = _time_masks(isos[0], "\0a", "\0b") if isinstance(start, datetime) else []  # type: ignore[arg-type]
    if isinstance(end, datetime) and end != start:
        values += _time_masks(isos[1], "\0c", "\0d")  # type: ignore[arg-type]
    if tile:
        values.append((tile, "\0e"))
    return values


def _time_masks(iso: str, stamp: str, day_token: str) -> list[tuple[str, str]]:
    """``YYYYMMDDThhmmss`` and ``YYYYMMDD`` from ``iso`` (isoformat, in C: cheaper than formatting)."""
    day = iso[:10].replace("-", "")
    return [(f"{day}T{iso[11:19].replace(':', '')}", stamp), (day, day_token)]


def _mask(text: str, masks: list[tuple[str, str]]) -> str:
    for value, token in masks:
        text = text.replace(value, token)
    return text


def _res_key(resolution: int | None) -> str:
    """A resolution as a JSON key: metres, or "native" when the name states none."""
    return "native" if resolution is None else str(resolution)


_SEP = "\0|"  # joins the relative paths of a product (no file name holds a NUL)
_FOLDER_SEP = "\0/"  # between the product folder name and its joined relative paths in a shape key
_JSON_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_encode_str = encode_basestring  # what _JSON_ENCODE does for a str, without its Python frame
Row = tuple[int, str, str, "int | None", str]  # index in the listing, role, band, resolution, resolution key


class _Shape(NamedTuple):
    """What every product of one shape shares: its files' roles and its masked ``files`` JSON."""

    rows: tuple[Row, ...]
    files_json: str


_SHAPES: dict[str, _Shape] = {}
_SHAPES_MAX = 1 << 12


def _new_shape(key: str, base: str, relative: Sequence[str]) -> _Shape:
    """Classify the files of a shape not met before (``key``: masked folder name, :data:`_FOLDER_SEP`,
    masked relative paths joined by :data:`_SEP`); parses one name per file shape."""
    folder, _sep, joined = key.partition(_FOLDER_SEP)
    shapes = joined.split(_SEP)
    rows: list[Row] = []
    for index, masked in enumerate(shapes):
        file_key = (folder, masked)
        found = _MEMO.get(file_key, False)
        if found is False:
            found = _classify(f"{base}/{relative[index]}", file_key)
        if found is not None:
            rows.append((index, *found))
    files_json = _JSON_ENCODE(_files_object((shapes[row[0]], *row[1:]) for row in rows))
    shape = _Shape(tuple(rows), files_json)
    with _MEMO_LOCK:
        if len(_SHAPES) >= _SHAPES_MAX:
            _SHAPES.clear()
        _SHAPES[key] = shape
    return shape


def _files_object(rows: Iterable[tuple[str, str, str, int | None, str]]) -> dict[str, Any]:
    """``{role: {band: {resolution key: [relative path, …]}}}`` from rows in path order."""
    files: dict[str, dict[str, dict[str, list[str]]]] = {}
    for relative, role, band, _resolution, key in rows:
        bands = files.get(role)
        if bands is None:
            bands = files[role] = {}
        slots = bands.get(band)
        if slots is None:
            bands[band] = {key: [relative]}
        elif key in slots:
            slots[key].append(relative)  # copies: the SCL in 10M/ and in 20M/, preferred first
        else:
            slots[key] = [relative]
    return files


def _classify(path: str, key: tuple[str, str]) -> tuple[str, str, int | None, str] | None:
    """``(role, band, resolution)`` of a file from its name's shape, parsing the first of each shape."""
    try:
        name = parse_name(path)
    except ProductNameError:
        value = None
    else:
        role, band = role_of(name)
        value = (role, band, name.resolution, _res_key(name.resolution))
    with _MEMO_LOCK:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()  # bounded: a new search repopulates the few hundred shapes it meets
        _MEMO[key] = value
    return value


# --------------------------------------------------------------------------- the product record
class Product:
    """One product: folder (or single file), parsed name, collection and files; immutable.

    File names are classified on first use of :attr:`files`; the folder name is parsed on first use
    of :attr:`name` when given as None (a search answered from the listing cache knows tile and version
    already). ``cloud_cover`` and ``footprint`` are what the search read for its filters (else None);
    :meth:`replace` gives a copy with other values, sharing the classified files.
    """

    __slots__ = (
        "path",
        "_name",
        "collection",
        "_relative",
        "_rows",
        "_files",
        "cloud_cover",
        "footprint",
        "_xml",
    )

    def __init__(
        self,
        path: str,
        name: ProductName | None,
        collection: str,
        relative_files: Sequence[str] = (),
        *,
        cloud_cover: float | None = None,
        footprint: BBox | None = None,
    ) -> None:
        _set = object.__setattr__
        _set(self, "path", path)
        _set(self, "_name", name)
        _set(self, "collection", collection)
        _set(self, "_relative", tuple(relative_files))
        _set(self, "_rows", None)
        _set(self, "_files", None)
        _set(self, "cloud_cover", cloud_cover)
        _set(self, "footprint", footprint)
        _set(self, "_xml", None)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"Product is immutable (cannot set {key}); use replace()")

    def __repr__(self) -> str:
        return f"Product({self.path!r}, collection={self.collection!r}, files={len(self._relative)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Product) and (self.path, self._relative) == (other.path, other._relative)

    def __hash__(self) -> int:
        return hash(self.path)

    def replace(self, **changes: Any) -> Product:
        """A copy with ``cloud_cover`` and/or ``footprint`` changed; classified files are shared."""
        unknown = set(changes) - {"cloud_cover", "footprint"}
        if unknown:
            raise TypeError(f"Product.replace() takes cloud_cover and footprint, not {sorted(unknown)}")
        copy = Product(
            self.path,
            self._name,
            self.collection,
            self._relative,
            cloud_cover=changes.get("cloud_cover", self.cloud_cover),
            footprint=changes.get("footprint", self.footprint),
        )
        object.__setattr__(copy, "_rows", self._rows)
        object.__setattr__(copy, "_files", self._files)
        object.__setattr__(copy, "_xml", self._xml)
        return copy

    # ------------------------------------------------------------------ names and files
    @property
    def name(self) -> ProductName:
        """Parsed name of the product folder (or single file)."""
        if self._name is None:
            object.__setattr__(self, "_name", parse_name(_basename(self.path)))
        return self._name  # type: ignore[return-value]

    @property
    def folder_name(self) -> str:
        return os.path.basename(self.path)

    @property
    def is_single_file(self) -> bool:
        return not self._relative

    @property
    def files(self) -> tuple[ProductFile, ...]:
        """Files with a product name (others are left out), sorted by path."""
        if self._files is None:
            base, new = self._base(), tuple.__new__
            files = tuple(new(ProductFile, (f"{base}/{row[0]}", *row[1:4])) for row in self._classified())
            object.__setattr__(self, "_files", files)
        return self._files  # type: ignore[return-value]

    def _base(self) -> str:
        """The folder the product's files are listed from: the product folder, or a single file's folder."""
        return self.path if self._relative else os.path.dirname(self.path)

    def _classified(self) -> list[tuple[str, str, str, int | None, str]]:
        """``(relative path, role, band, resolution, resolution key)`` of each named file, in path order."""
        if self._rows is None:
            object.__setattr__(self, "_rows", self._classify())
        return self._rows  # type: ignore[return-value]

    def _classify(self) -> list[tuple[str, str, str, int | None, str]]:
        if not self._relative:  # single-file product
            name = self.name
            role, band = role_of(name)
            return [(os.path.basename(self.path), role, band, name.resolution, _res_key(name.resolution))]
        relative = self._relative
        name = self.name
        return [(relative[row[0]], *row[1:]) for row in self._shape(_masks(name, _isoformats(name))).rows]

    def _shape(self, masks: list[tuple[str, str]], folder: str | None = None) -> _Shape:
        """The product's shape: its folder (name) and files with acquisition time and tile masked."""
        folder = _basename(self.path) if folder is None else folder
        key = _mask(f"{folder}{_FOLDER_SEP}{_SEP.join(self._relative)}", masks)
        shape = _SHAPES.get(key)
        return _new_shape(key, self.path, self._relative) if shape is None else shape

    @property
    def other_files(self) -> tuple[str, ...]:
        """Paths of files in the product folder whose names are not product names."""
        known = {item.path for item in self.files}
        return tuple(p for p in (f"{self.path}/{r}" for r in self._relative) if p not in known)

    def of_role(self, *roles: str) -> list[ProductFile]:
        return [f for f in self.files if f.role in roles]

    @property
    def rasters(self) -> list[ProductFile]:
        """Raster files with a role that can be displayed (data, angle, SCL, mask, quicklook)."""
        return [f for f in self.files if f.is_raster]

    # ------------------------------------------------------------------ lookups
    def band_file(
        self, band: str, resolution: int | None = None, *, exact: bool = False
    ) -> ProductFile | None:
        """The raster holding ``band`` (``TOC-B04``, ``SCENECLASSIFICATION``/``SCL``, ``NDVI``, ``VV``,
        ``QUICKLOOK``): at ``resolution`` (metres) when there is one, else (unless ``exact``) the finest."""
        wanted = band.upper()
        if wanted == "SCL":
            wanted = "SCENECLASSIFICATION"
        if wanted == "QUICKLOOK":
            matches = [f for f in self.rasters if f.role == QUICKLOOK]
        else:
            matches = [f for f in self.rasters if f.role != QUICKLOOK and f.band == wanted]
        if resolution is not None:
            same = [f for f in matches if f.resolution == resolution]
            matches = same if same or exact else matches
        return min(matches, key=lambda f: f.sort_key) if matches else None

    def band_path(self, content: str, resolution: int | None = None) -> str | None:
        """Path of the layer ``content``; with ``resolution`` only that resolution matches (the
        10M/20M folders of FAPAR, FCOVER and LAI), without it the finest available wins."""
        found = self.band_file(content, resolution, exact=resolution is not None)
        return None if found is None else found.path

    @property
    def scl(self) -> ProductFile | None:
        """The scene classification: 20 m preferred, the first copy in path order."""
        return self.band_file("SCENECLASSIFICATION", 20)

    @property
    def scl_path(self) -> str | None:
        found = self.scl
        return None if found is None else found.path

    @property
    def metadata_path(self) -> str | None:
        """The product XML (the finest resolution's when each resolution folder has one)."""
        found = sorted(self.of_role(METADATA), key=lambda f: f.sort_key)
        return found[0].path if found else None

    @property
    def quicklook_path(self) -> str | None:
        found = self.band_file("QUICKLOOK")
        return None if found is None else found.path

    @property
    def time_range(self) -> tuple[datetime | None, datetime | None]:
        """UTC (start, end) from the name: end == start for an acquisition, the exclusive end of the
        period for a composite; S1 coherence spans its two acquisitions."""
        return self.name.start, self.name.end

    @property
    def last_instant(self) -> datetime | None:
        """The last instant the product covers: a period's end less a microsecond; an acquisition's
        time, and S1 coherence's second acquisition, as they are."""
        start, end = self.time_range
        if end is None or end == start or self.name.family == "S1_COHERENCE":
            return start if end is None else end
        return end - timedelta(microseconds=1)

    def read_cloud_cover(self) -> float | None:
        """Cloud cover in percent: the search's value, else read from the product XML (once); None
        when unknown (no XML, no value, unreadable XML)."""
        if self.cloud_cover is not None:
            return float(self.cloud_cover)
        meta = self.read_metadata()
        return None if meta is None or meta.cloud_cover is None else float(meta.cloud_cover)

    def read_metadata(self) -> Any:
        """The parsed product XML (:class:`~.metadata.ProductMetadata`), read once; None when absent or
        unreadable."""
        if self._xml is None:
            object.__setattr__(self, "_xml", (_read_xml(self.metadata_path),))
        return self._xml[0]  # type: ignore[index]

    # ------------------------------------------------------------------ JSON
    def to_json(self) -> dict[str, Any]:
        """The ``search --json`` record as a dict: see README, "search --json records"."""
        record = self._json_head()
        record["files"] = _files_object(self._classified())
        return record

    def json_line(self) -> str:
        """:meth:`to_json` encoded, fast: the ``files`` object is encoded once per product shape and
        its masked acquisition time and tile put back (the same text ``json.dumps`` would give)."""
        name = self.name
        isos = _isoformats(name)
        path = self.path
        folder = _basename(path)
        if self._relative:
            masks = _masks(name, isos)
            files = self._shape(masks, folder).files_json
            for value, token in masks:
                files = files.replace(_JSON_MASKS[token], value)
            base = path_text = _encode_str(path)  # "dir" is the product folder itself
        else:
            files = _JSON_ENCODE(_files_object(self._classified()))
            path_text, base = _encode_str(path), _encode_str(os.path.dirname(path))
        cloud = "null" if self.cloud_cover is None else _JSON_ENCODE(self.cloud_cover)
        bbox = _JSON_ENCODE(list(self.footprint)) if self.footprint else "null"
        return (
            f'{{"folder": {_encode_str(folder)}, "path": {path_text}, "dir": {base}, '
            f'"collection": {_encode_str(self.collection)}, "name": {_name_text(name, isos)}, '
            f'"cloud_cover": {cloud}, "footprint": {bbox}, "files": {files}}}'
        )

    def _json_head(self) -> dict[str, Any]:
        return {
            "folder": os.path.basename(self.path),
            "path": self.path,
            "dir": self._base(),
            "collection": self.collection,
            "name": name_json(self.name),
            "cloud_cover": self.cloud_cover,
            "footprint": list(self.footprint) if self.footprint else None,
        }


_JSON_MASKS = {token: _JSON_ENCODE(token)[1:-1] for token in ("\0a", "\0b", "\0c", "\0d", "\0e")}


_NAME_PARTS: dict[tuple[Any, ...], tuple[str, str]] = {}


def _name_text(name: ProductName, isos: tuple[str | None, str | None]) -> str:
    """``json.dumps(name_json(name))``, fast: the fields other than time and tile are encoded once
    per distinct combination (a handful per collection); ``isos`` is :func:`_isoformats` of ``name``."""
    rest = name[:2] + name[6:]
    parts = _NAME_PARTS.get(rest)
    if parts is None:
        fields = name_json(name)
        head = _JSON_ENCODE({key: fields[key] for key in ProductName._fields[:2]})[1:-1]
        tail = _JSON_ENCODE({key: fields[key] for key in ProductName._fields[6:]})[1:-1]
        parts = (head, tail)
        with _MEMO_LOCK:
            if len(_NAME_PARTS) >= _SHAPES_MAX:
                _NAME_PARTS.clear()
            _NAME_PARTS[rest] = parts
    start_iso, end_iso = isos
    start_text = "null" if start_iso is None else f'"{start_iso}"'
    end_text = start_text if end_iso is start_iso else ("null" if end_iso is None else f'"{end_iso}"')
    tile, epsg = name[4], name[5]
    tile_text = "null" if tile is None else _encode_str(tile)
    epsg_text = "null" if epsg is None else str(int(epsg))
    return (
        f'{{{parts[0]}, "start": {start_text}, "end": {end_text}, "tile": {tile_text}, '
        f'"epsg": {epsg_text}, {parts[1]}}}'
    )


def name_json(name: ProductName) -> dict[str, Any]:
    """A parsed name as JSON values: datetimes in ISO 8601 (UTC), tuples as lists."""
    out = name._asdict()
    for key in ("start", "end"):
        value = out[key]
        if value is not None:
            out[key] = value.isoformat()
    out["extra"] = list(out["extra"])
    return out


def _read_xml(path: str | None) -> Any:
    from .metadata import MetadataError, read_product_xml

    if path is None:
        return None
    try:
        return read_product_xml(path)
    except (MetadataError, OSError):
        return None


# --------------------------------------------------------------------------- defaults
def default_layers(product: Product) -> tuple[str, tuple[ProductFile, ...]]:
    """What a product shows by default: ``("composite", (red, green, blue))`` for a Sentinel-2 TOC
    product holding its true-colour bands, else ``("files", files)``: the biophysical layer, the S1
    polarisations, every data raster, or the quicklook (empty when the product has none of these)."""
    name = product.name
    if name.family == "S2_TOC":
        bands = [product.band_file(band) for band in TRUE_COLOUR]
        if all(bands):
            return "composite", tuple(bands)  # type: ignore[arg-type]
        return "files", _quicklook(product)
    if name.family == "S2_BIOPAR" and name.product:
        main = product.band_file(name.product)
        if main is not None:
            return "files", (main,)
    if name.family in ("S1_SIGMA0", "S1_COHERENCE"):
        found = tuple(f for f in (product.band_file(p) for p in POLARISATIONS) if f is not None)
        if found:
            return "files", found
    data = sorted((f for f in product.rasters if f.role == DATA), key=lambda f: f.path)
    return "files", tuple(data) if data else _quicklook(product)


def _quicklook(product: Product) -> tuple[ProductFile, ...]:
    found = product.band_file("QUICKLOOK")
    return () if found is None else (found,)


def primary_data(product: Product, band: str = "") -> ProductFile | None:
    """The data file an algorithm takes from ``product``: ``band`` when given (finest resolution),
    else its default single data layer, else its finest scaled data layer (ties by path). Only
    formats that open as one raster count (:data:`SINGLE_RASTER_EXTENSIONS`)."""
    from .scaling import scaling_for

    def readable(item: ProductFile | None) -> bool:
        return item is not None and os.path.splitext(item.path)[1].lower() in SINGLE_RASTER_EXTENSIONS

    if band:
        wanted = band.upper()
        found = [f for f in product.rasters if f.role != QUICKLOOK and f.band == wanted and readable(f)]
        return min(found, key=lambda f: f.sort_key) if found else None
    kind, files = default_layers(product)
    if kind == "files":
        for item in files:
            if item.role == DATA and readable(item):
                return item
    scaled = [
        f for f in product.rasters if f.role == DATA and readable(f) and scaling_for(f.name) is not None
    ]
    return min(scaled, key=lambda f: f.sort_key) if scaled else None


# --------------------------------------------------------------------------- products and files on disk
PRODUCT_SUBFOLDER_DEPTH = 2  # 10M/ and 20M/ (FAPAR, LAI), V1 containers (product/10M)


def product_at(path: str, collection: str = "", depth: int = PRODUCT_SUBFOLDER_DEPTH) -> Product:
    """The product of a folder on disk (files listed ``depth`` folder levels down) or of a single file.

    Raises :class:`~.names.ProductNameError` when the folder or file name is not a product name.
    """
    path = os.path.abspath(path).rstrip(os.sep) or os.sep
    name = parse_name(path)
    if not os.path.isdir(path):
        return Product(path, name, collection)
    return Product(path, name, collection, list_files(path, depth))


def list_files(folder: str, depth: int = PRODUCT_SUBFOLDER_DEPTH) -> list[str]:
    """Relative paths of the files in ``folder`` and ``depth`` folder levels below, sorted.

    Raises OSError when ``folder`` itself cannot be listed; unreadable subfolders are left out.
    """
    files: list[str] = []
    _list_files(folder, "", depth, files, top=True)
    return sorted(files)


def _list_files(folder: str, relative: str, depth: int, out: list[str], top: bool = False) -> None:
    try:
        with os.scandir(folder) as entries:
            listed = [(e.name, e.is_dir()) for e in entries]
    except OSError:
        if top:
            raise
        return
    for entry_name, is_dir in listed:
        child = f"{relative}/{entry_name}" if relative else entry_name
        if not is_dir:
            out.append(child)
        elif depth > 0:
            _list_files(os.path.join(folder, entry_name), child, depth - 1, out)


def scl_for_file(path: str) -> str | None:
    """The scene classification of the product holding the data file ``path``, found on disk: in the
    same folder, else (for a file in a ``10M``/``20M`` folder) in the product folder above or its
    ``20M`` folder; matched by tile and acquisition time."""
    own = file_of(os.path.basename(path))
    if own is None:
        return None
    folder = os.path.dirname(os.path.abspath(path))
    folders = [folder]
    if _RESOLUTION_FOLDER.match(os.path.basename(folder)):
        parent = os.path.dirname(folder)
        folders += [parent, os.path.join(parent, "20M")]
    for candidate in folders:
        try:
            entries = sorted(os.listdir(candidate))
        except OSError:
            continue
        for entry in entries:
            found = file_of(entry) if is_raster(entry) else None
            if found is None or found.role != SCL:
                continue
            if (found.name.tile, found.name.start) == (own.name.tile, own.name.start):
                return os.path.join(candidate, entry)
    return None
