"""Scaling rules (reference section 3: PV = scale · DN + offset) held to the reference, written out
here, for real Terrascope file names (reference sections 1-2): these tests kill every mutant
`make mutants` makes of plugin/core/products/scaling.py (see docs/MUTANTS.md)."""

from __future__ import annotations

import math

import pytest

from plugin.core.names import parse_name
from plugin.core.products.scaling import Scaling, scaling_for

TOC = "S2B_20180814T105019_31UDS_{}_V200.tif"
BIOPAR = "S2A_20190307T105021_31UFS_{}_V210.tif"

# (label, scale, offset, valid_min, valid_max, nodata, unit, dtype) from the reference tables.
REFLECTANCE = (0.0001, 0.0, None, None, 32767, "reflectance", "int16")
ANGLE = (0.01, 0.0, None, None, 32767, "degrees", "int16")


def fields(s: Scaling | None) -> tuple | None:
    if s is None:
        return None
    return (s.label, s.scale, s.offset, s.valid_min, s.valid_max, s.nodata, s.unit, s.dtype, s.known)


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        (TOC.format("TOC-B04_10M"), ("Reflectance B04", *REFLECTANCE, True)),
        (TOC.format("TOC-B8A_20M"), ("Reflectance B8A", *REFLECTANCE, True)),
        (TOC.format("TOC-B01_60M"), ("Reflectance B01", *REFLECTANCE, True)),
        (
            TOC.format("AOT_60M"),
            ("Aerosol optical thickness", 0.001, 0.0, None, None, 32767, "", "uint16", True),
        ),
        (TOC.format("WVP_60M"), ("Water vapour", 0.001, 0.0, None, None, 32767, "", "uint16", True)),
        (TOC.format("SZA_60M"), ("Sun zenith angle", *ANGLE, True)),
        (TOC.format("VZA_60M"), ("View zenith angle", *ANGLE, True)),
        (TOC.format("RAA_60M"), ("Relative azimuth angle", *ANGLE, True)),
        (BIOPAR.format("NDVI_10M"), ("NDVI", 0.004, -0.08, 0, 250, 255, "", "uint8", True)),
        (BIOPAR.format("FAPAR_10M"), ("FAPAR", 0.005, 0.0, 0, 200, 255, "fraction", "uint8", True)),
        (BIOPAR.format("FCOVER_20M"), ("FCOVER", 0.005, 0.0, 0, 200, 255, "fraction", "uint8", True)),
        (BIOPAR.format("LAI_10M"), ("LAI", 0.04, 0.0, 0, 250, 255, "m²/m²", "uint8", True)),
        # CCC, CWC: unknown in the reference, so nothing is invented.
        (BIOPAR.format("CCC_20M"), ("CCC", None, None, None, None, None, "", "uint8", False)),
        (BIOPAR.format("CWC_20M"), ("CWC", None, None, None, None, None, "", "uint8", False)),
        # V1xx: the table is confirmed for V2 only.
        (
            "S2B_20200119T110259Z_31UDQ_FAPAR_10M_V102.tif",
            ("FAPAR", None, None, None, None, None, "", "uint8", False),
        ),
        (
            "PROBAV_S10_TOC_X35Y12_20190801_333M_NDVI_V201.TIFF",
            ("NDVI", 0.004, -0.08, None, None, None, "", "", True),
        ),
        *[
            (
                f"PROBAV_S10_TOC_X35Y12_20190801_333M_{band}_V201.TIFF",
                ("Reflectance", 0.0005, 0.0, None, None, None, "reflectance", "", True),
            )
            for band in ("RADIOMETRY", "RED", "NIR", "BLUE", "SWIR")
        ],
        *[
            (
                f"S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110_{pol}.tif",
                ("Coherence", 0.004, 0.0, None, None, None, "", "", True),
            )
            for pol in ("VV", "VH")
        ],
    ],
)
def test_scaling_of_real_file_names(file_name: str, expected: tuple) -> None:
    assert fields(scaling_for(parse_name(file_name))) == expected


@pytest.mark.parametrize(
    "file_name",
    [
        TOC.format("SCENECLASSIFICATION_20M"),  # class codes, not a quantity
        TOC.format("TOC_QUICKLOOK"),
        "S2B_20180814T105019_31UDS_TOC_V200.xml",
        BIOPAR.format("FAPAR_QUICKLOOK"),
        "S2A_20190307T105021_31UFS_FAPAR_10M_V210.xml",
        BIOPAR.format("SCENECLASSIFICATION_20M"),
        "S2B_20200119T110259Z_31UDQ_SHADOWMASK_10M_V102.tif",
        "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110_VV.tif",  # linear sigma0
        "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110_angle.tif",
        "PROBAV_S10_TOC_X35Y12_20190801_333M_GEOMETRY_V201.TIFF",
        "PROBAV_S10_TOC_X35Y12_20190801_333M_SM_V201.TIFF",
    ],
)
def test_layers_that_are_not_scaled_quantities(file_name: str) -> None:
    assert scaling_for(parse_name(file_name)) is None


def test_quality_layers_of_a_known_content_are_scaled() -> None:
    """``kind`` 'quality' is scaled like data when its content has a table row."""
    name = parse_name(TOC.format("AOT_60M"))._replace(kind="quality")
    assert fields(scaling_for(name)) == (
        "Aerosol optical thickness",
        0.001,
        0.0,
        None,
        None,
        32767,
        "",
        "uint16",
        True,
    )


def test_content_is_matched_case_insensitively() -> None:
    toc = parse_name(TOC.format("TOC-B04_10M"))
    assert fields(scaling_for(toc._replace(content="toc-b04"))) == ("Reflectance B04", *REFLECTANCE, True)
    assert fields(scaling_for(parse_name(TOC.format("AOT_60M"))._replace(content="aot")))[1] == 0.001
    ndvi = parse_name(BIOPAR.format("NDVI_10M"))
    assert fields(scaling_for(ndvi._replace(product="ndvi", content="ndvi")))[1:3] == (0.004, -0.08)
    probav = parse_name("PROBAV_S10_TOC_X35Y12_20190801_333M_NDVI_V201.TIFF")
    assert fields(scaling_for(probav._replace(content="ndvi")))[1:3] == (0.004, -0.08)
    coherence = parse_name("S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110_VV.tif")
    assert fields(scaling_for(coherence._replace(content="vh")))[1] == 0.004


def test_biophysical_product_from_content_or_product() -> None:
    ndvi = parse_name(BIOPAR.format("NDVI_10M"))
    # No product field: the content names the product.
    assert fields(scaling_for(ndvi._replace(product=None)))[:3] == ("NDVI", 0.004, -0.08)
    # No content (e.g. a title): the product's own layer.
    assert fields(scaling_for(ndvi._replace(content=None)))[:3] == ("NDVI", 0.004, -0.08)
    # Another layer of the product is not the product's quantity.
    assert scaling_for(ndvi._replace(content="FAPAR")) is None
    assert scaling_for(ndvi._replace(content="QUICKLOOK", kind="data")) is None
    # No version: taken as V2; V200 as V2; lower case too.
    assert fields(scaling_for(ndvi._replace(version=None)))[1] == 0.004
    assert fields(scaling_for(ndvi._replace(version="V200")))[1] == 0.004
    assert fields(scaling_for(ndvi._replace(version="v210")))[1] == 0.004
    assert fields(scaling_for(ndvi._replace(version="v101"))) == (
        "NDVI",
        None,
        None,
        None,
        None,
        None,
        "",
        "uint8",
        False,
    )


def test_unknown_content_of_a_known_family() -> None:
    assert scaling_for(parse_name(TOC.format("TOC-B04_10M"))._replace(content="XYZ")) is None
    assert scaling_for(parse_name(TOC.format("TOC-B04_10M"))._replace(content=None)) is None
    coherence = parse_name("S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110_VV.tif")
    assert scaling_for(coherence._replace(content="HH")) is None
    assert scaling_for(coherence._replace(content=None)) is None
    assert scaling_for(coherence._replace(family="S1_SIGMA0")) is None


@pytest.mark.parametrize(
    ("file_name", "low", "high"),
    [
        (BIOPAR.format("NDVI_10M"), -0.08, 0.92),
        (BIOPAR.format("FAPAR_10M"), 0.0, 1.0),
        (BIOPAR.format("FCOVER_10M"), 0.0, 1.0),
        (BIOPAR.format("LAI_10M"), 0.0, 10.0),
    ],
)
def test_physical_range_is_the_reference_range(file_name: str, low: float, high: float) -> None:
    scaling = scaling_for(parse_name(file_name))
    assert scaling is not None
    result = scaling.physical_range()
    assert result is not None
    assert math.isclose(result[0], low, abs_tol=1e-9) and math.isclose(result[1], high, abs_tol=1e-9)


def test_physical_range_of_an_asymmetric_made_up_row() -> None:
    """Independent arithmetic: 0.5 · 10 + 3 = 8 and 0.5 · 30 + 3 = 18."""
    row = Scaling("x", 0.5, 3.0, 10, 30, None, "", "uint8")
    assert row.physical_range() == (8.0, 18.0)


@pytest.mark.parametrize(
    "file_name",
    [
        TOC.format("TOC-B04_10M"),  # no valid range in the table
        BIOPAR.format("CCC_20M"),  # unknown
        "S2B_20200119T110259Z_31UDQ_FAPAR_10M_V102.tif",  # V1xx: unknown
    ],
)
def test_no_physical_range_without_a_known_bounded_row(file_name: str) -> None:
    scaling = scaling_for(parse_name(file_name))
    assert scaling is not None and scaling.physical_range() is None


def test_physical_range_needs_both_bounds_and_a_known_row() -> None:
    assert Scaling("x", 0.5, 3.0, None, 30, None, "", "uint8").physical_range() is None
    assert Scaling("x", 0.5, 3.0, 10, None, None, "", "uint8").physical_range() is None
    assert Scaling("x", 0.5, 3.0, 10, 30, None, "", "uint8", known=False).physical_range() is None


def test_gdal_tags_win_over_the_table_and_say_so() -> None:
    """Reference section 3: GDAL scale/offset tags, when present, win over the table, and the
    algorithm says which it used. A file with a scale tag and no offset tag has offset 0."""
    from plugin.core.products.scaling import scale_and_offset

    ndvi = scaling_for(parse_name("S2A_20250516T104651_31UFS_NDVI_10M_V210.tif"))
    tags = "the file's GDAL scale/offset tags"
    assert scale_and_offset(0.5, 2.0, ndvi) == (0.5, 2.0, tags)
    assert scale_and_offset(0.5, None, ndvi) == (0.5, 0.0, tags)
    assert scale_and_offset(None, None, ndvi) == (0.004, -0.08, "the Terrascope table for NDVI")
    ccc = scaling_for(parse_name("S2A_20250516T104651_31UFS_CCC_20M_V210.tif"))  # unknown: never invented
    assert scale_and_offset(None, None, ccc) is None
    assert scale_and_offset(None, None, None) is None
