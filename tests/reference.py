"""Archive facts the tests hold the code to, written out by hand from the reference file
(``../shared/terrascope-reference.md``, sections 2-4), never imported from the plugin.

A test that takes its expected value from the code under test passes whatever the code says;
these tables are the independent copy. Change them only when the reference changes.
Importable from tests/unit and tests/qgis: no qgis, no Qt, no plugin import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# --------------------------------------------------------------------------- section 4: SCL

# (value, label, colour) of the 12 scene classification classes, colours as Sentinel Hub's script.
SCL_CLASSES: tuple[tuple[int, str, str], ...] = (
    (0, "No data", "#000000"),
    (1, "Saturated or defective", "#ff0000"),
    (2, "Dark area pixels / topographic shadows", "#2f2f2f"),
    (3, "Cloud shadows", "#643200"),
    (4, "Vegetation", "#00a000"),
    (5, "Not vegetated", "#ffe65a"),
    (6, "Water", "#0000ff"),
    (7, "Unclassified", "#808080"),
    (8, "Cloud, medium probability", "#c0c0c0"),
    (9, "Cloud, high probability", "#ffffff"),
    (10, "Thin cirrus", "#64c8ff"),
    (11, "Snow or ice", "#ff96ff"),
)
SCL_LABELS: dict[int, str] = {value: label for value, label, _ in SCL_CLASSES}
SCL_COLOURS: dict[int, str] = {value: colour for value, _, colour in SCL_CLASSES}

# What Terrascope's own biophysical processing masks: no data, saturated, cloud shadow,
# cloud medium and high probability, thin cirrus, snow.
DEFAULT_MASK: frozenset[int] = frozenset({0, 1, 3, 8, 9, 10, 11})

# The SCL is 20 m; on a 10 m layer each SCL pixel covers 2x2 pixels (nearest neighbour, same grid).
SCL_RESOLUTION_M = 20


# --------------------------------------------------------------------------- section 3: scaling


@dataclass(frozen=True)
class Row:
    """One line of the scaling table: PV = scale * DN + offset.

    ``valid_min``/``valid_max`` bound the valid DN (None: the reference gives no bound);
    ``nodata`` None means the reference gives none (read it from the file); NaN for float
    layers whose nodata is NaN; ``dtype`` "" when the reference does not state it."""

    scale: float
    offset: float
    valid_min: int | None
    valid_max: int | None
    nodata: float | None
    dtype: str

    def physical(self, dn: float) -> float:
        return self.scale * dn + self.offset


REFLECTANCE = Row(0.0001, 0.0, None, None, 32767, "int16")
AEROSOL_WATER_VAPOUR = Row(0.001, 0.0, None, None, 32767, "uint16")
ANGLE = Row(0.01, 0.0, None, None, 32767, "int16")

# Sentinel-2 TOC V2 layers (CONTENT of the file name, section 2) -> row.
S2_TOC: dict[str, Row] = {
    **{
        f"TOC-{band}": REFLECTANCE
        for band in ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
    },
    "AOT": AEROSOL_WATER_VAPOUR,
    "WVP": AEROSOL_WATER_VAPOUR,
    "SZA": ANGLE,
    "VZA": ANGLE,
    "RAA": ANGLE,
}
# Resolution (m) each TOC layer is delivered at (section 2).
S2_TOC_RESOLUTION: dict[str, int] = {
    **{f"TOC-{b}": 10 for b in ("B02", "B03", "B04", "B08")},
    **{f"TOC-{b}": 20 for b in ("B05", "B06", "B07", "B8A", "B11", "B12")},
    "SCENECLASSIFICATION": 20,
    **{k: 60 for k in ("TOC-B01", "AOT", "WVP", "SZA", "VZA", "RAA")},
}

# Sentinel-2 biophysical V2: uint8, nodata 255. DN between valid_max and 255 are invalid.
S2_BIOPAR: dict[str, Row] = {
    "NDVI": Row(0.004, -0.08, 0, 250, 255, "uint8"),
    "FAPAR": Row(0.005, 0.0, 0, 200, 255, "uint8"),
    "FCOVER": Row(0.005, 0.0, 0, 200, 255, "uint8"),
    "LAI": Row(0.04, 0.0, 0, 250, 255, "uint8"),  # table value; file tags win (conflicting evidence)
}
# Scaling unknown in the reference: never invented, read from the file or given by the user.
S2_BIOPAR_UNKNOWN: frozenset[str] = frozenset({"CCC", "CWC"})
# Physical ranges stated by the reference.
S2_BIOPAR_PHYSICAL: dict[str, tuple[float, float]] = {
    "NDVI": (-0.08, 0.92),
    "FAPAR": (0.0, 1.0),
    "FCOVER": (0.0, 1.0),
    "LAI": (0.0, 10.0),
}

# Sentinel-2 V220 changes (2024 onwards): RAA uint16 with nodata 65535; a CLOUDMASK_20M file.
S2_V220_RAA = Row(0.01, 0.0, None, None, 65535, "uint16")
S2_V220_CLOUDMASK_NODATA = 255

# PROBA-V S10 TOC 333M: scale and offset confirmed; nodata and dtype from the file.
PROBAV: dict[str, tuple[float, float]] = {
    "NDVI": (0.004, -0.08),
    "RED": (0.0005, 0.0),
    "NIR": (0.0005, 0.0),
    "BLUE": (0.0005, 0.0),
    "SWIR": (0.0005, 0.0),
    "SZA": (0.5, 0.0),
    "VZA": (0.5, 0.0),
    "SAA": (1.5, 0.0),
    "VAA": (1.5, 0.0),
}

# Sentinel-1: coherence DN scale 0.004; GRD sigma0 float32 linear, nodata NaN, dB = 10 log10.
S1_COHERENCE_SCALE = 0.004
S1_SIGMA0_DTYPE = "float32"
S1_SIGMA0_NODATA = math.nan


def sigma0_db(linear: float) -> float:
    return 10.0 * math.log10(linear)


# --------------------------------------------------------------------------- section 2: versions

# Sentinel-2 versions in processing order; a later one reprocesses (and hides) an earlier one
# of the same product: V210 hides V200. By default a search keeps only the newest.
S2_VERSIONS: tuple[str, ...] = ("V101", "V102", "V200", "V210", "V220")
NEWEST_ONLY_BY_DEFAULT = True


def newest(versions: list[str]) -> str:
    """The version a default search keeps among versions of one product."""
    return max(versions, key=S2_VERSIONS.index)


# V1xx names carry a Z after the time; V2xx names do not.
V1_NAME_EXAMPLE = "S2B_20200119T110259Z_31UDQ_FAPAR_10M_V102.tif"
V2_NAME_EXAMPLE = "S2A_20190307T105021_31UFS_FAPAR_10M_V210.tif"
