"""Footprints of the search results as a temporary memory layer, selection-synchronised.

The layer is owned by this object: it is created when the footprints are switched on, filled
batch by batch from the `Hit.footprint` boxes the search task computed (no raster is opened
here) and removed from the project when switched off or when the dock closes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsFillSymbol,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QT_TR_NOOP, QObject, QVariant, pyqtSignal

from ..qgis_utils import tr
from .results_model import Hit

LAYER_NAME = QT_TR_NOOP("Terrascope footprints")  # translated with tr() where shown
FIELDS = (
    ("product", QVariant.String),
    ("date", QVariant.String),
    ("tile", QVariant.String),
    ("collection", QVariant.String),
)


def _feature_for(hit: Hit, layer: QgsVectorLayer) -> QgsFeature | None:
    if hit.footprint is None:
        return None
    west, south, east, north = hit.footprint
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(west, south, east, north)))
    name = hit.product.name
    feature.setAttributes(
        [
            hit.product.path.rstrip("/").rsplit("/", 1)[-1],
            name.start.strftime("%Y-%m-%d") if name.start else None,
            name.tile,
            hit.product.collection,
        ]
    )
    return feature


class FootprintLayer(QObject):
    """Keeps a memory layer in step with the results and maps feature ids <-> product keys.

    `selectionChanged(keys)` is emitted when the user selects footprints on the map (not when
    the selection was set through `select_keys`).
    """

    selectionChanged = pyqtSignal(list)
    layerRemoved = pyqtSignal()

    def __init__(self, project: QgsProject | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project or QgsProject.instance()
        self.layer: QgsVectorLayer | None = None
        self._fid_of: dict[str, int] = {}
        self._key_of: dict[int, str] = {}
        self._syncing = False

    @property
    def active(self) -> bool:
        return self.layer is not None

    def show(self, hits: Sequence[Hit]) -> QgsVectorLayer:
        """Create the layer (if needed), add it on top of the layer tree and fill it with `hits`."""
        if self.layer is None:
            self.layer = self._create_layer()
            self.project.addMapLayer(self.layer, False)
            self.project.layerTreeRoot().insertLayer(0, self.layer)
            self.layer.selectionChanged.connect(self._on_layer_selection)
            self.layer.willBeDeleted.connect(self._on_layer_deleted)
        self.clear()
        self.add(hits)
        return self.layer

    def hide(self) -> None:
        layer, self.layer = self.layer, None
        self._fid_of.clear()
        self._key_of.clear()
        if layer is not None:
            layer.willBeDeleted.disconnect(self._on_layer_deleted)
            if self.project.mapLayer(layer.id()) is not None:
                self.project.removeMapLayer(layer.id())

    def clear(self) -> None:
        if self.layer is None:
            return
        self.layer.dataProvider().truncate()
        self._fid_of.clear()
        self._key_of.clear()
        self.layer.triggerRepaint()

    def add(self, hits: Iterable[Hit]) -> int:
        """Add the footprints of a batch; returns how many hits had a footprint."""
        if self.layer is None:
            return 0
        pairs = [
            (hit.key, f)
            for hit in hits
            if hit.key not in self._fid_of and (f := _feature_for(hit, self.layer))
        ]
        if not pairs:
            return 0
        ok, added = self.layer.dataProvider().addFeatures([f for _, f in pairs])
        if ok:
            for (key, _), feature in zip(pairs, added, strict=True):
                self._fid_of[key] = feature.id()
                self._key_of[feature.id()] = key
            self.layer.updateExtents()
            self.layer.triggerRepaint()
        return len(pairs) if ok else 0

    def feature_count(self) -> int:
        return 0 if self.layer is None else int(self.layer.featureCount())

    def select_keys(self, keys: Iterable[str]) -> None:
        """Mirror the list selection on the layer without echoing it back."""
        if self.layer is None:
            return
        fids = [self._fid_of[k] for k in keys if k in self._fid_of]
        self._syncing = True
        try:
            self.layer.selectByIds(fids)
        finally:
            self._syncing = False

    def selected_keys(self) -> list[str]:
        if self.layer is None:
            return []
        return [self._key_of[fid] for fid in self.layer.selectedFeatureIds() if fid in self._key_of]

    def extent_of(self, keys: Iterable[str]) -> QgsRectangle | None:
        if self.layer is None:
            return None
        extent = QgsRectangle()
        extent.setMinimal()
        for feature in self.layer.getFeatures([self._fid_of[k] for k in keys if k in self._fid_of]):
            extent.combineExtentWith(feature.geometry().boundingBox())
        return None if extent.isEmpty() else extent

    # ----------------------------------------------------------------------------------
    @staticmethod
    def _create_layer() -> QgsVectorLayer:
        crs = QgsCoordinateReferenceSystem("EPSG:4326")
        layer = QgsVectorLayer(f"Polygon?crs={crs.authid()}", tr(LAYER_NAME), "memory")
        layer.dataProvider().addAttributes([QgsField(name, kind) for name, kind in FIELDS])
        layer.updateFields()
        symbol = QgsFillSymbol.createSimple(
            {
                "color": "255,140,0,25",
                "outline_color": "255,120,0,220",
                "outline_width": "0.5",
                "outline_width_unit": "MM",
            }
        )
        layer.renderer().setSymbol(symbol)
        layer.setCustomProperty("skipMemoryLayersCheck", 1)  # temporary: no "save me" prompt on exit
        return layer

    def _on_layer_selection(self, *_args) -> None:
        if not self._syncing:
            self.selectionChanged.emit(self.selected_keys())

    def _on_layer_deleted(self) -> None:
        # The user removed the layer from the project: forget it, let the dock untick the toggle.
        self.layer = None
        self._fid_of.clear()
        self._key_of.clear()
        self.layerRemoved.emit()
