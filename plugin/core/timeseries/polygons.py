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
read so far are returned. ``on_stats`` receives each row in the calling thread, in batches.
``result.outside``: feature ids of polygons that no product covers.

Placing polygons on grids: :mod:`.zones`; the statistics: :mod:`.zone_stats`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from osgeo import gdal, ogr

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
    pipeline,
    quiet_gdal,
    read_headers,
    read_window,
    same_crs,
    sibling_grids,
)
from .zone_stats import EMPTY_SUMMARY, Part, Summary, batch_summaries
from .zones import Gather, Layout, Zones, parse_polygons


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


class _Unreadable(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


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
    zones = Zones(parsed)
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
_Placed = tuple[Any, Grid, str, bool, list, Layout]


def _plan_group(placed: Sequence[tuple[Any, Grid, str, bool]], zones: Zones) -> list[_Placed]:
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
    layout: Layout
    wanted: list[int]  # polygon indexes asked of this file
    data: list[np.ndarray] = field(default_factory=list)  # a block per window of layout.data
    scl: Gather | None = None  # where the pixels' SCL pixels lie (None: no masking)
    classes: list[np.ndarray] = field(default_factory=list)  # a block per window of scl


# (what each file read gives, (path, reason) of the files that cannot be read, polygons with
# pixels in one of those)
_ReadGroup = tuple[list[tuple[Any, Part]], list[tuple[str, str]], set[int]]


def _read_group(plan: Sequence[_Placed], lut: np.ndarray | None) -> _ReadGroup | None:
    """What every file of one acquisition gives (each file read once with its own handles, its
    pixels classified): on a worker thread, with the bulk numpy work that lets go of the GIL.
    None when a file placed on its tile's grid turns out to have another."""
    parts: list[tuple[Any, Part]] = []
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
    entry: Any, grid: Grid, error: str, assumed: bool, layout: Layout, wanted: list[int], masking: bool
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


def _windows(band: gdal.Band, gather: Gather, path: str, prefix: str = "") -> list[np.ndarray]:
    """The windows of ``gather`` from ``band``; _Unreadable when GDAL fails."""
    blocks = []
    for col, row, width, height in gather.windows:
        try:
            blocks.append(read_window(band, col, row, width, height))
        except RasterError as exc:
            raise _Unreadable(path, prefix + failure(path, exc)) from None
    return blocks


def _assembled(gather: Gather, blocks: Sequence[np.ndarray]) -> np.ndarray:
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
    summaries = batch_summaries([[part for _, part in parts] for parts, _, _ in groups], size)
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


def _digest(fetched: _Fetched, lut: np.ndarray | None) -> Part:
    """What one file gives for the polygons asked of it: per pixel, masked when its SCL class is in
    the mask (pixels the SCL does not reach are not masked), else nodata, else out of range."""
    layout = fetched.layout
    count = dict.fromkeys(fetched.wanted, 0)  # a zone with no pixel: every one counted in another tile
    if not layout.read:
        return Part(count, dict(count), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8))
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
    return Part(count, masked, layout.labels[valid_all], dn_all[valid_all], scaling.scale, scaling.offset)


def _stats(
    parsed: Sequence[tuple[int, ogr.Geometry]],
    complete: Sequence[int],
    parts: Sequence[tuple[Any, Part]],
    summaries: dict[int, Summary],
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
        valid, mean, median, std, low, high = summaries.get(offset + i, EMPTY_SUMMARY)
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
