"""Details pane of the selected product: name fields, XML metadata, files and quicklook.

The name fields come from the already parsed `ProductName` and the file list from the product
the search task listed, so they are shown at once. The XML is parsed and the quicklook read on
the short lane of `tasks.py` (never behind a search or a layer load); their results are shown
only if the same product is still selected.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import numpy as np
from osgeo import gdal
from qgis.PyQt.QtCore import QEvent, QObject, Qt
from qgis.PyQt.QtGui import QImage, QPixmap
from qgis.PyQt.QtWidgets import QLabel, QListWidget, QListWidgetItem, QTreeWidget, QTreeWidgetItem

from ..core.archive.catalogue import Product
from ..core.products.metadata import read_product_xml
from ..core.products.model import METADATA, QUICKLOOK, ROLES, ProductFile
from ..qgis_utils import tr
from .tasks import ShortCall, ShortJob, call_short, run_short

QUICKLOOK_MAX_SIZE = 768  # pixels along the longest side: enough for a dock, cheap to read
PATH_ROLE = Qt.UserRole + 1


# Quicklook -------------------------------------------------------------------------------
def _stretch_to_bytes(band: np.ndarray, nodata: float | None) -> tuple[np.ndarray, np.ndarray]:
    """2-98 % stretch of one band to uint8; also returns the valid-pixel mask."""
    valid = np.isfinite(band) if band.dtype.kind == "f" else np.ones(band.shape, bool)
    if nodata is not None:
        valid &= band != nodata
    if band.dtype == np.uint8:
        return band, valid
    if not valid.any():
        return np.zeros(band.shape, np.uint8), valid
    low, high = np.percentile(band[valid], (2, 98))
    scale = 255.0 / (high - low) if high > low else 1.0
    out = np.clip((band.astype(np.float64) - low) * scale, 0, 255)
    return out.astype(np.uint8), valid


def read_quicklook(path: str, max_size: int = QUICKLOOK_MAX_SIZE) -> QImage:
    """Read a quicklook raster (1, 3 or 4 bands, or paletted) into an RGBA QImage, downsampled.

    Safe on a worker thread (QImage, unlike QPixmap, is not tied to the GUI thread). Raises
    OSError naming the file when it cannot be read.
    """
    try:
        return _read_quicklook(path, max_size)
    except RuntimeError as exc:  # GDAL with exceptions enabled
        raise OSError(tr("Cannot read the quicklook {}: {}").format(path, exc)) from exc


def _read_quicklook(path: str, max_size: int) -> QImage:
    dataset = gdal.OpenEx(path, gdal.OF_RASTER | gdal.OF_READONLY)
    if dataset is None:
        raise OSError(
            tr("Cannot read the quicklook {}: {}").format(path, gdal.GetLastErrorMsg() or "unknown format")
        )
    width, height = dataset.RasterXSize, dataset.RasterYSize
    factor = max(width / max_size, height / max_size, 1.0)
    out_w, out_h = max(1, int(width / factor)), max(1, int(height / factor))
    count = dataset.RasterCount
    if count == 0:
        raise OSError(tr("The quicklook {} has no raster band").format(path))

    def checked(values: np.ndarray | None) -> np.ndarray:
        # With GDAL exceptions off (QGIS's default) a failed read returns None.
        if values is None:
            raise OSError(
                tr("Cannot read the quicklook {}: {}").format(path, gdal.GetLastErrorMsg() or "read error")
            )
        return values

    def read(index: int) -> np.ndarray:
        band = dataset.GetRasterBand(index)
        return checked(band.ReadAsArray(buf_xsize=out_w, buf_ysize=out_h, resample_alg=gdal.GRIORA_Average))

    first = dataset.GetRasterBand(1)
    rgba = np.empty((out_h, out_w, 4), np.uint8)
    colours = first.GetColorTable()
    if count < 3 and colours is not None:
        values = checked(first.ReadAsArray(buf_xsize=out_w, buf_ysize=out_h))  # nearest: palette indexes
        table = np.array([colours.GetColorEntry(i) for i in range(colours.GetCount())], np.uint8)
        rgba[:] = table[np.clip(values, 0, len(table) - 1)]
    elif count >= 3:
        valid = np.ones((out_h, out_w), bool)
        for channel in range(3):
            band = dataset.GetRasterBand(channel + 1)
            rgba[..., channel], channel_valid = _stretch_to_bytes(read(channel + 1), band.GetNoDataValue())
            valid &= channel_valid
        rgba[..., 3] = read(4).astype(np.uint8) if count >= 4 else np.where(valid, 255, 0)
    else:
        grey, valid = _stretch_to_bytes(read(1), first.GetNoDataValue())
        rgba[..., :3] = grey[..., None]
        rgba[..., 3] = np.where(valid, 255, 0)
    dataset = None
    data = np.ascontiguousarray(rgba)
    image = QImage(data.data, out_w, out_h, out_w * 4, QImage.Format_RGBA8888)
    return image.copy()  # detach from the numpy buffer


class QuicklookTask(ShortJob):
    """Reads one quicklook (short lane); `image` / `error` are set when `finished` runs."""

    def __init__(self, path: str, on_done: Callable[[QuicklookTask], None]) -> None:
        super().__init__(tr("Terrascope quicklook"))
        self.path = path
        self.image: QImage | None = None
        self.error: str | None = None
        self._on_done = on_done

    def run(self) -> bool:
        try:
            self.image = read_quicklook(self.path)
        except (OSError, RuntimeError, ValueError) as exc:
            self.error = str(exc)
            return False
        except Exception as exc:  # an exception escaping run() aborts QGIS: report it instead
            self.error = tr("Cannot read the quicklook {}: {!r}").format(self.path, exc)
            return False
        return not self.isCanceled()

    def finished(self, result: bool) -> None:  # noqa: ARG002 (ShortJob API)
        if not self.isCanceled():
            self._on_done(self)


# Metadata --------------------------------------------------------------------------------
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}" if math.isfinite(value) else ""
    if isinstance(value, tuple | list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def metadata_fields(metadata: Any) -> list[tuple[str, str]]:
    """(field, text) pairs of a ProductMetadata (or any dataclass / mapping), empty ones left out."""
    if dataclasses.is_dataclass(metadata):
        items = [(f.name, getattr(metadata, f.name)) for f in dataclasses.fields(metadata)]
    elif isinstance(metadata, dict):
        items = list(metadata.items())
    else:
        items = list(vars(metadata).items())
    return [(key.replace("_", " "), _text(value)) for key, value in items if _text(value)]


def name_fields(product: Product) -> list[tuple[str, str]]:
    fields = product.name._asdict() if hasattr(product.name, "_asdict") else vars(product.name)
    return [(key, _text(value)) for key, value in fields.items() if _text(value)]


_ROLE_ORDER = {role: order for order, role in enumerate(ROLES)}  # data first, as the model lists roles


def _file_order(product_file: ProductFile) -> tuple:
    return (_ROLE_ORDER[product_file.role], product_file.resolution or 0, product_file.path)


def file_label(product_file: ProductFile) -> str:
    """Short label of a product file ("TOC-B04 · 10 m", "Quicklook", "Metadata (XML)")."""
    if product_file.role == METADATA:
        extension = os.path.splitext(product_file.path)[1] or ".xml"
        return tr("Metadata ({})").format(extension.lstrip(".").upper())
    if product_file.role == QUICKLOOK:
        return tr("Quicklook")
    name = product_file.name
    what = name.content or name.product or product_file.band
    return f"{what} · {product_file.resolution} m" if product_file.resolution else what


# The pane --------------------------------------------------------------------------------
class DetailsPane(QObject):
    """Fills the details widgets of the dock for one product at a time."""

    def __init__(
        self,
        name_tree: QTreeWidget,
        metadata_tree: QTreeWidget,
        files_list: QListWidget,
        quicklook_label: QLabel,
        on_error: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name_tree = name_tree
        self.metadata_tree = metadata_tree
        self.files_list = files_list
        self.quicklook_label = quicklook_label
        self.on_error = on_error
        self.product: Product | None = None
        self.quicklook: QImage | None = None
        self._metadata_task: ShortCall | None = None
        self._quicklook_task: QuicklookTask | None = None
        self.metadata_pending = False
        self.quicklook_pending = False
        quicklook_label.installEventFilter(self)
        self.clear()

    def show_product(self, product: Product | None) -> None:
        if product is not None and self.product is not None and product.path == self.product.path:
            return
        self.clear()
        self.product = product
        if product is None:
            return
        self._fill(self.name_tree, name_fields(product))
        self._fill_files(product)
        self._start_metadata(product)
        self._start_quicklook(product)

    def clear(self) -> None:
        self.cancel()
        self.product = None
        self.quicklook = None
        self.name_tree.clear()
        self.metadata_tree.clear()
        self.files_list.clear()
        self.quicklook_label.clear()
        self.quicklook_label.setText(tr("Select a product to see its quicklook"))

    def cancel(self) -> None:
        for task in (self._metadata_task, self._quicklook_task):
            if task is not None:
                task.cancel()
        self._metadata_task = self._quicklook_task = None
        self.metadata_pending = self.quicklook_pending = False

    @property
    def busy(self) -> bool:
        return self.metadata_pending or self.quicklook_pending

    # ---------------------------------------------------------------------------------
    @staticmethod
    def _fill(tree: QTreeWidget, fields: list[tuple[str, str]]) -> None:
        tree.clear()
        tree.addTopLevelItems([QTreeWidgetItem([key, value]) for key, value in fields])
        for item_index in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(item_index)
            item.setToolTip(1, item.text(1))

    def _fill_files(self, product: Product) -> None:
        self.files_list.clear()
        for archive_file in sorted(product.files, key=_file_order):
            item = QListWidgetItem(file_label(archive_file))
            item.setData(PATH_ROLE, archive_file.path)
            item.setToolTip(
                f"{archive_file.path.rsplit('/', 1)[-1]}\n{archive_file.path}\n{tr('Double-click to load')}"
            )
            self.files_list.addItem(item)

    def _start_metadata(self, product: Product) -> None:
        path = product.metadata_path
        if not path:
            self._fill(self.metadata_tree, [(tr("metadata"), tr("no XML file in this product"))])
            return
        self._fill(self.metadata_tree, [(tr("metadata"), tr("reading…"))])
        # Short lane: never queued behind a search or a layer load (see tasks.py).
        task = call_short(
            tr("Terrascope metadata"), read_product_xml, path, key=f"details.metadata.{id(self)}"
        )
        task.done.connect(
            lambda result, error, key=product.path: self._metadata_done(key, path, result, error)
        )
        self._metadata_task = task
        self.metadata_pending = True

    def _metadata_done(self, key: str, path: str, result: Any, error: str | None) -> None:
        if self.product is None or self.product.path != key:
            return
        self._metadata_task = None
        self.metadata_pending = False
        if error:
            self._fill(self.metadata_tree, [(tr("error"), error)])
            self.on_error(tr("Cannot read the metadata {}: {}").format(path, error))
            return
        self._fill(self.metadata_tree, metadata_fields(result))

    def _start_quicklook(self, product: Product) -> None:
        path = product.quicklook_path
        if not path:
            self.quicklook_label.setText(tr("No quicklook in this product"))
            return
        self.quicklook_label.setText(tr("Loading quicklook…"))
        task = QuicklookTask(path, lambda t, key=product.path: self._quicklook_done(key, t))
        self._quicklook_task = task
        self.quicklook_pending = True
        run_short(task, key=f"details.quicklook.{id(self)}")

    def _quicklook_done(self, key: str, task: QuicklookTask) -> None:
        if self.product is None or self.product.path != key:
            return
        self._quicklook_task = None
        self.quicklook_pending = False
        if task.image is None:
            self.quicklook_label.setText(tr("Quicklook unreadable"))
            self.quicklook_label.setToolTip(task.error or "")
            self.on_error(task.error or tr("Cannot read the quicklook {}").format(task.path))
            return
        self.quicklook = task.image
        self.quicklook_label.setToolTip(task.path)
        self._show_scaled()

    def _show_scaled(self) -> None:
        if self.quicklook is None:
            return
        size = self.quicklook_label.contentsRect().size()
        if size.width() < 8 or size.height() < 8:
            size = self.quicklook.size()
        pixmap = QPixmap.fromImage(self.quicklook).scaled(size, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        self.quicklook_label.setPixmap(pixmap)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.quicklook_label and event.type() == QEvent.Resize:
            self._show_scaled()
        return False
