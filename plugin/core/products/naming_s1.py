"""Sentinel-1 names: Terrascope sigma0 and coherence products, ESA SAFE products and the SAFE's
measurement and annotation files (``s1a-iw-grd-vv-<start>-<stop>-<orbit>-<datatake>-001.tiff``)."""

from __future__ import annotations

import re

from .naming_base import ProductName, ProductNameError, band_suffix, fmt_ts, fullmatch_or_raise, parse_ts

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
# Files inside a SAFE: measurement/<m>.tiff (OCN: .nc), annotation/<m>.xml and
# annotation/calibration/{calibration,noise}-<m>.xml, annotation/rfi/rfi-<m>.xml.
_S1_MEMBER_RE = re.compile(
    r"(?:(calibration|noise|rfi)-)?(s1[a-d])-(iw[1-3]?|ew[1-5]?|s[1-6]|wv[12]?)-(grd|slc|ocn)-(hh|hv|vv|vh)-"
    r"([0-9]{8}t[0-9]{6})-([0-9]{8}t[0-9]{6})-([0-9]{6})-([0-9a-f]{6})-([0-9]{3})(\.tiff|\.xml|\.nc)",
    re.ASCII,
)
_S1_EXPECTED = (
    "expected a Sentinel-1 name: sigma0 S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110[_VV.tif], "
    "coherence S1A_S1B_Coherence_<ts>_<ts>_ASC_161_V110[_VV.tif] or a SAFE "
    "S1A_IW_GRDH_1SDV_<ts>_<ts>_026262_02EF7A_1B2C.SAFE"
)
_S1_MEMBER_EXPECTED = (
    "expected a Sentinel-1 SAFE measurement or annotation file like "
    "s1a-iw-grd-vv-20190307t172435-20190307t172500-026262-02ef7a-001.tiff (or calibration-/noise-/rfi-<...>.xml)"
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


def parse_s1(name: str) -> ProductName:
    if name[3:5] == "_S":
        return _parse_s1_coherence(name)
    m = _S1_SIGMA0_RE.fullmatch(name)
    if m is None:
        return parse_s1_safe(name)
    mission, mode, ptype, pol, ts, direction, orbit, ident, version, content, ext = m.groups()
    ext = ext or ""
    kind = _layer_kind(name, content, ext)
    start = parse_ts(name, ts)
    return ProductName(
        "S1_SIGMA0", mission, start, start, None, None, "SIGMA0", content, None, version, kind,
        ext, "s1_sigma0", direction, _s1_orbit(name, orbit), None, (mode, ptype, pol, ident),
    )  # fmt: skip


def fmt_s1_sigma0(rec: ProductName) -> str:
    mode, ptype, pol, ident = rec.extra
    band = band_suffix(rec)
    return (
        f"{rec.mission}_{mode}_{ptype}_{rec.product}_{pol}_{fmt_ts(rec.start)}_{rec.direction}_"  # type: ignore[arg-type]
        f"{rec.orbit}_{ident}_{rec.version}{band}{rec.ext}"
    )


def _parse_s1_coherence(name: str) -> ProductName:
    m = fullmatch_or_raise(_S1_COHERENCE_RE, name, _S1_EXPECTED)
    missions, ts1, ts2, direction, orbit, version, content, ext = m.groups()
    ext = ext or ""
    kind = _layer_kind(name, content, ext)
    start, end = parse_ts(name, ts1), parse_ts(name, ts2)
    return ProductName(
        "S1_COHERENCE", missions, start, end, None, None, "COHERENCE", content, None, version, kind,
        ext, "s1_coherence", direction, _s1_orbit(name, orbit),
    )  # fmt: skip


def fmt_s1_coherence(rec: ProductName) -> str:
    band = band_suffix(rec)
    return (
        f"{rec.mission}_Coherence_{fmt_ts(rec.start)}_{fmt_ts(rec.end)}_{rec.direction}_"  # type: ignore[arg-type]
        f"{rec.orbit}_{rec.version}{band}{rec.ext}"
    )


def parse_s1_safe(name: str) -> ProductName:
    m = fullmatch_or_raise(_S1_SAFE_RE, name, _S1_EXPECTED)
    mission, mode, ptype, res_class, level_pol, ts1, ts2, abs_orbit, datatake, uid, ext = m.groups()
    start, end = parse_ts(name, ts1), parse_ts(name, ts2)
    return ProductName(
        "S1_SAFE", mission, start, end, None, None, ptype, None, None, None, "product",
        ext or "", "s1_safe", None, None, None, (mode, res_class, level_pol, abs_orbit, datatake, uid),
    )  # fmt: skip


def fmt_s1_safe(rec: ProductName) -> str:
    mode, res_class, level_pol, abs_orbit, datatake, uid = rec.extra
    return (
        f"{rec.mission}_{mode}_{rec.product}{res_class}_{level_pol}_{fmt_ts(rec.start)}_"  # type: ignore[arg-type]
        f"{fmt_ts(rec.end)}_{abs_orbit}_{datatake}_{uid}{rec.ext}"  # type: ignore[arg-type]
    )


def parse_s1_member(name: str) -> ProductName:
    """A measurement (data, content = polarisation) or annotation file (metadata) of an S1 SAFE."""
    m = fullmatch_or_raise(_S1_MEMBER_RE, name, _S1_MEMBER_EXPECTED)
    role, mission, swath, ptype, pol, ts1, ts2, abs_orbit, datatake, image, ext = m.groups()
    measurement = ".nc" if ptype == "ocn" else ".tiff"
    if ext == ".xml":
        kind = "metadata"
    elif role is None and ext == measurement:
        kind = "data"
    else:
        raise ProductNameError(name, f"a {ptype} measurement is a {measurement}, an annotation an .xml")
    start, end = parse_ts(name, ts1), parse_ts(name, ts2)
    return ProductName(
        "S1_SAFE", mission.upper(), start, end, None, None, ptype.upper(), pol.upper(), None, None, kind,
        ext, "s1_member", None, None, None, (role or "", swath, abs_orbit, datatake, image),
    )  # fmt: skip


def fmt_s1_member(rec: ProductName) -> str:
    role, swath, abs_orbit, datatake, image = rec.extra
    prefix = f"{role}-" if role else ""
    return (
        f"{prefix}{rec.mission.lower()}-{swath}-{rec.product.lower()}-{rec.content.lower()}-"  # type: ignore[union-attr]
        f"{fmt_ts(rec.start).lower()}-{fmt_ts(rec.end).lower()}-{abs_orbit}-{datatake}-{image}{rec.ext}"  # type: ignore[arg-type]
    )
