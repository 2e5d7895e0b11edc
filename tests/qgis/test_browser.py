"""The Terrascope Browser provider on a generated demo archive: the tree, lazy threaded
population, bad roots, and loading a file item with the same styling as the dock."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsBrowserModel,
    QgsDataItem,
    QgsErrorItem,
    QgsLayerItem,
    QgsMimeDataUtils,
    QgsPalettedRasterRenderer,
    QgsProject,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import QModelIndex

from plugin.gui import browser, loading, roots
from plugin.qgis_utils import set_setting, setting
from tests.qgis.fixtures_gui import make_demo

POPULATE_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict:
    return make_demo(tmp_path_factory.mktemp("browser_demo"))


@pytest.fixture()
def only_demo_root(qgis_app, demo, monkeypatch, tmp_path):
    """The Browser sees the demo archive and nothing the user added in the dock."""
    saved = (setting("demo_root", "", str), setting("roots/added", [], list))
    set_setting("demo_root", demo["root"])
    set_setting("roots/added", [])
    monkeypatch.setattr(roots, "DATA_BASE", str(tmp_path))  # no /data/MTDA of this machine
    yield demo["root"]
    set_setting("demo_root", saved[0])
    set_setting("roots/added", saved[1])


def names(items: list[QgsDataItem]) -> list[str]:
    return [item.name() for item in items]


def child(items: list[QgsDataItem], name: str) -> QgsDataItem:
    return next(item for item in items if item.name() == name)


def test_tree_roots_collections_years_dates_products_files(only_demo_root):
    root = browser.TerrascopeDataItemProvider().createDataItem("", None)
    assert root.name() == "Terrascope"
    assert browser.TerrascopeDataItemProvider().createDataItem("/some/folder", None) is None
    (archive,) = root.createChildren()
    assert archive.toolTip() == only_demo_root
    collections = archive.createChildren()
    assert names(collections) == ["CGS_S1_GRD_SIGMA0_L1", "NDVI_V2", "TOC_V2"]
    (year,) = child(collections, "TOC_V2").createChildren()
    assert year.name() == "2020"
    dates = year.createChildren()
    assert names(dates) == ["2020-05-02", "2020-05-07", "2020-05-11"]  # 05-11 is the demo's junk date
    (product,) = dates[0].createChildren()
    assert product.name() == "S2B_20200502T105029_31UFS_TOC_V200"
    tooltip = product.toolTip()
    assert "Tile 31UFS" in tooltip and "Version V200" in tooltip and "2020-05-02 10:50:29" in tooltip
    files = product.createChildren()
    assert all(isinstance(item, QgsLayerItem) for item in files)
    assert "S2B_20200502T105029_31UFS_TOC-B04_10M_V200.tif" in names(files)
    assert not [n for n in names(files) if n.endswith(".xml")]
    assert "Cloud cover" in product.toolTip()  # read from the XML when the product was expanded
    scl = child(files, "S2B_20200502T105029_31UFS_SCENECLASSIFICATION_20M_V200.tif")
    (uri,) = scl.mimeUris()
    assert (uri.layerType, uri.providerKey) == ("raster", "gdal")
    assert os.path.isfile(uri.uri)


def terrascope_machine(base: Path, user: str) -> dict[str, Path]:
    """A real folder tree laid out as a Terrascope machine's /data: the archive, the user's
    public and private folders, another user's folder that must not be offered."""
    tree = {
        "archive": base / "MTDA",
        "public": base / "users" / "Public" / user,
        "private": base / "users" / "Private" / user,
        "other": base / "users" / "Public" / "someone_else",
    }
    for folder in tree.values():
        folder.mkdir(parents=True)
    return tree


def test_roots_found_on_a_real_folder_tree(qgis_app, demo, tmp_path):
    base = tmp_path / "data"
    tree = terrascope_machine(base, "alice")
    added = tmp_path / "my_downloads"
    added.mkdir()
    found = roots.discover_roots(
        str(base),
        user="alice",
        demo=demo["root"],
        added=[str(added), str(tree["archive"]), str(base / "gone")],
    )
    assert found == [
        ("Terrascope archive", str(tree["archive"])),
        ("My public folder", str(tree["public"])),
        ("My private folder", str(tree["private"])),
        ("Demo archive", demo["root"]),
        (str(added), str(added)),  # added folders keep their path as label
        (str(base / "gone"), str(base / "gone")),  # kept although missing: the user is told later
    ]  # the archive added again is listed once
    tree["private"].rmdir()  # a folder that is not there is not offered
    assert [path for _, path in roots.discover_roots(str(base), user="alice")] == [
        str(tree["archive"]),
        str(tree["public"]),
    ]


def test_browser_lists_the_roots_of_a_real_folder_tree(qgis_app, demo, monkeypatch, tmp_path):
    """The Browser's "Terrascope" entry on a machine-like tree: the user (from the environment,
    as getpass finds it) sees the archive, their two folders and the demo archive."""
    base = tmp_path / "data"
    tree = terrascope_machine(base, "alice")
    monkeypatch.setattr(roots, "DATA_BASE", str(base))  # the real tree stands in for /data
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "alice")
    saved = (setting("demo_root", "", str), setting("roots/added", [], list))
    set_setting("demo_root", demo["root"])
    set_setting("roots/added", [])
    try:
        items = browser.TerrascopeDataItemProvider().createDataItem("", None).createChildren()
    finally:
        set_setting("demo_root", saved[0])
        set_setting("roots/added", saved[1])
    assert [(item.name(), item.toolTip()) for item in items] == [
        ("Terrascope archive", str(tree["archive"])),
        ("My public folder", str(tree["public"])),
        ("My private folder", str(tree["private"])),
        ("Demo archive", demo["root"]),
    ]


def test_missing_root_shows_an_error_item(qgis_app, tmp_path):
    item = browser.ArchiveRootItem(None, "gone", str(tmp_path / "not-mounted"))
    (error,) = item.createChildren()
    assert isinstance(error, QgsErrorItem)
    assert "not-mounted" in error.name() and "not mounted" in error.name()


def test_unlistable_product_folder_shows_an_error_item(qgis_app, demo):
    """A folder that cannot be listed (here: a file where a folder was expected) is an error item."""
    not_a_folder = demo["junk"]["unrelated"][0]
    (error,) = browser.ProductItem(None, not_a_folder).createChildren()
    assert isinstance(error, QgsErrorItem)
    assert not_a_folder in error.name()


class Browser:
    """The real QGIS Browser model with our provider registered, expanded like a user would."""

    def __init__(self) -> None:
        self.model = QgsBrowserModel()
        self.model.initialize()

    def find(self, parent: QModelIndex, name: str) -> QModelIndex:
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, 0, parent)
            if self.model.data(index) == name:
                return index
        raise AssertionError(f"{name} not under {self.model.data(parent)}")

    def expand(self, index: QModelIndex) -> list[str]:
        """Populate ``index`` as the Browser does (in a worker thread) and list its children."""
        self.model.fetchMore(index)
        item = self.model.dataItem(index)
        deadline = time.monotonic() + POPULATE_TIMEOUT_S
        while item.state() != QgsDataItem.Populated and time.monotonic() < deadline:
            QgsApplication.processEvents()
            time.sleep(0.005)
        assert item.state() == QgsDataItem.Populated
        return [self.model.data(self.model.index(row, 0, index)) for row in range(self.model.rowCount(index))]


@pytest.fixture()
def browser_model(only_demo_root):
    registry = QgsApplication.dataItemProviderRegistry()
    provider = browser.TerrascopeDataItemProvider()
    registry.addProvider(provider)
    yield Browser()
    registry.removeProvider(provider)


def test_browser_model_populates_lazily_in_worker_threads(browser_model, only_demo_root):
    model = browser_model.model
    root = browser_model.find(QModelIndex(), "Terrascope")
    item = model.dataItem(root)
    assert not item.capabilities2() & QgsDataItem.Fast  # QGIS runs createChildren off the GUI thread
    assert item.state() == QgsDataItem.NotPopulated  # nothing listed before the user expands it
    (label,) = browser_model.expand(root)
    archive = browser_model.find(root, label)
    assert model.dataItem(archive).toolTip() == only_demo_root
    assert browser_model.expand(archive) == ["CGS_S1_GRD_SIGMA0_L1", "NDVI_V2", "TOC_V2"]
    collection = browser_model.find(archive, "CGS_S1_GRD_SIGMA0_L1")
    assert browser_model.expand(collection) == ["2020"]
    year = browser_model.find(collection, "2020")
    assert browser_model.expand(year) == ["2020-05-12"]
    date = browser_model.find(year, "2020-05-12")
    (product,) = browser_model.expand(date)
    files = browser_model.expand(browser_model.find(date, product))
    assert [name.rsplit("_", 1)[-1] for name in files] == ["VH.tif", "VV.tif", "angle.tif"]


def test_loading_a_file_item_applies_the_dock_styling(only_demo_root, qgis_new_project):
    root = browser.TerrascopeDataItemProvider().createDataItem("", None)
    (archive,) = root.createChildren()
    (year,) = child(archive.createChildren(), "NDVI_V2").createChildren()
    (product,) = year.createChildren()[0].createChildren()
    scl = next(item for item in product.createChildren() if "SCENECLASSIFICATION" in item.name())
    (uri,) = QgsMimeDataUtils.decodeUriList(QgsMimeDataUtils.encodeUriList(scl.mimeUris()))
    project = QgsProject.instance()
    loading.install_auto_styling(project)
    try:
        # What the Browser does on double-click or drop: a layer from the item's URI.
        layer = QgsRasterLayer(uri.uri, uri.name, uri.providerKey)
        project.addMapLayer(layer)
        assert isinstance(layer.renderer(), QgsPalettedRasterRenderer)
        assert layer.renderer().classes()[4].label == "4 Vegetation"
        assert layer.temporalProperties().isActive()
    finally:
        loading.uninstall_auto_styling()
        project.clear()
