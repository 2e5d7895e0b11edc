"""Table model of the search results, filled progressively, sorted in Python.

The model sorts itself (`sort()` with precomputed Python keys) instead of going through a
QSortFilterProxyModel: a proxy calls back into Python for every comparison, which takes
seconds on 100 000 rows, while a key sort takes a few tens of milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from qgis.PyQt.QtCore import QT_TR_NOOP, QAbstractTableModel, QMimeData, QModelIndex, Qt

from ..core.archive.catalogue import Product
from ..core.products.model import DATA
from ..qgis_utils import tr

PRODUCT, DATE, TILE, CLOUD, VERSION, RESOLUTION, COLLECTION = range(7)
# Header labels, marked for translation extraction; translated with tr() where shown.
COLUMNS: tuple[str, ...] = (
    QT_TR_NOOP("Product"),
    QT_TR_NOOP("Date"),
    QT_TR_NOOP("Tile"),
    QT_TR_NOOP("Cloud %"),
    QT_TR_NOOP("Version"),
    QT_TR_NOOP("Res."),
    QT_TR_NOOP("Collection"),
)
HIT_ROLE = Qt.UserRole + 1
SORT_ROLE = Qt.UserRole + 2
BBox = tuple[float, float, float, float]  # lon/lat W, S, E, N


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result as the GUI sees it: the product and what the search task computed
    for it, including the sort keys of the cheap columns (`sort_keys[column]`, None for the
    resolution, which needs the product's files)."""

    product: Product
    footprint: BBox | None
    cloud_cover: float | None
    sort_keys: tuple = ()

    @property
    def key(self) -> str:
        return self.product.path


def make_hit(product: Product, footprint: BBox | None, cloud_cover: float | None) -> Hit:
    """A Hit with its sort keys; called in the search task so that sorting 100 000 results on
    the GUI thread is a plain key lookup."""
    hit = Hit(product, footprint, cloud_cover)
    keys = tuple(None if column == RESOLUTION else sort_key(hit, column) for column in range(len(COLUMNS)))
    return Hit(product, footprint, cloud_cover, keys)


def _date_text(hit: Hit) -> str:
    start = hit.product.name.start
    return start.strftime("%Y-%m-%d %H:%M") if start else ""


def _resolution(hit: Hit) -> int | None:
    if hit.product.name.resolution:
        return hit.product.name.resolution
    resolutions = {f.resolution for f in hit.product.of_role(DATA) if f.resolution}
    return min(resolutions) if resolutions else None


def product_label(hit: Hit) -> str:
    """Short label ("S2A TOC", "S1A SIGMA0"); the full folder name is in the tooltip."""
    name = hit.product.name
    what = name.product or name.content
    if name.mission and what:
        return f"{name.mission} {what}"
    return hit.product.path.rstrip("/").rsplit("/", 1)[-1]


def display_value(hit: Hit, column: int) -> str:
    name = hit.product.name
    if column == PRODUCT:
        return product_label(hit)
    if column == DATE:
        return _date_text(hit)
    if column == TILE:
        return name.tile or ""
    if column == CLOUD:
        return "" if hit.cloud_cover is None else f"{hit.cloud_cover:.0f}"
    if column == VERSION:
        return name.version or ""
    if column == RESOLUTION:
        resolution = _resolution(hit)
        return f"{resolution} m" if resolution else ""
    if column == COLLECTION:
        return hit.product.collection
    return ""


_LAST_TEXT = "\U0010ffff"  # sorts after any real text: empty values go last
_LAST_NUMBER = math.inf


def sort_key(hit: Hit, column: int) -> float | str:
    """A scalar key (float or str per column, so Python's sort takes its fast homogeneous path)
    that sorts numbers as numbers and empty values last."""
    name = hit.product.name
    if column == DATE:
        return name.start.timestamp() if name.start else _LAST_NUMBER
    if column == CLOUD:
        return _LAST_NUMBER if hit.cloud_cover is None else hit.cloud_cover
    if column == RESOLUTION:
        resolution = _resolution(hit)
        return _LAST_NUMBER if resolution is None else float(resolution)
    return display_value(hit, column).lower() or _LAST_TEXT


def _keys(hits: Sequence[Hit], column: int) -> list[float | str]:
    """Sort keys of a column: precomputed by the search task where possible."""
    if column == RESOLUTION or not all(h.sort_keys for h in hits):
        return [sort_key(h, column) for h in hits]
    return [h.sort_keys[column] for h in hits]


class ResultsModel(QAbstractTableModel):
    """Flat list of `Hit`s; rows are appended batch by batch while a search runs."""

    def __init__(self, mime_for_hits: Callable[[list[Hit]], QMimeData | None] | None = None, parent=None):
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._paths: set[str] = set()  # dedupe; unlike rows, unchanged by sorting
        self._row_of: dict[str, int] | None = {}
        self._sorted_rows = 0
        self._sort_column = -1
        self._sort_order = Qt.AscendingOrder
        self._mime_for_hits = mime_for_hits

    # Qt model API -----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.DisplayRole:
            return tr(COLUMNS[section])
        if role == Qt.ToolTipRole and section == RESOLUTION:
            return tr("Finest resolution of the product's data files")
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            return display_value(hit, column)
        if role == Qt.ToolTipRole:
            return f"{hit.product.path.rstrip('/').rsplit('/', 1)[-1]}\n{hit.product.path}"
        if role == Qt.TextAlignmentRole and column in (CLOUD, RESOLUTION):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == HIT_ROLE:
            return hit
        if role == SORT_ROLE:
            return sort_key(hit, column)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        if not index.isValid():
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return ["application/x-vnd.qgis.qgis.uri", "text/uri-list"]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData | None:  # noqa: N802
        hits = self.hits_for(indexes)
        if not hits or self._mime_for_hits is None:
            return None
        return self._mime_for_hits(hits)

    def supportedDragActions(self) -> Qt.DropActions:  # noqa: N802
        return Qt.CopyAction

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        if (column, order, len(self._hits)) == (self._sort_column, self._sort_order, self._sorted_rows):
            return  # already in this order (the view asks twice per header click)
        self._sort_column = column
        self._sort_order = order
        self._sorted_rows = len(self._hits)
        if 0 <= column < len(COLUMNS) and self._hits:
            keys = _keys(self._hits, column)
            self._reorder(sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.DescendingOrder))

    # Our API ---------------------------------------------------------------------------
    @property
    def hits(self) -> Sequence[Hit]:
        return self._hits

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def row_of(self, key: str) -> int | None:
        if self._row_of is None:  # rebuilt on demand after a sort
            self._row_of = {hit.product.path: row for row, hit in enumerate(self._hits)}
        return self._row_of.get(key)

    def hits_for(self, indexes: Iterable[QModelIndex]) -> list[Hit]:
        """Distinct hits of the given indexes (any column), in row order."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return [self._hits[r] for r in rows if r < len(self._hits)]

    def clear(self) -> None:
        self.beginResetModel()
        self._hits = []
        self._paths = set()
        self._row_of = {}
        self._sorted_rows = 0
        self.endResetModel()

    def append(self, hits: Sequence[Hit]) -> None:
        """Append a batch; rows already present (same product path) are skipped."""
        fresh: list[Hit] = []
        for hit in hits:
            path = hit.product.path
            if path not in self._paths:
                self._paths.add(path)
                fresh.append(hit)
        if not fresh:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        if self._row_of is not None:
            for offset, hit in enumerate(fresh):
                self._row_of[hit.product.path] = first + offset
        self._hits.extend(fresh)
        self.endInsertRows()

    def resort(self) -> None:
        """Re-apply the current sort (after batches were appended in arrival order)."""
        self.sort(self._sort_column, self._sort_order)

    @property
    def sort_column(self) -> int:
        return self._sort_column

    def _reorder(self, order: list[int]) -> None:
        """Rows in `order` (new row -> old row), keeping persistent indexes (selection, current
        index) on their hit."""
        self.layoutAboutToBeChanged.emit([], QAbstractTableModel.VerticalSortHint)
        old = self.persistentIndexList()
        new = []
        if old:
            new_row = [0] * len(order)
            for row, previous in enumerate(order):
                new_row[previous] = row
            new = [
                self.index(new_row[i.row()], i.column()) if i.row() < len(order) else QModelIndex()
                for i in old
            ]
        hits = self._hits
        self._hits = [hits[i] for i in order]
        self._row_of = None
        if old:
            self.changePersistentIndexList(old, new)
        self.layoutChanged.emit([], QAbstractTableModel.VerticalSortHint)
