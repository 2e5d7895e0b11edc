"""Archive catalogue: roots, collections and a streaming filterable search.

Collections are discovered by layout (:mod:`.discovery`). The search walks level by level with
``os.scandir`` (:mod:`.walker`) and prunes on the date folder names before descending, decides on
product folder names (collection, tile, date, version) before listing a product, and yields
:class:`~..products.model.Product` records as they are found. Folder listings go through the
persistent :class:`~.listing_cache.ListingCache`. Messy mounts (permission denied, symlink loops, files
that vanish during the scan, foreign names, missing or empty roots) never stop a search: each is
recorded in :attr:`Catalogue.skipped`. What a file is (role, band, footprint, cloud cover) is the
product model's answer.

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

import os
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from ..products.model import ArchiveFile, BBox, Product
from ..products.names import ProductName, parse_name
from ..products.tiles import parse_tiles
from .discovery import (
    Collection,
    _discover_cached,
    _is_day,
    _is_month,
    _is_year,
    _is_ymd,
    _root_problem,
    default_roots,
)
from .listing_cache import ListingCache
from .walker import _CONTAINER, _JUNK, SkippedPath, _Tree, _unchanged, _Walker

if TYPE_CHECKING:
    from ..products.footprint import FootprintFinder

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


class ArchiveError(Exception):
    """A catalogue problem with a clear message that names the path."""


class RootNotFoundError(ArchiveError):
    """An archive root that does not exist, is not a folder or is empty (not mounted)."""


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
        parse_tiles(self.tiles)  # TileError (a ValueError) names the bad tile
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start date {self.start} is after end date {self.end}")
        if self.max_cloud is not None and not 0 <= self.max_cloud <= 100:
            raise ValueError(f"maximum cloud cover {self.max_cloud} is not a percentage between 0 and 100")
        if self.bbox is not None:
            west, south, east, north = self.bbox
            if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
                raise ValueError(f"bounding box {self.bbox} is not W,S,E,N in degrees with W < E and S < N")


def footprint(path: str | os.PathLike[str]) -> BBox:
    """Lon/lat bounding box (W, S, E, N) of a raster from its header (the product model's reader,
    cached per path and mtime); :class:`ArchiveError` when it is not a georeferenced raster."""
    from ..products.footprint import FootprintError
    from ..products.footprint import footprint as _raster_footprint

    try:
        return _raster_footprint(path)
    except FootprintError as exc:
        raise ArchiveError(str(exc)) from exc


def _intersects(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


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
            tiles=frozenset(parse_tiles(query.tiles)),
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


def _month_days(year: int, month: int) -> int:
    """Days in a month (``calendar.monthrange(year, month)[1]``, without importing calendar)."""
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - timedelta(days=1)).day


# --------------------------------------------------------------------------- catalogue
@dataclass
class _SearchState:
    walker: _Walker
    filters: _Filters
    is_cancelled: Callable[[], bool]
    footprints: FootprintFinder | None = None  # made by the search when it filters on a bounding box
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
    def search(
        self, query: Query, is_cancelled: Callable[[], bool] | None = None
    ) -> Generator[Product, None, None]:
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
        if state.filters.bbox is not None:
            from ..products.footprint import FootprintFinder

            state.footprints = FootprintFinder(cache)  # tile footprints outlive the search in the cache
        filtered = state.filters.bbox is not None or state.filters.max_cloud is not None
        try:
            collections = self._select(self._discover_all(walker), state.filters)
            for index, collection in enumerate(collections):
                if state.check_cancel():
                    return
                for folder, dated in self._product_folders(collection, state):
                    for candidate in self._candidates(folder, collection, state, dated):
                        product = self._passes(candidate, state) if filtered else candidate
                        if product is not None:
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
            last = _month_days(year, int(month))
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
    ) -> Generator[Product, None, None]:
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
        records, collection_id = tree.records, collection.id
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
                record = records.get(entry_name) if kind == "d" else None
                if (
                    record is not None
                    and (tile is not None or not tiles)
                    and _unchanged(tree, entry_name, record[1])
                ):
                    # The common case inlined (a folder whose cached record is still valid): see _product.
                    walker.cached += len(record[1])
                    yield Product(f"{folder}/{entry_name}", name, collection_id, record[0])
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

    @staticmethod
    def _passes(product: Product, state: _SearchState) -> Product | None:
        """The product with what its filters read (cloud cover, footprint), or None when it fails one."""
        filters = state.filters
        changes = {}
        if filters.max_cloud is not None:
            cloud = changes["cloud_cover"] = product.read_cloud_cover()
            if cloud is not None and cloud > filters.max_cloud:
                return None
        if filters.bbox is not None and state.footprints is not None:
            bbox = changes["footprint"] = state.footprints(product)
            if bbox is not None and not _intersects(bbox, filters.bbox):
                return None
        return product.replace(**changes) if changes else product
