"""Command line: collections, search (--json lines), parse, info, one-line errors with non-zero exit."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plugin.core.cli import main

REPO = Path(__file__).resolve().parents[2]
OLD = 1_500_000_000


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    base = tmp_path / "MTDA" / "TERRASCOPE_Sentinel2" / "NDVI_V2"
    for day, tile, version in (("05", "31UFS", "V200"), ("05", "31UFS", "V210"), ("20", "31UDS", "V210")):
        stem = f"S2B_202001{day}T105019_{tile}"
        folder = base / "2020" / "01" / day / f"{stem}_NDVI_{version}"
        folder.mkdir(parents=True)
        (folder / f"{stem}_NDVI_10M_{version}.tif").touch()
    (base / "2020" / "01" / "05" / "junk.txt").touch()
    return tmp_path / "MTDA"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_collections(root: Path) -> None:
    status, out, _ = run("collections", str(root), "--no-cache")
    assert status == 0 and out.split()[:2] == ["NDVI_V2", "ymd"]
    status, out, _ = run("collections", str(root), "--no-cache", "--json")
    assert json.loads(out)["id"] == "NDVI_V2"


def test_search_json_lines_and_skipped_summary(root: Path, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache.sqlite")
    status, out, err = run("search", str(root), "--collection", "NDVI_V2", "--tile", "31UFS",
                           "--start", "2020-01-01", "--end", "2020-03-31", "--json", "--cache", cache)  # fmt: skip
    assert status == 0
    (line,) = out.splitlines()
    record = json.loads(line)
    assert record["folder"] == "S2B_20200105T105019_31UFS_NDVI_V210"
    assert record["collection"] == "NDVI_V2" and record["name"]["start"] == "2020-01-05T10:50:19+00:00"
    assert record["files"]["data"]["NDVI"]["10"] == ["S2B_20200105T105019_31UFS_NDVI_10M_V210.tif"]
    assert record["dir"] == record["path"] and record["path"].endswith("/2020/01/05/" + record["folder"])
    assert "skipped 1 path(s) (not a Terrascope product name: 1)" in err
    status, out, _ = run("search", str(root), "--all-versions", "--no-cache")
    assert status == 0 and len(out.splitlines()) == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search", "ROOT", "--start", "2020-02-30"], "invalid date '2020-02-30'"),
        (["search", "ROOT", "--bbox", "5,50,4,51"], "invalid bounding box"),
        (["search", "ROOT", "--max-cloud", "120"], "invalid cloud cover"),
        (["search", "ROOT", "--start", "2020-03-01", "--end", "2020-01-01"], "after end date"),
        (["search", "ROOT", "--collection", "NDVI_V9"], "unknown collection NDVI_V9; available: NDVI_V2"),
        (["search", "MISSING"], "does not exist"),
        (["info", "MISSING"], "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(root: Path, argv: list[str], message: str) -> None:
    argv = [str(root) if a == "ROOT" else str(root / "nope") if a == "MISSING" else a for a in argv]
    argv += ["--no-cache"] if argv[0] == "search" else []
    try:
        status, _, err = run(*argv)
    except SystemExit as exc:  # argparse errors
        status, err = int(exc.code or 0), ""
        completed = subprocess.run([sys.executable, "-m", "plugin.core", *argv], cwd=REPO,
                                   capture_output=True, text=True, timeout=60)  # fmt: skip
        err = completed.stderr
    assert status != 0
    assert message in err and len(err.strip().splitlines()) == 1


def test_parse_table_json_and_error() -> None:
    status, out, _ = run("parse", "S2B_20180814T105019_31UDS_TOC-B04_10M_V200.tif", "--json")
    assert status == 0 and json.loads(out)["content"] == "TOC-B04"
    status, out, err = run("parse", "S2B_20180814T105019_31UDS_TOC-B04_10M_V200.tif", "nonsense")
    assert status == 1 and "tile        31UDS" in out and "nonsense" in err


def test_info_product_folder_with_xml_and_raster(tmp_path: Path) -> None:
    from osgeo import gdal, osr

    stem = "S2A_20200517T105031_31UFS"
    folder = tmp_path / f"{stem}_NDVI_V210"
    folder.mkdir()
    tif = folder / f"{stem}_NDVI_10M_V210.tif"
    dataset = gdal.GetDriverByName("GTiff").Create(str(tif), 4, 3, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((600000, 10, 0, 5700000, 0, -10))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    dataset.SetProjection(srs.ExportToWkt())
    band = dataset.GetRasterBand(1)
    band.SetNoDataValue(255)
    band.SetScale(0.004)
    band.SetOffset(-0.08)
    dataset = None
    (folder / f"{stem}_NDVI_10M_V210.xml").write_text(
        '<MD_Metadata xmlns="http://www.isotc211.org/2005/gmd"><cloudCoverPercentage>7</cloudCoverPercentage></MD_Metadata>'
    )
    # A foreign XML that sorts first is not the product's metadata: the product's own XML is read.
    (folder / "A_processing_notes.xml").write_text("<notes/>")
    status, out, _ = run("info", str(folder), "--json")
    info = json.loads(out)
    assert status == 0 and info["name"]["product"] == "NDVI"
    assert info["metadata"]["path"] == str(folder / f"{stem}_NDVI_10M_V210.xml")
    assert info["metadata"]["product_xml"]["cloud_cover"] == 7.0
    raster = info["raster"]
    assert (raster["width"], raster["height"], raster["epsg"], raster["pixel_size"]) == (
        4,
        3,
        32631,
        [10.0, 10.0],
    )
    assert raster["bands"][0] == {"band": 1, "dtype": "Byte", "nodata": 255.0, "scale": 0.004, "offset": -0.08,
                                  "description": None}  # fmt: skip
    assert 4.4 < raster["footprint"][0] < 4.5
    status, out, _ = run("info", str(tif))
    assert status == 0 and "32631" in out


def test_module_help_runs() -> None:
    completed = subprocess.run([sys.executable, "-m", "plugin.core", "--help"], cwd=REPO,
                               capture_output=True, text=True, timeout=60, env={**os.environ})  # fmt: skip
    assert completed.returncode == 0 and "search" in completed.stdout and "examples:" in completed.stdout
