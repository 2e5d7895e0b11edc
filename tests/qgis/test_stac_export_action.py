"""The dock's "Export as STAC…": the real menu action, the real file dialog, the file written by a task."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication, QFileDialog, QLineEdit

from plugin.gui.dock import TerrascopeDock
from tests.qgis.fixtures_gui import NDVI, TOC, make_ndvi, make_toc, wait_for
from tests.unit.test_stac_export import schema_errors

pytestmark = pytest.mark.usefixtures("isolated_settings")  # tests/qgis/conftest.py

LABEL = "Export as STAC…"


@pytest.fixture
def dock(qgis_iface, tmp_path):
    root = tmp_path / "archive"
    make_toc(root)
    make_ndvi(root)
    dock = TerrascopeDock(qgis_iface, None)
    dock.cache_path = str(tmp_path / "listing.sqlite")
    dock.add_root(str(root))
    assert wait_for(lambda: dock.collectionCombo.isEnabled() and dock.collectionCombo.count() > 0)
    counts: list[int] = []
    dock.searchFinished.connect(counts.append)
    assert dock.search()
    assert wait_for(lambda: bool(counts)) and counts[0] == 2
    yield dock
    dock.shutdown()
    wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 20)
    dock.deleteLater()


def _answer_save_dialog(path: Path, seen: list[str]) -> None:
    """Type ``path`` into the save dialog once it is up, and press Save (as a user would)."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, attempt)
            return
        seen.append(dialog.windowTitle())
        name = dialog.findChild(QLineEdit)
        name.setText(str(path))
        QTest.keyClick(name, Qt.Key_Return)

    QTimer.singleShot(50, attempt)


def test_export_as_stac_writes_the_selected_results(dock, tmp_path):
    dock.select_rows(range(dock.results.model.rowCount()))
    actions = [a for a in dock.results_menu().actions() if a.text() == LABEL]
    assert len(actions) == 1
    target = tmp_path / "out" / "selection"  # no extension: .json is added
    target.parent.mkdir()
    exported: list[tuple[str, int]] = []
    dock.results.stacExported.connect(lambda path, count: exported.append((path, count)))
    titles: list[str] = []
    _answer_save_dialog(target, titles)
    actions[0].trigger()  # opens the real dialog; the timer answers it
    assert titles == ["Export as STAC"]
    written = Path(f"{target}.json")
    assert wait_for(lambda: bool(exported), 60), dock.messages()
    assert exported == [(str(written), 2)]
    collection = json.loads(written.read_text(encoding="utf-8"))
    assert sorted(item["id"] for item in collection["features"]) == sorted([NDVI, TOC])
    for item in collection["features"]:
        assert schema_errors(item) == [], item["id"]
        for asset in item["assets"].values():
            assert os.path.exists(asset["href"])
    assert any(f"2 STAC items written to {written}" in text for text in dock.messages())
    assert os.listdir(target.parent) == ["selection.json"]  # no temporary file left


def test_a_cancelled_dialog_writes_nothing(dock, tmp_path):
    dock.select_rows([0])

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, cancel)
            return
        QTest.keyClick(dialog, Qt.Key_Escape)

    QTimer.singleShot(50, cancel)
    assert dock.results.export_stac() is None
    assert QgsApplication.taskManager().countActiveTasks() == 0


def test_an_unwritable_folder_is_a_message_not_a_traceback(dock, tmp_path):
    dock.select_rows([0])
    missing = tmp_path / "no" / "such" / "folder" / "items.json"
    task = dock.results.export_stac(str(missing))
    assert task is not None
    assert wait_for(lambda: any("STAC export to" in text for text in dock.messages()), 60)
    assert any("failed" in text and str(missing) in text for text in dock.messages())
    assert not missing.parent.exists()
