"""Histogram and temporal composite as Spark jobs, identical to the desktop's algorithms.

The tasks call the very functions the Processing algorithms call (``raster/series.py``): a histogram
task is ``series.histogram`` of one file, a composite task reads one window of every date of a tile
with the desktop's series reader and reduces it with ``reduce_stack``, on the desktop's windows (same
edge, same dates in the same order), so the results are bit for bit the desktop's.

- No shuffle of pixel arrays: composite tasks are (tile, window) pairs that read their dates from
  the shared mount; their results stay cached on the executors and are fetched in order by the
  driver, which writes one GeoTIFF per tile and statistic (``<tile>_<statistic>.tif``) through the
  core's atomic ``RasterWriter`` (the tile's CRS, geotransform, nodata).
- A product an executor cannot read is skipped and reported, as on the desktop: a histogram leaves the
  file out whole; a composite tile is computed again without it, so no date is ever half counted.
- Keys of every keyed operation are plain strings and integers: Python workers that spill sort them.

Only RDD operations that Spark 3.5 and 4.0 both have are used; pyspark is imported inside the jobs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
from osgeo import gdal

from ..archive.series_query import SeriesEntry, SkippedProduct
from ..products.scl import DEFAULT_MASK
from ..raster.blockwise import (
    DEFAULT_BLOCK,
    GridInfo,
    OutputSpec,
    RasterError,
    RasterWriter,
    ThreadLocalDatasets,
    Window,
    check_output_path,
    check_same_grid,
    iter_windows,
)
from ..raster.kernels import FLOAT_NODATA, RunOptions, SeriesItem
from ..raster.series import (
    COMPOSITE_BUDGET,
    STATISTICS,
    ItemReadError,
    _SeriesReader,  # the desktop's reader itself: the same physical values, the same skips
    _skipped,  # the desktop's skip record (data file or its SCL, one-line reason)
    composite_tile,
    default_range,
    histogram,
    nothing_readable,
    reduce_stack,
)

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def core_file() -> str:
    """Where this process imported the core from (``…/terrascope_core.zip/plugin/core/…`` when
    shipped with ``--py-files``): executors report it so a broken zip cannot hide behind a checkout."""
    from .. import __file__ as core_init

    return core_init


def items_of(entries: Sequence[SeriesEntry], mask_classes: Iterable[int] | None) -> list[SeriesItem]:
    """The kernels' records of ``entries``: with their SCL unless masking is off (None)."""
    return [entry.item(apply_scl=mask_classes is not None) for entry in entries]


def _classes(mask_classes: Iterable[int] | None) -> frozenset[int]:
    return frozenset(DEFAULT_MASK if mask_classes is None else mask_classes)


# --------------------------------------------------------------------------- histogram


@dataclass
class SparkHistogram:
    edges: np.ndarray  # bins + 1 edges
    counts: np.ndarray  # int64 per bin, summed over every counted file
    outside: int  # valid values outside the range
    files: list[str]  # counted files, in the selection's order
    skipped: list[SkippedProduct]  # unreadable files, in the selection's order
    by_tile: dict[str, np.ndarray]  # per tile ("" for none), sorted by tile
    executors: list[str] = field(default_factory=list)  # where the executors imported the core from

    @property
    def total(self) -> int:
        return int(self.counts.sum())


# Per tile: (counts, outside, [(index, counted file)], [(index, skipped)], {core file}).
_TileCounts = tuple[np.ndarray, int, list[tuple[int, str]], list[tuple[int, SkippedProduct]], set[str]]


def _histogram_task(
    bins: int, value_range: tuple[float, float], classes: frozenset[int], record: tuple[int, str, SeriesItem]
) -> tuple[str, _TileCounts]:
    """One file, counted by the desktop's ``histogram`` alone (files are counted apart there too)."""
    index, tile, item = record
    origin = {core_file()}
    try:
        result = histogram([item], bins, value_range, mask_classes=classes, options=RunOptions(workers=1))
    except ItemReadError as exc:  # a block read failed
        return tile, (np.zeros(bins, np.int64), 0, [], [(index, _skipped(exc.item, exc.error))], origin)
    except RasterError as exc:  # the data or SCL header cannot be opened
        return tile, (np.zeros(bins, np.int64), 0, [], [(index, _skipped(item, exc))], origin)
    return tile, (result.counts, result.outside, [(index, item.path)], [], origin)


def _add_counts(a: _TileCounts, b: _TileCounts) -> _TileCounts:
    """Exact: integer counts added (int64), lists joined."""
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] | b[4])


def histogram_job(
    sc: Any,
    entries: Sequence[SeriesEntry],
    bins: int,
    value_range: tuple[float, float] | None = None,
    *,
    mask_classes: Iterable[int] | None = DEFAULT_MASK,
    progress: Progress = _quiet,
) -> SparkHistogram:
    """Histogram of the valid physical values of every entry, summed exactly: one task per file.

    Bins are fixed before any task runs (``value_range``, else the product's valid physical range,
    as the desktop's), so every file's bins line up. ``mask_classes`` None: no SCL masking.
    """
    if not entries:
        raise RasterError("no input rasters: the list is empty or the query found no product")
    items = items_of(entries, mask_classes)
    if bins < 1:
        raise RasterError("the number of bins must be at least 1")
    low, high = value_range if value_range is not None else default_range(items)
    if not high > low:
        raise RasterError(f"the histogram range {low:g}..{high:g} is empty: give min < max")
    records = [
        (index, entry.tile, item) for index, (entry, item) in enumerate(zip(entries, items, strict=True))
    ]
    progress(f"histogram: {len(records)} file(s), {bins} bins from {low:g} to {high:g}")
    task = partial(_histogram_task, bins, (float(low), float(high)), _classes(mask_classes))
    per_tile = dict(
        sc.parallelize(records, len(records)).map(task).reduceByKey(_add_counts, numPartitions=1).collect()
    )
    counts = np.zeros(bins, np.int64)
    outside = 0
    counted: list[tuple[int, str]] = []
    skipped: list[tuple[int, SkippedProduct]] = []
    origins: set[str] = set()
    for tile_counts, tile_outside, tile_files, tile_skipped, tile_origins in per_tile.values():
        counts += tile_counts
        outside += tile_outside
        counted += tile_files
        skipped += tile_skipped
        origins |= tile_origins
    skipped_records = [record for _, record in sorted(skipped, key=lambda pair: pair[0])]
    if not counted:
        raise nothing_readable(skipped_records)
    return SparkHistogram(
        edges=np.linspace(low, high, bins + 1),
        counts=counts,
        outside=outside,
        files=[path for _, path in sorted(counted)],
        skipped=skipped_records,
        by_tile={tile: per_tile[tile][0] for tile in sorted(per_tile)},
        executors=sorted(origins),
    )


# --------------------------------------------------------------------------- composite


@dataclass
class SparkComposite:
    outputs: dict[str, dict[str, str]]  # tile -> statistic -> GeoTIFF written
    dates: dict[str, int]  # tile -> dates composited
    edges: dict[str, int]  # tile -> window edge (the desktop's)
    used: list[str]  # data files composited, in the selection's order
    skipped: list[SkippedProduct]
    empty_tiles: list[str] = field(default_factory=list)  # tiles none of whose dates could be read
    executors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _TilePlan:
    tile: str
    items: tuple[SeriesItem, ...]  # in the selection's order (sums are taken in this order)
    grid: GridInfo
    windows: tuple[Window, ...]  # the desktop's windows for this number of dates
    edge: int


def output_name(tile: str, statistic: str) -> str:
    """``<tile>_<statistic>.tif`` (``composite_<statistic>.tif`` for products without a tile)."""
    return f"{tile or 'composite'}_{statistic}.tif"


def _header_task(
    classes: frozenset[int], record: tuple[int, SeriesItem]
) -> tuple[int, GridInfo | None, SkippedProduct | None, str]:
    """Grid of one date, opened as the desktop's reader opens it (data and SCL headers)."""
    index, item = record
    try:
        reader = _SeriesReader([item], classes, same_grid=False)
    except RasterError as exc:
        return index, None, _skipped(item, exc), core_file()
    return index, reader.grid, None, core_file()


_READER: dict[str, Any] = {}  # the last tile's reader, kept between the tasks of a Python worker


def _reader_for(plan: _TilePlan, classes: frozenset[int]) -> _SeriesReader:
    key = repr((plan.tile, [item.path for item in plan.items], sorted(classes)))
    if _READER.get("key") != key:
        _READER.clear()
        _READER["reader"] = _SeriesReader(list(plan.items), classes, same_grid=False, skip_unreadable=True)
        _READER["key"] = key
    return _READER["reader"]


# A task's row: (tile, window index, {statistic: array} or None, (data path, skipped) or None).
_Row = tuple[str, int, dict[str, np.ndarray] | None, tuple[str, SkippedProduct] | None]


def _composite_task(
    plans: Any, statistics: tuple[str, ...], classes: frozenset[int], task: tuple[str, int]
) -> _Row:
    """One window of every date of a tile, reduced as the desktop reduces it."""
    tile, index = task
    plan: _TilePlan = plans.value[tile]
    window = plan.windows[index]
    try:
        reader = _reader_for(plan, classes)
    except RasterError as exc:  # no date of the tile readable here
        return tile, index, None, (plan.items[0].path, _skipped(plan.items[0], exc))
    if reader.skipped:  # a header the driver could open fails on this executor
        bad = reader.skipped[0]
        item = next(i for i in plan.items if bad.path in (i.path, i.scl_path))
        return tile, index, None, (item.path, bad)
    stack = np.empty((len(reader.items), window.ysize, window.xsize), dtype=np.float32)
    handles = ThreadLocalDatasets()
    try:
        for row in range(len(reader.items)):
            reader.read(handles, row, window, stack[row])
    except ItemReadError as exc:
        return tile, index, None, (exc.item.path, _skipped(exc.item, exc.error))
    finally:
        handles.close()
    results = reduce_stack(stack, statistics)
    for name, data in results.items():
        if name != "count":
            data[np.isnan(data)] = FLOAT_NODATA
    return tile, index, results, None


def _failure_of(row: _Row) -> tuple[str, tuple[str, SkippedProduct]] | None:
    return None if row[3] is None else (row[0], row[3])


def _is_not_none(value: Any) -> bool:
    return value is not None


def _spec(statistic: str, compress: bool) -> OutputSpec:
    """The desktop composite's output (``series.temporal_composite``)."""
    block = max(16, min(DEFAULT_BLOCK, 512))
    if statistic == "count":
        return OutputSpec(gdal.GDT_UInt16, None, compress, block, description="count")
    return OutputSpec(gdal.GDT_Float32, FLOAT_NODATA, compress, block, description=statistic)


def _plan(tile: str, items: list[SeriesItem], grids: list[GridInfo], window: int | None) -> _TilePlan:
    for other in grids[1:]:
        check_same_grid(grids[0], other)  # GridMismatchError, as on the desktop
    grid = grids[0]
    edge = window or composite_tile(len(items), COMPOSITE_BUDGET, DEFAULT_BLOCK)
    windows = tuple(iter_windows(grid.width, grid.height, edge, edge))
    return _TilePlan(tile, tuple(items), grid, windows, edge)


def composite_job(
    sc: Any,
    entries: Sequence[SeriesEntry],
    out_dir: str,
    statistics: Sequence[str] = ("mean",),
    *,
    mask_classes: Iterable[int] | None = DEFAULT_MASK,
    compress: bool = False,
    window: int | None = None,
    progress: Progress = _quiet,
) -> SparkComposite:
    """Per-pixel statistics of every tile's series: one GeoTIFF per tile and statistic in ``out_dir``.

    Entries are grouped by tile (the dates of a tile share its grid, as the desktop requires). Tasks
    are the desktop's windows (``composite_tile`` of the tile's dates), or ``window`` × ``window``
    pixels: every pixel is reduced alone, so the edge changes the tasks, not the values.
    """
    from pyspark import StorageLevel

    wanted = tuple(dict.fromkeys(statistics))
    unknown = set(wanted) - set(STATISTICS)
    if unknown or not wanted:
        raise ValueError(f"unknown statistics {sorted(unknown)}; choose from {', '.join(STATISTICS)}")
    if not entries:
        raise RasterError("no input rasters: the list is empty or the query found no product")
    items = items_of(entries, mask_classes)
    inputs = [item.path for item in items] + [item.scl_path or "" for item in items]
    for entry in entries:
        for name in wanted:
            check_output_path(f"{out_dir}/{output_name(entry.tile, name)}", inputs)
    classes = _classes(mask_classes)
    progress(f"composite: reading the headers of {len(items)} file(s)")
    headers = (
        sc.parallelize(list(enumerate(items)), min(len(items), sc.defaultParallelism))
        .map(partial(_header_task, classes))
        .collect()
    )
    headers.sort(key=lambda header: header[0])
    skipped = [header[2] for header in headers if header[2] is not None]
    origins = {header[3] for header in headers}
    by_tile: dict[str, tuple[list[SeriesItem], list[GridInfo]]] = {}
    for (_, grid, _, _), entry, item in zip(headers, entries, items, strict=True):
        if grid is not None:
            by_tile.setdefault(entry.tile, ([], []))[0].append(item)
            by_tile[entry.tile][1].append(grid)
    empty = sorted({entry.tile for entry in entries} - set(by_tile))
    pending = {tile: _plan(tile, found, grids, window) for tile, (found, grids) in sorted(by_tile.items())}
    result = SparkComposite({}, {}, {}, [], skipped, empty, [])
    while pending:
        failures = _composite_round(
            sc, pending, wanted, classes, out_dir, compress, result, progress, StorageLevel
        )
        done, pending = pending, {}
        for tile, bad in failures.items():
            plan = done[tile]
            result.skipped += [record for _, record in bad]
            left = [item for item in plan.items if item.path not in {path for path, _ in bad}]
            progress(
                f"composite: tile {tile or '-'}: {len(bad)} unreadable file(s) left out, computing again"
            )
            if left:
                pending[tile] = _plan(tile, left, [plan.grid] * len(left), window)
            else:
                result.empty_tiles.append(tile)
    if not result.outputs:
        raise nothing_readable(result.skipped)
    order = {item.path: index for index, item in enumerate(items)}
    result.used.sort(key=order.__getitem__)
    result.empty_tiles.sort()
    result.executors = sorted(origins)
    return result


def _composite_round(
    sc: Any,
    plans: dict[str, _TilePlan],
    statistics: tuple[str, ...],
    classes: frozenset[int],
    out_dir: str,
    compress: bool,
    result: SparkComposite,
    progress: Progress,
    storage: Any,
) -> dict[str, list[tuple[str, SkippedProduct]]]:
    """Every window of ``plans`` computed once and cached on the executors; the tiles without a
    failure written out; the failures returned per tile (their tiles are not written)."""
    tasks = [(tile, index) for tile, plan in plans.items() for index in range(len(plan.windows))]
    progress(f"composite: {len(tasks)} window task(s) over {len(plans)} tile(s)")
    shared = sc.broadcast(plans)
    rows = sc.parallelize(tasks, len(tasks)).map(partial(_composite_task, shared, statistics, classes))
    rows.persist(storage.MEMORY_AND_DISK)
    try:
        failures: dict[str, list[tuple[str, SkippedProduct]]] = {}
        for tile, failure in rows.map(_failure_of).filter(_is_not_none).collect():
            if failure[0] not in {path for path, _ in failures.get(tile, [])}:
                failures.setdefault(tile, []).append(failure)
        good = frozenset(plans) - frozenset(failures)
        _write_tiles(
            rows,
            [plans[tile] for tile in plans if tile in good],
            statistics,
            out_dir,
            compress,
            result,
            progress,
        )
    finally:
        rows.unpersist()
        shared.unpersist()
    return failures


def _write_tiles(
    rows: Any,
    plans: list[_TilePlan],
    statistics: tuple[str, ...],
    out_dir: str,
    compress: bool,
    result: SparkComposite,
    progress: Progress,
) -> None:
    """Fetch the cached windows in task order into each tile's outputs. ``toLocalIterator`` on the
    cached rows reads them back in the JVM (no Python task again), one partition at a time."""
    if not plans:
        return
    by_tile = {plan.tile: plan for plan in plans}
    writers: dict[str, RasterWriter] = {}
    current: _TilePlan | None = None
    try:
        for tile, index, data, _ in rows.toLocalIterator(prefetchPartitions=True):
            if tile not in by_tile:  # a tile computed again without its unreadable dates
                continue
            if current is None or current.tile != tile:
                current = by_tile[tile]
                writers = _open_writers(current, statistics, out_dir, compress)
                progress(f"composite: writing tile {tile or '-'} ({len(current.windows)} windows)")
            _write_window(current, writers, index, data)
            if index == len(current.windows) - 1:
                _publish(writers)
                result.outputs[tile] = {name: writer.path for name, writer in writers.items()}
                result.dates[tile] = len(current.items)
                result.edges[tile] = current.edge
                result.used += [item.path for item in current.items]
                writers = {}
    finally:
        for writer in writers.values():
            if writer.pending:
                writer.discard()


def _open_writers(
    plan: _TilePlan, statistics: tuple[str, ...], out_dir: str, compress: bool
) -> dict[str, RasterWriter]:
    writers: dict[str, RasterWriter] = {}
    try:
        for name in statistics:
            path = f"{out_dir}/{output_name(plan.tile, name)}"
            writers[name] = RasterWriter(path, plan.grid, _spec(name, compress))
    except RasterError:
        for writer in writers.values():
            writer.discard()
        raise
    return writers


def _write_window(
    plan: _TilePlan, writers: dict[str, RasterWriter], index: int, data: dict[str, np.ndarray]
) -> None:
    window = plan.windows[index]
    for name, writer in writers.items():
        writer.write(window, data[name])
    grid = plan.grid
    bottom = window.yoff + window.ysize
    # As the desktop: flush once a row of windows completes a row of output blocks.
    if window.xoff + window.xsize == grid.width and (bottom % 512 == 0 or bottom == grid.height):
        for writer in writers.values():
            writer.flush()


def _publish(writers: dict[str, RasterWriter]) -> None:
    """Close every file of the tile before renaming any (as the desktop)."""
    for writer in writers.values():
        writer.finish()
    for writer in writers.values():
        writer.publish()
