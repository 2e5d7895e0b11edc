"""Sentinel-2 names: Terrascope products (TOC, biophysical, V1 containers), ESA SAFE products and granule JP2s."""

from __future__ import annotations

import re
from typing import NamedTuple

from .naming_base import (
    ProductName,
    ProductNameError,
    fmt_ts,
    fullmatch_or_raise,
    new_record,
    parse_ts,
    tile_epsg,
)

# --------------------------------------------------------------------------- Terrascope
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
# Quality layers and the family a bare name gets; CLOUDMASK is a V102 biophysical mask, and from V220
# on a TOC layer (see _parse_s2). A full path's product folder decides in the end.
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


def parse_s2(name: str) -> ProductName:
    m = _S2_RE.fullmatch(name)
    if m is None:
        if name[3:7] == "_MSI":
            return parse_s2_safe(name)
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
    if content == "CLOUDMASK" and version[1] != "1":
        family = "S2_TOC"  # V220 (2024 onwards): CLOUDMASK_20M sits beside the TOC bands
    if seq is None:
        if variant == "s2_cgs":
            raise ProductNameError(name, "the V1xx CGS container ends in _<VERSION>_<NNN>")
        extra: tuple[str, ...] = ()
    elif variant == "s2_cgs":
        extra = (seq,)
    else:
        raise ProductNameError(name, "only the V1xx CGS container ends in _<VERSION>_<NNN>")
    start = parse_ts(name, ts)
    epsg = tile_epsg(name, tile)
    return new_record(
        ProductName,
        (family, mission, start, start, tile, epsg, product, content, resolution, version, kind,
         ext, variant, None, None, None, extra),
    )  # fmt: skip


def _s2_head(rec: ProductName) -> str:
    z = "Z" if rec.version is not None and rec.version[1:2] == "1" else ""
    return f"{rec.mission}_{fmt_ts(rec.start)}{z}_{rec.tile}_"  # type: ignore[arg-type]


def fmt_s2_product(rec: ProductName) -> str:
    return f"{_s2_head(rec)}{rec.product}_{rec.version}{rec.ext}"


def fmt_s2_product_res(rec: ProductName) -> str:
    return f"{_s2_head(rec)}{rec.product}_{rec.resolution}M_{rec.version}{rec.ext}"


def fmt_s2_quicklook(rec: ProductName) -> str:
    return f"{_s2_head(rec)}{rec.product}_QUICKLOOK_{rec.version}{rec.ext}"


def fmt_s2_layer(rec: ProductName) -> str:
    return f"{_s2_head(rec)}{rec.content}_{rec.resolution}M_{rec.version}{rec.ext}"


def fmt_s2_cgs(rec: ProductName) -> str:
    return f"{_s2_head(rec)}{rec.product}_{rec.version}_{rec.extra[0]}{rec.ext}"


def s2_folder_of(rec: ProductName, parts: list[str]) -> ProductName:
    """``rec`` (a bare S2 layer) with family and product from its product folder among ``parts``.

    The product folder is the parent, or the grandparent of a 10M/20M/60M folder; a folder of
    another acquisition, tile or version does not count.
    """
    if parts and parts[-1] in ("10M", "20M", "60M"):
        parts = parts[:-1]
    if not parts:
        return rec
    try:
        folder = parse_s2(parts[-1])
    except ProductNameError:
        return rec
    same = (folder.mission, folder.start, folder.tile, folder.version) == (
        rec.mission, rec.start, rec.tile, rec.version
    )  # fmt: skip
    if same and folder.variant in ("s2_product", "s2_product_res"):
        return rec._replace(family=folder.family, product=folder.product)
    return rec


# --------------------------------------------------------------------------- ESA SAFE and granule files
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


def parse_s2_safe(name: str) -> ProductName:
    m = fullmatch_or_raise(_S2_SAFE_RE, name, _S2_SAFE_EXPECTED)
    mission, level, ts, baseline, orbit, tile, discriminator, ext = m.groups()
    start = parse_ts(name, ts)
    parse_ts(name, discriminator)  # the SAFE's generation time must be a real time too
    epsg = tile_epsg(name, tile)
    relative_orbit = int(orbit)
    if not 1 <= relative_orbit <= 143:
        raise ProductNameError(name, "a Sentinel-2 relative orbit is R001..R143")
    return ProductName(
        "S2_SAFE", mission, start, start, tile, epsg, level, None, None, None, "product",
        ext or "", "s2_safe", None, relative_orbit, baseline, (discriminator,),
    )  # fmt: skip


def fmt_s2_safe(rec: ProductName) -> str:
    return (
        f"{rec.mission}_MSI{rec.product}_{fmt_ts(rec.start)}_{rec.baseline}_R{rec.orbit:03d}_"  # type: ignore[arg-type]
        f"T{rec.tile}_{rec.extra[0]}{rec.ext}"
    )


def parse_granule(name: str) -> ProductName:
    m = fullmatch_or_raise(_GRANULE_RE, name, _GRANULE_EXPECTED)
    tile, ts, band, res, ext = m.groups()
    start = parse_ts(name, ts)
    epsg = tile_epsg(name, tile)
    # Only L2A granule files carry a resolution suffix; PVI exists in both levels.
    level = "L2A" if res else (None if band == "PVI" else "L1C")
    return ProductName(
        "S2_SAFE", None, start, start, tile, epsg, level, band, int(res) if res else None, None,
        _GRANULE_KINDS.get(band, "data"), ext, "s2_granule",
    )  # fmt: skip


def fmt_granule(rec: ProductName) -> str:
    res = f"_{rec.resolution}m" if rec.resolution is not None else ""
    return f"T{rec.tile}_{fmt_ts(rec.start)}_{rec.content}{res}{rec.ext}"  # type: ignore[arg-type]
