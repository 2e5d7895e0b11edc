"""Property tests of plugin.core.products.names: any str either parses and round-trips, or raises ProductNameError."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plugin.core.products.names import (
    ProductName,
    ProductNameError,
    basename,
    format_name,
    mgrs_epsg,
    parse_name,
)

FUZZ = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

REAL_NAMES = [
    "S2B_20180814T105019_31UDS_TOC_V200",
    "S2B_20180814T105019_31UDS_TOC-B04_10M_V200.tif",
    "S2B_20180814T105019_31UDS_TOC-B8A_20M_V200.tif",
    "S2B_20180814T105019_31UDS_SCENECLASSIFICATION_20M_V200.tif",
    "S2B_20180814T105019_31UDS_AOT_60M_V200.tif",
    "S2B_20180814T105019_31UDS_TOC_QUICKLOOK_V200.tif",
    "S2B_20180814T105019_31UDS_TOC_V200.xml",
    "S2A_20250516T104651_31UFS_NDVI_10M_V210.tif",
    "S2A_20190307T105021_31UFS_FAPAR_V210",
    "S2A_20190307T105021_31UFS_FAPAR_10M_V210",
    "S2A_20190307T105021_31UFS_FAPAR_10M_V210.xml",
    "S2A_20190307T105021_31UFS_NDVI_QUICKLOOK_V210.tif",
    "S2C_20250101T103421_34HBH_LAI_20M_V220.tif",
    "S2B_20200119T110259Z_31UDQ_CGS_V102_000",
    "S2B_20200119T110259Z_31UDQ_FAPAR_10M_V102.tif",
    "S2B_20200119T110259Z_31UDQ_SHADOWMASK_10M_V102.tif",
    "S2A_MSIL2A_20240623T104619_N0510_R051_T31UFS_20240623T170000.SAFE",
    "S2B_MSIL1C_20240623T104619_N0510_R051_T31UFS_20240623T130000.zip",
    "T31UFS_20240623T104619_B04_10m.jp2",
    "T31UFS_20240623T104619_B04.jp2",
    "T31UFS_20240623T104619_SCL_20m.jp2",
    "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110",
    "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110_VV.tif",
    "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110_angle.tif",
    "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110.xml",
    "S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110_VH.tif",
    "S1A_IW_GRDH_1SDV_20190307T172435_20190307T172500_026262_02EF7A_1B2C.SAFE",
    "S1A_IW_GRDH_1SDV_20190307T172435_20190307T172500_026262_02EF7A_1B2C.zip",
    "PROBAV_S1_TOC_20200616_333M_V101",
    "PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5",
    "PROBAV_S1_TOC_X18Y02_20160131_333M_V101_NDVI.tif",
    "PROBAV_S10_TOC_X35Y12_20190801_333M_GEOMETRY_V201.TIFF",
    "PROBAV_S5_TOA_X00Y00_20140101_1KM_V001.HDF5",
    "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1",
    "c_gls_NDVI300_202001010000_GLOBE_PROBAV_V1.0.1.nc",
    "S5P_OFFL_L3_CO_TD_20200101_V100",
    "S5P_L3_CO_TD_20200101_V100",
    "S5P_CO_TD_20200101_WEIGHT_V100.tif",
    "AgERA5_dewpoint-temperature_20240418.tif",
    "Temperature-Air-2m-Mean-24h_C3S-glob-agric_AgERA5_20200101_final-v1.0.nc",
    "ESA_WorldCover_10m_2021_v200_N51E003_Map.tif",
    "Copernicus_DSM_COG_10_N51_00_E003_00_DEM.tif",
    "Copernicus_DSM_10_N51_00_E003_00",
    # every real form added with the product model (issue 8, section 2)
    "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1.tiff",
    "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1.xml",
    "c_gls_DMP300-RT5_QL_201406100000_GLOBE_PROBAV_V1.0.1.TIFF",
    "c_gls_SWI1km_PROD-DESC_202108181200_CEURO_SCATSAR_V1.0.1.xml",
    "c_gls_LC100-COV-GRASSLAND_201501010000_AFRI_PROBAV_1.0.1.nc",
    "c_gls_LST10-DC-MAX_201906010000_AUSTRALIA_GEO_V1.2.1.tiff",
    "c_gls_NDVI-LTS_1999-2017-0801_GLOBE_VGT-PROBAV_V2.2.1.nc",
    "c_gls_NDVI300_202509210000_GLOBE_OLCI_V3.0.1_cog",
    "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1_FAPAR_ERR.tiff",
    "PROBAV_LC100_global_v3.0.1_2019-nrt_Discrete-Classification-map_EPSG-4326.tif",
    "E000N60_PROBAV_LC100_global_v3.0.1_2019-nrt_Forest-Type-layer_EPSG-4326.tif",
    "E020N60_ProbaV_LC100_epoch2015_global_v2.0.2_products_EPSG-4326.zip",
    "ESA_WorldCover_10m_2020_v100_N51E003_InputQuality.tif",
    "ESA_WorldCover_10m_2021_v200_N51E003_S2RGBNIR.tif",
    "ESA_WorldCover_10m_2021_v200_N51E003_S1VVVHratio.tif",
    "ESA_WorldCover_10m_2021_v200_N51E003_Map",
    "ESA_WorldCover_10m_2020_v100_60deg_macrotile_S30E060.zip",
    "s1a-iw-grd-vv-20190307t172435-20190307t172500-026262-02ef7a-001.tiff",
    "calibration-s1a-iw-grd-vh-20190307t172435-20190307t172500-026262-02ef7a-002.xml",
    "S2C_20250101T103421_31UFS_CLOUDMASK_20M_V220.tif",
    "S2C_20250101T103421_31UFS_RAA_60M_V220.tif",
]

# Files that only their path names: the nearest .SAFE folder gives the product.
S2_SAFE_DIR = "S2A_MSIL2A_20240623T104619_N0510_R051_T31UFS_20240623T170000.SAFE"
S1_SAFE_DIR = "S1A_IW_GRDH_1SDV_20190307T172435_20190307T172500_026262_02EF7A_1B2C.SAFE"
SAFE_MEMBER_PATHS = [
    f"/d/{S2_SAFE_DIR}/MTD_MSIL2A.xml",
    f"/d/{S2_SAFE_DIR}/manifest.safe",
    f"/d/{S2_SAFE_DIR}/INSPIRE.xml",
    f"/d/{S2_SAFE_DIR}/GRANULE/L2A_T31UFS_A046853_20240623T104935/MTD_TL.xml",
    f"/d/{S2_SAFE_DIR}/GRANULE/L2A_T31UFS_A046853_20240623T104935/QI_DATA/MSK_CLDPRB_20m.jp2",
    f"/d/{S2_SAFE_DIR}/GRANULE/L2A_T31UFS_A046853_20240623T104935/QI_DATA/MSK_DETFOO_B01.gml",
    f"/d/{S2_SAFE_DIR}/GRANULE/L2A_T31UFS_A046853_20240623T104935/QI_DATA/GENERAL_QUALITY.xml",
    f"/d/{S2_SAFE_DIR}/DATASTRIP/DS_2APS_20240623T170000_S20240623T104935/MTD_DS.xml",
    f"/d/{S1_SAFE_DIR}/preview/quick-look.png",
    f"/d/{S1_SAFE_DIR}/preview/map-overlay.kml",
    f"/d/{S1_SAFE_DIR}/support/s1-level-1-noise.xsd",
]

# Characters that matter to the grammar, plus ones that must never be accepted as digits or letters.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgmxyz_-.TZ/\\ \x00\n\u0663\u00e9\uff21\u200b"


def check(text: str) -> None:
    """The property: a ProductNameError, or a record that gives the basename back and re-parses to itself."""
    try:
        rec = parse_name(text)
    except ProductNameError as err:
        assert "not a recognised product name" in str(err)
        return
    assert isinstance(rec, ProductName)
    name = format_name(rec)
    assert name == basename(text)
    path = "/" in text or "\\" in text
    folder = text.rstrip("/\\")[: -len(name)] if path else ""
    again = parse_name(folder + name)  # the same folders, the formatted name
    assert again == rec
    if rec.variant != "safe_file":  # a SAFE member needs its path; every other name stands alone
        alone = parse_name(name)
        assert format_name(alone) == name
        if not path:
            assert alone == rec
    else:
        try:
            parse_name(name)
        except ProductNameError:
            pass
        else:
            raise AssertionError(f"{name!r} parsed without its SAFE folder")
    for moment in (rec.start, rec.end):
        assert moment is None or moment.utcoffset() == timedelta(0)
    assert rec.kind in ("data", "quality", "quicklook", "metadata", "product")


@FUZZ
@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    check(text)


@FUZZ
@given(st.text(alphabet=ALPHABET, max_size=120))
def test_random_text_from_the_grammar_alphabet(text: str) -> None:
    check(text)


@st.composite
def mutated_names(draw: st.DrawFn) -> str:
    return draw(_mutations(draw(st.sampled_from(REAL_NAMES))))


@st.composite
def _mutations(draw: st.DrawFn, name: str) -> str:
    """``name`` after one to three substitutions, deletions, insertions, cuts, token swaps or case flips."""
    for _ in range(draw(st.integers(1, 3))):
        op = draw(
            st.sampled_from(["substitute", "delete", "insert", "truncate", "swap", "duplicate", "case"])
        )
        if not name:
            break
        i = draw(st.integers(0, len(name) - 1))
        if op == "substitute":
            name = name[:i] + draw(st.sampled_from(ALPHABET)) + name[i + 1 :]
        elif op == "delete":
            name = name[:i] + name[i + 1 :]
        elif op == "insert":
            name = name[:i] + draw(st.sampled_from(ALPHABET)) + name[i:]
        elif op == "truncate":
            name = name[:i]
        elif op == "case":
            name = name[:i] + name[i].swapcase() + name[i + 1 :]
        else:
            tokens = name.split("_")
            j = draw(st.integers(0, len(tokens) - 1))
            k = draw(st.integers(0, len(tokens) - 1))
            if op == "swap":
                tokens[j], tokens[k] = tokens[k], tokens[j]
            else:
                tokens.insert(k, tokens[j])
            name = "_".join(tokens)
    return name


@FUZZ
@given(mutated_names())
@example("S2A_20190230T105021_31UFS_NDVI_V210")  # 30 February
@example("S2A_20191307T105021_31UFS_NDVI_V210")  # month 13
@example("S2A_20190307T250000_31UFS_NDVI_V210")  # hour 25
@example("S2A_20190307T105021_00UFS_NDVI_V210")  # zone 00
@example("S2A_20190307T105021_61UFS_NDVI_V210")  # zone 61
@example("S2A_20190307T105021_31UIS_NDVI_V210")  # column letter I
@example("S2A_20190307T105021_31UFO_NDVI_V210")  # row letter O
@example("S2A_2019\u0663307T105021_31UFS_NDVI_V210")  # a non-ASCII digit
@example("S2A_20190307T105021_31UFS_NDVI_V210\x00.tif")
def test_mutated_real_names(name: str) -> None:
    check(name)


@FUZZ
@given(st.sampled_from(REAL_NAMES), st.text(alphabet="/\\abc. ", max_size=20))
def test_real_names_under_any_folder(name: str, folder: str) -> None:
    check(f"{folder}/{name}")


@st.composite
def mutated_safe_paths(draw: st.DrawFn) -> str:
    """A SAFE member path with its file name or its SAFE folder name mutated."""
    path = draw(st.sampled_from(SAFE_MEMBER_PATHS))
    head, _, name = path.rpartition("/")
    if draw(st.booleans()):
        return f"{head}/{draw(_mutations(name))}"
    safe = S2_SAFE_DIR if S2_SAFE_DIR in path else S1_SAFE_DIR
    return path.replace(safe, draw(_mutations(safe)))


@FUZZ
@given(mutated_safe_paths())
@example(f"/d/{S2_SAFE_DIR}/MSK_CLDPRB_20m.jp2")  # a mask outside QI_DATA
@example(f"/d/{S2_SAFE_DIR.replace('R051', 'R000')}/MTD_MSIL2A.xml")  # a SAFE folder that is no SAFE name
@example(f"/d/{S2_SAFE_DIR}/GRANULE/L2A_T31UFS_A046853_20240623T104935/QI_DATA/E0NERAL_QUALITY.xml")  # found
@example(f"/d/{S2_SAFE_DIR}/")
@example(f"/d/{S1_SAFE_DIR}/preview/")
def test_mutated_safe_member_paths(path: str) -> None:
    check(path)


def test_huge_inputs() -> None:
    for text in ("S2A_" * 250_000, "x" * 1_000_000, REAL_NAMES[1] * 10_000, "/" * 100_000, "\x00" * 100_000):
        check(text)


# Valid S2 names built from their parts must all parse, round-trip and survive field replacement.
ZONE_COLUMNS = ("STUVWXYZ", "ABCDEFGH", "JKLMNPQR")


@st.composite
def mgrs_tiles(draw: st.DrawFn) -> str:
    zone = draw(st.integers(1, 60))
    band = draw(st.sampled_from("CDEFGHJKLMNPQRSTUVWX"))
    column = draw(st.sampled_from(ZONE_COLUMNS[zone % 3]))
    row = draw(st.sampled_from("ABCDEFGHJKLMNPQRSTUV"))
    return f"{zone:02d}{band}{column}{row}"


S2_BODIES = [
    "TOC", "TOC_QUICKLOOK", "TOC-B02_10M", "TOC-B11_20M", "SCENECLASSIFICATION_20M", "WVP_60M", "NDVI",
    "NDVI_10M", "FAPAR_20M", "CCC_20M", "CWC_QUICKLOOK", "CLOUDMASK_10M",
]  # fmt: skip


@FUZZ
@given(
    mission=st.sampled_from(["S2A", "S2B", "S2C"]),
    moment=st.datetimes(min_value=datetime(2015, 6, 23), max_value=datetime(2035, 12, 31)),
    tile=mgrs_tiles(),
    other_tile=mgrs_tiles(),
    body=st.sampled_from(S2_BODIES),
    version=st.sampled_from(["V101", "V102", "V200", "V210", "V220"]),
)
def test_generated_s2_names(
    mission: str, moment: datetime, tile: str, other_tile: str, body: str, version: str
) -> None:
    z = "Z" if version.startswith("V1") else ""
    ext = "" if body in ("TOC", "NDVI") else ".tif"
    name = f"{mission}_{moment:%Y%m%dT%H%M%S}{z}_{tile}_{body}_{version}{ext}"
    rec = parse_name(name)
    assert format_name(rec) == name
    assert rec.start == moment.replace(microsecond=0, tzinfo=UTC)
    assert rec.epsg == mgrs_epsg(tile)
    moved = format_name(rec._replace(tile=other_tile))
    assert moved == name.replace(tile, other_tile, 1)
    assert parse_name(moved) == rec._replace(tile=other_tile, epsg=mgrs_epsg(other_tile))
