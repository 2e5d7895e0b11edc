"""End-to-end: real QGIS desktop under Xvfb; the dock on the demo archive, search, load layers.

Screenshots land in build/screenshots/ (look at them: they are the UI review material).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import qgis_desktop  # noqa: E402

from demo_archive import generator as demo  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by 'make test'"),
]


def expected_results(archive: Path) -> int:
    """How many products an unfiltered search finds (as root), from the demo's manifest: the
    newest version of each product, the mode-000 folder (readable as root) and the copy whose
    B04 is truncated (a damaged file does not unmake its product)."""
    manifest = json.loads((archive / demo.MANIFEST).read_text())
    products = {p["path"].rsplit("_V", 1)[0] for p in manifest["products"]}  # one per version group
    return len(products) + len(manifest["junk"]["unreadable"]) + len(manifest["junk"]["truncated"])


def test_dock_searches_and_loads_styled_layers(tmp_path):
    archive = tmp_path / "archive"
    demo.generate(archive)
    shots = ROOT / "build" / "screenshots"
    report = qgis_desktop.run_qgis(tmp_path / "profiles", archive, "e2e", shots, timeout=240)
    assert report["errors"] == [], "\n".join(report["errors"]) + report["stdout"][-3000:]
    assert report.get("done")
    checks = report["checks"]
    assert checks["provider"] and checks["dock_visible"]
    assert checks["results"] == expected_results(archive)
    assert checks["renderers"] == ["multibandcolor", "paletted", "singlebandpseudocolor"]
    assert any(name.startswith("NDVI ") for name in checks["layers"])
    assert any(name.startswith("SCL ") for name in checks["layers"])
    assert any(name.startswith("True colour ") for name in checks["layers"])
    assert checks["temporal"] is True
    assert checks["visible_rows"] >= 12  # issue 8: the results get the room at 1280x800
    assert checks["options_page"] is True
    for shot in report["screenshots"]:
        assert Path(shot).stat().st_size > 20_000, shot
