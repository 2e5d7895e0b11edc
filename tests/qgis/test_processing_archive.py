"""The terrascope algorithms on a real-format demo archive: archive-query mode, `qgis_process`,
and batch-style runs whose outputs are loaded (and styled) only after every run finished."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import (
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
    QgsRasterLayer,
    QgsSingleBandPseudoColorRenderer,
    QgsVectorLayer,
)

from tests import reference
from tests.reference import DEFAULT_MASK

REPO = Path(__file__).resolve().parents[2]
QGIS_PROCESS = REPO / "scripts" / "qgis_process.sh"
MODEL = REPO / "models" / "terrascope_example.model3"
QUERY = {"COLLECTION": "NDVI_V2", "TILE": "31UFS", "START": "2020-05-01", "END": "2020-05-31"}


def query_files(root: str, max_cloud: float | None = None) -> list[str]:
    """What the query above must find, from the demo's own manifest: the newest version of
    each NDVI product of 31UFS in May 2020 (at most ``max_cloud`` % cloud), oldest first."""
    manifest = json.loads((Path(root) / "DEMO_MANIFEST.json").read_text())
    newest: dict[str, tuple[str, str]] = {}
    for product in manifest["products"]:
        if product["collection"] != "NDVI_V2" or product["tile"] != "31UFS":
            continue
        if not product["start"].startswith("2020-05"):
            continue
        if max_cloud is not None and product["cloud_cover"] > max_cloud:
            continue
        data = next(f for f in product["files"] if "_NDVI_10M_" in f and f.endswith(".tif"))
        day = product["start"][:10]
        if day not in newest or reference.newest([product["version"], newest[day][0]]) == product["version"]:
            newest[day] = (product["version"], os.path.join(root, data))
    return [newest[day][1] for day in sorted(newest)]


def stack_of(files: list[str], pv_reference, classes=DEFAULT_MASK) -> np.ndarray:
    return np.stack([pv_reference(path, classes) for path in files])


# --------------------------------------------------------------------------- archive-query mode


def test_composite_from_an_archive_query_with_max_cloud(
    processing_framework, terrascope_provider, demo_archive, pv_reference, pv_read, tmp_path
) -> None:
    every = query_files(demo_archive)
    clouds = sorted(
        p["cloud_cover"]
        for p in json.loads((Path(demo_archive) / "DEMO_MANIFEST.json").read_text())["products"]
    )
    max_cloud = (clouds[0] + clouds[-1]) / 2  # between the clearest and the cloudiest date
    files = query_files(demo_archive, max_cloud)
    assert 2 <= len(files) < len(every)  # the cloud filter matters
    outputs = {name: str(tmp_path / f"{name}.tif") for name in ("MEAN", "MAX", "STD", "COUNT")}
    processing_framework.run(
        "terrascope:temporalcomposite",
        {
            "ROOT": demo_archive,
            **QUERY,
            "MAX_CLOUD": max_cloud,
            "COMPRESS": False,
            **{f"OUTPUT_{name}": path for name, path in outputs.items()},
        },
    )
    stack = stack_of(files, pv_reference)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        expected = {
            "MEAN": np.nanmean(stack, axis=0),
            "MAX": np.nanmax(stack, axis=0),
            "STD": np.nanstd(stack, axis=0),
        }
    for name, values in expected.items():
        np.testing.assert_allclose(pv_read(outputs[name]), values, rtol=1e-5, atol=1e-6, err_msg=name)
    count = gdal.Open(outputs["COUNT"]).ReadAsArray()
    np.testing.assert_array_equal(count, (~np.isnan(stack)).sum(axis=0))


def test_histogram_from_an_archive_query(
    processing_framework, terrascope_provider, demo_archive, pv_reference, tmp_path
) -> None:
    files = query_files(demo_archive)
    html = tmp_path / "hist.html"
    result = processing_framework.run(
        "terrascope:histogram",
        {
            "ROOT": demo_archive,
            **QUERY,
            "BINS": 25,
            "MASK_CLASSES": "3,8,9,10",
            "OUTPUT": "memory:",
            "OUTPUT_HTML": str(html),
        },
    )
    stack = stack_of(files, pv_reference, {3, 8, 9, 10})
    expected, _ = np.histogram(stack[~np.isnan(stack)], bins=25, range=(-0.08, 0.92))
    layer = result["OUTPUT"]
    if not isinstance(layer, QgsVectorLayer):
        layer = QgsVectorLayer(layer)
    assert [feature["count"] for feature in layer.getFeatures()] == expected.tolist()
    assert result["TOTAL"] == int(expected.sum()) > 0
    assert "<svg" in html.read_text()


def test_catalogue_query_outputs(processing_framework, terrascope_provider, demo_archive) -> None:
    result = processing_framework.run(
        "terrascope:catalogue", {"ROOT": demo_archive, **QUERY, "OUTPUT": "memory:"}
    )
    files = query_files(demo_archive)
    assert result["FILES"] == files and result["LATEST"] == files[-1] and result["COUNT"] == len(files)
    assert [Path(p).name for p in result["SCL_FILES"]] == [
        Path(p).name.replace("_NDVI_10M_", "_SCENECLASSIFICATION_20M_") for p in files
    ]


# --------------------------------------------------------------------------- qgis_process


def qgis_process(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("TERRASCOPE_QGIS_HOME", None)  # a private, throw-away profile per call
    return subprocess.run(
        [str(QGIS_PROCESS), *args], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


def json_results(completed: subprocess.CompletedProcess) -> dict:
    assert completed.returncode == 0, completed.stderr[-3000:] + completed.stdout[-3000:]
    return json.loads(completed.stdout[completed.stdout.index("{") :])["results"]


def test_qgis_process_lists_the_algorithms() -> None:
    completed = qgis_process("list")
    assert completed.returncode == 0, completed.stderr[-3000:]
    for name in ("catalogue", "histogram", "physicalvalues", "sclmask", "temporalcomposite"):
        assert f"terrascope:{name}\t" in completed.stdout


def test_qgis_process_physical_values(demo_archive, pv_reference, pv_read, tmp_path) -> None:
    path = query_files(demo_archive)[-1]
    out = tmp_path / "pv.tif"
    results = json_results(
        qgis_process(
            "--json",
            "run",
            "terrascope:physicalvalues",
            "--",
            f"INPUT={path}",
            "APPLY_SCL=true",
            "MASK_CLASSES=3,8,9",
            "COMPRESS=false",
            f"OUTPUT={out}",
        )
    )
    assert results["OUTPUT"] == str(out)
    np.testing.assert_array_equal(pv_read(str(out)), pv_reference(path, {3, 8, 9}))


def test_qgis_process_sclmask_and_query_algorithms(demo_archive, pv_reference, pv_read, tmp_path) -> None:
    files = query_files(demo_archive)
    query = [f"ROOT={demo_archive}", *(f"{key}={value}" for key, value in QUERY.items())]

    masked = tmp_path / "masked.tif"
    scl = files[0].replace("_NDVI_10M_", "_SCENECLASSIFICATION_20M_")
    json_results(
        qgis_process(
            "--json", "run", "terrascope:sclmask", "--", f"INPUT={files[0]}", f"SCL={scl}", f"OUTPUT={masked}"
        )
    )
    dn = gdal.Open(files[0]).ReadAsArray()
    classes = np.repeat(np.repeat(gdal.Open(scl).ReadAsArray(), 2, axis=0), 2, axis=1)[
        : dn.shape[0], : dn.shape[1]
    ]
    expected = np.where(np.isin(classes, sorted(DEFAULT_MASK)), 255, dn)
    assert (expected != dn).any()
    np.testing.assert_array_equal(gdal.Open(str(masked)).ReadAsArray(), expected)

    mean = tmp_path / "mean.tif"
    json_results(
        qgis_process("--json", "run", "terrascope:temporalcomposite", "--", *query, f"OUTPUT_MEAN={mean}")
    )
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        expected_mean = np.nanmean(stack_of(files, pv_reference), axis=0)
    np.testing.assert_allclose(pv_read(str(mean)), expected_mean, rtol=1e-5)

    table = tmp_path / "hist.csv"
    results = json_results(
        qgis_process("--json", "run", "terrascope:histogram", "--", *query, "BINS=10", f"OUTPUT={table}")
    )
    stack = stack_of(files, pv_reference)
    assert results["TOTAL"] == int((~np.isnan(stack)).sum())
    assert table.is_file()

    results = json_results(qgis_process("--json", "run", "terrascope:catalogue", "--", *query))
    assert results["COUNT"] == len(files) and results["LATEST"] == files[-1]


def test_qgis_process_runs_the_example_model(demo_archive, pv_reference, pv_read, tmp_path) -> None:
    files = query_files(demo_archive)
    out = tmp_path / "newest.tif"
    results = json_results(
        qgis_process(
            "--json",
            "run",
            str(MODEL),
            "--",
            f"ROOT={demo_archive}",
            *(f"{key}={value}" for key, value in QUERY.items()),
            f"physicalvalues:Newest date, physical values={out}",
            f"composite:Composite mean={tmp_path / 'mean.tif'}",
            f"composite:Composite median={tmp_path / 'median.tif'}",
            f"composite:Valid dates={tmp_path / 'count.tif'}",
        )
    )
    assert results["physicalvalues:Newest date, physical values"] == str(out)
    np.testing.assert_array_equal(pv_read(str(out)), pv_reference(files[-1], DEFAULT_MASK))
    assert (tmp_path / "median.tif").is_file() and (tmp_path / "count.tif").is_file()


# --------------------------------------------------------------------------- batch-style runs


def run_in_task(algorithm_id: str, parameters: dict, context: QgsProcessingContext) -> dict:
    """Run like the Toolbox does: a QgsProcessingAlgRunnerTask on the task manager."""
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
    feedback = QgsProcessingFeedback()
    outcome: dict = {}

    def executed(ok: bool, results: dict) -> None:
        outcome.update(ok=ok, results=results)

    task = QgsProcessingAlgRunnerTask(algorithm, parameters, context, feedback)
    task.executed.connect(executed)
    QgsApplication.taskManager().addTask(task)
    deadline = time.monotonic() + 60
    while not outcome and time.monotonic() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.01)
    assert outcome.get("ok"), f"{algorithm_id} failed or timed out: {outcome}"
    return outcome["results"]


def test_batch_outputs_are_styled_when_loaded_after_all_runs(
    processing_framework, terrascope_provider, demo_archive, tmp_path
) -> None:
    from processing.gui.Postprocessing import handleAlgorithmResults

    project = QgsProject.instance()
    files = query_files(demo_archive)
    runs = []
    for index, path in enumerate(files):
        context = QgsProcessingContext()
        context.setProject(project)
        output = QgsProcessingOutputLayerDefinition(str(tmp_path / f"pv{index}.tif"), project)
        run_in_task(
            "terrascope:physicalvalues", {"INPUT": path, "APPLY_SCL": True, "OUTPUT": output}, context
        )
        runs.append(context)
    count = QgsProcessingOutputLayerDefinition(str(tmp_path / "count.tif"), project)
    context = QgsProcessingContext()
    context.setProject(project)
    run_in_task("terrascope:temporalcomposite", {"INPUTS": files, "OUTPUT_COUNT": count}, context)
    runs.append(context)
    gc.collect()  # the post-processors must outlive the runs that created them
    try:
        for context in runs:
            assert len(context.layersToLoadOnCompletion()) == 1
            assert handleAlgorithmResults(
                QgsApplication.processingRegistry().algorithmById("terrascope:physicalvalues"), context
            )
        loaded = [layer for layer in project.mapLayers().values() if Path(layer.source()).parent == tmp_path]
        assert len(loaded) == len(files) + 1
        for layer in loaded:
            assert isinstance(layer, QgsRasterLayer) and layer.isValid()
            assert isinstance(layer.renderer(), QgsSingleBandPseudoColorRenderer), layer.source()
    finally:
        project.removeAllMapLayers()


# --------------------------------------------------------------------------- a bad archive


class RecordingFeedback(QgsProcessingFeedback):
    """The real feedback, keeping the warnings; ``on_info`` runs on each info line (the run's own
    report that the query is done is the moment to spoil a file "after the query")."""

    def __init__(self, on_info=None) -> None:
        super().__init__()
        self.warnings: list[str] = []
        self.on_info = on_info

    def pushWarning(self, warning: str) -> None:  # noqa: N802 (QGIS API name)
        self.warnings.append(warning)
        super().pushWarning(warning)

    def pushInfo(self, info: str) -> None:  # noqa: N802
        if self.on_info is not None:
            self.on_info(info)
        super().pushInfo(info)


@pytest.fixture
def spoiled_archive(demo_archive, tmp_path) -> tuple[str, list[str]]:
    """A copy of the demo archive: its files of the query above, oldest first."""
    import shutil

    root = tmp_path / "archive"
    shutil.copytree(demo_archive, root)
    return str(root), query_files(str(root))


def cut_block(path: str) -> None:
    """A real truncated GeoTIFF: the header is intact, the pixel data is cut short."""
    ds = gdal.Open(path)
    offset = int(ds.GetRasterBand(1).GetMetadataItem("BLOCK_OFFSET_0_0", "TIFF"))
    ds = None
    os.truncate(path, offset + 10)


def test_composite_over_a_query_skips_truncated_and_vanished_files(
    processing_framework, terrascope_provider, spoiled_archive, pv_reference, pv_read, tmp_path
) -> None:
    root, files = spoiled_archive
    truncated, vanished = files[1], files[2]
    cut_block(truncated)
    assert gdal.Open(truncated) is not None  # opens: only reading its pixels fails

    def vanish(info: str) -> None:
        if info.startswith("The archive query found") and os.path.exists(vanished):
            os.remove(vanished)

    feedback = RecordingFeedback(vanish)
    mean, count = tmp_path / "mean.tif", tmp_path / "count.tif"
    result = processing_framework.run(
        "terrascope:temporalcomposite",
        {"ROOT": root, **QUERY, "COMPRESS": False, "OUTPUT_MEAN": str(mean), "OUTPUT_COUNT": str(count)},
        feedback=feedback,
    )
    kept = [files[0], files[3]]
    stack = stack_of(kept, pv_reference)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        expected = np.nanmean(stack, axis=0)
    np.testing.assert_allclose(pv_read(str(mean)), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(gdal.Open(str(count)).ReadAsArray(), (~np.isnan(stack)).sum(axis=0))
    assert (result["SKIPPED"], result["DATES"]) == (2, 2)
    assert any(truncated in w and "unreadable" in w for w in feedback.warnings), feedback.warnings
    assert any(vanished in w and "vanished" in w for w in feedback.warnings), feedback.warnings
    assert any(w.startswith("2 product(s)") for w in feedback.warnings)


def test_histogram_over_a_query_skips_a_truncated_file(
    processing_framework, terrascope_provider, spoiled_archive, pv_reference, tmp_path
) -> None:
    root, files = spoiled_archive
    cut_block(files[0])
    feedback = RecordingFeedback()
    html = tmp_path / "hist.html"
    result = processing_framework.run(
        "terrascope:histogram",
        {"ROOT": root, **QUERY, "BINS": 20, "OUTPUT": "memory:", "OUTPUT_HTML": str(html)},
        feedback=feedback,
    )
    stack = stack_of(files[1:], pv_reference)
    expected, _ = np.histogram(stack[~np.isnan(stack)], bins=20, range=(-0.08, 0.92))
    layer = result["OUTPUT"]
    if not isinstance(layer, QgsVectorLayer):
        layer = QgsVectorLayer(layer)
    assert [feature["count"] for feature in layer.getFeatures()] == expected.tolist()
    assert result["SKIPPED"] == 1 and any(files[0] in w for w in feedback.warnings)
    assert "could not be read and were skipped" in html.read_text()


def test_nothing_readable_and_explicit_files_fail_naming_the_file(
    processing_framework, terrascope_provider, spoiled_archive, tmp_path
) -> None:
    from qgis.core import QgsProcessingException

    root, files = spoiled_archive
    cut_block(files[0])
    with pytest.raises(QgsProcessingException, match=files[0]):
        processing_framework.run(
            "terrascope:temporalcomposite", {"INPUTS": files, "OUTPUT_MEAN": str(tmp_path / "m.tif")}
        )
    for path in files[1:]:
        cut_block(path)
    with pytest.raises(QgsProcessingException, match=r"none of the 4 product\(s\) could be read"):
        processing_framework.run("terrascope:histogram", {"ROOT": root, **QUERY, "OUTPUT": "memory:"})
    assert not list(tmp_path.glob("*.tif"))


def test_the_demo_archives_truncated_file_no_longer_fails_a_composite(
    processing_framework, terrascope_provider, full_demo_archive, tmp_path
) -> None:
    manifest = json.loads((Path(full_demo_archive) / "DEMO_MANIFEST.json").read_text())
    (truncated,) = manifest["junk"]["truncated"]
    feedback = RecordingFeedback()
    result = processing_framework.run(
        "terrascope:temporalcomposite",
        {
            "ROOT": str(full_demo_archive),
            "COLLECTION": "TOC_V2",
            "TILE": "31UFS",
            "BAND": "TOC-B04",
            "OUTPUT_COUNT": str(tmp_path / "count.tif"),
        },
        feedback=feedback,
    )
    assert result["SKIPPED"] == 1 and result["DATES"] >= 2
    assert [w for w in feedback.warnings if w.startswith("Skipped")] == [
        next(w for w in feedback.warnings if truncated in w)
    ]


PERMISSION_SCRIPT = """
import json, os, sys
os.setgroups([]); os.setgid(65534); os.setuid(65534)
os.environ["HOME"] = sys.argv[2]
sys.path.append("/usr/share/qgis/python/plugins")
from qgis.core import QgsApplication, QgsProcessingFeedback
app = QgsApplication([], False)
app.initQgis()
from processing.core.Processing import Processing
Processing.initialize()
from plugin.processing.provider import TerrascopeProvider
provider = TerrascopeProvider()  # kept: the registry does not own a Python provider
QgsApplication.processingRegistry().addProvider(provider)
import processing

class Feedback(QgsProcessingFeedback):
    warnings = []
    def pushWarning(self, text):
        self.warnings.append(text)

feedback = Feedback()
result = processing.run("terrascope:temporalcomposite", {
    "ROOT": sys.argv[1], "COLLECTION": "NDVI_V2", "TILE": "31UFS",
    "OUTPUT_COUNT": os.path.join(sys.argv[2], "count.tif")}, feedback=feedback)
print("RESULT" + json.dumps({"skipped": result["SKIPPED"], "dates": result["DATES"],
                             "warnings": feedback.warnings}))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges to nobody")
def test_composite_skips_a_file_the_user_may_not_read(demo_archive) -> None:
    import shutil
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="terrascope-perm-"))
    try:
        os.chmod(shared, 0o755)
        tree, home = shared / "MTDA", shared / "home"
        shutil.copytree(demo_archive, tree)
        home.mkdir()
        os.chown(home, 65534, 65534)
        files = query_files(str(tree))
        os.chmod(files[1], 0)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
        completed = subprocess.run(
            [sys.executable, "-c", PERMISSION_SCRIPT, str(tree), str(home)],
            capture_output=True, text=True, timeout=120, cwd=REPO, env=env, check=False,
        )  # fmt: skip
    finally:
        shutil.rmtree(shared)
    assert "RESULT" in completed.stdout, completed.stderr[-3000:] + completed.stdout[-3000:]
    outcome = json.loads(completed.stdout.split("RESULT", 1)[1])
    assert (outcome["skipped"], outcome["dates"]) == (1, len(files) - 1)
    assert f"Skipped {files[1]}: permission denied" in outcome["warnings"]
