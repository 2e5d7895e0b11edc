"""The panels of the dock, each on its own and together in a QGIS-sized main window: the room the
results get, the collapsing search form, the skipped-paths panel, tiles, roots and the defaults
the actions hand to Processing."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject, QgsSettings
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QFont
from qgis.PyQt.QtWidgets import QApplication, QMainWindow

from plugin import settings
from plugin.core.archive.catalogue import Catalogue, Query
from plugin.gui import browser, roots
from plugin.gui.dock import PREFERRED_WIDTH, TerrascopeDock
from plugin.gui.panels.actions import processing_dialog_parameters
from plugin.gui.panels.search_form import SearchForm
from tests.qgis.fixtures_gui import wait_for

# QGIS 3.22 in a 1280x800 window (menus, three toolbar rows, status bar) leaves the right dock
# area 630 px high, and its widgets use Qt's default "Sans Serif" 9 pt (rows of 21 px): measured
# in the desktop scenario under Xvfb (checks "dock_size", "results_font"; build/screenshots).
QGIS_DOCK_HEIGHT = 630
QGIS_FONT = ("Sans Serif", 9)
SCREEN = (1280, 800)
WANTED_ROWS = 12


pytestmark = pytest.mark.usefixtures("isolated_settings")  # tests/qgis/conftest.py


@pytest.fixture
def archive(full_demo_archive) -> Path:
    return full_demo_archive


@pytest.fixture
def window(qgis_iface, tmp_path) -> Iterator[tuple[QMainWindow, TerrascopeDock]]:
    """A 1280x800 main window whose right dock area is as high as QGIS's, holding the dock."""
    QgsProject.instance().clear()
    font = QApplication.font()
    QApplication.setFont(QFont(*QGIS_FONT))
    main = QMainWindow()
    main.setCentralWidget(QgsMapCanvas())
    main.resize(*SCREEN)
    main.setContentsMargins(0, SCREEN[1] - QGIS_DOCK_HEIGHT, 0, 0)  # QGIS's menus and toolbars
    dock = TerrascopeDock(qgis_iface, main)
    dock.cache_path = str(tmp_path / "listing.sqlite")
    main.addDockWidget(Qt.RightDockWidgetArea, dock)
    main.show()
    yield main, dock
    dock.shutdown()
    main.close()
    main.deleteLater()
    QApplication.setFont(font)
    wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 20)
    QgsProject.instance().clear()


def search(dock: TerrascopeDock, root: Path) -> int:
    dock.add_root(str(root))
    assert wait_for(lambda: dock.collectionCombo.isEnabled() and dock.collectionCombo.count() > 0)
    counts: list[int] = []
    dock.searchFinished.connect(counts.append)
    assert dock.search()
    assert wait_for(lambda: bool(counts)), "the search did not finish"
    return counts[0]


# The room of the results -----------------------------------------------------------------
def test_twelve_result_rows_visible_at_1280x800(window, archive):
    main, dock = window
    assert wait_for(lambda: abs(dock.width() - PREFERRED_WIDTH) <= 8), dock.width()  # the default width
    assert abs(dock.height() - QGIS_DOCK_HEIGHT) <= 8
    count = search(dock, archive)
    assert count > 2 * WANTED_ROWS
    wait_for(lambda: False, 0.2)  # layout settles
    assert dock.filtersGroup.isCollapsed()  # the form gave its room to the results
    rows = dock.results.visible_rows()
    assert rows >= WANTED_ROWS, f"{rows} rows visible"
    # ... and the details keep a usable height under them.
    assert dock.details_panel.height() >= 120


def test_collapsed_form_shows_what_is_searched_and_is_remembered(window, archive, qgis_iface, tmp_path):
    _main, dock = window
    dock.tilesEdit.setText("31ufs")
    search(dock, archive)
    title = dock.filtersGroup.title()
    assert "31ufs" in title and "all collections" in title
    dock.filtersGroup.setCollapsed(False)
    assert dock.filtersGroup.title() == "Search"
    dock.filtersGroup.setCollapsed(True)
    dock.save_settings()
    assert QgsSettings().value("terrascope_browser/dock/filters_collapsed", type=bool) is True
    second = TerrascopeDock(qgis_iface, None)
    try:
        assert second.filtersGroup.isCollapsed()
    finally:
        second.shutdown()
        second.deleteLater()


def test_skipped_paths_open_over_the_results_and_close(window, archive):
    _main, dock = window
    search(dock, archive)
    assert dock.last_skipped and dock.stack.currentPanel() is dock.main_panel
    dock.countsLabel.linkActivated.emit("skipped")
    assert dock.stack.currentPanel() is not dock.main_panel
    assert dock.stack.currentPanel().panelTitle() == "Skipped paths"
    assert dock.skippedTree.isVisible() and not dock.resultsView.isVisible()
    assert dock.skippedTree.topLevelItemCount() == len(dock.last_skipped)
    dock.stack.acceptCurrentPanel()  # the back arrow
    assert dock.stack.currentPanel() is dock.main_panel and dock.resultsView.isVisible()
    assert dock.skippedTree.topLevelItemCount() == len(dock.last_skipped)  # the report is kept
    dock.countsLabel.linkActivated.emit("skipped")  # and shown again
    assert dock.skippedTree.isVisible()
    assert dock.search()  # a new search shows its results, not the old report
    assert dock.stack.currentPanel() is dock.main_panel


# Search form on its own -----------------------------------------------------------------
@pytest.fixture
def form(qgis_app, tmp_path) -> Iterator[SearchForm]:
    widget = SearchForm(None, lambda: str(tmp_path / "listing.sqlite"))
    yield widget
    widget.shutdown()
    widget.deleteLater()


@pytest.mark.parametrize(
    ("text", "tiles"),
    [("31ufs, 1abc;X17Y03 31UFS", ("31UFS", "01ABC", "X17Y03")), ("", ()), (" 32ulb ", ("32ULB",))],
)
def test_form_tiles_are_normalised(form, text, tiles):
    form.tilesEdit.setText(text)
    assert form.build_query().tiles == tiles
    assert form.tilesEdit.styleSheet() == ""


@pytest.mark.parametrize(
    ("bad", "why"),
    [("Brussels", "use MGRS (31UFS)"), ("61UFS", "UTM zones go from 1 to 60"), ("X1Y2", "MGRS")],
)
def test_form_names_a_bad_tile(form, bad, why):
    form.tilesEdit.setText(f"31UFS, {bad}")
    with pytest.raises(ValueError, match=f"'{bad}' is not a tile") as error:
        form.build_query()
    assert why in str(error.value)
    assert f"'{bad}'" in form.tilesEdit.toolTip() and "color" in form.tilesEdit.styleSheet()


def test_picked_tiles_join_or_replace_the_typed_ones(form):
    form.tilesEdit.setText("31ufs")
    form.add_picked_tiles(["32ULB", "31UFS"], add=True)
    assert form.tilesEdit.text() == "31UFS, 32ULB"
    form.add_picked_tiles(["31UES"], add=False)
    assert form.tilesEdit.text() == "31UES"
    form.tilesEdit.setText("not tiles")
    form.add_picked_tiles(["31UES"], add=True)
    assert form.tilesEdit.text() == "31UES"


# Roots -----------------------------------------------------------------------------------
def test_discover_roots_on_a_real_tree(tmp_path):
    base = tmp_path / "data"
    for folder in ("MTDA", "users/Public/alice", "users/Private/bob"):
        (base / folder).mkdir(parents=True)
    demo_root = tmp_path / "demo"
    demo_root.mkdir()
    added = [str(tmp_path / "mine"), str(base / "MTDA") + "/", str(tmp_path / "mine")]
    found = roots.discover_roots(str(base), user="alice", demo=str(demo_root), added=added)
    assert found == [
        ("Terrascope archive", str(base / "MTDA")),
        ("My public folder", str(base / "users/Public/alice")),
        ("Demo archive", str(demo_root)),
        (str(tmp_path / "mine"), str(tmp_path / "mine")),  # kept although missing: the user asked
    ]
    # Another user's folders are not theirs; a missing demo archive is not offered.
    assert roots.discover_roots(str(base), user="carol", demo=str(tmp_path / "gone")) == [
        ("Terrascope archive", str(base / "MTDA"))
    ]


def test_browser_and_dock_share_the_roots(tmp_path, qgis_iface):
    base = tmp_path / "data"
    (base / "users" / "Private" / getpass.getuser()).mkdir(parents=True)
    added = tmp_path / "added"
    added.mkdir()
    settings.ROOTS_ADDED.set_value([str(added)])
    expected = roots.discover_roots(str(base), added=[str(added)])
    assert browser.browser_roots(str(base)) == expected
    assert [label for label, _path in expected] == ["My private folder", str(added)]
    dock = TerrascopeDock(qgis_iface, None)
    try:
        assert dock._root_index(str(added)) >= 0
    finally:
        dock.shutdown()
        dock.deleteLater()


# Actions ---------------------------------------------------------------------------------
def test_processing_dialog_gets_the_default_mask_classes(terrascope_provider, archive):
    product = next(
        p
        for p in Catalogue([str(archive)], use_cache=False).search(Query(collections=["NDVI_V2"]))
        if any(f.name.kind == "data" for f in p.files)
    )
    plain = processing_dialog_parameters("terrascope:sclmask", [product])
    assert "MASK_CLASSES" not in plain and plain  # the algorithm's own default; inputs pre-filled
    settings.MASK_CLASSES.set_value("9, 3,8")
    assert processing_dialog_parameters("terrascope:sclmask", [product])["MASK_CLASSES"] == [3, 8, 9]
    # An algorithm without a mask gets none.
    assert "MASK_CLASSES" not in processing_dialog_parameters("terrascope:catalogue", [product])
    # A value edited by hand that is not a class list counts as unset.
    settings.MASK_CLASSES.set_value("clouds")
    assert "MASK_CLASSES" not in processing_dialog_parameters("terrascope:sclmask", [product])
