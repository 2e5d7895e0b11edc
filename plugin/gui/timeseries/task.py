"""The background read of a profile: archive query -> series entries -> pixel or polygon values.

:class:`ProfileTask` (polygons, long lane) and :class:`PointProfileJob` (a clicked point, short lane:
see ``gui/tasks.py``) snapshot everything in their constructor and run the core
(``select_series``, then ``point_profiles`` or ``zonal_profiles``) in ``run()``. The core calls
back from its reader threads as each value is read; the callback only puts it on a
thread-safe queue, which the panel drains from a GUI timer: the GUI thread reads no raster and
gets the values in batches, however fast they come.
"""

from __future__ import annotations

import queue
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace

from qgis.core import QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from ...core.archive import series_query
from ...core.archive.catalogue import ArchiveError, Query
from ...core.cli_timeseries import margin_bbox
from ...core.products.scl import DEFAULT_MASK
from ...qgis_utils import log_warning, tr
from ..tasks import NORMAL, ShortJob, run_long, run_short

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class ProfileRequest:
    """What to read: the query (the dock's filters), one curve key per collection and input."""

    roots: tuple[str, ...]
    query: Query
    collections: tuple[str, ...]
    keys: dict[tuple[str, int], int]  # (collection, input index) -> curve key
    points: tuple[tuple[float, float], ...] = ()  # lon/lat
    polygons: tuple[tuple[int, str], ...] = ()  # (feature id, WKT)
    polygon_crs: str = "EPSG:4326"
    bbox: BBox | None = None  # lon/lat extent of the polygons
    mask_classes: frozenset[int] | None = DEFAULT_MASK
    cache_path: str | None = None  # the listing cache chosen in the options (None: default file)


def point_bbox(points: Sequence[tuple[float, float]]) -> BBox:
    """The query box of clicked points: the command line's and the Spark jobs' (same margin, clamped),
    so a point on a footprint's edge finds the same products from every entry point."""
    return margin_bbox([p[0] for p in points], [p[1] for p in points])


class _ProfileReading:
    """The read shared by both lanes' jobs. ``samples`` is the queue of ``(curve key, sample, path)``;
    ``notes`` (one line each) and ``skipped`` (SkippedProduct) hold what the user should read."""

    def _snapshot(self, request: ProfileRequest) -> None:
        self.request = replace(request, query=replace(request.query))  # the form may change meanwhile
        self.samples: queue.SimpleQueue = queue.SimpleQueue()
        self.notes: list[str] = []
        self.skipped: list = []
        self.error: str | None = None
        self.read = 0

    def run(self) -> bool:
        try:
            total = len(self.request.collections)
            for index, collection in enumerate(self.request.collections):
                if self.isCanceled():
                    return False
                self._read_collection(collection, index, total)
        except ArchiveError as exc:
            self.error = str(exc)
        except Exception as exc:  # reported in the panel, never raised into QGIS
            self.error = tr("Reading the time series failed: {}").format(exc)
            log_warning(traceback.format_exc())
        return self.error is None and not self.isCanceled()

    def _read_collection(self, collection: str, index: int, total: int) -> None:
        request = self.request
        bbox = request.bbox if request.polygons else point_bbox(request.points)
        query = replace(request.query, collections=(collection,), bbox=bbox)
        selection = series_query.select_series(
            list(request.roots), query, is_cancelled=self.isCanceled, cache_path=request.cache_path
        )
        self.skipped.extend(selection.skipped)
        if not selection.entries:
            self.notes.append(tr("{}: no product at this place with these filters").format(collection))
            return
        entries = selection.entries
        step = 100.0 / max(1, total) / max(1, len(entries) * max(1, len(request.points or request.polygons)))
        base = 100.0 * index / max(1, total)
        paths = {entry.product: entry.path for entry in entries}
        read = [0]  # values of this collection so far (reader threads add to it)

        def deliver(sample, position: int) -> None:
            key = request.keys.get((collection, position))
            if key is not None:
                self.samples.put((key, sample, paths.get(sample.product, "")))
            read[0] += 1
            self.read += 1
            self.setProgress(min(100.0, base + step * read[0]))

        try:
            self._read(entries, deliver)
        except ValueError as exc:  # OutsideError: no product covers the input
            self.notes.append(f"{collection}: {exc}")

    def _read(self, entries: list, deliver) -> None:
        from ...core import timeseries  # the core reader (its threads call `deliver`)

        request = self.request
        if request.points:
            result = timeseries.point_profiles(
                entries,
                list(request.points),
                mask_classes=request.mask_classes,
                is_cancelled=self.isCanceled,
                on_sample=lambda s: deliver(s, s.point),
            )
            outside = getattr(result, "outside", [])
            if outside:
                self.notes.append(tr("Points {} lie outside every product").format(outside))
            return
        ids = [fid for fid, _wkt in request.polygons]
        timeseries.zonal_profiles(
            entries,
            list(request.polygons),
            request.polygon_crs,
            mask_classes=request.mask_classes,
            is_cancelled=self.isCanceled,
            on_stats=lambda z: deliver(z, ids.index(z.feature)),
        )


class ProfileTask(_ProfileReading, QgsTask):
    """Polygons' profiles (seconds to minutes): a QgsTask for the long lane, cancellable from QGIS's
    task bar. ``done(task)`` is emitted on the GUI thread when it ends (finished, failed or cancelled)."""

    done = pyqtSignal(object)

    def __init__(self, request: ProfileRequest, description: str = "") -> None:
        QgsTask.__init__(self, description or tr("Terrascope: time series"), QgsTask.CanCancel)
        self._snapshot(request)

    def finished(self, result: bool) -> None:  # noqa: ARG002 (QgsTask API)
        self.done.emit(self)


class PointProfileJob(_ProfileReading, ShortJob):
    """A clicked point's profile: one pixel per product, read on the short lane so the first values
    do not wait behind a running search or layer load. Same signals and attributes as ProfileTask."""

    done = pyqtSignal(object)

    def __init__(self, request: ProfileRequest, description: str = "") -> None:
        ShortJob.__init__(self, description or tr("Terrascope: time series"))
        self._snapshot(request)

    def finished(self, result: bool) -> None:  # noqa: ARG002 (QgsTask API)
        self.done.emit(self)


def profile_job(request: ProfileRequest, description: str = "") -> ProfileTask | PointProfileJob:
    """The job for a request, on its lane: points on the short lane, polygons on the long one."""
    if request.points:
        return run_short(PointProfileJob(request, description))
    return run_long(ProfileTask(request, description), NORMAL)
