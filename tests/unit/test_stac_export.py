"""STAC export of search results: schema validation offline, fields held to the reference file and to
GDAL read here, and a real client (stackstac) computing the same physical values as our kernels.

The schemas are the published ones, packaged in tests/data/stac-schemas (see its README): a
registry maps each schema URL to its file and refuses any other URL, so nothing is fetched.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from jsonschema import Draft7Validator
from osgeo import gdal, osr
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT7

from demo_archive import generator as demo
from plugin.core.archive.catalogue import Catalogue, Query
from plugin.core.atomic import PARTIAL_MARK
from plugin.core.raster.kernels import physical_values, resolve_scaling
from plugin.core.stac import export
from tests.reference import PROBAV, S2_BIOPAR, S2_TOC

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "tests" / "data" / "stac-schemas"
ITEM_SCHEMA = "https://schemas.stacspec.org/v1.1.0/item-spec/json-schema/item.json"
TIME_RE = re.compile(r"_(\d{8}T\d{6})Z?_")


# --------------------------------------------------------------------------- offline validator
def _offline(uri: str) -> Resource:
    raise NoSuchResource(ref=uri)  # never fetched: a schema the tests lack is an error


def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMAS.rglob("*.json")):
        uri = "https://" + path.relative_to(SCHEMAS).as_posix()
        resources.append((uri, Resource.from_contents(json.loads(path.read_text()), DRAFT7)))
    return Registry(retrieve=_offline).with_resources(resources)  # type: ignore[call-arg]


REGISTRY = _registry()
_VALIDATORS: dict[str, Draft7Validator] = {}


def schema_errors(item: dict[str, Any]) -> list[str]:
    """Errors of ``item`` against the core Item schema and each extension schema it declares."""
    errors = []
    for uri in (ITEM_SCHEMA, *item.get("stac_extensions", ())):
        validator = _VALIDATORS.get(uri)
        if validator is None:
            schema = REGISTRY.contents(uri)  # raises for a schema not packaged
            validator = _VALIDATORS[uri] = Draft7Validator(schema, registry=REGISTRY)
        errors += [f"{uri}: {error.message}" for error in validator.iter_errors(item)]
    return errors


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> demo.DemoSummary:
    # Shared by name with the other demo tests: generated once per session.
    out = tmp_path_factory.getbasetemp() / "demo_archive"
    if (out / demo.MANIFEST).exists():
        return demo.read_summary(str(out))
    return demo.generate(str(out), force=True)


@pytest.fixture(scope="module")
def manifest(archive) -> dict[str, Any]:
    return json.loads((Path(archive.root) / demo.MANIFEST).read_text())


@pytest.fixture(scope="module")
def searched(archive) -> list:
    return list(Catalogue([archive.root], use_cache=False).search(Query(all_versions=True)))


@pytest.fixture(scope="module")
def exported(searched, archive, tmp_path_factory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("stac") / "items.json"
    count = export.write_item_collection(searched, path)
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert count == len(collection["features"])
    # The demo's damaged products (truncated and empty files), left out by find().
    collection["junk_folders"] = {os.path.basename(os.path.dirname(p)) for p in archive.junk["truncated"]} | {
        os.path.basename(p) for p in archive.junk["unreadable"]
    }
    return collection


def by_id(exported: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in exported["features"]}


def find(exported: dict[str, Any], pattern: str) -> dict[str, Any]:
    """The first item matching ``pattern`` among the sound products (not the demo's junk)."""
    junk = exported["junk_folders"]
    found = [
        item for item in exported["features"] if re.search(pattern, item["id"]) and item["id"] not in junk
    ]
    assert found, f"no item matches {pattern}"
    return found[0]


def asset_of(item: dict[str, Any], file_pattern: str) -> dict[str, Any]:
    found = [a for a in item["assets"].values() if re.search(file_pattern, os.path.basename(a["href"]))]
    assert len(found) >= 1, f"{item['id']}: no asset matches {file_pattern}"
    return found[0]


# --------------------------------------------------------------------------- validation
def test_every_item_validates_against_core_and_extension_schemas(exported, searched):
    assert exported["type"] == "FeatureCollection"
    assert len(exported["features"]) == len(searched) > 20
    for item in exported["features"]:
        assert schema_errors(item) == [], item["id"]
    declared = {uri for item in exported["features"] for uri in item["stac_extensions"]}
    assert declared == set(export.EXTENSIONS.values())  # every packaged extension is exercised


def _set(path: str, value: Any):
    def change(item: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target = item
        for key in parents:
            target = target[key] if not key.isdigit() else target[int(key)]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value

    return change


BROKEN = {
    "no datetime": _set("properties/datetime", KeyError),
    "cloud cover above 100": _set("properties/eo:cloud_cover", 150),
    "grid code without its grid": _set("properties/grid:code", "31UFS"),
    "proj:shape of three numbers": _set("assets/NDVI_10M/proj:shape", [1, 2, 3]),
    "unknown raster data type": _set("assets/NDVI_10M/raster:bands/0/data_type", "byte"),
    "nodata as free text": _set("assets/NDVI_10M/raster:bands/0/nodata", "none"),
    "EPSG code as text": _set("assets/NDVI_10M/proj:epsg", "32631"),
    "bbox of three numbers": _set("bbox", [1.0, 2.0, 3.0]),
}


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_the_validator_rejects_a_broken_item(exported, broken):
    """The validation above can fail: each extension's schema is really applied. (The published
    alternate-assets v1.2.0 schema checks an asset *named* "alternate", not each asset's alternates:
    test_one_item_per_product_and_one_asset_per_file checks those.)"""
    item = copy.deepcopy(find(exported, r"_31UFS_NDVI_V200$"))
    assert schema_errors(item) == []
    BROKEN[broken](item)
    assert schema_errors(item), broken


def test_schemas_are_not_fetched():
    with pytest.raises(Exception, match="projjson"):
        REGISTRY.get_or_retrieve("https://proj.org/schemas/v0.7/projjson.schema.json")


# --------------------------------------------------------------------------- fields
def test_one_item_per_product_and_one_asset_per_file(exported, manifest, archive):
    items = by_id(exported)
    for product in manifest["products"]:
        folder = os.path.basename(product["path"])
        item = items.get(folder) or next(i for i in items.values() if i["id"] in product["path"])
        files = {os.path.join(archive.root, f) for f in product["files"]}
        hrefs = [asset["href"] for asset in item["assets"].values()]
        assert len(hrefs) == len(set(hrefs))
        assert set(hrefs) == files, folder
        for asset in item["assets"].values():
            assert asset["alternate"]["local"]["href"] == asset["href"]


def test_time_tile_cloud_and_platform(exported, manifest):
    items = by_id(exported)
    for product in manifest["products"]:
        folder = os.path.basename(product["path"])
        if folder not in items:
            continue
        props = items[folder]["properties"]
        if product["family"].startswith("S2"):
            stamp = TIME_RE.search(folder).group(1)
            iso = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}Z"
            assert props["datetime"] == iso
            assert props["grid:code"] == f"MGRS-{product['tile']}"
            assert props["constellation"] == "sentinel-2"
            assert props["platform"] == f"sentinel-2{folder[2].lower()}"
            zone = int(product["tile"][:2])
            assert props["proj:epsg"] == 32600 + zone  # northern tiles: 326zz
        if product.get("cloud_cover") is not None:
            assert props["eo:cloud_cover"] == pytest.approx(product["cloud_cover"], abs=1e-4)
    s1 = find(exported, r"^S1A_")
    assert (s1["properties"]["platform"], s1["properties"]["constellation"]) == ("sentinel-1a", "sentinel-1")
    assert "eo:cloud_cover" not in s1["properties"]


def test_period_has_start_and_end(exported):
    props = find(exported, r"^PROBAV_S10_")["properties"]
    assert props["datetime"] is None
    # A 10-day synthesis starting on the 11th: the last instant is before the 21st.
    assert props["start_datetime"] == "2020-06-11T00:00:00Z"
    assert props["end_datetime"].startswith("2020-06-20T23:59:59")


def _corners_lonlat(path: str) -> list[tuple[float, float]]:
    ds = gdal.Open(path)
    gt, width, height = ds.GetGeoTransform(), ds.RasterXSize, ds.RasterYSize
    source = osr.SpatialReference(wkt=ds.GetProjection())
    target = osr.SpatialReference()
    target.ImportFromEPSG(4326)
    for srs in (source, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(source, target)
    corners = [(0, 0), (width, 0), (0, height), (width, height)]
    return [transform.TransformPoint(gt[0] + c * gt[1], gt[3] + r * gt[5])[:2] for c, r in corners]


def test_geometry_and_bbox_cover_the_rasters_in_lon_lat(exported):
    for pattern in (r"_31UFS_NDVI_V200$", r"_32ULB_TOC_V210$", r"^S1A_", r"^PROBAV_"):
        item = find(exported, pattern)
        west, south, east, north = item["bbox"]
        ring = item["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1] and {tuple(p) for p in ring} == {
            (west, south), (east, south), (east, north), (west, north)
        }  # fmt: skip
        data = next(a for a in item["assets"].values() if "data" in a.get("roles", []))
        corners = _corners_lonlat(data["href"])
        lons, lats = [c[0] for c in corners], [c[1] for c in corners]
        assert west <= min(lons) + 1e-9 and east >= max(lons) - 1e-9
        assert south <= min(lats) + 1e-9 and north >= max(lats) - 1e-9
        assert east - west < (max(lons) - min(lons)) * 1.05 + 1e-6  # tight, not a whole zone


def test_projection_fields_are_the_raster_headers(exported):
    for item in exported["features"]:
        for asset in item["assets"].values():
            if "proj:shape" not in asset:
                continue
            ds = gdal.Open(asset["href"])
            gt = ds.GetGeoTransform()
            assert asset["proj:shape"] == [ds.RasterYSize, ds.RasterXSize]
            assert asset["proj:transform"] == [gt[1], gt[2], gt[0], gt[4], gt[5], gt[3]]
            srs = osr.SpatialReference(wkt=ds.GetProjection())
            srs.AutoIdentifyEPSG()
            assert asset["proj:epsg"] == int(srs.GetAuthorityCode(None))
            assert asset["raster:bands"][0]["data_type"] == {
                gdal.GDT_Byte: "uint8", gdal.GDT_Int16: "int16", gdal.GDT_UInt16: "uint16",
                gdal.GDT_Float32: "float32",
            }[ds.GetRasterBand(1).DataType]  # fmt: skip


def _band(asset: dict[str, Any]) -> dict[str, Any]:
    return asset["raster:bands"][0]


def test_raster_bands_scaling_from_the_reference(exported):
    for pattern in (r"_31UFS_NDVI_V200$", r"_32ULB_NDVI_V210$"):  # table, then file tags
        band = _band(asset_of(find(exported, pattern), r"_NDVI_10M_"))
        row = S2_BIOPAR["NDVI"]
        assert (band["scale"], band["offset"], band["nodata"], band["data_type"]) == (
            row.scale, row.offset, row.nodata, row.dtype
        )  # fmt: skip
    toc = find(exported, r"_31UFS_TOC_V200$")
    for content in ("TOC-B04", "TOC-B8A", "AOT", "SZA"):
        band, row = _band(asset_of(toc, rf"_{content}_")), S2_TOC[content]
        assert (band["scale"], band["offset"], band["nodata"], band["data_type"]) == (
            row.scale, row.offset, row.nodata, row.dtype
        )  # fmt: skip
    scl = asset_of(toc, r"_SCENECLASSIFICATION_20M_")
    assert scl["roles"] == ["quality"] and "scale" not in _band(scl) and _band(scl)["data_type"] == "uint8"
    quicklook = asset_of(toc, r"_QUICKLOOK_")
    assert quicklook["roles"] == ["overview"] and quicklook["type"].startswith(
        "image/tiff; application=geotiff"
    )
    metadata = asset_of(toc, r"_TOC_V200\.xml$")
    assert (metadata["roles"], metadata["type"]) == (["metadata"], "application/xml")
    assert "raster:bands" not in metadata and "proj:shape" not in metadata
    probav = _band(asset_of(find(exported, r"^PROBAV_"), r"_NDVI_"))
    assert (probav["scale"], probav["offset"]) == PROBAV["NDVI"]
    assert find(exported, r"^PROBAV_")["assets"]
    s1 = _band(asset_of(find(exported, r"^S1A_"), r"_VV\.tif$"))
    assert (s1["data_type"], s1["nodata"]) == ("float32", "nan") and "scale" not in s1


def test_file_tags_win_over_the_table_as_in_the_kernels(tmp_path):
    """An NDVI file whose GDAL tags differ from the table: the item says what the kernels use."""
    from plugin.core.products.model import product_at

    folder = tmp_path / "S2A_20250516T104651_31UFS_NDVI_V210"
    folder.mkdir()
    path = folder / "S2A_20250516T104651_31UFS_NDVI_10M_V210.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 4, 3, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((600000.0, 10.0, 0.0, 5700000.0, 0.0, -10.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetScale(0.01)
    band.SetOffset(-0.5)
    band.SetNoDataValue(254)
    band.WriteArray(np.arange(12, dtype=np.uint8).reshape(3, 4))
    ds = band = None
    item = export.item_for(product_at(str(folder)))
    entry = _band(item["assets"]["NDVI_10M"])
    used = resolve_scaling(str(path))
    assert (entry["scale"], entry["offset"], entry["nodata"]) == (0.01, -0.5, 254)
    assert (entry["scale"], entry["offset"]) == (used.scale, used.offset)
    assert item["assets"]["NDVI_10M"]["proj:shape"] == [3, 4]
    assert schema_errors(item) == []


def test_unknown_scaling_is_said_not_invented(exported):
    """The old V102 FAPAR (no tags, V1 table not confirmed): no scale or offset, and why."""
    asset = asset_of(find(exported, r"_FAPAR_V102$"), r"_FAPAR_10M_V102\.tif$")
    assert "scale" not in _band(asset) and "offset" not in _band(asset)
    assert "unknown" in asset["description"] and "digital numbers" in asset["description"]


def test_an_unreadable_raster_is_described_not_fatal(exported, searched, archive):
    """The demo's empty GeoTIFF (in the folder a user may not read): its asset says why it has no
    header, whether headers are shared within the tile or read file by file."""
    folder = os.path.basename(archive.junk["unreadable"][0])
    product = next(p for p in searched if p.folder_name == folder)
    for item in (by_id(exported)[folder], export.item_for(product, export.HeaderFinder(share=False))):
        asset = asset_of(item, r"_NDVI_10M_")
        assert "proj:shape" not in asset and "raster:bands" not in asset
        assert "Raster header unreadable" in asset["description"]
        assert schema_errors(item) == []


def test_shared_headers_equal_headers_read_file_by_file(searched):
    """Within a tile, files differing only by date share a header: the same answer as reading each
    (the junk included: an empty file is still refused, a truncated one has a readable header)."""
    shared = list(export.items(searched, share_headers=True))
    each = list(export.items(searched, share_headers=False, workers=1))
    assert shared == each


# --------------------------------------------------------------------------- a real client
def _physical(path: str, row) -> np.ndarray:
    """Independent: PV = scale * DN + offset on valid DN, NaN elsewhere (reference §3)."""
    dn = gdal.Open(path).ReadAsArray().astype(np.float64)
    valid = (dn >= (row.valid_min if row.valid_min is not None else -np.inf)) & (dn != row.nodata)
    if row.valid_max is not None:
        valid &= dn <= row.valid_max
    return np.where(valid, dn * row.scale + row.offset, np.nan)


@pytest.mark.parametrize(
    ("pattern", "asset_pattern", "row"),
    [
        (r"_31UFS_NDVI_V200$", r"_NDVI_10M_", S2_BIOPAR["NDVI"]),  # table scaling
        (r"_32ULB_NDVI_V210$", r"_NDVI_10M_", S2_BIOPAR["NDVI"]),  # GDAL tags
        (r"_31UFS_TOC_V200$", r"_TOC-B04_10M_", S2_TOC["TOC-B04"]),  # int16 reflectance
    ],
)
def test_stackstac_computes_the_physical_values_of_our_kernels(
    exported, tmp_path, pattern, asset_pattern, row
):
    stackstac = pytest.importorskip("stackstac")  # installed by `make venv`
    item = find(exported, pattern)
    key, asset = next((k, a) for k, a in item["assets"].items() if re.search(asset_pattern, a["href"]))
    path = asset["href"]
    ds = gdal.Open(path)
    gt, width, height = ds.GetGeoTransform(), ds.RasterXSize, ds.RasterYSize
    bounds = (gt[0], gt[3] + height * gt[5], gt[0] + width * gt[1], gt[3])
    from rasterio.enums import Resampling

    # No CRS given: stackstac takes it from the item (proj:epsg), and scale/offset from raster:bands.
    loaded = stackstac.stack(
        [item], assets=[key], resolution=gt[1], bounds=bounds, snap_bounds=False, rescale=True,
        dtype="float64", fill_value=np.nan, resampling=Resampling.nearest,
    )  # fmt: skip
    assert (
        loaded.attrs["crs"] == f"epsg:{osr.SpatialReference(wkt=ds.GetProjection()).GetAuthorityCode(None)}"
    )
    client = loaded.compute().values[0, 0]
    assert client.shape == (height, width)

    output = tmp_path / "physical.tif"
    physical_values(path, str(output), resolve_scaling(path))
    ours_ds = gdal.Open(str(output))
    ours = ours_ds.ReadAsArray().astype(np.float64)
    ours[ours == ours_ds.GetRasterBand(1).GetNoDataValue()] = np.nan
    independent = _physical(path, row)

    valid = ~np.isnan(ours)
    assert valid.sum() > 0.5 * valid.size
    np.testing.assert_array_equal(np.isnan(independent), ~valid)
    np.testing.assert_allclose(ours[valid], independent[valid], rtol=0, atol=1e-6)  # float32 output
    np.testing.assert_allclose(client[valid], independent[valid], rtol=0, atol=1e-9)
    dn = ds.ReadAsArray()
    assert np.isnan(client[dn == row.nodata]).all()  # nodata from raster:bands / the file


# --------------------------------------------------------------------------- writing
def test_written_atomically_and_cancel_leaves_nothing(searched, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    calls = {"n": 0}

    def cancel_after_two() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(InterruptedError):
        export.write_item_collection(searched, target, is_cancelled=cancel_after_two)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]

    def failing():
        yield searched[0]
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        export.write_item_collection(failing(), target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert not [p for p in tmp_path.iterdir() if PARTIAL_MARK in p.name]


def test_cli_search_stac_matches_the_json_search(archive, tmp_path):
    base = [
        sys.executable,
        "-m",
        "plugin.core",
        "search",
        archive.root,
        "--collection",
        "NDVI_V2",
        "--no-cache",
    ]
    listed = subprocess.run([*base, "--json"], cwd=REPO, capture_output=True, text=True, check=True)
    folders = [json.loads(line)["folder"] for line in listed.stdout.splitlines()]
    target = tmp_path / "ndvi.json"
    written = subprocess.run(
        [*base, "--stac", str(target)], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert written.stdout == ""
    assert f"{len(folders)} STAC item(s) written to {target}" in written.stderr
    items = json.loads(target.read_text(encoding="utf-8"))["features"]
    assert [item["id"] for item in items] == folders
    to_stdout = subprocess.run(
        [*base, "--stac", "--limit", "2"], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert [item["id"] for item in json.loads(to_stdout.stdout)["features"]] == folders[:2]


def test_write_search_to_a_stream_reports_what_was_left_out(searched):
    out, err = io.StringIO(), io.StringIO()
    count = export.write_search(iter(searched[:3]), "-", out, err)
    assert count == 3 and len(json.loads(out.getvalue())["features"]) == 3
    assert "3 STAC item(s) written to standard output" in err.getvalue()
