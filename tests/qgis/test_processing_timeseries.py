"""terrascope:timeseries on a real-format demo archive, against plain numpy and QGIS's own
native:zonalstatisticsfb on the same physical values; qgis_process, a background task run, cancel
and the atomic HTML page."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import (
    QgsApplication,
    QgsFeature,
    QgsGeometry,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from tests.atomic_watch import OutputWatch, leftovers
from tests.reference import DEFAULT_MASK

REPO = Path(__file__).resolve().parents[2]
QGIS_PROCESS = REPO / "scripts" / "qgis_process.sh"
ORIGIN_X, ORIGIN_Y, PIXEL = 600000.0, 5700000.0, 10.0  # the demo's 31UFS grid (EPSG:32631)
QUERY = {"COLLECTION": "NDVI_V2", "TILE": "31UFS", "START": "2020-05-01", "END": "2020-05-31"}
STATS = ("mean", "median", "std", "min", "max")


def newest_files(root: str) -> list[tuple[str, str, str]]:
    """(data file, SCL file, product) of each NDVI date of the demo, newest version, oldest first,
    from the demo's own manifest."""
    products = json.loads((Path(root) / "DEMO_MANIFEST.json").read_text())["products"]
    newest: dict[str, dict] = {}
    for product in products:
        if product["collection"] == "NDVI_V2" and product["tile"] == "31UFS":
            day = product["start"][:10]
            if day not in newest or product["version"] > newest[day]["version"]:
                newest[day] = product
    out = []
    for day in sorted(newest):
        files = newest[day]["files"]
        data = next(f for f in files if "_NDVI_10M_" in f and f.endswith(".tif"))
        scl = next(f for f in files if "_SCENECLASSIFICATION_20M_" in f)
        out.append((os.path.join(root, data), os.path.join(root, scl), Path(newest[day]["path"]).name))
    return out


def centre(row: int, col: int) -> tuple[float, float]:
    return ORIGIN_X + (col + 0.5) * PIXEL, ORIGIN_Y - (row + 0.5) * PIXEL


def memory_layer(kind: str, epsg: int, wkts: list[str]) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{kind}?crs=EPSG:{epsg}", kind, "memory")
    features = []
    for wkt in wkts:
        feature = QgsFeature()
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    return layer


def to_epsg(points: list[tuple[float, float]], epsg: int) -> list[tuple[float, float]]:
    source, target = osr.SpatialReference(), osr.SpatialReference()
    source.ImportFromEPSG(32631)
    target.ImportFromEPSG(epsg)
    for srs in (source, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(source, target)
    return [transform.TransformPoint(x, y)[:2] for x, y in points]


def rows_of(layer) -> list[dict]:
    if not isinstance(layer, QgsVectorLayer):
        layer = QgsVectorLayer(layer)
    names = layer.fields().names()
    return [dict(zip(names, feature.attributes(), strict=True)) for feature in layer.getFeatures()]


def is_null(value) -> bool:
    """A NULL attribute (QGIS gives a null QVariant)."""
    return value is None or (hasattr(value, "isNull") and value.isNull())


def iso(value) -> str:
    return value.toUTC().toString("yyyy-MM-ddTHH:mm:ss")


@pytest.fixture(scope="module")
def dates(demo_archive) -> list[dict]:
    """Per date: the numpy reference of DN validity, SCL masking and physical values."""
    out = []
    for data, scl_path, product in newest_files(demo_archive):
        ds = gdal.Open(data)
        dn = ds.ReadAsArray()
        scl = gdal.Open(scl_path).ReadAsArray()
        scl = np.repeat(np.repeat(scl, 2, axis=0), 2, axis=1)[: dn.shape[0], : dn.shape[1]]
        when = Path(data).name.split("_")[1]
        out.append(
            {
                "path": data,
                "product": product,
                "when": f"{when[:4]}-{when[4:6]}-{when[6:8]}T{when[9:11]}:{when[11:13]}:{when[13:15]}",
                "dn_valid": dn <= 250,  # NDVI: valid DN 0..250, 255 nodata (reference §3)
                "masked": np.isin(scl, sorted(DEFAULT_MASK)),
            }
        )
    return out


def pick_pixels(dates: list[dict]) -> list[tuple[int, int]]:
    """A valid pixel, a masked one and (if the demo has one) a nodata one on the first date."""
    first = dates[0]
    picks = []
    for condition in (
        first["dn_valid"] & ~first["masked"],
        first["masked"],
        ~first["dn_valid"] & ~first["masked"],
    ):
        rows, cols = np.nonzero(condition[10:-10, 10:-10])
        if len(rows):
            picks.append((int(rows[len(rows) // 2]) + 10, int(cols[len(cols) // 2]) + 10))
    assert len(picks) >= 2
    return picks


# --------------------------------------------------------------------------- points


@pytest.mark.parametrize("apply_scl", [True, False])
def test_points_in_any_crs_agree_with_numpy(
    processing_framework, terrascope_provider, demo_archive, dates, pv_reference, apply_scl
) -> None:
    pixels = pick_pixels(dates)
    points = to_epsg([centre(r, c) for r, c in pixels], 3857)
    layer = memory_layer("Point", 3857, [f"POINT({x!r} {y!r})" for x, y in points])
    result = processing_framework.run(
        "terrascope:timeseries",
        {"INPUT": layer, "ROOT": demo_archive, **QUERY, "APPLY_SCL": apply_scl, "OUTPUT": "memory:"},
    )
    rows = rows_of(result["OUTPUT"])
    ids = [feature.id() for feature in layer.getFeatures()]
    assert len(rows) == len(pixels) * len(dates) == result["ROWS"]
    statuses = set()
    for index, (row_i, col_i) in enumerate(pixels):
        for date, row in zip(dates, rows[index * len(dates) : (index + 1) * len(dates)], strict=True):
            masked = bool(apply_scl and date["masked"][row_i, col_i])
            valid = bool(not masked and date["dn_valid"][row_i, col_i])
            statuses.add("valid" if valid else "masked" if masked else "nodata")
            assert (row["feature_id"], iso(row["date"]), row["product"], row["tile"]) == (
                ids[index],
                date["when"],
                date["product"],
                "31UFS",
            )
            assert (row["count"], row["valid"], row["masked"]) == (1, int(valid), int(masked))
            if valid:
                value = float(pv_reference(date["path"])[row_i, col_i])
                for name in ("mean", "median", "min", "max"):
                    assert row[name] == pytest.approx(value, abs=1e-6), name
                assert row["std"] == 0
            else:
                assert all(is_null(row[name]) for name in STATS)
    assert {"valid", "masked"} <= statuses if apply_scl else "masked" not in statuses


# --------------------------------------------------------------------------- polygons

RECT = (40, 70, 30, 75)  # rows 40..69, cols 30..74


def rectangle_wkt(r0: int, r1: int, c0: int, c1: int) -> str:
    """A rectangle holding exactly the centres of rows r0..r1-1 and cols c0..c1-1."""
    x0, x1 = ORIGIN_X + c0 * PIXEL + 1, ORIGIN_X + c1 * PIXEL - 1
    y0, y1 = ORIGIN_Y - r1 * PIXEL + 1, ORIGIN_Y - r0 * PIXEL - 1
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


TRIANGLE = "POLYGON((600153 5699217,601087 5699390,600520 5698431,600153 5699217))"


@pytest.fixture(scope="module")
def polygon_run(processing_framework, terrascope_provider, demo_archive) -> tuple[QgsVectorLayer, list[dict]]:
    layer = memory_layer("Polygon", 32631, [rectangle_wkt(*RECT), TRIANGLE])
    result = processing_framework.run(
        "terrascope:timeseries", {"INPUT": layer, "ROOT": demo_archive, **QUERY, "OUTPUT": "memory:"}
    )
    return layer, rows_of(result["OUTPUT"])


def test_a_rectangle_agrees_with_numpy(polygon_run, dates, pv_reference) -> None:
    layer, rows = polygon_run
    first_id = next(layer.getFeatures()).id()
    r0, r1, c0, c1 = RECT
    mine = [row for row in rows if row["feature_id"] == first_id]
    assert [iso(row["date"]) for row in mine] == [d["when"] for d in dates]
    for date, row in zip(dates, mine, strict=True):
        values = pv_reference(date["path"], DEFAULT_MASK)[r0:r1, c0:c1].astype(np.float64)
        values = values[~np.isnan(values)]
        assert row["count"] == (r1 - r0) * (c1 - c0)
        assert row["masked"] == int(date["masked"][r0:r1, c0:c1].sum())
        assert row["valid"] == values.size > 0
        expected = {
            "mean": values.mean(),
            "median": np.median(values),
            "std": values.std(),
            "min": values.min(),
            "max": values.max(),
        }
        for name, value in expected.items():
            assert row[name] == pytest.approx(value, abs=1e-6), (date["when"], name)


def write_physical(path: Path, source: str, values: np.ndarray) -> str:
    """The physical values as a Float32 GeoTIFF on the source's grid, nodata -9999 (numpy-made)."""
    ds = gdal.Open(source)
    out = gdal.GetDriverByName("GTiff").Create(str(path), ds.RasterXSize, ds.RasterYSize, 1, gdal.GDT_Float32)
    out.SetGeoTransform(ds.GetGeoTransform())
    out.SetProjection(ds.GetProjection())
    band = out.GetRasterBand(1)
    band.SetNoDataValue(-9999.0)
    band.WriteArray(np.where(np.isnan(values), -9999.0, values).astype(np.float32))
    out = None
    return str(path)


def test_polygons_agree_with_qgis_zonal_statistics(
    processing_framework, polygon_run, dates, pv_reference, tmp_path
) -> None:
    layer, rows = polygon_run
    ids = [feature.id() for feature in layer.getFeatures()]
    by_key = {(row["feature_id"], iso(row["date"])): row for row in rows}
    assert len(by_key) == len(rows) == len(ids) * len(dates)
    for index, date in enumerate(dates):
        raster = write_physical(
            tmp_path / f"pv{index}.tif", date["path"], pv_reference(date["path"], DEFAULT_MASK)
        )
        zonal = processing_framework.run(
            "native:zonalstatisticsfb",
            {
                "INPUT": layer,
                "INPUT_RASTER": raster,
                "RASTER_BAND": 1,
                "COLUMN_PREFIX": "z_",
                "STATISTICS": [0, 2, 3, 4, 5, 6],  # count, mean, median, st dev, min, max
                "OUTPUT": "memory:",
            },
        )["OUTPUT"]
        for feature in zonal.getFeatures():
            row = by_key[(feature.id(), date["when"])]
            assert row["valid"] == feature["z_count"], date["when"]
            for name, field in zip(STATS, ("z_mean", "z_median", "z_stdev", "z_min", "z_max"), strict=True):
                assert row[name] == pytest.approx(feature[field], abs=1e-5), (
                    feature.id(),
                    date["when"],
                    name,
                )


# --------------------------------------------------------------------------- running it the other ways


def write_points_file(path: Path, points: list[tuple[float, float]], epsg: int) -> str:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("points", srs, ogr.wkbPoint)
    for x, y in points:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x!r} {y!r})"))
        layer.CreateFeature(feature)
    ds = None
    return str(path)


def test_qgis_process_writes_the_table_and_the_plot(demo_archive, dates, pv_reference, tmp_path) -> None:
    pixels = pick_pixels(dates)[:1]
    points = write_points_file(tmp_path / "points.gpkg", to_epsg([centre(*pixels[0])], 4326), 4326)
    table, page = tmp_path / "series.csv", tmp_path / "series.html"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("TERRASCOPE_QGIS_HOME", None)
    completed = subprocess.run(
        [
            str(QGIS_PROCESS), "--json", "run", "terrascope:timeseries", "--", f"INPUT={points}",
            f"ROOT={demo_archive}", *(f"{k}={v}" for k, v in QUERY.items()), "APPLY_SCL=false",
            f"OUTPUT={table}", f"OUTPUT_HTML={page}",
        ],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:] + completed.stdout[-3000:]
    results = json.loads(completed.stdout[completed.stdout.index("{") :])["results"]
    assert results["ROWS"] == len(dates) and results["SKIPPED"] == 0
    with open(table, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "feature_id", "date", "product", "tile", "count", "valid", "masked", *STATS,
    ]  # fmt: skip
    row_i, col_i = pixels[0]
    for date, row in zip(dates, rows, strict=True):
        assert row["product"] == date["product"] and row["date"].replace("/", "-")[:10] == date["when"][:10]
        value = float(pv_reference(date["path"])[row_i, col_i])
        assert float(row["mean"]) == pytest.approx(value, abs=1e-6)
    text = page.read_text(encoding="utf-8")
    assert "<svg" in text and text.count("<circle") == len(dates) and text.rstrip().endswith("</html>")


def test_runs_as_a_background_task_like_the_toolbox(
    processing_framework, terrascope_provider, demo_archive, tmp_path
) -> None:
    points = write_points_file(tmp_path / "one.gpkg", to_epsg([centre(50, 50)], 4326), 4326)
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("terrascope:timeseries")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    outcome: dict = {}
    parameters = {"INPUT": points, "ROOT": demo_archive, **QUERY, "OUTPUT": str(tmp_path / "t.csv")}
    task = QgsProcessingAlgRunnerTask(algorithm, parameters, context, feedback)
    task.executed.connect(lambda ok, results: outcome.update(ok=ok, results=results))
    QgsApplication.taskManager().addTask(task)
    deadline = time.monotonic() + 60
    while not outcome and time.monotonic() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.01)
    assert outcome.get("ok") and outcome["results"]["ROWS"] == 4


def test_help_and_registration(terrascope_provider) -> None:
    algorithm = QgsApplication.processingRegistry().algorithmById("terrascope:timeseries")
    assert algorithm is not None and "zonal statistics" in algorithm.shortHelpString()
    names = [p.name() for p in algorithm.parameterDefinitions()]
    for name in ("INPUT", "ROOT", "COLLECTION", "START", "END", "MAX_CLOUD", "APPLY_SCL", "MASK_CLASSES"):
        assert name in names
    assert {o.name() for o in algorithm.outputDefinitions()} >= {"OUTPUT", "OUTPUT_HTML", "ROWS", "SKIPPED"}


class ProgressFeedback(QgsProcessingFeedback):
    """The real feedback; ``on_progress`` runs on every progress report (from the reading threads)."""

    def __init__(self, on_progress) -> None:
        super().__init__()
        self.on_progress = on_progress
        self.reports: list[float] = []

    def setProgress(self, progress: float) -> None:  # noqa: N802 (QGIS API name)
        self.reports.append(progress)
        self.on_progress(progress)
        super().setProgress(progress)


class WarningFeedback(QgsProcessingFeedback):
    """The real feedback, keeping the warnings."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []

    def pushWarning(self, warning: str) -> None:  # noqa: N802 (QGIS API name)
        self.warnings.append(warning)
        super().pushWarning(warning)


def test_cancel_keeps_the_previous_outputs_and_a_run_replaces_the_page_whole(
    processing_framework, terrascope_provider, demo_archive, tmp_path
) -> None:
    layer = memory_layer("Polygon", 32631, [rectangle_wkt(*RECT), TRIANGLE])
    out = tmp_path / "out"
    out.mkdir()
    table, page = out / "series.csv", out / "series.html"
    parameters = {
        "INPUT": layer, "ROOT": demo_archive, **QUERY, "OUTPUT": str(table), "OUTPUT_HTML": str(page),
    }  # fmt: skip
    processing_framework.run("terrascope:timeseries", {**parameters, "APPLY_SCL": False})
    before = {path: path.read_bytes() for path in (table, page)}

    feedback = ProgressFeedback(lambda progress: feedback.cancel() if 0 < progress < 100 else None)
    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        processing_framework.run("terrascope:timeseries", parameters, feedback=feedback)
    assert feedback.isCanceled() and feedback.reports
    assert {path: path.read_bytes() for path in before} == before
    assert leftovers(out, ["series.csv", "series.html"]) == []

    with OutputWatch([str(page)]) as watch:
        feedback = ProgressFeedback(lambda progress: watch.check_now())
        processing_framework.run("terrascope:timeseries", parameters, feedback=feedback)
    watch.assert_atomic(completed=True)
    assert page.read_bytes() != before[page] and table.read_bytes() != before[table]
    assert leftovers(out, ["series.csv", "series.html"]) == []


def test_runs_in_a_model(processing_framework, terrascope_provider, demo_archive) -> None:
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFeatureSource,
    )

    model = QgsProcessingModelAlgorithm("fields over time", "tests")
    model.addModelParameter(
        QgsProcessingParameterFeatureSource("fields", "Fields"), QgsProcessingModelParameter("fields")
    )
    child = QgsProcessingModelChildAlgorithm("terrascope:timeseries")
    child.setChildId("ts")
    child.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("fields")])
    for name, value in {"ROOT": demo_archive, **QUERY, "APPLY_SCL": True}.items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    output = QgsProcessingModelOutput("series")
    output.setChildId("ts")
    output.setChildOutputName("OUTPUT")
    child.setModelOutputs({"series": output})
    model.addChildAlgorithm(child)
    valid, issues = model.validate()
    assert valid, issues
    layer = memory_layer("Polygon", 32631, [rectangle_wkt(*RECT)])
    result = processing_framework.run(model, {"fields": layer, "ts:series": "memory:"})
    assert len(rows_of(result["ts:series"])) == 4


def test_an_unreadable_product_is_skipped_and_said(
    processing_framework, terrascope_provider, demo_archive, dates, tmp_path
) -> None:
    import shutil

    root = tmp_path / "archive"
    shutil.copytree(demo_archive, root)
    broken = str(root / os.path.relpath(dates[1]["path"], demo_archive))
    ds = gdal.Open(broken)
    offset = int(ds.GetRasterBand(1).GetMetadataItem("BLOCK_OFFSET_0_0", "TIFF"))
    ds = None
    os.truncate(broken, offset + 10)  # a real truncated GeoTIFF: header intact, pixels cut
    feedback = WarningFeedback()
    layer = memory_layer("Polygon", 32631, [rectangle_wkt(*RECT)])
    result = processing_framework.run(
        "terrascope:timeseries",
        {"INPUT": layer, "ROOT": str(root), **QUERY, "OUTPUT": "memory:"},
        feedback=feedback,
    )
    rows = rows_of(result["OUTPUT"])
    assert [iso(row["date"]) for row in rows] == [d["when"] for i, d in enumerate(dates) if i != 1]
    assert result["SKIPPED"] == 1
    assert any(w.startswith(f"Skipped {broken}: ") for w in feedback.warnings), feedback.warnings


class InfoFeedback(QgsProcessingFeedback):
    """The real feedback, keeping the info lines."""

    def __init__(self) -> None:
        super().__init__()
        self.infos: list[str] = []

    def pushInfo(self, info: str) -> None:  # noqa: N802 (QGIS API name)
        self.infos.append(info)
        super().pushInfo(info)


def test_only_the_products_under_the_features_are_selected(
    processing_framework, terrascope_provider, tmp_path
) -> None:
    from demo_archive.generator import generate

    root = tmp_path / "two_tiles"
    generate(str(root), tiles=["31UFS", "32ULB"], products=["NDVI"], dates=2, size=30, junk=False)
    products = json.loads((root / "DEMO_MANIFEST.json").read_text())["products"]
    on_31ufs = {p["start"][:10] for p in products if p["tile"] == "31UFS" and p["collection"] == "NDVI_V2"}
    ((lon, lat),) = to_epsg([centre(15, 15)], 4326)
    layer = memory_layer("Point", 4326, [f"POINT({lon!r} {lat!r})"])
    feedback = InfoFeedback()
    result = processing_framework.run(
        "terrascope:timeseries",
        {"INPUT": layer, "ROOT": str(root), "COLLECTION": "NDVI_V2", "OUTPUT": "memory:"},
        feedback=feedback,
    )
    assert f"The archive query found {len(on_31ufs)} product(s)" in feedback.infos
    assert {row["tile"] for row in rows_of(result["OUTPUT"])} == {"31UFS"}
