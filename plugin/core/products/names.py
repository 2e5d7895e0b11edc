"""Terrascope product names: parse a folder name, file name or path into a typed record and back.

``parse_name(text)`` returns an immutable :class:`ProductName`; ``format_name(record)`` builds the
basename again from the record's fields, so ``format_name(parse_name(x)) == basename(x)`` for every
accepted name and ``format_name(rec._replace(tile="32ULB"))`` gives the name of the same file on
another tile. Anything else raises :class:`ProductNameError` (a ``ValueError``) whose message quotes
the name and says what was expected; no other exception escapes for any ``str`` input.

Accepted patterns (``ts`` = ``YYYYMMDDThhmmss`` UTC, ``date`` = ``YYYYMMDD``):

Terrascope Sentinel-2 (``S2_TOC``, ``S2_BIOPAR``, ``S2_CGS``); ``Z`` after the time iff version V1xx
  ``S2B_20180814T105019_31UDS_TOC_V200``                  product folder / ``.xml`` metadata
  ``S2B_20180814T105019_31UDS_TOC-B04_10M_V200.tif``      TOC-B01..B12, B8A; AOT WVP SZA VZA RAA (data),
                                                         SCENECLASSIFICATION, SHADOWMASK, CLOUDMASK (quality)
  ``S2B_20180814T105019_31UDS_TOC_QUICKLOOK_V200.tif``    quicklook (also NDVI_QUICKLOOK, ...)
  ``S2A_20190307T105021_31UFS_FAPAR_V210``                biophysical folder (NDVI FAPAR FCOVER LAI CCC CWC)
  ``S2A_20190307T105021_31UFS_FAPAR_10M_V210[.tif|.xml]`` data file, metadata, or catalogue title
  ``S2B_20200119T110259Z_31UDQ_CGS_V102_000``             V1xx container folder
Sentinel-2 ESA (``S2_SAFE``)
  ``S2A_MSIL2A_20240623T104619_N0510_R051_T31UFS_20240623T170000[.SAFE|.zip|.SAFE.zip]``
  ``T31UFS_20240623T104619_B04_10m.jp2`` (L2A), ``T31UFS_20240623T104619_B04.jp2`` (L1C); bands
  B01..B12, B8A, TCI, AOT, WVP, SCL (quality), PVI (quicklook)
Sentinel-1 (``S1_SIGMA0``, ``S1_COHERENCE``, ``S1_SAFE``)
  ``S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110[_VV.tif|_VH.tif|_angle.tif|.xml]``
  ``S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110[_VV.tif|_VH.tif|.xml]``
  ``S1A_IW_GRDH_1SDV_20190307T172435_20190307T172500_026262_02EF7A_1B2C[.SAFE|.zip|.SAFE.zip]``
PROBA-V (``PROBAV``): S1/S5/S10, TOA/TOC/TOC_NDVI, 1KM/333M/100M
  ``PROBAV_S1_TOC_20200616_333M_V101``                    product folder
  ``PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5``        tile file
  ``PROBAV_S1_TOC_X18Y02_20160131_333M_V101_NDVI.tif``    TIFFDERIVED, band after the version
  ``PROBAV_S10_TOC_X35Y12_20190801_333M_GEOMETRY_V201.TIFF``  Collection 2 COG, band before it
Copernicus Global Land (``CGLS``)
  ``c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1[.nc]`` (also ``NDVI300``, ``SSM1km`` ...)
Sentinel-5P L3 (``S5P``)
  ``S5P_OFFL_L3_CO_TD_20200101_V100`` folder, ``S5P_L3_CO_TD_20200101_V100`` catalogue title,
  ``S5P_CO_TD_20200101_CO_V100.tif`` data, ``S5P_CO_TD_20200101_WEIGHT_V100.tif`` quality
AgERA5 (``AGERA5``)
  ``AgERA5_dewpoint-temperature_20240418.tif`` (Terrascope),
  ``Temperature-Air-2m-Mean-24h_C3S-glob-agric_AgERA5_20200101_final-v1.0.nc`` (C3S)
ESA WorldCover (``WORLDCOVER``): ``ESA_WorldCover_10m_2021_v200_N51E003_Map.tif`` (also InputQuality)
Copernicus DEM (``COPDEM``): ``Copernicus_DSM_COG_10_N51_00_E003_00_DEM.tif`` (COG_30: GLO-90;
  also EDM FLM HEM WBM layers, ``.dt2`` and the ``Copernicus_DSM_10_N51_00_E003_00`` folder)

Field notes: coherence ``mission`` is the pair ("S1A_S1B"), ``start``/``end`` its two acquisitions,
``direction`` ASC/DES/DSC as written; sigma0 ``direction`` is ASCENDING/DESCENDING; ``orbit`` is
the relative orbit. PROBA-V ``product`` is TOA/TOC/TOC_NDVI with the synthesis (S1/S5/S10) in
``extra[0]``; CGLS ``mission`` is the sensor; S5P ``product`` is the product type ("CO_TD").
Granule ``product`` is "L2A" when the name has a resolution suffix, "L1C" when not (None for PVI).
Tokens that only matter for the exact name are kept verbatim in ``extra`` (see ``_FORMATTERS``).

Conventions: ``start``/``end`` are UTC-aware; ``end == start`` for an acquisition; for a name that
stands for a period (a daily, 10-day or yearly product) ``end`` is the exclusive end of that period.
``epsg`` is the UTM code of an MGRS tile, or 4326 for products on a geographic lat/lon grid.
A bare basename of an S2 layer shared by TOC and biophysical products (SCENECLASSIFICATION) has
``product=None``; given a full path, the product folder fills it in. Granule JP2s take mission and
level from an enclosing ``.SAFE`` folder when the path has one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "FAMILIES",
    "ProductName",
    "ProductNameError",
    "basename",
    "format_name",
    "is_product_folder",
    "mgrs_epsg",
    "parse_name",
]

FAMILIES: dict[str, str] = {
    "S2_TOC": "Sentinel-2 top-of-canopy reflectance",
    "S2_BIOPAR": "Sentinel-2 biophysical parameters",
    "S2_CGS": "Sentinel-2 V1 product container",
    "S2_SAFE": "Sentinel-2 L1C/L2A (ESA SAFE)",
    "S1_SIGMA0": "Sentinel-1 backscatter (sigma0)",
    "S1_COHERENCE": "Sentinel-1 coherence",
    "S1_SAFE": "Sentinel-1 (ESA SAFE)",
    "PROBAV": "PROBA-V",
    "CGLS": "Copernicus Global Land",
    "S5P": "Sentinel-5P L3",
    "AGERA5": "AgERA5 daily meteo",
    "WORLDCOVER": "ESA WorldCover",
    "COPDEM": "Copernicus DEM",
}

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
    variant: str = ""  # layout template id, see _FORMATTERS
    direction: str | None = None  # S1 pass as written: "ASCENDING", "ASC", ...
    orbit: int | None = None  # relative orbit (S1 track, S2 R-number)
    baseline: str | None = None  # S2 SAFE processing baseline "N0510"
    extra: tuple[str, ...] = ()  # remaining tokens kept verbatim, per variant (see _FORMATTERS)


_new = tuple.__new__  # fastest way to build a NamedTuple from a complete tuple of fields


# --------------------------------------------------------------------------- shared helpers
@lru_cache(maxsize=1 << 16)
def _timestamp(token: str) -> datetime:
    """``YYYYMMDDThhmmss`` -> UTC datetime; cached because all files of a product share it."""
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


def _utc(value: datetime) -> datetime:
    if value.utcoffset():
        return value.astimezone(UTC)
    return value


def _fmt_ts(value: datetime) -> str:
    v = _utc(value)
    return f"{v.year:04d}{v.month:02d}{v.day:02d}T{v.hour:02d}{v.minute:02d}{v.second:02d}"


def _fmt_day(value: datetime) -> str:
    v = _utc(value)
    return f"{v.year:04d}{v.month:02d}{v.day:02d}"


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


def is_product_folder(rec: ProductName) -> bool:
    """True for a product folder (including ``.SAFE`` folders), False for files and zips."""
    return rec.kind == "product" and rec.ext in ("", ".SAFE")


def basename(text: str) -> str:
    """The last component of a path, ignoring trailing separators (``/`` or ``\\``)."""
    if "/" in text or "\\" in text:
        text = text.rstrip("/\\")
        return text[max(text.rfind("/"), text.rfind("\\")) + 1 :]
    return text


def _bad_time(name: str) -> ProductNameError:
    return ProductNameError(name, "its date or time is not a valid calendar date/time")


def _bad_tile(name: str, tile: str) -> ProductNameError:
    return ProductNameError(
        name, f"tile {tile!r} is not a valid MGRS tile (zone 01-60, band C-X without I/O, square letters)"
    )


# --------------------------------------------------------------------------- Sentinel-2 Terrascope
_S2_RE = re.compile(
    r"(S2[A-D])_([0-9]{8}T[0-9]{6})(Z?)_([0-9]{2}[A-Z]{3})_([A-Z0-9_-]+?)_(V[0-9]{3})(?:_([0-9]{3}))?"
    r"(\.tif|\.xml)?",
    re.ASCII,
)
_S2_EXPECTED = (
    "expected a Sentinel-2 name <MISSION>_<YYYYMMDD>T<hhmmss>[Z]_<TILE>_<CONTENT>[_<RES>]_<VERSION>, "
    "e.g. S2B_20180814T105019_31UDS_TOC-B04_10M_V200.tif (Z only for V1xx)"
)
_S2_RESOLUTIONS = (10, 20, 60)
_S2_BIOPAR = ("NDVI", "FAPAR", "FCOVER", "LAI", "CCC", "CWC")
_S2_TOC_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
_S2_TOC_LAYERS = ("AOT", "WVP", "SZA", "VZA", "RAA")
_S2_QUALITY_LAYERS = {"SCENECLASSIFICATION": "S2_TOC", "SHADOWMASK": "S2_BIOPAR", "CLOUDMASK": "S2_BIOPAR"}


class _S2Body(NamedTuple):
    variant: str
    family: str
    product: str | None
    resolution: int | None
    by_ext: dict[str, tuple[str, str | None]]  # extension -> (kind, content)


def _s2_bodies() -> dict[str, _S2Body]:
    """Every valid CONTENT[_RES] token of a Terrascope S2 name, with what it means."""
    bodies: dict[str, _S2Body] = {}
    for product in ("TOC", *_S2_BIOPAR):
        family = "S2_TOC" if product == "TOC" else "S2_BIOPAR"
        folder = {"": ("product", None), ".xml": ("metadata", None)}
        bodies[product] = _S2Body("s2_product", family, product, None, folder)
        quicklook = {".tif": ("quicklook", "QUICKLOOK")}
        bodies[f"{product}_QUICKLOOK"] = _S2Body("s2_quicklook", family, product, None, quicklook)
        if product != "TOC":
            files = {"": ("product", None), ".tif": ("data", product), ".xml": ("metadata", None)}
            for res in _S2_RESOLUTIONS:
                bodies[f"{product}_{res}M"] = _S2Body("s2_product_res", family, product, res, files)
    layers: dict[str, tuple[str, str | None, str]] = {
        f"TOC-{b}": ("S2_TOC", "TOC", "data") for b in _S2_TOC_BANDS
    }
    layers.update({name: ("S2_TOC", "TOC", "data") for name in _S2_TOC_LAYERS})
    layers.update({name: (family, None, "quality") for name, family in _S2_QUALITY_LAYERS.items()})
    for content, (family, product, kind) in layers.items():
        for res in _S2_RESOLUTIONS:
            bodies[f"{content}_{res}M"] = _S2Body("s2_layer", family, product, res, {".tif": (kind, content)})
    bodies["CGS"] = _S2Body("s2_cgs", "S2_CGS", "CGS", None, {"": ("product", None)})
    return bodies


_S2_BODIES = _s2_bodies()


# body + extension -> (family, product, content, resolution, kind, variant): one lookup per name.
_S2_SPECS: dict[str, tuple[str, str | None, str | None, int | None, str, str]] = {
    body + ext: (spec.family, spec.product, content, spec.resolution, kind, spec.variant)
    for body, spec in _S2_BODIES.items()
    for ext, (kind, content) in spec.by_ext.items()
}


def _s2_spec_error(name: str, body: str, ext: str) -> ProductNameError:
    if body not in _S2_BODIES:
        return ProductNameError(name, f"unknown content {body!r}; {_S2_EXPECTED}")
    return ProductNameError(name, f"a {body} name does not take the extension {ext or '(none)'!r}")


def _parse_s2(name: str) -> ProductName:
    m = _S2_RE.fullmatch(name)
    if m is None:
        if name[3:7] == "_MSI":
            return _parse_s2_safe(name)
        raise ProductNameError(name, _S2_EXPECTED)
    mission, ts, z, tile, body, version, seq, ext = m.groups()
    if ext is None:
        ext = ""
        spec = _S2_SPECS.get(body)
    else:
        spec = _S2_SPECS.get(body + ext)
    if spec is None:
        raise _s2_spec_error(name, body, ext)
    family, product, content, resolution, kind, variant = spec
    if (z == "Z") != (version[1] == "1"):
        raise ProductNameError(name, "V1xx names carry a 'Z' after the time, V2xx and later do not")
    if seq is None:
        if variant == "s2_cgs":
            raise ProductNameError(name, "the V1xx CGS container ends in _<VERSION>_<NNN>")
        extra: tuple[str, ...] = ()
    elif variant == "s2_cgs":
        extra = (seq,)
    else:
        raise ProductNameError(name, "only the V1xx CGS container ends in _<VERSION>_<NNN>")
    try:
        start = _timestamp(ts)
    except ValueError:
        raise _bad_time(name) from None
    epsg = _tile_epsg(tile)
    if epsg is None:
        raise _bad_tile(name, tile)
    return _new(
        ProductName,
        (family, mission, start, start, tile, epsg, product, content, resolution, version, kind,
         ext, variant, None, None, None, extra),
    )  # fmt: skip


def _s2_head(rec: ProductName) -> str:
    z = "Z" if rec.version is not None and rec.version[1:2] == "1" else ""
    return f"{rec.mission}_{_fmt_ts(rec.start)}{z}_{rec.tile}_"  # type: ignore[arg-type]


def _fmt_s2_product(rec: ProductName) -> str:
    return f"{_s2_head(rec)}{rec.product}_{rec.version}{rec.ext}"


def _fmt_s2_product_res(rec: ProductName) -> str:
    return f"{_s2_head(rec)}{rec.product}_{rec.resolution}M_{rec.version}{rec.ext}"


def _fmt_s2_quicklook(rec: ProductName) -> str:
    return f"{_s2_head(rec)}{rec.product}_QUICKLOOK_{rec.version}{rec.ext}"


def _fmt_s2_layer(rec: ProductName) -> str:
    return f"{_s2_head(rec)}{rec.content}_{rec.resolution}M_{rec.version}{rec.ext}"


def _fmt_s2_cgs(rec: ProductName) -> str:
    return f"{_s2_head(rec)}{rec.product}_{rec.version}_{rec.extra[0]}{rec.ext}"


# --------------------------------------------------------------------------- Sentinel-2 ESA
_S2_SAFE_RE = re.compile(
    r"(S2[A-D])_MSI(L1C|L2A)_([0-9]{8}T[0-9]{6})_(N[0-9]{4})_R([0-9]{3})_T([0-9]{2}[A-Z]{3})_"
    r"([0-9]{8}T[0-9]{6})(\.SAFE|\.zip|\.SAFE\.zip)?",
    re.ASCII,
)
_S2_SAFE_EXPECTED = (
    "expected a Sentinel-2 SAFE name like S2A_MSIL2A_20240623T104619_N0510_R051_T31UFS_20240623T170000.SAFE"
)
_GRANULE_RE = re.compile(
    r"T([0-9]{2}[A-Z]{3})_([0-9]{8}T[0-9]{6})_(B0[1-9]|B1[0-2]|B8A|TCI|AOT|WVP|SCL|PVI)(?:_(10|20|60)m)?"
    r"(\.jp2)",
    re.ASCII,
)
_GRANULE_EXPECTED = "expected a Sentinel-2 granule file like T31UFS_20240623T104619_B04_10m.jp2"
_GRANULE_KINDS = {"SCL": "quality", "PVI": "quicklook"}


def _parse_s2_safe(name: str) -> ProductName:
    m = _S2_SAFE_RE.fullmatch(name)
    if m is None:
        raise ProductNameError(name, _S2_SAFE_EXPECTED)
    mission, level, ts, baseline, orbit, tile, discriminator, ext = m.groups()
    try:
        start = _timestamp(ts)
        _timestamp(discriminator)
    except ValueError:
        raise _bad_time(name) from None
    epsg = _tile_epsg(tile)
    if epsg is None:
        raise _bad_tile(name, tile)
    relative_orbit = int(orbit)
    if not 1 <= relative_orbit <= 143:
        raise ProductNameError(name, "a Sentinel-2 relative orbit is R001..R143")
    return ProductName(
        "S2_SAFE", mission, start, start, tile, epsg, level, None, None, None, "product",
        ext or "", "s2_safe", None, relative_orbit, baseline, (discriminator,),
    )  # fmt: skip


def _fmt_s2_safe(rec: ProductName) -> str:
    return (
        f"{rec.mission}_MSI{rec.product}_{_fmt_ts(rec.start)}_{rec.baseline}_R{rec.orbit:03d}_"  # type: ignore[arg-type]
        f"T{rec.tile}_{rec.extra[0]}{rec.ext}"
    )


def _parse_granule(name: str) -> ProductName:
    m = _GRANULE_RE.fullmatch(name)
    if m is None:
        raise ProductNameError(name, _GRANULE_EXPECTED)
    tile, ts, band, res, ext = m.groups()
    try:
        start = _timestamp(ts)
    except ValueError:
        raise _bad_time(name) from None
    epsg = _tile_epsg(tile)
    if epsg is None:
        raise _bad_tile(name, tile)
    # Only L2A granule files carry a resolution suffix; PVI exists in both levels.
    level = "L2A" if res else (None if band == "PVI" else "L1C")
    return ProductName(
        "S2_SAFE", None, start, start, tile, epsg, level, band, int(res) if res else None, None,
        _GRANULE_KINDS.get(band, "data"), ext, "s2_granule",
    )  # fmt: skip


def _fmt_granule(rec: ProductName) -> str:
    res = f"_{rec.resolution}m" if rec.resolution is not None else ""
    return f"T{rec.tile}_{_fmt_ts(rec.start)}_{rec.content}{res}{rec.ext}"  # type: ignore[arg-type]


# --------------------------------------------------------------------------- Sentinel-1
_S1_SIGMA0_RE = re.compile(
    r"(S1[A-D])_(IW|EW|SM)_(GRD[FHM])_SIGMA0_(DV|DH|SV|SH)_([0-9]{8}T[0-9]{6})_(ASCENDING|DESCENDING)_"
    r"([1-9][0-9]{0,2})_([0-9A-Z]{4})_(V[0-9]{3})(?:_(VV|VH|HH|HV|angle))?(\.tif|\.xml)?",
    re.ASCII,
)
_S1_COHERENCE_RE = re.compile(
    r"(S1[A-D]_S1[A-D])_Coherence_([0-9]{8}T[0-9]{6})_([0-9]{8}T[0-9]{6})_(ASC|DES|DSC)_([1-9][0-9]{0,2})_"
    r"(V[0-9]{3})(?:_(VV|VH|HH|HV))?(\.tif|\.xml)?",
    re.ASCII,
)
_S1_SAFE_RE = re.compile(
    r"(S1[A-D])_(IW|EW|WV|S[1-6])_(GRD|SLC|RAW|OCN)([FHM_])_([0-2][SAN](?:SH|SV|DH|DV|HH|HV|VV|VH))_"
    r"([0-9]{8}T[0-9]{6})_([0-9]{8}T[0-9]{6})_([0-9]{6})_([0-9A-F]{6})_([0-9A-F]{4})(\.SAFE|\.zip|\.SAFE\.zip)?",
    re.ASCII,
)
_S1_EXPECTED = (
    "expected a Sentinel-1 name: sigma0 S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110[_VV.tif], "
    "coherence S1A_S1B_Coherence_<ts>_<ts>_ASC_161_V110[_VV.tif] or a SAFE "
    "S1A_IW_GRDH_1SDV_<ts>_<ts>_026262_02EF7A_1B2C.SAFE"
)


def _layer_kind(name: str, content: str | None, ext: str) -> str:
    """Kind of an S1 product member: folder, ``.xml`` metadata or ``_<band>.tif`` data."""
    if content is not None:
        if ext != ".tif":
            raise ProductNameError(name, "a band suffix must be followed by .tif")
        return "data"
    if ext == ".tif":
        raise ProductNameError(name, "a .tif needs a band suffix such as _VV")
    return "metadata" if ext == ".xml" else "product"


def _s1_orbit(name: str, token: str) -> int:
    orbit = int(token)
    if orbit > 175:
        raise ProductNameError(name, "a Sentinel-1 relative orbit is 1..175")
    return orbit


def _parse_s1(name: str) -> ProductName:
    if name[3:5] == "_S":
        return _parse_s1_coherence(name)
    m = _S1_SIGMA0_RE.fullmatch(name)
    if m is None:
        return _parse_s1_safe(name)
    mission, mode, ptype, pol, ts, direction, orbit, ident, version, content, ext = m.groups()
    ext = ext or ""
    kind = _layer_kind(name, content, ext)
    try:
        start = _timestamp(ts)
    except ValueError:
        raise _bad_time(name) from None
    return ProductName(
        "S1_SIGMA0", mission, start, start, None, None, "SIGMA0", content, None, version, kind,
        ext, "s1_sigma0", direction, _s1_orbit(name, orbit), None, (mode, ptype, pol, ident),
    )  # fmt: skip


def _fmt_s1_sigma0(rec: ProductName) -> str:
    mode, ptype, pol, ident = rec.extra
    band = f"_{rec.content}" if rec.content is not None else ""
    return (
        f"{rec.mission}_{mode}_{ptype}_{rec.product}_{pol}_{_fmt_ts(rec.start)}_{rec.direction}_"  # type: ignore[arg-type]
        f"{rec.orbit}_{ident}_{rec.version}{band}{rec.ext}"
    )


def _parse_s1_coherence(name: str) -> ProductName:
    m = _S1_COHERENCE_RE.fullmatch(name)
    if m is None:
        raise ProductNameError(name, _S1_EXPECTED)
    missions, ts1, ts2, direction, orbit, version, content, ext = m.groups()
    ext = ext or ""
    kind = _layer_kind(name, content, ext)
    try:
        start, end = _timestamp(ts1), _timestamp(ts2)
    except ValueError:
        raise _bad_time(name) from None
    return ProductName(
        "S1_COHERENCE", missions, start, end, None, None, "COHERENCE", content, None, version, kind,
        ext, "s1_coherence", direction, _s1_orbit(name, orbit),
    )  # fmt: skip


def _fmt_s1_coherence(rec: ProductName) -> str:
    band = f"_{rec.content}" if rec.content is not None else ""
    return (
        f"{rec.mission}_Coherence_{_fmt_ts(rec.start)}_{_fmt_ts(rec.end)}_{rec.direction}_"  # type: ignore[arg-type]
        f"{rec.orbit}_{rec.version}{band}{rec.ext}"
    )


def _parse_s1_safe(name: str) -> ProductName:
    m = _S1_SAFE_RE.fullmatch(name)
    if m is None:
        raise ProductNameError(name, _S1_EXPECTED)
    mission, mode, ptype, res_class, level_pol, ts1, ts2, abs_orbit, datatake, uid, ext = m.groups()
    try:
        start, end = _timestamp(ts1), _timestamp(ts2)
    except ValueError:
        raise _bad_time(name) from None
    return ProductName(
        "S1_SAFE", mission, start, end, None, None, ptype, None, None, None, "product",
        ext or "", "s1_safe", None, None, None, (mode, res_class, level_pol, abs_orbit, datatake, uid),
    )  # fmt: skip


def _fmt_s1_safe(rec: ProductName) -> str:
    mode, res_class, level_pol, abs_orbit, datatake, uid = rec.extra
    return (
        f"{rec.mission}_{mode}_{rec.product}{res_class}_{level_pol}_{_fmt_ts(rec.start)}_"  # type: ignore[arg-type]
        f"{_fmt_ts(rec.end)}_{abs_orbit}_{datatake}_{uid}{rec.ext}"  # type: ignore[arg-type]
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


def _parse_probav(name: str) -> ProductName:
    m = _PROBAV_RE.fullmatch(name)
    if m is None:
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
    try:
        start = _day(date)
    except ValueError:
        raise _bad_time(name) from None
    return ProductName(
        "PROBAV", "PROBAV", start, _composite_end(start, composite), tile, 4326, product, content,
        _PROBAV_RES[res], version, kind, ext, variant, None, None, None, (composite,),
    )  # fmt: skip


def _fmt_probav(rec: ProductName) -> str:
    tile = f"{rec.tile}_" if rec.variant != "probav_folder" else ""
    before = f"{rec.content}_" if rec.variant == "probav_cog" else ""
    after = f"_{rec.content}" if rec.variant == "probav_tiff" else ""
    res = _PROBAV_RES_TOKENS[rec.resolution]  # type: ignore[index]
    return (
        f"PROBAV_{rec.extra[0]}_{rec.product}_{tile}{_fmt_day(rec.start)}_{res}_"  # type: ignore[arg-type]
        f"{before}{rec.version}{after}{rec.ext}"
    )


# --------------------------------------------------------------------------- Copernicus Global Land
_CGLS_RE = re.compile(
    r"c_gls_([A-Z][A-Z0-9]*?)(300|1km)?(?:-(RT[0-9]))?_([0-9]{12})_([A-Z0-9]+)_([A-Z0-9]+)_"
    r"(V[0-9]+\.[0-9]+\.[0-9]+)(\.nc|\.tif|\.tiff|\.xml)?",
    re.ASCII,
)
_CGLS_EXPECTED = (
    "expected a Copernicus Global Land name like c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1.nc"
)
_CGLS_RES = {"300": 300, "1km": 1000}
_CGLS_RES_TOKENS = {value: key for key, value in _CGLS_RES.items()}
_EXT_KIND = {"": "product", ".xml": "metadata"}


def _parse_cgls(name: str) -> ProductName:
    m = _CGLS_RE.fullmatch(name)
    if m is None:
        raise ProductNameError(name, _CGLS_EXPECTED)
    product, res, rt, stamp, area, sensor, version, ext = m.groups()
    ext = ext or ""
    try:
        start = _day(stamp)
    except ValueError:
        raise _bad_time(name) from None
    return ProductName(
        "CGLS", sensor, start, start, None, 4326, product, None, _CGLS_RES[res] if res else None, version,
        _EXT_KIND.get(ext, "data"), ext, "cgls", None, None, None, (rt or "", area),
    )  # fmt: skip


def _fmt_cgls(rec: ProductName) -> str:
    res = _CGLS_RES_TOKENS[rec.resolution] if rec.resolution is not None else ""
    rt, area = rec.extra
    rt = f"-{rt}" if rt else ""
    start = _utc(rec.start)  # type: ignore[arg-type]
    stamp = f"{_fmt_day(start)}{start.hour:02d}{start.minute:02d}"
    return f"c_gls_{rec.product}{res}{rt}_{stamp}_{area}_{rec.mission}_{rec.version}{rec.ext}"


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
    try:
        start = _day(date)
    except ValueError:
        raise _bad_time(name) from None
    # Only daily (TD) products are known; other periods keep end == start.
    return start, (start + timedelta(days=1) if product.endswith("_TD") else start)


def _parse_s5p(name: str) -> ProductName:
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
        m = _S5P_TITLE_RE.fullmatch(name)
        if m is None:
            raise ProductNameError(name, _S5P_EXPECTED)
        product, date, version = m.groups()
        variant, extra = "s5p_title", ()
    start, end = _s5p_period(name, product, date)
    return ProductName(
        "S5P", "S5P", start, end, None, 4326, product, None, None, version, "product", "", variant,
        None, None, None, extra,
    )  # fmt: skip


def _fmt_s5p(rec: ProductName) -> str:
    day = _fmt_day(rec.start)  # type: ignore[arg-type]
    if rec.variant == "s5p_file":
        return f"S5P_{rec.product}_{day}_{rec.content}_{rec.version}{rec.ext}"
    if rec.variant == "s5p_folder":
        return f"S5P_{rec.extra[0]}_L3_{rec.product}_{day}_{rec.version}"
    return f"S5P_L3_{rec.product}_{day}_{rec.version}"


# --------------------------------------------------------------------------- AgERA5
_AGERA5_RE = re.compile(r"AgERA5_([a-z][a-z0-9]*(?:-[a-z0-9]+)*)_([0-9]{8})(\.tif)", re.ASCII)
_AGERA5_C3S_MARK = "_C3S-glob-agric_AgERA5_"
_AGERA5_C3S_RE = re.compile(
    r"([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)_C3S-glob-agric_AgERA5_([0-9]{8})_([a-z]+)-(v[0-9]+\.[0-9]+)"
    r"(\.nc|\.tif)",
    re.ASCII,
)
_AGERA5_EXPECTED = (
    "expected an AgERA5 name like AgERA5_dewpoint-temperature_20240418.tif or "
    "Temperature-Air-2m-Mean-24h_C3S-glob-agric_AgERA5_20200101_final-v1.0.nc"
)


def _agera5_day(name: str, date: str) -> datetime:
    try:
        return _day(date)
    except ValueError:
        raise _bad_time(name) from None


def _parse_agera5(name: str) -> ProductName:
    m = _AGERA5_RE.fullmatch(name)
    if m is None:
        raise ProductNameError(name, _AGERA5_EXPECTED)
    variable, date, ext = m.groups()
    start = _agera5_day(name, date)
    return ProductName(
        "AGERA5", None, start, start + timedelta(days=1), None, 4326, None, variable, None, None, "data",
        ext, "agera5",
    )  # fmt: skip


def _parse_agera5_c3s(name: str) -> ProductName:
    m = _AGERA5_C3S_RE.fullmatch(name)
    if m is None:
        raise ProductNameError(name, _AGERA5_EXPECTED)
    variable, date, stage, version, ext = m.groups()
    start = _agera5_day(name, date)
    return ProductName(
        "AGERA5", None, start, start + timedelta(days=1), None, 4326, None, variable, None, version, "data",
        ext, "agera5_c3s", None, None, None, (stage,),
    )  # fmt: skip


def _fmt_agera5(rec: ProductName) -> str:
    day = _fmt_day(rec.start)  # type: ignore[arg-type]
    if rec.variant == "agera5":
        return f"AgERA5_{rec.content}_{day}{rec.ext}"
    return f"{rec.content}{_AGERA5_C3S_MARK}{day}_{rec.extra[0]}-{rec.version}{rec.ext}"


# --------------------------------------------------------------------------- WorldCover, Copernicus DEM
_WORLDCOVER_RE = re.compile(
    r"ESA_WorldCover_([1-9][0-9]*)m_([0-9]{4})_(v[0-9]{3})_([NS][0-9]{2}[EW][0-9]{3})_(Map|InputQuality)(\.tif)",
    re.ASCII,
)
_WORLDCOVER_EXPECTED = "expected an ESA WorldCover tile like ESA_WorldCover_10m_2021_v200_N51E003_Map.tif"
_COPDEM_RE = re.compile(
    r"Copernicus_DSM_(COG_)?(10|30)_([NS][0-9]{2})_00_([EW][0-9]{3})_00(?:_(DEM|EDM|FLM|HEM|WBM))?(\.tif|\.dt2)?",
    re.ASCII,
)
_COPDEM_EXPECTED = "expected a Copernicus DEM name like Copernicus_DSM_COG_10_N51_00_E003_00_DEM.tif"
_COPDEM_RES = {"10": 30, "30": 90}  # 1 and 3 arc seconds: GLO-30 and GLO-90
_COPDEM_RES_TOKENS = {value: key for key, value in _COPDEM_RES.items()}


def _check_latlon_tile(name: str, tile: str) -> None:
    if int(tile[1:3]) > 90 or int(tile[4:7]) > 180:
        raise ProductNameError(name, f"tile {tile!r} is not a valid latitude/longitude corner")


def _parse_worldcover(name: str) -> ProductName:
    m = _WORLDCOVER_RE.fullmatch(name)
    if m is None:
        raise ProductNameError(name, _WORLDCOVER_EXPECTED)
    res, year, version, tile, layer, ext = m.groups()
    _check_latlon_tile(name, tile)
    try:
        start = datetime(int(year), 1, 1, tzinfo=UTC)
        end = datetime(int(year) + 1, 1, 1, tzinfo=UTC)
    except ValueError:
        raise _bad_time(name) from None
    kind = "data" if layer == "Map" else "quality"
    return ProductName(
        "WORLDCOVER", None, start, end, tile, 4326, None, layer, int(res), version, kind, ext, "worldcover"
    )


def _fmt_worldcover(rec: ProductName) -> str:
    year = _utc(rec.start).year  # type: ignore[arg-type]
    return f"ESA_WorldCover_{rec.resolution}m_{year:04d}_{rec.version}_{rec.tile}_{rec.content}{rec.ext}"


def _parse_copdem(name: str) -> ProductName:
    m = _COPDEM_RE.fullmatch(name)
    if m is None:
        raise ProductNameError(name, _COPDEM_EXPECTED)
    cog, code, lat, lon, layer, ext = m.groups()
    ext = ext or ""
    if (layer is None) != (ext == ""):
        raise ProductNameError(
            name, "a Copernicus DEM file has a layer (_DEM, ...) and an extension, a folder neither"
        )
    tile = lat + lon
    _check_latlon_tile(name, tile)
    kind = "product" if layer is None else ("data" if layer == "DEM" else "quality")
    return ProductName(
        "COPDEM", None, None, None, tile, 4326, None, layer, _COPDEM_RES[code], None, kind, ext, "copdem",
        None, None, None, (cog or "",),
    )  # fmt: skip


def _fmt_copdem(rec: ProductName) -> str:
    tile = rec.tile or ""
    layer = f"_{rec.content}" if rec.content is not None else ""
    code = _COPDEM_RES_TOKENS[rec.resolution]  # type: ignore[index]
    return f"Copernicus_DSM_{rec.extra[0]}{code}_{tile[:3]}_00_{tile[3:]}_00{layer}{rec.ext}"


# --------------------------------------------------------------------------- dispatch
_UNKNOWN_EXPECTED = (
    "expected a Terrascope or ESA product name (S2A_..., S1A_..., PROBAV_..., c_gls_..., S5P_..., "
    "AgERA5_..., ESA_WorldCover_..., Copernicus_DSM_..., T31UFS_...jp2)"
)

_BY_PREFIX: dict[str, Callable[[str], ProductName]] = {
    **{f"S2{m}": _parse_s2 for m in "ABCD"},
    **{f"S1{m}": _parse_s1 for m in "ABCD"},
    "PRO": _parse_probav,
    "c_g": _parse_cgls,
    "S5P": _parse_s5p,
    "AgE": _parse_agera5,
    "ESA": _parse_worldcover,
    "Cop": _parse_copdem,
}

_FORMATTERS: dict[str, Callable[[ProductName], str]] = {
    "s2_product": _fmt_s2_product,
    "s2_product_res": _fmt_s2_product_res,
    "s2_quicklook": _fmt_s2_quicklook,
    "s2_layer": _fmt_s2_layer,
    "s2_cgs": _fmt_s2_cgs,  # extra = (container sequence "000",)
    "s2_safe": _fmt_s2_safe,  # extra = (product discriminator,)
    "s2_granule": _fmt_granule,
    "s1_sigma0": _fmt_s1_sigma0,  # extra = (mode, product type, polarisation, id)
    "s1_coherence": _fmt_s1_coherence,
    "s1_safe": _fmt_s1_safe,  # extra = (mode, resolution class, level+class+pol, abs orbit, datatake, uid)
    "probav_folder": _fmt_probav,  # extra = (synthesis "S1" | "S5" | "S10",) for all PROBA-V variants
    "probav_file": _fmt_probav,
    "probav_tiff": _fmt_probav,
    "probav_cog": _fmt_probav,
    "cgls": _fmt_cgls,  # extra = (RT token or "", area)
    "s5p_folder": _fmt_s5p,  # extra = (processing mode,)
    "s5p_title": _fmt_s5p,
    "s5p_file": _fmt_s5p,
    "agera5": _fmt_agera5,
    "agera5_c3s": _fmt_agera5,  # extra = (stage "final",)
    "worldcover": _fmt_worldcover,
    "copdem": _fmt_copdem,  # extra = ("COG_" or "",)
}


def _parse_basename(name: str) -> ProductName:
    parser = _BY_PREFIX.get(name[:3])
    if parser is not None:
        return parser(name)
    if name[:1] == "T" and name[1:3].isdigit():
        return _parse_granule(name)
    if _AGERA5_C3S_MARK in name:
        return _parse_agera5_c3s(name)
    raise ProductNameError(name, _UNKNOWN_EXPECTED)


def _from_path(rec: ProductName, text: str) -> ProductName:
    """Fill what a basename cannot tell from the enclosing folders of a full path."""
    parts = text.replace("\\", "/").rstrip("/").split("/")[:-1]
    if rec.variant == "s2_granule":
        for part in reversed(parts):
            if part.endswith(".SAFE") and part[:3] in ("S2A", "S2B", "S2C", "S2D"):
                try:
                    safe = _parse_s2_safe(part)
                except ProductNameError:
                    return rec
                return rec._replace(mission=safe.mission, product=safe.product)
        return rec
    # s2_layer without product: the product folder is the parent, or the grandparent of 10M/20M/60M.
    if parts and parts[-1] in ("10M", "20M", "60M"):
        parts = parts[:-1]
    if not parts:
        return rec
    try:
        folder = _parse_s2(parts[-1])
    except ProductNameError:
        return rec
    same = (folder.mission, folder.start, folder.tile, folder.version) == (
        rec.mission, rec.start, rec.tile, rec.version
    )  # fmt: skip
    if same and folder.variant in ("s2_product", "s2_product_res"):
        return rec._replace(family=folder.family, product=folder.product)
    return rec


def parse_name(text: str | os.PathLike[str]) -> ProductName:
    """Parse a product folder name, file name or path (see the module docstring for the patterns)."""
    if type(text) is not str:
        text = _as_str(text)
    if "/" in text or "\\" in text:
        return _parse_path(text)
    parser = _BY_PREFIX.get(text[:3])
    if parser is not None:  # the common case, kept free of extra calls
        return parser(text)
    return _parse_basename(text)


def _as_str(text: object) -> str:
    if isinstance(text, str):
        return str(text)
    try:
        value = os.fspath(text)  # type: ignore[call-overload]
    except TypeError:
        raise ProductNameError(repr(text), "expected a str or path") from None
    if not isinstance(value, str):
        raise ProductNameError(repr(text), "expected a str or path, not bytes")
    return value


def _parse_path(text: str) -> ProductName:
    rec = _parse_basename(basename(text))
    if (rec.variant == "s2_layer" and rec.product is None) or (
        rec.variant == "s2_granule" and rec.mission is None
    ):
        return _from_path(rec, text)
    return rec


def format_name(rec: ProductName) -> str:
    """The file or folder name of ``rec``, built from its fields (the inverse of ``parse_name``)."""
    formatter = _FORMATTERS.get(rec.variant)
    if formatter is None:
        raise ProductNameError(
            str(rec.variant), f"unknown name layout; expected one of {sorted(_FORMATTERS)}"
        )
    return formatter(rec)
