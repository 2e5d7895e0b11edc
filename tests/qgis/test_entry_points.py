"""One product, one answer: every entry point picks the same files for the same product.

The same products (the demo archive, and a tree of real names written here as small GeoTIFFs) go
through the catalogue and ``search --json``, the dock's loading helpers, drag and drop (listed from
disk and from the results), the Processing input resolution (dialog pre-fill and the real
``terrascope:catalogue`` algorithm), the Browser's product item and the kernels' SCL lookup. The expected
files come from the reference layout and names (true colour = B04, B03, B02; the biophysical layer at
10 m; S1 VV then VH; the SCL, first copy in path order), never from the product model.

Tiles ``31ufs``, ``1abc`` (→ ``01ABC``), ``1uca`` (→ ``01UCA``) and ``x17y03`` go through the command
line, the Processing ``TILE`` parameter and the catalogue ``Query``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import QgsApplication, QgsMimeDataUtils, QgsProcessingFeedback

from plugin.core import cli
from plugin.core.archive.catalogue import Catalogue, Product, Query
from plugin.core.raster.kernels import find_scl
from plugin.gui import browser, loading

REPO = Path(__file__).resolve().parents[2]
RASTERS = {".tif", ".tiff", ".jp2", ".vrt", ".nc", ".h5", ".hdf5", ".img"}  # what a raster file is

S2 = "TERRASCOPE_Sentinel2"
TOC = "S2B_20180814T105019_31UDS"
FAPAR = "S2A_20190307T105021_31UFS"
V220 = "S2C_20240623T104619_01UCA"
S1 = "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110"
PROBAV = "PROBAV_S10_TOC_X17Y03_20200611_333M_V101"


def write_tif(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 6, 6, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((600000, 10, 0, 5700000, 0, -10))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(np.ones((6, 6), np.uint8))
    dataset = None


@pytest.fixture(scope="module")
def real_names(tmp_path_factory) -> tuple[str, dict[str, dict]]:
    """A tree of real names (reference §1–§3) and, per product folder, the files each entry point
    must pick: ``default`` (loaded / dragged), ``input`` (Processing) and ``scl``."""
    root = tmp_path_factory.mktemp("real") / "MTDA"
    toc = root / S2 / "TOC_V2" / "2018" / "08" / "14" / f"{TOC}_TOC_V200"
    for band in ("TOC-B02", "TOC-B03", "TOC-B04", "TOC-B08"):
        write_tif(toc / f"{TOC}_{band}_10M_V200.tif")
    for name in ("TOC-B11_20M", "SCENECLASSIFICATION_20M", "SZA_60M", "TOC_QUICKLOOK"):
        write_tif(toc / f"{TOC}_{name}_V200.tif")
    write_tif(toc / "my_own_classification.tif")  # a user's raster in the product folder: no name
    fapar = root / S2 / "FAPAR_V2" / "2019" / "03" / "07" / f"{FAPAR}_FAPAR_V210"
    for res in (10, 20):
        for name in (f"FAPAR_{res}M", "FAPAR_QUICKLOOK", "SCENECLASSIFICATION_20M"):
            write_tif(fapar / f"{res}M" / f"{FAPAR}_{name}_V210.tif")
    v220 = root / S2 / "TOC_V2" / "2024" / "06" / "23" / f"{V220}_TOC_V220"
    for name in ("TOC-B02_10M", "TOC-B03_10M", "TOC-B04_10M", "CLOUDMASK_20M", "SCENECLASSIFICATION_20M"):
        write_tif(v220 / f"{V220}_{name}_V220.tif")
    s1 = root / "CGS_S1" / "CGS_S1_GRD_SIGMA0_L1" / "2019" / "03" / "07" / S1
    for band in ("VV", "VH", "angle"):
        write_tif(s1 / f"{S1}_{band}.tif")
    probav = (
        root / "TIFFDERIVED" / "PROBAV_L3_S10_TOC_333M" / "2020" / "20200611" / PROBAV.replace("_X17Y03", "")
    )
    write_tif(probav / f"{PROBAV}_NDVI.tif")
    expected = {
        str(toc): {
            "default": [f"{toc}/{TOC}_TOC-B0{b}_10M_V200.tif" for b in (4, 3, 2)],
            "input": f"{toc}/{TOC}_TOC-B02_10M_V200.tif",
            "scl": f"{toc}/{TOC}_SCENECLASSIFICATION_20M_V200.tif",
        },
        str(fapar): {
            "default": [f"{fapar}/10M/{FAPAR}_FAPAR_10M_V210.tif"],
            "input": f"{fapar}/10M/{FAPAR}_FAPAR_10M_V210.tif",
            "scl": f"{fapar}/10M/{FAPAR}_SCENECLASSIFICATION_20M_V210.tif",
        },
        str(v220): {
            "default": [f"{v220}/{V220}_TOC-B0{b}_10M_V220.tif" for b in (4, 3, 2)],
            "input": f"{v220}/{V220}_TOC-B02_10M_V220.tif",
            "scl": f"{v220}/{V220}_SCENECLASSIFICATION_20M_V220.tif",
        },
        str(s1): {
            "default": [f"{s1}/{S1}_VV.tif", f"{s1}/{S1}_VH.tif"],
            "input": f"{s1}/{S1}_VV.tif",
            "scl": None,
        },
        str(probav): {
            "default": [f"{probav}/{PROBAV}_NDVI.tif"],
            "input": f"{probav}/{PROBAV}_NDVI.tif",
            "scl": None,
        },
    }
    return str(root), expected


def demo_expectations(summary: dict) -> dict[str, dict]:
    """From the demo's own file lists and the reference layout (not from the model)."""
    expected: dict[str, dict] = {}
    newest: dict[tuple, str] = {}  # reference: the newest version of a product hides the older ones
    for product in summary["products"]:
        key = (product.collection, os.path.dirname(product.path), product.path.rsplit("_V", 1)[0])
        newest[key] = max(newest.get(key, ""), product.path.rsplit("_", 1)[-1])
    for product in summary["products"]:
        key = (product.collection, os.path.dirname(product.path), product.path.rsplit("_V", 1)[0])
        if product.path.rsplit("_", 1)[-1] != newest[key]:
            continue
        files = sorted(product.files)
        tifs = [f for f in files if f.endswith(".tif")]
        scl = next((f for f in tifs if "_SCENECLASSIFICATION_20M_" in f), None)
        if product.collection.startswith("TOC"):
            default = [next(f for f in tifs if f"_TOC-B0{b}_10M_" in f) for b in (4, 3, 2)]
            data = next(f for f in tifs if "_TOC-B02_10M_" in f)
        elif "S1" in product.collection:
            default = [next(f for f in tifs if f.endswith(f"_{p}.tif")) for p in ("VV", "VH")]
            data = default[0]
        else:  # NDVI
            data = next(f for f in tifs if "_NDVI_10M_" in f)
            default = [data]
        expected[product.path] = {"default": default, "input": data, "scl": scl}
    return expected


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict:
    """The demo archive without the junk of a real mount (junk has its own tests)."""
    from demo_archive.generator import generate

    root = tmp_path_factory.mktemp("demo") / "archive"
    summary = generate(
        str(root), tiles=["31UFS"], dates=2, products=["TOC", "NDVI", "S1"], size=60, junk=False
    )
    return {"root": summary.root, "products": summary.products}


def search_json(root: str, *args: str) -> tuple[int, list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(["search", root, "--no-cache", "--json", *args], out, err)
    return status, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def json_paths(record: dict, role: str) -> list[str]:
    return [
        os.path.join(record["dir"], path)
        for bands in [record["files"].get(role, {})]
        for slots in bands.values()
        for paths in slots.values()
        for path in paths
    ]


def browser_files(product: Product) -> set[str]:
    return {
        item.path()[len(browser.PATH_PREFIX) :]
        for item in browser.ProductItem(None, product.path).createChildren()
    }


def disk_rasters(folder: str) -> set[str]:
    return {
        os.path.join(here, name)
        for here, _dirs, names in os.walk(folder)
        for name in names
        if os.path.splitext(name)[1].lower() in RASTERS
    }


def dock_drag_paths(products: list[Product]) -> list[str]:
    try:
        from plugin.gui.panels.results import drag_paths
    except ImportError:  # the dock before its panels
        from plugin.gui.dock import drag_paths
    return drag_paths(products)


def run_query(root: str, **extra: str) -> dict:
    """The real ``terrascope:catalogue`` algorithm through Processing (raises on failure)."""
    import processing  # QGIS's Processing plugin, initialised by the provider fixture

    parameters = {"ROOT": root, "OUTPUT": "TEMPORARY_OUTPUT", **extra}
    return processing.run("terrascope:catalogue", parameters, feedback=QgsProcessingFeedback())


def check_entry_points(root: str, expected: dict[str, dict], terrascope_provider) -> None:
    products = {p.path: p for p in Catalogue([root], use_cache=False).search(Query())}
    assert set(products) == set(expected)
    status, records, err = search_json(root)
    assert status == 0, err
    by_path = {record["path"]: record for record in records}
    assert set(by_path) == set(expected)
    physical = QgsApplication.processingRegistry().algorithmById("terrascope:physicalvalues")
    for path, want in expected.items():
        product, record = products[path], by_path[path]
        # Catalogue and command line
        assert want["input"] in json_paths(record, "data")
        scl_listed = json_paths(record, "scl")
        assert (scl_listed[0] if scl_listed else None) == want["scl"], path
        # Dock loading, drag from the results, drag of the folder from disk (a file manager, the Browser)
        specs = loading.layer_specs_for(product, "default")
        assert [source for spec in specs for source in spec.sources] == want["default"], path
        assert dock_drag_paths([product]) == want["default"] == loading.drag_files(product)
        uris = QgsMimeDataUtils.decodeUriList(loading.mime_data_for([path]))
        assert [uri.uri for uri in uris] == want["default"], path
        # Processing: the dialog pre-fill and the kernels' SCL lookup of the chosen file
        assert loading.processing_input_for(product) == want["input"], path
        params = loading.processing_parameters(physical, [product])
        assert params["INPUT"] == want["input"] and params.get("SCL") == want["scl"], path
        assert find_scl(want["input"]) == want["scl"], path
        # The Browser's product item: every raster of the folder
        assert browser_files(product) == disk_rasters(path), path
    # The real Processing query, collection by collection (newest versions, oldest first)
    for collection in sorted({p.collection for p in products.values()}):
        chosen = sorted(
            (p for p in products.values() if p.collection == collection), key=lambda p: p.name.start
        )
        result = run_query(root, COLLECTION=collection)
        assert result["FILES"] == [expected[p.path]["input"] for p in chosen], collection
        assert result["SCL_FILES"] == [expected[p.path]["scl"] for p in chosen if expected[p.path]["scl"]]


def test_demo_archive_same_files_everywhere(demo, terrascope_provider) -> None:
    check_entry_points(demo["root"], demo_expectations(demo), terrascope_provider)


def test_real_names_same_files_everywhere(real_names, terrascope_provider) -> None:
    root, expected = real_names
    check_entry_points(root, expected, terrascope_provider)


# --------------------------------------------------------------------------- tiles
@pytest.mark.parametrize(
    ("typed", "folder"),
    [
        ("31ufs", f"{FAPAR}_FAPAR_V210"),
        ("1uca", f"{V220}_TOC_V220"),
        ("x17y03", PROBAV.replace("_X17Y03", "")),
    ],
)
def test_tiles_mean_the_same_everywhere(real_names, terrascope_provider, typed: str, folder: str) -> None:
    root, expected = real_names
    (path,) = [p for p in expected if os.path.basename(p) == folder]
    status, records, err = search_json(root, "--tile", typed)
    assert status == 0 and [r["path"] for r in records] == [path], err
    assert [p.path for p in Catalogue([root], use_cache=False).search(Query(tiles=[typed]))] == [path]
    assert run_query(root, TILE=typed)["FILES"] == [expected[path]["input"]]


def test_a_valid_tile_matching_nothing_and_a_bad_tile(real_names, terrascope_provider) -> None:
    from qgis.core import QgsProcessingException

    root, _ = real_names
    status, records, err = search_json(root, "--tile", "1abc")
    assert status == 0 and records == [] and "0 product(s)" not in err  # --json prints no count
    assert list(Catalogue([root], use_cache=False).search(Query(tiles=["1abc"]))) == []
    with pytest.raises(QgsProcessingException, match="01ABC"):  # the message names the normalised tile
        run_query(root, TILE="1abc")
    command = [sys.executable, "-m", "plugin.core", "search", root, "--tile", "61ufs"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 2 and "'61ufs' is not a tile" in done.stderr
    with pytest.raises(QgsProcessingException, match="'61ufs' is not a tile"):
        run_query(root, TILE="61ufs")
