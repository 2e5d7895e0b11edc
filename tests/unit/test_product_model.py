"""The product model: roles, band lookup, SCL, defaults, footprints, cloud cover, time range, tiles, JSON.

Every expected value comes from the reference file (names, layout, which layers a product holds) or
from the files a test writes itself (geotransforms, XML values), never from the model.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from plugin.core.archive.catalogue import Query
from plugin.core.products import footprint as footprint_module
from plugin.core.products.folders import folder_rasters
from plugin.core.products.footprint import (
    FAILURES_PER_KEY,
    FootprintError,
    FootprintFinder,
    footprint,
    product_footprint,
)
from plugin.core.products.model import (
    RASTER_EXTENSIONS,
    Product,
    default_layers,
    file_of,
    primary_data,
    product_at,
    scl_for_file,
)
from plugin.core.products.tiles import TileError, normalise_tile, parse_tiles

# Reference §2: the files of a TOC V200 product, by resolution.
TOC = "S2B_20180814T105019_31UDS"
TOC_10M = ("TOC-B02", "TOC-B03", "TOC-B04", "TOC-B08")
TOC_20M = ("TOC-B05", "TOC-B06", "TOC-B07", "TOC-B8A", "TOC-B11", "TOC-B12")
TOC_60M_DATA = ("TOC-B01", "AOT", "WVP")
ANGLES = ("SZA", "VZA", "RAA")
S1 = "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110"

XML = """<?xml version="1.0" encoding="UTF-8"?>
<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">
  <gmd:identificationInfo><gmd:MD_DataIdentification><gmd:extent><gmd:EX_Extent>
    <gmd:geographicElement><gmd:EX_GeographicBoundingBox>
      <gmd:westBoundLongitude><gco:Decimal>{w}</gco:Decimal></gmd:westBoundLongitude>
      <gmd:eastBoundLongitude><gco:Decimal>{e}</gco:Decimal></gmd:eastBoundLongitude>
      <gmd:southBoundLatitude><gco:Decimal>{s}</gco:Decimal></gmd:southBoundLatitude>
      <gmd:northBoundLatitude><gco:Decimal>{n}</gco:Decimal></gmd:northBoundLatitude>
    </gmd:EX_GeographicBoundingBox></gmd:geographicElement>
  </gmd:EX_Extent></gmd:extent></gmd:MD_DataIdentification></gmd:identificationInfo>
  <gmd:contentInfo><gmd:MD_ImageDescription><gmd:cloudCoverPercentage><gco:Real>{cloud}</gco:Real>
  </gmd:cloudCoverPercentage></gmd:MD_ImageDescription></gmd:contentInfo>
</gmd:MD_Metadata>
"""


def touch(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).touch()


def write_utm_tif(path: Path, x0: float, y0: float, size: int = 10, pixel: float = 1000.0) -> None:
    """A small GeoTIFF on UTM 31N (EPSG:32631) with its upper-left corner at (x0, y0)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), size, size, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((x0, pixel, 0, y0, 0, -pixel))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(np.ones((size, size), np.uint8))
    dataset.FlushCache()
    dataset = None


def corners_lonlat(x0: float, y0: float, width: float) -> tuple[float, float, float, float]:
    """Independent computation: the four corners of the square transformed to lon/lat."""
    source, target = osr.SpatialReference(), osr.SpatialReference()
    source.ImportFromEPSG(32631)
    target.ImportFromEPSG(4326)
    for srs in (source, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(source, target)
    points = [transform.TransformPoint(x, y)[:2] for x in (x0, x0 + width) for y in (y0, y0 - width)]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


@pytest.fixture
def toc(tmp_path: Path) -> Path:
    folder = tmp_path / "TOC_V2" / "2018" / "08" / "14" / f"{TOC}_TOC_V200"
    names = [f"{TOC}_{band}_10M_V200.tif" for band in TOC_10M]
    names += [f"{TOC}_{band}_20M_V200.tif" for band in TOC_20M]
    names += [f"{TOC}_{band}_60M_V200.tif" for band in TOC_60M_DATA + ANGLES]
    names += [
        f"{TOC}_SCENECLASSIFICATION_20M_V200.tif",
        f"{TOC}_TOC_QUICKLOOK_V200.tif",
        f"{TOC}_TOC_V200.xml",
    ]
    names += ["README.txt", f"{TOC}_TOC-B04_10M_V200.tif.aux.xml"]  # not product names
    touch(folder, *names)
    return folder


@pytest.fixture
def fapar(tmp_path: Path) -> Path:
    """Reference §1: FAPAR_V2 with 10M/ and 20M/ folders, each holding the four biophysical files."""
    stem = "S2A_20190307T105021_31UFS"
    folder = tmp_path / "FAPAR_V2" / "2019" / "03" / "07" / f"{stem}_FAPAR_V210"
    for res in (10, 20):
        touch(
            folder / f"{res}M",
            f"{stem}_FAPAR_{res}M_V210.tif",
            f"{stem}_FAPAR_QUICKLOOK_V210.tif",
            f"{stem}_SCENECLASSIFICATION_20M_V210.tif",
            f"{stem}_FAPAR_{res}M_V210.xml",
        )
    return folder


def roles(product: Product) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in product.files:
        found.setdefault(item.role, set()).add(item.band)
    return found


# --------------------------------------------------------------------------- roles
def test_roles_of_a_toc_product(toc: Path) -> None:
    product = product_at(str(toc))
    assert roles(product) == {
        "data": set(TOC_10M + TOC_20M + TOC_60M_DATA),
        "angle": set(ANGLES),
        "scl": {"SCENECLASSIFICATION"},
        "quicklook": {"TOC"},
        "metadata": {"TOC"},
    }
    resolutions = {item.band: item.resolution for item in product.files if item.role in ("data", "angle")}
    assert resolutions == {
        **dict.fromkeys(TOC_10M, 10), **dict.fromkeys(TOC_20M, 20), **dict.fromkeys(TOC_60M_DATA + ANGLES, 60)
    }  # fmt: skip
    assert sorted(os.path.basename(p) for p in product.other_files) == sorted(
        ["README.txt", f"{TOC}_TOC-B04_10M_V200.tif.aux.xml"]
    )
    assert product.metadata_path == f"{toc}/{TOC}_TOC_V200.xml"
    assert product.quicklook_path == f"{toc}/{TOC}_TOC_QUICKLOOK_V200.tif"


def test_quality_masks_v220_cloudmask_and_v102_masks(tmp_path: Path) -> None:
    # Reference §3: V220 adds CLOUDMASK_20M; §2: V102 had SHADOWMASK_10M and CLOUDMASK_10M.
    v220 = file_of("S2C_20240623T104619_31UFS_CLOUDMASK_20M_V220.tif")
    assert v220 is not None and (v220.role, v220.band, v220.resolution) == ("mask", "CLOUDMASK", 20)
    stem = "S2B_20200119T110259Z_31UDQ"
    for band in ("SHADOWMASK", "CLOUDMASK"):
        item = file_of(f"{stem}_{band}_10M_V102.tif")
        assert item is not None and (item.role, item.band, item.resolution) == ("mask", band, 10)
    scl = file_of("S2C_20240623T104619_31UFS_SCENECLASSIFICATION_20M_V220.tif")
    assert scl is not None and (scl.role, scl.resolution) == ("scl", 20)


def test_sentinel1_polarisations_angle_and_xml(tmp_path: Path) -> None:
    folder = tmp_path / S1
    touch(folder, f"{S1}_VV.tif", f"{S1}_VH.tif", f"{S1}_angle.tif", f"{S1}.xml")
    product = product_at(str(folder))
    assert roles(product) == {"data": {"VV", "VH"}, "angle": {"ANGLE"}, "metadata": {"SIGMA0"}}
    kind, files = default_layers(product)
    assert kind == "files" and [os.path.basename(f.path) for f in files] == [f"{S1}_VV.tif", f"{S1}_VH.tif"]
    hh = file_of(S1.replace("_DV_", "_DH_") + "_HH.tif")
    hv = file_of(S1.replace("_DV_", "_DH_") + "_HV.tif")
    assert (hh.role, hh.band, hv.band) == ("data", "HH", "HV")  # type: ignore[union-attr]


def test_raster_extensions_are_one_list() -> None:
    assert {".tif", ".tiff", ".jp2", ".vrt", ".nc", ".h5", ".hdf5", ".img"} == RASTER_EXTENSIONS


# --------------------------------------------------------------------------- lookups
def test_band_lookup_prefers_the_resolution_asked_and_the_finest_otherwise(fapar: Path) -> None:
    product = product_at(str(fapar))
    stem = "S2A_20190307T105021_31UFS"
    assert product.band_file("fapar").path == f"{fapar}/10M/{stem}_FAPAR_10M_V210.tif"  # type: ignore[union-attr]
    assert product.band_file("FAPAR", 20).path == f"{fapar}/20M/{stem}_FAPAR_20M_V210.tif"  # type: ignore[union-attr]
    assert product.band_file("FAPAR", 60).path == f"{fapar}/10M/{stem}_FAPAR_10M_V210.tif"  # type: ignore[union-attr]
    assert product.band_file("FAPAR", 60, exact=True) is None and product.band_path("FAPAR", 60) is None
    assert product.band_path("FAPAR", 20) == f"{fapar}/20M/{stem}_FAPAR_20M_V210.tif"
    # The SCL: 20 m, the first copy in path order (10M/ before 20M/); SCL is an alias.
    assert product.scl_path == f"{fapar}/10M/{stem}_SCENECLASSIFICATION_20M_V210.tif"
    assert product.band_path("SCL") == product.scl_path
    assert product.metadata_path == f"{fapar}/10M/{stem}_FAPAR_10M_V210.xml"
    assert product.quicklook_path == f"{fapar}/10M/{stem}_FAPAR_QUICKLOOK_V210.tif"
    assert default_layers(product) == ("files", (product.band_file("FAPAR", 10),))
    assert primary_data(product).path == f"{fapar}/10M/{stem}_FAPAR_10M_V210.tif"  # type: ignore[union-attr]
    assert primary_data(product, "fapar") == product.band_file("FAPAR", 10)


def test_scl_of_a_data_file_given_alone(fapar: Path, tmp_path: Path) -> None:
    stem = "S2A_20190307T105021_31UFS"
    data = f"{fapar}/20M/{stem}_FAPAR_20M_V210.tif"
    assert scl_for_file(data) == f"{fapar}/20M/{stem}_SCENECLASSIFICATION_20M_V210.tif"  # same folder first
    # V1-style: the SCL in the product folder above the 10M/ folder of the data file.
    folder = tmp_path / "S2B_20200119T110259Z_31UDQ_FAPAR_V102"
    touch(folder, "S2B_20200119T110259Z_31UDQ_SCENECLASSIFICATION_20M_V102.tif")
    touch(folder / "10M", "S2B_20200119T110259Z_31UDQ_FAPAR_10M_V102.tif")
    touch(folder, "S2B_20200119T110259Z_31UDR_SCENECLASSIFICATION_20M_V102.tif")  # another tile
    found = scl_for_file(str(folder / "10M" / "S2B_20200119T110259Z_31UDQ_FAPAR_10M_V102.tif"))
    assert found == str(folder / "S2B_20200119T110259Z_31UDQ_SCENECLASSIFICATION_20M_V102.tif")
    own = tmp_path / "mine.tif"
    own.touch()
    assert scl_for_file(str(own)) is None


def test_default_layers_of_a_toc_product(toc: Path) -> None:
    product = product_at(str(toc))
    kind, files = default_layers(product)
    # Reference §2: true colour = B04, B03, B02 (10 m).
    assert kind == "composite"
    assert [os.path.basename(f.path) for f in files] == [f"{TOC}_TOC-B0{b}_10M_V200.tif" for b in (4, 3, 2)]
    # An algorithm takes the finest scaled layer, ties by path: B02 10 m.
    assert primary_data(product).path == f"{toc}/{TOC}_TOC-B02_10M_V200.tif"  # type: ignore[union-attr]
    (toc / f"{TOC}_TOC-B02_10M_V200.tif").unlink()
    kind, files = default_layers(product_at(str(toc)))
    assert kind == "files" and [os.path.basename(f.path) for f in files] == [f"{TOC}_TOC_QUICKLOOK_V200.tif"]


def test_folder_rasters_lists_named_and_unnamed_rasters(fapar: Path) -> None:
    (fapar / "my_own.tif").touch()
    product, rasters = folder_rasters(str(fapar))
    assert product is not None
    expected = sorted(
        str(p) for p in fapar.rglob("*") if p.is_file() and p.suffix == ".tif"
    )  # quicklooks, data, SCL and the unnamed raster; not the XML
    assert rasters == expected and len(expected) == 7


# --------------------------------------------------------------------------- immutability, time, cloud
def test_product_is_immutable_and_replace_keeps_the_files(fapar: Path) -> None:
    product = product_at(str(fapar), "FAPAR_V2")
    files = product.files
    with pytest.raises(AttributeError):
        product.cloud_cover = 3.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        product.files[0].path = "/elsewhere"  # type: ignore[misc]
    copy = product.replace(cloud_cover=3.0, footprint=(1.0, 2.0, 3.0, 4.0))
    assert (copy.cloud_cover, copy.footprint, product.cloud_cover) == (3.0, (1.0, 2.0, 3.0, 4.0), None)
    assert copy.files is files and copy == product


def test_time_range_and_cloud_cover_from_the_xml(tmp_path: Path) -> None:
    coherence = Product("/x/S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110", None, "C")
    assert coherence.time_range == (
        datetime(2020, 3, 30, 17, 32, 47, tzinfo=UTC),
        datetime(2020, 4, 5, 17, 32, 21, tzinfo=UTC),
    )
    folder = tmp_path / f"{TOC}_TOC_V200"
    touch(folder, f"{TOC}_TOC-B04_10M_V200.tif")
    (folder / f"{TOC}_TOC_V200.xml").write_text(XML.format(w=3, e=4.5, s=50.4, n=51.4, cloud=12.5))
    product = product_at(str(folder))
    assert product.cloud_cover is None  # not read until asked
    assert product.read_cloud_cover() == 12.5
    assert product.time_range == (datetime(2018, 8, 14, 10, 50, 19, tzinfo=UTC),) * 2


def test_last_instant_of_an_acquisition_a_period_and_a_coherence() -> None:
    """A period's end in the name is exclusive; S1 coherence ends on its second acquisition."""
    coherence = Product("/x/S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110", None, "C")
    assert coherence.last_instant == datetime(2020, 4, 5, 17, 32, 21, tzinfo=UTC)
    ten_days = Product("/x/PROBAV_S10_TOC_X17Y03_20200611_333M_V101.HDF5", None, "P")
    assert ten_days.last_instant == datetime(2020, 6, 20, 23, 59, 59, 999999, tzinfo=UTC)
    acquisition = Product(f"/x/{TOC}_TOC_V200", None, "T")
    assert acquisition.last_instant == datetime(2018, 8, 14, 10, 50, 19, tzinfo=UTC)


# --------------------------------------------------------------------------- footprints
def test_footprint_from_the_header_cached_by_mtime_and_bounded(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.tif"
    write_utm_tif(path, 600000, 5700000)
    expected = corners_lonlat(600000, 5700000, 10000)
    assert footprint(path) == pytest.approx(expected, abs=1e-3)
    # Rewritten elsewhere with a new mtime: read again, not served from the cache.
    write_utm_tif(path, 500000, 5600000)
    os.utime(path, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns + 10**9))
    assert footprint(path) == pytest.approx(corners_lonlat(500000, 5600000, 10000), abs=1e-3)
    # Bounded: a small cache of the same kind keeps only the newest entries.
    small = footprint_module._Lru(2)
    monkeypatch.setattr(footprint_module, "_FOOTPRINTS", small)
    for index in range(5):
        other = tmp_path / f"b{index}.tif"
        write_utm_tif(other, 600000 + index * 1000, 5700000)
        footprint(other)
    assert len(small) == 2 and (str(tmp_path / "b4.tif"), os.stat(tmp_path / "b4.tif").st_mtime_ns) in small
    with pytest.raises(FootprintError, match="not a raster"):
        (tmp_path / "broken.tif").write_bytes(b"")
        footprint(tmp_path / "broken.tif")


def test_product_footprint_falls_back_to_the_xml_and_gives_up_per_tile(tmp_path: Path) -> None:
    def product(day: int, quicklook: bytes | None, xml: bool) -> Product:
        stem = f"S2B_201808{day:02d}T105019_31UDS"
        folder = tmp_path / f"{stem}_TOC_V200"
        folder.mkdir()
        if quicklook is None:
            write_utm_tif(folder / f"{stem}_TOC_QUICKLOOK_V200.tif", 600000, 5700000)
        else:
            (folder / f"{stem}_TOC_QUICKLOOK_V200.tif").write_bytes(quicklook)
        if xml:
            (folder / f"{stem}_TOC_V200.xml").write_text(XML.format(w=3.1, e=4.6, s=50.5, n=51.5, cloud=1))
        return product_at(str(folder), "TOC_V2")

    assert product_footprint(product(1, None, True)) == pytest.approx(
        corners_lonlat(600000, 5700000, 10000), abs=1e-3
    )  # the header wins over the XML
    assert product_footprint(product(2, b"", True)) == (3.1, 50.5, 4.6, 51.5)  # broken header: the XML
    assert product_footprint(product(3, b"", False)) is None
    finder = FootprintFinder()
    broken = [product(day, b"", False) for day in range(4, 10)]
    assert [finder(p) for p in broken] == [None] * len(broken)
    assert finder._failures == {"31UDS": FAILURES_PER_KEY}  # stopped trying after the cap
    assert finder(product(10, None, False)) is None  # still given up for this tile in this search
    assert FootprintFinder()(product(11, b"", True)) == (3.1, 50.5, 4.6, 51.5)


# --------------------------------------------------------------------------- tiles
def test_tiles_parse_the_same_everywhere() -> None:
    assert parse_tiles("31ufs, 1abc;X17Y03 t31ufs") == ["31UFS", "01ABC", "X17Y03"]
    assert normalise_tile(" x17y03 ") == "X17Y03"
    for bad in ("61UFS", "31UF", "Brussels", "X1Y2"):
        with pytest.raises(TileError, match=repr(bad)):
            parse_tiles(bad)
    with pytest.raises(ValueError, match="'Brussels' is not a tile"):
        Query(tiles=["31UFS", "Brussels"]).validate()


# --------------------------------------------------------------------------- the JSON record
def test_json_record_lists_files_by_role_band_and_resolution(fapar: Path) -> None:
    product = product_at(str(fapar), "FAPAR_V2")
    record = product.to_json()
    stem = "S2A_20190307T105021_31UFS"
    assert record["path"] == record["dir"] == str(fapar) and record["folder"] == fapar.name
    assert record["name"]["tile"] == "31UFS" and record["name"]["start"] == "2019-03-07T10:50:21+00:00"
    assert record["files"] == {
        "data": {
            "FAPAR": {"10": [f"10M/{stem}_FAPAR_10M_V210.tif"], "20": [f"20M/{stem}_FAPAR_20M_V210.tif"]}
        },
        "quicklook": {"FAPAR": {"native": [f"{res}M/{stem}_FAPAR_QUICKLOOK_V210.tif" for res in (10, 20)]}},
        "scl": {
            "SCENECLASSIFICATION": {"20": [f"{r}M/{stem}_SCENECLASSIFICATION_20M_V210.tif" for r in (10, 20)]}
        },
        "metadata": {
            "FAPAR": {"10": [f"10M/{stem}_FAPAR_10M_V210.xml"], "20": [f"20M/{stem}_FAPAR_20M_V210.xml"]}
        },
    }
    assert json.loads(product.json_line()) == record


def test_products_of_one_shape_keep_their_own_names(tmp_path: Path) -> None:
    """Roles are remembered per shape (time and tile masked): each product still lists its own files."""
    products = []
    for stem in ("S2A_20190307T105021_31UFS", "S2B_20190312T105019_31UFS", "S2A_20200101T000000_32ULB"):
        folder = tmp_path / f"{stem}_NDVI_V210"
        touch(folder, f"{stem}_NDVI_10M_V210.tif", f"{stem}_SCENECLASSIFICATION_20M_V210.tif")
        # A file of another acquisition in the folder keeps its own name and role.
        touch(
            folder,
            "S2A_20190308T105021_31UFS_NDVI_10M_V210.tif",
            "S2A_20190307T105021_31UFS_NDVI_10M_V99.tif",
        )
        products.append((stem, product_at(str(folder))))
    for stem, product in products:
        record = json.loads(product.json_line())
        assert record == product.to_json()
        assert record["files"]["data"]["NDVI"]["10"] == sorted(
            [f"{stem}_NDVI_10M_V210.tif", "S2A_20190308T105021_31UFS_NDVI_10M_V210.tif"]
        )
        assert record["files"]["scl"] == {
            "SCENECLASSIFICATION": {"20": [f"{stem}_SCENECLASSIFICATION_20M_V210.tif"]}
        }
        assert [os.path.basename(p) for p in product.other_files] == [
            "S2A_20190307T105021_31UFS_NDVI_10M_V99.tif"
        ]
