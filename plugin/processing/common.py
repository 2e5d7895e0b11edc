"""Shared pieces of the terrascope Processing algorithms: base class, archive query, series
inputs, feedback bridging and the styling post-processor. The parameter groups themselves are
declared and read in ``parameters.py``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..core.archive.catalogue import ArchiveError, Catalogue, Query
from ..core.archive.series_query import (
    SeriesSelection,
    SkippedProduct,
    entries_from_files,
    product_files,
    select_series,
)
from ..core.products.model import Product
from ..core.products.scaling import Scaling
from ..core.products.tiles import TileError, parse_tiles
from ..core.raster.blockwise import CancelledError, RasterError
from ..core.raster.kernels import ResolvedScaling, RunOptions, SeriesItem
from ..core.raster.series import nothing_readable
from ..qgis_utils import tr
from ..settings import listing_cache_path
from .parameters import (
    APPLY_SCL,
    archive_query_given,
    read_archive_query,
    read_scaling_overrides,
    read_series_inputs,
)

ICON_PATH = str(Path(__file__).resolve().parents[2] / "icons" / "icon.svg")
GROUP_ID = "terrascope"


def icon() -> QIcon:
    return QIcon(ICON_PATH)


class TerrascopeAlgorithm(QgsProcessingAlgorithm):
    """Base of the terrascope algorithms: group, icon, instance creation, help links."""

    def createInstance(self) -> QgsProcessingAlgorithm:  # noqa: N802 (QGIS API name)
        return type(self)()

    def group(self) -> str:
        return tr("Terrascope")

    def groupId(self) -> str:  # noqa: N802
        return GROUP_ID

    def icon(self) -> QIcon:
        return icon()

    def tr(self, text: str) -> str:
        """pylupdate5 files ``self.tr("...")`` under the class it is written in: look there."""
        for cls in type(self).__mro__:
            translated = QCoreApplication.translate(cls.__name__, text)
            if translated != text or cls is TerrascopeAlgorithm:
                return translated
        return text


# --------------------------------------------------------------------------- running


def scaling_for_file(
    alg: QgsProcessingAlgorithm,
    parameters: dict,
    context: QgsProcessingContext,
    path: str,
    feedback: QgsProcessingFeedback | None = None,
) -> ResolvedScaling:
    """Scaling of ``path`` (tags, table, user values), logged to ``feedback``."""
    user = read_scaling_overrides(alg, parameters, context)
    with processing_errors():
        scaling = user.resolve(path)
    if feedback is not None:
        feedback.pushInfo(tr("{0}: {1}").format(os.path.basename(path), scaling.describe()))
        for note in scaling.notes:
            feedback.pushWarning(note)
    return scaling


def raster_path(
    alg: QgsProcessingAlgorithm, parameters: dict, name: str, context: QgsProcessingContext
) -> str:
    """File path of a raster parameter, or a clear error when it is not a GDAL file raster."""
    layer = alg.parameterAsRasterLayer(parameters, name, context)
    if layer is None or not layer.isValid():
        value = parameters.get(name)
        raise QgsProcessingException(tr("{0}: {1} is not a raster QGIS can open").format(name, value))
    if layer.providerType() != "gdal":
        raise QgsProcessingException(
            tr("{0}: layer {1} is not a file raster (provider {2}); save it as GeoTIFF first").format(
                name, layer.name(), layer.providerType()
            )
        )
    return layer.source().split("|")[0]


def run_options(feedback: QgsProcessingFeedback, compress: bool, block: int | None = None) -> RunOptions:
    def progress(fraction: float) -> None:
        feedback.setProgress(100.0 * fraction)

    kwargs: dict[str, Any] = {"compress": compress, "is_cancelled": feedback.isCanceled, "progress": progress}
    if block:
        kwargs["block"] = block
    return RunOptions(**kwargs)


@contextmanager
def processing_errors() -> Iterator[None]:
    """Turn kernel errors into QgsProcessingException with the same clear message."""
    try:
        yield
    except CancelledError as exc:
        raise QgsProcessingException(tr("Cancelled: {0}").format(exc)) from None
    except (RasterError, ValueError, OSError) as exc:
        raise QgsProcessingException(str(exc)) from None


# --------------------------------------------------------------------------- series inputs


@dataclass(frozen=True)
class QueryHit:
    data_path: str
    scl_path: str | None
    when: str  # ISO date-time of the acquisition
    tile: str
    product: str
    cloud: float | None


@dataclass(frozen=True)
class QueryGiven:
    """The archive query of the parameters, interpreted: roots, the catalogue Query and the band."""

    roots: list[str]
    query: Query
    band: str

    def describe(self) -> str:
        query = self.query
        return tr("{0} (collection {1}, tile {2}, {3} to {4}{5})").format(
            ", ".join(self.roots),
            ", ".join(query.collections) or tr("any"),
            ", ".join(query.tiles) or tr("any"),
            query.start or "…",
            query.end or "…",
            tr(", at most {0}% cloud").format(query.max_cloud) if query.max_cloud is not None else "",
        )


def read_query(alg: QgsProcessingAlgorithm, parameters: dict, context: QgsProcessingContext) -> QueryGiven:
    """The archive query of the parameters; ROOT defaults to the standard archive roots."""
    from ..core.archive.catalogue import default_roots

    given = read_archive_query(alg, parameters, context)
    roots = [given.root] if given.root else default_roots()
    if not roots:
        raise QgsProcessingException(tr("No archive root: give ROOT (e.g. /data/MTDA)"))
    try:
        tiles = parse_tiles(given.tile)
    except TileError as exc:
        raise QgsProcessingException(str(exc)) from None  # names the tile and what is expected
    query = Query(
        collections=[given.collection] if given.collection else [],
        tiles=tiles,
        start=given.start,
        end=given.end,
        max_cloud=given.max_cloud,
    )
    return QueryGiven(roots, query, given.band.upper())


def run_query(
    alg: QgsProcessingAlgorithm,
    parameters: dict,
    context: QgsProcessingContext,
    feedback: QgsProcessingFeedback,
) -> list[QueryHit]:
    """Products of the archive query, oldest first (a listing: files are not opened); an empty
    result is an error. Data file and SCL are the series reader's ``product_files``."""
    given = read_query(alg, parameters, context)
    hits: list[QueryHit] = []
    try:
        catalogue = Catalogue(given.roots, cache_path=listing_cache_path())
        for product in catalogue.search(given.query, is_cancelled=feedback.isCanceled):
            files = product_files(product, given.band)
            if files is not None:
                hits.append(_hit(product, *files))
    except (ArchiveError, ValueError) as exc:
        raise QgsProcessingException(str(exc)) from None
    if feedback.isCanceled():
        raise QgsProcessingException(tr("Cancelled"))
    if not hits:
        raise QgsProcessingException(tr("The archive query found no product in {0}").format(given.describe()))
    hits.sort(key=lambda h: h.when)
    feedback.pushInfo(tr("The archive query found {0} product(s)").format(len(hits)))
    return hits


def _hit(product: Product, data_path: str, scl_path: str | None) -> QueryHit:
    when = product.name.start.isoformat() if product.name.start else ""
    tile = product.name.tile or ""
    return QueryHit(data_path, scl_path, when, tile, os.path.basename(product.path), product.cloud_cover)


def query_series(
    alg: QgsProcessingAlgorithm,
    parameters: dict,
    context: QgsProcessingContext,
    feedback: QgsProcessingFeedback,
    bbox: tuple[float, float, float, float] | None = None,
) -> SeriesSelection:
    """The archive query turned into series entries (``select_series``), oldest first. Products that
    cannot be used are in ``skipped`` (not yet reported); none usable is an error naming why.
    ``bbox`` (lon/lat W, S, E, N) keeps only products whose footprint meets it."""
    given = read_query(alg, parameters, context)
    if bbox is not None:
        given.query.bbox = bbox
    overrides = read_scaling_overrides(alg, parameters, context)
    with processing_errors():
        try:
            selection = select_series(
                given.roots,
                given.query,
                given.band,
                overrides=overrides,
                is_cancelled=feedback.isCanceled,
                cache_path=listing_cache_path(),
            )
        except ArchiveError as exc:
            raise QgsProcessingException(str(exc)) from None
    if not selection.entries:
        if selection.skipped:
            raise QgsProcessingException(str(nothing_readable(selection.skipped)))
        raise QgsProcessingException(tr("The archive query found no product in {0}").format(given.describe()))
    feedback.pushInfo(tr("The archive query found {0} product(s)").format(len(selection.entries)))
    return selection


@dataclass
class SeriesInputs:
    """The dates of a composite/histogram and what was skipped on the way."""

    items: list[SeriesItem]
    skipped: list[SkippedProduct] = field(default_factory=list)
    from_query: bool = False  # an archive query: unreadable dates are skipped, not fatal


def series_items(
    alg: QgsProcessingAlgorithm,
    parameters: dict,
    context: QgsProcessingContext,
    feedback: QgsProcessingFeedback,
) -> SeriesInputs:
    """The dates of a composite/histogram: the INPUTS list if given (any bad file is an error naming
    it), else the archive query (products that cannot be used are skipped)."""
    apply_scl = alg.parameterAsBool(parameters, APPLY_SCL, context)
    layers = read_series_inputs(alg, parameters, context)
    if layers:
        paths = []
        for layer in layers:
            if not isinstance(layer, QgsRasterLayer) or layer.providerType() != "gdal":
                raise QgsProcessingException(tr("{0} is not a file raster").format(layer.name()))
            paths.append(layer.source().split("|")[0])
        overrides = read_scaling_overrides(alg, parameters, context)
        with processing_errors():
            entries = entries_from_files(paths, overrides=overrides)
        inputs = SeriesInputs([])
    elif archive_query_given(parameters):
        selection = query_series(alg, parameters, context, feedback)
        entries = selection.entries
        inputs = SeriesInputs([], list(selection.skipped), from_query=True)
    else:
        raise QgsProcessingException(
            tr("Give input rasters (INPUTS) or an archive query (COLLECTION, TILE, dates)")
        )
    for index, entry in enumerate(entries):
        if apply_scl and entry.scl_path is None:
            feedback.pushWarning(
                tr("{0}: no scene classification found; this date is not masked").format(entry.path)
            )
        if index < 3:  # the first ones are enough to see where the scaling came from
            feedback.pushInfo(tr("{0}: {1}").format(os.path.basename(entry.path), entry.scaling.describe()))
            for note in entry.scaling.notes:
                feedback.pushWarning(note)
        inputs.items.append(entry.item(apply_scl))
    return inputs


def report_skipped(feedback: QgsProcessingFeedback, skipped: list[SkippedProduct]) -> int:
    """One warning per skipped product (file and reason) and their count in the log."""
    for item in skipped:
        feedback.pushWarning(tr("Skipped {0}: {1}").format(item.path, item.reason))
    if skipped:
        feedback.pushWarning(
            tr("{0} product(s) of the query could not be read and were skipped").format(len(skipped))
        )
    return len(skipped)


# --------------------------------------------------------------------------- styling


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Styles an output layer when QGIS loads it: biophysical ramp in physical units or SCL palette."""

    def __init__(self, style: Callable[[QgsRasterLayer], None]) -> None:
        super().__init__()
        self._style = style

    def postProcessLayer(  # noqa: N802 (QGIS API name)
        self, layer: Any, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> None:
        if isinstance(layer, QgsRasterLayer) and layer.isValid():
            self._style(layer)
            layer.triggerRepaint()


# QGIS holds post-processors by raw pointer: the Python objects must outlive the run, or
# they are garbage-collected before the layer is loaded. They are tiny; keep them all.
_POST_PROCESSORS: list[StylePostProcessor] = []


def style_output(context: QgsProcessingContext, path: str, style: Callable[[QgsRasterLayer], None]) -> None:
    """Attach ``style`` to the output ``path`` if QGIS is going to load it."""
    if not path or not context.willLoadLayerOnCompletion(path):
        return
    processor = StylePostProcessor(style)
    _POST_PROCESSORS.append(processor)
    context.layerToLoadOnCompletionDetails(path).setPostProcessor(processor)


def physical_style(scaling: Scaling, data_are_physical: bool) -> Callable[[QgsRasterLayer], None]:
    def apply(layer: QgsRasterLayer) -> None:
        from ..styles import apply_physical_style

        apply_physical_style(layer, scaling, data_are_physical=data_are_physical)

    return apply


def count_style(layer: QgsRasterLayer) -> None:
    from ..styles import apply_physical_style

    apply_physical_style(layer, None, data_are_physical=True)
