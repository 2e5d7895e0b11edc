"""Name rules behind the mutants `make mutants` found alive in the naming modules: MGRS tiles and
their EPSG codes (reference section 2: UTM zone = first two digits, latitude band = third letter,
northern bands N-X -> EPSG 326zz, southern C-M -> 327zz), latitude/longitude corner tiles,
path inputs, granules inside a SAFE, 10M/20M/60M sub-folders (reference section 1), every form
of a Sentinel-2 name (section 2, checked on a freshly imported table) and, in full, the error
messages users read. Expected values are written out here (see docs/MUTANTS.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

import pytest

from plugin.core.names import ProductNameError, parse_name
from plugin.core.products.names import basename, format_name
from plugin.core.products.naming_base import mgrs_epsg
from tests import reference

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


# --------------------------------------------------------------------------- every error says what was wrong
# (name, the whole "expected" part of the message): a user reads these, so each is held in full.

S2_HELP = (
    "expected a Sentinel-2 name <MISSION>_<YYYYMMDD>T<hhmmss>[Z]_<TILE>_<CONTENT>[_<RES>]_<VERSION>, "
    "e.g. S2B_20180814T105019_31UDS_TOC-B04_10M_V200.tif (Z only for V1xx)"
)
S2_SAFE_HELP = (
    "expected a Sentinel-2 SAFE name like S2A_MSIL2A_20240623T104619_N0510_R051_T31UFS_20240623T170000.SAFE"
)
S1_HELP = (
    "expected a Sentinel-1 name: sigma0 S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110[_VV.tif], "
    "coherence S1A_S1B_Coherence_<ts>_<ts>_ASC_161_V110[_VV.tif] or a SAFE "
    "S1A_IW_GRDH_1SDV_<ts>_<ts>_026262_02EF7A_1B2C.SAFE"
)
S5P_HELP = (
    "expected a Sentinel-5P L3 name like S5P_OFFL_L3_CO_TD_20200101_V100 (folder), "
    "S5P_L3_CO_TD_20200101_V100 (title) or S5P_CO_TD_20200101_CO_V100.tif"
)
AGERA5_HELP = (
    "expected an AgERA5 name like AgERA5_dewpoint-temperature_20240418.tif or "
    "Temperature-Air-2m-Mean-24h_C3S-glob-agric_AgERA5_20200101_final-v1.0.nc"
)
WORLDCOVER_HELP = (
    "expected an ESA WorldCover name like ESA_WorldCover_10m_2021_v200_N51E003_Map[.tif] (also InputQuality, "
    "S2RGBNIR, NDVI, SWIR, S1VVVHratio; version in lower case) or ..._v200_60deg_macrotile_N30E000.zip"
)
COPDEM_HELP = "expected a Copernicus DEM name like Copernicus_DSM_COG_10_N51_00_E003_00_DEM.tif"
LC100_HELP = (
    "expected a land cover LC100 name like [E000N60_]PROBAV_LC100_global_v3.0.1_2019-nrt_"
    "Discrete-Classification-map_EPSG-4326.tif or [E020N60_]ProbaV_LC100_epoch2015_global_v2.0.2_"
    "<layer>_EPSG-4326.tif"
)
UNKNOWN_HELP = (
    "expected a Terrascope or ESA product name (S2A_..., S1A_..., PROBAV_..., c_gls_..., S5P_..., "
    "AgERA5_..., ESA_WorldCover_..., Copernicus_DSM_..., T31UFS_...jp2, s1a-iw-grd-...tiff)"
)
BAD_TIME = "its date or time is not a valid calendar date/time"
SIGMA0 = "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_{}_B705_V110{}"
COHERENCE = "S1A_S1B_Coherence_{}_20200405T173221_ASC_{}_V110{}"
S1_SAFE = "S1A_IW_GRDH_1SDV_{}_{}_026262_02EF7A_1B2C.SAFE"
S1_MEASUREMENT = "{}s1a-iw-grd-vv-20190307t172435-{}-026262-02ef7a-001{}"
S2_SAFE = "S2A_MSIL2A_{}_N0510_R{}_T{}_{}.SAFE"
GOOD_TS = "20240623T104619"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Sentinel-2 (reference section 2: Z after the time for V1xx only; the V1xx container _NNN)
        ("S2B_20180814T105019_31UDS", S2_HELP),
        ("S2B_20180814T105019Z_31UDS_TOC_V200", "V1xx names carry a 'Z' after the time, V2xx and later do not"),
        ("S2B_20200119T110259_31UDQ_FAPAR_V102", "V1xx names carry a 'Z' after the time, V2xx and later do not"),
        ("S2B_20200119T110259Z_31UDQ_CGS_V102", "the V1xx CGS container ends in _<VERSION>_<NNN>"),
        ("S2B_20200119T110259Z_31UDQ_FAPAR_V102_000", "only the V1xx CGS container ends in _<VERSION>_<NNN>"),
        ("S2B_20180814T105019_31IDS_TOC_V200",
         "tile '31IDS' is not a valid MGRS tile (zone 01-60, band C-X without I/O, square letters)"),
        ("S2B_20180832T105019_31UDS_TOC_V200", BAD_TIME),
        # ESA SAFE and granules
        ("S2A_MSIL2A_20240623T104619_N0510_R051_T31UFS.SAFE", S2_SAFE_HELP),
        (S2_SAFE.format("20241323T104619", "051", "31UFS", "20240623T125108"), BAD_TIME),
        (S2_SAFE.format(GOOD_TS, "051", "31UFS", "20240623T255108"), BAD_TIME),
        (S2_SAFE.format(GOOD_TS, "051", "31IFS", "20240623T125108"),
         "tile '31IFS' is not a valid MGRS tile (zone 01-60, band C-X without I/O, square letters)"),
        (S2_SAFE.format(GOOD_TS, "000", "31UFS", "20240623T125108"), "a Sentinel-2 relative orbit is R001..R143"),
        (S2_SAFE.format(GOOD_TS, "144", "31UFS", "20240623T125108"), "a Sentinel-2 relative orbit is R001..R143"),
        ("T31IFS_20240623T104619_B04_10m.jp2",
         "tile '31IFS' is not a valid MGRS tile (zone 01-60, band C-X without I/O, square letters)"),
        # Sentinel-1 (a relative orbit is 1..175)
        (SIGMA0.format(88, "_VV.xml"), "a band suffix must be followed by .tif"),
        (SIGMA0.format(88, ".tif"), "a .tif needs a band suffix such as _VV"),
        (SIGMA0.format(176, ""), "a Sentinel-1 relative orbit is 1..175"),
        (SIGMA0.format(88, "").replace("20190307T", "20190332T"), BAD_TIME),
        ("S1A_S1B_Coherence_20200330T173247_ASC_161_V110", S1_HELP),
        (COHERENCE.format("20200330T173247", 161, "_VV.xml"), "a band suffix must be followed by .tif"),
        (COHERENCE.format("20200330T173247", 176, ""), "a Sentinel-1 relative orbit is 1..175"),
        (COHERENCE.format("20200332T173247", 161, ""), BAD_TIME),
        ("S1A_IW_GRDH_1SDV_20190307T172435.SAFE", S1_HELP),
        (S1_SAFE.format("20190332T172435", "20190307T172500"), BAD_TIME),
        (S1_SAFE.format("20190307T172435", "20190307T172560"), BAD_TIME),
        (S1_MEASUREMENT.format("calibration-", "20190307t172500", ".tiff"),
         "a grd measurement is a .tiff, an annotation an .xml"),
        (S1_MEASUREMENT.format("", "20190307t172560", ".tiff"), BAD_TIME),
        # Copernicus Global Land long-term statistics: first year, last year, MMDD
        ("c_gls_NDVI-LTS_2017-1999-0801_GLOBE_VGT-PROBAV_V2.2.1.nc",
         "a long-term statistics period ends after it starts (1999-2017-0801)"),
        # LC100
        ("PROBAV_LC100_nonsense", LC100_HELP),
        ("E020N60_ProbaV_LC100_epoch2015_global_v2.0.2_products_EPSG-4326.tif",
         "an LC100 v2 tile archive is <tile>_..._products_EPSG-4326.zip"),
        ("E020N60_ProbaV_LC100_epoch2015_global_v2.0.2_Bare-CoverFraction-layer_EPSG-4326.zip",
         "an LC100 v2 tile archive is <tile>_..._products_EPSG-4326.zip"),
        ("PROBAV_LC100_global_v3.0.1_0000-nrt_Discrete-Classification-map_EPSG-4326.tif", BAD_TIME),
        # Sentinel-5P, AgERA5, WorldCover, DEM
        ("S5P_nonsense", S5P_HELP),
        ("S5P_CO_TD_20200230_CO_V100.tif", BAD_TIME),
        ("S5P_OFFL_L3_CO_TD_20200230_V100", BAD_TIME),
        ("S5P_L3_CO_TD_20200230_V100", BAD_TIME),
        ("AgERA5_Dewpoint_20240418.tif", AGERA5_HELP),
        ("AgERA5_dewpoint-temperature_20240431.tif", BAD_TIME),
        ("Temperature_C3S-glob-agric_AgERA5_20200101_final.nc", AGERA5_HELP),
        ("Temperature_C3S-glob-agric_AgERA5_20200132_final-v1.0.nc", BAD_TIME),
        ("ESA_WorldCover_10m_2021_v200_N51E003_Mapx.tif", WORLDCOVER_HELP),
        ("ESA_WorldCover_10m_0000_v200_N51E003_Map.tif", BAD_TIME),
        ("Copernicus_DSM_COG_10_N51_E003_DEM.tif", COPDEM_HELP),
        ("Copernicus_DSM_COG_10_N51_00_E003_00.tif",
         "a Copernicus DEM file has a layer (_DEM, ...) and an extension, a folder neither"),
        ("Copernicus_DSM_COG_10_N51_00_E003_00_DEM",
         "a Copernicus DEM file has a layer (_DEM, ...) and an extension, a folder neither"),
        # Names no family claims, and a SAFE member without its SAFE
        ("hello.tif", UNKNOWN_HELP),
        ("T_31UFS_20240623T104619_B04_10m.jp2", UNKNOWN_HELP),  # a granule starts T + two zone digits
        ("Sen2Cor_output.tif", UNKNOWN_HELP),  # "_" at index 7 alone does not make an LC100 tile
        ("X000N60_PROBAV_LC100_global_v3.0.1_2019-nrt_Discrete-Classification-map_EPSG-4326.tif", UNKNOWN_HELP),
        ("MTD_MSIL2A.xml", "a file of a SAFE product: give its path inside the .SAFE folder to name its product"),
    ],
)  # fmt: skip
def test_each_refusal_says_what_was_wrong(name: str, expected: str) -> None:
    with pytest.raises(ProductNameError) as info:
        parse_name(name)
    assert str(info.value) == message(name, expected)
    assert (info.value.product_name, info.value.expected) == (name, expected)


@pytest.mark.parametrize(("orbit", "valid"), [("001", True), ("143", True), ("000", False), ("144", False)])
def test_sentinel2_relative_orbits_r001_to_r143(orbit: str, valid: bool) -> None:
    name = S2_SAFE.format(GOOD_TS, orbit, "31UFS", "20240623T125108")
    if valid:
        assert parse_name(name).orbit == int(orbit)
    else:
        with pytest.raises(ProductNameError):
            parse_name(name)


@pytest.mark.parametrize(("orbit", "valid"), [(1, True), (175, True), (176, False)])
def test_sentinel1_relative_orbits_1_to_175(orbit: int, valid: bool) -> None:
    for name in (SIGMA0.format(orbit, ""), COHERENCE.format("20200330T173247", orbit, "")):
        if valid:
            assert parse_name(name).orbit == orbit
        else:
            with pytest.raises(ProductNameError):
                parse_name(name)


# --------------------------------------------------------------------------- fields no other test reads


def test_sentinel5p_file_record_and_periods() -> None:
    day, next_day = datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 1, 2, tzinfo=UTC)
    assert tuple(parse_name("S5P_CO_TD_20200101_CO_V100.tif")) == (
        "S5P", "S5P", day, next_day, None, 4326, "CO_TD", "CO", None, "V100", "data", ".tif", "s5p_file",
        None, None, None, (),
    )  # fmt: skip
    for name in ("S5P_OFFL_L3_CO_TD_20200101_V100", "S5P_L3_CO_TD_20200101_V100"):
        rec = parse_name(name)
        assert (rec.end, rec.ext, rec.kind) == (next_day, "", "product")
    # Only the daily (TD) period is known: another period keeps end == start.
    other = parse_name("S5P_OFFL_L3_CO_TM_20200101_V100")
    assert (other.start, other.end) == (day, day)


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("AgERA5_dewpoint-temperature_20240418.tif", None),
        ("Dewpoint-Temperature_C3S-glob-agric_AgERA5_20240418_final-v1.1.nc", "v1.1"),
    ],
)
def test_agera5_records_are_daily_data_on_a_lat_lon_grid(name: str, version: str | None) -> None:
    rec = parse_name(name)
    assert (rec.family, rec.mission, rec.epsg, rec.kind, rec.version, rec.tile) == (
        "AGERA5", None, 4326, "data", version, None
    )  # fmt: skip
    assert (rec.start, rec.end) == (datetime(2024, 4, 18, tzinfo=UTC), datetime(2024, 4, 19, tzinfo=UTC))


@pytest.mark.parametrize(
    "name",
    [
        "Copernicus_DSM_10_N51_00_E003_00",  # GLO-30 folder without COG_
        "Copernicus_DSM_30_S34_00_W071_00_DEM.dt2",
        S2_SAFE.format(GOOD_TS, "051", "31UFS", "20240623T125108").removesuffix(".SAFE"),
    ],
)
def test_names_without_an_optional_token_format_back(name: str) -> None:
    rec = parse_name(name)
    assert format_name(rec) == name
    assert rec.ext == ("" if "." not in name else ".dt2")


def test_cgls_long_term_statistics_stamps() -> None:
    autumn = parse_name("c_gls_NDVI-LTS_1999-2017-1021_GLOBE_VGT-PROBAV_V2.2.1.nc")
    assert (autumn.start, autumn.end) == (
        datetime(1999, 10, 21, tzinfo=UTC),
        datetime(2017, 10, 21, tzinfo=UTC),
    )
    one_year = parse_name("c_gls_NDVI-LTS_2017-2017-0801_GLOBE_VGT-PROBAV_V2.2.1.nc")
    assert one_year.start == one_year.end == datetime(2017, 8, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "kind", "content"),
    [
        ("c_gls_NDVI300_202001010000_GLOBE_PROBAV_V1.0.1_QFLAG.tiff", "quality", "QFLAG"),
        ("c_gls_NDVI300_202001010000_GLOBE_PROBAV_V1.0.1_NDVI.tiff", "data", "NDVI"),
        ("c_gls_NDVI300-QFLAG_202001010000_GLOBE_PROBAV_V1.0.1.tiff", "quality", None),
        ("c_gls_NDVI300-QFLAG_202001010000_GLOBE_PROBAV_V1.0.1.xml", "metadata", None),
        ("c_gls_NDVI300-QFLAG_202001010000_GLOBE_PROBAV_V1.0.1", "product", None),
    ],
)
def test_cgls_quality_flags_are_quality_layers_only_where_data_would_be(
    name: str, kind: str, content: str | None
) -> None:
    rec = parse_name(name)
    assert (rec.kind, rec.content) == (kind, content)


# --------------------------------------------------------------------------- paths


def test_trailing_separators_and_windows_paths() -> None:
    expected = parse_name(f"{PRODUCT}/10M/{SCL}")
    assert expected.product == "FAPAR"
    assert parse_name(f"{PRODUCT}/10M/{SCL}/") == expected
    assert parse_name(f"{PRODUCT}/10M/{SCL}".replace("/", "\\")) == expected
    granule = parse_name(f"/data/{SAFE.format('C')}/{GRANULE}/")
    assert (granule.mission, granule.orbit) == ("S2C", 51)
    member = f"/data/{SAFE.format('A')}/GRANULE/L2A_T31UFS_A046895_20240623T104619/QI_DATA/MSK_CLDPRB_20m.jp2"
    rec = parse_name(member)
    assert (rec.mission, rec.kind, rec.content, rec.resolution) == ("S2A", "quality", "MSK_CLDPRB", 20)
    assert parse_name(member + "/") == rec


def test_a_granule_right_inside_its_safe_folder() -> None:
    rec = parse_name(f"/data/{SAFE.format('D')}/T31UFS_20240623T104619_B04_10m.jp2")
    assert (rec.mission, rec.product, rec.orbit, rec.baseline) == ("S2D", "L2A", 51, "N0510")


def test_only_granules_take_their_fields_from_an_enclosing_safe() -> None:
    dem = parse_name(f"/data/{SAFE.format('A')}/Copernicus_DSM_COG_10_N51_00_E003_00_DEM.tif")
    assert (dem.family, dem.mission, dem.product, dem.orbit) == ("COPDEM", None, None, None)


S2A_L1C = "S2A_MSIL1C_20240623T104619_N0510_R051_T31UFS_20240623T125108.SAFE"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"/data/{S2A_L1C}/MTD_MSIL2A.xml", "MTD_MSIL2A.xml does not belong in an L1C SAFE"),
        (f"/data/{SAFE.format('A')}/MTD_MSIL1C.xml", "MTD_MSIL1C.xml does not belong in an L2A SAFE"),
        (f"/data/{SAFE.format('A')}/XXX",
         "not a known file of an S2 SAFE product (metadata, quality, preview or support file)"),
        ("/data/S1A_IW_GRDH_1SDV_20190307T172435_20190307T172500_026262_02EF7A_1B2C.SAFE/preview/x.png",
         "not a known file of an S1 SAFE product (metadata, quality, preview or support file)"),
    ],
)  # fmt: skip
def test_files_a_safe_does_not_hold(path: str, expected: str) -> None:
    with pytest.raises(ProductNameError) as info:
        parse_name(path)
    assert str(info.value) == message(path.rstrip("/").rsplit("/", 1)[1], expected)


def test_a_safe_member_is_named_by_its_safe() -> None:
    rec = parse_name(f"/data/{SAFE.format('B')}/MTD_MSIL2A.xml")
    assert (rec.mission, rec.product, rec.kind, rec.content) == ("S2B", "L2A", "metadata", "MTD_MSIL2A")
    assert parse_name(f"/data/{S2A_L1C}/MTD_MSIL1C.xml").product == "L1C"


# --------------------------------------------------------------------------- the error and the helpers


def test_product_name_error_quotes_up_to_120_characters() -> None:
    bare = ProductNameError("x")
    assert str(bare) == "not a recognised product name 'x': expected a recognised product name"
    assert (bare.product_name, bare.expected) == ("x", "expected a recognised product name")
    exact, longer = "a" * 120, "a" * 121
    assert str(ProductNameError(exact, "e")) == f"not a recognised product name {exact!r}: e"
    assert str(ProductNameError(longer, "e")) == f"not a recognised product name {'a' * 120 + '...'!r}: e"


def test_format_name_refuses_an_unknown_layout() -> None:
    rec = parse_name(NDVI_FILE)._replace(variant="nope")
    with pytest.raises(ProductNameError) as info:
        format_name(rec)
    text = str(info.value)
    assert text.startswith("not a recognised product name 'nope': unknown name layout; expected one of [")
    assert "'s2_layer'" in text and "'copdem'" in text
    assert info.value.product_name == "nope"


def test_basename_ignores_trailing_separators_only() -> None:
    assert basename("/data/QI_DATA/INDEX/") == "INDEX"
    assert basename("C:\\data\\BOX\\\\") == "BOX"


@pytest.fixture
def local_zone_utc_minus_5():
    """The process's local zone set to UTC-5 (POSIX TZ "UTC+5"), put back afterwards."""
    import os
    import time

    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC+5"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_names_are_formatted_in_utc_whatever_the_local_zone(local_zone_utc_minus_5: None) -> None:
    rec = parse_name("S2B_20180814T105019_31UDS_TOC_V200")
    brussels = datetime(2018, 8, 14, 12, 50, 19, tzinfo=timezone(timedelta(hours=2)))
    assert format_name(rec._replace(start=brussels, end=brussels)) == "S2B_20180814T105019_31UDS_TOC_V200"


# --------------------------------------------------------------------------- the S2 table, built at import
# naming_s2 builds its table of CONTENT tokens once, when it is imported. A forked mutation worker
# inherits the table its parent built, so this test builds it afresh by re-importing the module and
# parses one name of every form of reference section 2 with that fresh copy.

S2_FORMS: dict[str, tuple[str, str | None, str | None, int | None, str, str]] = {
    # name after "S2B_20180814T105019_31UDS_" -> (family, product, content, resolution, kind, variant)
    "TOC_V200": ("S2_TOC", "TOC", None, None, "product", "s2_product"),
    "TOC_V200.xml": ("S2_TOC", "TOC", None, None, "metadata", "s2_product"),
    "TOC_QUICKLOOK_V200.tif": ("S2_TOC", "TOC", "QUICKLOOK", None, "quicklook", "s2_quicklook"),
    **{
        f"{content}_{res}M_V200.tif": ("S2_TOC", "TOC" if content != "SCENECLASSIFICATION" else None, content, res,
                                       "quality" if content == "SCENECLASSIFICATION" else "data", "s2_layer")
        for content, res in reference.S2_TOC_RESOLUTION.items()
    },
    **{
        form.format(p=product): fields
        for product in ("NDVI", "FAPAR", "FCOVER", "LAI", "CCC", "CWC")
        for form, fields in (
            ("{p}_V210", ("S2_BIOPAR", product, None, None, "product", "s2_product")),
            ("{p}_V210.xml", ("S2_BIOPAR", product, None, None, "metadata", "s2_product")),
            ("{p}_QUICKLOOK_V210.tif", ("S2_BIOPAR", product, "QUICKLOOK", None, "quicklook", "s2_quicklook")),
            ("{p}_20M_V210", ("S2_BIOPAR", product, None, 20, "product", "s2_product_res")),
            ("{p}_20M_V210.tif", ("S2_BIOPAR", product, product, 20, "data", "s2_product_res")),
            ("{p}_20M_V210.xml", ("S2_BIOPAR", product, None, 20, "metadata", "s2_product_res")),
        )
    },
    "NDVI_10M_V210.tif": ("S2_BIOPAR", "NDVI", "NDVI", 10, "data", "s2_product_res"),
    "SCENECLASSIFICATION_20M_V210.tif": ("S2_TOC", None, "SCENECLASSIFICATION", 20, "quality", "s2_layer"),
    "CLOUDMASK_20M_V220.tif": ("S2_TOC", None, "CLOUDMASK", 20, "quality", "s2_layer"),
}  # fmt: skip
S2_V1_FORMS = {
    # V1xx names carry the Z (reference section 2): the container and the old masks
    "CGS_V102_000": ("S2_CGS", "CGS", None, None, "product", "s2_cgs"),
    "SHADOWMASK_10M_V102.tif": ("S2_BIOPAR", None, "SHADOWMASK", 10, "quality", "s2_layer"),
    "CLOUDMASK_10M_V102.tif": ("S2_BIOPAR", None, "CLOUDMASK", 10, "quality", "s2_layer"),
}
S2_NOT_FORMS = [
    "TOC_10M_V200",  # a TOC product has no resolution of its own
    "TOC_QUICKLOOK_V200.xml",
    "TOC_QUICKLOOK_V200",
    "TOC-B04_10M_V200",
    "NDVI_QUICKLOOK_V210.xml",
    "NDVI_30M_V210.tif",
    "TOC-B09_60M_V200.tif",  # B09 and B10 are not delivered
    "SCENECLASSIFICATION_20M_V210.xml",
]


@pytest.fixture
def fresh_naming_s2():
    import importlib

    from plugin.core.products import naming_s2

    yield importlib.reload(naming_s2)
    importlib.reload(naming_s2)


def test_a_fresh_s2_table_reads_every_form_of_the_reference(fresh_naming_s2) -> None:
    def fields(name: str) -> tuple:
        rec = fresh_naming_s2.parse_s2(name)
        return (rec.family, rec.product, rec.content, rec.resolution, rec.kind, rec.variant)

    for tail, expected in S2_FORMS.items():
        assert fields(f"S2B_20180814T105019_31UDS_{tail}") == expected, tail
    for tail, expected in S2_V1_FORMS.items():
        assert fields(f"S2B_20200119T110259Z_31UDQ_{tail}") == expected, tail
    for tail in S2_NOT_FORMS:
        with pytest.raises(ProductNameError):
            fresh_naming_s2.parse_s2(f"S2B_20180814T105019_31UDS_{tail}")
