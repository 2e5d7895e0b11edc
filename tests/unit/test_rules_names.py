"""Name rules behind the mutants `make mutants` found alive in the naming modules: MGRS tiles and
their EPSG codes (reference section 2: UTM zone = first two digits, latitude band = third letter,
northern bands N-X -> EPSG 326zz, southern C-M -> 327zz), latitude/longitude corner tiles,
path inputs, granules inside a SAFE, 10M/20M/60M sub-folders (reference section 1) and the
error messages users read. Expected values are written out here (see docs/MUTANTS.md)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from plugin.core.names import ProductNameError, parse_name
from plugin.core.products.naming_base import mgrs_epsg

MGRS_HELP = "expected an MGRS tile: zone 01-60, latitude band C-X, 100 km square letters"


def message(name: str, expected: str) -> str:
    return f"not a recognised product name {name!r}: {expected}"


# --------------------------------------------------------------------------- MGRS and EPSG


@pytest.mark.parametrize(
    ("tile", "epsg"),
    [
        ("31UFS", 32631),  # Belgium: northern band U
        ("31NAA", 32631),  # N is the first northern band
        ("01CAA", 32701),  # C: southernmost band, zone 1 (columns A-H)
        ("21HUB", 32721),  # zone 21 (columns S-Z), southern band H
        ("32MLV", 32732),  # M is the last southern band (zone 32: columns J-R)
        ("60XVV", 32660),  # last zone, last band
    ],
)
def test_mgrs_epsg(tile: str, epsg: int) -> None:
    assert mgrs_epsg(tile) == epsg


@pytest.mark.parametrize("tile", ["31IFS", "31OFS", "31UZS", "00UFS", "61UFS", "31UF", "3UFS", "31UFW"])
def test_mgrs_epsg_refuses_other_tiles(tile: str) -> None:
    with pytest.raises(ProductNameError) as info:
        mgrs_epsg(tile)
    assert str(info.value) == message(tile, MGRS_HELP)


def test_mgrs_epsg_refuses_what_is_not_text() -> None:
    with pytest.raises(ProductNameError) as info:
        mgrs_epsg(31)  # type: ignore[arg-type]
    assert str(info.value) == message("31", MGRS_HELP)


# --------------------------------------------------------------------------- corner tiles


@pytest.mark.parametrize("tile", ["N90E180", "N90E000", "N00E180", "S90W180", "N51E003"])
def test_latitude_longitude_corners_up_to_the_poles_and_the_antimeridian(tile: str) -> None:
    assert parse_name(f"ESA_WorldCover_10m_2021_v200_{tile}_Map.tif").tile == tile
    lat, lon = tile[:3], tile[3:]
    assert parse_name(f"Copernicus_DSM_COG_10_{lat}_00_{lon}_00_DEM.tif").tile == tile


@pytest.mark.parametrize("tile", ["N91E000", "N00E181", "S99W999"])
def test_latitude_longitude_corners_beyond_the_globe(tile: str) -> None:
    name = f"ESA_WorldCover_10m_2021_v200_{tile}_Map.tif"
    with pytest.raises(ProductNameError) as info:
        parse_name(name)
    assert str(info.value) == message(name, f"tile {tile!r} is not a valid latitude/longitude corner")


LC100 = "{}_PROBAV_LC100_global_v3.0.1_2019-nrt_Discrete-Classification-map_EPSG-4326.tif"


@pytest.mark.parametrize("tile", ["E180N90", "E180N00", "E000N90", "W180S90", "E020N60"])
def test_longitude_latitude_corners_of_lc100_tiles(tile: str) -> None:
    assert parse_name(LC100.format(tile)).tile == tile


@pytest.mark.parametrize("tile", ["E181N00", "E000N91", "W999S99"])
def test_longitude_latitude_corners_beyond_the_globe(tile: str) -> None:
    name = LC100.format(tile)
    with pytest.raises(ProductNameError) as info:
        parse_name(name)
    assert str(info.value) == message(name, f"tile {tile!r} is not a valid longitude/latitude corner")


# --------------------------------------------------------------------------- inputs


NDVI_FILE = "S2A_20250516T104651_31UFS_NDVI_10M_V210.tif"


def test_paths_and_str_subclasses_are_names() -> None:
    class Text(str):
        pass

    expected = parse_name(NDVI_FILE)
    assert expected.content == "NDVI"
    assert parse_name(Text(NDVI_FILE)) == expected
    assert parse_name(Path(NDVI_FILE)) == expected
    assert parse_name(PurePosixPath("/data/MTDA") / NDVI_FILE) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (31, message("31", "expected a str or path")),
        (None, message("None", "expected a str or path")),
        (b"S2A.tif", message("b'S2A.tif'", "expected a str or path, not bytes")),
    ],
)
def test_other_values_are_refused_with_what_to_give(value: object, expected: str) -> None:
    with pytest.raises(ProductNameError) as info:
        parse_name(value)  # type: ignore[arg-type]
    assert str(info.value) == expected
    assert info.value.__cause__ is None and (
        info.value.__context__ is None or info.value.__suppress_context__
    )


# --------------------------------------------------------------------------- Sentinel-2 specifics


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "S2B_20180814T105019_31UDS_TOC-B04_10M_V200.xml",
            "a TOC-B04_10M name does not take the extension '.xml'",
        ),
        (
            "S2B_20180814T105019_31UDS_TOC-B04_10M_V200",
            "a TOC-B04_10M name does not take the extension '(none)'",
        ),
        (
            "S2A_20190307T105021_31UFS_FAPAR_QUICKLOOK_V210.xml",
            "a FAPAR_QUICKLOOK name does not take the extension '.xml'",
        ),
    ],
)
def test_sentinel2_layer_with_a_wrong_extension(name: str, expected: str) -> None:
    with pytest.raises(ProductNameError) as info:
        parse_name(name)
    assert str(info.value) == message(name, expected)


PRODUCT = "/data/MTDA/TERRASCOPE_Sentinel2/FAPAR_V2/2019/03/07/S2A_20190307T105021_31UFS_FAPAR_V210"
SCL = "S2A_20190307T105021_31UFS_SCENECLASSIFICATION_20M_V210.tif"


@pytest.mark.parametrize("sub", ["", "10M/", "20M/", "60M/"])
def test_a_bare_layer_belongs_to_its_product_folder_or_its_resolution_sub_folder(sub: str) -> None:
    rec = parse_name(f"{PRODUCT}/{sub}{SCL}")
    assert (rec.family, rec.product, rec.content) == ("S2_BIOPAR", "FAPAR", "SCENECLASSIFICATION")


def test_a_bare_layer_in_a_folder_named_like_the_catalogue_title() -> None:
    folder = "/x/S2A_20190307T105021_31UFS_FAPAR_10M_V210"
    rec = parse_name(f"{folder}/{SCL}")
    assert (rec.family, rec.product) == ("S2_BIOPAR", "FAPAR")


def test_a_bare_layer_outside_its_product_folder_keeps_its_own_family() -> None:
    assert (parse_name(SCL).family, parse_name(SCL).product) == ("S2_TOC", None)
    other_date = "/x/S2A_20190308T105021_31UFS_FAPAR_V210"
    assert parse_name(f"{other_date}/{SCL}").family == "S2_TOC"
    assert parse_name(f"/x/10M/{SCL}").family == "S2_TOC"


SAFE = "S2{}_MSIL2A_20240623T104619_N0510_R051_T31UFS_20240623T125108.SAFE"
GRANULE = "GRANULE/L2A_T31UFS_A046895_20240623T104619/IMG_DATA/R10m/T31UFS_20240623T104619_B04_10m.jp2"


@pytest.mark.parametrize("mission", ["A", "B", "C", "D"])
def test_a_granule_takes_mission_level_orbit_and_baseline_from_its_safe(mission: str) -> None:
    rec = parse_name(f"/data/{SAFE.format(mission)}/{GRANULE}")
    assert (rec.mission, rec.product, rec.orbit, rec.baseline) == (f"S2{mission}", "L2A", 51, "N0510")
    assert (rec.tile, rec.content, rec.resolution) == ("31UFS", "B04", 10)


def test_a_granule_skips_folders_that_are_not_its_safe() -> None:
    rec = parse_name(f"/data/{SAFE.format('B')}/S2B_copy/{GRANULE.rsplit('/', 1)[1]}")
    assert rec.mission == "S2B"
    bare = parse_name(f"/data/S2B_copy/{GRANULE.rsplit('/', 1)[1]}")
    assert (bare.mission, bare.orbit) == (None, None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "T31UFS_20240623T104619.jp2",
            "expected a Sentinel-2 granule file like T31UFS_20240623T104619_B04_10m.jp2",
        ),
        ("T31UFS_20241323T104619_B04_10m.jp2", "its date or time is not a valid calendar date/time"),
    ],
)
def test_granule_errors(name: str, expected: str) -> None:
    with pytest.raises(ProductNameError) as info:
        parse_name(name)
    assert str(info.value) == message(name, expected)


# --------------------------------------------------------------------------- PROBA-V and CGLS errors

PV_TILE = "PROBAV_S1_TOC_{}_20200616_333M_V101.HDF5"


@pytest.mark.parametrize("tile", ["X00Y00", "X35Y17", "X17Y03"])
def test_probav_tiles_inside_the_grid(tile: str) -> None:
    assert parse_name(PV_TILE.format(tile)).tile == tile


@pytest.mark.parametrize("tile", ["X36Y00", "X00Y18", "X17Y99"])
def test_probav_tiles_outside_the_grid(tile: str) -> None:
    name = PV_TILE.format(tile)
    with pytest.raises(ProductNameError) as info:
        parse_name(name)
    assert str(info.value) == message(name, f"PROBA-V tile {tile!r} is outside X00-X35, Y00-Y17")


def test_probav_metadata_and_data_files() -> None:
    assert parse_name("PROBAV_S1_TOC_X17Y03_20200616_333M_V101.xml").kind == "metadata"
    assert parse_name("PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5").kind == "data"


CGLS = "c_gls_FAPAR-RT6{}_202001100000_GLOBE_PROBAV_V2.0.1{}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "PROBAV_S1_TOC_20200616_333M_V101.HDF5",
            "a PROBA-V name without a tile is a product folder: no band, no extension",
        ),
        (
            "PROBAV_S1_TOC_20200616_333M_V101_NDVI",
            "a PROBA-V name without a tile is a product folder: no band, no extension",
        ),
        (
            "PROBAV_S1_TOC_X17Y03_20200616_333M_V101",
            "a PROBA-V tile file needs an extension (.HDF5, .tif, .TIFF)",
        ),
        (
            "PROBAV_S10_TOC_X35Y12_20190801_333M_NDVI_V201_NDVI.tif",
            "a PROBA-V band goes either before or after the version, not both",
        ),
        (CGLS.format("_QL", ""), "a CGLS product folder has no _QL/_PROD-DESC marker and no layer"),
        (CGLS.format("", "_NDVI"), "a CGLS product folder has no _QL/_PROD-DESC marker and no layer"),
        (CGLS.format("", "_cog.tif"), "only a CGLS product folder ends in _cog or _nc"),
        (CGLS.format("_QL", ".nc"), "a CGLS _QL_ quicklook is a .tiff, .tif or .png"),
        (CGLS.format("_QL", "_NDVI.tif"), "a CGLS _QL_ quicklook is a .tiff, .tif or .png"),
        (CGLS.format("_PROD-DESC", ".nc"), "a CGLS _PROD-DESC_ product description is an .xml"),
        (CGLS.format("_PROD-DESC", "_NDVI.xml"), "a CGLS _PROD-DESC_ product description is an .xml"),
        (CGLS.format("", "_NDVI.xml"), "a CGLS metadata .xml carries no layer"),
        (CGLS.format("", ".png"), "a CGLS .png is a _QL_ quicklook"),
    ],
)
def test_probav_and_cgls_errors_say_what_is_wrong(name: str, expected: str) -> None:
    with pytest.raises(ProductNameError) as info:
        parse_name(name)
    assert str(info.value) == message(name, expected)


@pytest.mark.parametrize(
    ("name", "kind", "content"),
    [
        (CGLS.format("", ".nc"), "data", None),
        (CGLS.format("", ".xml"), "metadata", None),
        (CGLS.format("_QL", ".tiff"), "quicklook", "QUICKLOOK"),
        (CGLS.format("_QL", ".png"), "quicklook", "QUICKLOOK"),
        (CGLS.format("_PROD-DESC", ".xml"), "metadata", "PROD-DESC"),
        (CGLS.format("", ""), "product", None),
    ],
)
def test_cgls_file_roles(name: str, kind: str, content: str | None) -> None:
    rec = parse_name(name)
    assert (rec.kind, rec.content) == (kind, content)


def test_unknown_probav_and_cgls_names_say_what_is_expected() -> None:
    for name, start in (
        (
            "PROBAV_S1_TOC_nonsense",
            "expected a PROBA-V name like PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5",
        ),
        ("c_gls_nonsense", "expected a Copernicus Global Land name c_gls_<PRODUCT>"),
    ):
        with pytest.raises(ProductNameError) as info:
            parse_name(name)
        assert str(info.value).startswith(message(name, start))
