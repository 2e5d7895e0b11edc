"""Background work of the dock: the streaming catalogue search (long lane of `tasks.py`).

Everything here runs in `QgsTask.run()` on a worker thread: the GUI thread never lists a
folder, reads a raster or parses XML. Results travel to the GUI thread through queued
signals, in batches, so that a search returning 100 000 products costs the event loop a
few hundred short slots instead of 100 000.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Sequence
from dataclasses import replace

from qgis.core import QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from ..core.archive.catalogue import ArchiveError, Catalogue, Query, SkippedPath
from ..core.products.footprint import FAILURES_PER_KEY, FootprintFinder, footprint_raster
from ..core.products.model import Product
from ..qgis_utils import log_warning, tr
from .results_model import Hit, make_hit
from .stac_roots import catalogue_opener

__all__ = [
    "CLOUD_READ_LIMIT",
    "FOOTPRINT_FAILURES_PER_KEY",
    "FootprintFinder",  # the product model's, re-exported for the dock
    "SearchTask",
    "footprint_raster",
    "product_cloud_cover",
]

# The cloud cover column is read from the product XML for this many results; beyond, only when
# the search filters on cloud cover (the catalogue then reads it for every product anyway).
CLOUD_READ_LIMIT = 5000
# A tile (or a tile-less collection) whose footprints failed this many times is not tried again
# during a search: the product model's one failure policy, shared with the catalogue's bbox filter.
FOOTPRINT_FAILURES_PER_KEY = FAILURES_PER_KEY


def product_cloud_cover(product: Product, read_xml: bool) -> float | None:
    """Cloud cover the catalogue attached to the product, else (if `read_xml`) from its XML."""
    if product.cloud_cover is not None or not read_xml:
        return None if product.cloud_cover is None else float(product.cloud_cover)
    return product.read_cloud_cover()


class SearchTask(QgsTask):
    """Runs `Catalogue.search` and hands the products to the GUI thread in batches.

    `batchReady(generation, hits)` is emitted at most every `batch_interval` seconds or every
    `batch_size` products, whichever comes first; `generation` lets the dock drop batches of a
    search it has already replaced. After `finished`, `skipped`, `error` and `count` hold the
    outcome; `searchDone(generation)` is emitted last.
    """

    batchReady = pyqtSignal(int, list)
    searchDone = pyqtSignal(int)

    def __init__(
        self,
        roots: Sequence[str],
        query: Query,
        generation: int = 0,
        *,
        cache_path: str | None = None,
        with_footprints: bool = True,
        batch_interval: float = 0.1,
        batch_size: int = 200,
    ) -> None:
        super().__init__(tr("Terrascope search"), QgsTask.CanCancel)
        # Snapshot of the inputs: the dock's widgets may change while the task runs.
        self.roots = list(roots)
        self.query = replace(query)
        self.generation = generation
        self.cache_path = cache_path
        self.open_catalogue = catalogue_opener(self.roots, cache_path)  # folders, or a STAC API
        self.with_footprints = with_footprints
        self.batch_interval = batch_interval
        self.batch_size = batch_size
        self.count = 0
        self.skipped: list[SkippedPath] = []
        self.error: str | None = None

    def run(self) -> bool:
        catalogue: Catalogue | None = None
        try:
            catalogue = self.open_catalogue()
            self._stream(catalogue)
        except ArchiveError as exc:
            self.error = str(exc)
        except Exception as exc:  # report, never crash QGIS
            self.error = tr("Search failed: {}").format(exc)
            log_warning(traceback.format_exc())
        if catalogue is not None:
            self.skipped = list(catalogue.skipped)
        return self.error is None and not self.isCanceled()

    def _stream(self, catalogue: Catalogue) -> None:
        find_footprint = FootprintFinder() if self.with_footprints else None
        batch: list[Hit] = []
        last_flush = time.monotonic()
        for product in catalogue.search(self.query, is_cancelled=self.isCanceled):
            if self.isCanceled():
                return
            bbox = find_footprint(product) if find_footprint else None
            cloud = product_cloud_cover(product, read_xml=self.count < CLOUD_READ_LIMIT)
            batch.append(make_hit(product, bbox, cloud))  # sort keys computed here, not in the GUI
            self.count += 1
            now = time.monotonic()
            if len(batch) >= self.batch_size or now - last_flush >= self.batch_interval:
                self._flush(batch, catalogue)
                batch = []
                last_flush = now
        if batch and not self.isCanceled():
            self._flush(batch, catalogue)

    def _flush(self, batch: list[Hit], catalogue: Catalogue) -> None:
        self.batchReady.emit(self.generation, batch)
        self.setProgress(catalogue.progress)  # fraction of the collections searched

    def finished(self, result: bool) -> None:  # noqa: ARG002 (QgsTask API)
        self.searchDone.emit(self.generation)
