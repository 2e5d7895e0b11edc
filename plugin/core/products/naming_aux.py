"""Auxiliary collections: Sentinel-5P L3, AgERA5 meteo, ESA WorldCover and the Copernicus DEM."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from .naming_base import (
    ProductName,
    ProductNameError,
    band_suffix,
    check_latlon_tile,
    fmt_day,
    fullmatch_or_raise,
    parse_day,
    utc,
    year_span,
)

# --------------------------------------------------------------------------- Sentinel-5P
_S5P_FOLDER_RE = re.compile(
    r"S5P_(OFFL|NRTI|RPRO)_L3_([A-Z][A-Z0-9]{0,5}_T[A-Z])_([0-9]{8})_(V[0-9]{3})", re.ASCII
)
_S5P_TITLE_RE = re.compile(r"S5P_L3_([A-Z][A-Z0-9]{0,5}_T[A-Z])_([0-9]{8})_(V[0-9]{3})", re.ASCII)
_S5P_FILE_RE = re.compile(
    r"S5P_([A-Z][A-Z0-9]{0,5}_T[A-Z])_([0-9]{8})_([A-Z][A-Z0-9]{0,11})_(V[0-9]{3})(\.tif)", re.ASCII
)
_S5P_EXPECTED = (
    "expected a Sentinel-5P L3 name like S5P_OFFL_L3_CO_TD_20200101_V100 (folder), "
    "S5P_L3_CO_TD_20200101_V100 (title) or S5P_CO_TD_20200101_CO_V100.tif"
)
_S5P_QUALITY = frozenset({"WEIGHT"})


def _s5p_period(name: str, product: str, date: str) -> tuple[datetime, datetime]:
    start = parse_day(name, date)
    # Only daily (TD) products are known; other periods keep end == start.
    return start, (start + timedelta(days=1) if product.endswith("_TD") else start)


def parse_s5p(name: str) -> ProductName:
    m = _S5P_FILE_RE.fullmatch(name)
    if m is not None:
        product, date, content, version, ext = m.groups()
        start, end = _s5p_period(name, product, date)
        kind = "quality" if content in _S5P_QUALITY else "data"
        return ProductName(
            "S5P", "S5P", start, end, None, 4326, product, content, None, version, kind, ext, "s5p_file"
        )
    m = _S5P_FOLDER_RE.fullmatch(name)
    if m is not None:
        mode, product, date, version = m.groups()
        variant, extra = "s5p_folder", (mode,)
    else:
        m = fullmatch_or_raise(_S5P_TITLE_RE, name, _S5P_EXPECTED)
        product, date, version = m.groups()
        variant, extra = "s5p_title", ()
    start, end = _s5p_period(name, product, date)
    return ProductName(
        "S5P", "S5P", start, end, None, 4326, product, None, None, version, "product", "", variant,
        None, None, None, extra,
    )  # fmt: skip


def fmt_s5p(rec: ProductName) -> str:
    day = fmt_day(rec.start)  # type: ignore[arg-type]
    if rec.variant == "s5p_file":
        return f"S5P_{rec.product}_{day}_{rec.content}_{rec.version}{rec.ext}"
    if rec.variant == "s5p_folder":
        return f"S5P_{rec.extra[0]}_L3_{rec.product}_{day}_{rec.version}"
    return f"S5P_L3_{rec.product}_{day}_{rec.version}"


# --------------------------------------------------------------------------- AgERA5
_AGERA5_RE = re.compile(r"AgERA5_([a-z][a-z0-9]*(?:-[a-z0-9]+)*)_([0-9]{8})(\.tif)", re.ASCII)
AGERA5_C3S_MARK = "_C3S-glob-agric_AgERA5_"
_AGERA5_C3S_RE = re.compile(
    r"([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)_C3S-glob-agric_AgERA5_([0-9]{8})_([a-z]+)-(v[0-9]+\.[0-9]+)"
    r"(\.nc|\.tif)",
    re.ASCII,
)
_AGERA5_EXPECTED = (
    "expected an AgERA5 name like AgERA5_dewpoint-temperature_20240418.tif or "
    "Temperature-Air-2m-Mean-24h_C3S-glob-agric_AgERA5_20200101_final-v1.0.nc"
)


def parse_agera5(name: str) -> ProductName:
    m = fullmatch_or_raise(_AGERA5_RE, name, _AGERA5_EXPECTED)
    variable, date, ext = m.groups()
    start = parse_day(name, date)
    return ProductName(
        "AGERA5", None, start, start + timedelta(days=1), None, 4326, None, variable, None, None, "data",
        ext, "agera5",
    )  # fmt: skip


def parse_agera5_c3s(name: str) -> ProductName:
    m = fullmatch_or_raise(_AGERA5_C3S_RE, name, _AGERA5_EXPECTED)
    variable, date, stage, version, ext = m.groups()
    start = parse_day(name, date)
    return ProductName(
        "AGERA5", None, start, start + timedelta(days=1), None, 4326, None, variable, None, version, "data",
        ext, "agera5_c3s", None, None, None, (stage,),
    )  # fmt: skip


def fmt_agera5(rec: ProductName) -> str:
    day = fmt_day(rec.start)  # type: ignore[arg-type]
    if rec.variant == "agera5":
        return f"AgERA5_{rec.content}_{day}{rec.ext}"
    return f"{rec.content}{AGERA5_C3S_MARK}{day}_{rec.extra[0]}-{rec.version}{rec.ext}"


# --------------------------------------------------------------------------- ESA WorldCover
# Map and InputQuality (3x3 degree tiles, each in a folder of its own name on Terrascope), the S2
# composites S2RGBNIR, NDVI, SWIR and the S1 composite S1VVVHratio (1x1 degree), and the 60-degree
# macro-tile archives. The version is written in lower case in every file name (v100, v200); only the
# collection folders (ESA_WORLDCOVER_10M_2021_V200) use upper case.
_WORLDCOVER_RE = re.compile(
    r"ESA_WorldCover_([1-9][0-9]*)m_([0-9]{4})_(v[0-9]{3})_([NS][0-9]{2}[EW][0-9]{3})_"
    r"(Map|InputQuality|S2RGBNIR|NDVI|SWIR|S1VVVHratio)(\.tif)?",
    re.ASCII,
)
_WORLDCOVER_MACRO_RE = re.compile(
    r"ESA_WorldCover_([1-9][0-9]*)m_([0-9]{4})_(v[0-9]{3})_60deg_macrotile_([NS][0-9]{2}[EW][0-9]{3})(\.zip)?",
    re.ASCII,
)
_WORLDCOVER_EXPECTED = (
    "expected an ESA WorldCover name like ESA_WorldCover_10m_2021_v200_N51E003_Map[.tif] (also InputQuality, "
    "S2RGBNIR, NDVI, SWIR, S1VVVHratio; version in lower case) or ..._v200_60deg_macrotile_N30E000.zip"
)
_WORLDCOVER_KINDS = {"InputQuality": "quality"}


def parse_worldcover(name: str) -> ProductName:
    m = _WORLDCOVER_RE.fullmatch(name)
    if m is not None:
        res, year, version, tile, layer, ext = m.groups()
        ext = ext or ""
        kind = _WORLDCOVER_KINDS.get(layer, "data") if ext else "product"
        variant = "worldcover"
    else:
        m = fullmatch_or_raise(_WORLDCOVER_MACRO_RE, name, _WORLDCOVER_EXPECTED)
        res, year, version, tile, ext = m.groups()
        layer, ext, kind, variant = None, ext or "", "product", "worldcover_macrotile"
    check_latlon_tile(name, tile)
    start, end = year_span(name, year)
    return ProductName(
        "WORLDCOVER", None, start, end, tile, 4326, None, layer, int(res), version, kind, ext, variant
    )


def fmt_worldcover(rec: ProductName) -> str:
    year = utc(rec.start).year  # type: ignore[arg-type]
    head = f"ESA_WorldCover_{rec.resolution}m_{year:04d}_{rec.version}_"
    if rec.variant == "worldcover_macrotile":
        return f"{head}60deg_macrotile_{rec.tile}{rec.ext}"
    return f"{head}{rec.tile}_{rec.content}{rec.ext}"


# --------------------------------------------------------------------------- Copernicus DEM
_COPDEM_RE = re.compile(
    r"Copernicus_DSM_(COG_)?(10|30)_([NS][0-9]{2})_00_([EW][0-9]{3})_00(?:_(DEM|EDM|FLM|HEM|WBM))?(\.tif|\.dt2)?",
    re.ASCII,
)
_COPDEM_EXPECTED = "expected a Copernicus DEM name like Copernicus_DSM_COG_10_N51_00_E003_00_DEM.tif"
_COPDEM_RES = {"10": 30, "30": 90}  # 1 and 3 arc seconds: GLO-30 and GLO-90
_COPDEM_RES_TOKENS = {value: key for key, value in _COPDEM_RES.items()}


def parse_copdem(name: str) -> ProductName:
    m = fullmatch_or_raise(_COPDEM_RE, name, _COPDEM_EXPECTED)
    cog, code, lat, lon, layer, ext = m.groups()
    ext = ext or ""
    if (layer is None) != (ext == ""):
        raise ProductNameError(
            name, "a Copernicus DEM file has a layer (_DEM, ...) and an extension, a folder neither"
        )
    tile = lat + lon
    check_latlon_tile(name, tile)
    kind = "product" if layer is None else ("data" if layer == "DEM" else "quality")
    return ProductName(
        "COPDEM", None, None, None, tile, 4326, None, layer, _COPDEM_RES[code], None, kind, ext, "copdem",
        None, None, None, (cog or "",),
    )  # fmt: skip


def fmt_copdem(rec: ProductName) -> str:
    tile = rec.tile or ""
    layer = band_suffix(rec)
    code = _COPDEM_RES_TOKENS[rec.resolution]  # type: ignore[index]
    return f"Copernicus_DSM_{rec.extra[0]}{code}_{tile[:3]}_00_{tile[3:]}_00{layer}{rec.ext}"
