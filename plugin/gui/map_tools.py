"""Picking MGRS tiles by clicking the map.

A click gives a point; the tiles offered are
1. the MGRS 100 km grid square that contains the point, computed from its UTM coordinates
   (Sentinel-2 tiles are named after these squares), and
2. every tile already known from the footprints of the results whose footprint contains the
   point: Sentinel-2 tiles are 109.8 km wide and overlap their neighbours, so a point near an
   edge lies in up to four tiles.
Nothing here touches the filesystem.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsPointXY,
    QgsProject,
)
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent, QgsMapToolEmitPoint
from qgis.PyQt.QtCore import Qt, pyqtSignal

BBox = tuple[float, float, float, float]

_BANDS = "CDEFGHJKLMNPQRSTUVWX"  # 8 degree latitude bands from 80 S; X spans 72-84 N
_COLUMN_SETS = ("STUVWXYZ", "ABCDEFGH", "JKLMNPQR")  # indexed by zone % 3
_ROW_LETTERS = "ABCDEFGHJKLMNPQRSTUV"


def utm_zone(lon: float, lat: float) -> int:
    """UTM zone number with the Norway and Svalbard exceptions."""
    zone = int((lon + 180.0) // 6.0) % 60 + 1
    if 56.0 <= lat < 64.0 and 3.0 <= lon < 12.0:
        return 32
    if 72.0 <= lat < 84.0 and lon >= 0.0:
        for upper, svalbard_zone in ((9.0, 31), (21.0, 33), (33.0, 35), (42.0, 37)):
            if lon < upper:
                return svalbard_zone
    return zone


def latitude_band(lat: float) -> str | None:
    if not -80.0 <= lat <= 84.0:
        return None  # polar areas use UPS, not MGRS tiles
    return _BANDS[min(int((lat + 80.0) // 8.0), len(_BANDS) - 1)]


def utm_epsg(zone: int, lat: float) -> int:
    return (32600 if lat >= 0 else 32700) + zone


def mgrs_square(zone: int, band: str, easting: float, northing: float) -> str | None:
    """The MGRS 100 km square id ("31UFS") of UTM coordinates in `zone` (WGS84 "AA" lettering)."""
    column = int(easting // 100_000) - 1  # eastings 100 000 .. 899 999 -> letters 0..7
    if not 0 <= column < 8:
        return None
    column_letter = _COLUMN_SETS[zone % 3][column]
    row_offset = 5 if zone % 2 == 0 else 0
    row_letter = _ROW_LETTERS[(int(northing // 100_000) + row_offset) % len(_ROW_LETTERS)]
    return f"{zone:02d}{band}{column_letter}{row_letter}"


def tile_at(lon: float, lat: float) -> str | None:
    """The MGRS tile id containing a lon/lat point (None at the poles)."""
    band = latitude_band(lat)
    if band is None or not math.isfinite(lon):
        return None
    zone = utm_zone(lon, lat)
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"),
        QgsCoordinateReferenceSystem(f"EPSG:{utm_epsg(zone, lat)}"),
        QgsProject.instance(),
    )
    try:
        point = transform.transform(QgsPointXY(lon, lat))
    except QgsCsException:
        return None
    return mgrs_square(zone, band, point.x(), point.y())


def tiles_at(lon: float, lat: float, known: Mapping[str, BBox]) -> list[str]:
    """Tiles at a point: the MGRS square first, then the known tiles whose footprint holds it."""
    tiles: list[str] = []
    square = tile_at(lon, lat)
    if square:
        tiles.append(square)
    for tile, (west, south, east, north) in sorted(known.items()):
        if west <= lon <= east and south <= lat <= north and tile not in tiles:
            tiles.append(tile)
    return tiles


class TilePickTool(QgsMapToolEmitPoint):
    """Map tool: a click emits `tilesPicked(tiles, lon, lat, add)` (`add` when Shift is held)."""

    tilesPicked = pyqtSignal(list, float, float, bool)

    def __init__(self, canvas: QgsMapCanvas, known_tiles: Callable[[], Mapping[str, BBox]]) -> None:
        super().__init__(canvas)
        self._known_tiles = known_tiles
        self.setCursor(Qt.CrossCursor)

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() != Qt.LeftButton:
            return
        canvas = self.canvas()
        to_wgs84 = QgsCoordinateTransform(
            canvas.mapSettings().destinationCrs(),
            QgsCoordinateReferenceSystem("EPSG:4326"),
            QgsProject.instance(),
        )
        try:
            point = to_wgs84.transform(event.mapPoint())
        except QgsCsException:
            return
        self.pick(point.x(), point.y(), bool(event.modifiers() & Qt.ShiftModifier))

    def pick(self, lon: float, lat: float, add: bool = False) -> list[str]:
        tiles = tiles_at(lon, lat, self._known_tiles())
        self.tilesPicked.emit(tiles, lon, lat, add)
        return tiles
