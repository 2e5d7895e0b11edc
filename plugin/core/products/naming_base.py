"""The parsed-name record, its error and the helpers every name family shares.

Public through :mod:`.names` (``ProductName``, ``ProductNameError``, ``basename``, ``mgrs_epsg``,
``is_product_folder``); the family modules (``naming_*``) build records with these helpers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import NamedTuple

_MAX_QUOTED = 120  # characters of a bad name shown in an error message


class ProductNameError(ValueError):
    """A name that is not a recognised product name; the message quotes it and says what was expected."""

    def __init__(self, name: str, expected: str = "expected a recognised product name") -> None:
        self.product_name = name
        self.expected = expected
        shown = name if len(name) <= _MAX_QUOTED else name[:_MAX_QUOTED] + "..."
        super().__init__(f"not a recognised product name {shown!r}: {expected}")


class ProductName(NamedTuple):
    """A parsed product, file or folder name; ``None`` where a field does not apply."""

    family: str
    mission: str | None
    start: datetime | None
    end: datetime | None
    tile: str | None
    epsg: int | None
    product: str | None
    content: str | None
    resolution: int | None
    version: str | None
    kind: str  # "data" | "quality" | "quicklook" | "metadata" | "product"
    ext: str = ""  # extension as written (".tif", ".SAFE.zip"); "" for folders and titles
    variant: str = ""  # layout template id, see names._FORMATTERS
    direction: str | None = None  # S1 pass as written: "ASCENDING", "ASC", ...
    orbit: int | None = None  # relative orbit (S1 track, S2 R-number)
    baseline: str | None = None  # S2 SAFE processing baseline "N0510"
    extra: tuple[str, ...] = ()  # remaining tokens kept verbatim, per variant (see names._FORMATTERS)


new_record = tuple.__new__  # fastest way to build a NamedTuple from a complete tuple of fields


# --------------------------------------------------------------------------- time
@lru_cache(maxsize=1 << 16)
def _timestamp(token: str) -> datetime:
    """``YYYYMMDDThhmmss`` (any separator at index 8) -> UTC datetime; cached: a product's files share it."""
    return datetime(
        int(token[0:4]),
        int(token[4:6]),
        int(token[6:8]),
        int(token[9:11]),
        int(token[11:13]),
        int(token[13:15]),
        tzinfo=UTC,
    )


@lru_cache(maxsize=1 << 14)
def _day(token: str) -> datetime:
    """``YYYYMMDD`` (optionally followed by ``hhmm``) -> UTC datetime."""
    hour = int(token[8:10]) if len(token) > 8 else 0
    minute = int(token[10:12]) if len(token) > 8 else 0
    return datetime(int(token[0:4]), int(token[4:6]), int(token[6:8]), hour, minute, tzinfo=UTC)


def utc(value: datetime) -> datetime:
    if value.utcoffset():
        return value.astimezone(UTC)
    return value


def fmt_ts(value: datetime) -> str:
    v = utc(value)
    return f"{v.year:04d}{v.month:02d}{v.day:02d}T{v.hour:02d}{v.minute:02d}{v.second:02d}"


def fmt_day(value: datetime) -> str:
    v = utc(value)
    return f"{v.year:04d}{v.month:02d}{v.day:02d}"


def year_span(name: str, year: str) -> tuple[datetime, datetime]:
    """1 January of ``year`` and of the next year (the exclusive end of a yearly product)."""
    try:
        return datetime(int(year), 1, 1, tzinfo=UTC), datetime(int(year) + 1, 1, 1, tzinfo=UTC)
    except ValueError:
        raise bad_time(name) from None


# --------------------------------------------------------------------------- tiles
_MGRS_COLUMNS = ("STUVWXYZ", "ABCDEFGH", "JKLMNPQR")  # 100 km column letters by zone % 3
_MGRS_ROWS = frozenset("ABCDEFGHJKLMNPQRSTUV")
_MGRS_BANDS = "CDEFGHJKLMNPQRSTUVWX"


@lru_cache(maxsize=1 << 13)
def _tile_epsg(tile: str) -> int | None:
    """UTM EPSG code of a valid 5-character MGRS tile id, None if the id is not valid MGRS."""
    if len(tile) != 5 or not tile[:2].isascii() or not tile[:2].isdigit():
        return None
    zone = int(tile[:2])
    band, column, row = tile[2], tile[3], tile[4]
    if not 1 <= zone <= 60 or band not in _MGRS_BANDS:
        return None
    if column not in _MGRS_COLUMNS[zone % 3] or row not in _MGRS_ROWS:
        return None
    return (32600 if band >= "N" else 32700) + zone


def mgrs_epsg(tile: str) -> int:
    """UTM EPSG code of an MGRS tile: 326zz for latitude bands N..X, 327zz for C..M."""
    epsg = _tile_epsg(tile) if isinstance(tile, str) else None
    if epsg is None:
        raise ProductNameError(
            str(tile), "expected an MGRS tile: zone 01-60, latitude band C-X, 100 km square letters"
        )
    return epsg


def check_latlon_tile(name: str, tile: str) -> None:
    """``N51E003``: latitude 00-90, longitude 000-180 (the digits are already known to be ASCII)."""
    if int(tile[1:3]) > 90 or int(tile[4:7]) > 180:
        raise ProductNameError(name, f"tile {tile!r} is not a valid latitude/longitude corner")


def check_lonlat_tile(name: str, tile: str) -> None:
    """``E000N60`` (LC100 20-degree tiles): longitude 000-180, latitude 00-90."""
    if int(tile[1:4]) > 180 or int(tile[5:7]) > 90:
        raise ProductNameError(name, f"tile {tile!r} is not a valid longitude/latitude corner")


# --------------------------------------------------------------------------- small public helpers
def is_product_folder(rec: ProductName) -> bool:
    """True for a product folder (including ``.SAFE`` folders), False for files and zips."""
    return rec.kind == "product" and rec.ext in ("", ".SAFE")


def basename(text: str) -> str:
    """The last component of a path, ignoring trailing separators (``/`` or ``\\``)."""
    if "/" in text or "\\" in text:
        text = text.rstrip("/\\")
        return text[max(text.rfind("/"), text.rfind("\\")) + 1 :]
    return text


def bad_time(name: str) -> ProductNameError:
    return ProductNameError(name, "its date or time is not a valid calendar date/time")


def bad_tile(name: str, tile: str) -> ProductNameError:
    return ProductNameError(
        name, f"tile {tile!r} is not a valid MGRS tile (zone 01-60, band C-X without I/O, square letters)"
    )


# --------------------------------------------------------------------------- checked fields of a name
def fullmatch_or_raise(pattern: re.Pattern[str], name: str, expected: str) -> re.Match[str]:
    """The match of ``pattern`` over the whole of ``name``; else the error saying what was ``expected``."""
    m = pattern.fullmatch(name)
    if m is None:
        raise ProductNameError(name, expected)
    return m


def parse_ts(name: str, token: str) -> datetime:
    """``YYYYMMDDThhmmss`` of ``name`` -> UTC datetime; the bad-time error of ``name`` if not a real time."""
    try:
        return _timestamp(token)
    except ValueError:
        raise bad_time(name) from None


def parse_day(name: str, token: str) -> datetime:
    """``YYYYMMDD[hhmm]`` of ``name`` -> UTC datetime; the bad-time error of ``name`` if not a real day."""
    try:
        return _day(token)
    except ValueError:
        raise bad_time(name) from None


def tile_epsg(name: str, tile: str) -> int:
    """UTM EPSG code of the MGRS ``tile`` of ``name``; the bad-tile error of ``name`` if not valid MGRS."""
    epsg = _tile_epsg(tile)
    if epsg is None:
        raise bad_tile(name, tile)
    return epsg


def band_suffix(rec: ProductName) -> str:
    """``_<content>`` that ends a band (or layer) file's name; "" for a folder or a file without one."""
    return f"_{rec.content}" if rec.content is not None else ""
