"""Global-grid names on a lat/lon grid (EPSG:4326): PROBA-V, Copernicus Global Land (``c_gls_...``) and
the Copernicus Global Land Cover LC100 files (``PROBAV_LC100_global_v3.0.1_...``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from .naming_base import (
    ProductName,
    ProductNameError,
    bad_time,
    check_lonlat_tile,
    fmt_day,
    fullmatch_or_raise,
    parse_day,
    utc,
    year_span,
)

# --------------------------------------------------------------------------- PROBA-V
_PROBAV_RE = re.compile(
    r"PROBAV_(S1|S5|S10)_(TOA|TOC|TOC_NDVI)_(?:(X[0-9]{2}Y[0-9]{2})_)?([0-9]{8})_(1KM|333M|100M)_"
    r"(?:([A-Z]{2,12})_)?(V[0-9]{3})(?:_([A-Z]{2,12}))?(\.HDF5|\.h5|\.tif|\.TIFF|\.tiff|\.xml)?",
    re.ASCII,
)
_PROBAV_EXPECTED = (
    "expected a PROBA-V name like PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5, "
    "PROBAV_S1_TOC_20200616_333M_V101 (folder), ..._333M_V101_NDVI.tif or ..._333M_GEOMETRY_V201.TIFF"
)
_PROBAV_RES = {"1KM": 1000, "333M": 333, "100M": 100}
_PROBAV_RES_TOKENS = {value: key for key, value in _PROBAV_RES.items()}
_PROBAV_QUALITY = frozenset({"SM"})


def _composite_end(start: datetime, composite: str) -> datetime:
    """Exclusive end of a PROBA-V synthesis: 1 or 5 days, or the dekad (1-10, 11-20, 21-end)."""
    if composite == "S1":
        return start + timedelta(days=1)
    if composite == "S5":
        return start + timedelta(days=5)
    if start.day >= 21:
        year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        return start.replace(year=year, month=month, day=1)
    return start + timedelta(days=10)


def parse_probav(name: str) -> ProductName:
    m = _PROBAV_RE.fullmatch(name)
    if m is None:
        if name.startswith("PROBAV_LC100_"):
            return parse_lc100(name)
        raise ProductNameError(name, _PROBAV_EXPECTED)
    composite, product, tile, date, res, band_before, version, band_after, ext = m.groups()
    ext = ext or ""
    if tile is None:
        if band_before or band_after or ext:
            raise ProductNameError(
                name, "a PROBA-V name without a tile is a product folder: no band, no extension"
            )
        variant, content, kind = "probav_folder", None, "product"
    elif not ext:
        raise ProductNameError(name, "a PROBA-V tile file needs an extension (.HDF5, .tif, .TIFF)")
    elif band_before and band_after:
        raise ProductNameError(name, "a PROBA-V band goes either before or after the version, not both")
    else:
        content = band_before or band_after
        variant = "probav_cog" if band_before else ("probav_tiff" if band_after else "probav_file")
        if content is None:
            kind = "metadata" if ext == ".xml" else "data"
        else:
            kind = "quality" if content in _PROBAV_QUALITY else "data"
        if int(tile[1:3]) > 35 or int(tile[4:6]) > 17:
            raise ProductNameError(name, f"PROBA-V tile {tile!r} is outside X00-X35, Y00-Y17")
    start = parse_day(name, date)
    return ProductName(
        "PROBAV", "PROBAV", start, _composite_end(start, composite), tile, 4326, product, content,
        _PROBAV_RES[res], version, kind, ext, variant, None, None, None, (composite,),
    )  # fmt: skip


def fmt_probav(rec: ProductName) -> str:
    tile = f"{rec.tile}_" if rec.variant != "probav_folder" else ""
    before = f"{rec.content}_" if rec.variant == "probav_cog" else ""
    after = f"_{rec.content}" if rec.variant == "probav_tiff" else ""
    res = _PROBAV_RES_TOKENS[rec.resolution]  # type: ignore[index]
    return (
        f"PROBAV_{rec.extra[0]}_{rec.product}_{tile}{fmt_day(rec.start)}_{res}_"  # type: ignore[arg-type]
        f"{before}{rec.version}{after}{rec.ext}"
    )


# --------------------------------------------------------------------------- Copernicus Global Land
# c_gls_<PRODUCT>[<RES>][-<QUALIFIER>...][_QL|_PROD-DESC]_<YYYYMMDDhhmm>_<AREA>_<SENSOR>_<VERSION>
#       [_<LAYER>|_cog|_nc][.<ext>]
# QUALIFIER: RT0..RT6, a layer of a per-layer COG (LST-ERRORBAR, NDVI-MEAN-LTS), a product variant
# (LST10-DC-MAX, LC100-COV-GRASSLAND); the long-term statistics stamp is <YYYY>-<YYYY>-<MMDD>.
_CGLS_RE = re.compile(
    r"c_gls_([A-Z][A-Z0-9]*?)(300|1km|100)?((?:-[A-Z0-9]+)*)(?:_(QL|PROD-DESC))?"
    r"_([0-9]{12}|[0-9]{4}-[0-9]{4}-[0-9]{4})_([A-Z][A-Z0-9]*)_([A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*)_"
    r"(V?[0-9]+\.[0-9]+\.[0-9]+)(?:_([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)|_(cog|nc))?"
    r"(\.nc|\.tif|\.tiff|\.TIFF|\.xml|\.png)?",
    re.ASCII,
)
_CGLS_EXPECTED = (
    "expected a Copernicus Global Land name c_gls_<PRODUCT>[-<RTx>]_<YYYYMMDDhhmm>_<AREA>_<SENSOR>_<VERSION>"
    "[.nc|.tif|.tiff|.xml], e.g. c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1.nc"
)
_CGLS_RES = {"300": 300, "1km": 1000, "100": 100}
_CGLS_RES_TOKENS = {value: key for key, value in _CGLS_RES.items()}
_CGLS_QUICKLOOK_EXTS = frozenset({".tif", ".tiff", ".TIFF", ".png"})


def _cgls_role(name: str, marker: str, layer: str | None, suffix: str, ext: str) -> tuple[str, str | None]:
    """(kind, content) of a CGLS name from its marker (QL, PROD-DESC), layer, folder suffix and extension."""
    if not ext:
        if marker or layer:
            raise ProductNameError(name, "a CGLS product folder has no _QL/_PROD-DESC marker and no layer")
        return "product", None
    if suffix:
        raise ProductNameError(name, "only a CGLS product folder ends in _cog or _nc")
    if marker == "QL":
        if layer or ext not in _CGLS_QUICKLOOK_EXTS:
            raise ProductNameError(name, "a CGLS _QL_ quicklook is a .tiff, .tif or .png")
        return "quicklook", "QUICKLOOK"
    if marker:
        if layer or ext != ".xml":
            raise ProductNameError(name, "a CGLS _PROD-DESC_ product description is an .xml")
        return "metadata", "PROD-DESC"
    if ext == ".xml":
        if layer:
            raise ProductNameError(name, "a CGLS metadata .xml carries no layer")
        return "metadata", None
    if ext == ".png":
        raise ProductNameError(name, "a CGLS .png is a _QL_ quicklook")
    return "data", layer


def _cgls_lts(name: str, stamp: str) -> tuple[datetime, datetime]:
    """``1999-2017-0801``: the dekad of 1 August, over the years 1999 to 2017."""
    first, last, month, day = int(stamp[0:4]), int(stamp[5:9]), int(stamp[10:12]), int(stamp[12:14])
    try:
        start, end = datetime(first, month, day, tzinfo=UTC), datetime(last, month, day, tzinfo=UTC)
    except ValueError:
        raise bad_time(name) from None
    if end < start:
        raise ProductNameError(name, "a long-term statistics period ends after it starts (1999-2017-0801)")
    return start, end


def parse_cgls(name: str) -> ProductName:
    m = fullmatch_or_raise(_CGLS_RE, name, _CGLS_EXPECTED)
    product, res, qualifiers, marker, stamp, area, sensor, version, layer, suffix, ext = m.groups()
    marker, suffix, ext = marker or "", suffix or "", ext or ""
    kind, content = _cgls_role(name, marker, layer, suffix, ext)
    if "QFLAG" in qualifiers or (layer is not None and "QFLAG" in layer):
        kind = "quality" if kind == "data" else kind
    if len(stamp) == 12:
        variant = "cgls"
        start = end = parse_day(name, stamp)
    else:
        variant = "cgls_lts"
        start, end = _cgls_lts(name, stamp)
    return ProductName(
        "CGLS", sensor, start, end, None, 4326, product, content, _CGLS_RES[res] if res else None, version,
        kind, ext, variant, None, None, None, (qualifiers[1:], area, marker, suffix),
    )  # fmt: skip


def fmt_cgls(rec: ProductName) -> str:
    qualifiers, area, marker, suffix = rec.extra
    res = _CGLS_RES_TOKENS[rec.resolution] if rec.resolution is not None else ""
    qualifiers = f"-{qualifiers}" if qualifiers else ""
    start = utc(rec.start)  # type: ignore[arg-type]
    if rec.variant == "cgls_lts":
        stamp = f"{start.year:04d}-{utc(rec.end).year:04d}-{start.month:02d}{start.day:02d}"  # type: ignore[arg-type]
    else:
        stamp = f"{fmt_day(start)}{start.hour:02d}{start.minute:02d}"
    head = f"c_gls_{rec.product}{res}{qualifiers}{'_' + marker if marker else ''}"
    layer = f"_{rec.content}" if rec.content is not None and not marker else ""
    tail = f"_{suffix}" if suffix else ""
    return f"{head}_{stamp}_{area}_{rec.mission}_{rec.version}{layer}{tail}{rec.ext}"


# --------------------------------------------------------------------------- LC100 (Zenodo/S3 names)
_LC100_RE = re.compile(
    r"(?:([EW][0-9]{3}[NS][0-9]{2})_)?PROBAV_LC100_global_(v[0-9]+\.[0-9]+\.[0-9]+)_([0-9]{4})-(base|conso|nrt)_"
    r"([A-Z][A-Za-z]*(?:-[A-Za-z]+)*)_EPSG-4326(\.tif)",
    re.ASCII,
)
_LC100_V2_RE = re.compile(
    r"(?:([EW][0-9]{3}[NS][0-9]{2})_)?ProbaV_LC100_epoch([0-9]{4})_global_(v[0-9]+\.[0-9]+\.[0-9]+)_"
    r"([A-Za-z]+(?:-[A-Za-z]+)*)_EPSG-4326(\.tif|\.zip)",
    re.ASCII,
)
_LC100_EXPECTED = (
    "expected a land cover LC100 name like [E000N60_]PROBAV_LC100_global_v3.0.1_2019-nrt_"
    "Discrete-Classification-map_EPSG-4326.tif or [E020N60_]ProbaV_LC100_epoch2015_global_v2.0.2_"
    "<layer>_EPSG-4326.tif"
)
_LC100_QUALITY_WORDS = frozenset({"proba", "datadensityindicator", "confidence"})


def _lc100_kind(layer: str) -> str:
    words = layer.lower().split("-")
    return "quality" if any(word in _LC100_QUALITY_WORDS for word in words) else "data"


def parse_lc100(name: str) -> ProductName:
    m = _LC100_RE.fullmatch(name)
    if m is not None:
        tile, version, year, epoch, layer, ext = m.groups()
        variant, extra = "lc100", (epoch,)
        kind, content = _lc100_kind(layer), layer
    else:
        m = fullmatch_or_raise(_LC100_V2_RE, name, _LC100_EXPECTED)
        tile, year, version, layer, ext = m.groups()
        variant, extra = "lc100_v2", ()
        if (layer == "products") != (ext == ".zip"):
            raise ProductNameError(name, "an LC100 v2 tile archive is <tile>_..._products_EPSG-4326.zip")
        kind, content = ("product", None) if layer == "products" else (_lc100_kind(layer), layer)
    if tile is not None:
        check_lonlat_tile(name, tile)
    start, end = year_span(name, year)
    return ProductName(
        "CGLS", "PROBAV", start, end, tile, 4326, "LC", content, 100, version, kind, ext, variant,
        None, None, None, extra,
    )  # fmt: skip


def fmt_lc100(rec: ProductName) -> str:
    tile = f"{rec.tile}_" if rec.tile else ""
    year = utc(rec.start).year  # type: ignore[arg-type]
    if rec.variant == "lc100":
        return f"{tile}PROBAV_LC100_global_{rec.version}_{year:04d}-{rec.extra[0]}_{rec.content}_EPSG-4326{rec.ext}"
    layer = rec.content if rec.content is not None else "products"
    return f"{tile}ProbaV_LC100_epoch{year:04d}_global_{rec.version}_{layer}_EPSG-4326{rec.ext}"
