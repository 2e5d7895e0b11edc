"""plugin.styles on real GeoTIFFs: renderer classes, legends, rendered pixels, temporal ranges."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import (
    QgsDateTimeRange,
    QgsInterval,
    QgsMultiBandColorRenderer,
    QgsPalettedRasterRenderer,
    QgsPointXY,
    QgsRasterLayer,
    QgsRasterLayerTemporalProperties,
    QgsSingleBandGrayRenderer,
    QgsSingleBandPseudoColorRenderer,
    QgsTemporalNavigationObject,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime

from plugin import styles
from plugin.core.products.names import parse_name
from plugin.core.products.scaling import S2_BIOPAR, Scaling
from plugin.core.raster.vrt import composite_vrt, db_vrt
from tests import reference
from tests.qgis.fixtures_gui import BACKGROUND, pixel, render, write_tif

NDVI_NAME = "S2B_20200507T105029_31UFS_NDVI_10M_V210.tif"


@pytest.fixture()
def ndvi_layer(qgis_app, tmp_path):
    # One row per DN 0..255: DN 251-254 are out of range, 255 is nodata.
    path = write_tif(
        tmp_path / NDVI_NAME, np.arange(256, dtype=np.uint8).reshape(256, 1).repeat(4, axis=1), nodata=255
    )
    layer = QgsRasterLayer(str(path), "ndvi", "gdal")
    assert layer.isValid()
    return layer


def shader_items(layer: QgsRasterLayer) -> list:
    return layer.renderer().shader().rasterShaderFunction().colorRampItemList()


SCL_NAME = "S2B_20200507T105029_31UFS_SCENECLASSIFICATION_20M_V200.tif"


def test_scl_style_has_the_twelve_reference_classes(qgis_app, tmp_path):
    """A real SCL file styled by its name: classes, colours, labels and rendered pixels are the
    reference's (section 4), not the plugin's own table."""
    path = write_tif(tmp_path / SCL_NAME, np.arange(12, dtype=np.uint8).reshape(3, 4), pixel=20.0)
    layer = QgsRasterLayer(str(path), "scl", "gdal")
    assert styles.apply_style_for_name(layer, parse_name(SCL_NAME))
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    classes = renderer.classes()
    assert [(c.value, c.color.name(), c.label) for c in classes] == [
        (value, colour, f"{value} {label}") for value, label, colour in reference.SCL_CLASSES
    ]
    legend = [(label, colour.name()) for label, colour in renderer.legendSymbologyItems()]
    assert legend == [(f"{value} {label}", colour) for value, label, colour in reference.SCL_CLASSES]
    # Rendered: each class's pixel (10x10 screen pixels each) has the reference colour, opaque.
    image = render(layer, 40, 30, tmp_path / "scl.png")
    for value, _label, colour in reference.SCL_CLASSES:
        row, col = divmod(value, 4)
        rendered = pixel(image, col * 10 + 5, row * 10 + 5)
        assert (rendered.name(), rendered.alpha()) == (colour, 255), value


def test_ndvi_style_labels_in_physical_units_on_dn(ndvi_layer):
    assert styles.apply_style_for_name(ndvi_layer, parse_name(NDVI_NAME))
    assert isinstance(ndvi_layer.renderer(), QgsSingleBandPseudoColorRenderer)
    items = shader_items(ndvi_layer)
    stops = [0, 50, 100, 150, 200, 250]  # DN over the reference's valid range 0-250
    assert stops[-1] == reference.S2_BIOPAR["NDVI"].valid_max
    assert [i.value for i in items] == stops
    assert [i.label for i in items] == [f"{reference.S2_BIOPAR['NDVI'].physical(dn):.2f}" for dn in stops]
    assert [i.label for i in items] == ["-0.08", "0.12", "0.32", "0.52", "0.72", "0.92"]
    assert [label for label, _ in ndvi_layer.renderer().legendSymbologyItems()][2] == "0.32"
    assert items[0].color.name() == "#a50026" and items[-1].color.name() == "#006837"  # red -> green


def test_ndvi_out_of_range_and_nodata_are_transparent(ndvi_layer, tmp_path):
    assert styles.apply_style_for_name(ndvi_layer, parse_name(NDVI_NAME))
    block = ndvi_layer.renderer().block(1, ndvi_layer.extent(), 4, 256)
    alpha = [pixel_alpha(block.color(row, 0)) for row in range(256)]
    assert all(a == 255 for a in alpha[:251])
    assert alpha[251:] == [0, 0, 0, 0, 0]
    identified = ndvi_layer.dataProvider().identify(QgsPointXY(600005.0, 5700000.0 - 10 * 252.5), 1)
    assert identified.results()[1] is None  # DN 252 identifies as nodata
    image = render(ndvi_layer, 4, 256, tmp_path / "ndvi.png")
    assert pixel(image, 1, 252) == BACKGROUND
    assert pixel(image, 1, 10).alpha() == 255 and pixel(image, 1, 10) != BACKGROUND


def pixel_alpha(rgba: int) -> int:
    return (rgba >> 24) & 0xFF


def test_physical_data_get_stops_at_physical_values(qgis_app, tmp_path):
    path = write_tif(tmp_path / "fapar.tif", np.linspace(0, 1, 16, dtype=np.float32).reshape(4, 4), nodata=-1)
    layer = QgsRasterLayer(str(path), "fapar", "gdal")
    styles.apply_physical_style(layer, S2_BIOPAR["FAPAR"], data_are_physical=True)
    items = shader_items(layer)
    assert items[0].value == 0.0 and items[-1].value == pytest.approx(1.0)
    assert items[-1].label == "1.00"
    assert items[-1].color.name() == "#00441b"  # greens


def test_unknown_scale_falls_back_to_dn_labels(qgis_app, tmp_path):
    path = write_tif(tmp_path / "ccc.tif", np.arange(100, dtype=np.uint8).reshape(10, 10))
    layer = QgsRasterLayer(str(path), "ccc", "gdal")
    styles.apply_physical_style(layer, S2_BIOPAR["CCC"])
    labels = [i.label for i in shader_items(layer)]
    assert all(label.endswith(" DN") for label in labels)


def test_gdal_scale_tags_win_over_the_table(qgis_app, tmp_path):
    path = write_tif(tmp_path / "lai.tif", np.arange(100, dtype=np.uint8).reshape(10, 10))
    ds = gdal.Open(str(path), 1)
    ds.GetRasterBand(1).SetScale(0.1)
    ds.GetRasterBand(1).SetOffset(1.0)
    ds = None
    layer = QgsRasterLayer(str(path), "lai", "gdal")
    scaling = Scaling("LAI", 0.04, 0.0, 0, 250, 255, "m²/m²", "uint8")
    styles.apply_physical_style(layer, scaling)
    items = shader_items(layer)
    assert items[-1].value == 250 and items[-1].label.startswith("26.0")


def test_reflectance_stretch_and_legend(qgis_app, tmp_path):
    path = write_tif(tmp_path / "b04.tif", np.array([[0, 1500], [3000, 32767]], dtype=np.int16))
    layer = QgsRasterLayer(str(path), "b04", "gdal")
    styles.apply_reflectance_style(layer)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandGrayRenderer)
    assert renderer.contrastEnhancement().maximumValue() == pytest.approx(3000)
    assert renderer.legendSettings().maximumLabel() == "0.30"
    image = render(layer, 2, 2)
    assert pixel(image, 0, 0).name() == "#000000" and pixel(image, 0, 1).name() == "#ffffff"
    assert pixel(image, 1, 0).red() in range(120, 135)  # 0.15 is mid-grey
    assert pixel(image, 1, 1) == BACKGROUND  # 32767 nodata


def test_composite_vrt_band_order_and_style(qgis_app, tmp_path):
    paths = [
        write_tif(tmp_path / f"{b}.tif", np.full((4, 4), v, dtype=np.int16))
        for b, v in (("B04", 3000), ("B03", 1500), ("B02", 0))
    ]
    vrt = composite_vrt([str(p) for p in paths], str(tmp_path / "cache" / "tc.vrt"))
    layer = QgsRasterLayer(vrt, "tc", "gdal")
    assert layer.bandCount() == 3
    styles.apply_composite_style(layer)
    assert isinstance(layer.renderer(), QgsMultiBandColorRenderer)
    colour = pixel(render(layer, 4, 4, tmp_path / "tc.png"), 2, 2)
    assert colour.red() == 255 and colour.green() in range(120, 135) and colour.blue() == 0


def test_db_vrt_values_are_ten_log10(qgis_app, tmp_path):
    linear = np.array([[1.0, 0.1], [0.01, 0.0]], dtype=np.float32)
    src = write_tif(tmp_path / "vv.tif", linear, nodata=0.0)
    layer = QgsRasterLayer(db_vrt(str(src), str(tmp_path / "vv_dB.vrt")), "vv", "gdal")
    provider = layer.dataProvider()
    block = provider.block(1, layer.extent(), 2, 2)
    assert [block.value(0, 0), block.value(0, 1), block.value(1, 0)] == pytest.approx(
        [0.0, -10.0, -20.0], abs=1e-4
    )
    assert block.isNoData(1, 1)
    styles.apply_db_style(layer, data_are_db=True)
    items = shader_items(layer)
    assert items[0].value == -25 and items[-1].value == 0
    assert layer.renderer().shader().rasterShaderFunction().legendSettings().minimumLabel() == "-25 dB"


def test_db_style_on_linear_data_matches_db_view(qgis_app, tmp_path):
    """The ramp on linear values renders like the grey ramp on dB values."""
    linear = np.array([[1.0, 0.1], [0.01, 0.0031623]], dtype=np.float32)
    src = write_tif(tmp_path / "vv.tif", linear, nodata=0.0)
    on_linear = QgsRasterLayer(str(src), "linear", "gdal")
    styles.apply_db_style(on_linear)
    on_db = QgsRasterLayer(db_vrt(str(src), str(tmp_path / "vv_dB.vrt")), "db", "gdal")
    styles.apply_db_style(on_db, data_are_db=True)
    a, b = render(on_linear, 2, 2), render(on_db, 2, 2)
    for x, y in ((0, 0), (1, 0), (0, 1), (1, 1)):
        assert abs(pixel(a, x, y).red() - pixel(b, x, y).red()) <= 2
    assert pixel(a, 1, 0).red() == pytest.approx(255 * 15 / 25, abs=2)  # -10 dB


@pytest.mark.parametrize(
    ("filename", "renderer_type"),
    [
        ("S2B_20200507T105029_31UFS_SCENECLASSIFICATION_20M_V200.tif", QgsPalettedRasterRenderer),
        ("S2B_20200507T105029_31UFS_TOC-B04_10M_V200.tif", QgsSingleBandGrayRenderer),
        (NDVI_NAME, QgsSingleBandPseudoColorRenderer),
        (
            "S1A_IW_GRDH_SIGMA0_DV_20200507T172435_ASCENDING_88_B705_V110_VV.tif",
            QgsSingleBandPseudoColorRenderer,
        ),
    ],
)
def test_style_dispatch_by_name(qgis_app, tmp_path, filename, renderer_type):
    path = write_tif(tmp_path / filename, np.arange(16, dtype=np.uint8).reshape(4, 4))
    layer = QgsRasterLayer(str(path), filename, "gdal")
    assert styles.apply_style_for_name(layer, parse_name(filename))
    assert isinstance(layer.renderer(), renderer_type)


def test_quicklooks_and_unnamed_layers_keep_default_rendering(qgis_app, tmp_path):
    name = "S2B_20200507T105029_31UFS_TOC_QUICKLOOK_V200.tif"
    layer = QgsRasterLayer(str(write_tif(tmp_path / name, np.zeros((2, 2), np.uint8))), "ql", "gdal")
    before = type(layer.renderer())
    assert not styles.apply_style_for_name(layer, parse_name(name))
    assert not styles.apply_style_for_name(layer, None)
    assert type(layer.renderer()) is before


def utc(y, m, d, hh=0, mm=0, ss=0):
    return QDateTime(QDate(y, m, d), QTime(hh, mm, ss), Qt.UTC)


def test_temporal_range_covers_the_acquisition_day(qgis_app, ndvi_layer):
    styles.set_temporal_range(ndvi_layer, datetime(2020, 5, 7, 10, 50, 29, tzinfo=UTC))
    props = ndvi_layer.temporalProperties()
    assert props.isActive()
    assert props.mode() == QgsRasterLayerTemporalProperties.ModeFixedTemporalRange
    fixed = props.fixedTemporalRange()
    assert fixed.begin() == utc(2020, 5, 7) and fixed.end() == utc(2020, 5, 8)
    # The Temporal Controller's one-day frames: the date's frame shows the layer, its neighbours not.
    navigation = QgsTemporalNavigationObject()
    navigation.setTemporalExtents(QgsDateTimeRange(utc(2020, 5, 6), utc(2020, 5, 9)))
    navigation.setFrameDuration(QgsInterval(1, QgsUnitTypes.TemporalDays))
    frames = [navigation.dateTimeRangeForFrameNumber(i) for i in range(3)]
    assert [props.isVisibleInTemporalRange(frame) for frame in frames] == [False, True, False]
    assert props.isVisibleInTemporalRange(QgsDateTimeRange(utc(2020, 5, 7), utc(2020, 5, 8), True, False))
    assert not props.isVisibleInTemporalRange(QgsDateTimeRange(utc(2020, 5, 8), utc(2020, 5, 9), True, False))
    assert not props.isVisibleInTemporalRange(QgsDateTimeRange(utc(2020, 5, 6), utc(2020, 5, 7), True, False))


def test_temporal_range_of_a_pair_and_of_a_period(qgis_app, ndvi_layer):
    start = datetime(2020, 3, 30, 17, 32, 47, tzinfo=UTC)
    styles.set_temporal_range(ndvi_layer, start, datetime(2020, 4, 5, 17, 32, 21, tzinfo=UTC))
    fixed = ndvi_layer.temporalProperties().fixedTemporalRange()
    assert (fixed.begin(), fixed.end()) == (utc(2020, 3, 30), utc(2020, 4, 6))
    # A 10-day period whose exclusive end is midnight ends there.
    styles.set_temporal_range(ndvi_layer, datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 1, 11, tzinfo=UTC))
    fixed = ndvi_layer.temporalProperties().fixedTemporalRange()
    assert fixed.end() == utc(2020, 1, 11)
    styles.set_temporal_range(ndvi_layer, start, start, whole_days=False)
    assert ndvi_layer.temporalProperties().fixedTemporalRange().begin() == utc(2020, 3, 30, 17, 32, 47)
