"""Full-size (10980 x 10980 at 10 m) products for the benchmarks, in seconds per date.

A whole tile computed at 10 m costs about 15 s per NDVI product; a season of them for the
benches would take minutes. Here the tile is the synthetic landscape (the same parcels,
phenology, clouds, shadows and SCL as the default demo, at the tile's scale) evaluated on the
60 m grid and repeated onto the 10 m and 20 m grids, so that the file has the real size, tiling
and compression, and its blocks are cheap to compute and compress. The demo's default window
(its upper-left 4.8 km, where the fields are) is computed at full detail and pasted over it:
the fields of the manifest and their true curves hold in full-size products too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .generator import Acquisition, Grid, Layer, ProductJob, RasterWriter

BLOCK_ROWS_60M = 16


def _coarse_scene_class():
    from .generator import Grid, Scene

    class CoarseScene(Scene):
        """A block of the whole tile in which every layer is evaluated on the 60 m grid."""

        def grid(self, res: int) -> Grid:
            return self._cached(
                ("grid", 60),
                lambda: Grid(self.acq.tile, 60, self.row0_60m, self.nrows_60m, self.size_10m // 6),
            )

        def scl_at(self, res: int) -> np.ndarray:
            return self.scl

        def _cached(self, key: tuple, make):
            # Every resolution is the 60 m grid: compute (and cache) each quantity once.
            return super()._cached(tuple(60 if k in (10, 20) else k for k in key), make)

    return CoarseScene


def _upsample(data: np.ndarray, factor: int) -> np.ndarray:
    if factor == 1:
        return data.copy()  # may be a scene's cached array: the window is pasted into it
    *lead, rows, cols = data.shape
    wide = np.broadcast_to(data[..., :, None, :, None], (*lead, rows, factor, cols, factor))
    return wide.reshape(*lead, rows * factor, cols * factor)  # one copy


def _layer_block(layer: Layer, coarse, window) -> np.ndarray:
    """One layer's rows of a block: the coarse tile, the detailed window pasted at its corner."""
    data = _upsample(layer.compute(coarse), 60 // layer.res)
    if window is not None:
        detail = layer.compute(window)
        data[..., : detail.shape[-2], : detail.shape[-1]] = detail
    return data


def run_full_acquisition(
    jobs: Sequence[ProductJob], acq: Acquisition, seed: int, size_10m: int, window_10m: int
) -> float:
    """Write the jobs' layers as full-size rasters block by block; return the cloud cover."""
    from . import generator as g

    coarse_cls = _coarse_scene_class()
    writers: list[RasterWriter] = []
    for job in jobs:
        for layer in job.layers:
            g.os.makedirs(g.os.path.dirname(layer.path), exist_ok=True)
            writers.append(g.RasterWriter(layer, acq.tile, size_10m))
            job.record.files.append(layer.path)
    counts = np.zeros(256, dtype=np.int64)
    rows_60m = size_10m // 6
    window_60m = min(window_10m, size_10m) // 6
    try:
        for row0 in range(0, rows_60m, BLOCK_ROWS_60M):
            nrows = min(BLOCK_ROWS_60M, rows_60m - row0)
            coarse = coarse_cls(acq, seed, size_10m, row0, nrows)
            window = None
            if row0 < window_60m:
                window = g.Scene(acq, seed, window_60m * 6, row0, min(nrows, window_60m - row0))
            scl = _upsample(coarse.scl, 3)
            if window is not None:
                scl[: window.scl.shape[0], : window.scl.shape[1]] = window.scl
            counts += np.bincount(scl.ravel(), minlength=256)
            for writer in writers:
                writer.write_array(_layer_block(writer.layer, coarse, window), row0 * 60 // writer.layer.res)
    finally:
        for writer in writers:
            writer.close()
    return g.finish_jobs(jobs, counts)
