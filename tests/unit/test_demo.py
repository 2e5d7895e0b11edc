"""The demo archive generator: layout, names, formats, values, metadata, junk, determinism."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import stat
import xml.etree.ElementTree as ET
from datetime import datetime

import numpy as np
import pytest
from osgeo import gdal, osr

from demo_archive import generator as demo
from plugin.core.products.names import format_name, parse_name
from tests import reference

GMD = "{http://www.isotc211.org/2005/gmd}"
GCO = "{http://www.isotc211.org/2005/gco}"
GML = "{http://www.opengis.net/gml}"
GMI = "{http://www.isotc211.org/2005/gmi}"
DAY_FOLDER = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/[^/]+$")
GDAL_DTYPES = {"int16": gdal.GDT_Int16, "uint16": gdal.GDT_UInt16, "uint8": gdal.GDT_Byte}
# The generator's documented choice (module doc): biophysical layers are nodata where the SCL is
# no data (0), saturated (1) or cloud high probability (9); the other masked classes keep values.
DEMO_BIOPAR_NODATA_CLASSES = (0, 1, 9)


def reference_row(name) -> reference.Row | None:
    """The reference scaling row of a parsed S2 layer name, None for unscaled layers."""
    content = (name.content or "").upper()
    if name.family == "S2_TOC":
        return reference.S2_TOC.get(content)
    if name.family == "S2_BIOPAR" and content in reference.S2_BIOPAR:
        return reference.S2_BIOPAR[content]
    return None


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> demo.DemoSummary:
    # Shared by name with the catalogue and metadata tests: generated once per session.
    out = tmp_path_factory.getbasetemp() / "demo_archive"
    if (out / demo.MANIFEST).exists():
        return demo.read_summary(str(out))
    return demo.generate(str(out), force=True)


def _open(path: str) -> gdal.Dataset:
    ds = gdal.Open(path)
    assert ds is not None, path
    return ds


def _read(path: str) -> np.ndarray:
    return _open(path).ReadAsArray()


def _file(product: demo.DemoProduct, token: str) -> str:
    """The one raster (or, for a token ending in .xml, the XML) of a product named by token."""
    ext = ".xml" if token.endswith(".xml") else ".tif"
    matches = [f for f in product.files if token in os.path.basename(f) and f.endswith(ext)]
    assert len(matches) == 1, (token, product.files)
    return matches[0]


def _epsg(ds: gdal.Dataset) -> int:
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    return int(srs.GetAuthorityCode(None))


def _dual_date(archive: demo.DemoSummary, collection: str) -> tuple[demo.DemoProduct, demo.DemoProduct]:
    by_key: dict = {}
    for p in archive.find(collection):
        by_key.setdefault((p.tile, p.start), {})[p.version] = p
    duals = [v for v in by_key.values() if {"V200", "V210"} <= set(v)]
    assert duals, f"no date with both V200 and V210 in {collection}"
    return duals[0]["V200"], duals[0]["V210"]


# ----------------------------------------------------------------------------- content


def test_content_covers_the_archive(archive):
    s2 = archive.find("TOC_V2")
    assert {p.tile for p in s2} == {"31UFS", "32ULB"}
    assert len({demo.TILES[p.tile].epsg for p in s2}) == 2  # two UTM zones
    days = sorted({p.start.date() for p in s2 if p.tile == "31UFS"})
    assert len(days) >= 8 and (days[-1] - days[0]).days >= 50
    for collection in ("NDVI_V2", "FAPAR_V2", "LAI_V2"):
        assert {p.tile for p in archive.find(collection)} == {"31UFS", "32ULB"}
    _dual_date(archive, "TOC_V2")
    _dual_date(archive, "NDVI_V2")
    for collection in ("CGS_S1_GRD_SIGMA0_L1", "PROBAV_L3_S10_TOC_333M", "CGS_S2_FAPAR"):
        assert len(archive.find(collection)) == 1, collection


def test_read_summary_restores_what_generate_returned(tmp_path):
    made = _small(str(tmp_path / "small"))
    read = demo.read_summary(made.root)
    assert read.products == made.products and read.junk == made.junk
    assert (read.mode, read.seed, read.size_10m) == ("default", 0, 60)
    listing = demo.generate_listing(str(tmp_path / "listing"), 5)
    with pytest.raises(demo.DemoError, match="complete demo archive"):
        demo.read_summary(listing.root)


def test_manifest_matches_summary(archive):
    with open(os.path.join(archive.root, demo.MANIFEST), encoding="utf-8") as fh:
        manifest = json.load(fh)
    assert manifest["complete"] is True and manifest["mode"] == "default"
    assert len(manifest["products"]) == len(archive.products)
    for entry in manifest["products"]:
        assert os.path.isdir(os.path.join(archive.root, entry["path"]))
        for rel in entry["files"]:
            assert os.path.isfile(os.path.join(archive.root, rel)), rel
    assert set(manifest["roots"]) == {"TERRASCOPE_Sentinel2", "CGS_S1", "CGS_S2", "TIFFDERIVED"}


# ----------------------------------------------------------------------------- layout and names


def test_every_name_parses_and_round_trips(archive):
    for product in archive.products:
        folder = parse_name(product.path)
        assert format_name(folder) == os.path.basename(product.path)
        assert folder.family == product.family
        assert folder.start == product.start and folder.version == product.version
        for path in product.files:
            name = parse_name(path)
            assert format_name(name) == os.path.basename(path)
            assert name.family == product.family, path
            assert name.start == product.start, path
            assert name.version == product.version, path
            if product.tile is not None:
                assert name.tile == product.tile, path


def test_s2_layout(archive):
    for product in archive.products:
        if product.family not in ("S2_TOC", "S2_BIOPAR") or product.collection == "CGS_S2_FAPAR":
            continue
        rel = os.path.relpath(product.path, archive.root).replace(os.sep, "/")
        assert rel.startswith(f"{demo.S2_ROOT}/{product.collection}/"), rel
        assert DAY_FOLDER.search(rel).groups() == (
            f"{product.start:%Y}",
            f"{product.start:%m}",
            f"{product.start:%d}",
        )
        subfolders = {os.path.relpath(os.path.dirname(f), product.path) for f in product.files}
        if product.product in ("FAPAR", "LAI"):
            assert subfolders == {"10M", "20M"}
        else:
            assert subfolders == {"."}


def test_toc_product_holds_every_reference_layer(archive):
    product = archive.find("TOC_V2")[0]
    contents = {parse_name(f).content: parse_name(f).resolution for f in product.files}
    expected = {f"TOC-{b}": 10 for b in ("B02", "B03", "B04", "B08")}
    expected |= {f"TOC-{b}": 20 for b in ("B05", "B06", "B07", "B8A", "B11", "B12")}
    expected |= {"TOC-B01": 60, "SCENECLASSIFICATION": 20}
    expected |= {k: 60 for k in ("AOT", "WVP", "SZA", "VZA", "RAA")}
    for content, res in expected.items():
        assert contents.get(content) == res, content
    kinds = sorted(parse_name(f).kind for f in product.files)
    assert kinds.count("quicklook") == 1 and kinds.count("metadata") == 1
    assert len(product.files) == len(expected) + 2


def test_biopar_product_files(archive):
    fapar = archive.find("FAPAR_V2")[0]
    for res in (10, 20):
        names = [parse_name(f) for f in fapar.files if f"{os.sep}{res}M{os.sep}" in f]
        assert sorted(n.kind for n in names) == ["data", "metadata", "quality", "quicklook"]
        assert [n.resolution for n in names if n.kind == "data"] == [res]


# ----------------------------------------------------------------------------- formats


def test_dtypes_nodata_crs_and_tiling(archive):
    toc = archive.find("TOC_V2", tile="32ULB")[0]
    ndvi = archive.find("NDVI_V2", tile="32ULB")[0]
    for path in [f for f in toc.files + ndvi.files if f.endswith(".tif")]:
        name = parse_name(path)
        ds = _open(path)
        band = ds.GetRasterBand(1)
        assert _epsg(ds) == name.epsg == 32632, path
        assert band.GetBlockSize() == [256, 256], path
        assert ds.GetMetadata("IMAGE_STRUCTURE")["COMPRESSION"] == "DEFLATE", path
        table = reference_row(name)
        if table is not None:
            assert band.DataType == GDAL_DTYPES[table.dtype], path
            assert band.GetNoDataValue() == table.nodata, path
        elif name.content == "SCENECLASSIFICATION":
            assert band.DataType == gdal.GDT_Byte
            assert set(np.unique(band.ReadAsArray())) <= set(range(12))
        elif name.kind == "quicklook":
            assert ds.RasterCount == 3 and band.DataType == gdal.GDT_Byte


def test_resolutions_share_the_tile_grid(archive):
    toc = archive.find("TOC_V2", tile="31UFS")[0]
    size = archive.size_10m
    for token, res in (("TOC-B04_10M", 10), ("SCENECLASSIFICATION_20M", 20), ("AOT_60M", 60)):
        ds = _open(_file(toc, token))
        assert ds.GetGeoTransform() == (600000.0, res, 0.0, 5700000.0, 0.0, -res)
        assert (ds.RasterXSize, ds.RasterYSize) == (size * 10 // res, size * 10 // res)


def test_scale_offset_tags_on_v210_only(archive):
    for collection, token, table in (
        ("NDVI_V2", "NDVI_10M", reference.S2_BIOPAR["NDVI"]),
        ("TOC_V2", "TOC-B04_10M", reference.S2_TOC["TOC-B04"]),
    ):
        v200, v210 = _dual_date(archive, collection)
        old_ds = _open(_file(v200, token))  # keep the dataset alive while its band is used
        old = old_ds.GetRasterBand(1)
        assert old.GetScale() in (None, 1.0) and old.GetOffset() in (None, 0.0)
        ds = _open(_file(v210, token))
        new = ds.GetRasterBand(1)
        assert new.GetScale() == pytest.approx(table.scale)
        assert new.GetOffset() == pytest.approx(table.offset)
    v102 = archive.find("CGS_S2_FAPAR")[0]
    v102_ds = _open(v102.files[0])
    assert v102_ds.GetRasterBand(1).GetScale() in (None, 1.0)
    assert not any(f.endswith(".aux.xml") for _, _, fs in os.walk(archive.root) for f in fs)


def test_sentinel1_and_probav(archive):
    s1 = archive.find("CGS_S1_GRD_SIGMA0_L1")[0]
    for suffix in ("_VV.tif", "_VH.tif", "_angle.tif"):
        ds = _open(_file(s1, suffix))
        assert ds.GetRasterBand(1).DataType == gdal.GDT_Float32
        assert _epsg(ds) == 32631
    vv = _read(_file(s1, "_VV.tif"))
    assert 0.0 < np.nanmedian(vv) < 1.0  # linear sigma0, not dB
    assert os.path.isfile(_file(s1, ".xml"))
    probav = archive.find("PROBAV_L3_S10_TOC_333M")[0]
    ds = _open(probav.files[0])
    assert _epsg(ds) == 4326 and ds.GetRasterBand(1).DataType == gdal.GDT_Byte
    assert ds.GetGeoTransform()[1] == pytest.approx(1 / 336)
    assert ds.GetRasterBand(1).GetScale() == pytest.approx(reference.PROBAV["NDVI"][0])
    assert ds.GetRasterBand(1).GetOffset() == pytest.approx(reference.PROBAV["NDVI"][1])
    assert "/TIFFDERIVED/PROBAV_L3_S10_TOC_333M/2020/20200611/" in probav.files[0].replace(os.sep, "/")


# ----------------------------------------------------------------------------- values


def _scl_10m(product: demo.DemoProduct) -> np.ndarray:
    scl = _read(_file(product, "SCENECLASSIFICATION_20M"))
    return np.repeat(np.repeat(scl, 2, axis=0), 2, axis=1)


def test_biopar_values_agree_with_the_scl(archive):
    seen_classes: set[int] = set()
    seen_water = 0
    for product in archive.find("NDVI_V2"):
        ndvi = _read(_file(product, "NDVI_10M"))
        scl = _scl_10m(product)
        seen_classes |= set(np.unique(scl).tolist())
        masked = np.isin(scl, DEMO_BIOPAR_NODATA_CLASSES)
        assert np.array_equal(ndvi == 255, masked), product.path
        valid = ndvi[~masked]
        out_of_range = (valid > 250) & (valid < 255)
        assert 0 < out_of_range.sum() < 0.01 * valid.size  # a few 251-254 DN to exercise masking
        physical = valid[~out_of_range] * 0.004 - 0.08
        assert physical.min() >= -0.08 and physical.max() <= 0.92
        water = (scl == 6) & ~masked & (ndvi <= 250)
        vegetation = (scl == 4) & (ndvi <= 250)
        if water.sum() > 100:  # the river and the lake, unless a cloud deck hides them
            assert np.median(ndvi[water]) * 0.004 - 0.08 < 0.05
            seen_water += 1
        assert np.median(ndvi[vegetation]) * 0.004 - 0.08 > 0.5
    assert seen_water >= 0.9 * len(archive.find("NDVI_V2"))
    # Every class but 2 shows up somewhere; clouds, shadows, cirrus, no data, snow, saturation.
    assert {0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11} <= seen_classes
    contaminated = 0
    for product in archive.find("NDVI_V2"):
        ndvi, scl = _read(_file(product, "NDVI_10M")), _scl_10m(product)
        contaminated += int((np.isin(scl, (3, 8, 10)) & (ndvi != 255)).sum())
    assert contaminated > 1000  # left for the user's SCL mask to remove


def test_reflectances_agree_with_the_scl(archive):
    for product in archive.find("TOC_V2", tile="31UFS", version="V200"):
        scl = _scl_10m(product)
        red = _read(_file(product, "TOC-B04_10M"))
        nir = _read(_file(product, "TOC-B08_10M"))
        assert np.array_equal(red == 32767, scl == 0)
        if (scl == 9).any():
            assert np.median(red[scl == 9]) > 3000  # bright clouds
        if (scl == 6).sum() > 100:  # unless a cloud deck hides the river and the lake
            assert np.median(nir[scl == 6]) < 500  # dark water in the near infrared
        assert np.median(nir[scl == 4]) > 2500


def test_edge_cut_dates_have_a_nodata_strip(archive):
    fractions = [
        (_read(_file(p, "SCENECLASSIFICATION")) == 0).mean() for p in archive.find("TOC_V2", tile="31UFS")
    ]
    assert sum(f > 0.05 for f in fractions) >= 2 and sum(f == 0 for f in fractions) >= 6


def test_dates_differ(archive):
    series = archive.find("NDVI_V2", tile="31UFS", version="V200")
    first, last = (_read(_file(p, "NDVI_10M")) for p in (series[0], series[-1]))
    both = (first <= 250) & (last <= 250)
    assert both.sum() > 10000
    assert abs(float(first[both].mean()) - float(last[both].mean())) > 2  # phenology moved (DN)
    assert not np.array_equal(first == 255, last == 255)  # different clouds


# ----------------------------------------------------------------------------- metadata


def _text(root: ET.Element, path: str) -> str:
    node = root.find(path)
    assert node is not None and node.text, path
    return node.text


def _raster_lonlat_corners(path: str) -> list[tuple[float, float]]:
    ds = _open(path)
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    src = osr.SpatialReference(wkt=ds.GetProjection())
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    x1, y1 = x0 + dx * ds.RasterXSize, y0 + dy * ds.RasterYSize
    return [ct.TransformPoint(x, y)[:2] for x in (x0, x1) for y in (y0, y1)]


def test_product_xml_matches_the_rasters(archive):
    checked = 0
    for product in archive.products:
        if product.family not in ("S2_TOC", "S2_BIOPAR") or product.collection == "CGS_S2_FAPAR":
            continue
        for xml_path in [f for f in product.files if f.endswith(".xml")]:
            root = ET.parse(xml_path).getroot()
            is_toc = product.product == "TOC"
            assert root.tag == (f"{GMI}MI_Metadata" if is_toc else f"{GMD}MD_Metadata")
            title = os.path.basename(xml_path)[: -len(".xml")]
            assert _text(root, f".//{GMD}citation/{GMD}CI_Citation/{GMD}title/{GCO}CharacterString") == title
            identifier = _text(root, f"{GMD}fileIdentifier/{GCO}CharacterString")
            assert identifier == f"urn:eop:VITO:TERRASCOPE_S2_{product.product}_V2:{title}"
            begin = datetime.fromisoformat(
                _text(root, f".//{GML}TimePeriod/{GML}beginPosition").replace("Z", "+00:00")
            )
            assert begin == product.start
            box = root.find(f".//{GMD}EX_GeographicBoundingBox")
            west, east, south, north = (
                float(_text(box, f"{GMD}{tag}/{GCO}Decimal"))
                for tag in (
                    "westBoundLongitude",
                    "eastBoundLongitude",
                    "southBoundLatitude",
                    "northBoundLatitude",
                )
            )
            folder = os.path.dirname(xml_path)
            raster = next(
                f
                for f in product.files
                if os.path.dirname(f) == folder
                and f.endswith("M_" + product.version + ".tif")
                and "SCENE" not in f
            )
            for lon, lat in _raster_lonlat_corners(raster):
                assert west <= lon <= east and south <= lat <= north, (xml_path, lon, lat)
            assert east - west < 0.2 and north - south < 0.2  # tight around the 6 km window
            scl = _read(
                next(f for f in product.files if os.path.dirname(f) == folder and "SCENECLASSIFICATION" in f)
            )
            valid = scl != 0
            expected = 100.0 * np.isin(scl, (8, 9, 10)).sum() / valid.sum()
            cloud = float(
                _text(root, f"{GMD}contentInfo/{GMD}MD_ImageDescription/{GMD}cloudCoverPercentage/{GCO}Real")
            )
            assert cloud == pytest.approx(expected, abs=1e-3)
            assert cloud == pytest.approx(product.cloud_cover, abs=1e-3)
            assert "Processing baseline" in _text(
                root, f".//{GMD}LI_Lineage/{GMD}statement/{GCO}CharacterString"
            )
            checked += 1
    assert checked > 100
    covers = [p.cloud_cover for p in archive.find("TOC_V2")]
    assert min(covers) < 1.0 and max(covers) > 30.0  # clear and cloudy dates


# ----------------------------------------------------------------------------- junk


def _decodes(path: str) -> bool:
    """Whether GDAL reads the whole raster; works whether or not gdal.UseExceptions() is on."""
    gdal.ErrorReset()
    try:
        ds = gdal.Open(path)
        return ds is not None and ds.GetRasterBand(1).Checksum() != -1 and not gdal.GetLastErrorMsg()
    except RuntimeError:
        return False


def test_junk_of_a_real_mount(archive):
    junk = archive.junk
    for kind in ("unrelated", "unreadable", "loops", "dangling", "truncated"):
        assert junk[kind], kind
        for path in junk[kind]:
            assert os.path.lexists(path), path
    assert all(stat.S_IMODE(os.lstat(p).st_mode) == 0 for p in junk["unreadable"])
    for loop in junk["loops"]:
        assert os.path.realpath(loop) == os.path.realpath(os.path.dirname(loop))
    assert not any(os.path.exists(p) for p in junk["dangling"])
    for path in junk["truncated"]:
        assert os.path.getsize(path) == 1000
        assert not _decodes(path)
        assert parse_name(path).content == "TOC-B04"
    truncated_products = {os.path.dirname(p) for p in junk["truncated"]}
    assert not truncated_products & {p.path for p in archive.products}
    for folder in truncated_products:  # the rest of the copied product is consistent with its name
        xml_path = os.path.join(folder, os.path.basename(folder) + ".xml")
        root = ET.parse(xml_path).getroot()
        begin = _text(root, f".//{GML}TimePeriod/{GML}beginPosition")
        assert datetime.fromisoformat(begin.replace("Z", "+00:00")) == parse_name(folder).start
        assert _text(
            root, f".//{GMD}citation/{GMD}CI_Citation/{GMD}title/{GCO}CharacterString"
        ) == os.path.basename(folder)


# ----------------------------------------------------------------------------- determinism and modes


def _md5s(root: str) -> dict[str, str]:
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name != demo.MANIFEST:
                with open(os.path.join(dirpath, name), "rb") as fh:
                    out[os.path.relpath(os.path.join(dirpath, name), root)] = hashlib.md5(
                        fh.read()
                    ).hexdigest()
    return out


def _small(outdir: str, seed: int = 0) -> demo.DemoSummary:
    return demo.generate(
        outdir, seed=seed, size=60, tiles=["31UFS"], dates=2, products=["TOC", "NDVI"], junk=False
    )


def test_same_seed_gives_identical_files(tmp_path):
    _small(str(tmp_path / "a"))
    _small(str(tmp_path / "b"))
    _small(str(tmp_path / "c"), seed=1)
    a, b, c = (_md5s(str(tmp_path / n)) for n in "abc")
    assert len(a) == 2 * (19 + 4) and a == b
    ndvi = next(k for k in a if k.endswith("NDVI_10M_V200.tif"))
    assert a[ndvi] != c[ndvi]


def test_refuses_foreign_and_previous_directories(tmp_path, capsys):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("precious")
    with pytest.raises(demo.DemoError, match="not empty"):
        _small(str(foreign))
    assert demo.main([str(foreign), "--size", "60", "--force", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert (foreign / "thesis.txt").read_text() == "precious"

    previous = str(tmp_path / "previous")
    demo.generate(previous, size=60, dates=1, tiles=["31UFS"], products=["TOC"])
    with pytest.raises(demo.DemoError, match="--force"):
        _small(previous)
    summary = demo.generate(previous, size=60, dates=1, tiles=["31UFS"], products=["TOC"], force=True)
    assert len(summary.products) == 1 and summary.junk["unreadable"]


def test_force_cleans_up_after_an_interrupted_run(tmp_path):
    out = str(tmp_path / "interrupted")

    def interrupt(message: str) -> None:
        if "20200512" in message:  # the third acquisition: two are on disk
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        demo.generate(out, size=60, tiles=["31UFS"], dates=3, progress=interrupt)
    with open(os.path.join(out, demo.MANIFEST), encoding="utf-8") as fh:
        assert json.load(fh)["complete"] is False
    with pytest.raises(demo.DemoError, match="--force"):
        demo.generate(out, size=60, tiles=["31UFS"], dates=1)
    summary = demo.generate(out, size=60, tiles=["31UFS"], dates=1, force=True)
    # Nothing of the interrupted run is left: only the new product and its junk copy.
    on_disk = set(glob.glob(os.path.join(out, demo.S2_ROOT, "TOC_V2", "*", "*", "*", "S2*")))
    truncated = {os.path.dirname(p) for p in summary.junk["truncated"]}
    assert on_disk == {p.path for p in summary.find("TOC_V2")} | truncated
    assert len(on_disk) == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["--size", "7"],
        ["--tiles", "99XXX"],
        ["--products", "NDVI,BOGUS"],
        ["--dates", "0"],
        ["--listing-only", "0"],
    ],
)
def test_bad_input_is_one_line_error(tmp_path, capsys, argv):
    assert demo.main([str(tmp_path / "out"), "--quiet", *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_listing_only(tmp_path):
    summary = demo.generate_listing(str(tmp_path / "listing"), 300, years=5)
    assert summary.n_products == 300
    folders, files, years = set(), 0, set()
    for dirpath, _, names in os.walk(summary.root):
        for name in names:
            if name == demo.MANIFEST:
                continue
            path = os.path.join(dirpath, name)
            assert os.path.getsize(path) == 0
            parsed = parse_name(path)
            years.add(parsed.start.year)
            folder = dirpath if os.path.basename(dirpath) not in ("10M", "20M") else os.path.dirname(dirpath)
            folders.add(folder)
            files += 1
    assert len(folders) == 300 and files == summary.n_files
    assert years == {2016, 2017, 2018, 2019, 2020}
    assert set(summary.by_collection) == {"TOC_V2", "NDVI_V2", "FAPAR_V2", "LAI_V2", "CGS_S1_GRD_SIGMA0_L1"}
    assert sum(summary.by_collection.values()) == 300
    with open(os.path.join(summary.root, demo.MANIFEST), encoding="utf-8") as fh:
        assert json.load(fh)["n_files"] == files


def test_full_mode_defaults_to_an_ndvi_series(tmp_path):
    # size shrinks the rasters; everything else is what --full writes for the benchmarks.
    summary = demo.generate(str(tmp_path / "full"), full=True, size=60)
    assert summary.mode == "full" and not summary.junk
    assert {p.collection for p in summary.products} == {"NDVI_V2"}
    assert len(summary.products) >= 24 and len({p.start for p in summary.products}) == len(summary.products)
    assert {p.start.month for p in summary.products} >= set(range(3, 11))
    assert {p.tile for p in summary.products} == {"31UFS"}
    for product in summary.products:
        assert {parse_name(f).content for f in product.files if f.endswith(".tif")} == {
            "NDVI",
            "QUICKLOOK",
            "SCENECLASSIFICATION",
        }


def test_full_mode_is_the_demo_window_in_a_coarse_tile(archive, tmp_path):
    """A full-size product holds the default demo's window (where the fields are) unchanged, the
    rest of the tile in 60 m steps; its SCL still agrees with its NDVI; its manifest has the fields."""
    size = archive.size_10m + 120  # the window plus a coarse margin (the true size is 10980)
    summary = demo.generate(str(tmp_path / "full"), full=True, size=size, dates=2, products=["NDVI"])
    assert [f["fid"] for f in summary.fields] == [f["fid"] for f in archive.fields]
    for product in summary.products:
        default = next(
            p for p in archive.find("NDVI_V2", tile="31UFS", version="V200") if p.start == product.start
        )
        full, window = _read(_file(product, "NDVI_10M")), _read(_file(default, "NDVI_10M"))
        assert full.shape == (size, size)
        n = window.shape[0]
        assert np.array_equal(full[:n, :n], window)
        scl = _scl_10m(product)
        assert np.array_equal(scl[:n, :n], _scl_10m(default))
        assert np.array_equal(full == 255, np.isin(scl, DEMO_BIOPAR_NODATA_CLASSES))
        # Outside the window every 60 m cell is one value (a cheap, well compressed tile).
        margin = full[n:, :].reshape((size - n) // 6, 6, size // 6, 6)
        assert (margin == margin[:, :1, :, :1]).all()
        assert len(np.unique(margin)) > 20  # but not one constant


# ----------------------------------------------------------------------------- the growing season

CLEAR = (4, 5)  # SCL classes of clear land


def _season(archive: demo.DemoSummary, collection: str = "NDVI_V2") -> list[demo.DemoProduct]:
    return sorted(archive.find(collection, tile="31UFS", version="V200"), key=lambda p: p.start)


def _manifest(archive: demo.DemoSummary) -> dict:
    with open(os.path.join(archive.root, demo.MANIFEST), encoding="utf-8") as fh:
        return json.load(fh)


def _to_utm(epsg: int) -> osr.CoordinateTransformation:
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(4326)
    dst.ImportFromEPSG(epsg)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(src, dst)


def _field_mask(field: dict, path: str) -> np.ndarray:
    """Pixels of the raster whose centre lies in the field's lon/lat polygon (zonal statistics'
    rule), from the WKT alone: reprojected to the raster's CRS and burnt by GDAL's rasteriser
    (which burns the pixels whose centre is inside, unless ALL_TOUCHED)."""
    from osgeo import ogr

    ds = _open(path)
    geom = ogr.CreateGeometryFromWkt(field["wkt"])
    geom.Transform(_to_utm(_epsg(ds)))
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    vector = ogr.GetDriverByName("Memory").CreateDataSource("field")
    layer = vector.CreateLayer("field", srs, ogr.wkbPolygon)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(geom)
    layer.CreateFeature(feature)
    target = gdal.GetDriverByName("MEM").Create("", ds.RasterXSize, ds.RasterYSize, 1, gdal.GDT_Byte)
    target.SetGeoTransform(ds.GetGeoTransform())
    target.SetProjection(ds.GetProjection())
    assert gdal.RasterizeLayer(target, [1], layer, burn_values=[1]) == 0
    return target.ReadAsArray().astype(bool)


def _physical(path: str, product: str) -> np.ndarray:
    """Physical values of a biophysical file with the reference scaling, NaN where not valid DN."""
    row = reference.S2_BIOPAR[product]
    dn = _read(path)
    pv = dn * row.scale + row.offset
    return np.where(dn <= row.valid_max, pv, np.nan)


def _scl_on(path: str, scl_path: str) -> np.ndarray:
    """The 20 m SCL on the grid of a 10 m or 20 m file (nearest neighbour, same tile grid)."""
    factor = 20 // int(_open(path).GetGeoTransform()[1])
    scl = _read(scl_path)
    return np.repeat(np.repeat(scl, factor, axis=0), factor, axis=1)


def test_a_growing_season_on_one_tile(archive):
    for collection in ("TOC_V2", "NDVI_V2", "FAPAR_V2", "LAI_V2"):
        days = [p.start for p in _season(archive, collection)]
        assert len(set(days)) >= 24, collection
        assert {d.year for d in days} == {2020}
        assert {d.month for d in days} >= set(range(3, 11)), collection  # every month March-October
        assert min(days).month == 3 and max(days).month == 10
    # Each date holds TOC and the three biophysical products.
    dates = {c: {p.start for p in _season(archive, c)} for c in ("TOC_V2", "NDVI_V2", "FAPAR_V2", "LAI_V2")}
    assert len({frozenset(v) for v in dates.values()}) == 1


def test_fields_in_the_manifest_and_beside_it(archive):
    from osgeo import ogr

    manifest = _manifest(archive)
    fields = manifest["fields"]
    assert len(fields) >= 8 and len({f["crop"] for f in fields}) >= 4
    assert len({f["fid"] for f in fields}) == len(fields)
    assert archive.fields == fields  # the summary carries them too
    # The tile's lon/lat footprint from a raster header (not from the generator).
    toc = _season(archive, "TOC_V2")[0]
    corners = _raster_lonlat_corners(_file(toc, "TOC-B04_10M"))
    ring = ", ".join(f"{x} {y}" for x, y in [corners[0], corners[2], corners[3], corners[1], corners[0]])
    footprint = ogr.CreateGeometryFromWkt(f"POLYGON (({ring}))")
    polygons = []
    for f in fields:
        polygon = ogr.CreateGeometryFromWkt(f["wkt"])
        assert polygon.GetGeometryName() == "POLYGON" and polygon.IsValid(), f
        assert footprint.Contains(polygon), f
        centre = ogr.Geometry(ogr.wkbPoint)
        centre.AddPoint_2D(*f["centre"])
        assert polygon.Contains(centre), f
        assert 2e-6 < polygon.GetArea() < 1e-4, f  # a field, not a point nor a tile (degrees²)
        polygons.append(polygon)
    for i, a in enumerate(polygons):
        assert not any(a.Intersects(b) for b in polygons[i + 1 :])
    # fields.geojson beside the manifest: the same fields, lon/lat polygons.
    assert manifest["fields_file"] == "fields.geojson"
    source = ogr.Open(os.path.join(archive.root, "fields.geojson"))
    layer = source.GetLayer(0)
    assert layer.GetFeatureCount() == len(fields)
    by_fid = {f["fid"]: f for f in fields}
    for feature in layer:
        f = by_fid[feature.GetField("fid")]
        assert feature.GetField("crop") == f["crop"]
        geom = feature.GetGeometryRef()
        assert geom.SymmetricDifference(ogr.CreateGeometryFromWkt(f["wkt"])).GetArea() < 1e-12


def test_field_curves_follow_their_calendars(archive):
    """Per field and date, the median physical value of its clear pixels (read with plain GDAL,
    pixels chosen from the manifest's WKT) matches the manifest's noiseless truth; the crops'
    peaks fall on different dates."""
    fields = _manifest(archive)["fields"]
    truth = {f["fid"]: {t["date"]: t for t in f["truth"]} for f in fields}
    assert all(len(t) >= 24 for t in truth.values())
    tolerance = {"NDVI": 0.03, "FAPAR": 0.04, "LAI": 0.25}
    checked = dict.fromkeys(tolerance, 0)
    for product, token in (("NDVI", "NDVI_10M"), ("FAPAR", "FAPAR_10M"), ("LAI", "LAI_20M")):
        masks: dict[int, np.ndarray] = {}
        for p in _season(archive, f"{product}_V2"):
            path = _file(p, token)
            folder = os.path.dirname(path)
            scl_path = next(x for x in p.files if os.path.dirname(x) == folder and "SCENE" in x)
            values, scl = _physical(path, product), _scl_on(path, scl_path)
            when = p.start.isoformat().replace("+00:00", "Z")
            for f in fields:
                if f["fid"] not in masks:
                    masks[f["fid"]] = _field_mask(f, path)
                    assert masks[f["fid"]].sum() >= 150  # hundreds of 10 m, >= 150 20 m pixels
                mask = masks[f["fid"]]
                clear = np.isin(scl[mask], CLEAR)
                if clear.mean() < 0.95:
                    continue
                inside = values[mask][clear]
                expected = truth[f["fid"]][when][product]
                assert abs(float(np.nanmedian(inside)) - expected) < tolerance[product], (f["fid"], when)
                # Every pixel is the field (noise and quantisation aside): none of its neighbours.
                near = np.abs(inside - expected) < 3 * tolerance[product]
                assert near.mean() > 0.9, (f["fid"], when, product)
                checked[product] += 1
    assert min(checked.values()) >= 10 * len(fields)  # most dates of most fields are clear
    peaks: dict[str, set[str]] = {}
    for f in fields:
        curve = [(t["NDVI"], t["date"]) for t in f["truth"]]
        peaks.setdefault(f["crop"], set()).add(max(curve)[1])
        cal = f["calendar"]
        events = [cal[k] for k in ("sowing", "green_up", "peak", "harvest") if cal[k]]
        assert events == sorted(events), f
    # Calendars differ: the crops' NDVI peaks are on different dates.
    firsts = [min(dates) for dates in peaks.values()]
    assert len(set(firsts)) == len(firsts) >= 4, peaks


def test_truth_curves_are_seasonal(archive):
    fields = {f["crop"]: f for f in reversed(_manifest(archive)["fields"])}  # first field per crop
    ndvi = {crop: [t["NDVI"] for t in f["truth"]] for crop, f in fields.items()}
    # Bare soil before sowing and after harvest for the spring crops; winter wheat green in March
    # and harvested in summer; grassland green from start to end.
    for crop in ("maize", "potato", "sugar beet"):
        assert ndvi[crop][0] < 0.3 and max(ndvi[crop]) > 0.75, crop
    assert ndvi["winter wheat"][0] > 0.4 and ndvi["winter wheat"][-1] < 0.3
    grass = ndvi["grassland"]
    assert min(grass) > 0.35  # never bare,
    dips = [i for i in range(1, len(grass) - 1) if grass[i] < min(grass[i - 1], grass[i + 1]) - 0.1]
    assert len(dips) >= 2  # but mown: short dips, then regrowth


def test_ndvi_matches_the_toc_bands(archive):
    """NDVI computed in plain numpy from the B04 / B08 the archive holds, scaled with the
    reference NDVI scaling, is the NDVI product's DN within the quantisation (1 DN)."""
    row = reference.S2_BIOPAR["NDVI"]
    toc = {(p.start, p.version): p for p in archive.find("TOC_V2", tile="31UFS")}
    compared = 0
    for ndvi_product in archive.find("NDVI_V2", tile="31UFS"):
        tp = toc[(ndvi_product.start, ndvi_product.version)]
        red = _read(_file(tp, "TOC-B04_10M")).astype(np.float64)
        nir = _read(_file(tp, "TOC-B08_10M")).astype(np.float64)
        dn = _read(_file(ndvi_product, "NDVI_10M")).astype(np.int64)
        usable = (red != 32767) & (nir != 32767) & (red + nir > 0) & (dn <= row.valid_max)
        ndvi = (nir[usable] - red[usable]) / (nir[usable] + red[usable])
        expected = np.clip(np.rint((ndvi - row.offset) / row.scale), row.valid_min, row.valid_max)
        diff = np.abs(dn[usable] - expected)
        assert diff.max() <= 1, ndvi_product.path
        assert (diff == 0).mean() > 0.99, ndvi_product.path
        compared += int(usable.sum())
    assert compared > 24 * 100_000


def test_clouds_and_shadows_agree_with_the_data(archive):
    covers = []
    for p in _season(archive, "TOC_V2"):
        scl = _scl_10m(p)
        blue, red, nir = (_read(_file(p, f"TOC-{b}_10M")).astype(np.float64) for b in ("B02", "B04", "B08"))
        clear = np.isin(scl, CLEAR)
        cloud = np.isin(scl, (8, 9))
        shadow = scl == 3
        covers.append(p.cloud_cover)
        if cloud.sum() > 1000:
            assert np.median(blue[scl == 9]) > 3 * np.median(blue[clear]), p.path  # bright
            ndvi = (nir - red) / np.maximum(nir + red, 1)
            assert np.median(ndvi[cloud]) < 0.3 < np.median(ndvi[scl == 4]), p.path  # NDVI low
        if shadow.sum() > 500:
            assert np.median(nir[shadow]) < 0.7 * np.median(nir[clear]), p.path  # dark
            assert _near(shadow, cloud, 2000.0) > 0.9, p.path  # next to a cloud
        else:
            assert cloud.sum() < 50_000 or p.cloud_cover > 60, p.path  # clouds cast shadows
    covers.sort()
    assert covers[2] < 1.0  # some dates clear,
    assert sum(5.0 < c < 50.0 for c in covers) >= 8  # many partly cloudy,
    assert sum(c > 60.0 for c in covers) >= 2  # a few mostly cloudy
    # The NDVI product's medium-probability cloud pixels (kept, for the user's mask) are low too.
    for p in _season(archive):
        scl, ndvi = _scl_10m(p), _physical(_file(p, "NDVI_10M"), "NDVI")
        if (scl == 8).sum() > 1000:
            assert np.nanmedian(ndvi[scl == 8]) < np.nanmedian(ndvi[scl == 4]) - 0.2, p.path


def _near(mask: np.ndarray, target: np.ndarray, metres: float) -> float:
    """Fraction of ``mask`` pixels (10 m) within about ``metres`` of a ``target`` pixel, on 200 m
    cells: targets dilated by shifting, no image library needed."""
    cell = 20
    rows, cols = (n // cell * cell for n in mask.shape)

    def cells(a: np.ndarray) -> np.ndarray:
        return a[:rows, :cols].reshape(rows // cell, cell, cols // cell, cell).any(axis=(1, 3))

    near = cells(target)
    reach = int(metres // (10 * cell))
    padded = np.pad(near, reach)
    grown = np.zeros_like(near)
    for dy in range(2 * reach + 1):
        for dx in range(2 * reach + 1):
            grown |= padded[dy : dy + near.shape[0], dx : dx + near.shape[1]]
    hits = cells(mask)
    return float((hits & grown).sum() / max(1, hits.sum()))
