"""plugin.gui.loading on a generated demo archive: specs, background loading, groups, names,
styles, temporal ranges, problem reports, auto-styling, drag data and Processing pre-fill."""

from __future__ import annotations

import os
import time
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMimeDataUtils,
    QgsMultiBandColorRenderer,
    QgsPalettedRasterRenderer,
    QgsProject,
    QgsRasterLayer,
    QgsSingleBandGrayRenderer,
    QgsSingleBandPseudoColorRenderer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime
from qgis.PyQt.QtGui import QGuiApplication

from plugin.core.archive.catalogue import Catalogue, Query
from plugin.gui import loading
from tests.qgis.fixtures_gui import make_demo, make_ndvi

TASK_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict:
    return make_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def products(demo) -> dict:
    """Demo products by (collection, YYYY-MM-DD)."""
    found = Catalogue([demo["root"]], use_cache=False).search(Query())
    return {(p.collection, p.name.start.strftime("%Y-%m-%d")): p for p in found}


@pytest.fixture()
def project(qgis_new_project):
    project = QgsProject.instance()
    yield project
    project.clear()


class Loaded:
    """Collects what a load reports."""

    def __init__(self) -> None:
        self.layers: list[QgsRasterLayer] | None = None
        self.problems: list[str] = []

    def done(self, layers: list[QgsRasterLayer]) -> None:
        self.layers = layers

    def wait(self) -> list[QgsRasterLayer]:
        deadline = time.monotonic() + TASK_TIMEOUT_S
        while self.layers is None and time.monotonic() < deadline:
            QgsApplication.processEvents()
            time.sleep(0.005)
        assert self.layers is not None, "the load task did not finish"
        return self.layers


def run(specs, tmp_path: Path, grouped: bool = False) -> Loaded:
    loaded = Loaded()
    task = loading.LoadLayersTask(specs, grouped, str(tmp_path / "vrt"), loaded.problems.append, loaded.done)
    loading.start_task(task)
    loaded.wait()
    return loaded


def utc_day(y: int, m: int, d: int) -> QDateTime:
    return QDateTime(QDate(y, m, d), QTime(0, 0), Qt.UTC)


# ------------------------------------------------------------------------------ specs (pure)
def test_default_specs_per_family(products):
    toc = loading.layer_specs_for(products[("TOC_V2", "2020-05-02")])
    assert [(s.title, s.build, s.group) for s in toc] == [
        ("True colour 2020-05-02 31UFS V200", "composite", "TOC_V2 2020-05-02")
    ]
    assert [os.path.basename(p).split("_")[3] for p in toc[0].sources] == ["TOC-B04", "TOC-B03", "TOC-B02"]
    ndvi = loading.layer_specs_for(products[("NDVI_V2", "2020-05-07")])
    assert [(s.title, s.build) for s in ndvi] == [("NDVI 2020-05-07 31UFS V200", "file")]
    assert ndvi[0].sources[0].endswith("_NDVI_10M_V200.tif")
    s1 = loading.layer_specs_for(products[("CGS_S1_GRD_SIGMA0_L1", "2020-05-12")])
    assert [s.title for s in s1] == [
        "VV dB 2020-05-12 ASCENDING 88 V110",
        "VH dB 2020-05-12 ASCENDING 88 V110",
    ]
    assert {s.build for s in s1} == {"db"}


def test_requested_specs(products):
    toc = products[("TOC_V2", "2020-05-02")]
    false_colour = loading.layer_specs_for(toc, "false_colour")[0]
    assert [os.path.basename(p).split("_")[3] for p in false_colour.sources] == [
        "TOC-B08",
        "TOC-B04",
        "TOC-B03",
    ]
    assert false_colour.title == "False colour 2020-05-02 31UFS V200"
    assert loading.layer_specs_for(toc, "scl")[0].title == "SCL 2020-05-02 31UFS V200"
    assert loading.layer_specs_for(toc, "quicklook")[0].sources[0].endswith("_TOC_QUICKLOOK_V200.tif")
    assert loading.layer_specs_for(toc, "TOC-B8A")[0].title == "B8A 2020-05-02 31UFS V200"


def test_missing_layers_are_named_with_their_product(tmp_path, products):
    make_ndvi(tmp_path, with_scl=False)
    (product,) = Catalogue([str(tmp_path)], use_cache=False).search(Query())
    with pytest.raises(loading.LoadError, match=r"no scene classification \(SCL\) in .*NDVI_V210"):
        loading.layer_specs_for(product, "scl")
    with pytest.raises(loading.LoadError, match="no TOC-B04, TOC-B03, TOC-B02 band"):
        loading.layer_specs_for(product, "true_colour")


# ------------------------------------------------------------------------------ loading
def test_load_products_groups_names_styles_and_times(project, products, tmp_path):
    selection = [
        products[("NDVI_V2", "2020-05-07")],
        products[("TOC_V2", "2020-05-02")],
        products[("CGS_S1_GRD_SIGMA0_L1", "2020-05-12")],
    ]
    loaded = Loaded()
    task = loading.load_products(selection, vrt_dir=str(tmp_path / "vrt"), on_done=loaded.done)
    assert task is not None
    layers = loaded.wait()
    root = project.layerTreeRoot()
    tree = [(group.name(), [child.name() for child in group.children()]) for group in root.children()]
    assert tree == [
        ("TOC_V2 2020-05-02", ["True colour 2020-05-02 31UFS V200"]),
        ("NDVI_V2 2020-05-07", ["NDVI 2020-05-07 31UFS V200"]),
        (
            "CGS_S1_GRD_SIGMA0_L1 2020-05-12",
            ["VV dB 2020-05-12 ASCENDING 88 V110", "VH dB 2020-05-12 ASCENDING 88 V110"],
        ),
    ]
    by_name = {layer.name(): layer for layer in layers}
    assert isinstance(by_name["True colour 2020-05-02 31UFS V200"].renderer(), QgsMultiBandColorRenderer)
    ndvi = by_name["NDVI 2020-05-07 31UFS V200"]
    assert isinstance(ndvi.renderer(), QgsSingleBandPseudoColorRenderer)
    assert ndvi.renderer().legendSymbologyItems()[-1][0] == "0.92"
    fixed = ndvi.temporalProperties().fixedTemporalRange()
    assert ndvi.temporalProperties().isActive()
    assert (fixed.begin(), fixed.end()) == (utc_day(2020, 5, 7), utc_day(2020, 5, 8))
    for layer in layers:
        assert layer.thread() == QgsApplication.instance().thread()
        assert project.mapLayer(layer.id()) is layer


def test_composite_vrt_is_written_outside_the_archive(project, products, tmp_path, demo):
    toc = products[("TOC_V2", "2020-05-02")]
    (layer,) = run(loading.layer_specs_for(toc, "false_colour"), tmp_path).layers
    vrt = layer.source()
    assert vrt.startswith(str(tmp_path / "vrt")) and not vrt.startswith(demo["root"])
    bands = ElementTree.parse(vrt).getroot().findall("VRTRasterBand")
    sources = [os.path.basename(band.find(".//SourceFilename").text) for band in bands]
    assert [s.split("_")[3] for s in sources] == ["TOC-B08", "TOC-B04", "TOC-B03"]
    # Same product again: the same, stable VRT name.
    (again,) = run(loading.layer_specs_for(toc, "false_colour"), tmp_path).layers
    assert again.source() == vrt


def test_s1_layers_are_in_db(project, products, tmp_path):
    product = products[("CGS_S1_GRD_SIGMA0_L1", "2020-05-12")]
    layers = run(loading.layer_specs_for(product), tmp_path).layers
    vv = layers[0]
    linear = gdal.Open(product.band_path("VV")).ReadAsArray()
    db = gdal.Open(vv.source()).ReadAsArray()
    valid = linear > 0
    assert valid.any()
    assert abs(db[valid] - 10 * np.log10(linear[valid])).max() < 1e-3
    assert vv.renderer().shader().rasterShaderFunction().legendSettings().maximumLabel() == "0 dB"


def test_single_file_loads_styled_without_group(project, products, tmp_path):
    scl = products[("TOC_V2", "2020-05-07")].band_path("SCENECLASSIFICATION")
    loaded = Loaded()
    loading.load_file(scl, vrt_dir=str(tmp_path / "vrt"), on_done=loaded.done)
    (layer,) = loaded.wait()
    assert layer.name() == "SCL 2020-05-07 31UFS V200"
    assert isinstance(layer.renderer(), QgsPalettedRasterRenderer)
    assert [c.label for c in layer.renderer().classes()][9] == "9 Cloud, high probability"
    assert project.layerTreeRoot().children()[0].name() == layer.name()


def test_unreadable_raster_is_reported_and_others_still_load(project, demo, tmp_path):
    truncated = demo["junk"]["truncated"][0]
    good = next(p for p in demo["products"] if p.collection == "NDVI_V2").files[0]
    specs = [loading.spec_for_file(truncated), loading.spec_for_file(good)]
    loaded = run(specs, tmp_path)
    assert [layer.name() for layer in loaded.layers] == ["NDVI 2020-05-02 31UFS V200"]
    assert len(loaded.problems) == 1 and truncated in loaded.problems[0]


def test_products_lacking_the_request_are_reported(project, tmp_path, products):
    """Reported to QGIS's real message log (tag Terrascope, warning), the others still load.
    That the report reaches the main window's message bar is checked in the real desktop
    (tests/e2e/test_desktop_checks.py): pytest-qgis's iface has a recording stand-in there."""
    make_ndvi(tmp_path / "archive", with_scl=False)
    (no_scl,) = Catalogue([str(tmp_path / "archive")], use_cache=False).search(Query())
    logged: list[tuple[str, str, int]] = []

    def record(message: str, tag: str, level: int) -> None:
        logged.append((message, tag, level))

    QgsApplication.messageLog().messageReceived.connect(record)
    try:
        loaded = Loaded()
        task = loading.load_products(
            [no_scl, products[("TOC_V2", "2020-05-02")]], "scl", None, str(tmp_path / "vrt"), loaded.done
        )
        assert task is not None
        assert [layer.name() for layer in loaded.wait()] == ["SCL 2020-05-02 31UFS V200"]
        assert loading.load_products([no_scl], "scl") is None
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(record)
    warnings = [m for m, tag, level in logged if tag == "Terrascope" and level == Qgis.Warning]
    assert len(warnings) == 2  # once per call
    assert all("no scene classification (SCL)" in m and no_scl.path in m for m in warnings)


# ------------------------------------------------------------------------------ auto-styling
def test_auto_styling_styles_added_terrascope_rasters_only(project, products, tmp_path):
    ndvi_path = products[("NDVI_V2", "2020-05-02")].band_path("NDVI")
    other = str(tmp_path / "plain.tif")
    gdal.Translate(other, ndvi_path)
    loading.install_auto_styling(project)
    try:
        ndvi = QgsRasterLayer(ndvi_path, "ndvi", "gdal")
        plain = QgsRasterLayer(other, "plain", "gdal")
        project.addMapLayers([ndvi, plain])
    finally:
        loading.uninstall_auto_styling()
    assert isinstance(ndvi.renderer(), QgsSingleBandPseudoColorRenderer)
    assert ndvi.temporalProperties().isActive()
    assert isinstance(plain.renderer(), QgsSingleBandGrayRenderer)


def test_auto_styling_leaves_styles_read_from_a_project(project, products, tmp_path):
    ndvi_path = products[("NDVI_V2", "2020-05-02")].band_path("NDVI")
    layer = QgsRasterLayer(ndvi_path, "kept grey", "gdal")
    layer.setRenderer(QgsSingleBandGrayRenderer(layer.dataProvider(), 1))
    project.addMapLayer(layer)
    project_file = str(tmp_path / "kept.qgz")
    assert project.write(project_file)
    project.clear()
    loading.install_auto_styling(project)
    try:
        assert project.read(project_file)
        (read_back,) = project.mapLayersByName("kept grey")
        assert isinstance(read_back.renderer(), QgsSingleBandGrayRenderer)
        # After the project is read, newly added layers are styled again.
        added = QgsRasterLayer(ndvi_path, "new", "gdal")
        project.addMapLayer(added)
        assert isinstance(added.renderer(), QgsSingleBandPseudoColorRenderer)
    finally:
        loading.uninstall_auto_styling()


# ------------------------------------------------------------------------------ context actions
def test_mime_data_for_files_and_product_folders(qgis_app, products):
    ndvi = products[("NDVI_V2", "2020-05-02")]
    toc = products[("TOC_V2", "2020-05-02")]
    mime = loading.mime_data_for([ndvi.path, toc.band_path("SCENECLASSIFICATION")])
    uris = QgsMimeDataUtils.decodeUriList(mime)
    assert [(u.layerType, u.providerKey) for u in uris] == [("raster", "gdal")] * 2
    assert uris[0].uri == ndvi.band_path("NDVI") and uris[0].name == "NDVI 2020-05-02 31UFS V200"
    assert uris[1].name == "SCL 2020-05-02 31UFS V200"
    assert [u.toLocalFile() for u in mime.urls()] == [uris[0].uri, uris[1].uri]
    assert loading.mime_data_for([]) is None


def test_files_mime_data_does_not_need_the_files(qgis_app, products, tmp_path):
    """A drag from the results list only names files the search listed: no disk access."""
    ndvi = products[("NDVI_V2", "2020-05-02")].band_path("NDVI")
    gone = str(tmp_path / "unmounted" / os.path.basename(ndvi))
    uris = QgsMimeDataUtils.decodeUriList(loading.files_mime_data([gone]))
    assert [(u.uri, u.name) for u in uris] == [(gone, "NDVI 2020-05-02 31UFS V200")]
    assert loading.files_mime_data([]) is None


def test_processing_dialog_parameters(terrascope_provider, products):
    registry = QgsApplication.processingRegistry()
    ndvi = [products[("NDVI_V2", "2020-05-02")], products[("NDVI_V2", "2020-05-07")]]
    params = loading.processing_parameters(registry.algorithmById("terrascope:physicalvalues"), ndvi[:1])
    assert params["INPUT"] == ndvi[0].band_path("NDVI")
    assert params["SCL"] == ndvi[0].band_path("SCENECLASSIFICATION")
    params = loading.processing_parameters(registry.algorithmById("terrascope:temporalcomposite"), ndvi)
    assert params["INPUTS"] == [p.band_path("NDVI") for p in ndvi]
    with pytest.raises(loading.LoadError, match="not available"):
        loading.open_processing_dialog("terrascope:nosuchalgorithm", ndvi)


def test_copy_path(qgis_app):
    loading.copy_path(["/a/b.tif", "/c/d.tif"])
    assert QGuiApplication.clipboard().text() == "/a/b.tif\n/c/d.tif"
