"""The demo's growing season: acquisition dates, crop calendars, fields and their true curves.

Tile 31UFS gets a season of Sentinel-2 dates from March to October 2020. Its surface holds
demo fields (axis-aligned rectangles whose edges lie on the 20 m grid, so that every 10 m and
20 m pixel is either wholly in or wholly out of a field, whichever tool counts them) sown with
crops whose calendars differ: winter wheat, maize, potato, sugar beet and mown grassland.

A crop's *greenness* (0 = bare soil, 1 = dense green canopy) on a day of the year drives the
reflectances; the noiseless NDVI, FAPAR and LAI of a field on a date (its "truth", written to
the manifest) follow from the same formulas the generator applies before noise, clouds and
quantisation. Nothing here depends on GDAL rasters: the generator and the tests share it.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from osgeo import osr

# Land cover classes of the synthetic surface (indices into greenness tables).
GRASS, CEREAL, MAIZE, FOREST, BARE, URBAN, WATER, POTATO, BEET = range(9)
N_COVERS = 9
SOIL = 0.06  # greenness of bare soil
SEASON_YEAR = 2020
FIELDS_TILE = "31UFS"
FIELDS_FILE = "fields.geojson"

# 31UFS dates, in 5-day revisit steps from 2 May 2020. The May-June core (steps 0-11, the
# dates small test archives take with ``dates=N``) comes first; the rest of the season, every
# ten days from early March to late October, follows. acquisitions() sorts them by date.
SEASON_CORE = tuple(range(12))
SEASON_EXTRA = (-12, -10, -8, -6, -4, -2, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35)
SEASON_STEPS = SEASON_CORE + SEASON_EXTRA

# Target cloudiness per 31UFS step (roughly the fraction of the window under cloud): most dates
# clear or partly cloudy, a few mostly cloudy (>= 1.0: an overcast deck over most of the window).
SEASON_CLOUDINESS: dict[int, float] = {
    -12: 0.3, -10: 1.4, -8: 0.0, -6: 0.15, -4: 0.05, -2: 0.5,
    0: 0.2, 1: 0.02, 2: 0.35, 3: 0.06, 4: 0.0, 5: 0.25, 6: 0.1, 7: 0.5, 8: 0.04, 9: 0.15, 10: 0.0, 11: 0.3,
    13: 0.0, 15: 1.2, 17: 0.08, 19: 0.0, 21: 0.2, 23: 0.03, 25: 0.6, 27: 0.0,
    29: 0.1, 31: 1.5, 33: 0.25, 35: 0.05,
}  # fmt: skip


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))


@dataclass(frozen=True)
class CropCalendar:
    """A crop's season as day-of-year events of 2020 (sowing before 1 January for winter crops)."""

    crop: str
    cover: int  # land cover class in the surface
    sowing: int | None  # None for perennial covers (grassland, forest)
    green_up: int  # middle of the green-up (logistic)
    senescence: int  # middle of the senescence (logistic)
    harvest: int | None  # the field is cut to bare soil
    winter: float  # greenness before green-up (winter wheat tillers in autumn)
    top: float  # greenness of the full canopy
    ripe: float = 0.2  # greenness of the ripe crop before harvest
    cuts: tuple[int, ...] = ()  # mowing days (grassland)

    def greenness(self, doy: float) -> float:
        if self.sowing is not None and doy < self.sowing:
            return SOIL
        if self.harvest is not None and doy >= self.harvest:
            return SOIL
        rise = _sigmoid((doy - self.green_up) / 7.0)
        fall = _sigmoid((doy - self.senescence) / 6.0)
        g = self.winter + (self.top - self.winter) * rise
        g = g * (1.0 - fall) + self.ripe * fall
        for cut in self.cuts:  # the latest cut before doy: cut short, then regrowth
            if doy >= cut:
                g = min(g, self.top - (self.top - 0.3) * math.exp(-(doy - cut) / 9.0))
        return g


CALENDARS: dict[str, CropCalendar] = {
    c.crop: c
    for c in (
        CropCalendar("winter wheat", CEREAL, -75, 100, 172, 206, winter=0.36, top=0.92),
        CropCalendar("maize", MAIZE, 118, 168, 258, 282, winter=SOIL, top=0.9, ripe=0.35),
        CropCalendar("potato", POTATO, 108, 152, 212, 240, winter=SOIL, top=0.88, ripe=0.15),
        CropCalendar("sugar beet", BEET, 84, 150, 300, 290, winter=SOIL, top=0.95),
        CropCalendar("grassland", GRASS, None, 85, 400, None, winter=0.5, top=0.85, cuts=(158, 204, 252)),
    )
}
FOREST_CALENDAR = CropCalendar("forest", FOREST, None, 112, 300, None, winter=0.45, top=0.93)


def cover_greenness(doy: float) -> np.ndarray:
    """Greenness (0..1) of each land cover class on a day of the year (before vigour)."""
    table = np.zeros(N_COVERS, dtype=np.float32)
    for calendar in CALENDARS.values():
        table[calendar.cover] = calendar.greenness(doy)
    table[FOREST] = FOREST_CALENDAR.greenness(doy)
    table[BARE] = SOIL + 0.05 * _sigmoid((doy - 146.0) / 5.0)  # weeds on the tracks
    table[URBAN] = 0.10
    table[WATER] = 0.0
    return table


@dataclass(frozen=True)
class Field:
    """A demo field: a rectangle in metres east / south of the tile's upper-left corner."""

    fid: int
    crop: str
    x0: int
    y0: int
    x1: int
    y1: int
    delay: int = 0  # days this field lags its crop's calendar (sown later)
    vigour: float = 1.0  # multiplier of greenness

    def greenness(self, doy: float) -> float:
        return min(1.0, CALENDARS[self.crop].greenness(doy - self.delay) * self.vigour)

    def contains(self, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
        """Pixel centres (metres from the tile corner) inside the field."""
        return (dx > self.x0) & (dx < self.x1) & (dy > self.y0) & (dy < self.y1)


# Two rows of fields in the demo's 4.8 km window of 31UFS (metres from its upper-left corner):
# between the forest belt and the river, east of the lake; and between the river and the town,
# where the west end of row two falls in the swath-edge no-data strip of some dates.
FIELDS: tuple[Field, ...] = (
    Field(1, "winter wheat", 1760, 700, 2120, 940),
    Field(2, "maize", 2280, 700, 2640, 940),
    Field(3, "potato", 2800, 700, 3160, 940),
    Field(4, "sugar beet", 3320, 700, 3680, 940),
    Field(5, "grassland", 3840, 700, 4200, 940),
    Field(6, "winter wheat", 200, 2700, 560, 2940, delay=8, vigour=0.9),
    Field(7, "maize", 720, 2700, 1080, 2940, delay=12, vigour=0.92),
    Field(8, "potato", 1240, 2700, 1600, 2940, delay=10),
    Field(9, "sugar beet", 1760, 2700, 2120, 2940, delay=6, vigour=0.95),
    Field(10, "grassland", 2280, 2700, 2640, 2940, delay=6, vigour=0.9),
)
FIELDS_EXTENT_M = 4800  # drawn in windows at least this wide (the default window)


def field_index(dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """0 outside every field, k + 1 inside FIELDS[k] (uint8, broadcast shape of dx and dy)."""
    shape = np.broadcast_shapes(dx.shape, dy.shape)
    out = np.zeros(shape, dtype=np.uint8)
    for k, f in enumerate(FIELDS):
        out[f.contains(dx, dy)] = k + 1
    return out


def field_greenness(doy: float) -> np.ndarray:
    return np.array([f.greenness(doy) for f in FIELDS], dtype=np.float32)


# --------------------------------------------------------------------------------------
# From greenness to physical values (the generator applies the same formulas per pixel)


SOIL_RED, VEG_RED = 0.16, 0.035  # B04 reflectance of soil / green vegetation
SOIL_NIR, VEG_NIR = 0.22, 0.40  # B08 (bare soil NDVI about 0.16)


def fapar_from_ndvi(ndvi):  # numpy arrays or floats
    return np.clip(1.2 * ndvi - 0.12, 0.0, 0.95)


def lai_from_fapar(fapar):
    return np.clip(-np.log1p(-np.minimum(fapar, 0.94)) / 0.5, 0.0, 9.5)


def true_values(greenness: float) -> dict[str, float]:
    """Noiseless, cloudless, unquantised NDVI, FAPAR and LAI of a canopy of this greenness."""
    red = SOIL_RED + greenness * (VEG_RED - SOIL_RED)
    nir = SOIL_NIR + greenness * (VEG_NIR - SOIL_NIR)
    ndvi = (nir - red) / (nir + red)
    fapar = float(fapar_from_ndvi(ndvi))
    return {"NDVI": round(ndvi, 6), "FAPAR": round(fapar, 6), "LAI": round(float(lai_from_fapar(fapar)), 6)}


def day_of_year(d: date | datetime) -> int:
    return (d if isinstance(d, date) else d.date()).timetuple().tm_yday


def _calendar_dates(field: Field) -> dict[str, str | None]:
    """Sowing, green-up, peak and harvest dates of a field (ISO), peak from its daily curve."""
    cal = CALENDARS[field.crop]
    jan0 = date(SEASON_YEAR, 1, 1) - timedelta(days=1)

    def iso(doy: float | None) -> str | None:
        return None if doy is None else (jan0 + timedelta(days=int(doy))).isoformat()

    days = np.arange(1, 367)
    curve = np.array([field.greenness(float(d)) for d in days])
    return {
        "sowing": iso(None if cal.sowing is None else cal.sowing + field.delay),
        "green_up": iso(cal.green_up + field.delay),
        "peak": iso(int(days[int(np.argmax(curve))])),
        "harvest": iso(None if cal.harvest is None else cal.harvest + field.delay),
        "cuts": [iso(c + field.delay) for c in cal.cuts],
    }


# --------------------------------------------------------------------------------------
# Fields in lon/lat: the manifest section and fields.geojson


def _to_lonlat(epsg: int) -> osr.CoordinateTransformation:
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(epsg)
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(src, dst)


def field_records(epsg: int, ulx: float, uly: float, dates: Sequence[datetime]) -> list[dict]:
    """One manifest record per field: id, crop, calendar, UTM box, WKT / centre in EPSG:4326 and
    its true NDVI / FAPAR / LAI on each of ``dates``."""
    transform = _to_lonlat(epsg)
    out = []
    for f in FIELDS:
        corners = [(f.x0, f.y0), (f.x1, f.y0), (f.x1, f.y1), (f.x0, f.y1), (f.x0, f.y0)]
        ring = [transform.TransformPoint(ulx + x, uly - y)[:2] for x, y in corners]
        lon, lat = transform.TransformPoint(ulx + (f.x0 + f.x1) / 2, uly - (f.y0 + f.y1) / 2)[:2]
        truth = [
            {"date": when.isoformat().replace("+00:00", "Z"), **true_values(f.greenness(day_of_year(when)))}
            for when in dates
        ]
        out.append(
            {
                "fid": f.fid,
                "crop": f.crop,
                "tile": FIELDS_TILE,
                "epsg": epsg,
                "utm_bounds": [ulx + f.x0, uly - f.y1, ulx + f.x1, uly - f.y0],
                "wkt": "POLYGON ((" + ", ".join(f"{x:.8f} {y:.8f}" for x, y in ring) + "))",
                "ring": [[round(x, 8), round(y, 8)] for x, y in ring],
                "centre": [round(lon, 8), round(lat, 8)],
                "calendar": _calendar_dates(f),
                "truth": truth,
            }
        )
    return out


def write_fields_geojson(path: str, records: Sequence[dict]) -> None:
    """The fields as an RFC 7946 FeatureCollection (lon/lat), written to a temporary name first."""
    features = [
        {
            "type": "Feature",
            "id": r["fid"],
            "properties": {
                "fid": r["fid"],
                "crop": r["crop"],
                "tile": r["tile"],
                "centre_lon": r["centre"][0],
                "centre_lat": r["centre"][1],
                **{k: v for k, v in r["calendar"].items() if k != "cuts"},
            },
            "geometry": {"type": "Polygon", "coordinates": [r["ring"]]},
        }
        for r in records
    ]
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh, indent=1)
        fh.write("\n")
    os.replace(tmp, path)
