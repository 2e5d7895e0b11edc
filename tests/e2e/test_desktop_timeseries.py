"""The time-series tool in the real QGIS desktop under Xvfb: the tool docks its plot panel, real
clicks on the map give one coloured curve per point with a map marker of the same colour,
hovering a point tells its date, value, product and SCL class, clicking it selects the product
in the dock, double-clicking moves the real Temporal Controller, and two demo fields plot as
mean and band. Screenshots land in build/screenshots/ (look at them).

The points and fields come from the demo generator's manifest (its fields' centres and
outlines); the expected product counts from the archive's files.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import qgis_desktop  # noqa: E402

from demo_archive import generator as demo  # noqa: E402

SCRIPT = Path(__file__).with_name("desktop_timeseries_scenario.py")
SHOTS = ROOT / "build" / "screenshots"
TIMEOUT_S = 300
BOTTOM_DOCK_AREA = 8  # Qt.BottomDockWidgetArea
FIXED_RANGE = 2  # QgsTemporalNavigationObject.FixedRange (Animated is 1, NavigationOff 0)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by 'make test'"),
]


def two_fields(manifest: dict) -> list[dict]:
    """Two demo fields of different crops (the season's fields), or [] for an archive without."""
    fields = manifest.get("fields") or []
    chosen: list[dict] = []
    for record in fields:
        if all(record["crop"] != other["crop"] for other in chosen):
            chosen.append(record)
    return chosen[:2]


def ndvi_acquisitions(archive: Path) -> set[str]:
    """Acquisitions with an NDVI file (one per date and tile, whatever the versions)."""
    names = glob.glob(f"{archive}/**/*_NDVI_10M_*.tif", recursive=True)
    return {os.path.basename(n).split("_NDVI_10M_")[0] for n in names}


def run_desktop(shared: Path, archive: Path, points: list, fields_file: str, field_ids: list) -> dict:
    profiles = shared / "profiles"
    qgis_desktop.prepare_profile(profiles, None)
    home, status, log_path = shared / "home", shared / "status.json", shared / "qgis.log"
    home.mkdir()
    status.write_text("")
    SHOTS.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HOME=str(home), XDG_RUNTIME_DIR=str(home))
    env.update(
        TERRASCOPE_ARCHIVE=str(archive),
        TERRASCOPE_STATUS=str(status),
        TERRASCOPE_SCREENSHOTS=str(SHOTS),
        TERRASCOPE_POINTS=json.dumps(points),
        TERRASCOPE_FIELDS=fields_file,
        TERRASCOPE_FIELD_IDS=json.dumps(field_ids),
    )
    env.pop("QT_QPA_PLATFORM", None)
    xvfb, env["DISPLAY"] = qgis_desktop.start_xvfb()
    command = [qgis_desktop.QGIS_BIN, "--profiles-path", str(profiles), "--profile", "default"]
    command += ["--nologo", "--noversioncheck", "--code", str(SCRIPT)]
    try:
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
            problem = qgis_desktop._supervise(proc, status, env["DISPLAY"], SHOTS, TIMEOUT_S, False)
    finally:
        xvfb.terminate()
        xvfb.wait()
    report = json.loads(status.read_text() or "{}")
    report["problem"] = problem
    report["output"] = log_path.read_text(errors="replace")
    return report


@pytest.fixture(scope="module")
def desktop() -> Iterator[tuple[dict, dict, Path]]:
    shared = Path(tempfile.mkdtemp(prefix="terrascope-timeseries-"))
    archive = shared / "archive"
    demo.generate(str(archive), tiles=["31UFS"], products=["NDVI"], junk=False)
    manifest = json.loads((archive / demo.MANIFEST).read_text())
    fields = two_fields(manifest)
    assert len(fields) == 2, "the demo archive has no two fields of different crops"
    points = [record["centre"] for record in fields]
    fields_file = str(archive / "fields.geojson")
    try:
        report = run_desktop(shared, archive, points, fields_file, [record["fid"] for record in fields])
        yield report, manifest | {"chosen": fields}, archive
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def checks_of(report: dict) -> dict:
    assert report.get("done") and not report["problem"], report.get("problem") or report["output"][-3000:]
    assert report["errors"] == [], "\n".join(report["errors"])
    assert "Traceback (most recent call last)" not in report["output"], report["output"][-3000:]
    return report["checks"]


def test_the_tool_docks_its_panel_and_sets_the_map_tool(desktop):
    checks = checks_of(desktop[0])
    assert checks["panel_visible"] and checks["panel_area"] == BOTTOM_DOCK_AREA
    assert checks["map_tool_is_ours"] and checks["toolbar_has_action"]


def test_two_clicks_give_two_coloured_curves_with_matching_markers(desktop):
    checks = checks_of(desktop[0])
    report, manifest, archive = desktop
    acquisitions = ndvi_acquisitions(archive)
    curves = checks["point_curves"]
    assert [c["label"] for c in curves] == ["P1 NDVI_V2", "P2 NDVI_V2"]
    assert curves[0]["colour"] != curves[1]["colour"]
    assert [c["marker"] for c in curves] == [c["colour"] for c in curves]
    for curve in curves:
        assert curve["samples"] == len(acquisitions)  # one value per acquisition, every status
        assert {p.split("_NDVI_")[0] for p in curve["products"]} == acquisitions
        assert curve["counts"].get("valid", 0) >= len(acquisitions) // 2
        assert curve["counts"].get("masked", 0) >= 1  # the season has clouds over the fields


def test_hover_click_and_double_click_on_the_plot(desktop):
    checks = checks_of(desktop[0])
    hover = checks["hover"]
    assert checks["hover_product"] in hover and "value " in hover and "SCL " in hover
    assert checks["mark_date"] in hover
    assert checks["selected_results"] == [checks["hover_product"]]
    assert checks["controller_class"] == "QgsTemporalNavigationObject"
    assert checks["controller_mode"] == FIXED_RANGE
    assert checks["controller_begin"] == f"{checks['mark_date']}T00:00:00"
    assert checks["plot_time"].startswith(checks["mark_date"])
    assert checks["mark_path"] in checks["loaded_sources"]  # Load: the clicked product's file


def test_two_fields_plot_their_mean_and_band(desktop):
    checks = checks_of(desktop[0])
    curves = checks["field_curves"]
    assert len(curves) == 2 and {c["kind"] for c in curves} == {"zone"}
    assert [c["marker"] for c in curves] == [c["colour"] for c in curves]
    assert all(c["samples"] == len(ndvi_acquisitions(desktop[2])) for c in curves)
    rows = (SHOTS / "timeseries-fields.csv").read_text().splitlines()
    assert len(rows) == 1 + sum(c["samples"] for c in curves)
    for name in (
        "timeseries-1-points",
        "timeseries-2-hover",
        "timeseries-3-fields",
        "timeseries-fields-plot",
    ):
        assert (SHOTS / f"{name}.png").stat().st_size > 20_000, name
