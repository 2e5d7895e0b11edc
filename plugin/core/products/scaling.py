"""Digital number -> physical value tables (reference section 3).

``PV = scale * DN + offset``. Values marked unknown in the reference (CCC, CWC)
have ``known=False``: callers must then use the file's GDAL scale/offset tags or
a value the user gives. Nothing here is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .names import ProductName


@dataclass(frozen=True)
class Scaling:
    label: str
    scale: float | None
    offset: float | None
    valid_min: int | None  # inclusive valid DN range; None = not bounded by the table
    valid_max: int | None
    nodata: int | float | None
    unit: str
    dtype: str
    known: bool = True

    def physical_range(self) -> tuple[float, float] | None:
        if not self.known or self.valid_min is None or self.valid_max is None:
            return None
        assert self.scale is not None and self.offset is not None
        return (self.scale * self.valid_min + self.offset, self.scale * self.valid_max + self.offset)


def _unknown(label: str, dtype: str = "", nodata: int | None = None) -> Scaling:
    return Scaling(label, None, None, None, None, nodata, "", dtype, known=False)


REFLECTANCE = Scaling("Reflectance", 0.0001, 0.0, None, None, 32767, "reflectance", "int16")
AEROSOL = Scaling("Aerosol optical thickness", 0.001, 0.0, None, None, 32767, "", "uint16")
WATER_VAPOUR = Scaling("Water vapour", 0.001, 0.0, None, None, 32767, "", "uint16")
ANGLE = Scaling("Angle", 0.01, 0.0, None, None, 32767, "degrees", "int16")

# Sentinel-2 biophysical V2, uint8, nodata 255.
S2_BIOPAR: dict[str, Scaling] = {
    "NDVI": Scaling("NDVI", 0.004, -0.08, 0, 250, 255, "", "uint8"),
    "FAPAR": Scaling("FAPAR", 0.005, 0.0, 0, 200, 255, "fraction", "uint8"),
    "FCOVER": Scaling("FCOVER", 0.005, 0.0, 0, 200, 255, "fraction", "uint8"),
    "LAI": Scaling("LAI", 0.04, 0.0, 0, 250, 255, "m²/m²", "uint8"),
    "CCC": _unknown("CCC", "uint8"),
    "CWC": _unknown("CWC", "uint8"),
}

S2_TOC: dict[str, Scaling] = {
    "AOT": AEROSOL,
    "WVP": WATER_VAPOUR,
    "SZA": replace(ANGLE, label="Sun zenith angle"),
    "VZA": replace(ANGLE, label="View zenith angle"),
    "RAA": replace(ANGLE, label="Relative azimuth angle"),
}

# V220 (2024 onwards) stores the relative azimuth as uint16 with nodata 65535; the rest is as V210.
S2_TOC_V220: dict[str, Scaling] = {
    **S2_TOC,
    "RAA": replace(ANGLE, label="Relative azimuth angle", dtype="uint16", nodata=65535),
}

# PROBA-V S10 TOC 333M: scale and offset confirmed, nodata and dtype to be read from the file.
PROBAV: dict[str, Scaling] = {
    "NDVI": Scaling("NDVI", 0.004, -0.08, None, None, None, "", ""),
    "RADIOMETRY": Scaling("Reflectance", 0.0005, 0.0, None, None, None, "reflectance", ""),
    "RED": Scaling("Reflectance", 0.0005, 0.0, None, None, None, "reflectance", ""),
    "NIR": Scaling("Reflectance", 0.0005, 0.0, None, None, None, "reflectance", ""),
    "BLUE": Scaling("Reflectance", 0.0005, 0.0, None, None, None, "reflectance", ""),
    "SWIR": Scaling("Reflectance", 0.0005, 0.0, None, None, None, "reflectance", ""),
}

S1_COHERENCE = Scaling("Coherence", 0.004, 0.0, None, None, None, "", "")


def scaling_for(name: ProductName) -> Scaling | None:
    """Scaling of a data layer, or None when the layer is not a scaled quantity
    (SCL, quicklooks, metadata, masks, linear sigma0)."""
    if name.kind not in ("data", "quality"):
        return None
    content = (name.content or "").upper()
    if name.family == "S2_TOC":
        if content.startswith("TOC-B"):
            return replace(REFLECTANCE, label=f"Reflectance {content[4:]}")
        table = S2_TOC_V220 if (name.version or "").upper() >= "V220" else S2_TOC
        return table.get(content)
    if name.family == "S2_BIOPAR":
        product = (name.product or content).upper()
        table = S2_BIOPAR.get(product)
        if table is None or content not in (product, ""):
            return None
        if not (name.version or "V2").upper().startswith("V2"):
            # The table is confirmed for V2 only; V1xx must use file tags or a user value.
            return _unknown(table.label, table.dtype)
        return table
    if name.family == "PROBAV":
        return PROBAV.get(content)
    if name.family == "S1_COHERENCE" and content in ("VV", "VH"):
        return S1_COHERENCE
    return None


def scale_and_offset(
    tag_scale: float | None, tag_offset: float | None, table: Scaling | None
) -> tuple[float, float, str] | None:
    """``(scale, offset, source)`` of a band: its GDAL scale/offset tags win, then the Terrascope
    table when it is known; None when neither gives them (the user's values, or nothing)."""
    if tag_scale is not None:
        return float(tag_scale), float(tag_offset or 0.0), "the file's GDAL scale/offset tags"
    if table is not None and table.known and table.scale is not None and table.offset is not None:
        return float(table.scale), float(table.offset), f"the Terrascope table for {table.label}"
    return None
