"""The real Terrascope dock on the real demo archive: filters, search, sorting, details,
footprints, loading, settings and bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsMimeDataUtils,
    QgsMultiBandColorRenderer,
    QgsPalettedRasterRenderer,
    QgsProject,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsRectangle,
)
from qgis.PyQt.QtCore import Qt

from demo_archive import generator as demo
from plugin.core.archive.catalogue import Catalogue, Query
from plugin.gui.dock import TerrascopeDock, drag_paths
from plugin.gui.results_model import CLOUD, DATE, TILE
from tests import reference
from tests.qgis.fixtures_gui import wait_for

pytestmark = pytest.mark.usefixtures("isolated_settings")  # tests/qgis/conftest.py


@pytest.fixture
def demo_archive(full_demo_archive) -> Path:
    """The full demo archive (conftest's ``demo_archive`` is a small NDVI-only one)."""
    return full_demo_archive


def make_dock(iface, tmp_path: Path) -> TerrascopeDock:
    dock = TerrascopeDock(iface, None)
    dock.cache_path = str(tmp_path / "listing.sqlite")
    dock.resize(420, 760)
    dock.show()
    return dock


def close_dock(dock: TerrascopeDock) -> None:
    dock.shutdown()
    dock.deleteLater()
    QgsApplication.processEvents()


@pytest.fixture
def dock(qgis_iface, tmp_path) -> Iterator[TerrascopeDock]:
    QgsProject.instance().clear()
    widget = make_dock(qgis_iface, tmp_path)
    yield widget
    close_dock(widget)
    wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 20)
    QgsProject.instance().clear()


def open_archive(dock: TerrascopeDock, root: Path) -> None:
    dock.add_root(str(root))
    assert wait_for(lambda: dock.collectionCombo.isEnabled() and dock.collectionCombo.count() > 0)


def run_search(dock: TerrascopeDock) -> int:
    counts: list[int] = []
    dock.searchFinished.connect(counts.append)
    assert dock.search()
    assert wait_for(lambda: bool(counts)), "the search did not finish"
    dock.searchFinished.disconnect(counts.append)
    return counts[0]


def messages(dock: TerrascopeDock) -> list[str]:
    return dock.messages()


def row_where(dock: TerrascopeDock, test: Callable) -> int:
    for row, hit in enumerate(dock.model.hits):
        if test(hit.product):
            return row
    raise AssertionError("no result matches")


def manifest(root: Path) -> dict:
    return json.loads((root / demo.MANIFEST).read_text())


PRODUCT_STEM = re.compile(r"_(\d{8})T\d{6}Z?_(\w{5})_")


def manifest_entries(root: Path) -> list[dict]:
    """What the demo generator says it wrote: its products, plus the junk product folders a
    search as root finds too (the unreadable folder is readable as root; a truncated file
    does not unmake its product)."""
    data = manifest(root)
    entries = [
        {k: p.get(k) for k in ("path", "collection", "tile", "start", "version", "cloud_cover")}
        for p in data["products"]
    ]
    junk = data["junk"]
    for folder in junk["unreadable"] + [os.path.dirname(path) for path in junk["truncated"]]:
        day, tile = PRODUCT_STEM.search(os.path.basename(folder)).groups()
        entries.append(
            {
                "path": folder,
                "collection": Path(folder).parts[1],
                "tile": tile,
                "start": f"{day[:4]}-{day[4:6]}-{day[6:]}",
                "version": folder.rsplit("_", 1)[-1],
                "cloud_cover": xml_cloud(root / folder),
            }
        )
    return entries


def xml_cloud(folder: Path) -> float | None:
    """Cloud cover of a product folder's XML read with the standard library (None without XML):
    the junk copies are not in the manifest's product list."""
    gmd, gco = "{http://www.isotc211.org/2005/gmd}", "{http://www.isotc211.org/2005/gco}"
    for xml in sorted(folder.glob("*.xml")):
        node = ElementTree.parse(xml).getroot().find(f".//{gmd}cloudCoverPercentage/{gco}Real")
        return None if node is None else float(node.text)
    return None


def manifest_products(
    root: Path,
    collections: tuple[str, ...] = (),
    tiles: tuple[str, ...] = (),
    start: date | None = None,
    end: date | None = None,
) -> set[str]:
    """Absolute paths a search must find, from the manifest: the filters, then the newest
    version of each product (reference version policy: V210 hides V200)."""
    newest: dict[str, dict] = {}
    for entry in manifest_entries(root):
        day = date.fromisoformat(entry["start"][:10])
        if (collections and entry["collection"] not in collections) or (tiles and entry["tile"] not in tiles):
            continue
        if (start and day < start) or (end and day > end):
            continue
        group = entry["path"].rsplit("_V", 1)[0]  # the same product in another version
        kept = newest.get(group)
        if kept is None or reference.newest([kept["version"], entry["version"]]) == entry["version"]:
            newest[group] = entry
    return {str(root / entry["path"]) for entry in newest.values()}


def files_on_disk(folder: str) -> list[str]:
    return sorted(os.path.join(d, name) for d, _, names in os.walk(folder) for name in names)


def manifest_cloud(root: Path) -> dict[str, float | None]:
    return {str(root / entry["path"]): entry["cloud_cover"] for entry in manifest_entries(root)}


# Filters ---------------------------------------------------------------------------------
def test_filters_build_the_query(dock, demo_archive, qgis_canvas):
    open_archive(dock, demo_archive)
    ids = [dock.collectionCombo.itemData(i) for i in range(dock.collectionCombo.count())]
    assert {"TOC_V2", "NDVI_V2"} <= set(ids)
    dock.set_selected_collections(["NDVI_V2", "TOC_V2"])
    dock.startDate.setDate(date(2020, 5, 10))
    dock.endDate.setDate(date(2020, 6, 5))
    dock.tilesEdit.setText("31ufs; 32ULB ,31UFS")
    dock.cloudSpin.setValue(30)
    dock.newestCheck.setChecked(False)
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    qgis_canvas.setExtent(QgsRectangle(4.0, 50.5, 6.0, 51.5))
    dock.extentCheck.setChecked(True)

    query = dock.build_query()

    assert sorted(query.collections) == ["NDVI_V2", "TOC_V2"]
    assert (query.start, query.end) == (date(2020, 5, 10), date(2020, 6, 5))
    assert list(query.tiles) == ["31UFS", "32ULB"]
    assert query.max_cloud == 30.0
    assert query.all_versions is True
    extent = qgis_canvas.extent()  # the canvas widens the asked extent to its aspect ratio
    expected = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
    assert query.bbox == pytest.approx(expected)
    assert query.bbox[0] <= 4.0 and query.bbox[3] >= 51.5


def test_unset_filters_give_an_open_query(dock, demo_archive):
    open_archive(dock, demo_archive)
    query = dock.build_query()
    assert query == Query(collections=(), tiles=(), start=None, end=None, max_cloud=None, bbox=None)


def test_bad_filters_are_refused_with_a_message(dock, demo_archive):
    open_archive(dock, demo_archive)
    dock.tilesEdit.setText("31UFS, Brussels")
    assert "Brussels" in dock.tilesEdit.toolTip()
    assert dock.search() is False
    assert any("'Brussels' is not a tile" in text for text in messages(dock))
    dock.tilesEdit.clear()
    dock.startDate.setDate(date(2020, 6, 1))
    dock.endDate.setDate(date(2020, 5, 1))
    assert dock.search() is False
    assert any("after the end date" in text for text in messages(dock))
    assert not dock.is_searching


# Search ----------------------------------------------------------------------------------
def test_search_fills_the_model_with_what_the_catalogue_finds(dock, demo_archive):
    open_archive(dock, demo_archive)
    count = run_search(dock)

    expected = manifest_products(demo_archive)
    assert count == len(expected) > 50
    assert {hit.product.path for hit in dock.model.hits} == expected
    assert not dock.progressBar.isVisible() and not dock.cancelButton.isEnabled()
    assert dock.countsLabel.text().startswith(f"{count} products")
    # The demo's junk (unreadable folder, symlink loop, foreign names) is reported, not fatal.
    assert dock.last_skipped and dock.skippedTree.topLevelItemCount() == len(dock.last_skipped)
    assert "skipped paths" in dock.countsLabel.text()
    shown = {
        dock.skippedTree.topLevelItem(i).text(1): dock.skippedTree.topLevelItem(i).text(0)
        for i in range(dock.skippedTree.topLevelItemCount())
    }
    junk = manifest(demo_archive)["junk"]
    # Each junk entry of the manifest, relative to the root, with why it was skipped.
    (readme,) = [path for path in junk["unrelated"] if path.endswith("README.txt")]
    (ds_store,) = [path for path in junk["unrelated"] if path.endswith(".DS_Store")]
    (loop,), (dangling,) = junk["loops"], junk["dangling"]
    assert shown == {
        readme: "not a Terrascope product name",  # a file among the product folders of a day
        ds_store: "unrelated file",  # a file among the day folders of a month
        dangling: "unrelated file",  # a link to nothing
        loop: "not a date folder",  # a link to its own month, where a day folder should be
    }
    # Cloud cover comes from the XML: the value the demo generator wrote into it.
    clouds = manifest_cloud(demo_archive)
    assert {hit.product.path: hit.cloud_cover for hit in dock.model.hits} == {
        path: clouds[path] for path in expected
    }
    assert sum(cloud is not None for cloud in clouds.values()) > 50
    dock.countsLabel.linkActivated.emit("skipped")
    assert dock.skippedTree.isVisible()


def test_filtered_search_matches_the_catalogue(dock, demo_archive):
    open_archive(dock, demo_archive)
    dock.set_selected_collections(["NDVI_V2"])
    dock.tilesEdit.setText("31UFS")
    dock.startDate.setDate(date(2020, 5, 1))
    dock.endDate.setDate(date(2020, 5, 31))
    run_search(dock)
    expected = manifest_products(demo_archive, ("NDVI_V2",), ("31UFS",), date(2020, 5, 1), date(2020, 5, 31))
    assert len(expected) == 6  # 2, 7, 12, 17 (V210 over V200), 22 and 27 May
    assert {hit.product.path for hit in dock.model.hits} == expected
    assert all(h.product.collection == "NDVI_V2" and h.product.name.tile == "31UFS" for h in dock.model.hits)


def test_a_new_search_cancels_the_running_one(dock, demo_archive):
    open_archive(dock, demo_archive)
    finished: list[int] = []
    dock.searchFinished.connect(finished.append)
    assert dock.search()
    first = dock._search_task
    dock.set_selected_collections(["NDVI_V2"])
    assert dock.search()
    assert first.isCanceled()
    assert wait_for(lambda: not dock.is_searching)
    paths = [hit.product.path for hit in dock.model.hits]
    assert len(paths) == len(set(paths))
    assert set(paths) == manifest_products(demo_archive, ("NDVI_V2",))


def test_cancel_stops_the_search(dock, demo_archive):
    open_archive(dock, demo_archive)
    assert dock.search()
    dock.cancel_search()
    assert not dock.is_searching and not dock.cancelButton.isEnabled()
    assert "cancelled" in dock.countsLabel.text()


def test_sorting_by_column(dock, demo_archive):
    open_archive(dock, demo_archive)
    run_search(dock)
    dock.resultsView.sortByColumn(DATE, Qt.DescendingOrder)
    starts = [hit.product.name.start for hit in dock.model.hits]
    assert starts == sorted(starts, reverse=True)
    dock.resultsView.sortByColumn(CLOUD, Qt.AscendingOrder)
    clouds = [hit.cloud_cover for hit in dock.model.hits if hit.cloud_cover is not None]
    assert clouds == sorted(clouds)
    assert dock.model.hits[-1].cloud_cover is None or all(h.cloud_cover is not None for h in dock.model.hits)
    dock.resultsView.sortByColumn(TILE, Qt.AscendingOrder)
    tiles = [dock.model.index(r, TILE).data() for r in range(dock.model.rowCount())]
    filled = [t for t in tiles if t]
    assert filled == sorted(filled) and tiles[: len(filled)] == filled  # empty tiles last


def test_sorting_keeps_the_selection(dock, demo_archive):
    open_archive(dock, demo_archive)
    run_search(dock)
    row = row_where(dock, lambda p: p.name.product == "NDVI")
    key = dock.model.hit(row).key
    dock.select_rows([row])
    dock.resultsView.sortByColumn(DATE, Qt.DescendingOrder)
    assert [hit.key for hit in dock.selected_hits()] == [key]


# Details ---------------------------------------------------------------------------------
def xml_bbox(path: str) -> tuple[float, float, float, float]:
    """West, east, south, north of the product XML, read with the standard library."""
    gmd, gco = "{http://www.isotc211.org/2005/gmd}", "{http://www.isotc211.org/2005/gco}"
    box = ElementTree.parse(path).getroot().find(f".//{gmd}EX_GeographicBoundingBox")
    sides = ("westBoundLongitude", "eastBoundLongitude", "southBoundLatitude", "northBoundLatitude")
    return tuple(float(box.find(f"{gmd}{side}/{gco}Decimal").text) for side in sides)


def test_selection_shows_name_files_metadata_and_quicklook(dock, demo_archive):
    open_archive(dock, demo_archive)
    run_search(dock)
    row = row_where(dock, lambda p: p.collection == "TOC_V2" and p.name.tile == "31UFS")
    product = dock.model.hit(row).product
    dock.select_rows([row])

    fields = {
        dock.nameTree.topLevelItem(i).text(0): dock.nameTree.topLevelItem(i).text(1)
        for i in range(dock.nameTree.topLevelItemCount())
    }
    assert fields["tile"] == "31UFS" and fields["product"] == "TOC" and fields["version"] == "V200"
    assert dock.filesList.count() == len(product.files)
    assert wait_for(lambda: not dock.details.busy)
    metadata = {
        dock.metadataTree.topLevelItem(i).text(0): dock.metadataTree.topLevelItem(i).text(1)
        for i in range(dock.metadataTree.topLevelItemCount())
    }
    xml = next(f for f in files_on_disk(product.path) if f.endswith(".xml"))
    west, east, south, north = xml_bbox(xml)
    assert metadata["title"] == Path(xml).stem
    assert metadata["cloud cover"] == f"{manifest_cloud(demo_archive)[product.path]:g}"
    assert [float(v) for v in metadata["bbox"].split(",")] == pytest.approx([west, south, east, north])
    pixmap = dock.quicklookLabel.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    assert dock.details.quicklook is not None and dock.details.quicklook.width() > 10
    assert dock.addButton.isEnabled()


def test_unreadable_quicklook_is_reported_not_raised(dock, demo_archive, tmp_path):
    # A copy of one product whose quicklook is a truncated file: corrupt raster in the archive.
    source = next(
        p for p in Catalogue([str(demo_archive)], use_cache=False).search(Query(collections=["NDVI_V2"]))
    )
    root = tmp_path / "broken" / "NDVI_V2" / "2020" / "05" / "17"
    target = root / Path(source.path).name
    shutil.copytree(source.path, target)
    quicklook = next(target.glob("*QUICKLOOK*.tif"))
    quicklook.write_bytes(quicklook.read_bytes()[:300])
    (target / next(target.glob("*.xml")).name).write_text("<not xml")
    open_archive(dock, tmp_path / "broken")
    run_search(dock)
    dock.select_rows([0])
    assert wait_for(lambda: not dock.details.busy)
    texts = " ".join(messages(dock))
    assert str(quicklook) in texts
    assert "metadata" in texts
    assert dock.quicklookLabel.text() == "Quicklook unreadable"


# Footprints ------------------------------------------------------------------------------
def test_footprints_layer_follows_results_and_selection(dock, demo_archive):
    open_archive(dock, demo_archive)
    run_search(dock)
    dock.footprintsButton.setChecked(True)
    layer = dock.footprints.layer
    assert layer is not None and QgsProject.instance().mapLayer(layer.id()) is layer
    with_footprint = [hit for hit in dock.model.hits if hit.footprint is not None]
    assert layer.featureCount() == len(with_footprint) >= dock.model.rowCount() - 2
    west, south, east, north = with_footprint[0].footprint
    assert -180 <= west < east <= 180 and -90 <= south < north <= 90

    # list -> map
    rows = [row for row, hit in enumerate(dock.model.hits) if hit.footprint is not None][:3]
    dock.select_rows(rows)
    assert layer.selectedFeatureCount() == 3
    assert set(dock.footprints.selected_keys()) == {dock.model.hit(r).key for r in rows}

    # map -> list
    feature_ids = sorted(layer.allFeatureIds())[-2:]
    layer.selectByIds(feature_ids)
    selected = {hit.key for hit in dock.selected_hits()}
    assert selected == set(dock.footprints.selected_keys()) and len(selected) == 2

    # A new search refills the same layer; switching off removes it.
    dock.set_selected_collections(["NDVI_V2"])
    run_search(dock)
    assert layer.featureCount() == sum(1 for h in dock.model.hits if h.footprint is not None)
    layer_id = layer.id()
    dock.footprintsButton.setChecked(False)
    assert QgsProject.instance().mapLayer(layer_id) is None and not dock.footprints.active


def test_removing_the_footprints_layer_unticks_the_button(dock, demo_archive):
    open_archive(dock, demo_archive)
    run_search(dock)
    dock.footprintsButton.setChecked(True)
    QgsProject.instance().removeMapLayer(dock.footprints.layer.id())
    assert not dock.footprintsButton.isChecked() and not dock.footprints.active


# Tile picking ----------------------------------------------------------------------------
def test_picking_a_tile_on_the_map(dock, demo_archive):
    open_archive(dock, demo_archive)
    run_search(dock)
    footprint = next(h.footprint for h in dock.model.hits if h.product.name.tile == "31UFS" and h.footprint)
    lon = (footprint[0] + footprint[2]) / 2
    lat = (footprint[1] + footprint[3]) / 2
    dock.pickTileButton.setChecked(True)
    assert dock.canvas.mapTool() is dock.pick_tool
    tiles = dock.pick_tool.pick(lon, lat)
    assert "31UFS" in tiles
    assert "31UFS" in dock.tilesEdit.text()
    dock.pick_tool.pick(lon, lat, add=True)
    assert dock.tilesEdit.text().count("31UFS") == 1
    dock.pickTileButton.setChecked(False)
    assert dock.canvas.mapTool() is not dock.pick_tool


def test_shift_picking_replaces_text_that_is_not_a_tile_list(dock):
    dock.tilesEdit.setText("not a tile")
    tiles = dock.pick_tool.pick(4.35, 50.85, add=True)
    assert tiles
    assert dock.tilesEdit.text() == ", ".join(tiles)


# Loading ---------------------------------------------------------------------------------
def load_and_wait(dock: TerrascopeDock, what: str) -> list[QgsRasterLayer]:
    before = set(QgsProject.instance().mapLayers())
    dock.load_selected(what)
    assert dock.last_load_task is not None
    assert wait_for(lambda: set(QgsProject.instance().mapLayers()) - before != set())
    return [QgsProject.instance().mapLayer(i) for i in set(QgsProject.instance().mapLayers()) - before]


def test_loading_scl_ndvi_and_true_colour(dock, demo_archive):
    open_archive(dock, demo_archive)
    run_search(dock)

    dock.select_rows([row_where(dock, lambda p: p.collection == "TOC_V2" and p.name.tile == "31UFS")])
    (scl,) = load_and_wait(dock, "scl")
    renderer = scl.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    classes = [(c.value, c.color.name(), c.label) for c in renderer.classes()]
    assert classes == [(value, colour, f"{value} {label}") for value, label, colour in reference.SCL_CLASSES]
    assert scl.temporalProperties().isActive()

    (true_colour,) = load_and_wait(dock, "true_colour")
    assert isinstance(true_colour.renderer(), QgsMultiBandColorRenderer)
    assert true_colour.bandCount() == 3

    dock.select_rows([row_where(dock, lambda p: p.name.product == "NDVI")])
    (ndvi,) = load_and_wait(dock, "default")
    assert "NDVI" in ndvi.name()
    assert ndvi.temporalProperties().isActive()
    start = dock.selected_products()[0].name.start
    assert ndvi.temporalProperties().fixedTemporalRange().begin().toPyDateTime().date() == start.date()


def test_double_click_on_a_file_loads_it(dock, demo_archive):
    open_archive(dock, demo_archive)
    run_search(dock)
    dock.select_rows([row_where(dock, lambda p: p.name.product == "NDVI")])
    item = next(
        dock.filesList.item(i)
        for i in range(dock.filesList.count())
        if "SCENECLASSIFICATION" in dock.filesList.item(i).text()
    )
    product = dock.selected_products()[0]
    scl_file = next(f for f in files_on_disk(product.path) if "_SCENECLASSIFICATION_20M_" in f)
    before = set(QgsProject.instance().mapLayers())
    dock.filesList.itemDoubleClicked.emit(item)
    assert wait_for(lambda: set(QgsProject.instance().mapLayers()) != before)
    wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 20)
    added = [QgsProject.instance().mapLayer(i) for i in set(QgsProject.instance().mapLayers()) - before]
    sources = [
        (layer.providerType(), QgsProviderRegistry.instance().decodeUri("gdal", layer.source())["path"])
        for layer in added
    ]
    assert sources == [("gdal", scl_file)]
    classes = [(c.value, c.color.name()) for c in added[0].renderer().classes()]
    assert classes == [(value, colour) for value, _label, colour in reference.SCL_CLASSES]
    assert added[0].temporalProperties().isActive()


def test_missing_scl_is_reported(dock, demo_archive):
    """Logged to QGIS's real message log; that it reaches the main window's message bar is
    checked in the real desktop (tests/e2e/test_desktop_checks.py)."""
    open_archive(dock, demo_archive)
    run_search(dock)
    row = row_where(dock, lambda p: p.name.family == "S1_SIGMA0")
    dock.select_rows([row])
    logged: list[tuple[str, str, int]] = []

    def record(message: str, tag: str, level: int) -> None:
        logged.append((message, tag, level))

    log = QgsApplication.messageLog()
    log.messageReceived.connect(record)
    try:
        dock.load_selected("scl")
    finally:
        log.messageReceived.disconnect(record)
    assert dock.last_load_task is None  # nothing to load
    path = dock.model.hit(row).product.path
    warnings = [m for m, tag, level in logged if tag == "Terrascope" and level == Qgis.Warning]
    assert len(warnings) == 1 and "scene classification" in warnings[0] and path in warnings[0]


def test_context_menu_and_drag(dock, demo_archive):
    open_archive(dock, demo_archive)
    run_search(dock)
    row = row_where(dock, lambda p: p.collection == "TOC_V2")
    dock.select_rows([row])
    labels = [a.text() for a in dock.results_menu().actions() if a.text()]
    for wanted in (
        "True colour (B04/B03/B02)",
        "Physical values…",
        "Temporal composite…",
        "Copy path",
        "Open folder",
    ):
        assert wanted in labels
    product = dock.model.hit(row).product
    paths = drag_paths([product])
    assert paths and all(p.startswith(product.path) for p in paths)
    mime = dock.model.mimeData([dock.model.index(row, column) for column in range(3)])
    uris = QgsMimeDataUtils.decodeUriList(mime)
    assert [uri.uri for uri in uris] == paths  # what a drop on the map or the layer tree opens
    assert {(uri.layerType, uri.providerKey) for uri in uris} == {("raster", "gdal")}


# Settings and bad input ------------------------------------------------------------------
def test_settings_persist_across_dock_instances(qgis_iface, demo_archive, tmp_path):
    first = make_dock(qgis_iface, tmp_path)
    open_archive(first, demo_archive)
    first.set_selected_collections(["NDVI_V2"])
    first.startDate.setDate(date(2020, 5, 3))
    first.tilesEdit.setText("31UFS")
    first.cloudSpin.setValue(40)
    first.newestCheck.setChecked(False)
    run_search(first)
    first.mainSplitter.setSizes([300, 120])
    splitter = first.mainSplitter.sizes()
    close_dock(first)

    second = make_dock(qgis_iface, tmp_path)
    try:
        assert second.current_root() == str(demo_archive)
        assert wait_for(lambda: second.collectionCombo.count() > 0 and second.collectionCombo.isEnabled())
        assert second.selected_collections() == ["NDVI_V2"]
        assert second.startDate.date().toPyDate() == date(2020, 5, 3) and second.endDate.isNull()
        assert second.tilesEdit.text() == "31UFS"
        assert second.cloudSpin.value() == 40
        assert not second.newestCheck.isChecked()
        # The user's choice is the details pane's height; the results take what is left, which
        # varies by a line with what the new dock shows before its first search.
        assert second.mainSplitter.sizes()[1] == splitter[1]
    finally:
        close_dock(second)


def test_missing_root_shows_a_message(dock, tmp_path):
    missing = tmp_path / "not-mounted"
    dock.add_root(str(missing))
    assert wait_for(lambda: any(str(missing) in text for text in messages(dock)))
    assert dock.collectionCombo.count() == 0
    assert dock.search()  # searching it reports the same, without blocking or raising
    assert wait_for(lambda: not dock.is_searching)
    assert dock.last_error and str(missing) in dock.last_error


def test_removed_root_is_forgotten(qgis_iface, demo_archive, tmp_path):
    first = make_dock(qgis_iface, tmp_path)
    open_archive(first, demo_archive)
    first.remove_current_root()
    close_dock(first)
    second = make_dock(qgis_iface, tmp_path)
    try:
        assert second._root_index(str(demo_archive)) < 0
    finally:
        close_dock(second)


# Permission handling as another user is checked in the real desktop, run as "nobody"
# (tests/e2e/test_desktop_checks.py): the dock needs QGIS's real interface, not a stand-in.
