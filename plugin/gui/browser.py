"""A "Terrascope" root in the QGIS Browser: roots -> collections -> years -> dates -> products -> files.

Every level is populated lazily when expanded, and in a worker thread: items do
not have the ``Fast`` capability, so QGIS runs ``createChildren`` off the GUI
thread. A level lists one folder with ``os.scandir`` (entry types come from the
directory listing itself; no per-file ``stat``), so a date folder holding
thousands of products costs one listing. Only an expanded product reads its
XML, for the cloud cover in its tooltip.

File items are ``QgsLayerItem`` (raster, provider gdal): double-click or drag
adds the layer and :func:`plugin.gui.loading.install_auto_styling` styles it
like the dock does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsDataCollectionItem,
    QgsDataItem,
    QgsDataItemProvider,
    QgsDataProvider,
    QgsErrorItem,
    QgsLayerItem,
)
from qgis.PyQt.QtGui import QIcon

from .. import settings
from ..core.archive.catalogue import ArchiveError, Catalogue, Collection
from ..core.products.folders import folder_rasters
from ..core.products.model import is_raster
from ..core.products.names import ProductName, ProductNameError, parse_name
from ..qgis_utils import tr
from .roots import demo_root, discover_roots

PATH_PREFIX = "terrascope:"
PRODUCT_SUBFOLDER_DEPTH = 2  # 10M/ and 20M/ folders (FAPAR, LAI), V1 containers (product/10M)
_YEAR = re.compile(r"^\d{4}$")
_MONTH_OR_DAY = re.compile(r"^\d{2}$")
_YMD = re.compile(r"^\d{8}$")


def browser_roots(base: str | None = None) -> list[tuple[str, str]]:
    """(label, path) of the archive roots: standard ones, the demo archive, those added in the dock."""
    return discover_roots(base, demo=demo_root(), added=settings.ROOTS_ADDED.value())


def _entries(path: str) -> list[os.DirEntry]:
    """Children of ``path`` sorted by name; OSError propagates (caller shows an error item)."""
    with os.scandir(path) as iterator:
        return sorted(iterator, key=lambda e: e.name)


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_raster(name: str) -> bool:
    return is_raster(name)  # the product model decides what a raster is


def _error(parent: QgsDataItem, path: str, exc: Exception) -> QgsErrorItem:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return QgsErrorItem(parent, tr("Cannot read {}: {}").format(path, reason), PATH_PREFIX + path + "#error")


def _folder_icon() -> QIcon:
    return QgsApplication.getThemeIcon("/mIconFolder.svg")


class _FolderItem(QgsDataCollectionItem):
    """A lazily populated level; subclasses list their folder in ``children_of``."""

    def __init__(self, parent: QgsDataItem | None, name: str, folder: str) -> None:
        super().__init__(parent, name, PATH_PREFIX + folder, "terrascope")
        self.folder = folder
        # No Fast capability: QGIS calls createChildren in a worker thread.
        self.setCapabilitiesV2(Qgis.BrowserItemCapabilities(Qgis.BrowserItemCapability.Fertile))
        self.setIcon(_folder_icon())

    def createChildren(self) -> list[QgsDataItem]:  # noqa: N802 (QGIS API name)
        try:
            children = list(self.children_of())
        except Exception as exc:  # escaping a C++ virtual on a worker thread would abort QGIS
            children = [_error(self, self.folder, exc)]
        return children

    def children_of(self) -> Iterable[QgsDataItem]:
        raise NotImplementedError


class TerrascopeRootItem(QgsDataCollectionItem):
    """The "Terrascope" entry: one child per archive root."""

    def __init__(self, parent: QgsDataItem | None = None) -> None:
        super().__init__(parent, tr("Terrascope"), PATH_PREFIX, "terrascope")
        self.setCapabilitiesV2(Qgis.BrowserItemCapabilities(Qgis.BrowserItemCapability.Fertile))
        from ..terrascope_plugin import plugin_icon  # the plugin class module is light to import

        self.setIcon(plugin_icon())
        self.setToolTip(tr("Terrascope archive roots: the mounted archive, your folders, the demo archive"))

    def createChildren(self) -> list[QgsDataItem]:  # noqa: N802
        roots = browser_roots()
        if not roots:
            return [
                QgsErrorItem(
                    self,
                    tr("No Terrascope archive found: add a folder in the Terrascope dock"),
                    PATH_PREFIX + "#none",
                )
            ]
        return [ArchiveRootItem(self, label, path) for label, path in roots]


class ArchiveRootItem(_FolderItem):
    """An archive root: its collections come from the catalogue (listing cache included)."""

    def __init__(self, parent: QgsDataItem, label: str, root: str) -> None:
        super().__init__(parent, label, root)
        self.setToolTip(root)

    def children_of(self) -> Iterable[QgsDataItem]:
        if not os.path.isdir(self.folder):
            raise ArchiveError(tr("{} does not exist or is not mounted").format(self.folder))
        collections = Catalogue([self.folder], cache_path=settings.listing_cache_path()).collections()
        for collection in sorted(collections, key=lambda c: c.id):
            yield CollectionItem(self, collection)


class CollectionItem(_FolderItem):
    def __init__(self, parent: QgsDataItem, collection: Collection) -> None:
        super().__init__(parent, collection.id, collection.path)
        self.collection = collection
        self.setToolTip(f"{collection.label}\n{collection.path}")

    def children_of(self) -> Iterable[QgsDataItem]:
        if self.collection.layout == "flat":
            yield from product_items(self, self.folder, self.collection)
            return
        for entry in _entries(self.folder):
            if _YEAR.match(entry.name) and _is_dir(entry):
                yield YearItem(self, entry.path, self.collection)


class YearItem(_FolderItem):
    def __init__(self, parent: QgsDataItem, folder: str, collection: Collection) -> None:
        super().__init__(parent, os.path.basename(folder), folder)
        self.collection = collection

    def children_of(self) -> Iterable[QgsDataItem]:
        """Dates of the year: YYYY/MM/DD ("ymd") or YYYY/YYYYMMDD ("y_ymd")."""
        year = os.path.basename(self.folder)
        for entry in _entries(self.folder):
            if not _is_dir(entry):
                continue
            if _YMD.match(entry.name):
                yield DateItem(
                    self, entry.path, f"{entry.name[:4]}-{entry.name[4:6]}-{entry.name[6:]}", self.collection
                )
            elif _MONTH_OR_DAY.match(entry.name):
                for day in _entries(entry.path):
                    if _MONTH_OR_DAY.match(day.name) and _is_dir(day):
                        yield DateItem(self, day.path, f"{year}-{entry.name}-{day.name}", self.collection)


class DateItem(_FolderItem):
    def __init__(self, parent: QgsDataItem, folder: str, label: str, collection: Collection) -> None:
        super().__init__(parent, label, folder)
        self.collection = collection
        self.setToolTip(folder)

    def children_of(self) -> Iterable[QgsDataItem]:
        yield from product_items(self, self.folder, self.collection)


def product_items(parent: QgsDataItem, folder: str, collection: Collection) -> Iterable[QgsDataItem]:
    """Products of a folder: product folders, or single-file products (PROBA-V, CGLS files)."""
    for entry in _entries(folder):
        if _is_dir(entry):
            yield ProductItem(parent, entry.path)
        elif _is_raster(entry.name):
            yield file_item(parent, entry.path)


def product_tooltip(name: ProductName | None, path: str, cloud_cover: float | None = None) -> str:
    if name is None:
        return path
    lines = [name.family if name.mission is None else f"{name.mission} · {name.product or name.family}"]
    if name.start is not None:
        lines.append(tr("Acquired {} UTC").format(name.start.strftime("%Y-%m-%d %H:%M:%S")))
    if name.tile:
        lines.append(tr("Tile {}").format(name.tile))
    if name.direction:
        lines.append(tr("Pass {} · track {}").format(name.direction, name.orbit))
    if name.version:
        lines.append(tr("Version {}").format(name.version))
    if cloud_cover is not None:
        lines.append(tr("Cloud cover {:.1f} %").format(cloud_cover))
    lines.append(path)
    return "\n".join(lines)


def _parse(path: str) -> ProductName | None:
    try:
        return parse_name(path)
    except ProductNameError:
        return None


class ProductItem(_FolderItem):
    """A product folder; expanding it lists its rasters (and its 10M/20M subfolders)."""

    def __init__(self, parent: QgsDataItem, folder: str) -> None:
        super().__init__(parent, os.path.basename(folder), folder)
        self.product_name = _parse(folder)
        self.setToolTip(product_tooltip(self.product_name, folder))
        self.setIcon(QgsApplication.getThemeIcon("/mIconRasterGroup.svg"))

    def children_of(self) -> Iterable[QgsDataItem]:
        product, rasters = folder_rasters(self.folder)  # the product model lists and classifies
        cloud = product.read_cloud_cover() if product is not None else None
        if cloud is not None:
            self.setToolTip(product_tooltip(self.product_name, self.folder, cloud))
        for path in sorted(rasters, key=os.path.basename):
            yield file_item(self, path)


def file_item(parent: QgsDataItem, path: str) -> QgsLayerItem:
    """A raster file as a layer item: double-click or drag adds it (styled by the auto-styling)."""
    item = QgsLayerItem(
        parent, os.path.basename(path), PATH_PREFIX + path, path, Qgis.BrowserLayerType.Raster, "gdal"
    )
    name = _parse(path)
    item.setToolTip(product_tooltip(name, path) if name is not None else path)
    return item


class TerrascopeDataItemProvider(QgsDataItemProvider):
    """Registered by the plugin: adds the "Terrascope" root to the Browser."""

    def name(self) -> str:
        return "Terrascope"

    def dataProviderKey(self) -> str:  # noqa: N802 (QGIS API name)
        return "terrascope"

    def capabilities(self) -> int:
        # Net: a root-level provider; Dir would make QGIS ask us about every folder it browses.
        return QgsDataProvider.Net

    def createDataItem(self, path: str, parentItem: QgsDataItem | None) -> QgsDataItem | None:  # noqa: N802, N803
        if path:
            return None
        return TerrascopeRootItem(parentItem)
