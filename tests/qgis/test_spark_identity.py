"""The Spark jobs (spark/terrascope_spark.py, Spark local mode) give the desktop's results exactly.

One ``spark-submit`` for the module (tests/spark/submit_jobs.py runs the driver's commands in one JVM),
from another working directory, with the core shipped as the zip ``spark/build_zip.py`` builds (what
``make spark-zip`` builds) and no checkout on the path; ``spark.python.worker.memory`` is 1 MB so the
Python workers spill (and sort their keys) while grouping the time-series rows. The archive is the demo
generator's, two tiles, with one 31UFS product truncated after its first block: its header opens, its
later blocks fail on the executors.

Compared with: ``terrascope:temporalcomposite`` and ``terrascope:histogram`` run by QGIS Processing on
the same query (composite bit for bit with geotransform, CRS and nodata; histogram counts and edges
exactly), ``python3 -m plugin.core timeseries`` (the CSV byte for byte) and the core's
``zonal_profiles`` (polygon rows, values exactly).
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import QgsVectorLayer

REPO = Path(__file__).resolve().parents[2]
SPARK_SUBMIT = Path(sys.executable).parent / "spark-submit"
TILES = ("31UFS", "32ULB")
SIZE = 300  # 10 m pixels: two 256-pixel blocks across, so a truncated file fails after its first block
DATES = 4
WINDOW = 128  # Spark tasks of 128×128 pixels, the last ones 44 wide (the desktop's window here is the whole raster)
STATISTICS = ("mean", "median", "min", "max", "std", "count")
POINTS_PER_TILE = 700  # 1400 points × 4 dates: thousands of rows, enough for the workers to spill
QUERY = ["--collection", "NDVI_V2"]
PROCESSING_QUERY = {"COLLECTION": "NDVI_V2"}


def manifest_newest(root: Path) -> dict[str, list[str]]:
    """Data files of the newest version of each NDVI product per tile, from the demo's own manifest."""
    manifest = json.loads((root / "DEMO_MANIFEST.json").read_text())
    newest: dict[tuple[str, str], tuple[str, str]] = {}
    for product in manifest["products"]:
        if product["collection"] != "NDVI_V2":
            continue
        data = next(f for f in product["files"] if "_NDVI_10M_" in f)
        key = (product["tile"], product["start"])
        if key not in newest or product["version"] > newest[key][0]:
            newest[key] = (product["version"], str(root / data))
    files: dict[str, list[str]] = {}
    for (tile, _), (_, path) in sorted(newest.items()):
        files.setdefault(tile, []).append(path)
    return files


def lonlat_box(path: str, margin: int) -> tuple[float, float, float, float]:
    """W, S, E, N in degrees of the raster shrunk by ``margin`` pixels (plain GDAL/OSR)."""
    ds = gdal.Open(path)
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    source = osr.SpatialReference(wkt=ds.GetProjection())
    target = osr.SpatialReference()
    target.ImportFromEPSG(4326)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(source, target)
    xs = (x0 + margin * dx, x0 + (ds.RasterXSize - margin) * dx)
    ys = (y0 + margin * dy, y0 + (ds.RasterYSize - margin) * dy)
    corners = [transform.TransformPoint(x, y)[:2] for x in xs for y in ys]
    lons, lats = [c[0] for c in corners], [c[1] for c in corners]
    # The inner box of the four corners: inside the raster whatever the grid's rotation.
    return (sorted(lons)[1], sorted(lats)[1], sorted(lons)[2], sorted(lats)[2])


def truncate_after_first_block(path: str) -> None:
    ds = gdal.Open(path)  # kept: a band outlives its dataset only as long as this reference
    second = int(ds.GetRasterBand(1).GetMetadataItem("BLOCK_OFFSET_1_0", "TIFF"))
    ds = None
    os.truncate(path, second + 16)


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory) -> dict:
    """The archive, the inputs, and one spark-submit running every job; what the tests compare."""
    from demo_archive.generator import generate

    work = tmp_path_factory.mktemp("spark")
    root = work / "archive"
    generate(str(root), tiles=list(TILES), products=["NDVI"], dates=DATES, size=SIZE, junk=False)
    files = manifest_newest(root)
    truncated = files["31UFS"][1]
    truncate_after_first_block(truncated)
    rng = random.Random(5)
    points = []
    polygons = []
    for tile in TILES:
        west, south, east, north = lonlat_box(files[tile][0], margin=1)
        points += [(rng.uniform(west, east), rng.uniform(south, north)) for _ in range(POINTS_PER_TILE)]
        for _ in range(6):
            lon, lat = rng.uniform(west, east - 0.002), rng.uniform(south, north - 0.002)
            ring = [
                [lon, lat],
                [lon + 0.002, lat],
                [lon + 0.002, lat + 0.0015],
                [lon, lat + 0.0015],
                [lon, lat],
            ]
            polygons.append(
                {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
            )
    points_csv = work / "points.csv"
    points_csv.write_text("lon,lat\n" + "".join(f"{lon!r},{lat!r}\n" for lon, lat in points))
    fields = work / "fields.geojson"
    fields.write_text(json.dumps({"type": "FeatureCollection", "features": polygons}))
    zip_path = work / "ship" / "terrascope_core.zip"
    subprocess.run([sys.executable, str(REPO / "spark" / "build_zip.py"), str(zip_path)], check=True)
    out = work / "out"
    jobs = [
        ["composite", str(root), *QUERY, "--tile", ",".join(TILES), "--statistics", ",".join(STATISTICS),
         "--window", str(WINDOW), "--out", str(out / "composite")],
        ["histogram", str(root), *QUERY, "--bins", "25", "--mask", "3,8,9,10", "--out", str(out / "histogram")],
        ["timeseries", str(root), *QUERY, "--points", str(points_csv), "--out", str(out / "points")],
        ["timeseries", str(root), *QUERY, "--points", str(fields), "--out", str(out / "fields")],
    ]  # fmt: skip
    jobs_file = work / "jobs.json"
    jobs_file.write_text(json.dumps(jobs))
    elsewhere = work / "cwd"
    elsewhere.mkdir()
    events = work / "events"
    events.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SPARK_HOME")}
    env.update(PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    command = [
        str(SPARK_SUBMIT), "--master", "local[2]",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.python.worker.memory=1m",
        "--conf", "spark.eventLog.enabled=true",
        "--conf", f"spark.eventLog.dir=file://{events}",
        "--conf", "spark.eventLog.compress=false",
        "--conf", "spark.eventLog.rolling.enabled=false",
        "--py-files", str(zip_path),
        str(REPO / "tests" / "spark" / "submit_jobs.py"), str(REPO / "spark"), str(jobs_file),
    ]  # fmt: skip
    run = subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    summaries = {
        job: json.loads((out / job / f"{name}_summary.json").read_text())
        for job, name in (("composite", "composite"), ("histogram", "histogram"), ("points", "timeseries"), ("fields", "timeseries"))
    }  # fmt: skip
    return {
        "root": root, "files": files, "truncated": truncated, "points": points, "polygons": polygons,
        "out": out, "stdout": run.stdout, "summaries": summaries, "events": events, "zip": zip_path,
    }  # fmt: skip


# --------------------------------------------------------------------------- composite


@pytest.mark.parametrize("tile", TILES)
def test_composite_is_bit_identical_to_temporalcomposite(
    spark_run, processing_framework, terrascope_provider, tmp_path, tile
) -> None:
    outputs = {name: str(tmp_path / f"{name}.tif") for name in STATISTICS}
    result = processing_framework.run(
        "terrascope:temporalcomposite",
        {
            "ROOT": str(spark_run["root"]),
            **PROCESSING_QUERY,
            "TILE": tile,
            "COMPRESS": False,
            **{f"OUTPUT_{name.upper()}": path for name, path in outputs.items()},
        },
    )
    summary = spark_run["summaries"]["composite"]
    expected_dates = len(spark_run["files"][tile]) - (tile == "31UFS")  # the truncated date is left out
    assert result["DATES"] == summary["dates"][tile] == expected_dates
    for name, desktop_path in outputs.items():
        spark_path = spark_run["out"] / "composite" / f"{tile}_{name}.tif"
        assert summary["outputs"][tile][name] == str(spark_path)
        desktop, spark = gdal.Open(desktop_path), gdal.Open(str(spark_path))
        assert spark.GetGeoTransform() == desktop.GetGeoTransform(), name
        assert spark.GetProjection() == desktop.GetProjection() != "", name
        a, b = desktop.GetRasterBand(1), spark.GetRasterBand(1)
        assert (b.DataType, b.GetNoDataValue()) == (a.DataType, a.GetNoDataValue()), name
        left, right = a.ReadAsArray(), b.ReadAsArray()
        assert left.dtype == right.dtype and left.shape == right.shape == (SIZE, SIZE)
        assert left.tobytes() == right.tobytes(), f"{tile} {name}: not bit-identical"
    # Not a trivial output: most pixels have a value, and the windows did not line up with the blocks.
    count = gdal.Open(outputs["count"]).ReadAsArray()
    assert (count > 0).mean() > 0.5 and SIZE % WINDOW != 0


def test_the_truncated_product_is_skipped_and_reported(spark_run) -> None:
    truncated = spark_run["truncated"]
    for job in ("composite", "histogram"):
        skipped = {s["path"]: s["reason"] for s in spark_run["summaries"][job]["skipped"]}
        assert list(skipped) == [truncated], job
        assert skipped[truncated].startswith("unreadable"), skipped
        assert truncated not in spark_run["summaries"][job]["used"]
    assert f"skipped {truncated}: unreadable" in spark_run["stdout"]
    used = spark_run["summaries"]["composite"]["used"]
    assert sorted(used) == sorted(p for tile in TILES for p in spark_run["files"][tile] if p != truncated)


# --------------------------------------------------------------------------- histogram


def test_histogram_equals_the_histogram_algorithm(
    spark_run, processing_framework, terrascope_provider
) -> None:
    result = processing_framework.run(
        "terrascope:histogram",
        {"ROOT": str(spark_run["root"]), **PROCESSING_QUERY, "BINS": 25, "MASK_CLASSES": "3,8,9,10", "OUTPUT": "memory:"},
    )  # fmt: skip
    layer = result["OUTPUT"]
    if not isinstance(layer, QgsVectorLayer):
        layer = QgsVectorLayer(layer)
    desktop = [(f["bin_min"], f["bin_max"], f["count"]) for f in layer.getFeatures()]
    with open(spark_run["out"] / "histogram" / "histogram.csv", newline="") as handle:
        spark = [(float(r["bin_min"]), float(r["bin_max"]), int(r["count"])) for r in csv.DictReader(handle)]
    assert spark == desktop and len(spark) == 25
    summary = spark_run["summaries"]["histogram"]
    assert summary["total"] == result["TOTAL"] == sum(row[2] for row in spark) > 0
    # The per-tile table adds up to the summed one.
    with open(spark_run["out"] / "histogram" / "histogram_by_tile.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted({r["tile"] for r in rows}) == list(TILES)
    by_bin = np.zeros(25, np.int64)
    for index, row in enumerate(rows):
        by_bin[index % 25] += int(row["count"])
    assert by_bin.tolist() == [row[2] for row in spark]


# --------------------------------------------------------------------------- time series


def test_points_csv_equals_the_command_line(spark_run) -> None:
    command = [sys.executable, "-m", "plugin.core", "timeseries", str(spark_run["root"]), *QUERY]
    for lon, lat in spark_run["points"]:
        command += ["--point", f"{lon!r},{lat!r}"]
    cli = subprocess.run(command, cwd=REPO, capture_output=True, timeout=300)
    assert cli.returncode == 0, cli.stderr[-2000:]
    spark = (spark_run["out"] / "points" / "timeseries.csv").read_bytes()
    assert spark == cli.stdout
    rows = list(csv.DictReader(spark.decode().splitlines()))
    statuses = {row["status"] for row in rows}
    assert {"valid", "unreadable"} <= statuses  # points in the truncated blocks are reported
    assert len({row["point"] for row in rows}) > POINTS_PER_TILE
    assert spark_run["summaries"]["points"]["rows"] == len(rows)


def test_polygon_rows_equal_the_core(spark_run) -> None:
    from plugin.core.archive.catalogue import Query
    from plugin.core.archive.series_query import select_series
    from plugin.core.timeseries import zonal_profiles

    wkts = []
    for feature in spark_run["polygons"]:
        ring = feature["geometry"]["coordinates"][0]
        wkts.append("POLYGON ((" + ", ".join(f"{x!r} {y!r}" for x, y in ring) + "))")
    lons = [x for f in spark_run["polygons"] for x, _ in f["geometry"]["coordinates"][0]]
    lats = [y for f in spark_run["polygons"] for _, y in f["geometry"]["coordinates"][0]]
    margin = 1e-4
    query = Query(
        collections=["NDVI_V2"],
        bbox=(min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin),
    )
    entries = select_series([str(spark_run["root"])], query).entries
    expected = zonal_profiles(entries, list(enumerate(wkts)))
    with open(spark_run["out"] / "fields" / "timeseries.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(expected) > len(wkts)
    for row, stats in zip(rows, expected, strict=True):
        assert (int(row["feature"]), row["product"], row["tile"]) == (
            stats.feature,
            stats.product,
            stats.tile,
        )
        assert row["date"] == stats.when.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert (int(row["count"]), int(row["valid"]), int(row["masked"])) == (
            stats.count,
            stats.valid,
            stats.masked,
        )
        for name in ("masked_fraction", "mean", "median", "std", "min", "max"):
            value = getattr(stats, name)
            assert (row[name] == "") if value is None else float(row[name]) == value, name
    assert {s["path"] for s in spark_run["summaries"]["fields"]["skipped"]} <= {spark_run["truncated"]}


# --------------------------------------------------------------------------- how it ran


def test_the_core_came_from_the_shipped_zip(spark_run) -> None:
    shipped = "terrascope_core.zip/plugin/core/__init__.py"
    assert f"driver core: {spark_run['zip']}/plugin/core/__init__.py" in spark_run["stdout"]
    for job, summary in spark_run["summaries"].items():
        assert summary["executor_core"], job
        assert all(path.endswith(shipped) for path in summary["executor_core"]), (
            job,
            summary["executor_core"],
        )
        assert not any(path.startswith(str(REPO)) for path in summary["executor_core"])


def test_python_workers_spilled_while_grouping(spark_run) -> None:
    """With spark.python.worker.memory at 1 MB the time-series grouping spills (and sorts its keys)."""
    spilled = {}
    for log in (path for path in spark_run["events"].rglob("*") if path.is_file()):
        app = ""
        for line in log.read_text().splitlines():
            event = json.loads(line)
            if event["Event"] == "SparkListenerApplicationStart":
                app = event["App Name"]
            elif event["Event"] == "SparkListenerTaskEnd":
                metrics = event.get("Task Metrics") or {}
                spilled[app] = spilled.get(app, 0) + metrics.get("Disk Bytes Spilled", 0)
    assert spilled.get("terrascope timeseries", 0) > 0, spilled
