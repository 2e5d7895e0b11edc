"""End-to-end: the real QGIS desktop under Xvfb, plugin deployed into a temporary profile."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import qgis_desktop  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by 'make test'"),
]


def test_qgis_starts_with_plugin_without_python_errors(tmp_path):
    report = qgis_desktop.run_qgis(tmp_path / "profiles", None, "smoke", tmp_path / "shots", timeout=180)
    assert report.get("done"), (
        f"scenario did not complete: {report.get('errors')}\n{report['stdout'][-3000:]}"
    )
    assert report["errors"] == [], "\n".join(report["errors"])
    assert report["checks"] == {"provider": True, "dock_visible": True}
    shot = Path(report["screenshots"][0])
    assert shot.stat().st_size > 10_000
