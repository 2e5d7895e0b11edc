"""Statistics of the valid pixels of polygons: count, mean, median, population std, min, max.

Pure numpy. Groups are polygons of acquisitions (group ``k * size + i``: polygon ``i`` of the
``k``-th acquisition of a batch), computed together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .common import physical


@dataclass
class Part:
    """What one file gives for the polygons it was asked for."""

    count: dict[int, int]  # polygon index -> pixels counted here (0: all counted in another tile)
    masked: dict[int, int]  # polygon index -> of which masked
    labels: np.ndarray  # polygon index of each valid pixel, in ascending order
    dn: np.ndarray  # the valid pixels' digital numbers
    scale: float = 1.0  # physical value = scale * DN + offset
    offset: float = 0.0


Summary = tuple[int, float | None, float | None, float | None, float | None, float | None]


EMPTY_SUMMARY: Summary = (0, None, None, None, None, None)


def batch_summaries(acquisitions: Sequence[Sequence[Part]], size: int) -> dict[int, Summary]:
    """The statistics of each polygon of each acquisition (group ``k * size + i``): from a
    histogram of the digital numbers when they are bytes with one scaling (the archive's usual
    case), else from the physical values."""
    kept = [(k, group) for k, group in enumerate(acquisitions) if group]
    if not kept:
        return {}
    groups = len(acquisitions) * size
    labels = [np.concatenate([part.labels for part in group]) + k * size for k, group in kept]
    parts = [part for _, group in kept for part in group]
    scalings = {(part.scale, part.offset) for part in parts}
    if len(scalings) == 1 and all(part.dn.dtype == np.uint8 for part in parts):
        ((scale, offset),) = scalings
        dn = np.concatenate([part.dn for part in parts])  # in the order of the labels
        found = _byte_summaries(np.concatenate(labels), dn, scale, offset, groups)
        if found is not None:
            return found
    # Sorted values need the labels ascending: each file's are; several files of an acquisition
    # (tiles) are merged.
    ordered_labels, ordered_values = [], []
    for group_labels, (_, group) in zip(labels, kept, strict=True):
        values = np.concatenate([physical(part.dn, _Scaling(part.scale, part.offset)) for part in group])
        if len(group) > 1:
            order = np.argsort(group_labels, kind="stable")
            group_labels, values = group_labels[order], values[order]
        ordered_labels.append(group_labels)
        ordered_values.append(values)
    return _summaries(np.concatenate(ordered_labels), np.concatenate(ordered_values), groups)


@dataclass(frozen=True)
class _Scaling:
    scale: float
    offset: float


#: Histogram cells allowed per valid pixel before the byte path gives way to sorting values (many
#: polygons of a pixel or two would make the histogram far larger than the pixels).
CELLS_PER_PIXEL = 16


def _byte_summaries(
    labels: np.ndarray, dn: np.ndarray, scale: float, offset: float, groups: int
) -> dict[int, Summary] | None:
    """Statistics from a histogram of byte DNs per polygon (a pass over the pixels, then work on
    256 values per polygon: no sort). Each bin's physical value is computed as ``physical`` computes
    a pixel's, so medians, minima and maxima are the same values; means and deviations sum per bin.
    None when the histogram would be too large for the pixels."""
    sizes = np.bincount(labels, minlength=groups)
    filled = np.flatnonzero(sizes)
    if filled.size * 256 > CELLS_PER_PIXEL * labels.size + 65536:
        return None
    compact = np.zeros(groups, dtype=np.int64)
    compact[filled] = np.arange(filled.size)
    hist = np.bincount(compact[labels] * 256 + dn, minlength=filled.size * 256).reshape(filled.size, 256)
    bins = physical(np.arange(256, dtype=np.uint8), _Scaling(scale, offset))
    if scale < 0:  # a negative scale reverses the order of the DNs: bins in the values' order
        bins, hist = bins[::-1].copy(), hist[:, ::-1]
    counts = sizes[filled]
    weights = hist.astype(np.float64)
    means = (weights * bins).sum(axis=1) / counts  # not a matrix product: BLAS threads cost more here
    stds = np.sqrt((weights * (bins[None, :] - means[:, None]) ** 2).sum(axis=1) / counts)
    cumulative = hist.cumsum(axis=1)
    column = counts[:, None]
    low = (cumulative > (column - 1) // 2).argmax(axis=1)
    high = (cumulative > column // 2).argmax(axis=1)
    medians = (bins[low] + bins[high]) / 2
    lows = bins[(cumulative > 0).argmax(axis=1)]
    highs = bins[(cumulative >= column).argmax(axis=1)]
    return _by_group(filled, counts, means, medians, stds, lows, highs)


def _summaries(labels: np.ndarray, values: np.ndarray, groups: int) -> dict[int, Summary]:
    """(size, mean, median, population std, min, max) of the values of each label (``labels``
    ascending, below ``groups``) that has some: means, deviations, minima and maxima of all at
    once, the median by a partial sort of each (numpy calls on the whole acquisition cost less
    than per-group reductions; a full sort of it, more than the partitions). The median of an
    even count is the mean of the two middle values, as numpy's."""
    if not labels.size:
        return {}
    values = values.astype(np.float64, copy=False)
    sizes = np.bincount(labels, minlength=groups)
    ends = np.cumsum(sizes)
    starts = ends - sizes
    filled = np.flatnonzero(sizes)
    count = np.maximum(sizes, 1)
    means = np.bincount(labels, weights=values, minlength=groups) / count
    deviations = values - means[labels]
    stds = np.sqrt(np.bincount(labels, weights=deviations * deviations, minlength=groups) / count)
    # Empty groups hold no value: the filled groups' starts bound each filled group exactly.
    lows = np.minimum.reduceat(values, starts[filled])
    highs = np.maximum.reduceat(values, starts[filled])
    medians = np.empty(filled.size)
    values = values.copy()  # partitioned in place, group by group (the caller's stay as they are)
    for j, (start, end) in enumerate(zip(starts[filled].tolist(), ends[filled].tolist(), strict=True)):
        low, high = (end - start - 1) // 2, (end - start) // 2
        group = values[start:end]
        group.partition((low, high))
        medians[j] = (group[low] + group[high]) / 2
    return _by_group(filled, sizes[filled], means[filled], medians, stds[filled], lows, highs)


def _by_group(groups: np.ndarray, *columns: np.ndarray) -> dict[int, Summary]:
    """{group: (size, mean, median, std, min, max)} from one array per statistic (plain Python
    numbers: rows leave the core as they are)."""
    return dict(zip(groups.tolist(), zip(*(column.tolist() for column in columns), strict=True), strict=True))
