"""Table model of the search results, filled progressively, sorted in Python.

The model sorts itself (`sort()` with precomputed Python keys) instead of going through a
QSortFilterProxyModel: a proxy calls back into Python for every comparison, which takes
seconds on 100 000 rows, while a key sort takes a few tens of milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from qgis.PyQt.QtCore import QAbstractTableModel, QMimeData, QModelIndex, Qt

from ..qgis_utils import tr
from .search_task import Hit

PRODUCT, DATE, TILE, CLOUD, VERSION, RESOLUTION, COLLECTION = range(7)
COLUMNS: tuple[str, ...] = ("Product", "Date", "Tile", "Cloud %", "Version", "Res.", "Collection")
HIT_ROLE = Qt.UserRole + 1
SORT_ROLE = Qt.UserRole + 2


def _date_text(hit: Hit) -> str:
    start = hit.product.name.start
    return start.strftime("%Y-%m-%d %H:%M") if start else ""


def _resolution(hit: Hit) -> int | None:
    if hit.product.name.resolution:
        return hit.product.name.resolution
    resolutions = {
        f.name.resolution for f in hit.product.files if f.name.resolution and f.name.kind == "data"
    }
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


def sort_key(hit: Hit, column: int) -> tuple:
    """Key that sorts empty values last and numbers as numbers."""
    name = hit.product.name
    if column == DATE:
        return (name.start is None, name.start.timestamp() if name.start else 0.0)
    if column == CLOUD:
        return (hit.cloud_cover is None, hit.cloud_cover or 0.0)
    if column == RESOLUTION:
        resolution = _resolution(hit)
        return (resolution is None, resolution or 0)
    text = display_value(hit, column)
    return (text == "", text.lower())


class ResultsModel(QAbstractTableModel):
    """Flat list of `Hit`s; rows are appended batch by batch while a search runs."""

    def __init__(self, mime_for_hits: Callable[[list[Hit]], QMimeData | None] | None = None, parent=None):
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._row_of: dict[str, int] = {}
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
        self._sort_column = column
        self._sort_order = order
        if 0 <= column < len(COLUMNS) and self._hits:
            self._reorder(
                sorted(self._hits, key=lambda h: sort_key(h, column), reverse=order == Qt.DescendingOrder)
            )

    # Our API ---------------------------------------------------------------------------
    @property
    def hits(self) -> Sequence[Hit]:
        return self._hits

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def row_of(self, key: str) -> int | None:
        return self._row_of.get(key)

    def hits_for(self, indexes: Iterable[QModelIndex]) -> list[Hit]:
        """Distinct hits of the given indexes (any column), in row order."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return [self._hits[r] for r in rows if r < len(self._hits)]

    def clear(self) -> None:
        self.beginResetModel()
        self._hits = []
        self._row_of = {}
        self.endResetModel()

    def append(self, hits: Sequence[Hit]) -> None:
        """Append a batch; rows already present (same product path) are skipped."""
        fresh = [h for h in hits if h.key not in self._row_of]
        if not fresh:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for offset, hit in enumerate(fresh):
            self._row_of[hit.key] = first + offset
        self._hits.extend(fresh)
        self.endInsertRows()

    def resort(self) -> None:
        """Re-apply the current sort (after batches were appended in arrival order)."""
        self.sort(self._sort_column, self._sort_order)

    @property
    def sort_column(self) -> int:
        return self._sort_column

    def _reorder(self, new_order: list[Hit]) -> None:
        """Replace the row order, keeping persistent indexes (selection, current) on their hit."""
        self.layoutAboutToBeChanged.emit([], QAbstractTableModel.VerticalSortHint)
        new_row_of = {hit.key: row for row, hit in enumerate(new_order)}
        old = self.persistentIndexList()
        new = [
            self.index(new_row_of[self._hits[i.row()].key], i.column())
            if i.row() < len(self._hits)
            else QModelIndex()
            for i in old
        ]
        self._hits = new_order
        self._row_of = new_row_of
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit([], QAbstractTableModel.VerticalSortHint)
