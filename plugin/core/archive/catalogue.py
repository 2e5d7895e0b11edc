"""Archive catalogue: roots, collections, a streaming filterable search and raster footprints.

Collections are found by their layout, not from a fixed list: a folder whose children are year
folders (``YYYY``) holding month folders (``MM``, layout ``"ymd"``: ``YYYY/MM/DD/<product>``) or day
folders (``YYYYMMDD``, layout ``"y_ymd"``: ``YYYY/YYYYMMDD/<product>``), found at most
:data:`DISCOVERY_DEPTH` levels below a root. A root that is itself such a folder, or a plain folder of
downloaded products (layout ``"flat"``), works as well.

The search walks level by level with ``os.scandir`` and prunes on the date folder names before
descending, decides on product folder names (collection, tile, date, version) before listing a
product, and yields products as they are found. Folder listings go through the persistent
:class:`~.listing_cache.ListingCache`. Messy mounts (permission denied, symlink loops, files that
vanish during the scan, foreign names, missing or empty roots) never stop a search: each is recorded
in :attr:`Catalogue.skipped`.

Filter rules (documented choices):
- Date: a product filed under date folders matches when its date folder is in the range (for S1
  coherence that is the second acquisition); a loose product matches when its name's time range
  overlaps the range. Both bounds are inclusive days, UTC.
- Version (default newest only): among products of one collection and date folder with the same
  mission, time, tile, product and orbit, only the highest version is kept (V210 hides V200).
- Cloud cover (``max_cloud``): read from the product XML only when the filter is set; a product whose
  cloud cover is unknown (no XML, no value, unreadable XML) passes, with ``cloud_cover`` ``None``.
- Bounding box: the tile footprint comes from a raster header (cached per tile and EPSG code in the
  listing cache); a product whose footprint cannot be read passes.
- Roots: a missing or empty root is reported in ``skipped`` while the other roots are searched; when no
  root is usable the search raises :class:`RootNotFoundError` naming every path.
"""

from __future__ import annotations

import calendar
import getpass
import json
import os
import re
import time as _time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from ..products.names import FAMILIES, ProductName, ProductNameError, parse_name
from .listing_cache import Entry, ListingCache

__all__ = [
    "ArchiveError",
    "ArchiveFile",
    "Catalogue",
    "Collection",
    "Product",
    "Query",
    "RootNotFoundError",
    "SkippedPath",
    "default_roots",
    "footprint",
]

BBox = tuple[float, float, float, float]  # lon/lat W, S, E, N

DISCOVERY_DEPTH = 5  # CGS_S1/CGS_S1_GRD_L1/IW/HR/DV is five levels below /data/MTDA
DISCOVERY_MAX_FOLDERS = 5000  # a runaway discovery (a huge non-archive tree) stops here
PRODUCT_DEPTH = 6  # folders below a product folder (10M/, V1 nesting, SAFE granules)
_GENERIC_FOLDER = re.compile(r"[A-Z0-9]{1,3}|COG", re.ASCII)  # "DV", "HR", "COG": prefix the parent


class ArchiveError(Exception):
    """A catalogue problem with a clear message that names the path."""


class RootNotFoundError(ArchiveError):
    """An archive root that does not exist, is not a folder or is empty (not mounted)."""


@dataclass(frozen=True)
class SkippedPath:
    path: str
    reason: str


@dataclass(frozen=True)
class Collection:
    id: str
    path: str
    root: str
    family: str
    label: str
    layout: str  # "ymd" (YYYY/MM/DD), "y_ymd" (YYYY/YYYYMMDD) or "flat" (products directly inside)


@dataclass(frozen=True)
class ArchiveFile:
    path: str
    name: ProductName


def _json_name(name: ProductName) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in name._asdict().items():
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out


class Product:
    """One product: its folder (or single file), parsed name, collection and files.

    File names are parsed on first use of :attr:`files`, so that a scan listing 100 000 products
    does not pay for half a million parses it may never need; likewise the folder name when ``name``
    is given as None (a search answered from the listing cache already knows tile and version).
    """

    __slots__ = ("path", "_name", "collection", "_relative", "_files", "cloud_cover", "footprint")

    def __init__(
        self, path: str, name: ProductName | None, collection: str, relative_files: Sequence[str] = ()
    ) -> None:
        self.path = path
        self._name = name
        self.collection = collection
        self._relative = tuple(relative_files)
        self._files: tuple[ArchiveFile, ...] | None = None
        self.cloud_cover: float | None = None  # filled when the search read the XML
        self.footprint: BBox | None = None  # filled when the search needed it

    def __repr__(self) -> str:
        return f"Product({self.path!r}, collection={self.collection!r}, files={len(self._relative)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Product) and (self.path, self._relative) == (other.path, other._relative)

    def __hash__(self) -> int:
        return hash(self.path)

    @property
    def name(self) -> ProductName:
        """Parsed name of the product folder (or single file)."""
        if self._name is None:
            self._name = parse_name(os.path.basename(self.path))
        return self._name

    @property
    def folder_name(self) -> str:
        return os.path.basename(self.path)

    @property
    def files(self) -> tuple[ArchiveFile, ...]:
        """Files with a Terrascope name (others are left out), sorted by path."""
        if self._files is None:
            if not self._relative:  # single-file product
                self._files = (ArchiveFile(self.path, self.name),)
            else:
                files = []
                for relative in self._relative:
                    path = f"{self.path}/{relative}"
                    try:
                        files.append(ArchiveFile(path, parse_name(path)))
                    except ProductNameError:
                        continue
                self._files = tuple(files)
        return self._files

    @property
    def other_files(self) -> tuple[str, ...]:
        """Paths of files in the product folder whose names are not Terrascope names."""
        known = {item.path for item in self.files}
        return tuple(p for p in (f"{self.path}/{r}" for r in self._relative) if p not in known)

    def band_path(self, content: str, resolution: int | None = None) -> str | None:
        """Path of the layer ``content`` (``TOC-B04``, ``SCENECLASSIFICATION``, ``NDVI``, ``VV`` …).

        With ``resolution`` (metres) only that resolution matches (the 10M/20M folders of FAPAR,
        FCOVER and LAI); without it the finest available wins.
        """
        wanted = content.upper()
        best: ArchiveFile | None = None
        for item in self.files:
            name = item.name
            if name.kind not in ("data", "quality", "quicklook"):
                continue
            layer = (name.content or name.product or "").upper()
            if layer != wanted and not (wanted == "QUICKLOOK" and name.kind == "quicklook"):
                continue
            if resolution is not None and name.resolution != resolution:
                continue
            if best is None or (name.resolution or 10**9) < (best.name.resolution or 10**9):
                best = item
        return None if best is None else best.path

    def _first_of_kind(self, kind: str) -> str | None:
        for item in self.files:
            if item.name.kind == kind:
                return item.path
        return None

    @property
    def metadata_path(self) -> str | None:
        return self._first_of_kind("metadata")

    @property
    def quicklook_path(self) -> str | None:
        return self._first_of_kind("quicklook")

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": self.folder_name,
            "path": self.path,
            "collection": self.collection,
            "name": _json_name(self.name),
            "cloud_cover": self.cloud_cover,
            "footprint": list(self.footprint) if self.footprint else None,
            "files": [{"path": item.path, "name": _json_name(item.name)} for item in self.files],
        }


@dataclass
class Query:
    collections: Sequence[str] = ()  # Collection ids (or paths); empty = all
    tiles: Sequence[str] = ()
    start: date | None = None  # inclusive
    end: date | None = None  # inclusive
    max_cloud: float | None = None
    bbox: BBox | None = None  # lon/lat W, S, E, N
    all_versions: bool = False

    def validate(self) -> None:
        """Raise ValueError with a clear message for inconsistent criteria."""
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start date {self.start} is after end date {self.end}")
        if self.max_cloud is not None and not 0 <= self.max_cloud <= 100:
            raise ValueError(f"maximum cloud cover {self.max_cloud} is not a percentage between 0 and 100")
        if self.bbox is not None:
            west, south, east, north = self.bbox
            if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
                raise ValueError(f"bounding box {self.bbox} is not W,S,E,N in degrees with W < E and S < N")


def default_roots() -> list[str]:
    """``/data/MTDA`` when present, plus ``/data/users/{Public,Private}/$USER`` when present."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    candidates = ["/data/MTDA"]
    if user:
        candidates += [f"/data/users/Public/{user}", f"/data/users/Private/{user}"]
    return [path for path in candidates if os.path.isdir(path)]


# --------------------------------------------------------------------------- folder names
def _is_year(name: str) -> bool:
    return len(name) == 4 and name.isdigit() and 1950 <= int(name) <= 2100


def _is_month(name: str) -> bool:
    return len(name) == 2 and name.isdigit() and 1 <= int(name) <= 12


def _is_day(name: str) -> bool:
    return len(name) == 2 and name.isdigit() and 1 <= int(name) <= 31


def _is_ymd(name: str, year: str) -> bool:
    return len(name) == 8 and name.isdigit() and name.startswith(year)


@lru_cache(maxsize=256)
def _version_key(version: str | None) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version or ""))


_FAMILY_BY_ID = (
    (re.compile(r"TOC_V\d"), "S2_TOC"),
    (re.compile(r"(NDVI|FAPAR|FCOVER|LAI|CCC|CWC)_V\d"), "S2_BIOPAR"),
    (re.compile(r"CGS_S1_GRD_SIGMA0"), "S1_SIGMA0"),
    (re.compile(r"(SLC_)?COHERENCE"), "S1_COHERENCE"),
    (re.compile(r"CGS_S1_GRD_L1"), "S1_SAFE"),
    (re.compile(r"(TIFFDERIVED_)?PROBAV_"), "PROBAV"),
    (re.compile(r"BioPar_", re.IGNORECASE), "CGLS"),
)


def _family_from_id(collection_id: str) -> str | None:
    for pattern, family in _FAMILY_BY_ID:
        if pattern.match(collection_id):
            return family
    return None


# --------------------------------------------------------------------------- footprints
_FOOTPRINTS: dict[tuple[str, int], BBox] = {}


def footprint(path: str | os.PathLike[str]) -> BBox:
    """Lon/lat bounding box (W, S, E, N) of a raster from its header (cached per path and mtime).

    The four corners and edge points are transformed to EPSG:4326, so a UTM tile near a zone edge
    gets its true extent. Raises :class:`ArchiveError` when the file is not a georeferenced raster.
    """
    text = os.fspath(path)
    try:
        mtime = os.stat(text).st_mtime_ns
    except OSError as exc:
        raise ArchiveError(f"{text}: cannot read the raster ({exc.strerror or exc})") from exc
    key = (text, mtime)
    if key not in _FOOTPRINTS:
        _FOOTPRINTS[key] = _read_footprint(text)
    return _FOOTPRINTS[key]


def _read_footprint(path: str) -> BBox:
    from osgeo import gdal, osr

    try:
        dataset = gdal.OpenEx(path, gdal.OF_RASTER | gdal.OF_READONLY)
    except RuntimeError:  # gdal.UseExceptions() is on somewhere in the process
        dataset = None
    if dataset is None:
        raise ArchiveError(f"{path}: not a raster GDAL can open")
    transform = dataset.GetGeoTransform(can_return_null=True)
    wkt = dataset.GetProjection()
    width, height = dataset.RasterXSize, dataset.RasterYSize
    dataset = None
    if transform is None or not wkt:
        raise ArchiveError(f"{path}: the raster has no georeferencing")
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


def _intersects(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


# --------------------------------------------------------------------------- walking
class _Walker:
    """Lists folders through the cache and records what it had to skip."""

    def __init__(self, cache: ListingCache | None, skipped: list[SkippedPath]) -> None:
        self.cache = cache
        self.skipped = skipped
        self.visited_links: set[str] = set()
        self.listed = 0  # folders read with scandir
        self.cached = 0  # folders served by the cache
        self.visited: list[list[Any]] | None = None  # [path, mtime_ns] of listed folders, when recording

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append(SkippedPath(path, reason))

    def preload(self, path: str) -> None:
        """Let the cache read the listings of ``path`` and all folders below it in one query."""
        if self.cache is not None:
            self.cache.preload(path)

    def skip_junk(self, folder: str, name: str, kind: str) -> None:
        """An entry that has no business at a date level of a collection."""
        self.skip(f"{folder}/{name}", "unrelated file" if kind == "f" else "not a date folder")

    def skip_error(self, path: str, exc: OSError) -> None:
        if isinstance(exc, PermissionError):
            self.skip(path, "permission denied")
        elif isinstance(exc, FileNotFoundError):
            self.skip(path, "vanished during the scan")
        elif isinstance(exc, NotADirectoryError):
            self.skip(path, "not a folder")
        else:
            self.skip(path, f"cannot list the folder ({exc.strerror or exc})")

    def list_dir(self, path: str) -> list[Entry] | None:
        """Children of ``path`` as (name, kind); None (and a skipped record) when it cannot be read."""
        cache = self.cache
        try:
            if cache is None:
                entries = _scan_entries(path)
            else:
                mtime = os.stat(path).st_mtime_ns
                if self.visited is not None:
                    self.visited.append([path, mtime])
                cached = cache.get(path, mtime)
                if cached is not None:
                    self.cached += 1
                    return cached
                entries, listed_mtime = _scan_with_mtime(path)
                if listed_mtime != mtime and self.visited is not None:
                    self.visited[-1][1] = listed_mtime
                mtime = listed_mtime
        except OSError as exc:
            self.skip_error(path, exc)
            return None
        self.listed += 1
        if cache is not None:
            cache.put(path, mtime, entries)
        return entries

    def list_with_mtime(self, path: str) -> tuple[list[Entry], int] | None:
        """Like :meth:`list_dir`, uncached, with the folder's mtime as read before its listing.

        Without a cache the mtime is not needed (0): a plain ``scandir`` is cheaper.
        """
        try:
            listed = _scan_with_mtime(path) if self.cache is not None else (_scan_entries(path), 0)
        except OSError as exc:
            self.skip_error(path, exc)
            return None
        self.listed += 1
        return listed

    # ------------------------------------------------------------------ day folders (subtrees)
    def open_tree(self, folder: str) -> _Tree | None:
        """The index of ``folder`` and the product records below it, from the cache when valid."""
        cache = self.cache
        stored: dict[str, Any] = {}
        if cache is not None:
            row = cache.get_subtree(folder)
            if row is not None:
                try:
                    fd, mtime = _open_folder(folder)
                except OSError as exc:
                    self.skip_error(folder, exc)
                    return None
                index, stored = json.loads(row[1])
                if mtime == row[0]:
                    self.cached += 1
                    tree = _Tree(folder, mtime, index, stored, {})
                    tree.fd = fd
                    return tree
                if fd is not None:
                    os.close(fd)
        listed = self.list_with_mtime(folder)
        if listed is None:
            return None
        entries, mtime = listed
        index, parsed = _index(entries)
        names = {item[0] for item in index}
        # Product records of the old listing stay: each one is validated by its own folders' mtimes.
        records = {name: record for name, record in stored.items() if name in names}
        tree = _Tree(folder, mtime, index, records, parsed)
        tree.changed = cache is not None
        return tree

    def close_tree(self, tree: _Tree) -> None:
        """Store a tree that changed, unless its folder is too recent to be trusted."""
        if tree.fd is not None:
            os.close(tree.fd)
            tree.fd = None
        cache = self.cache
        if cache is None or not tree.changed or cache.is_recent(tree.mtime, _time.time_ns()):
            return
        cache.put_subtree(tree.path, tree.mtime, json.dumps([tree.index, tree.records]))

    def product_files(self, tree: _Tree, entry_name: str) -> list[str] | None:
        """Relative file paths below a product folder: its record when every folder in it is unchanged."""
        path = f"{tree.path}/{entry_name}"
        record = tree.records.get(entry_name)
        if record is not None:
            if _unchanged(tree, entry_name, record[1]):
                self.cached += len(record[1])
                return record[0]
            del tree.records[entry_name]
            tree.changed = True
        files: list[str] = []
        folders: list[list[Any]] = []
        cacheable = self._walk_product(path, "", 0, files, folders)
        if cacheable is None:
            return None
        files.sort()
        cache = self.cache
        if cacheable and cache is not None:
            now = _time.time_ns()
            if not any(cache.is_recent(mtime, now) for _rel, mtime in folders):
                tree.records[entry_name] = [files, folders]
                tree.changed = True
        return files

    def _walk_product(
        self, path: str, rel: str, depth: int, files: list[str], folders: list[list[Any]]
    ) -> bool | None:
        """Collect files below ``path``; True when the result may be cached, None if it cannot be listed.

        Folders reached through a symbolic link, or below an unreadable one, are not cached: entering
        a link depends on what this search visited before.
        """
        listed = self.list_with_mtime(path)
        if listed is None:
            return None
        entries, mtime = listed
        folders.append([rel, mtime])
        cacheable = True
        for name, kind in entries:
            child_rel = f"{rel}/{name}" if rel else name
            if kind == "f":
                files.append(child_rel)
                continue
            if depth >= PRODUCT_DEPTH:
                continue
            child = f"{path}/{name}"
            if kind == "l":
                cacheable = False
                if not self.may_enter_link(path, child):
                    continue
            if not self._walk_product(child, child_rel, depth + 1, files, folders):
                cacheable = False
        return cacheable

    def may_enter_link(self, parent: str, child: str) -> bool:
        """A symlinked folder is entered once, and never when it leads back to an ancestor."""
        target = os.path.realpath(child)
        here = os.path.realpath(parent)
        if target == here or here.startswith(target + os.sep) or target in self.visited_links:
            self.skip(child, "symlink loop or folder already visited through another link")
            return False
        self.visited_links.add(target)
        return True


_FD_LISTING = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")


def _entries(iterator: Iterator[os.DirEntry[str]]) -> list[Entry]:
    """``(name, kind)`` with kind "d" (folder), "l" (link to a folder) or "f"; from the d_type of
    the listing, no ``stat``. Inlined: this runs once per entry of the whole archive."""
    return [(e.name, ("l" if e.is_symlink() else "d") if e.is_dir() else "f") for e in iterator]


def _scan_entries(path: str) -> list[Entry]:
    with os.scandir(path) as iterator:
        return _entries(iterator)


def _scan_with_mtime(path: str) -> tuple[list[Entry], int]:
    """Listing and mtime of a folder; the mtime is read first, so a later change gives a new one.

    Through one open descriptor (``fstat`` + ``scandir(fd)``): cheaper than a second path lookup.
    """
    if not _FD_LISTING:
        mtime = os.stat(path).st_mtime_ns
        return _scan_entries(path), mtime
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        mtime = os.fstat(fd).st_mtime_ns
        with os.scandir(fd) as iterator:
            return _entries(iterator), mtime
    finally:
        os.close(fd)


def _open_folder(path: str) -> tuple[int | None, int]:
    """A descriptor of a folder (None where unsupported) and its mtime."""
    if not _FD_LISTING:
        return None, os.stat(path).st_mtime_ns
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return fd, os.fstat(fd).st_mtime_ns
    except OSError:
        os.close(fd)
        raise


def _unchanged(tree: _Tree, entry_name: str, folders: list[list[Any]]) -> bool:
    """Every ``[relative folder, mtime_ns]`` of a product record still has that mtime.

    Relative to the day folder's descriptor when the tree has one: a short lookup per ``stat``.
    """
    fd = tree.fd
    base = entry_name if fd is not None else f"{tree.path}/{entry_name}"
    for rel, mtime in folders:
        try:
            if os.stat(f"{base}/{rel}" if rel else base, dir_fd=fd).st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return True


# Folder index entry (JSON in the listing cache): [name, kind, status, tile, newest] with status
# 0 not a product name, 1 product, 2 V1 container (…_CGS_V102_000 holding the product folders) and
# newest 1 when no entry of the folder with the same group key has a higher version.
_JUNK, _PRODUCT, _CONTAINER = 0, 1, 2
IndexEntry = list[Any]


def _index(entries: list[Entry]) -> tuple[list[IndexEntry], dict[str, ProductName]]:
    """Index of a folder's entries, sorted by name, and the names parsed on the way."""
    parsed: dict[str, ProductName] = {}
    newest: dict[tuple[Any, ...], tuple[tuple[int, ...], str]] = {}
    index: list[IndexEntry] = []
    for entry_name, kind in sorted(entries):
        try:
            name = parse_name(entry_name)
        except ProductNameError:
            index.append([entry_name, kind, _JUNK, None, 0])
            continue
        parsed[entry_name] = name
        status = _CONTAINER if name.family == "S2_CGS" and kind != "f" else _PRODUCT
        index.append([entry_name, kind, status, name.tile, 0])
        key, version = _group_key(name), _version_key(name.version)
        best = newest.get(key)
        if best is None or version > best[0]:
            newest[key] = (version, entry_name)
    winners = {entry_name for _version, entry_name in newest.values()}
    for item in index:
        if item[0] in winners:
            item[4] = 1
    return index, parsed


class _Tree:
    """One day folder (or flat folder, or V1 container) during a search: index and product records.

    ``records`` maps a product folder name to ``[files, folders]``: its relative file paths and the
    ``[relative folder, mtime_ns]`` of every folder they were listed from.
    """

    __slots__ = ("path", "mtime", "index", "records", "parsed", "changed", "fd")

    def __init__(
        self,
        path: str,
        mtime: int,
        index: list[IndexEntry],
        records: dict[str, list[Any]],
        parsed: dict[str, ProductName],
    ) -> None:
        self.path = path
        self.mtime = mtime
        self.index = index
        self.records = records
        self.parsed = parsed
        self.changed = False
        self.fd: int | None = None  # open descriptor of a folder answered from the cache


@dataclass
class _Filters:
    """The query in the form the hot path wants it."""

    collections: frozenset[str]  # lower case
    requested: tuple[str, ...]  # as the user wrote them, for messages
    tiles: frozenset[str]
    start: int  # yyyymmdd, 0 = open
    end: int  # yyyymmdd, 99999999 = open
    start_dt: datetime | None
    end_dt: datetime | None  # exclusive
    newest_only: bool
    max_cloud: float | None
    bbox: BBox | None

    @classmethod
    def from_query(cls, query: Query) -> _Filters:
        start_dt = datetime.combine(query.start, time(), UTC) if query.start else None
        end_dt = datetime.combine(query.end, time(), UTC) + timedelta(days=1) if query.end else None
        return cls(
            collections=frozenset(c.lower() for c in query.collections),
            requested=tuple(query.collections),
            tiles=frozenset(t.upper().lstrip("T") for t in query.tiles),
            start=_day_int(query.start) if query.start else 0,
            end=_day_int(query.end) if query.end else 99999999,
            start_dt=start_dt,
            end_dt=end_dt,
            newest_only=not query.all_versions,
            max_cloud=query.max_cloud,
            bbox=query.bbox,
        )

    def year_in(self, year: int) -> bool:
        return self.start // 10000 <= year <= self.end // 10000

    def month_in(self, year: int, month: int) -> bool:
        value = year * 100 + month
        return self.start // 100 <= value <= self.end // 100

    def day_in(self, yyyymmdd: int) -> bool:
        return self.start <= yyyymmdd <= self.end

    def covers(self, first: int, last: int) -> bool:
        """The whole span of days ``first``..``last`` (yyyymmdd) is inside the query range."""
        return self.start <= first and last <= self.end

    def overlaps(self, name: ProductName) -> bool:
        """Loose products: the name's time range overlaps the query range."""
        if name.start is None or (self.start_dt is None and self.end_dt is None):
            return True
        first = name.start
        last = name.end if name.end is not None and name.end > first else first
        if self.end_dt is not None and first >= self.end_dt:
            return False
        return self.start_dt is None or last > self.start_dt or first >= self.start_dt


def _day_int(value: date) -> int:
    return value.year * 10000 + value.month * 100 + value.day


def _group_key(name: ProductName) -> tuple[Any, ...]:
    return (name.family, name.mission, name.start, name.end, name.tile, name.product,
            name.content, name.resolution, name.orbit, name.direction, name.ext)  # fmt: skip


# --------------------------------------------------------------------------- catalogue
@dataclass
class _SearchState:
    walker: _Walker
    filters: _Filters
    is_cancelled: Callable[[], bool]
    footprints: dict[str, BBox | None] = field(default_factory=dict)
    footprint_failures: dict[str, int] = field(default_factory=dict)
    cancelled: bool = False

    def check_cancel(self) -> bool:
        if not self.cancelled and self.is_cancelled():
            self.cancelled = True
        return self.cancelled


class Catalogue:
    """Collections and products under one or more roots (see the module docstring for the rules).

    ``cache_path`` picks the listing cache file (default: the user's cache folder); ``use_cache=False``
    lists every folder afresh. After (or during) a search, :attr:`skipped` lists what was skipped and
    why, :attr:`warnings` holds cache problems, :attr:`progress` goes from 0 to 100 and :attr:`stats`
    counts folders listed and served from the cache.
    """

    def __init__(
        self,
        roots: Sequence[str],
        cache_path: str | None = None,
        *,
        use_cache: bool = True,
        cache_min_age_s: float | None = None,
    ) -> None:
        self.roots = [os.path.abspath(os.path.expanduser(os.fspath(root))) for root in roots]
        self.cache_path = cache_path
        self.use_cache = use_cache
        self.cache_min_age_s = cache_min_age_s
        self.skipped: list[SkippedPath] = []
        self.warnings: list[str] = []
        self.progress = 0.0
        self.stats: dict[str, int] = {}

    # ------------------------------------------------------------------ plumbing
    def _open_cache(self) -> ListingCache | None:
        if not self.use_cache:
            return None
        kwargs = {} if self.cache_min_age_s is None else {"min_age_s": self.cache_min_age_s}
        cache = ListingCache(self.cache_path, **kwargs)
        self.warnings += cache.problems
        return cache

    def _close_cache(self, cache: ListingCache | None, walker: _Walker) -> None:
        if cache is not None:
            cache.close()
            for message in cache.problems:
                if message not in self.warnings:
                    self.warnings.append(message)
        self.stats = {"listed": walker.listed, "cached": walker.cached, "skipped": len(self.skipped)}

    # ------------------------------------------------------------------ collections
    def collections(self) -> list[Collection]:
        """Every collection under the roots (missing roots are skipped; none usable raises)."""
        self.skipped = []
        cache = self._open_cache()
        walker = _Walker(cache, self.skipped)
        try:
            return self._discover_all(walker)
        finally:
            self._close_cache(cache, walker)

    def _discover_all(self, walker: _Walker) -> list[Collection]:
        found: list[Collection] = []
        problems: list[str] = []
        for root in self.roots:
            problem = _root_problem(root)
            if problem is None:
                collections = _discover_cached(root, walker)
                if collections:
                    found += collections
                    continue
                problem = f"archive root {root} holds no collection or product (empty or not mounted?)"
            problems.append(problem)
            walker.skip(root, problem)
        if not found:
            if not self.roots:
                raise RootNotFoundError("no archive root given and none of the default roots exists")
            raise RootNotFoundError("; ".join(problems))
        return found

    # ------------------------------------------------------------------ search
    def search(self, query: Query, is_cancelled: Callable[[], bool] | None = None) -> Iterator[Product]:
        """Products matching ``query``, streamed as they are found, in date order per collection.

        Raises ValueError for inconsistent criteria, :class:`ArchiveError` for an unknown collection
        (the message lists the available ones) and :class:`RootNotFoundError` when no root is usable.
        """
        query.validate()
        self.skipped = []
        self.progress = 0.0
        cache = self._open_cache()
        walker = _Walker(cache, self.skipped)
        state = _SearchState(walker, _Filters.from_query(query), is_cancelled or (lambda: False))
        try:
            collections = self._select(self._discover_all(walker), state.filters)
            for index, collection in enumerate(collections):
                if state.check_cancel():
                    return
                for folder, dated in self._product_folders(collection, state):
                    for product in self._candidates(folder, collection, state, dated):
                        if self._passes(product, state):
                            yield product
                        if state.check_cancel():
                            return
                    if state.check_cancel():
                        return
                self.progress = 100.0 * (index + 1) / len(collections)
        finally:
            self._close_cache(cache, walker)

    @staticmethod
    def _select(collections: list[Collection], filters: _Filters) -> list[Collection]:
        if not filters.collections:
            return collections
        chosen = [
            c
            for c in collections
            if c.id.lower() in filters.collections or c.path.lower() in filters.collections
        ]
        known = {c.id.lower() for c in chosen} | {c.path.lower() for c in chosen}
        unknown = sorted(c for c in filters.requested if c.lower() not in known)
        if unknown:
            available = ", ".join(sorted({c.id for c in collections}))
            raise ArchiveError(f"unknown collection {', '.join(unknown)}; available: {available}")
        return chosen

    def _product_folders(self, collection: Collection, state: _SearchState) -> Iterator[tuple[str, bool]]:
        """Folders holding the collection's products in the query's date range, as (path, dated)."""
        walker, filters = state.walker, state.filters
        if collection.layout == "flat":
            yield collection.path, False
            return
        years = walker.list_dir(collection.path)
        if years is None:
            return
        for year, kind in sorted(years):
            if not _is_year(year):
                walker.skip_junk(collection.path, year, kind)
                continue
            if kind == "f" or not filters.year_in(int(year)):
                continue
            year_path = f"{collection.path}/{year}"
            whole_year = filters.covers(int(year) * 10000 + 101, int(year) * 10000 + 1231)
            if whole_year:
                walker.preload(year_path)
            if collection.layout == "ymd":
                yield from self._walk_months(year_path, int(year), collection, state, whole_year)
            else:
                yield from self._walk_days_ymd(year_path, year, collection, state)
            if state.cancelled:
                return

    def _walk_months(
        self, year_path: str, year: int, collection: Collection, state: _SearchState, preloaded: bool
    ) -> Iterator[tuple[str, bool]]:
        walker, filters = state.walker, state.filters
        months = walker.list_dir(year_path)
        for month, kind in sorted(months or ()):
            if not _is_month(month):
                walker.skip_junk(year_path, month, kind)
                continue
            if kind == "f" or not filters.month_in(year, int(month)):
                continue
            month_path = f"{year_path}/{month}"
            base = year * 10000 + int(month) * 100
            last = calendar.monthrange(year, int(month))[1]
            whole_month = preloaded or filters.covers(base + 1, base + last)
            if whole_month and not preloaded:
                walker.preload(month_path)
            days = walker.list_dir(month_path)
            for day, day_kind in sorted(days or ()):
                if not _is_day(day):
                    walker.skip_junk(month_path, day, day_kind)
                    continue
                if day_kind == "f" or not filters.day_in(base + int(day)):
                    continue
                yield f"{month_path}/{day}", True

    def _walk_days_ymd(
        self, year_path: str, year: str, collection: Collection, state: _SearchState
    ) -> Iterator[tuple[str, bool]]:
        walker, filters = state.walker, state.filters
        days = walker.list_dir(year_path)
        for day, kind in sorted(days or ()):
            if not _is_ymd(day, year):
                walker.skip_junk(year_path, day, kind)
                continue
            if kind == "f" or not filters.day_in(int(day)):
                continue
            yield f"{year_path}/{day}", True

    def _candidates(
        self, folder: str, collection: Collection, state: _SearchState, dated: bool
    ) -> Iterator[Product]:
        """The chosen products of one day folder (or flat folder), decided on the folder's index.

        The index (tile, version winner per entry) comes from the cache while the folder's mtime is
        unchanged, so a warm search parses no name; each product's files are validated on their own.
        """
        walker, filters = state.walker, state.filters
        tree = walker.open_tree(folder)
        if tree is None:
            return
        tiles, newest_only = filters.tiles, filters.newest_only
        by_date = not dated and (filters.start_dt is not None or filters.end_dt is not None)
        try:
            for entry_name, kind, status, tile, newest in tree.index:
                if status == _JUNK:
                    walker.skip(f"{folder}/{entry_name}", "not a Terrascope product name")
                    continue
                if (tiles and tile is not None and tile not in tiles) or (newest_only and not newest):
                    continue
                name = tree.parsed.get(entry_name)
                if by_date:
                    name = name or parse_name(entry_name)
                    if not filters.overlaps(name):
                        continue
                if status == _CONTAINER:
                    # A V1 container (…_CGS_V102_000) holds the real product folder(s): those count.
                    yield from self._candidates(f"{folder}/{entry_name}", collection, state, dated)
                    continue
                product = self._product(tree, entry_name, kind, name, tile, collection, state)
                if product is not None:
                    yield product  # listed one at a time: a search streams and cancels per product
        finally:
            walker.close_tree(tree)

    @staticmethod
    def _product(
        tree: _Tree,
        entry_name: str,
        kind: str,
        name: ProductName | None,
        tile: str | None,
        collection: Collection,
        state: _SearchState,
    ) -> Product | None:
        path = f"{tree.path}/{entry_name}"
        if kind == "f":
            return Product(path, name, collection.id)
        walker = state.walker
        if kind == "l" and not walker.may_enter_link(tree.path, path):
            return None
        files = walker.product_files(tree, entry_name)
        if files is None:
            return None
        product = Product(path, name, collection.id, files)
        tiles = state.filters.tiles
        if tiles and tile is None and not any(f.name.tile in tiles for f in product.files):
            return None  # tile-less folder (PROBA-V): keep it only if one of its files is on the tile
        return product

    def _passes(self, product: Product, state: _SearchState) -> bool:
        filters = state.filters
        if filters.max_cloud is not None:
            product.cloud_cover = _cloud_cover(product)
            if product.cloud_cover is not None and product.cloud_cover > filters.max_cloud:
                return False
        if filters.bbox is not None:
            product.footprint = self._footprint(product, state)
            if product.footprint is not None and not _intersects(product.footprint, filters.bbox):
                return False
        return True

    @staticmethod
    def _footprint(product: Product, state: _SearchState) -> BBox | None:
        """Footprint per MGRS tile (one raster read per tile, kept in the listing cache)."""
        name = product.name
        raster = _footprint_raster(product)
        if name.tile and name.epsg:
            key = f"tile:{name.tile}:{name.epsg}"
        elif raster is not None:
            key = f"file:{raster}"
        else:
            return None
        if key in state.footprints:
            return state.footprints[key]
        cache = state.walker.cache
        bbox = cache.get_footprint(key) if cache is not None else None
        if bbox is None and raster is not None and state.footprint_failures.get(key, 0) < 3:
            try:
                bbox = footprint(raster)
            except ArchiveError:
                state.footprint_failures[key] = state.footprint_failures.get(key, 0) + 1
                return None
            if cache is not None:
                cache.put_footprint(key, bbox)
        state.footprints[key] = bbox
        return bbox


def _footprint_raster(product: Product) -> str | None:
    """The smallest raster that carries the product's extent: the quicklook, else a data layer."""
    candidates = [product.quicklook_path] + [
        f.path for f in product.files if f.name.kind in ("data", "quality")
    ]
    for path in candidates:
        if path and path.lower().endswith((".tif", ".tiff", ".jp2", ".vrt", ".nc", ".hdf5", ".h5")):
            return path
    return None


def _cloud_cover(product: Product) -> float | None:
    from ..products.metadata import MetadataError, read_product_xml

    path = product.metadata_path
    if path is None:
        return None
    try:
        return read_product_xml(path).cloud_cover
    except MetadataError:
        return None


# --------------------------------------------------------------------------- discovery
def _root_problem(root: str) -> str | None:
    if not os.path.exists(root):
        return f"archive root {root} does not exist (not mounted?)"
    if not os.path.isdir(root):
        return f"archive root {root} is not a folder"
    return None


def _discover(root: str, walker: _Walker) -> list[Collection]:
    """Collections under ``root`` by layout, breadth first, at most DISCOVERY_DEPTH levels down."""
    found: list[Collection] = []
    queue: list[tuple[str, str, int]] = [(root, "", 0)]  # path, id prefix, depth
    budget = DISCOVERY_MAX_FOLDERS
    while queue and budget > 0:
        path, prefix, depth = queue.pop(0)
        budget -= 1
        entries = walker.list_dir(path)
        if entries is None:
            continue
        folder = os.path.basename(path) or path
        collection_id = f"{prefix}_{folder}" if prefix and _GENERIC_FOLDER.fullmatch(folder) else folder
        layout = _date_layout(path, entries, walker)
        if layout is None and _holds_products(entries):
            layout = "flat"
        if layout is not None:
            found.append(_collection(collection_id, path, root, layout, walker))
            continue
        if depth >= DISCOVERY_DEPTH:
            continue
        for name, kind in sorted(entries):
            if kind == "f" or name.startswith("."):
                continue
            child = f"{path}/{name}"
            if kind == "l" and not walker.may_enter_link(path, child):
                continue
            queue.append((child, collection_id if depth else "", depth + 1))
    return sorted(found, key=lambda c: (c.id.lower(), c.path))


def _discover_cached(root: str, walker: _Walker) -> list[Collection]:
    """:func:`_discover`, answered from the cache while every folder it listed is unchanged.

    Not stored when discovery skipped a path or entered a symbolic link (both must happen again on
    each search) or a folder changed too recently to be trusted.
    """
    cache = walker.cache
    if cache is None:
        return _discover(root, walker)
    data = cache.get_discovery(root)
    if data is not None:
        folders, rows = json.loads(data)
        if all(_mtime_is(path, mtime) for path, mtime in folders):
            walker.cached += len(folders)
            return [Collection(*row) for row in rows]
    skipped, links = len(walker.skipped), len(walker.visited_links)
    walker.visited = []
    try:
        found = _discover(root, walker)
    finally:
        folders, walker.visited = walker.visited, None
    now = _time.time_ns()
    clean = len(walker.skipped) == skipped and len(walker.visited_links) == links
    if clean and not any(cache.is_recent(mtime, now) for _path, mtime in folders):
        rows = [[c.id, c.path, c.root, c.family, c.label, c.layout] for c in found]
        cache.put_discovery(root, json.dumps([folders, rows]))
    return found


def _mtime_is(path: str, mtime: int) -> bool:
    try:
        return os.stat(path).st_mtime_ns == mtime
    except OSError:
        return False


def _date_layout(path: str, entries: list[Entry], walker: _Walker) -> str | None:
    """ "ymd" or "y_ymd" when ``path`` holds year folders of month or day folders, else None."""
    years = sorted((name for name, kind in entries if kind != "f" and _is_year(name)), reverse=True)
    for year in years[:3]:  # the newest years; an empty one is tolerated
        children = walker.list_dir(f"{path}/{year}") or ()
        names = [name for name, kind in children if kind != "f"]
        if any(_is_month(name) for name in names):
            return "ymd"
        if any(_is_ymd(name, year) for name in names):
            return "y_ymd"
    return None


def _holds_products(entries: list[Entry]) -> bool:
    for name, _kind in entries:
        try:
            parse_name(name)
        except ProductNameError:
            continue
        return True
    return False


def _collection(collection_id: str, path: str, root: str, layout: str, walker: _Walker) -> Collection:
    family = _family_from_id(collection_id) or _probe_family(path, layout, walker) or "unknown"
    label = f"{FAMILIES.get(family, 'Unknown products')} ({collection_id})"
    return Collection(id=collection_id, path=path, root=root, family=family, label=label, layout=layout)


def _probe_family(path: str, layout: str, walker: _Walker) -> str | None:
    """Family of the first product found under a collection of unknown id."""
    depth = {"flat": 0, "y_ymd": 2, "ymd": 3}[layout]
    for _ in range(depth):
        entries = walker.list_dir(path)
        folders = sorted(name for name, kind in entries or () if kind != "f")
        if not folders:
            return None
        path = f"{path}/{folders[-1]}"
    for name, _kind in sorted(walker.list_dir(path) or ()):
        try:
            return parse_name(name).family
        except ProductNameError:
            continue
    return None
