"""terrascope:sparkjob writes a job folder that runs: the inputs list of the query, the core zip of
``make spark-zip``, ``submit.sh`` (bash-valid, with the cluster's options) and ``run-local.sh``, which
runs green in Spark local mode from another folder and gives ``terrascope:temporalcomposite``'s
rasters bit for bit. No credential of the environment reaches the folder. The dock's "Spark job…"
opens the algorithm's dialog filled with the dock's search.

Expected values come from elsewhere: the inputs list from ``python3 -m plugin.core search --json``,
the zip from ``spark/build_zip.py`` run as ``make spark-zip`` runs it, the rasters from the desktop
algorithm, the cluster options from the reference file (docs: /work/shared/terrascope-reference.md).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from osgeo import gdal
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication

REPO = Path(__file__).resolve().parents[2]
SPARK_SUBMIT = Path(sys.executable).parent / "spark-submit"
TILE = "31UFS"
SIZE = 120  # 10 m pixels: small, the local run is about Spark starting and the scripts working
STATISTICS = ("mean", "median", "count")  # indexes 0, 1, 5 of the algorithm's STATISTICS
SECRET_USER, SECRET_PASSWORD = "spark-user-7f3a", "pw-9c1e-never-in-a-file"
JOB_FILES = {"inputs.jsonl", "submit.sh", "run-local.sh", "terrascope_core.zip", "terrascope_spark.py"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    from demo_archive.generator import generate

    root = tmp_path_factory.mktemp("sparkjob") / "archive"
    # Four dates, the fourth in two versions (V200 and V210): the newest only is listed and composited.
    generate(str(root), tiles=[TILE], products=["NDVI"], dates=4, size=SIZE, junk=False)
    return root


@pytest.fixture(scope="module")
def job(archive, processing_framework, terrascope_provider, tmp_path_factory) -> dict:
    """The composite job folder, written with credentials in the environment (as a user who set
    TERRASCOPE_USER/TERRASCOPE_PASSWORD for the STAC client would have them)."""
    folder = tmp_path_factory.mktemp("job") / "ndvi composite"  # a space: the scripts must quote
    saved = {name: os.environ.get(name) for name in ("TERRASCOPE_USER", "TERRASCOPE_PASSWORD")}
    os.environ.update(TERRASCOPE_USER=SECRET_USER, TERRASCOPE_PASSWORD=SECRET_PASSWORD)
    try:
        result = processing_framework.run(
            "terrascope:sparkjob",
            {
                "JOB": 1,  # composite
                "ROOT": str(archive),
                "COLLECTION": "NDVI_V2",
                "TILE": TILE,
                "STATISTICS": [0, 1, 5],
                "COMPRESS": False,
                "DOCKER_IMAGE": "registry.example/terrascope-py311:1",
                "PYSPARK_PYTHON": "/usr/bin/python3.11",
                "OUTPUT": str(folder),
            },
        )
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return {"folder": folder, "result": result}


def test_the_folder_holds_the_job_and_nothing_half_written(job) -> None:
    folder = job["folder"]
    assert {path.name for path in folder.iterdir()} == JOB_FILES  # no temporary file left
    for script in ("submit.sh", "run-local.sh"):
        assert os.stat(folder / script).st_mode & stat.S_IXUSR, script
    result = job["result"]
    assert result["OUTPUT"] == str(folder) and result["SUBMIT_SCRIPT"] == str(folder / "submit.sh")
    driver = (REPO / "spark" / "terrascope_spark.py").read_bytes()
    assert (folder / "terrascope_spark.py").read_bytes() == driver


def test_inputs_are_the_search_json_lines_of_the_query(job, archive) -> None:
    search = subprocess.run(
        [sys.executable, "-m", "plugin.core", "search", str(archive), "--collection", "NDVI_V2",
         "--tile", TILE, "--json"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = (job["folder"] / "inputs.jsonl").read_text().splitlines()
    assert lines == search.stdout.splitlines()
    manifest = json.loads((archive / "DEMO_MANIFEST.json").read_text())["products"]
    assert len(manifest) == 5 and len(lines) == job["result"]["PRODUCTS"] == 4  # one version per date


def test_the_core_zip_is_make_spark_zip_s(job, tmp_path) -> None:
    reference = tmp_path / "terrascope_core.zip"
    subprocess.run([sys.executable, str(REPO / "spark" / "build_zip.py"), str(reference)], check=True)
    shipped = job["folder"] / "terrascope_core.zip"
    assert shipped.read_bytes() == reference.read_bytes()
    names = zipfile.ZipFile(shipped).namelist()
    assert "plugin/core/spark/jobs.py" in names and not [n for n in names if "processing" in n or "gui" in n]


def _submit_arguments(folder: Path, **env: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """The arguments submit.sh gives spark-submit, as bash expands them: its variables and its
    ``args`` array run by bash itself (everything before the kinit check and after it up to the
    call), printed one per line instead of submitted."""
    text = (folder / "submit.sh").read_text()
    head, _, rest = text.partition("klist -s")
    body = rest[rest.index("args=(") : rest.index('"$SPARK_HOME/bin/spark-submit"')]
    program = head + body + 'printf "%s\\n" "$SPARK_HOME" "${args[@]}"\n'
    run = subprocess.run(
        ["bash", "-c", program],
        cwd=folder,
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], **env},
    )
    return run, run.stdout.splitlines()


def test_submit_sh_is_valid_bash_with_the_cluster_options(job) -> None:
    folder = job["folder"]
    text = (folder / "submit.sh").read_text()
    assert subprocess.run(["bash", "-n", str(folder / "submit.sh")]).returncode == 0
    run, args = _submit_arguments(folder)
    assert run.returncode == 0, run.stderr
    spark_home, args = args[0], args[1:]
    assert spark_home == "/opt/spark3_5_0"
    pairs = {args[i]: args[i + 1] for i in range(len(args) - 1) if args[i].startswith("--")}
    assert pairs["--master"] == "yarn" and pairs["--deploy-mode"] == "cluster"
    confs = dict(args[i + 1].split("=", 1) for i in range(len(args) - 1) if args[i] == "--conf")
    for side in ("spark.yarn.appMasterEnv.", "spark.executorEnv."):
        assert confs[side + "YARN_CONTAINER_RUNTIME_TYPE"] == "docker"
        assert confs[side + "YARN_CONTAINER_RUNTIME_DOCKER_IMAGE"] == "registry.example/terrascope-py311:1"
        assert confs[side + "PYSPARK_PYTHON"] == "/usr/bin/python3.11"
        mounts = confs[side + "YARN_CONTAINER_RUNTIME_DOCKER_MOUNTS"].split(",")
        assert "/data/MTDA:/data/MTDA:ro" in mounts
        out = str(folder / "output")
        assert f"{out}:{out}:rw" in mounts
    assert confs["spark.dynamicAllocation.enabled"] == "true"
    assert confs["spark.shuffle.service.enabled"] == "true"  # dynamic allocation on YARN needs it
    assert pairs["--executor-memory"] == "2g" and confs["spark.executor.memoryOverhead"] == "2g"
    assert confs["spark.executorEnv.GDAL_CACHEMAX"].isdigit()  # GDAL's default: 5% of the node per worker
    assert pairs["--py-files"] == "terrascope_core.zip"
    assert pairs["--files"] == "inputs.jsonl"
    # Commented line by line: every option line of the array says why.
    block = text[text.index("args=(") + len("args=(") : text.index("\n)\n")]
    options = [line for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert options and all(" # " in line for line in options), [line for line in options if " # " not in line]
    # The driver's arguments: the job on the shipped inputs list, written to $OUT.
    call = text[text.index('"$SPARK_HOME/bin/spark-submit"') :]
    assert "terrascope_spark.py composite --inputs inputs.jsonl" in call and '--out "$OUT"' in call


def test_submit_sh_asks_for_what_the_plugin_cannot_know(archive, processing_framework, tmp_path) -> None:
    """Without an image or its Python, submit.sh stops and names them (no invented value)."""
    folder = tmp_path / "job"
    processing_framework.run(
        "terrascope:sparkjob",
        {"JOB": 1, "ROOT": str(archive), "COLLECTION": "NDVI_V2",
         "SPARK_HOME": 1, "OUTPUT": str(folder)},
    )  # fmt: skip
    run, _ = _submit_arguments(folder)
    assert run.returncode != 0 and "IMAGE" in run.stderr
    run, _ = _submit_arguments(folder, IMAGE="img:1", PYSPARK_PYTHON="/p", OUT="/data/users/a,b")
    assert run.returncode != 0 and "comma" in run.stderr  # it would split the Docker mount list
    run, args = _submit_arguments(folder, IMAGE="img:1", PYSPARK_PYTHON="/opt/env/bin/python3.11")
    assert run.returncode == 0, run.stderr
    assert args[0] == "/opt/spark4_0_1"
    assert "spark.executorEnv.JAVA_HOME=/usr/lib/jvm/jre-17" in args  # Spark 4 runs on Java 17


def test_no_credential_is_written(job) -> None:
    folder = job["folder"]
    blobs = [path.read_bytes() for path in folder.iterdir()]
    with zipfile.ZipFile(folder / "terrascope_core.zip") as shipped:
        blobs += [shipped.read(name) for name in shipped.namelist()]
    for secret in (SECRET_USER, SECRET_PASSWORD):
        assert not [blob for blob in blobs if secret.encode() in blob], secret


def test_run_local_from_the_job_folder_equals_the_desktop_composite(
    job, archive, processing_framework, tmp_path
) -> None:
    folder = job["folder"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SPARK_HOME")}
    env.update(SPARK_SUBMIT=str(SPARK_SUBMIT), PYSPARK_PYTHON=sys.executable, LOCAL_CORES="2")
    run = subprocess.run(
        [str(folder / "run-local.sh")], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-4000:]
    out = folder / "output-local"
    summary = json.loads((out / "composite_summary.json").read_text())
    assert summary["executor_core"] and all(
        "terrascope_core.zip" in where for where in summary["executor_core"]
    )
    desktop = {name: str(tmp_path / f"{name}.tif") for name in STATISTICS}
    processing_framework.run(
        "terrascope:temporalcomposite",
        {"ROOT": str(archive), "COLLECTION": "NDVI_V2", "TILE": TILE, "COMPRESS": False,
         **{f"OUTPUT_{name.upper()}": path for name, path in desktop.items()}},
    )  # fmt: skip
    for name, path in desktop.items():
        a, b = gdal.Open(path), gdal.Open(str(out / f"{TILE}_{name}.tif"))
        assert b.GetGeoTransform() == a.GetGeoTransform() and b.GetProjection() == a.GetProjection() != ""
        band_a, band_b = a.GetRasterBand(1), b.GetRasterBand(1)
        assert (band_b.DataType, band_b.GetNoDataValue()) == (band_a.DataType, band_a.GetNoDataValue())
        assert band_a.ReadAsArray().tobytes() == band_b.ReadAsArray().tobytes(), name
    assert (gdal.Open(desktop["count"]).ReadAsArray() > 0).mean() > 0.5  # not an empty composite


# --------------------------------------------------------------------------- from the dock


def test_the_dock_opens_the_dialog_filled_with_its_search(
    archive, processing_framework, terrascope_provider, qgis_iface, tmp_path, isolated_settings, monkeypatch
) -> None:
    from datetime import date

    from qgis.gui import QgsBrowserGuiModel

    # pytest-qgis's interface answers browserModel() with a MagicMock, which the real Processing
    # dialog refuses: give it a real browser model, as the desktop's interface has.
    browser = QgsBrowserGuiModel()
    monkeypatch.setattr(qgis_iface, "browserModel", lambda: browser, raising=False)

    from plugin.gui.dock import TerrascopeDock
    from tests.qgis.fixtures_gui import wait_for

    dock = TerrascopeDock(qgis_iface, None)
    dock.cache_path = str(tmp_path / "listing.sqlite")
    dock.add_root(str(archive))
    try:
        assert wait_for(lambda: dock.collectionCombo.isEnabled() and dock.collectionCombo.count() > 0)
        dock.set_selected_collections(["NDVI_V2"])
        dock.tilesEdit.setText(TILE.lower())
        dock.startDate.setDate(date(2020, 1, 1))
        counts: list[int] = []
        dock.searchFinished.connect(counts.append)
        assert dock.search() and wait_for(lambda: bool(counts))
        dock.select_rows([0])
        seen: dict = {}
        messages: list[str] = []
        dock.actions.message.connect(lambda text, _warning: messages.append(text))

        def read_dialog() -> None:
            dialog = next(
                (w for w in QApplication.topLevelWidgets() if w.isVisible() and hasattr(w, "mainWidget")),
                None,
            )
            if dialog is None:
                QTimer.singleShot(50, read_dialog)
                return
            try:  # the values the user sees in the dialog's widgets
                seen["algorithm"] = dialog.algorithm().id()
                wrappers = dialog.mainWidget().wrappers
                seen["values"] = {name: wrapper.parameterValue() for name, wrapper in wrappers.items()}
            finally:
                dialog.reject()

        QTimer.singleShot(50, read_dialog)
        action = next(a for a in dock.results_menu().actions() if a.text() == "Spark job…")
        action.trigger()  # returns when the modal dialog is closed
        assert "algorithm" in seen, (messages, seen)
        assert seen["algorithm"] == "terrascope:sparkjob"
        values = seen["values"]
        assert values["ROOT"] == str(archive)
        assert values["COLLECTION"] == "NDVI_V2" and values["TILE"] == TILE
        assert values["START"].toPyDate() == date(2020, 1, 1)
        assert values["JOB"] == 1 and values["ALL_VERSIONS"] is False
    finally:
        dock.shutdown()
        wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 20)
        dock.deleteLater()


def _local_driver_arguments(folder: Path) -> list[str]:
    """The arguments run-local.sh gives terrascope_spark.py, as bash expands them."""
    text = (folder / "run-local.sh").read_text()
    call = text[text.index('"$SPARK_SUBMIT"') :].split("terrascope_spark.py", 1)[1]
    run = subprocess.run(
        ["bash", "-c", f'OUT=out; printf "%s\\n" {call}'], capture_output=True, text=True, check=True
    )
    return run.stdout.splitlines()


def _centre_lonlat(path: Path) -> tuple[float, float]:
    """Longitude and latitude of a raster's centre (plain GDAL/OSR)."""
    from osgeo import osr

    ds = gdal.Open(str(path))
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    source = osr.SpatialReference(wkt=ds.GetProjection())
    target = osr.SpatialReference()
    target.ImportFromEPSG(4326)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lon, lat, _ = osr.CoordinateTransformation(source, target).TransformPoint(
        x0 + dx * ds.RasterXSize / 2, y0 + dy * ds.RasterYSize / 2
    )
    return lon, lat


@pytest.mark.parametrize("kind", ["histogram", "timeseries"])
def test_histogram_and_timeseries_folders_hold_what_the_driver_reads(
    kind, archive, processing_framework, terrascope_provider, tmp_path
) -> None:
    """The driver's own parser accepts the scripts' arguments, and every file they name is shipped."""
    points = tmp_path / "points.csv"
    lon, lat = _centre_lonlat(next(archive.rglob("*_NDVI_10M_*.tif")))
    points.write_text(f"lon,lat\n{lon!r},{lat!r}\n")  # read by the algorithm for its bbox, then copied
    folder = tmp_path / kind
    parameters = {
        "ROOT": str(archive),
        "COLLECTION": "NDVI_V2",
        "OUTPUT": str(folder),
        "MASK_CLASSES": [3, 8, 9],
    }
    if kind == "histogram":
        parameters.update(JOB=0, BINS=25, RANGE_MIN=-0.08, RANGE_MAX=0.92)
    else:
        parameters.update(JOB=2, POINTS=str(points))
    processing_framework.run("terrascope:sparkjob", parameters)
    sys.path.insert(0, str(REPO / "spark"))
    try:
        import terrascope_spark
    finally:
        sys.path.remove(str(REPO / "spark"))
    args = terrascope_spark.parse_args(_local_driver_arguments(folder))
    assert (args.command, args.inputs, args.out, args.mask) == (kind, "inputs.jsonl", "out", {3, 8, 9})
    if kind == "histogram":
        assert (args.bins, args.range) == (25, (-0.08, 0.92))
    else:
        assert args.points == "points.csv" and (folder / "points.csv").read_bytes() == points.read_bytes()
    _, submitted = _submit_arguments(folder, IMAGE="img:1", PYSPARK_PYTHON="/usr/bin/python3.11")
    shipped = submitted[submitted.index("--files") + 1].split(",")
    assert shipped == ["inputs.jsonl"] + (["points.csv"] if kind == "timeseries" else [])
    assert all((folder / name).is_file() for name in shipped)
