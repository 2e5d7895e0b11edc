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


# The product folders on each reference path, written out; every other folder on it (root,
# collection, date) must be refused.
REFERENCE_PRODUCT_FOLDERS: dict[str, tuple[str, ...]] = {
    S2_TOC_FILE: ("S2B_20180814T105019_31UDS_TOC_V200",),
    S2_NDVI_FILE: ("S2A_20250516T104651_31UFS_NDVI_V210",),
    S2_FAPAR_FILE: ("S2A_20190307T105021_31UFS_FAPAR_V210",),
    "S2A_20190307T105021_31UFS_FAPAR_10M_V210": (),
    S2_CGS_FILE: ("S2B_20200119T110259Z_31UDQ_CGS_V102_000", "S2B_20200119T110259Z_31UDQ_FAPAR_V102"),
    S1_SIGMA0_DIR: (),
    S1_COHERENCE_DIR: (),
    S1_GRD_ZIP: (S1_SAFE,),
    PROBAV_FILE: ("PROBAV_S1_TOC_20200616_333M_V101",),
    PROBAV_TIFFDERIVED: ("PROBAV_S1_TOC_20160131_333M_V101",),
    PROBAV_COG: (),
    CGLS_FILE: ("c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1",),
}


@pytest.mark.parametrize("path", sorted(REFERENCE_EXAMPLES))
def test_reference_example_round_trip_and_product_folders(path: str) -> None:
    """The file round-trips; every product folder on its path parses, round-trips and is a product
    folder; every other folder on it is refused."""
    rec = parse_name(path)
    assert format_name(rec) == PurePosixPath(path).name
    assert parse_name(format_name(rec)) == rec  # none of these needs its folders to be understood
    expected = REFERENCE_PRODUCT_FOLDERS[path]
    folders = PurePosixPath(path).parent.parts[1:]  # without the root "/"
    assert [folder for folder in folders if folder in expected] == list(expected)
    for folder in folders:
        if folder in expected:
            folder_rec = parse_name(folder)
            assert is_product_folder(folder_rec), folder
            assert format_name(folder_rec) == folder
        else:
            with pytest.raises(ProductNameError):
                parse_name(folder)


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
    ("name", "content", "version", "day"),
    [
        ("AgERA5_dewpoint-temperature_20240418.tif", "dewpoint-temperature", None, utc(2024, 4, 18)),
        ("AgERA5_precipitation-flux_20200101.tif", "precipitation-flux", None, utc(2020, 1, 1)),
        ("Temperature-Air-2m-Mean-24h_C3S-glob-agric_AgERA5_20200101_final-v1.0.nc",
         "Temperature-Air-2m-Mean-24h", "v1.0", utc(2020, 1, 1)),
        ("Precipitation-Flux_C3S-glob-agric_AgERA5_20201231_final-v1.1.nc", "Precipitation-Flux", "v1.1",
         utc(2020, 12, 31)),
    ],
)  # fmt: skip
def test_agera5(name: str, content: str, version: str | None, day: datetime) -> None:
    rec = parse_name(name)
    assert (rec.family, rec.content, rec.version, rec.start, rec.end) == (
        "AGERA5", content, version, day, day + timedelta(days=1)
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


# --------------------------------------------------------------------------- Copernicus Global Land, every form
# name -> (mission, start, end, product, content, resolution, version, kind, qualifiers); family CGLS, EPSG 4326.
CGLS_FORMS: dict[str, tuple] = {
    # netCDF products, Terrascope product folders, ISO metadata, GeoTIFF copies (.tiff, .tif, .TIFF)
    "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1": ("PROBAV", utc(2020, 1, 10), utc(2020, 1, 10), "FAPAR",
                                                         None, None, "V2.0.1", "product", "RT6"),
    "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1.nc": ("PROBAV", utc(2020, 1, 10), utc(2020, 1, 10), "FAPAR",
                                                            None, None, "V2.0.1", "data", "RT6"),
    "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1.xml": ("PROBAV", utc(2020, 1, 10), utc(2020, 1, 10), "FAPAR",
                                                             None, None, "V2.0.1", "metadata", "RT6"),
    "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1.tiff": ("PROBAV", utc(2020, 1, 10), utc(2020, 1, 10), "FAPAR",
                                                              None, None, "V2.0.1", "data", "RT6"),
    "c_gls_DMP300-RT6_202301100000_GLOBE_OLCI_V1.1.2.tif": ("OLCI", utc(2023, 1, 10), utc(2023, 1, 10), "DMP", None,
                                                            300, "V1.1.2", "data", "RT6"),
    "c_gls_FCOVER300-RT1_202206100000_GLOBE_OLCI_V1.1.2.nc": ("OLCI", utc(2022, 6, 10), utc(2022, 6, 10), "FCOVER",
                                                              None, 300, "V1.1.2", "data", "RT1"),
    "c_gls_LAI-RT0_202006300000_GLOBE_PROBAV_V2.0.1.nc": ("PROBAV", utc(2020, 6, 30), utc(2020, 6, 30), "LAI", None,
                                                          None, "V2.0.1", "data", "RT0"),
    "c_gls_NDVI_202006010000_GLOBE_PROBAV_V2.2.1.nc": ("PROBAV", utc(2020, 6, 1), utc(2020, 6, 1), "NDVI", None, None,
                                                       "V2.2.1", "data", ""),
    "c_gls_NDVI300_202007110000_GLOBE_OLCI_V2.0.1.nc": ("OLCI", utc(2020, 7, 11), utc(2020, 7, 11), "NDVI", None, 300,
                                                        "V2.0.1", "data", ""),
    "c_gls_BA300_202104200000_GLOBE_PROBAV_V1.1.1.nc": ("PROBAV", utc(2021, 4, 20), utc(2021, 4, 20), "BA", None, 300,
                                                        "V1.1.1", "data", ""),
    "c_gls_ALDH_201501240000_GLOBE_PROBAV_V1.5.1.nc": ("PROBAV", utc(2015, 1, 24), utc(2015, 1, 24), "ALDH", None,
                                                       None, "V1.5.1", "data", ""),
    "c_gls_SWI1km_202108181200_CEURO_SCATSAR_V1.0.1.nc": ("SCATSAR", utc(2021, 8, 18, 12), utc(2021, 8, 18, 12), "SWI",
                                                          None, 1000, "V1.0.1", "data", ""),
    "c_gls_SWI10_202001011200_GLOBE_ASCAT_V3.1.1.nc": ("ASCAT", utc(2020, 1, 1, 12), utc(2020, 1, 1, 12), "SWI10",
                                                       None, None, "V3.1.1", "data", ""),
    "c_gls_LST_202101191200_GLOBE_GEO_V2.0.1.nc": ("GEO", utc(2021, 1, 19, 12), utc(2021, 1, 19, 12), "LST", None,
                                                   None, "V2.0.1", "data", ""),
    "c_gls_LST10-DC_202101010000_GLOBE_GEO_V1.2.1.nc": ("GEO", utc(2021, 1, 1), utc(2021, 1, 1), "LST10", None, None,
                                                        "V1.2.1", "data", "DC"),
    "c_gls_LST10-DC-MAX_201906010000_AUSTRALIA_GEO_V1.2.1.tiff": ("GEO", utc(2019, 6, 1), utc(2019, 6, 1), "LST10",
                                                                  None, None, "V1.2.1", "data", "DC-MAX"),
    # quicklooks and product descriptions
    "c_gls_NDVI300_QL_201712210000_GLOBE_PROBAV_V1.0.1.tiff": ("PROBAV", utc(2017, 12, 21), utc(2017, 12, 21), "NDVI",
                                                               "QUICKLOOK", 300, "V1.0.1", "quicklook", ""),
    "c_gls_DMP300-RT5_QL_201406100000_GLOBE_PROBAV_V1.0.1.TIFF": ("PROBAV", utc(2014, 6, 10), utc(2014, 6, 10), "DMP",
                                                                  "QUICKLOOK", 300, "V1.0.1", "quicklook", "RT5"),
    "c_gls_SWI1km_QL_202201091200_CEURO_SCATSAR_V1.0.1.png": ("SCATSAR", utc(2022, 1, 9, 12), utc(2022, 1, 9, 12),
                                                              "SWI", "QUICKLOOK", 1000, "V1.0.1", "quicklook", ""),
    "c_gls_NDVI300_PROD-DESC_202005010000_GLOBE_OLCI_V2.0.1.xml": ("OLCI", utc(2020, 5, 1), utc(2020, 5, 1), "NDVI",
                                                                   "PROD-DESC", 300, "V2.0.1", "metadata", ""),
    # land cover with a bare version number
    "c_gls_LC100-LCCS_201501010000_AFRI_PROBAV_1.0.1.tiff": ("PROBAV", utc(2015, 1, 1), utc(2015, 1, 1), "LC", None,
                                                             100, "1.0.1", "data", "LCCS"),
    "c_gls_LC100-COV-GRASSLAND_201501010000_AFRI_PROBAV_1.0.1.nc": ("PROBAV", utc(2015, 1, 1), utc(2015, 1, 1), "LC",
                                                                    None, 100, "1.0.1", "data", "COV-GRASSLAND"),
    # long-term statistics and the per-layer COG distribution
    "c_gls_NDVI-LTS_1999-2017-0801_GLOBE_VGT-PROBAV_V2.2.1.nc": ("VGT-PROBAV", utc(1999, 8, 1), utc(2017, 8, 1),
                                                                 "NDVI", None, None, "V2.2.1", "data", "LTS"),
    "c_gls_NDVI-LTS_1999-2019-0621_GLOBE_VGT-PROBAV_V3.0.1_cog": ("VGT-PROBAV", utc(1999, 6, 21), utc(2019, 6, 21),
                                                                  "NDVI", None, None, "V3.0.1", "product", "LTS"),
    "c_gls_NDVI-MEAN-LTS_1999-2019-0621_GLOBE_VGT-PROBAV_V3.0.1.tiff": ("VGT-PROBAV", utc(1999, 6, 21),
                                                                        utc(2019, 6, 21), "NDVI", None, None,
                                                                        "V3.0.1", "data", "MEAN-LTS"),
    "c_gls_NDVI300_202509210000_GLOBE_OLCI_V3.0.1_cog": ("OLCI", utc(2025, 9, 21), utc(2025, 9, 21), "NDVI", None,
                                                         300, "V3.0.1", "product", ""),
    "c_gls_LST-QFLAG_202608271600_GLOBE_GEO_V3.0.1.tiff": ("GEO", utc(2026, 8, 27, 16), utc(2026, 8, 27, 16), "LST",
                                                           None, None, "V3.0.1", "quality", "QFLAG"),
    "c_gls_LAI300_202101100000_GLOBE_OLCI_V1.1.1_nc": ("OLCI", utc(2021, 1, 10), utc(2021, 1, 10), "LAI", None, 300,
                                                       "V1.1.1", "product", ""),
    # c_gls_<PRODUCT>[-<RTx>]_<YYYYMMDDhhmm>_<AREA>_<SENSOR>_V<x.y.z>[_<LAYER>].<ext>: a GeoTIFF per layer
    "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1_FAPAR_ERR.tiff": ("PROBAV", utc(2020, 1, 10),
                                                                        utc(2020, 1, 10), "FAPAR", "FAPAR_ERR", None,
                                                                        "V2.0.1", "data", "RT6"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CGLS_FORMS))
def test_cgls_real_forms(name: str) -> None:
    rec = parse_name(name)
    mission, start, end, product, content, res, version, kind, qualifiers = CGLS_FORMS[name]
    assert fields(rec) == ("CGLS", mission, start, end, None, 4326, product, content, res, version, kind)
    assert rec.extra[0] == qualifiers
    assert format_name(rec) == name
    assert is_product_folder(rec) == (kind == "product")


@pytest.mark.parametrize("rt", [f"RT{n}" for n in range(7)])
@pytest.mark.parametrize("ext", [".nc", ".tiff", ".tif", ".xml", ""])
def test_cgls_rt_stages_and_extensions(rt: str, ext: str) -> None:
    name = f"c_gls_FAPAR300-{rt}_202001100000_GLOBE_PROBAV_V1.0.1{ext}"
    rec = parse_name(name)
    assert (rec.product, rec.resolution, rec.extra[0], rec.ext) == ("FAPAR", 300, rt, ext)
    assert rec.kind == {".xml": "metadata", "": "product"}.get(ext, "data")
    assert format_name(rec) == name


@pytest.mark.parametrize(
    "name",
    [
        "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1.png",  # a .png is a _QL_ quicklook
        "c_gls_NDVI300_QL_201712210000_GLOBE_PROBAV_V1.0.1",  # a quicklook is a file
        "c_gls_NDVI300_QL_201712210000_GLOBE_PROBAV_V1.0.1.nc",
        "c_gls_NDVI300_PROD-DESC_202005010000_GLOBE_OLCI_V2.0.1.tiff",  # a description is an .xml
        "c_gls_NDVI300_202013010000_GLOBE_PROBAV_V1.0.1.nc",  # month 13
        "c_gls_NDVI300_202001012500_GLOBE_PROBAV_V1.0.1.nc",  # hour 25
        "c_gls_NDVI-LTS_2017-1999-0801_GLOBE_VGT-PROBAV_V2.2.1.nc",  # period backwards
        "c_gls_NDVI-LTS_1999-2017-0231_GLOBE_VGT-PROBAV_V2.2.1.nc",  # 31 February
        "c_gls_NDVI300_202001010000_GLOBE_PROBAV_V1.0.1_cog.nc",  # _cog only on a folder
        "c_gls_NDVI300_202001010000_GLOBE_PROBAV_V1.0.nc",  # version x.y.z
        "c_gls_ndvi300_202001010000_GLOBE_PROBAV_V1.0.1.nc",
        "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1_FAPAR.xml",  # a layer is a raster
        "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1_FAPAR",  # a folder has no layer
        "c_gls_FAPAR-RT6_20200110000_GLOBE_PROBAV_V2.0.1.nc",  # 11 digits
    ],
)
def test_invalid_cgls(name: str) -> None:
    with pytest.raises(ProductNameError, match="not a recognised product name"):
        parse_name(name)


# name -> (start, end, tile, content, version, kind, extra); family CGLS, mission PROBAV, product LC, 100 m.
LC100_FORMS: dict[str, tuple] = {
    "PROBAV_LC100_global_v3.0.1_2019-nrt_Discrete-Classification-map_EPSG-4326.tif": (
        utc(2019, 1, 1), utc(2020, 1, 1), None, "Discrete-Classification-map", "v3.0.1", "data", ("nrt",)),
    "E000N60_PROBAV_LC100_global_v3.0.1_2019-nrt_Forest-Type-layer_EPSG-4326.tif": (
        utc(2019, 1, 1), utc(2020, 1, 1), "E000N60", "Forest-Type-layer", "v3.0.1", "data", ("nrt",)),
    "W100N40_PROBAV_LC100_global_v3.0.1_2019-nrt_Discrete-Classification-map_EPSG-4326.tif": (
        utc(2019, 1, 1), utc(2020, 1, 1), "W100N40", "Discrete-Classification-map", "v3.0.1", "data", ("nrt",)),
    "E020N80_PROBAV_LC100_global_v3.0.1_2019-nrt_Tree-CoverFraction-layer_EPSG-4326.tif": (
        utc(2019, 1, 1), utc(2020, 1, 1), "E020N80", "Tree-CoverFraction-layer", "v3.0.1", "data", ("nrt",)),
    "W060N00_PROBAV_LC100_global_v3.0.1_2015-base_Discrete-Classification-proba_EPSG-4326.tif": (
        utc(2015, 1, 1), utc(2016, 1, 1), "W060N00", "Discrete-Classification-proba", "v3.0.1", "quality",
        ("base",)),
    "PROBAV_LC100_global_v3.0.1_2017-conso_DataDensityIndicator_EPSG-4326.tif": (
        utc(2017, 1, 1), utc(2018, 1, 1), None, "DataDensityIndicator", "v3.0.1", "quality", ("conso",)),
    "PROBAV_LC100_global_v3.0.1_2018-conso_Change-Confidence-layer_EPSG-4326.tif": (
        utc(2018, 1, 1), utc(2019, 1, 1), None, "Change-Confidence-layer", "v3.0.1", "quality", ("conso",)),
    "E020N60_ProbaV_LC100_epoch2015_global_v2.0.2_products_EPSG-4326.zip": (
        utc(2015, 1, 1), utc(2016, 1, 1), "E020N60", None, "v2.0.2", "product", ()),
    "ProbaV_LC100_epoch2015_global_v2.0.2_discrete-classification-proba_EPSG-4326.tif": (
        utc(2015, 1, 1), utc(2016, 1, 1), None, "discrete-classification-proba", "v2.0.2", "quality", ()),
    "E120N80_ProbaV_LC100_epoch2015_global_v2.0.1_forest-type-layer_EPSG-4326.tif": (
        utc(2015, 1, 1), utc(2016, 1, 1), "E120N80", "forest-type-layer", "v2.0.1", "data", ()),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(LC100_FORMS))
def test_lc100_forms(name: str) -> None:
    rec = parse_name(name)
    start, end, tile, content, version, kind, extra = LC100_FORMS[name]
    assert fields(rec) == ("CGLS", "PROBAV", start, end, tile, 4326, "LC", content, 100, version, kind)
    assert rec.extra == extra
    assert format_name(rec) == name


@pytest.mark.parametrize(
    "name",
    [
        "E181N60_PROBAV_LC100_global_v3.0.1_2019-nrt_Forest-Type-layer_EPSG-4326.tif",  # longitude 181
        "E000N91_PROBAV_LC100_global_v3.0.1_2019-nrt_Forest-Type-layer_EPSG-4326.tif",  # latitude 91
        "PROBAV_LC100_global_v3.0.1_2019-final_Forest-Type-layer_EPSG-4326.tif",  # epoch base|conso|nrt
        "PROBAV_LC100_global_v3.0.1_2019-nrt_Forest-Type-layer_EPSG-4326.nc",
        "PROBAV_LC100_global_v3.0.1_2019-nrt_Forest-Type-layer_EPSG-3857.tif",
        "ProbaV_LC100_epoch2015_global_v2.0.2_products_EPSG-4326.tif",  # the product archive is a .zip
        "ProbaV_LC100_epoch2015_global_v2.0.2_forest-type-layer_EPSG-4326.zip",
        "N60E000_PROBAV_LC100_global_v3.0.1_2019-nrt_Forest-Type-layer_EPSG-4326.tif",  # longitude first
    ],
)
def test_invalid_lc100(name: str) -> None:
    with pytest.raises(ProductNameError, match="not a recognised product name"):
        parse_name(name)


# --------------------------------------------------------------------------- ESA WorldCover, every product
# name -> (start, end, tile, content, version, kind, ext)
WORLDCOVER_FORMS: dict[str, tuple] = {
    "ESA_WorldCover_10m_2020_v100_N51E003_Map.tif": (utc(2020, 1, 1), utc(2021, 1, 1), "N51E003", "Map", "v100",
                                                     "data", ".tif"),
    "ESA_WorldCover_10m_2020_v100_N51E003_InputQuality.tif": (utc(2020, 1, 1), utc(2021, 1, 1), "N51E003",
                                                              "InputQuality", "v100", "quality", ".tif"),
    "ESA_WorldCover_10m_2021_v200_N51E003_Map.tif": (utc(2021, 1, 1), utc(2022, 1, 1), "N51E003", "Map", "v200",
                                                     "data", ".tif"),
    "ESA_WorldCover_10m_2021_v200_S34W071_InputQuality.tif": (utc(2021, 1, 1), utc(2022, 1, 1), "S34W071",
                                                              "InputQuality", "v200", "quality", ".tif"),
    "ESA_WorldCover_10m_2020_v100_S79W178_S2RGBNIR.tif": (utc(2020, 1, 1), utc(2021, 1, 1), "S79W178", "S2RGBNIR",
                                                          "v100", "data", ".tif"),
    "ESA_WorldCover_10m_2021_v200_N44W110_S2RGBNIR.tif": (utc(2021, 1, 1), utc(2022, 1, 1), "N44W110", "S2RGBNIR",
                                                          "v200", "data", ".tif"),
    "ESA_WorldCover_10m_2021_v200_N44W110_NDVI.tif": (utc(2021, 1, 1), utc(2022, 1, 1), "N44W110", "NDVI", "v200",
                                                      "data", ".tif"),
    "ESA_WorldCover_10m_2020_v100_N44W110_SWIR.tif": (utc(2020, 1, 1), utc(2021, 1, 1), "N44W110", "SWIR", "v100",
                                                      "data", ".tif"),
    "ESA_WorldCover_10m_2020_v100_N44W110_S1VVVHratio.tif": (utc(2020, 1, 1), utc(2021, 1, 1), "N44W110",
                                                             "S1VVVHratio", "v100", "data", ".tif"),
    "ESA_WorldCover_10m_2021_v200_N00E009_S1VVVHratio.tif": (utc(2021, 1, 1), utc(2022, 1, 1), "N00E009",
                                                             "S1VVVHratio", "v200", "data", ".tif"),
    "ESA_WorldCover_10m_2021_v200_N24E117_Map": (utc(2021, 1, 1), utc(2022, 1, 1), "N24E117", "Map", "v200",
                                                 "product", ""),
    "ESA_WorldCover_10m_2020_v100_60deg_macrotile_S30E060.zip": (utc(2020, 1, 1), utc(2021, 1, 1), "S30E060", None,
                                                                 "v100", "product", ".zip"),
    "ESA_WorldCover_10m_2021_v200_60deg_macrotile_N30E000": (utc(2021, 1, 1), utc(2022, 1, 1), "N30E000", None,
                                                             "v200", "product", ""),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(WORLDCOVER_FORMS))
def test_worldcover_products(name: str) -> None:
    rec = parse_name(name)
    start, end, tile, content, version, kind, ext = WORLDCOVER_FORMS[name]
    assert fields(rec) == ("WORLDCOVER", None, start, end, tile, 4326, None, content, 10, version, kind)
    assert rec.ext == ext
    assert format_name(rec) == name


def test_worldcover_terrascope_path() -> None:
    path = (
        "/data/MTDA/WORLDCOVER/ESA_WORLDCOVER_10M_2021_V200/MAP/ESA_WorldCover_10m_2021_v200_N24E117_Map/"
        "ESA_WorldCover_10m_2021_v200_N24E117_Map.tif"
    )
    rec = parse_name(path)
    assert (rec.tile, rec.content, rec.kind, rec.version) == ("N24E117", "Map", "data", "v200")
    folder = parse_name(PurePosixPath(path).parent.name)
    assert is_product_folder(folder) and folder.tile == "N24E117"
    for collection in ("WORLDCOVER", "ESA_WORLDCOVER_10M_2021_V200", "MAP"):
        with pytest.raises(ProductNameError):
            parse_name(collection)


@pytest.mark.parametrize(
    "name",
    [
        "ESA_WorldCover_10m_2021_V200_N51E003_S2RGBNIR.tif",  # file names write the version in lower case
        "ESA_WorldCover_10m_2021_v200_N51E003_s2rgbnir.tif",
        "ESA_WorldCover_10m_2021_v200_N51E003_S2RGBNIR.zip",
        "ESA_WorldCover_10m_2020_v100_60deg_macrotile_S30E060.tif",
        "ESA_WorldCover_10m_2021_v200_N51E181_Map.tif",
        "ESA_WorldCover_10m_2021_v200_N51E003_Map.tif.aux.xml",
    ],
)
def test_invalid_worldcover(name: str) -> None:
    with pytest.raises(ProductNameError, match="not a recognised product name"):
        parse_name(name)


# --------------------------------------------------------------------------- files inside SAFE products
S2_L2A_SAFE = "/data/users/Public/me/S2A_MSIL2A_20240623T104619_N0510_R051_T31UFS_20240623T170000.SAFE"
S2_GRANULE = f"{S2_L2A_SAFE}/GRANULE/L2A_T31UFS_A046853_20240623T104935"
S2_DATASTRIP = f"{S2_L2A_SAFE}/DATASTRIP/DS_2APS_20240623T170000_S20240623T104935"
S2_L1C_SAFE = "/tmp/S2C_MSIL1C_20250101T103421_N0511_R108_T31UFS_20250101T122000.SAFE"
S1_GRD_SAFE = f"/data/MTDA/CGS_S1/x/{S1_SAFE}.SAFE"

# path -> (content, kind, resolution, ext)
S2_SAFE_MEMBERS: dict[str, tuple] = {
    f"{S2_L2A_SAFE}/MTD_MSIL2A.xml": ("MTD_MSIL2A", "metadata", None, ".xml"),
    f"{S2_L2A_SAFE}/manifest.safe": ("manifest", "metadata", None, ".safe"),
    f"{S2_L2A_SAFE}/INSPIRE.xml": ("INSPIRE", "metadata", None, ".xml"),
    f"{S2_L2A_SAFE}/HTML/UserProduct_index.html": ("UserProduct_index", "metadata", None, ".html"),
    f"{S2_L2A_SAFE}/HTML/banner_1.png": ("banner_1", "metadata", None, ".png"),
    f"{S2_L2A_SAFE}/rep_info/S2_User_Product_Level-2A_Metadata.xsd": ("S2_User_Product_Level-2A_Metadata",
                                                                      "metadata", None, ".xsd"),
    f"{S2_DATASTRIP}/MTD_DS.xml": ("MTD_DS", "metadata", None, ".xml"),
    f"{S2_DATASTRIP}/QI_DATA/GENERAL_QUALITY.xml": ("GENERAL_QUALITY", "quality", None, ".xml"),
    f"{S2_DATASTRIP}/QI_DATA/FORMAT_CORRECTNESS.xml": ("FORMAT_CORRECTNESS", "quality", None, ".xml"),
    f"{S2_GRANULE}/MTD_TL.xml": ("MTD_TL", "metadata", None, ".xml"),
    f"{S2_GRANULE}/AUX_DATA/AUX_ECMWFT": ("AUX_ECMWFT", "metadata", None, ""),
    f"{S2_GRANULE}/QI_DATA/MSK_CLDPRB_20m.jp2": ("MSK_CLDPRB", "quality", 20, ".jp2"),
    f"{S2_GRANULE}/QI_DATA/MSK_CLDPRB_60m.jp2": ("MSK_CLDPRB", "quality", 60, ".jp2"),
    f"{S2_GRANULE}/QI_DATA/MSK_SNWPRB_20m.jp2": ("MSK_SNWPRB", "quality", 20, ".jp2"),
    f"{S2_GRANULE}/QI_DATA/MSK_CLASSI_B00.jp2": ("MSK_CLASSI_B00", "quality", None, ".jp2"),
    f"{S2_GRANULE}/QI_DATA/MSK_DETFOO_B8A.jp2": ("MSK_DETFOO_B8A", "quality", None, ".jp2"),
    f"{S2_GRANULE}/QI_DATA/MSK_CLOUDS_B00.gml": ("MSK_CLOUDS_B00", "quality", None, ".gml"),
    f"{S2_GRANULE}/QI_DATA/MSK_NODATA_B12.gml": ("MSK_NODATA_B12", "quality", None, ".gml"),
    f"{S2_GRANULE}/QI_DATA/SENSOR_QUALITY.xml": ("SENSOR_QUALITY", "quality", None, ".xml"),
    f"{S2_GRANULE}/QI_DATA/T31UFS_20240623T104619_PVI.jp2": ("PVI", "quicklook", None, ".jp2"),
    f"{S2_GRANULE}/IMG_DATA/R20m/T31UFS_20240623T104619_SCL_20m.jp2": ("SCL", "quality", 20, ".jp2"),
    f"{S2_GRANULE}/IMG_DATA/R10m/T31UFS_20240623T104619_B04_10m.jp2": ("B04", "data", 10, ".jp2"),
}  # fmt: skip


@pytest.mark.parametrize("path", sorted(S2_SAFE_MEMBERS))
def test_s2_safe_member_files(path: str) -> None:
    """Every file of an L2A SAFE is attributed to the SAFE named on its path."""
    rec = parse_name(path)
    content, kind, res, ext = S2_SAFE_MEMBERS[path]
    assert fields(rec) == ("S2_SAFE", "S2A", utc(2024, 6, 23, 10, 46, 19), utc(2024, 6, 23, 10, 46, 19), "31UFS",
                           32631, "L2A", content, res, None, kind)  # fmt: skip
    assert (rec.ext, rec.orbit, rec.baseline) == (ext, 51, "N0510")
    assert format_name(rec) == PurePosixPath(path).name
    windows = parse_name(path.replace("/", "\\"))
    assert windows == rec


def test_s2c_l1c_safe_member_files() -> None:
    for path, content in (
        (f"{S2_L1C_SAFE}/MTD_MSIL1C.xml", "MTD_MSIL1C"),
        (f"{S2_L1C_SAFE}/GRANULE/L1C_T31UFS_A000123_20250101T103421/IMG_DATA/T31UFS_20250101T103421_B8A.jp2", "B8A"),
        (f"{S2_L1C_SAFE}/GRANULE/L1C_T31UFS_A000123_20250101T103421/QI_DATA/MSK_QUALIT_B01.jp2", "MSK_QUALIT_B01"),
    ):  # fmt: skip
        rec = parse_name(path)
        assert (rec.family, rec.mission, rec.product, rec.tile, rec.orbit, rec.baseline, rec.content) == (
            "S2_SAFE", "S2C", "L1C", "31UFS", 108, "N0511", content
        ), path  # fmt: skip
        assert rec.start == utc(2025, 1, 1, 10, 34, 21)
        assert format_name(rec) == PurePosixPath(path).name


# path -> (content, kind, ext); all of the S1A GRD SAFE S1_SAFE.
S1_SAFE_MEMBERS: dict[str, tuple] = {
    f"{S1_GRD_SAFE}/manifest.safe": ("manifest", "metadata", ".safe"),
    f"{S1_GRD_SAFE}/preview/quick-look.png": ("quick-look", "quicklook", ".png"),
    f"{S1_GRD_SAFE}/preview/thumbnail.png": ("thumbnail", "quicklook", ".png"),
    f"{S1_GRD_SAFE}/preview/map-overlay.kml": ("map-overlay", "metadata", ".kml"),
    f"{S1_GRD_SAFE}/preview/product-preview.html": ("product-preview", "metadata", ".html"),
    f"{S1_GRD_SAFE}/preview/icons/logo.png": ("logo", "metadata", ".png"),
    f"{S1_GRD_SAFE}/support/s1-level-1-calibration.xsd": ("s1-level-1-calibration", "metadata", ".xsd"),
}


@pytest.mark.parametrize("path", sorted(S1_SAFE_MEMBERS))
def test_s1_safe_member_files(path: str) -> None:
    rec = parse_name(path)
    content, kind, ext = S1_SAFE_MEMBERS[path]
    assert fields(rec) == ("S1_SAFE", "S1A", utc(2019, 3, 7, 17, 24, 35), utc(2019, 3, 7, 17, 25, 0), None, None,
                           "GRD", content, None, None, kind)  # fmt: skip
    assert rec.ext == ext
    assert format_name(rec) == PurePosixPath(path).name


# name -> (mission, product, content, kind, start, end, role)
S1_MEASUREMENT_FILES: dict[str, tuple] = {
    "s1a-iw-grd-vv-20190307t172435-20190307t172500-026262-02ef7a-001.tiff": (
        "S1A", "GRD", "VV", "data", utc(2019, 3, 7, 17, 24, 35), utc(2019, 3, 7, 17, 25, 0), ""),
    "s1a-iw-grd-vh-20190307t172435-20190307t172500-026262-02ef7a-002.tiff": (
        "S1A", "GRD", "VH", "data", utc(2019, 3, 7, 17, 24, 35), utc(2019, 3, 7, 17, 25, 0), ""),
    "s1a-iw-grd-vv-20190307t172435-20190307t172500-026262-02ef7a-001.xml": (
        "S1A", "GRD", "VV", "metadata", utc(2019, 3, 7, 17, 24, 35), utc(2019, 3, 7, 17, 25, 0), ""),
    "calibration-s1a-iw-grd-vh-20190307t172435-20190307t172500-026262-02ef7a-002.xml": (
        "S1A", "GRD", "VH", "metadata", utc(2019, 3, 7, 17, 24, 35), utc(2019, 3, 7, 17, 25, 0), "calibration"),
    "noise-s1a-iw-grd-vv-20190307t172435-20190307t172500-026262-02ef7a-001.xml": (
        "S1A", "GRD", "VV", "metadata", utc(2019, 3, 7, 17, 24, 35), utc(2019, 3, 7, 17, 25, 0), "noise"),
    "rfi-s1b-iw-grd-vv-20210101t054210-20210101t054235-024941-02f7c3-001.xml": (
        "S1B", "GRD", "VV", "metadata", utc(2021, 1, 1, 5, 42, 10), utc(2021, 1, 1, 5, 42, 35), "rfi"),
    "s1a-iw2-slc-hh-20190307t172436-20190307t172501-026262-02ef7a-005.tiff": (
        "S1A", "SLC", "HH", "data", utc(2019, 3, 7, 17, 24, 36), utc(2019, 3, 7, 17, 25, 1), ""),
    "s1c-ew-ocn-hv-20250301t000001-20250301t000100-001234-00abcd-001.nc": (
        "S1C", "OCN", "HV", "data", utc(2025, 3, 1, 0, 0, 1), utc(2025, 3, 1, 0, 1, 0), ""),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(S1_MEASUREMENT_FILES))
def test_s1_measurement_and_annotation_files(name: str) -> None:
    mission, product, content, kind, start, end, role = S1_MEASUREMENT_FILES[name]
    for text in (name, f"{S1_GRD_SAFE}/measurement/{name}"):
        rec = parse_name(text)
        assert fields(rec) == ("S1_SAFE", mission, start, end, None, None, product, content, None, None, kind)
        assert rec.extra[0] == role
        assert format_name(rec) == name


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("MTD_MSIL2A.xml", ".SAFE"),  # a SAFE member needs its SAFE on the path
        ("manifest.safe", ".SAFE"),
        ("/data/somewhere/MTD_TL.xml", ".SAFE"),
        (f"{S2_L2A_SAFE}/MSK_CLDPRB_20m.jp2", "SAFE"),  # masks sit in QI_DATA
        (f"{S2_GRANULE}/QI_DATA/MSK_CLDPRB_30m.jp2", "SAFE"),
        (f"{S2_L2A_SAFE}/notes.txt", "SAFE"),
        (f"{S2_L2A_SAFE}/MTD_MSIL1C.xml", "L2A"),  # the level of the SAFE decides
        (f"{S1_GRD_SAFE}/quick-look.png", "SAFE"),  # previews sit in preview/
        (f"{S1_GRD_SAFE}/MTD_MSIL2A.xml", "SAFE"),  # an S2 file in an S1 SAFE
        ("/x/S2A_MSIL2A_20240623T104619_N0510_R000_T31UFS_20240623T170000.SAFE/MTD_MSIL2A.xml", "R001..R143"),
        ("/x/S2A_MSIL2A_20240623T104619_N0510_R051_T31UFS_20240623T170000/MTD_MSIL2A.xml", ".SAFE"),
        ("calibration-s1a-iw-grd-vh-20190307t172435-20190307t172500-026262-02ef7a-002.tiff", "annotation"),
        ("s1a-iw-grd-vv-20190307t172435-20190307t172500-026262-02ef7a-001.nc", "measurement"),
        ("s1a-iw4-slc-vv-20190307t172435-20190307t172500-026262-02ef7a-001.tiff", "expected"),
        ("s1a-iw-grd-vv-20190307t252435-20190307t172500-026262-02ef7a-001.tiff", "date"),
    ],
)
def test_invalid_safe_members(path: str, fragment: str) -> None:
    with pytest.raises(ProductNameError) as err:
        parse_name(path)
    assert fragment in str(err.value)


def test_granule_takes_orbit_and_baseline_from_its_safe() -> None:
    rec = parse_name(f"{S2_GRANULE}/IMG_DATA/R10m/T31UFS_20240623T104619_B04_10m.jp2")
    assert (rec.mission, rec.product, rec.orbit, rec.baseline) == ("S2A", "L2A", 51, "N0510")
    bare = parse_name("T31UFS_20240623T104619_B04_10m.jp2")
    assert (bare.mission, bare.orbit, bare.baseline) == (None, None, None)


# --------------------------------------------------------------------------- Sentinel-2 V220 and S2C
def test_v220_names() -> None:
    head = "S2C_20250101T103421_31UFS"
    mask = parse_name(f"{head}_CLOUDMASK_20M_V220.tif")
    assert fields(mask) == ("S2_TOC", "S2C", utc(2025, 1, 1, 10, 34, 21), utc(2025, 1, 1, 10, 34, 21), "31UFS",
                            32631, None, "CLOUDMASK", 20, "V220", "quality")  # fmt: skip
    in_toc = parse_name(f"/x/TOC_V2/2025/01/01/{head}_TOC_V220/{head}_CLOUDMASK_20M_V220.tif")
    assert (in_toc.family, in_toc.product) == ("S2_TOC", "TOC")
    raa = parse_name(f"{head}_RAA_60M_V220.tif")
    assert (raa.family, raa.product, raa.content, raa.resolution, raa.kind) == (
        "S2_TOC",
        "TOC",
        "RAA",
        60,
        "data",
    )
    for name in (f"{head}_TOC_V220", f"{head}_NDVI_10M_V220.tif", f"{head}_CLOUDMASK_20M_V220.tif"):
        assert format_name(parse_name(name)) == name
    for bad in ("S2C_20250101T103421Z_31UFS_CLOUDMASK_20M_V220.tif", f"{head}_CLOUDMASK_20M_V22.tif"):
        with pytest.raises(ProductNameError):
            parse_name(bad)


def test_v102_cloudmask_stays_biophysical() -> None:
    rec = parse_name("S2B_20200119T110259Z_31UDQ_CLOUDMASK_10M_V102.tif")
    assert (rec.family, rec.product, rec.kind) == ("S2_BIOPAR", None, "quality")


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("S2C_20250101T103421_31UFS_TOC_V220", "S2_TOC"),
        ("S2C_20250101T103421_31UFS_TOC-B8A_20M_V220.tif", "S2_TOC"),
        ("S2C_20250101T103421_31UFS_FAPAR_10M_V220.tif", "S2_BIOPAR"),
        ("S2C_MSIL2A_20250101T103421_N0511_R108_T31UFS_20250101T122000.SAFE", "S2_SAFE"),
        ("S2C_MSIL1C_20250101T103421_N0511_R108_T31UFS_20250101T122000.zip", "S2_SAFE"),
        ("S1C_IW_GRDH_1SDV_20250301T000001_20250301T000100_001234_00ABCD_1B2C.SAFE", "S1_SAFE"),
    ],
)
def test_new_missions_everywhere(name: str, family: str) -> None:
    rec = parse_name(name)
    assert (rec.family, rec.mission) == (family, name[:3])
    assert format_name(rec) == name


def test_public_entry_points() -> None:
    """Scripts and Spark jobs import these from plugin.core.names; other modules from products.names."""
    import plugin.core.names as shim
    import plugin.core.products.names as names

    for attr in ("FAMILIES", "ProductName", "ProductNameError", "format_name", "parse_name"):
        assert getattr(shim, attr) is getattr(names, attr)
    for attr in ("basename", "mgrs_epsg", "is_product_folder"):
        assert callable(getattr(names, attr))
    rec = shim.parse_name(CGLS_FILE)
    assert isinstance(rec, shim.ProductName) and shim.format_name(rec) == PurePosixPath(CGLS_FILE).name
