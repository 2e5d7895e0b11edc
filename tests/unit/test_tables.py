"""Scaling and SCL tables against the reference facts (sections 3 and 4)."""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest

from plugin.core import about
from plugin.core.products.names import parse_name
from plugin.core.products.scaling import S2_BIOPAR, scaling_for
from plugin.core.products.scl import DEFAULT_MASK, SCL_BY_VALUE, SCL_CLASSES, parse_classes
from tests import reference

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
    """about.* must return what metadata.txt says (read here independently with configparser)."""
    parser = configparser.ConfigParser(interpolation=None)
    assert parser.read(ROOT / "metadata.txt", encoding="utf-8")
    general = parser["general"]
    assert about.name() == general["name"] == "Terrascope Browser"
    assert about.version() == general["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", general["version"])


def _s2_name(content: str, res: int | None, version: str = "V210") -> str:
    suffix = f"_{res}M" if res else ""
    return f"S2A_20250516T104651_31UFS_{content}{suffix}_{version}.tif"


def _fields(row) -> tuple:
    return (row.scale, row.offset, row.valid_min, row.valid_max, row.nodata, row.dtype)


@pytest.mark.parametrize("product", sorted(reference.S2_BIOPAR))
def test_biopar_table_matches_the_reference(product):
    expected = reference.S2_BIOPAR[product]
    assert _fields(S2_BIOPAR[product]) == _fields(expected)
    assert S2_BIOPAR[product].known
    for res in (10, 20):
        row = scaling_for(parse_name(_s2_name(product, res)))
        assert row is not None and _fields(row) == _fields(expected), (product, res)


@pytest.mark.parametrize("content", sorted(reference.S2_TOC))
@pytest.mark.parametrize("version", ["V200", "V210"])
def test_toc_table_matches_the_reference(content, version):
    res = reference.S2_TOC_RESOLUTION[content]
    row = scaling_for(parse_name(_s2_name(content, res, version)))
    assert row is not None and row.known
    assert _fields(row) == _fields(reference.S2_TOC[content])


def test_v220_relative_azimuth_is_uint16_with_nodata_65535():
    row = scaling_for(parse_name(_s2_name("RAA", 60, "V220")))
    assert row is not None and _fields(row) == _fields(reference.S2_V220_RAA)


@pytest.mark.parametrize("product", sorted(reference.S2_BIOPAR_PHYSICAL))
def test_biopar_physical_range(product):
    low, high = S2_BIOPAR[product].physical_range()
    assert (low, high) == pytest.approx(reference.S2_BIOPAR_PHYSICAL[product])


@pytest.mark.parametrize("product", sorted(reference.S2_BIOPAR_UNKNOWN))
def test_unknown_products_are_marked_unknown(product):
    row = S2_BIOPAR[product]
    assert not row.known and row.scale is None and row.offset is None and row.physical_range() is None
    assert not scaling_for(parse_name(_s2_name(product, 20))).known


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("PROBAV_S10_TOC_X17Y03_20200611_333M_NDVI_V101.tif", "NDVI"),
        ("PROBAV_S10_TOC_X35Y12_20190801_333M_NDVI_V201.TIFF", "NDVI"),
        ("PROBAV_S10_TOC_X17Y03_20200611_333M_RED_V101.tif", "RED"),
        ("PROBAV_S10_TOC_X17Y03_20200611_333M_NIR_V101.tif", "NIR"),
        ("PROBAV_S10_TOC_X17Y03_20200611_333M_BLUE_V101.tif", "BLUE"),
        ("PROBAV_S10_TOC_X17Y03_20200611_333M_SWIR_V101.tif", "SWIR"),
    ],
)
def test_probav_scaling_matches_the_reference(name, content):
    row = scaling_for(parse_name(name))
    assert row is not None and (row.scale, row.offset) == reference.PROBAV[content]
    assert row.nodata is None and row.dtype == ""  # not in the reference: read from the file


def test_s1_coherence_scale_and_linear_sigma0():
    coherence = "S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110"
    for pol in ("VV", "VH"):
        row = scaling_for(parse_name(f"{coherence}_{pol}.tif"))
        assert row is not None and row.scale == reference.S1_COHERENCE_SCALE and row.offset == 0.0
    sigma0 = "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110_VV.tif"
    assert scaling_for(parse_name(sigma0)) is None  # float32 linear values: no DN scaling


def test_scl_classes_match_reference():
    assert [(c.value, c.label, c.colour) for c in SCL_CLASSES] == list(reference.SCL_CLASSES)
    assert {v: (c.label, c.colour) for v, c in SCL_BY_VALUE.items()} == {
        v: (label, colour) for v, label, colour in reference.SCL_CLASSES
    }
    assert DEFAULT_MASK == reference.DEFAULT_MASK


def test_parse_classes():
    assert parse_classes("3,8,9") == {3, 8, 9}
    assert parse_classes(" 3; 8 ") == {3, 8}
    assert parse_classes([0, 11]) == {0, 11}
    with pytest.raises(ValueError, match="12 does not exist"):
        parse_classes("12")
    with pytest.raises(ValueError, match="not a number"):
        parse_classes("3,cloud")


@pytest.mark.parametrize(
    "name",
    [
        "S2B_20190827T105029_31UFS_SCENECLASSIFICATION_20M_V200.tif",
        "S2B_20190827T105029_31UFS_TOC_QUICKLOOK_V200.tif",
        "S2B_20190827T105029_31UFS_TOC_V200.xml",
    ],
)
def test_unscaled_layers_have_no_scaling(name):
    assert scaling_for(parse_name(name)) is None


def test_ccc_lookup_is_unknown():
    row = scaling_for(parse_name("S2A_20190307T105021_31UFS_CCC_20M_V210.tif"))
    assert row is not None and not row.known
