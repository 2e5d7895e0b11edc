"""Table-driven tests of plugin.core.products.names against the reference examples (no QGIS)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath

import pytest

from plugin.core.products.names import (
    FAMILIES,
    ProductName,
    ProductNameError,
    basename,
    format_name,
    is_product_folder,
    mgrs_epsg,
    parse_name,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Every example path of reference sections 1-2, with the fields its last component must give.
S2_TOC_FILE = (
    "/data/MTDA/TERRASCOPE_Sentinel2/TOC_V2/2018/08/14/S2B_20180814T105019_31UDS_TOC_V200/"
    "S2B_20180814T105019_31UDS_TOC-B04_10M_V200.tif"
)
S2_NDVI_FILE = (
    "/data/MTDA/TERRASCOPE_Sentinel2/NDVI_V2/2025/05/16/S2A_20250516T104651_31UFS_NDVI_V210/"
    "S2A_20250516T104651_31UFS_NDVI_10M_V210.tif"
)
S2_FAPAR_FILE = (
    "/data/MTDA/TERRASCOPE_Sentinel2/FAPAR_V2/2019/03/07/S2A_20190307T105021_31UFS_FAPAR_V210/10M/"
    "S2A_20190307T105021_31UFS_FAPAR_10M_V210.tif"
)
S2_CGS_FILE = (
    "/data/MTDA/CGS_S2/CGS_S2_FAPAR/2020/01/19/S2B_20200119T110259Z_31UDQ_CGS_V102_000/"
    "S2B_20200119T110259Z_31UDQ_FAPAR_V102/10M/S2B_20200119T110259Z_31UDQ_FAPAR_10M_V102.tif"
)
S1_SIGMA0_DIR = "/data/MTDA/CGS_S1/CGS_S1_GRD_SIGMA0_L1/2019/03/07/S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110"
S1_COHERENCE_DIR = (
    "/data/MTDA/TERRASCOPE_Sentinel1/SLC_COHERENCE/2020/04/05/"
    "S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110"
)
S1_SAFE = "S1A_IW_GRDH_1SDV_20190307T172435_20190307T172500_026262_02EF7A_1B2C"
S1_GRD_ZIP = f"/data/MTDA/CGS_S1/CGS_S1_GRD_L1/IW/HR/DV/2019/03/07/{S1_SAFE}/{S1_SAFE}.zip"
PROBAV_FILE = (
    "/data/MTDA/PROBAV_L3_S1_TOC_333M/2020/20200616/PROBAV_S1_TOC_20200616_333M_V101/"
    "PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5"
)
PROBAV_TIFFDERIVED = (
    "/data/MTDA/TIFFDERIVED/PROBAV_L3_S1_TOC_333M/2016/20160131/PROBAV_S1_TOC_20160131_333M_V101/"
    "PROBAV_S1_TOC_X18Y02_20160131_333M_V101_NDVI.tif"
)
PROBAV_COG = "/data/MTDA/PROBAV_C2/COG/PROBAV_S10_TOC_X35Y12_20190801_333M_GEOMETRY_V201.TIFF"
CGLS_FILE = (
    "/data/MTDA/BIOPAR/BioPar_FAPAR_V2_Global/2020/20200110/c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1/"
    "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1.nc"
)

# path -> expected (family, mission, start, end, tile, epsg, product, content, resolution, version, kind)
REFERENCE_EXAMPLES: dict[str, tuple] = {
    S2_TOC_FILE: ("S2_TOC", "S2B", utc(2018, 8, 14, 10, 50, 19), utc(2018, 8, 14, 10, 50, 19), "31UDS", 32631,
                  "TOC", "TOC-B04", 10, "V200", "data"),
    S2_NDVI_FILE: ("S2_BIOPAR", "S2A", utc(2025, 5, 16, 10, 46, 51), utc(2025, 5, 16, 10, 46, 51), "31UFS", 32631,
                   "NDVI", "NDVI", 10, "V210", "data"),
    S2_FAPAR_FILE: ("S2_BIOPAR", "S2A", utc(2019, 3, 7, 10, 50, 21), utc(2019, 3, 7, 10, 50, 21), "31UFS", 32631,
                    "FAPAR", "FAPAR", 10, "V210", "data"),
    "S2A_20190307T105021_31UFS_FAPAR_10M_V210": ("S2_BIOPAR", "S2A", utc(2019, 3, 7, 10, 50, 21),
                                                 utc(2019, 3, 7, 10, 50, 21), "31UFS", 32631, "FAPAR", None, 10,
                                                 "V210", "product"),
    S2_CGS_FILE: ("S2_BIOPAR", "S2B", utc(2020, 1, 19, 11, 2, 59), utc(2020, 1, 19, 11, 2, 59), "31UDQ", 32631,
                  "FAPAR", "FAPAR", 10, "V102", "data"),
    S1_SIGMA0_DIR: ("S1_SIGMA0", "S1A", utc(2019, 3, 7, 17, 24, 35), utc(2019, 3, 7, 17, 24, 35), None, None,
                    "SIGMA0", None, None, "V110", "product"),
    S1_COHERENCE_DIR: ("S1_COHERENCE", "S1A_S1B", utc(2020, 3, 30, 17, 32, 47), utc(2020, 4, 5, 17, 32, 21), None,
                       None, "COHERENCE", None, None, "V110", "product"),
    S1_GRD_ZIP: ("S1_SAFE", "S1A", utc(2019, 3, 7, 17, 24, 35), utc(2019, 3, 7, 17, 25, 0), None, None, "GRD", None,
                 None, None, "product"),
    PROBAV_FILE: ("PROBAV", "PROBAV", utc(2020, 6, 16), utc(2020, 6, 17), "X17Y03", 4326, "TOC", None, 333, "V101",
                  "data"),
    PROBAV_TIFFDERIVED: ("PROBAV", "PROBAV", utc(2016, 1, 31), utc(2016, 2, 1), "X18Y02", 4326, "TOC", "NDVI", 333,
                         "V101", "data"),
    PROBAV_COG: ("PROBAV", "PROBAV", utc(2019, 8, 1), utc(2019, 8, 11), "X35Y12", 4326, "TOC", "GEOMETRY", 333,
                 "V201", "data"),
    CGLS_FILE: ("CGLS", "PROBAV", utc(2020, 1, 10), utc(2020, 1, 10), None, 4326, "FAPAR", None, None, "V2.0.1",
                "data"),
}  # fmt: skip

FIELDS = (
    "family",
    "mission",
    "start",
    "end",
    "tile",
    "epsg",
    "product",
    "content",
    "resolution",
    "version",
    "kind",
)


def fields(rec: ProductName) -> tuple:
    return tuple(getattr(rec, name) for name in FIELDS)


@pytest.mark.parametrize("path", sorted(REFERENCE_EXAMPLES))
def test_reference_example_fields(path: str) -> None:
    assert fields(parse_name(path)) == REFERENCE_EXAMPLES[path]


@pytest.mark.parametrize("path", sorted(REFERENCE_EXAMPLES))
def test_reference_example_round_trip_and_product_folders(path: str) -> None:
    """The file round-trips, and so does every product folder on its path."""
    rec = parse_name(path)
    assert format_name(rec) == PurePosixPath(path).name
    assert parse_name(format_name(rec)) == rec  # none of these needs its folders to be understood
    for folder in PurePosixPath(path).parent.parts:
        try:
            folder_rec = parse_name(folder)
        except ProductNameError:
            continue  # a collection or date folder
        assert is_product_folder(folder_rec), folder
        assert format_name(folder_rec) == folder


def test_reference_product_folders_parse() -> None:
    folders = {
        "S2B_20180814T105019_31UDS_TOC_V200": ("S2_TOC", "TOC"),
        "S2A_20250516T104651_31UFS_NDVI_V210": ("S2_BIOPAR", "NDVI"),
        "S2A_20190307T105021_31UFS_FAPAR_V210": ("S2_BIOPAR", "FAPAR"),
        "S2B_20200119T110259Z_31UDQ_CGS_V102_000": ("S2_CGS", "CGS"),
        "S2B_20200119T110259Z_31UDQ_FAPAR_V102": ("S2_BIOPAR", "FAPAR"),
        "PROBAV_S1_TOC_20200616_333M_V101": ("PROBAV", "TOC"),
        "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1": ("CGLS", "FAPAR"),
        f"{S1_SAFE}.SAFE": ("S1_SAFE", "GRD"),
    }
    for folder, (family, product) in folders.items():
        rec = parse_name(folder)
        assert (rec.family, rec.product, rec.kind) == (family, product, "product"), folder
        assert is_product_folder(rec)
        assert format_name(rec) == folder


# --------------------------------------------------------------------------- S2 TOC contents
TOC_CONTENTS = {
    10: ["TOC-B02", "TOC-B03", "TOC-B04", "TOC-B08"],
    20: ["TOC-B05", "TOC-B06", "TOC-B07", "TOC-B8A", "TOC-B11", "TOC-B12", "SCENECLASSIFICATION"],
    60: ["TOC-B01", "AOT", "WVP", "SZA", "VZA", "RAA"],
}
TOC_CASES = [(res, content) for res, contents in TOC_CONTENTS.items() for content in contents]


@pytest.mark.parametrize(("res", "content"), TOC_CASES)
@pytest.mark.parametrize(
    ("head", "version"),
    [("S2B_20180814T105019", "V200"), ("S2C_20250101T103421", "V220"), ("S2A_20160705T105032Z", "V101")],
)
def test_toc_contents(res: int, content: str, head: str, version: str) -> None:
    name = f"{head}_31UDS_{content}_{res}M_{version}.tif"
    rec = parse_name(name)
    assert (rec.family, rec.content, rec.resolution, rec.version, rec.tile, rec.epsg) == (
        "S2_TOC", content, res, version, "31UDS", 32631
    )  # fmt: skip
    assert rec.kind == ("quality" if content == "SCENECLASSIFICATION" else "data")
    assert rec.product == (None if content == "SCENECLASSIFICATION" else "TOC")
    assert rec.start == rec.end and rec.start.tzinfo is UTC
    assert format_name(rec) == name


def test_toc_quicklook_and_metadata() -> None:
    quicklook = parse_name("S2B_20180814T105019_31UDS_TOC_QUICKLOOK_V200.tif")
    assert (quicklook.product, quicklook.content, quicklook.kind, quicklook.resolution) == (
        "TOC", "QUICKLOOK", "quicklook", None
    )  # fmt: skip
    xml = parse_name("S2B_20180814T105019_31UDS_TOC_V200.xml")
    assert (xml.family, xml.product, xml.content, xml.kind, xml.ext) == (
        "S2_TOC",
        "TOC",
        None,
        "metadata",
        ".xml",
    )
    assert not is_product_folder(xml)
    for rec in (quicklook, xml):
        assert parse_name(format_name(rec)) == rec


BIOPAR = ["NDVI", "FAPAR", "FCOVER", "LAI", "CCC", "CWC"]


@pytest.mark.parametrize("product", BIOPAR)
def test_biopar_forms(product: str) -> None:
    head = "S2A_20190307T105021_31UFS"
    cases = {
        f"{head}_{product}_V210": ("product", None, None, ""),
        f"{head}_{product}_10M_V210.tif": ("data", product, 10, ".tif"),
        f"{head}_{product}_20M_V210.tif": ("data", product, 20, ".tif"),
        f"{head}_{product}_20M_V210.xml": ("metadata", None, 20, ".xml"),
        f"{head}_{product}_10M_V210": ("product", None, 10, ""),  # catalogue title
        f"{head}_{product}_QUICKLOOK_V210.tif": ("quicklook", "QUICKLOOK", None, ".tif"),
    }
    for name, (kind, content, res, ext) in cases.items():
        rec = parse_name(name)
        assert (rec.family, rec.product, rec.kind, rec.content, rec.resolution, rec.ext) == (
            "S2_BIOPAR", product, kind, content, res, ext
        ), name  # fmt: skip
        assert format_name(rec) == name


def test_scl_inside_a_biopar_product_takes_the_product_from_the_path() -> None:
    name = "S2A_20190307T105021_31UFS_SCENECLASSIFICATION_20M_V210.tif"
    bare = parse_name(name)
    assert (bare.family, bare.product, bare.kind) == ("S2_TOC", None, "quality")
    in_ndvi = parse_name(f"/x/NDVI_V2/2019/03/07/S2A_20190307T105021_31UFS_NDVI_V210/{name}")
    assert (in_ndvi.family, in_ndvi.product, in_ndvi.content) == ("S2_BIOPAR", "NDVI", "SCENECLASSIFICATION")
    in_fapar = parse_name(f"/x/S2A_20190307T105021_31UFS_FAPAR_V210/20M/{name}")
    assert (in_fapar.family, in_fapar.product) == ("S2_BIOPAR", "FAPAR")
    in_toc = parse_name(f"/x/S2A_20190307T105021_31UFS_TOC_V210/{name}")
    assert (in_toc.family, in_toc.product) == ("S2_TOC", "TOC")
    # A folder of another acquisition does not count.
    elsewhere = parse_name(f"/x/S2A_20190308T105021_31UFS_NDVI_V210/{name}")
    assert elsewhere.product is None
    for rec in (in_ndvi, in_fapar, in_toc, elsewhere):
        assert format_name(rec) == name


def test_v102_masks_are_quality_layers() -> None:
    for mask in ("SHADOWMASK", "CLOUDMASK"):
        name = f"S2B_20200119T110259Z_31UDQ_{mask}_10M_V102.tif"
        rec = parse_name(name)
        assert (rec.family, rec.content, rec.kind, rec.resolution, rec.version) == (
            "S2_BIOPAR", mask, "quality", 10, "V102"
        )  # fmt: skip
        assert format_name(rec) == name


def test_cgs_container() -> None:
    rec = parse_name("S2B_20200119T110259Z_31UDQ_CGS_V102_000")
    assert (rec.family, rec.product, rec.version, rec.kind, rec.extra) == (
        "S2_CGS",
        "CGS",
        "V102",
        "product",
        ("000",),
    )
    assert is_product_folder(rec)


@pytest.mark.parametrize(
    "name",
    [
        "S2A_20190307T105021Z_31UFS_NDVI_V210",  # Z with V2xx
        "S2A_20190307T105021_31UFS_NDVI_V102",  # no Z with V1xx
        "S2A_20190307T105021_31UFS_NDVI_V210_000",  # sequence only on a CGS container
        "S2B_20200119T110259Z_31UDQ_CGS_V102",  # CGS container without its sequence
        "S2A_20190307T105021_31UFS_NDVI_V210.tif",  # a folder name is not a file
        "S2A_20190307T105021_31UFS_TOC-B04_10M_V210.xml",
        "S2A_20190307T105021_31UFS_TOC-B09_60M_V210.tif",  # B09/B10 are not delivered
        "S2A_20190307T105021_31UFS_TOC-B04_15M_V210.tif",
        "S2A_20190307T105021_31UFS_TOC_10M_V210.tif",
        "S2E_20190307T105021_31UFS_NDVI_V210",
        "S2A_20190307T105021_31ufs_NDVI_V210",
        "S2A_20190307T105021_31UFS_NDVI_V21",
        "S2A_20190307T105021_31UFS_NDVI_V210.TIF",
        "S2A_20190307T105021_31UFS_NDVI_V210\n",
    ],
)
def test_invalid_s2_names(name: str) -> None:
    with pytest.raises(ProductNameError) as err:
        parse_name(name)
    assert repr(name) in str(err.value)


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("S2A_20190230T105021_31UFS_NDVI_V210", "date"),  # 30 February
        ("S2A_20191307T105021_31UFS_NDVI_V210", "date"),  # month 13
        ("S2A_20190307T255021_31UFS_NDVI_V210", "date"),  # hour 25
        ("S2A_20190307T106021_31UFS_NDVI_V210", "date"),  # minute 60
        ("S2A_00000307T105021_31UFS_NDVI_V210", "date"),  # year 0
        ("S2A_20190307T105021_00UFS_NDVI_V210", "MGRS"),  # zone 00
        ("S2A_20190307T105021_61UFS_NDVI_V210", "MGRS"),  # zone 61
        ("S2A_20190307T105021_31IFS_NDVI_V210", "MGRS"),  # band I
        ("S2A_20190307T105021_31OFS_NDVI_V210", "MGRS"),  # band O
        ("S2A_20190307T105021_31YFS_NDVI_V210", "MGRS"),  # band Y
        ("S2A_20190307T105021_31UFI_NDVI_V210", "MGRS"),  # row letter I
        ("S2A_20190307T105021_31UFW_NDVI_V210", "MGRS"),  # row letter W
        ("S2A_20190307T105021_31UJS_NDVI_V210", "MGRS"),  # column J belongs to zones 2, 5, ...
        ("S2A_20190307T105021_31UFS_FOO_V210", "content"),
        ("hello.tif", "expected"),
        ("", "expected"),
    ],
)
def test_error_messages(name: str, fragment: str) -> None:
    with pytest.raises(ProductNameError) as err:
        parse_name(name)
    message = str(err.value)
    assert repr(name) in message
    assert fragment in message
    assert isinstance(err.value, ValueError)


def test_error_message_of_a_huge_name_is_short() -> None:
    name = "S2A_" + "x" * 1_000_000
    with pytest.raises(ProductNameError) as err:
        parse_name(name)
    assert len(str(err.value)) < 1000


def test_non_str_input() -> None:
    assert parse_name(PurePosixPath(S2_TOC_FILE)).content == "TOC-B04"
    for bad in (b"S2B_20180814T105019_31UDS_TOC_V200", None, 42):
        with pytest.raises(ProductNameError):
            parse_name(bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- format from the fields
def test_format_uses_the_fields() -> None:
    rec = parse_name(S2_TOC_FILE)
    assert format_name(rec._replace(tile="32ULB")) == "S2B_20180814T105019_32ULB_TOC-B04_10M_V200.tif"
    assert format_name(rec._replace(content="TOC-B08")) == "S2B_20180814T105019_31UDS_TOC-B08_10M_V200.tif"
    later = rec._replace(start=utc(2021, 1, 2, 3, 4, 5))
    assert format_name(later) == "S2B_20210102T030405_31UDS_TOC-B04_10M_V200.tif"
    # A non-UTC aware datetime is written in UTC.
    cet = timezone_plus(1)
    assert format_name(rec._replace(start=datetime(2021, 1, 2, 4, 4, 5, tzinfo=cet))) == format_name(later)
    # The version decides the Z.
    v1 = parse_name("S2B_20200119T110259Z_31UDQ_FAPAR_V102")
    assert format_name(v1._replace(version="V200")) == "S2B_20200119T110259_31UDQ_FAPAR_V200"
    assert format_name(parse_name("S2B_20200119T110259_31UDQ_FAPAR_V200")._replace(version="V101")) == (
        "S2B_20200119T110259Z_31UDQ_FAPAR_V101"
    )
    # Other families.
    probav = parse_name(PROBAV_FILE)
    assert format_name(probav._replace(tile="X18Y02")) == "PROBAV_S1_TOC_X18Y02_20200616_333M_V101.HDF5"
    sigma0 = parse_name(S1_SIGMA0_DIR + "_VV.tif")
    assert format_name(sigma0._replace(content="VH")).endswith("_V110_VH.tif")
    safe = parse_name("S2A_MSIL2A_20240623T104619_N0510_R051_T31UFS_20240623T170000.SAFE")
    assert format_name(safe._replace(tile="32ULB", orbit=8)) == (
        "S2A_MSIL2A_20240623T104619_N0510_R008_T32ULB_20240623T170000.SAFE"
    )


def timezone_plus(hours: int):
    from datetime import timezone

    return timezone(timedelta(hours=hours))


def test_format_rejects_unknown_layout() -> None:
    rec = parse_name(S2_TOC_FILE)._replace(variant="nope")
    with pytest.raises(ProductNameError):
        format_name(rec)


# --------------------------------------------------------------------------- Sentinel-1
@pytest.mark.parametrize(
    ("suffix", "content", "kind"),
    [("", None, "product"), ("_VV.tif", "VV", "data"), ("_VH.tif", "VH", "data"),
     ("_angle.tif", "angle", "data"), (".xml", None, "metadata")],
)  # fmt: skip
def test_s1_sigma0_members(suffix: str, content: str | None, kind: str) -> None:
    name = "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110" + suffix
    rec = parse_name(name)
    assert (rec.family, rec.product, rec.content, rec.kind, rec.direction, rec.orbit, rec.version) == (
        "S1_SIGMA0", "SIGMA0", content, kind, "ASCENDING", 88, "V110"
    )  # fmt: skip
    assert format_name(rec) == name


@pytest.mark.parametrize(
    ("suffix", "content", "kind"),
    [("", None, "product"), ("_VV.tif", "VV", "data"), ("_VH.tif", "VH", "data"), (".xml", None, "metadata")],
)
def test_s1_coherence_members(suffix: str, content: str | None, kind: str) -> None:
    name = "S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110" + suffix
    rec = parse_name(name)
    assert (rec.family, rec.content, rec.kind, rec.direction, rec.orbit) == (
        "S1_COHERENCE", content, kind, "ASC", 161
    )  # fmt: skip
    assert (rec.start, rec.end) == (utc(2020, 3, 30, 17, 32, 47), utc(2020, 4, 5, 17, 32, 21))
    assert format_name(rec) == name


@pytest.mark.parametrize("ext", [".SAFE", ".zip", ".SAFE.zip", ""])
def test_s1_safe(ext: str) -> None:
    rec = parse_name(S1_SAFE + ext)
    assert (rec.family, rec.mission, rec.product, rec.ext, rec.kind) == (
        "S1_SAFE",
        "S1A",
        "GRD",
        ext,
        "product",
    )
    assert is_product_folder(rec) == (ext in ("", ".SAFE"))
    assert format_name(rec) == S1_SAFE + ext


@pytest.mark.parametrize(
    "name",
    [
        "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110_VV.xml",  # band needs .tif
        "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110.tif",  # .tif needs a band
        "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_088_B705_V110",  # no zero padding
        "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_176_B705_V110",  # relative orbit > 175
        "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASC_88_B705_V110",
        "S1A_S1B_Coherence_20200330T173247_20200405T173271_ASC_161_V110",  # second 71
        "S1A_IW_GRDH_1SDV_20190307T172435_20190307T172500_026262_02EF7A_1B2C.tar",
    ],
)
def test_invalid_s1_names(name: str) -> None:
    with pytest.raises(ProductNameError, match="not a recognised product name"):
        parse_name(name)


# --------------------------------------------------------------------------- PROBA-V and CGLS
@pytest.mark.parametrize("composite", ["S1", "S5", "S10"])
@pytest.mark.parametrize("level", ["TOA", "TOC", "TOC_NDVI"])
@pytest.mark.parametrize(("res_token", "res"), [("1KM", 1000), ("333M", 333), ("100M", 100)])
def test_probav_grid(composite: str, level: str, res_token: str, res: int) -> None:
    folder = f"PROBAV_{composite}_{level}_20200611_{res_token}_V101"
    names = [
        folder,
        f"PROBAV_{composite}_{level}_X17Y03_20200611_{res_token}_V101.HDF5",
        *(f"PROBAV_{composite}_{level}_X17Y03_20200611_{res_token}_V101_{band}.tif"
          for band in ("NDVI", "RADIOMETRY", "GEOMETRY", "SM", "TIME")),
        f"PROBAV_{composite}_{level}_X17Y03_20200611_{res_token}_NDVI_V201.TIFF",
    ]  # fmt: skip
    days = {"S1": 1, "S5": 5, "S10": 10}[composite]
    for name in names:
        rec = parse_name(name)
        assert (rec.family, rec.product, rec.resolution, rec.extra) == ("PROBAV", level, res, (composite,)), (
            name
        )
        assert rec.end - rec.start == timedelta(days=days)
        assert format_name(rec) == name
    assert parse_name(names[0]).kind == "product"
    assert parse_name(names[5]).kind == "quality"  # SM status map


def test_probav_dekads() -> None:
    assert parse_name("PROBAV_S10_TOC_X17Y03_20191221_333M_V101.HDF5").end == utc(2020, 1, 1)
    assert parse_name("PROBAV_S10_TOC_X17Y03_20200221_333M_V101.HDF5").end == utc(2020, 3, 1)
    assert parse_name("PROBAV_S10_TOC_X17Y03_20200211_333M_V101.HDF5").end == utc(2020, 2, 21)


@pytest.mark.parametrize(
    "name",
    [
        "PROBAV_S10_TOC_X36Y03_20200611_333M_V101.HDF5",  # X > 35
        "PROBAV_S10_TOC_X17Y03_20200611_333M_V101",  # tile file without extension
        "PROBAV_S10_TOC_20200611_333M_V101.HDF5",  # folder with extension
        "PROBAV_S10_TOC_X17Y03_20200611_333M_NDVI_V101_SM.tif",  # two bands
        "PROBAV_S2_TOC_X17Y03_20200611_333M_V101.HDF5",
        "PROBAV_S10_TOC_X17Y03_20200631_333M_V101.HDF5",
    ],
)
def test_invalid_probav(name: str) -> None:
    with pytest.raises(ProductNameError):
        parse_name(name)


@pytest.mark.parametrize(
    ("name", "product", "res", "rt"),
    [
        ("c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1", "FAPAR", None, "RT6"),
        ("c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1.nc", "FAPAR", None, "RT6"),
        ("c_gls_NDVI300_202001010000_GLOBE_PROBAV_V1.0.1.nc", "NDVI", 300, ""),
        ("c_gls_LAI300-RT0_202001100000_GLOBE_OLCI_V1.1.1.nc", "LAI", 300, "RT0"),
        ("c_gls_SSM1km_202001011200_CEURO_S1CSAR_V1.1.1.nc", "SSM", 1000, ""),
    ],
)
def test_cgls(name: str, product: str, res: int | None, rt: str) -> None:
    rec = parse_name(name)
    assert (rec.family, rec.product, rec.resolution, rec.extra[0]) == ("CGLS", product, res, rt)
    assert format_name(rec) == name


def test_cgls_time_of_day() -> None:
    rec = parse_name("c_gls_SSM1km_202001011200_CEURO_S1CSAR_V1.1.1.nc")
    assert rec.start == utc(2020, 1, 1, 12, 0)


# --------------------------------------------------------------------------- ESA and auxiliary
@pytest.mark.parametrize("ext", [".SAFE", ".zip", ".SAFE.zip"])
@pytest.mark.parametrize("level", ["L1C", "L2A"])
def test_s2_safe(ext: str, level: str) -> None:
    name = f"S2A_MSI{level}_20240623T104619_N0510_R051_T31UFS_20240623T170000{ext}"
    rec = parse_name(name)
    assert fields(rec) == ("S2_SAFE", "S2A", utc(2024, 6, 23, 10, 46, 19), utc(2024, 6, 23, 10, 46, 19), "31UFS",
                           32631, level, None, None, None, "product")  # fmt: skip
    assert (rec.orbit, rec.baseline, rec.ext) == (51, "N0510", ext)
    assert format_name(rec) == name


@pytest.mark.parametrize(
    ("name", "content", "res", "kind", "level"),
    [
        ("T31UFS_20240623T104619_B04_10m.jp2", "B04", 10, "data", "L2A"),
        ("T31UFS_20240623T104619_B8A_20m.jp2", "B8A", 20, "data", "L2A"),
        ("T31UFS_20240623T104619_SCL_20m.jp2", "SCL", 20, "quality", "L2A"),
        ("T31UFS_20240623T104619_TCI_10m.jp2", "TCI", 10, "data", "L2A"),
        ("T31UFS_20240623T104619_AOT_20m.jp2", "AOT", 20, "data", "L2A"),
        ("T31UFS_20240623T104619_WVP_60m.jp2", "WVP", 60, "data", "L2A"),
        ("T31UFS_20240623T104619_B04.jp2", "B04", None, "data", "L1C"),
        ("T31UFS_20240623T104619_TCI.jp2", "TCI", None, "data", "L1C"),
        ("T31UFS_20240623T104619_PVI.jp2", "PVI", None, "quicklook", None),
    ],
)
def test_s2_granule_files(name: str, content: str, res: int | None, kind: str, level: str | None) -> None:
    rec = parse_name(name)
    assert (rec.family, rec.tile, rec.epsg, rec.content, rec.resolution, rec.kind, rec.product) == (
        "S2_SAFE", "31UFS", 32631, content, res, kind, level
    )  # fmt: skip
    assert rec.start == utc(2024, 6, 23, 10, 46, 19)
    assert format_name(rec) == name


def test_granule_named_by_its_path() -> None:
    path = (
        "/data/S2A_MSIL1C_20240623T104619_N0510_R051_T31UFS_20240623T130000.SAFE/GRANULE/"
        "L1C_T31UFS_A046853_20240623T104619/QI_DATA/T31UFS_20240623T104619_PVI.jp2"
    )
    rec = parse_name(path)
    assert (rec.mission, rec.product, rec.kind) == ("S2A", "L1C", "quicklook")
    assert format_name(rec) == "T31UFS_20240623T104619_PVI.jp2"


def test_s5p() -> None:
    folder = parse_name(
        "/data/MTDA/TERRASCOPE_Sentinel5P/L3_CO_TD_V1/2020/01/S5P_OFFL_L3_CO_TD_20200101_V100"
    )
    assert fields(folder) == ("S5P", "S5P", utc(2020, 1, 1), utc(2020, 1, 2), None, 4326, "CO_TD", None, None,
                              "V100", "product")  # fmt: skip
    data = parse_name("S5P_CO_TD_20200101_CO_V100.tif")
    weight = parse_name("S5P_CO_TD_20200101_WEIGHT_V100.tif")
    title = parse_name("S5P_L3_NO2_TD_20200101_V100")
    assert (data.content, data.kind, weight.content, weight.kind) == ("CO", "data", "WEIGHT", "quality")
    assert (title.product, title.kind) == ("NO2_TD", "product")
    for name in (
        "S5P_OFFL_L3_CO_TD_20200101_V100",
        "S5P_CO_TD_20200101_CO_V100.tif",
        "S5P_L3_NO2_TD_20200101_V100",
    ):
        assert format_name(parse_name(name)) == name


@pytest.mark.parametrize(
    ("name", "content", "version"),
    [
        ("AgERA5_dewpoint-temperature_20240418.tif", "dewpoint-temperature", None),
        ("AgERA5_precipitation-flux_20200101.tif", "precipitation-flux", None),
        ("Temperature-Air-2m-Mean-24h_C3S-glob-agric_AgERA5_20200101_final-v1.0.nc",
         "Temperature-Air-2m-Mean-24h", "v1.0"),
        ("Precipitation-Flux_C3S-glob-agric_AgERA5_20200101_final-v1.1.nc", "Precipitation-Flux", "v1.1"),
    ],
)  # fmt: skip
def test_agera5(name: str, content: str, version: str | None) -> None:
    rec = parse_name(name)
    assert (rec.family, rec.content, rec.version, rec.start, rec.end) == (
        "AGERA5", content, version, rec.start, rec.start + timedelta(days=1)
    )  # fmt: skip
    assert rec.start.tzinfo is UTC
    assert format_name(rec) == name


def test_worldcover_and_dem() -> None:
    wc = parse_name("ESA_WorldCover_10m_2021_v200_N51E003_Map.tif")
    assert fields(wc) == ("WORLDCOVER", None, utc(2021, 1, 1), utc(2022, 1, 1), "N51E003", 4326, None, "Map", 10,
                          "v200", "data")  # fmt: skip
    assert parse_name("ESA_WorldCover_10m_2020_v100_S34W071_InputQuality.tif").kind == "quality"
    dem = parse_name("Copernicus_DSM_COG_10_N51_00_E003_00_DEM.tif")
    assert fields(dem) == ("COPDEM", None, None, None, "N51E003", 4326, None, "DEM", 30, None, "data")
    assert parse_name("Copernicus_DSM_COG_30_S34_00_W071_00_DEM.tif").resolution == 90
    assert parse_name("Copernicus_DSM_10_N51_00_E003_00").kind == "product"
    assert parse_name("Copernicus_DSM_10_N51_00_E003_00_WBM.tif").kind == "quality"
    assert format_name(dem._replace(tile="S01W072")) == "Copernicus_DSM_COG_10_S01_00_W072_00_DEM.tif"
    for bad in (
        "ESA_WorldCover_10m_2021_v200_N91E003_Map.tif",
        "Copernicus_DSM_COG_10_N51_00_E181_00_DEM.tif",
        "Copernicus_DSM_COG_10_N51_00_E003_00.tif",
        "ESA_WorldCover_010m_2021_v200_N51E003_Map.tif",
    ):
        with pytest.raises(ProductNameError):
            parse_name(bad)  # fmt: skip


# --------------------------------------------------------------------------- helpers
@pytest.mark.parametrize(
    ("tile", "epsg"),
    [("31UFS", 32631), ("31UDS", 32631), ("34HBH", 32734), ("32ULB", 32632), ("01CDN", 32701), ("60XWF", 32660),
     ("33NTA", 32633), ("33MTA", 32733)],
)  # fmt: skip
def test_mgrs_epsg(tile: str, epsg: int) -> None:
    assert mgrs_epsg(tile) == epsg


@pytest.mark.parametrize(
    "tile", ["00UFS", "61UFS", "31IFS", "31OFS", "31AFS", "31ZFS", "31UFO", "3UFS", "31UFSX", ""]
)
def test_mgrs_epsg_rejects(tile: str) -> None:
    with pytest.raises(ProductNameError, match=repr(tile)):
        mgrs_epsg(tile)


def test_basename() -> None:
    assert basename("/a/b/c.tif") == "c.tif"
    assert basename("/a/b/folder/") == "folder"
    assert basename("C:\\data\\x.tif") == "x.tif"
    assert basename("x") == "x"
    assert parse_name(S1_SIGMA0_DIR + "/").kind == "product"


def test_families_cover_every_parsed_family() -> None:
    seen = {parse_name(path).family for path in REFERENCE_EXAMPLES}
    seen |= {"S2_CGS", "S2_SAFE", "S5P", "AGERA5", "WORLDCOVER", "COPDEM"}
    assert seen == set(FAMILIES)
    assert all(isinstance(label, str) and label for label in FAMILIES.values())


def test_record_is_immutable_and_typed() -> None:
    rec = parse_name(S2_NDVI_FILE)
    with pytest.raises(AttributeError):
        rec.tile = "32ULB"  # type: ignore[misc]
    assert isinstance(rec.resolution, int) and isinstance(rec.epsg, int)
    assert rec.start.utcoffset() == timedelta(0)
    assert hash(rec) == hash(parse_name(S2_NDVI_FILE))


def test_records_and_errors_pickle() -> None:
    """Records travel to Spark executors and worker processes."""
    import pickle

    for path in REFERENCE_EXAMPLES:
        rec = parse_name(path)
        assert pickle.loads(pickle.dumps(rec)) == rec
    with pytest.raises(ProductNameError) as err:
        parse_name("nonsense")
    again = pickle.loads(pickle.dumps(err.value))
    assert isinstance(again, ProductNameError) and "nonsense" in str(again)


def test_error_with_only_a_name() -> None:
    err = ProductNameError("odd.tif")
    assert "'odd.tif'" in str(err) and "expected" in str(err)
