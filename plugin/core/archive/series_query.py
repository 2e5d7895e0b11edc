"""The one way an archive query (or a user's list of files) becomes a series of acquisitions.

Every series consumer (temporal composite, histogram, time series, Spark jobs) takes its dates from
here: :func:`select_series` for a query, :func:`entries_from_files` for files the user gave. What a
product's data file, SCL, time and tile are is the product model's answer (``primary_data``,
``Product.scl_path`` / ``find_scl``, the parsed name); the scaling is ``kernels.resolve_scaling``.

A bad archive does not stop a query: a product without a data file for the band, or whose file
cannot be opened or whose scaling cannot be resolved, becomes a :class:`SkippedProduct` with a one-line
reason. Only headers are opened here; readers that later find a file unreadable skip it in the same
way (``raster/series.py``). Files the user listed explicitly fail instead, with the file named.

Pure Python + GDAL: no Qt, no QGIS.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from ..products.model import Product, file_of, primary_data
from ..products.names import ProductNameError, parse_name
from ..raster.blockwise import CancelledError, RasterError
from ..raster.kernels import ResolvedScaling, ScalingError, SeriesItem, find_scl, resolve_scaling
from .catalogue import ArchiveError, Catalogue, Query

__all__ = [
    "UNKNOWN_TIME",
    "ScalingOverrides",
    "SeriesEntry",
    "SeriesSelection",
    "SkippedProduct",
    "describe_failure",
    "entries_from_files",
    "product_files",
    "select_series",
]

#: Acquisition time of a user's own file whose name carries none (it sorts first).
UNKNOWN_TIME = datetime(1970, 1, 1, tzinfo=UTC)
#: Threads opening the selected files for their scaling tags
SCALING_READERS = 4


@dataclass(frozen=True)
class SeriesEntry:
    """One acquisition of a query: what every series consumer needs, decided by the product model."""

    product: str  # product name (basename of the product folder / file)
    path: str  # its data file for the band (products.model.primary_data)
    scl_path: str | None  # its SCL file, None when the product has none
    scaling: ResolvedScaling  # tags > table > user overrides
    when: datetime  # tz-aware UTC acquisition (start) time
    tile: str  # "31UFS", "X17Y03", "" when none
    cloud: float | None  # cloud cover %, when known (read by a MAX_CLOUD search)

    def item(self, apply_scl: bool = True) -> SeriesItem:
        """The kernels' record of this date; without its SCL when ``apply_scl`` is false."""
        return SeriesItem(self.path, self.scaling, self.scl_path if apply_scl else None)


@dataclass(frozen=True)
class SkippedProduct:
    path: str  # the file (or product folder) skipped
    reason: str  # one line: why


@dataclass
class SeriesSelection:
    entries: list[SeriesEntry]  # oldest first, then tile, then product name
    skipped: list[SkippedProduct]


@dataclass(frozen=True)
class ScalingOverrides:
    """The user's scaling values, None where not given (the file's tags or the table decide)."""

    scale: float | None = None
    offset: float | None = None
    valid_min: float | None = None
    valid_max: float | None = None
    nodata: float | None = None

    def resolve(self, path: str) -> ResolvedScaling:
        """The scaling of ``path``: these values over the file's tags and the product table."""
        return resolve_scaling(
            path,
            scale=self.scale,
            offset=self.offset,
            valid_min=self.valid_min,
            valid_max=self.valid_max,
            nodata=self.nodata,
        )


def describe_failure(path: str, error: BaseException | str) -> str:
    """One line saying why ``path`` could not be read: vanished, permission denied, or GDAL's words."""
    if not os.path.lexists(path):
        return "vanished (the file no longer exists)"
    try:
        with open(path, "rb"):
            pass
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return f"cannot be opened: {exc.strerror or exc}"
    text = " ".join(str(error).split())
    # Drop the path GDAL and the block reader put in front: the path is reported beside the reason.
    for prefix in (f"{path}: ", f"{path}, "):
        text = text.replace(prefix, "")
    if os.path.getsize(path) == 0:
        return "empty file"
    return f"unreadable (truncated or corrupt?): {text}"


def _resolve(path: str, overrides: ScalingOverrides | None) -> ResolvedScaling:
    return (overrides or ScalingOverrides()).resolve(path)


def product_files(product: Product, band: str = "") -> tuple[str, str | None] | None:
    """The data file of ``product`` for ``band`` (the product model's ``primary_data``) and its SCL
    (the product's own, else the one next to the file on disk); None when it has no such data file.
    The catalogue listing and :func:`select_series` both ask this."""
    data = primary_data(product, band)
    if data is None:
        return None
    return data.path, product.scl_path or find_scl(data.path)


def _entry(product: Product, band: str, overrides: ScalingOverrides | None) -> SeriesEntry | SkippedProduct:
    files = product_files(product, band)
    if files is None:
        wanted = band.upper() or "data"
        return SkippedProduct(product.path, f"no {wanted} file in the product")
    path, scl_path = files
    when = product.name.start
    if when is None:
        return SkippedProduct(path, "no acquisition time in the product name")
    try:
        scaling = _resolve(path, overrides)
    except ScalingError as exc:  # readable, but nobody says how to scale it
        return SkippedProduct(path, str(exc))
    except RasterError as exc:
        return SkippedProduct(path, describe_failure(path, exc))
    return SeriesEntry(
        product=os.path.basename(product.path),
        path=path,
        scl_path=scl_path,
        scaling=scaling,
        when=when,
        tile=product.name.tile or "",
        cloud=product.cloud_cover,
    )


def _order(entry: SeriesEntry) -> tuple[datetime, str, str]:
    return (entry.when, entry.tile, entry.product)


def select_series(
    roots: Sequence[str],
    query: Query,
    band: str = "",
    *,
    overrides: ScalingOverrides | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    cache_path: str | None = None,
    use_cache: bool = True,
) -> SeriesSelection:
    """Products of an archive query turned into entries, oldest first.

    ``cache_path``/``use_cache`` choose the listing cache as for :class:`Catalogue` (the user's
    choice in the dock's options or on the command line; None is the default cache file).

    A product with no data file for ``band``, or whose file cannot be opened or whose scaling cannot
    be resolved, is skipped (:class:`SkippedProduct`). Raises :class:`ArchiveError` when no root is
    usable (the catalogue's message), ValueError for inconsistent criteria and
    :class:`~..raster.blockwise.CancelledError` when ``is_cancelled`` turns true. An empty selection
    is not an error here: callers decide.
    """
    if not roots:
        raise ArchiveError("no archive root given: give the archive folder (e.g. /data/MTDA)")
    cancelled = is_cancelled or (lambda: False)
    entries: list[SeriesEntry] = []
    skipped: list[SkippedProduct] = []
    catalogue = Catalogue(roots, cache_path=cache_path, use_cache=use_cache)
    products = []
    for product in catalogue.search(query, is_cancelled=cancelled):
        products.append(product)
        if cancelled():
            break

    def entry(product: Product) -> SeriesEntry | SkippedProduct | None:
        return None if cancelled() else _entry(product, band, overrides)

    # Each entry opens its file for the scaling tags: in parallel (on a network mount the opens
    # mostly wait), in the catalogue's order.
    with ThreadPoolExecutor(max_workers=SCALING_READERS) as pool:
        for found in pool.map(entry, products):
            if isinstance(found, SeriesEntry):
                entries.append(found)
            elif found is not None:
                skipped.append(found)
    if cancelled():
        raise CancelledError("cancelled by the user while reading the archive query")
    entries.sort(key=_order)
    return SeriesSelection(entries, skipped)


def _product_of_file(path: str) -> str:
    """The product a file belongs to: its folder when that is a product name, else the file itself."""
    folder = os.path.dirname(os.path.abspath(path))
    for candidate in (folder, os.path.dirname(folder)):
        try:
            if parse_name(os.path.basename(candidate)).kind == "product":
                return os.path.basename(candidate)
        except (ProductNameError, ValueError):
            continue
    return os.path.basename(path)


def entries_from_files(
    paths: Sequence[str], band: str = "", *, overrides: ScalingOverrides | None = None
) -> list[SeriesEntry]:
    """Files the user gave, in the order given: any bad file raises RasterError naming it.

    ``band`` is accepted for symmetry with :func:`select_series`; the files themselves are the data.
    A file whose name carries no acquisition time gets :data:`UNKNOWN_TIME`.
    """
    entries = []
    for path in paths:
        if not os.path.exists(path):
            raise RasterError(f"{path}: file not found")
        scaling = _resolve(path, overrides)  # RasterError / ScalingError name the file
        own = file_of(path)
        name = own.name if own is not None else None
        entries.append(
            SeriesEntry(
                product=_product_of_file(path),
                path=path,
                scl_path=find_scl(path),
                scaling=scaling,
                when=(name.start if name is not None and name.start else UNKNOWN_TIME),
                tile=(name.tile or "") if name is not None else "",
                cloud=None,
            )
        )
    return entries
