"""The Time series map tool (a click gives a lon/lat point) and the coloured map markers that
match the plot's curves: a cross per clicked point, an outline per plotted polygon."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsWkbTypes,
)
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent, QgsMapToolEmitPoint, QgsRubberBand, QgsVertexMarker
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor

WGS84 = "EPSG:4326"


class ProfileMapTool(QgsMapToolEmitPoint):
    """A left click emits ``pointClicked(lon, lat, map_point)``."""

    pointClicked = pyqtSignal(float, float, object)

    def __init__(self, canvas: QgsMapCanvas) -> None:
        super().__init__(canvas)
        self.setCursor(Qt.CrossCursor)

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.LeftButton:
            self.click(event.mapPoint())

    def click(self, map_point: QgsPointXY) -> bool:
        """A click at a point in the canvas CRS; False when it has no lon/lat."""
        to_wgs84 = QgsCoordinateTransform(
            self.canvas().mapSettings().destinationCrs(),
            QgsCoordinateReferenceSystem(WGS84),
            QgsProject.instance(),
        )
        try:
            point = to_wgs84.transform(QgsPointXY(map_point))
        except QgsCsException:
            return False
        self.pointClicked.emit(point.x(), point.y(), QgsPointXY(map_point))
        return True


class MapMarkers:
    """Canvas items in the curves' colours, keyed by curve key; removed by ``clear()``."""

    def __init__(self, canvas: QgsMapCanvas | None) -> None:
        self.canvas = canvas
        self.items: dict[int, object] = {}

    def add_point(self, key: int, lon: float, lat: float, colour: str) -> QgsVertexMarker | None:
        if self.canvas is None:
            return None
        to_canvas = QgsCoordinateTransform(
            QgsCoordinateReferenceSystem(WGS84),
            self.canvas.mapSettings().destinationCrs(),
            QgsProject.instance(),
        )
        try:
            point = to_canvas.transform(QgsPointXY(lon, lat))
        except QgsCsException:
            return None
        marker = QgsVertexMarker(self.canvas)
        marker.setCenter(point)
        marker.setColor(QColor(colour))
        marker.setFillColor(QColor(colour))
        marker.setIconType(QgsVertexMarker.ICON_CIRCLE)
        marker.setIconSize(12)
        marker.setPenWidth(3)
        self.items[key] = marker
        return marker

    def add_polygon(
        self, key: int, geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem, colour: str
    ) -> QgsRubberBand | None:
        if self.canvas is None:
            return None
        band = QgsRubberBand(self.canvas, QgsWkbTypes.PolygonGeometry)
        band.setStrokeColor(QColor(colour))
        fill = QColor(colour)
        fill.setAlpha(40)
        band.setFillColor(fill)
        band.setWidth(2)
        band.setToGeometry(geometry, crs)  # reprojected to the canvas CRS
        self.items[key] = band
        return band

    def colour_of(self, key: int) -> str | None:
        item = self.items.get(key)
        if isinstance(item, QgsVertexMarker):
            return item.color().name()
        if isinstance(item, QgsRubberBand):
            return item.strokeColor().name()
        return None

    def remove(self, key: int) -> None:
        item = self.items.pop(key, None)
        if item is not None and self.canvas is not None:
            self.canvas.scene().removeItem(item)

    def clear(self) -> None:
        for key in list(self.items):
            self.remove(key)
