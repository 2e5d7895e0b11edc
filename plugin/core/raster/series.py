"""Series of dates on one or several grids: temporal composites and histograms.

Pure numpy + GDAL (no Qt, no QGIS), on the block-wise engine of ``blockwise.py`` and the
scaling and SCL kernels of ``kernels.py``. Memory is bounded whatever the number of dates:
each window of every date is read, reduced and dropped before the next window.

Dates of an archive query (``skip_unreadable=True``) survive a bad archive: a date whose data or
SCL file cannot be opened, or fails on a block read in the middle of a run, is left out and listed
in the result's ``skipped`` (file and reason); a composite that finds a bad block after it has
already counted other windows of that date starts again without it, so no date is ever half
counted. Only when no date is readable does the run fail. Files given explicitly
(``skip_unreadable=False``) fail on the first bad file with an error naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from osgeo import gdal

from ..archive.series_query import SkippedProduct, describe_failure
from ..products.scl import DEFAULT_MASK
from .blockwise import (
    DEFAULT_BLOCK,
    CancelledError,
    GridInfo,
    GridMismatchError,
    OutputSpec,
    RasterError,
    RasterWriter,
    ThreadLocalDatasets,
    Window,
    check_output_path,
    check_same_grid,
    grid_info,
    iter_windows,
    numpy_dtype,
    run_blocks,
    strip_height,
)
from .kernels import (
    FLOAT_NODATA,
    RunOptions,
    SclReader,
    SeriesItem,
    lut_index,
    physical_lut,
    to_physical,
)

STATISTICS: tuple[str, ...] = ("mean", "median", "min", "max", "std", "count")
#: Bytes of the per-window date stack of a temporal composite.
COMPOSITE_BUDGET = 64 * 1024 * 1024


class ItemReadError(RasterError):
    """A date of the series could not be read; the message is the reader's own (it names the file)."""

    def __init__(self, index: int, item: SeriesItem, error: RasterError) -> None:
        super().__init__(str(error))
        self.index = index
        self.item = item
        self.error = error


def nothing_readable(skipped: Sequence[SkippedProduct]) -> RasterError:
    """The error of a run whose every date was skipped: how many, and the first reasons."""
    shown = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:3])
    more = f" (and {len(skipped) - 3} more)" if len(skipped) > 3 else ""
    return RasterError(f"none of the {len(skipped)} product(s) could be read: {shown}{more}")


class _SeriesReader:
    """Physical values (NaN = invalid or masked) of one window of every date.

    With ``skip_unreadable`` a date whose data or SCL file cannot be opened is dropped here and
    listed in ``skipped``; otherwise the first such file raises its RasterError."""

    def __init__(
        self,
        items: Sequence[SeriesItem],
        mask_classes: Iterable[int],
        same_grid: bool,
        skip_unreadable: bool = False,
    ) -> None:
        if not items:
            raise RasterError("no input rasters: the list is empty or the query found no product")
        classes = frozenset(mask_classes)
        self.items: list[SeriesItem] = []
        self.grids: list[GridInfo] = []
        self.scl: list[SclReader | None] = []
        self.skipped: list[SkippedProduct] = []
        for item in items:
            try:
                grid = grid_info(item.path)
                scl = SclReader(item.scl_path, grid, classes) if item.scl_path else None
            except CancelledError:
                raise
            except RasterError as exc:
                if not skip_unreadable:
                    raise
                self.skipped.append(_skipped(item, exc))
                continue
            self.items.append(item)
            self.grids.append(grid)
            self.scl.append(scl)
        if not self.items:
            raise nothing_readable(self.skipped)
        self.grid = self.grids[0]
        if same_grid:
            for other in self.grids[1:]:
                check_same_grid(self.grid, other)
        self.luts = [
            physical_lut(numpy_dtype(g.dtype), item.scaling, np.nan)
            for item, g in zip(self.items, self.grids, strict=True)
        ]

    def read(self, handles: ThreadLocalDatasets, index: int, window: Window, out: np.ndarray) -> None:
        item = self.items[index]
        try:
            dn = handles.read(item.path, window)
            out[...] = to_physical(dn, item.scaling, self.luts[index], np.nan)
            scl = self.scl[index]
            if scl is not None:
                out[scl.masked(handles, window)] = np.nan
        except CancelledError:
            raise
        except RasterError as exc:
            raise ItemReadError(index, item, exc) from None

    def masked(self, handles: ThreadLocalDatasets, index: int, window: Window) -> np.ndarray | None:
        scl = self.scl[index]
        if scl is None:
            return None
        try:
            return scl.masked(handles, window)
        except RasterError as exc:
            raise ItemReadError(index, self.items[index], exc) from None

    def dn(self, handles: ThreadLocalDatasets, index: int, window: Window) -> np.ndarray:
        item = self.items[index]
        try:
            return handles.read(item.path, window)
        except RasterError as exc:
            raise ItemReadError(index, item, exc) from None


def _skipped(item: SeriesItem, error: RasterError) -> SkippedProduct:
    """The skipped record of a date: the data file, or its SCL when that is the one that failed."""
    message = str(error)
    path = item.scl_path if item.scl_path and message.startswith(item.scl_path) else item.path
    # A mask that does not fit its data is readable: its own message says what is wrong.
    reason = message if isinstance(error, GridMismatchError) else describe_failure(path, message)
    return SkippedProduct(path, reason if path == item.path else f"its scene classification: {reason}")


def composite_tile(dates: int, budget: int = COMPOSITE_BUDGET, largest: int = DEFAULT_BLOCK) -> int:
    """Edge of square windows so that a dates × tile × tile float32 stack fits in ``budget``."""
    tile = largest
    while tile > 16 and dates * tile * tile * 4 > budget:
        tile //= 2
    return tile


@dataclass(frozen=True)
class CompositeResult:
    outputs: dict[str, str]
    dates: int  # dates composited (skipped ones not included)
    tile: int
    skipped: list[SkippedProduct] = field(default_factory=list)


def reduce_stack(stack: np.ndarray, statistics: Iterable[str]) -> dict[str, np.ndarray]:
    """Per-pixel statistics over axis 0 of a float32 stack where NaN marks invalid values.

    Pixels without any valid value get NaN (count 0). ``std`` is the population standard
    deviation; ``median`` of an even count is the mean of the two middle values. ``stack``
    is sorted in place when the median is asked for.
    """
    wanted = set(statistics)
    valid = ~np.isnan(stack)
    count = valid.sum(axis=0, dtype=np.int32)
    empty = count == 0
    results: dict[str, np.ndarray] = {}
    if "count" in wanted:
        results["count"] = count.astype(np.uint16)
    if wanted & {"mean", "std"}:
        with np.errstate(invalid="ignore", divide="ignore"):
            total = np.nansum(stack, axis=0, dtype=np.float64)
            mean = total / count
            if "mean" in wanted:
                results["mean"] = mean.astype(np.float32)
            if "std" in wanted:
                deviations = np.where(valid, stack - mean.astype(np.float32), 0.0)
                variance = np.einsum("ijk,ijk->jk", deviations, deviations, dtype=np.float64) / count
                results["std"] = np.sqrt(variance).astype(np.float32)
    if "median" in wanted:
        stack.sort(axis=0)  # NaN sort last
        low = np.take_along_axis(stack, np.maximum((count - 1) // 2, 0)[None], axis=0)[0]
        high = np.take_along_axis(stack, np.maximum(count // 2, 0)[None], axis=0)[0]
        results["median"] = ((low + high) * np.float32(0.5)).astype(np.float32)
        if "min" in wanted:
            results["min"] = stack[0].copy()
        if "max" in wanted:
            results["max"] = np.take_along_axis(stack, np.maximum(count - 1, 0)[None], axis=0)[0]
    else:
        if "min" in wanted:
            results["min"] = np.fmin.reduce(stack, axis=0)
        if "max" in wanted:
            results["max"] = np.fmax.reduce(stack, axis=0)
    for key, value in results.items():
        if key != "count":
            value[empty] = np.nan
    return results


def temporal_composite(
    items: Sequence[SeriesItem],
    outputs: dict[str, str],
    *,
    mask_classes: Iterable[int] = DEFAULT_MASK,
    budget: int = COMPOSITE_BUDGET,
    tile: int | None = None,
    options: RunOptions = RunOptions(),
    skip_unreadable: bool = False,
) -> CompositeResult:
    """Per-pixel statistics of the valid physical values of a series on one grid.

    ``outputs`` maps statistic names (``STATISTICS``) to GeoTIFF paths: one single-band file per
    statistic. Float statistics are Float32 with nodata ``FLOAT_NODATA``; ``count`` is UInt16
    (0 = no valid date). Memory is bounded by ``budget`` whatever the number of dates: each
    window of every date is read, stacked and reduced, window after window.

    ``skip_unreadable`` (archive queries): a date that cannot be read is left out and listed in
    the result's ``skipped``; found after other windows were reduced, the run starts again without
    it (the outputs are only published at the end, so nothing half-counted is ever written).
    """
    unknown = set(outputs) - set(STATISTICS)
    if unknown:
        raise ValueError(f"unknown statistics {sorted(unknown)}; choose from {STATISTICS}")
    if not outputs:
        raise RasterError("choose at least one statistic to write")
    inputs = [item.path for item in items] + [item.scl_path or "" for item in items]
    for path in outputs.values():
        check_output_path(path, inputs)
    if len(set(outputs.values())) != len(outputs):
        raise RasterError("two statistics were given the same output file")
    skipped: list[SkippedProduct] = []
    active = list(items)
    while True:
        reader = _SeriesReader(active, mask_classes, same_grid=True, skip_unreadable=skip_unreadable)
        skipped += reader.skipped
        edge = tile or composite_tile(len(reader.items), budget, options.block)
        try:
            _composite_once(reader, outputs, edge, options)
        except ItemReadError as exc:
            if not skip_unreadable:
                raise
            skipped.append(_skipped(exc.item, exc.error))
            active = [item for index, item in enumerate(reader.items) if index != exc.index]
            if not active:
                raise nothing_readable(skipped) from None
            continue
        return CompositeResult(dict(outputs), len(reader.items), edge, skipped)


def _composite_once(reader: _SeriesReader, outputs: dict[str, str], edge: int, options: RunOptions) -> None:
    """One pass over the windows into fresh temporary outputs, published only when all went well."""
    grid = reader.grid
    out_block = max(16, min(options.block, 512))
    windows = list(iter_windows(grid.width, grid.height, edge, edge))
    handles = ThreadLocalDatasets()
    n = len(reader.items)

    def compute(window: Window) -> dict[str, np.ndarray]:
        stack = np.empty((n, window.ysize, window.xsize), dtype=np.float32)
        for index in range(n):
            reader.read(handles, index, window, stack[index])
        return reduce_stack(stack, outputs)

    writers: dict[str, RasterWriter] = {}

    def consume(window: Window, results: dict[str, np.ndarray]) -> None:
        for name, writer in writers.items():
            data = results[name]
            if name != "count":
                data[np.isnan(data)] = FLOAT_NODATA
            writer.write(window, data)
        row_done = window.xoff + window.xsize == grid.width
        tile_row_done = (
            window.yoff + window.ysize
        ) % out_block == 0 or window.yoff + window.ysize == grid.height
        if row_done and tile_row_done:
            for writer in writers.values():
                writer.flush()

    try:
        for name, path in outputs.items():
            if name == "count":
                spec = OutputSpec(gdal.GDT_UInt16, None, options.compress, out_block, description="count")
            else:
                spec = OutputSpec(
                    gdal.GDT_Float32, FLOAT_NODATA, options.compress, out_block, description=name
                )
            writers[name] = RasterWriter(path, grid, spec)
        run_blocks(
            windows,
            compute,
            consume,
            workers=options.workers,
            is_cancelled=options.is_cancelled,
            progress=options.progress,
        )
        # Close every file before renaming any: a failed close then leaves all previous outputs.
        for writer in writers.values():
            writer.finish()
        for writer in writers.values():
            writer.publish()
    finally:
        for writer in writers.values():
            if writer.pending:
                writer.discard()
        handles.close()


# --------------------------------------------------------------------------- histogram


@dataclass
class HistogramResult:
    edges: np.ndarray  # bins + 1 edges
    counts: np.ndarray  # int64 per bin
    files: list[str] = field(default_factory=list)  # files counted (skipped ones not included)
    outside: int = 0  # valid values outside the range
    skipped: list[SkippedProduct] = field(default_factory=list)

    @property
    def total(self) -> int:
        return int(self.counts.sum())


def default_range(items: Sequence[SeriesItem]) -> tuple[float, float]:
    """The physical range of the first item with a known valid range."""
    for item in items:
        bounds = item.scaling.physical_range()
        if bounds is not None:
            return bounds
    raise RasterError(
        "the physical range of these rasters is not known: give the histogram range (min and max)"
    )


def histogram(
    items: Sequence[SeriesItem],
    bins: int,
    value_range: tuple[float, float] | None = None,
    *,
    mask_classes: Iterable[int] = DEFAULT_MASK,
    options: RunOptions = RunOptions(),
    skip_unreadable: bool = False,
) -> HistogramResult:
    """Histogram of the valid (unmasked) physical values of every item, summed.

    Bins are uniform over ``value_range`` (default: the scaling's physical range); like
    ``numpy.histogram`` the last bin includes its upper edge. Values outside are counted in
    ``outside``. Items need not share a grid (e.g. several tiles). Each file is counted apart
    and added once complete, so with ``skip_unreadable`` a file that fails on any block is left
    out whole and listed in ``skipped``.
    """
    if bins < 1:
        raise RasterError("the number of bins must be at least 1")
    low, high = value_range if value_range is not None else default_range(items)
    if not high > low:
        raise RasterError(f"the histogram range {low:g}..{high:g} is empty: give min < max")
    reader = _SeriesReader(items, mask_classes, same_grid=False, skip_unreadable=skip_unreadable)
    skipped = list(reader.skipped)
    edges = np.linspace(low, high, bins + 1)
    counts = np.zeros(bins, dtype=np.int64)
    outside = 0
    total_blocks = 0
    plans = []
    for index, grid in enumerate(reader.grids):
        windows = list(iter_windows(grid.width, grid.height, grid.width, strip_height(grid, options.block)))
        plans.append((index, grid, windows))
        total_blocks += len(windows)
    handles = ThreadLocalDatasets()
    done_before = 0
    counted: list[str] = []
    try:
        for index, grid, windows in plans:
            try:
                file_counts, file_outside = _histogram_one(
                    reader, handles, index, grid, windows, edges, options, done_before, total_blocks
                )
            except ItemReadError as exc:
                if not skip_unreadable:
                    raise
                skipped.append(_skipped(exc.item, exc.error))
            else:
                counts += file_counts
                outside += file_outside
                counted.append(reader.items[index].path)
            done_before += len(windows)
    finally:
        handles.close()
    if not counted:
        raise nothing_readable(skipped)
    return HistogramResult(edges, counts, counted, outside, skipped)


def _histogram_one(
    reader: _SeriesReader,
    handles: ThreadLocalDatasets,
    index: int,
    grid: GridInfo,
    windows: list[Window],
    edges: np.ndarray,
    options: RunOptions,
    done_before: int,
    total_blocks: int,
) -> tuple[np.ndarray, int]:
    item = reader.items[index]
    lut = reader.luts[index]
    bins = len(edges) - 1
    low, high = float(edges[0]), float(edges[-1])
    # 8/16-bit input: count DN (masked pixels go to an extra slot), then bin the LUT values.
    dn_counts = np.zeros(len(lut) + 1, dtype=np.int64) if lut is not None else None
    counts = np.zeros(bins, dtype=np.int64)

    def compute(window: Window) -> np.ndarray:
        dn = reader.dn(handles, index, window)
        masked = reader.masked(handles, index, window)
        if lut is not None:
            index_block = lut_index(dn).astype(np.intp)
            if masked is not None:
                index_block[masked] = len(lut)
            return np.bincount(index_block.ravel(), minlength=len(lut) + 1)
        values = to_physical(dn, item.scaling, None, np.nan)
        if masked is not None:
            values[masked] = np.nan
        return values[~np.isnan(values)]

    outside = 0

    def consume(window: Window, result: np.ndarray) -> None:
        nonlocal outside
        if dn_counts is not None:
            np.add(dn_counts, result, out=dn_counts)
        else:
            np.add(counts, np.histogram(result, bins=bins, range=(low, high))[0], out=counts)
            outside += int(np.count_nonzero((result < low) | (result > high)))

    def progress(fraction: float) -> None:
        if options.progress:
            options.progress((done_before + fraction * len(windows)) / total_blocks)

    run_blocks(
        windows,
        compute,
        consume,
        workers=options.workers,
        is_cancelled=options.is_cancelled,
        progress=progress,
    )
    if dn_counts is None:
        return counts, outside
    assert lut is not None
    weights = dn_counts[: len(lut)]
    usable = ~np.isnan(lut) & (weights > 0)
    values, weights = lut[usable], weights[usable]
    binned = np.histogram(values, bins=bins, range=(low, high), weights=weights)[0]
    return np.rint(binned).astype(np.int64), int(weights[(values < low) | (values > high)].sum())
