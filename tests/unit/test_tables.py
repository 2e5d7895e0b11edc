"""Scaling and SCL tables against the reference facts (sections 3 and 4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from plugin.core import about
from plugin.core.products.scaling import S2_BIOPAR, scaling_for
from plugin.core.products.scl import DEFAULT_MASK, SCL_BY_VALUE, SCL_CLASSES, parse_classes

ROOT = Path(__file__).resolve().parents[2]


def test_core_imports_no_qt_or_qgis():
    """The core is what Spark jobs and the command line reuse: importing all of it pulls no Qt/QGIS."""
    code = (
        "import pkgutil, importlib, sys, plugin.core as core\n"
        "for info in pkgutil.walk_packages(core.__path__, 'plugin.core.'):\n"
        "    if not info.name.endswith('__main__'): importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('qgis', 'PyQt5', 'sip'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_version_comes_from_metadata_txt():
    assert about.name() == "Terrascope Browser"
    assert about.version().count(".") == 2


@pytest.mark.parametrize(
    ("product", "scale", "offset", "valid_max"),
    [
        ("NDVI", 0.004, -0.08, 250),
        ("FAPAR", 0.005, 0.0, 200),
        ("FCOVER", 0.005, 0.0, 200),
        ("LAI", 0.04, 0.0, 250),
    ],
)
def test_biopar_table(product, scale, offset, valid_max):
    row = S2_BIOPAR[product]
    assert (row.scale, row.offset, row.valid_min, row.valid_max, row.nodata, row.dtype) == (
        scale,
        offset,
        0,
        valid_max,
        255,
        "uint8",
    )
    assert row.known


def test_ndvi_physical_range():
    low, high = S2_BIOPAR["NDVI"].physical_range()
    assert low == pytest.approx(-0.08) and high == pytest.approx(0.92)


@pytest.mark.parametrize("product", ["CCC", "CWC"])
def test_unknown_products_are_marked_unknown(product):
    row = S2_BIOPAR[product]
    assert not row.known and row.scale is None and row.offset is None and row.physical_range() is None


def test_scl_classes_match_reference():
    assert [c.value for c in SCL_CLASSES] == list(range(12))
    assert SCL_BY_VALUE[4].colour == "#00a000" and SCL_BY_VALUE[4].label == "Vegetation"
    assert SCL_BY_VALUE[10].colour == "#64c8ff"
    assert DEFAULT_MASK == {0, 1, 3, 8, 9, 10, 11}


def test_parse_classes():
    assert parse_classes("3,8,9") == {3, 8, 9}
    assert parse_classes(" 3; 8 ") == {3, 8}
    assert parse_classes([0, 11]) == {0, 11}
    with pytest.raises(ValueError, match="12 does not exist"):
        parse_classes("12")
    with pytest.raises(ValueError, match="not a number"):
        parse_classes("3,cloud")


def _names():
    from plugin.core.products.names import parse_name

    return parse_name


@pytest.mark.parametrize(
    ("name", "scale", "nodata"),
    [
        ("S2B_20190827T105029_31UFS_TOC-B04_10M_V200.tif", 0.0001, 32767),
        ("S2B_20190827T105029_31UFS_AOT_60M_V200.tif", 0.001, 32767),
        ("S2B_20190827T105029_31UFS_SZA_60M_V200.tif", 0.01, 32767),
        ("S2A_20250516T104651_31UFS_NDVI_10M_V210.tif", 0.004, 255),
        ("S2A_20190307T105021_31UFS_FAPAR_10M_V210.tif", 0.005, 255),
        ("S2A_20190307T105021_31UFS_LAI_20M_V210.tif", 0.04, 255),
    ],
)
def test_scaling_lookup_by_parsed_name(name, scale, nodata):
    row = scaling_for(_names()(name))
    assert row is not None and row.scale == scale and row.nodata == nodata


@pytest.mark.parametrize(
    "name",
    [
        "S2B_20190827T105029_31UFS_SCENECLASSIFICATION_20M_V200.tif",
        "S2B_20190827T105029_31UFS_TOC_QUICKLOOK_V200.tif",
        "S2B_20190827T105029_31UFS_TOC_V200.xml",
    ],
)
def test_unscaled_layers_have_no_scaling(name):
    assert scaling_for(_names()(name)) is None


def test_ccc_lookup_is_unknown():
    row = scaling_for(_names()("S2A_20190307T105021_31UFS_CCC_20M_V210.tif"))
    assert row is not None and not row.known
