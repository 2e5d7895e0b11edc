"""Rules of the product model and footprints, one test per rule, written to kill mutants
(docs/MUTANTS.md). Expected values come from the reference file (names and layout) or from the
files the test writes itself (geotransforms, XML values), never from the model.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from plugin.core.products import footprint as fp
from plugin.core.products import model
from plugin.core.products.folders import folder_rasters
from plugin.core.products.footprint import FootprintError, FootprintFinder, footprint, product_footprint
from plugin.core.products.model import (
    Product,
    default_layers,
    file_of,
    is_raster,
    list_files,
    name_json,
    primary_data,
    product_at,
    scl_for_file,
)

S2 = "S2B_20180814T105019_31UDS"  # reference §2 (a TOC V200 product)
S1 = "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110"  # reference §4

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
</gmd:MD_Metadata>
"""


@pytest.fixture(autouse=True)
def fresh_memos() -> None:
    """Empty the model's memos (file classification per shape, encoded name parts) and the footprint
    cache, so each test classifies its files itself rather than reading what an earlier test (or,
    under mutmut, the parent process) left there."""
    for memo in (model._MEMO, model._SHAPES, model._NAME_PARTS):
        memo.clear()
    model._parsed.cache_clear()
    fp._FOOTPRINTS.clear()


def write_tif(
    path: Path, transform: tuple[float, ...], epsg: int | None = 32631, width: int = 4, height: int = 4
) -> None:
    """A small GeoTIFF with the given geotransform (no projection when ``epsg`` is None)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 1, gdal.GDT_Byte)
    if transform:
        dataset.SetGeoTransform(transform)
    if epsg is not None:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(np.ones((height, width), np.uint8))
    dataset = None


def lonlat_box(points: list[tuple[float, float]], epsg: int = 32631) -> tuple[float, float, float, float]:
    """Independent computation: the points transformed to lon/lat, and their bounding box."""
    source, target = osr.SpatialReference(), osr.SpatialReference()
    source.ImportFromEPSG(epsg)
    target.ImportFromEPSG(4326)
    for srs in (source, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(source, target)
    lonlat = [transform.TransformPoint(x, y)[:2] for x, y in points]
    return (
        min(p[0] for p in lonlat),
        min(p[1] for p in lonlat),
        max(p[0] for p in lonlat),
        max(p[1] for p in lonlat),
    )


# --------------------------------------------------------------------------- raster footprints
def test_footprint_of_a_rotated_raster_follows_its_geotransform(tmp_path: Path) -> None:
    # x = 600000 + 1000 px + 300 py ; y = 5700000 - 200 px - 1000 py, 4 x 4 pixels.
    path = tmp_path / "rotated.tif"
    write_tif(path, (600000, 1000, 300, 5700000, -200, -1000))
    corners = [
        (600000 + 1000 * px + 300 * py, 5700000 - 200 * px - 1000 * py) for px in (0, 4) for py in (0, 4)
    ]
    assert footprint(path) == pytest.approx(lonlat_box(corners), abs=1e-7)


def test_footprint_of_a_wide_tile_includes_its_curved_edges(tmp_path: Path) -> None:
    """A UTM tile far from its central meridian: its northern edge bulges north of its corners in
    lon/lat, so the corners alone miss part of its extent (edge points are needed)."""
    path = tmp_path / "wide.tif"
    write_tif(path, (100000, 100000, 0, 8000000, 0, -100000), width=8, height=8)  # 800 km square
    edge = [(100000 + 100000 * i, 8000000) for i in range(9)] + [
        (100000 + 100000 * i, 7200000) for i in range(9)
    ]
    edge += [(100000, 8000000 - 100000 * i) for i in range(9)] + [
        (900000, 8000000 - 100000 * i) for i in range(9)
    ]
    corners = lonlat_box([(100000, 8000000), (900000, 8000000), (100000, 7200000), (900000, 7200000)])
    expected = lonlat_box(edge)
    assert expected[3] > corners[3] + 0.1  # the bulge this test is about
    assert footprint(path) == pytest.approx(expected, abs=1e-7)


@pytest.mark.parametrize(
    ("x0", "y0", "nearest"),
    [
        (150000, 400000, (150000, 0)),  # the pole 150 km west of the left edge's middle
        (-950000, 400000, (-150000, 0)),  # east of the right edge's middle
        (-400000, -150000, (0, -150000)),  # north of the top edge's middle
        (-400000, 950000, (0, 150000)),  # south of the bottom edge's middle
    ],
)
def test_footprint_near_the_pole_reaches_the_middle_of_an_edge(
    tmp_path: Path, x0: float, y0: float, nearest: tuple[float, float]
) -> None:
    """North polar stereographic (EPSG:3413, pole at 0, 0), 800 km squares beside the pole: the
    northernmost point of the footprint is the middle of the edge nearest the pole, not a corner."""
    path = tmp_path / "polar.tif"
    write_tif(path, (x0, 100000, 0, y0, 0, -100000), epsg=3413, width=8, height=8)
    north = lonlat_box([nearest], epsg=3413)[3]
    corners = lonlat_box([(x0, y0), (x0 + 800000, y0), (x0, y0 - 800000), (x0 + 800000, y0 - 800000)], 3413)
    assert north > corners[3] + 0.05
    assert footprint(path)[3] == pytest.approx(north, abs=1e-9)


def test_footprint_of_a_lonlat_raster_is_its_extent(tmp_path: Path) -> None:
    path = tmp_path / "wgs84.tif"
    write_tif(path, (3.0, 0.25, 0, 51.0, 0, -0.5), epsg=4326)
    assert footprint(path) == (3.0, 49.0, 4.0, 51.0)


def test_footprint_errors_name_the_path_and_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "missing.tif"
    with pytest.raises(FootprintError) as caught:
        footprint(missing)
    assert str(caught.value) == f"{missing}: cannot read the raster (No such file or directory)"
    empty = tmp_path / "empty.tif"
    empty.write_bytes(b"")
    with pytest.raises(FootprintError) as caught:
        footprint(empty)
    assert str(caught.value) == f"{empty}: not a raster GDAL can open"
    vector = tmp_path / "vector.geojson"  # GDAL opens it, as a vector dataset: not a raster
    vector.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(FootprintError) as caught:
        footprint(vector)
    assert str(caught.value) == f"{vector}: not a raster GDAL can open"
    cases = (
        ("plain.tif", (), None),
        ("nocrs.tif", (0, 1, 0, 0, 0, -1), None),
        ("notransform.tif", (), 32631),
    )
    for name, transform, epsg in cases:
        write_tif(tmp_path / name, transform, epsg)
        with pytest.raises(FootprintError) as caught:
            footprint(tmp_path / name)
        assert str(caught.value) == f"{tmp_path / name}: the raster has no georeferencing"


def test_footprint_is_read_once_per_path_and_mtime(tmp_path: Path) -> None:
    path = tmp_path / "once.tif"
    write_tif(path, (3.0, 0.25, 0, 51.0, 0, -0.5), epsg=4326)
    first = footprint(path)
    # Rewritten with the same mtime: the cached value is served (the file is not opened again).
    stat = os.stat(path)
    write_tif(path, (5.0, 0.25, 0, 51.0, 0, -0.5), epsg=4326)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert footprint(path) == first == (3.0, 49.0, 4.0, 51.0)
    assert footprint(str(path)) == first  # a str and a Path are the same key


def test_lru_keeps_the_most_recently_used() -> None:
    lru = fp._Lru(2)
    assert lru.get("a") is None and lru.get("a", 7) == 7 and "a" not in lru
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # "a" is now the most recent: "b" goes first
    lru.put("c", 3)
    assert "b" not in lru and "a" in lru and "c" in lru and len(lru) == 2
    lru.put("a", 4)  # a put also refreshes
    lru.put("d", 5)
    assert ("c" in lru, lru.get("a"), lru.get("d"), len(lru)) == (False, 4, 5, 2)
    lru.clear()
    assert len(lru) == 0 and lru.get("a") is None


# --------------------------------------------------------------------------- product footprints
def s2_product(folder: Path, files: dict[str, tuple[float, ...] | bytes], xml: str | None = None) -> Product:
    """An S2 product folder with the given rasters (geotransform on EPSG:4326, or raw bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            write_tif(folder / name, content, epsg=4326)
    if xml is not None:
        (folder / f"{folder.name}.xml").write_text(xml)
    return product_at(str(folder), "TOC_V2")


def test_product_footprint_takes_the_quicklook_then_data_scl_mask_angle(tmp_path: Path) -> None:
    # Reference §2 names; each role's raster has its own extent (west = 1, 2, 3, 4, 5).
    role_files = {
        "quicklook": f"{S2}_TOC_QUICKLOOK_V200.tif",
        "data": f"{S2}_TOC-B04_10M_V200.tif",
        "scl": f"{S2}_SCENECLASSIFICATION_20M_V200.tif",
        "mask": f"{S2}_CLOUDMASK_20M_V200.tif",
        "angle": f"{S2}_SZA_60M_V200.tif",
    }
    wests = dict(zip(role_files, (1.0, 2.0, 3.0, 4.0, 5.0), strict=True))
    order = list(role_files)
    for index, role in enumerate(order):
        present = {role_files[r]: (wests[r], 0.25, 0, 51.0, 0, -0.5) for r in order[index:]}
        product = s2_product(tmp_path / f"p{index}" / f"{S2}_TOC_V200", present)
        assert product_footprint(product) == (wests[role], 49.0, wests[role] + 1.0, 51.0), role
        assert fp.footprint_raster(product) == str(
            tmp_path / f"p{index}" / f"{S2}_TOC_V200" / role_files[role]
        )
    assert fp.footprint_raster(s2_product(tmp_path / "none" / f"{S2}_TOC_V200", {})) is None


def test_product_footprint_uses_the_raster_given(tmp_path: Path) -> None:
    product = s2_product(
        tmp_path / f"{S2}_TOC_V200", {f"{S2}_TOC_QUICKLOOK_V200.tif": (1.0, 0.25, 0, 51, 0, -0.5)}
    )
    other = tmp_path / "other.tif"
    write_tif(other, (7.0, 0.25, 0, 51.0, 0, -0.5), epsg=4326)
    assert product_footprint(product, str(other)) == (7.0, 49.0, 8.0, 51.0)
    # A broken raster given: the XML's box, as floats.
    xml = XML.format(w=3, e=4, s=50, n=51)
    with_xml = s2_product(tmp_path / "x" / f"{S2}_TOC_V200", {f"{S2}_TOC_QUICKLOOK_V200.tif": b"broken"}, xml)
    box = product_footprint(with_xml, str(tmp_path / "x" / "nothing.tif"))
    assert box == (3.0, 50.0, 4.0, 51.0) and all(type(v) is float for v in box)  # type: ignore[union-attr]


class DictStore:
    """A footprint store kept in a dict (the listing cache's interface), recording what is asked."""

    def __init__(self, found: dict[str, tuple[float, float, float, float]] | None = None) -> None:
        self.found = dict(found or {})
        self.asked: list[str] = []
        self.put: list[str] = []

    def get_footprint(self, key: str) -> tuple[float, float, float, float] | None:
        self.asked.append(key)
        return self.found.get(key)

    def put_footprint(self, key: str, bbox: tuple[float, float, float, float]) -> None:
        self.put.append(key)
        self.found[key] = bbox


def test_finder_shares_a_footprint_per_tile_and_uses_the_store(tmp_path: Path) -> None:
    quicklook = {f"{S2}_TOC_QUICKLOOK_V200.tif": (3.0, 0.25, 0, 51.0, 0, -0.5)}
    collection = tmp_path / "TOC_V2"
    product = s2_product(collection / "2018" / "08" / "14" / f"{S2}_TOC_V200", quicklook)
    store = DictStore()
    finder = FootprintFinder(store)
    assert finder(product) == (3.0, 49.0, 4.0, 51.0)
    folder = os.stat(collection)
    key = (
        f"tile:31UDS:32631:{collection}@{folder.st_ino}:{folder.st_ctime_ns}"  # reference: 31U is EPSG:32631
    )
    assert store.asked == store.put == [key]
    # Another product of the tile, without rasters: the tile's footprint, from memory.
    other = s2_product(collection / "2018" / "20180815" / "S2A_20180815T105019_31UDS_TOC_V200", {})
    assert finder(other) == (3.0, 49.0, 4.0, 51.0) and store.asked == [key]
    # A new search with the same store: from the store, not read again (nothing put).
    second = FootprintFinder(store)
    assert second(other) == (3.0, 49.0, 4.0, 51.0) and store.put == [key]
    # The catalogue's footprint, when it read one, wins.
    known = product.replace(footprint=(0.0, 1.0, 2.0, 3.0))
    assert FootprintFinder(DictStore())(known) == (0.0, 1.0, 2.0, 3.0)


def test_finder_does_not_lend_a_tile_footprint_to_another_collection_folder(tmp_path: Path) -> None:
    """A user's cropped copy named like the archive's tile keeps its own footprint, and the reverse."""
    whole = {f"{S2}_TOC_QUICKLOOK_V200.tif": (3.0, 0.25, 0, 51.0, 0, -0.5)}
    crop = {f"{S2}_TOC_QUICKLOOK_V200.tif": (3.5, 0.25, 0, 50.0, 0, -0.25)}
    archive = s2_product(tmp_path / "MTDA" / "TOC_V2" / "2018" / "08" / "14" / f"{S2}_TOC_V200", whole)
    mine = s2_product(tmp_path / "users" / "crops" / f"{S2}_TOC_V200", crop)
    store = DictStore()
    assert FootprintFinder(store)(archive) == (3.0, 49.0, 4.0, 51.0)
    assert FootprintFinder(store)(mine) == (3.5, 49.0, 4.5, 50.0)  # 4 × 4 pixels of 0.25°
    assert FootprintFinder(store)(archive) == (3.0, 49.0, 4.0, 51.0)
    # The same archive generated again in place (a demo, a test tree): its new extent, not the old one.
    shutil.rmtree(tmp_path / "MTDA")
    again = s2_product(tmp_path / "MTDA" / "TOC_V2" / "2018" / "08" / "14" / f"{S2}_TOC_V200", crop)
    assert FootprintFinder(store)(again) == (3.5, 49.0, 4.5, 50.0)


def test_finder_keys_tileless_products_by_file_and_caps_failures(tmp_path: Path) -> None:
    folder = tmp_path / S1
    write_tif(folder / f"{S1}_VV.tif", (3.0, 0.25, 0, 51.0, 0, -0.5), epsg=4326)
    product = product_at(str(folder), "SIGMA0")
    store = DictStore()
    assert FootprintFinder(store)(product) == (3.0, 49.0, 4.0, 51.0)
    assert store.put == [f"file:{folder}/{S1}_VV.tif"]
    # Tile-less products without a footprint fail per collection; the cap is the finder's.
    broken = []
    for day in range(1, 5):
        name = S1.replace("20190307", f"201903{day:02d}")
        (tmp_path / name).mkdir()
        broken.append(product_at(str(tmp_path / name), "SIGMA0"))
    store = DictStore()
    finder = FootprintFinder(store, max_failures=2)
    assert [finder(p) for p in broken] == [None] * 4
    assert store.asked == [
        f"file:{tmp_path / name}" for name in (p.path.rsplit("/", 1)[1] for p in broken[:2])
    ]
    assert FootprintFinder().max_failures == 3  # the default cap
    # A cap of one: the first product is still tried.
    assert FootprintFinder(max_failures=1)(product) == (3.0, 49.0, 4.0, 51.0)
    # A PROBA-V product folder names no tile (only its files do): keyed by file, not by tile.
    probav = tmp_path / "PROBAV_S1_TOC_20200616_333M_V101"  # reference §1
    probav.mkdir()
    store = DictStore()
    assert FootprintFinder(store)(product_at(str(probav), "PROBAV")) is None
    assert store.asked == [f"file:{probav}"]


# --------------------------------------------------------------------------- the model: files and records
NDVI = "S2A_20250516T104651_31UFS"  # reference §1 (NDVI_V2, files in the product folder)


def touch(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).touch()


def test_raster_extension_and_file_of_a_single_name() -> None:
    assert is_raster("a/B.TIF") and is_raster("c.Jp2") and not is_raster("b.tif.aux.xml")
    assert file_of("README.txt") is None
    item = file_of(f"/x/{NDVI}_NDVI_10M_V210.tif")
    assert item == (f"/x/{NDVI}_NDVI_10M_V210.tif", "data", "NDVI", 10)
    assert item is not None and item.is_raster and item.name.tile == "31UFS"
    xml = file_of(f"{NDVI}_NDVI_10M_V210.xml")
    assert xml is not None and xml.role == "metadata" and not xml.is_raster
    quicklook = file_of(f"{NDVI}_NDVI_QUICKLOOK_V210.tif")
    assert quicklook is not None and (quicklook.role, quicklook.band, quicklook.resolution) == (
        "quicklook", "NDVI", None
    )  # fmt: skip
    # Files without a resolution sort after every real one: "finest first".
    assert sorted([quicklook, item], key=lambda f: f.sort_key) == [item, quicklook]


def test_roles_and_bands_of_names_without_a_layer() -> None:
    """The band of a name without a layer token is its product (else family), upper case (reference §1,
    §2, §4): a PROBA-V HDF5 holds every TOC layer, an S1 XML describes the SIGMA0 product."""
    cases = {
        "PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5": ("data", "TOC", 333),
        "PROBAV_S10_TOC_X35Y12_20190801_333M_GEOMETRY_V201.TIFF": ("data", "GEOMETRY", 333),
        f"{S1}.xml": ("metadata", "SIGMA0", None),
        f"{NDVI}_NDVI_V210": ("other", "NDVI", None),  # a product folder given as a file
        "S2B_20180814T105019_31UDS_SZA_60M_V200.tif": ("angle", "SZA", 60),
        f"{S1}_angle.tif": ("angle", "ANGLE", None),
        f"{S1}_VH.tif": ("data", "VH", None),
        "S2B_20180814T105019_31UDS_SCENECLASSIFICATION_20M_V200.tif": ("scl", "SCENECLASSIFICATION", 20),
        "S2B_20200119T110259Z_31UDQ_SHADOWMASK_10M_V102.tif": ("mask", "SHADOWMASK", 10),
        "T31UFS_20240623T104619_PVI.jp2": ("quicklook", "PVI", None),  # a SAFE granule's preview, alone
    }
    for name, expected in cases.items():
        item = file_of(name)
        assert item is not None and (item.role, item.band, item.resolution) == expected, name


def test_product_record_basics(tmp_path: Path) -> None:
    folder = tmp_path / f"{NDVI}_NDVI_V210"
    touch(folder, f"{NDVI}_NDVI_10M_V210.tif", "notes.txt")
    product = product_at(str(folder) + "/", "NDVI_V2")  # a trailing slash names the same folder
    assert product.path == str(folder) and product.folder_name == folder.name and not product.is_single_file
    assert repr(product) == f"Product({str(folder)!r}, collection='NDVI_V2', files=2)"
    with pytest.raises(AttributeError) as caught:
        product.collection = "other"  # type: ignore[misc]
    assert str(caught.value) == "Product is immutable (cannot set collection); use replace()"
    with pytest.raises(TypeError) as caught:
        product.replace(cloud_cover=1.0, tile="31UFS", band="B04")
    assert str(caught.value) == "Product.replace() takes cloud_cover and footprint, not ['band', 'tile']"
    same = Product(str(folder), None, "other", [f"{NDVI}_NDVI_10M_V210.tif", "notes.txt"])
    assert same == product and hash(same) == hash(str(folder)) and same != "x"
    assert Product(str(folder), None, "NDVI_V2", ["notes.txt"]) != product
    assert [os.path.basename(p) for p in product.other_files] == ["notes.txt"]
    assert [f.band for f in product.of_role("data", "metadata")] == ["NDVI"]
    assert product.replace(cloud_cover=5).read_cloud_cover() == 5.0
    assert product.read_cloud_cover() is None and product.read_metadata() is None  # no XML


def test_single_file_product_record(tmp_path: Path) -> None:
    path = tmp_path / f"{NDVI}_NDVI_10M_V210.tif"
    path.touch()
    product = product_at(str(path), "NDVI_V2")
    assert product.is_single_file and product.folder_name == path.name
    assert [(f.path, f.role, f.band, f.resolution) for f in product.files] == [
        (str(path), "data", "NDVI", 10)
    ]
    record = product.replace(cloud_cover=12.5, footprint=(3.0, 50.0, 4.0, 51.0)).to_json()
    assert record["dir"] == str(tmp_path) and record["path"] == str(path) and record["folder"] == path.name
    assert record["files"] == {"data": {"NDVI": {"10": [path.name]}}}
    assert (record["cloud_cover"], record["footprint"]) == (12.5, [3.0, 50.0, 4.0, 51.0])


def test_json_line_is_the_text_json_dumps_gives(tmp_path: Path) -> None:
    folder = tmp_path / "é" / f"{NDVI}_NDVI_V210"
    touch(folder, f"{NDVI}_NDVI_10M_V210.tif", f"{NDVI}_NDVI_QUICKLOOK_V210.tif", f"{NDVI}_NDVI_10M_V210.xml")
    single = tmp_path / f"{NDVI}_NDVI_10M_V210.tif"
    single.touch()
    coherence = tmp_path / "S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110"
    touch(coherence, f"{coherence.name}_VV.tif")
    dem = tmp_path / "Copernicus_DSM_10_N51_00_E003_00"  # a DEM tile: no acquisition time
    touch(dem, "Copernicus_DSM_COG_10_N51_00_E003_00_DEM.tif")
    for path in (folder, single, coherence, dem):
        plain = product_at(str(path), "C")
        for product in (plain, plain.replace(cloud_cover=7.25, footprint=(3.5, 50.25, 4.0, 51.0))):
            record = product.to_json()
            assert product.json_line() == json.dumps(record, ensure_ascii=False)
            assert record["name"] == name_json(product.name)
    start = product_at(str(coherence)).to_json()["name"]
    assert (start["start"], start["end"]) == ("2020-03-30T17:32:47+00:00", "2020-04-05T17:32:21+00:00")
    assert name_json(product_at(str(folder)).name)["extra"] == []
    assert json.loads(product_at(str(dem)).json_line())["name"]["start"] is None
    # A file without a resolution in its name is listed under "native".
    assert product_at(str(folder)).to_json()["files"]["quicklook"] == {
        "NDVI": {"native": [f"{NDVI}_NDVI_QUICKLOOK_V210.tif"]}
    }


def test_json_line_of_products_that_differ_only_by_product(tmp_path: Path) -> None:
    """The encoded name parts are shared per combination of fields: the product is one of them."""
    lines = {}
    for product in ("NDVI", "FAPAR"):
        folder = tmp_path / f"{NDVI}_{product}_V210"
        touch(folder, f"{NDVI}_{product}_10M_V210.tif")
        lines[product] = json.loads(product_at(str(folder), "C").json_line())["name"]["product"]
    assert lines == {"NDVI": "NDVI", "FAPAR": "FAPAR"}


def test_list_files_goes_two_levels_down(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "b" / "c", "deep.tif")
    touch(tmp_path / "a" / "b", "two.tif")
    touch(tmp_path / "a", "one.tif")
    touch(tmp_path, "top.tif")
    assert list_files(str(tmp_path)) == ["a/b/two.tif", "a/one.tif", "top.tif"]
    assert list_files(str(tmp_path), 0) == ["top.tif"]
    with pytest.raises(OSError):
        list_files(str(tmp_path / "missing"))
    product, rasters = folder_rasters(str(tmp_path))  # not a product name: every raster, in path order
    assert product is None and rasters == [
        f"{tmp_path}/a/b/two.tif",
        f"{tmp_path}/a/one.tif",
        f"{tmp_path}/top.tif",
    ]


def test_scl_of_a_file_in_a_resolution_folder_is_found_in_the_20m_folder(tmp_path: Path) -> None:
    # Reference §1: FAPAR_V2 holds 10M/ and 20M/ folders; the SCL of a 10M/ file here is only in 20M/.
    stem = "S2A_20190307T105021_31UFS"
    folder = tmp_path / f"{stem}_FAPAR_V210"
    touch(folder / "10M", f"{stem}_FAPAR_10M_V210.tif")
    touch(folder / "20M", f"{stem}_SCENECLASSIFICATION_20M_V210.xml")  # not a raster: skipped
    touch(folder / "20M", "S2A_20190307T105022_31UFS_SCENECLASSIFICATION_20M_V210.tif")  # another time
    touch(folder / "20M", f"{stem}_FAPAR_20M_V210.tif", f"{stem}_SCENECLASSIFICATION_20M_V210.tif")
    assert scl_for_file(str(folder / "10M" / f"{stem}_FAPAR_10M_V210.tif")) == str(
        folder / "20M" / f"{stem}_SCENECLASSIFICATION_20M_V210.tif"
    )
    other = tmp_path / "other" / f"{stem}_FAPAR_10M_V210.tif"  # not in a resolution folder: only its own
    touch(other.parent, other.name)
    touch(tmp_path, f"{stem}_SCENECLASSIFICATION_20M_V210.tif")
    assert scl_for_file(str(other)) is None


def test_default_layers_and_primary_data_by_family(tmp_path: Path) -> None:
    toc = tmp_path / "S2B_20180814T105019_31UDS_TOC_V200"  # reference §2
    touch(
        toc,
        "S2B_20180814T105019_31UDS_TOC-B04_10M_V200.tif",
        "S2B_20180814T105019_31UDS_TOC-B03_10M_V200.tif",
    )
    assert default_layers(product_at(str(toc))) == ("files", ())  # no B02, no quicklook
    # NDVI without its NDVI layer: every data raster (none), else the quicklook.
    ndvi = tmp_path / f"{NDVI}_NDVI_V210"
    touch(ndvi, f"{NDVI}_NDVI_QUICKLOOK_V210.tif", f"{NDVI}_SCENECLASSIFICATION_20M_V210.tif")
    product = product_at(str(ndvi))
    assert default_layers(product) == ("files", (product.band_file("QUICKLOOK"),))
    assert primary_data(product) is None and primary_data(product, "sceneclassification") is not None
    # An S1 product without polarisations: its data rasters, sorted by path.
    s1 = tmp_path / S1
    touch(s1, f"{S1}_angle.tif")
    assert default_layers(product_at(str(s1))) == ("files", ())
    # netCDF/HDF5 open as subdatasets: no algorithm input, even when asked by band (reference §1).
    probav = tmp_path / "PROBAV_S1_TOC_20200616_333M_V101"
    touch(probav, "PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5")
    product = product_at(str(probav))
    assert [os.path.basename(f.path) for f in default_layers(product)[1]] == [
        "PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5"
    ]
    assert primary_data(product) is None and primary_data(product, "toc") is None


SAFE = "S2A_MSIL2A_20240623T104619_N0510_R051_T31UFS_20240623T170000.SAFE"
PVI = f"{SAFE}/GRANULE/L2A_T31UFS_A046843_20240623T105135/QI_DATA/T31UFS_20240623T104619_PVI.jp2"


def test_a_file_inside_a_safe_keeps_the_name_its_path_gives(tmp_path: Path) -> None:
    """A SAFE member is named by the .SAFE folder on its path (mission S2A, level L2A), which its
    basename alone does not say: the product and its copies keep the name parsed from the path."""
    path = tmp_path / PVI
    touch(path.parent, path.name)
    product = product_at(str(path))
    assert (product.name.family, product.name.mission, product.name.product) == ("S2_SAFE", "S2A", "L2A")
    assert product.collection == "" and product.replace(cloud_cover=1.0).name.mission == "S2A"
    # A SAFE's MTD_MSIL2A.xml is its metadata; the same name in another product folder is no product
    # file (each folder's files are classified with the folder on their path).
    ndvi = tmp_path / f"{NDVI}_NDVI_V210"
    touch(ndvi, "MTD_MSIL2A.xml")
    touch(tmp_path / SAFE, "MTD_MSIL2A.xml")
    assert product_at(str(ndvi)).metadata_path is None
    assert product_at(str(tmp_path / SAFE)).metadata_path == str(tmp_path / SAFE / "MTD_MSIL2A.xml")


def test_replace_keeps_what_is_not_changed_and_the_xml_read(tmp_path: Path) -> None:
    folder = tmp_path / f"{NDVI}_NDVI_V210"
    touch(folder, f"{NDVI}_NDVI_10M_V210.tif")
    (folder / f"{NDVI}_NDVI_10M_V210.xml").write_text(XML.format(w=3, e=4, s=50, n=51))
    product = product_at(str(folder)).replace(cloud_cover=3.0)
    assert product.replace(footprint=(0.0, 1.0, 2.0, 3.0)).cloud_cover == 3.0
    assert product.replace(footprint=(0.0, 1.0, 2.0, 3.0)).replace(cloud_cover=4.0).footprint == (
        0.0,
        1.0,
        2.0,
        3.0,
    )
    meta = product.read_metadata()
    assert meta is not None and meta.bbox is not None
    (folder / f"{NDVI}_NDVI_10M_V210.xml").unlink()
    assert product.replace(footprint=(0.0, 1.0, 2.0, 3.0)).read_metadata() is meta  # read once, shared


def test_finest_resolution_wins_over_path_order(tmp_path: Path) -> None:
    """A 20 m file that sorts first by path and a 10 m one after it: the 10 m one is the band's file."""
    stem = "S2A_20190307T105021_31UFS"
    folder = tmp_path / f"{stem}_FAPAR_V210"
    touch(folder / "10M", f"{stem}_FAPAR_20M_V210.tif")
    touch(folder / "20M", f"{stem}_FAPAR_10M_V210.tif")
    product = product_at(str(folder))
    finest = str(folder / "20M" / f"{stem}_FAPAR_10M_V210.tif")
    assert product.band_path("FAPAR") == finest and primary_data(product, "FAPAR").path == finest  # type: ignore[union-attr]


def test_defaults_of_coherence_and_of_a_product_named_after_a_layer(tmp_path: Path) -> None:
    # S1 coherence: the polarisations in the order VV, VH (not path order); an algorithm takes VV.
    coherence = tmp_path / "S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110"
    touch(coherence, f"{coherence.name}_VH.tif", f"{coherence.name}_VV.tif")
    product = product_at(str(coherence))
    assert [f.band for f in default_layers(product)[1]] == ["VV", "VH"]
    assert primary_data(product).band == "VV"  # type: ignore[union-attr]
    # PROBA-V TOC: not a biophysical product, so every data layer shows, not only the "TOC" one.
    probav = tmp_path / "PROBAV_S1_TOC_20200616_333M_V101"
    names = [
        "PROBAV_S1_TOC_X17Y03_20200616_333M_NDVI_V101.tif",
        "PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5",
    ]
    touch(probav, *names)
    assert [os.path.basename(f.path) for f in default_layers(product_at(str(probav)))[1]] == names
    # Angles are scaled (reference §3) but are no algorithm's data layer.
    angles = tmp_path / "S2B_20180814T105019_31UDS_TOC_V200"
    touch(angles, "S2B_20180814T105019_31UDS_SZA_60M_V200.tif")
    assert primary_data(product_at(str(angles))) is None
    # The HDF5 (unscaled, several layers) is never an algorithm's input; the scaled NDVI is.
    assert primary_data(product_at(str(probav))).band == "NDVI"  # type: ignore[union-attr]


def test_scl_search_starts_in_the_files_own_folder(tmp_path: Path) -> None:
    stem = "S2A_20190307T105021_31UFS"
    folder = tmp_path / f"{stem}_FAPAR_V210"
    scl = f"{stem}_SCENECLASSIFICATION_20M_V210.tif"
    touch(folder / "10M", f"{stem}_FAPAR_10M_V210.tif", scl)
    touch(folder / "20M", scl)
    assert scl_for_file(str(folder / "10M" / f"{stem}_FAPAR_10M_V210.tif")) == str(folder / "10M" / scl)
    # A file named in a resolution folder that is gone: the product folder is still searched.
    touch(folder, scl)
    assert scl_for_file(str(folder / "60M" / f"{stem}_FAPAR_60M_V210.tif")) == str(folder / scl)


LIST_AS_NOBODY = """
import json, os, sys
os.setgroups([]); os.setgid(65534); os.setuid(65534)
from plugin.core.products.model import list_files
print(json.dumps(list_files(sys.argv[1])))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges to nobody")
def test_list_files_leaves_out_a_subfolder_it_cannot_read() -> None:
    shared = Path(tempfile.mkdtemp(prefix="terrascope-model-"))  # pytest's tmp folders are root's only
    try:
        os.chmod(shared, 0o755)
        touch(shared / "10M", "a.tif")
        touch(shared / "20M", "b.tif")
        assert list_files(str(shared)) == [
            "10M/a.tif",
            "20M/b.tif",
        ]  # root reads both (and mutmut sees the call)
        os.chmod(shared / "20M", 0)
        result = subprocess.run(
            [sys.executable, "-c", LIST_AS_NOBODY, str(shared)],
            capture_output=True, text=True, timeout=60, check=True, cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
    finally:
        shutil.rmtree(shared)
    assert json.loads(result.stdout) == ["10M/a.tif"]
