"""Parts of the dock on their own: tile parsing, MGRS tile picking, quicklook reading,
footprints of real and broken rasters, the results model."""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt

from plugin.core.archive.catalogue import Product
from plugin.core.products.names import parse_name
from plugin.gui.details import read_quicklook
from plugin.gui.dock import ResultsGcGuard, format_count, parse_tiles
from plugin.gui.map_tools import latitude_band, tile_at, tiles_at, utm_zone
from plugin.gui.results_model import CLOUD, DATE, PRODUCT, RESOLUTION, Hit, ResultsModel, make_hit
from plugin.gui.search_task import FOOTPRINT_FAILURES_PER_KEY, FootprintFinder, SearchTask


# Tiles -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "tiles"),
    [
        ("", []),
        ("31UFS", ["31UFS"]),
        (" 31ufs , 32ULB;31UFS ", ["31UFS", "32ULB"]),
        ("1UBC", ["01UBC"]),
        ("1abc", ["01ABC"]),
        ("x17y03, 31UFS", ["X17Y03", "31UFS"]),
    ],
)
def test_parse_tiles(text, tiles):
    assert parse_tiles(text) == tiles


# The dock uses the core's one tile parser (products/tiles.py): syntactic, "1abc" is "01ABC".
@pytest.mark.parametrize("bad", ["31UF", "Brussels", "61UFS", "0ABC", "X1Y2"])
def test_parse_tiles_rejects_and_names_the_bad_entry(bad):
    with pytest.raises(ValueError, match=bad):
        parse_tiles(f"31UFS, {bad}")


def test_format_count_uses_thin_spaces():
    assert format_count(1234567) == "1\u202f234\u202f567"


@pytest.mark.parametrize(
    ("lon", "lat", "tile"),
    [
        (4.5, 51.0, "31UFS"),  # Belgium, reference examples
        (3.3, 51.0, "31UES"),
        (5.0, 51.5, "31UFT"),
        (-74.0, 40.7, "18TWL"),  # New York
        (151.2, -33.87, "56HLH"),  # Sydney: southern hemisphere
        (10.0, 60.0, "32VNM"),  # Norway exception (zone 32 from 3 E)
        (5.0, 60.0, "32VKM"),
    ],
)
def test_tile_at_matches_known_mgrs_squares(lon, lat, tile):
    assert tile_at(lon, lat) == tile


def test_utm_zone_and_band_edge_cases():
    assert utm_zone(179.9, 0) == 60 and utm_zone(-180, 0) == 1
    assert utm_zone(15.0, 75.0) == 33  # Svalbard
    assert latitude_band(83.9) == "X" and latitude_band(-80) == "C"
    assert latitude_band(85) is None and tile_at(0, 86) is None


def test_tiles_at_adds_known_overlapping_tiles():
    known = {
        "31UFS": (4.4, 50.4, 6.0, 51.4),
        "31UGS": (5.8, 50.4, 7.4, 51.4),
        "32ULB": (6.0, 50.0, 7.5, 51.0),
    }
    # The MGRS square of the point first, then the other known tiles that overlap it.
    assert tiles_at(5.9, 51.0, known) == ["31UGS", "31UFS"]
    assert tiles_at(5.9, 52.5, known) == ["31UFU"]


# Quicklooks ------------------------------------------------------------------------------
def write_raster(path: Path, bands: list[np.ndarray], gdal_type: int, colours: list | None = None) -> str:
    rows, cols = bands[0].shape
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, len(bands), gdal_type)
    dataset.SetGeoTransform((600000.0, 10.0, 0.0, 5700000.0, 0.0, -10.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    dataset.SetProjection(srs.ExportToWkt())
    for index, values in enumerate(bands, start=1):
        dataset.GetRasterBand(index).WriteArray(values)
    if colours:
        table = gdal.ColorTable()
        for value, colour in enumerate(colours):
            table.SetColorEntry(value, colour)
        dataset.GetRasterBand(1).SetColorTable(table)
    dataset = None
    return str(path)


def test_quicklook_rgb_is_downsampled_to_fit(tmp_path):
    red = np.full((1000, 2000), 200, np.uint8)
    path = write_raster(tmp_path / "ql.tif", [red, red // 2, red // 4], gdal.GDT_Byte)
    image = read_quicklook(path, max_size=500)
    assert (image.width(), image.height()) == (500, 250)
    colour = image.pixelColor(10, 10)
    assert (colour.red(), colour.green(), colour.blue(), colour.alpha()) == (200, 100, 50, 255)


def test_quicklook_single_band_is_stretched_and_nodata_transparent(tmp_path):
    values = np.tile(np.arange(100, dtype=np.uint16) * 100, (50, 1))
    values[:, :10] = 0
    path = write_raster(tmp_path / "grey.tif", [values], gdal.GDT_UInt16)
    dataset = gdal.Open(path, gdal.GA_Update)
    dataset.GetRasterBand(1).SetNoDataValue(0)
    dataset = None
    image = read_quicklook(path)
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(99, 0).red() == 255 and image.pixelColor(99, 0).alpha() == 255
    assert 0 < image.pixelColor(50, 0).red() < 255


def test_quicklook_paletted(tmp_path):
    values = np.array([[0, 1], [1, 0]], np.uint8)
    path = write_raster(tmp_path / "pal.tif", [values], gdal.GDT_Byte, [(0, 0, 0, 255), (0, 160, 0, 255)])
    image = read_quicklook(path)
    assert image.pixelColor(1, 0).green() == 160


def test_corrupt_quicklook_raises_a_readable_error(tmp_path):
    path = tmp_path / "broken_QUICKLOOK.tif"
    path.write_bytes(b"II*\x00garbage")
    with pytest.raises(OSError, match="broken_QUICKLOOK"):
        read_quicklook(str(path))


# Footprints ------------------------------------------------------------------------------
def make_product(root: Path, stem: str, tile_files: dict[str, bytes | None]) -> Product:
    folder = root / f"{stem}_TOC_V200"
    folder.mkdir(parents=True)
    for name, content in tile_files.items():
        target = folder / name
        if content is None:
            values = np.ones((20, 20), np.uint8)
            write_raster(target, [values], gdal.GDT_Byte)
        else:
            target.write_bytes(content)
    return Product(str(folder), parse_name(folder.name), "TOC_V2", sorted(tile_files))


def test_footprints_are_read_once_per_tile(tmp_path):
    finder = FootprintFinder()
    first = make_product(
        tmp_path, "S2A_20200507T105031_31UFS", {"S2A_20200507T105031_31UFS_TOC_QUICKLOOK_V200.tif": None}
    )
    west, south, east, north = finder(first)
    assert 3 < west < east < 5 and 51 < south < north < 52
    # Same tile, file gone: the tile's footprint is reused, no raster read.
    second = make_product(
        tmp_path, "S2B_20200512T105029_31UFS", {"S2B_20200512T105029_31UFS_TOC_QUICKLOOK_V200.tif": b""}
    )
    assert finder(second) == (west, south, east, north)


def test_broken_footprints_give_up_after_a_few_tries(tmp_path):
    finder = FootprintFinder()
    products = [
        make_product(
            tmp_path,
            f"S2A_202005{day:02d}T105031_31UFT",
            {f"S2A_202005{day:02d}T105031_31UFT_TOC_QUICKLOOK_V200.tif": b""},
        )
        for day in range(1, 8)
    ]
    assert [finder(p) for p in products] == [None] * 7
    assert finder._failures["31UFT"] == FOOTPRINT_FAILURES_PER_KEY


# Results model ---------------------------------------------------------------------------
def hit(name: str, cloud: float | None) -> Hit:
    return make_hit(Product(f"/archive/{name}", parse_name(name), "TOC_V2"), None, cloud)


def test_model_appends_sorts_and_keeps_empty_values_last(qgis_app):
    model = ResultsModel()
    model.append(
        [hit("S2B_20200512T105029_31UFS_TOC_V200", 40.0), hit("S2A_20200507T105031_32ULB_TOC_V210", None)]
    )
    model.append(
        [hit("S2A_20200517T105031_31UFS_TOC_V200", 5.5), hit("S2B_20200512T105029_31UFS_TOC_V200", 1.0)]
    )
    assert model.rowCount() == 3  # the repeated product is not added twice
    assert model.index(0, PRODUCT).data() == "S2B TOC"
    assert model.index(0, DATE).data() == "2020-05-12 10:50"
    model.sort(CLOUD, Qt.AscendingOrder)
    assert [model.index(r, CLOUD).data() for r in range(3)] == ["6", "40", ""]
    model.sort(CLOUD, Qt.DescendingOrder)
    assert [model.index(r, CLOUD).data() for r in range(3)] == ["", "40", "6"]
    model.sort(DATE, Qt.AscendingOrder)
    assert [model.hit(r).product.name.start.day for r in range(3)] == [7, 12, 17]
    assert model.row_of("/archive/S2A_20200517T105031_31UFS_TOC_V200") == 2
    assert model.index(0, RESOLUTION).data() == ""
    model.clear()
    assert model.rowCount() == 0 and model.row_of("/archive/S2A_20200517T105031_31UFS_TOC_V200") is None


def test_search_task_runs_through_the_task_manager(tmp_path, qgis_app):
    from plugin.core.archive.catalogue import Query

    day = tmp_path / "TOC_V2" / "2020" / "05" / "07"
    for tile in ("31UFS", "31UFT", "32ULB"):
        make_product(
            day, f"S2A_20200507T105031_{tile}", {f"S2A_20200507T105031_{tile}_TOC_QUICKLOOK_V200.tif": None}
        )
    batches: list[list[Hit]] = []
    task = SearchTask(
        [str(tmp_path)],
        Query(tiles=["31UFS", "32ULB"]),
        7,
        cache_path=str(tmp_path / "c.sqlite"),
        batch_size=1,
    )
    task.batchReady.connect(lambda generation, hits: batches.append(hits) if generation == 7 else None)
    done: list[int] = []
    task.searchDone.connect(done.append)
    QgsApplication.taskManager().addTask(task)
    import time

    deadline = time.monotonic() + 30
    while not done and time.monotonic() < deadline:
        QgsApplication.processEvents()
    assert done == [7]
    names = sorted(h.product.name.tile for batch in batches for h in batch)
    assert names == ["31UFS", "32ULB"] and all(len(b) == 1 for b in batches)
    assert all(h.footprint is not None for batch in batches for h in batch)


# Cyclic collector around the results ------------------------------------------------------
class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_results_gc_guard_freezes_only_while_results_live():
    threshold, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    guard = ResultsGcGuard()
    guard.search_started()
    try:
        assert gc.get_threshold()[2] == ResultsGcGuard.GEN2_THRESHOLD_WHILE_SEARCHING
        assert gc.get_threshold()[:2] == threshold[:2]
        cycle = _Cycle()
        guard.search_ended()
        assert gc.get_threshold() == threshold
        assert gc.get_freeze_count() > frozen_before
        del cycle  # garbage frozen with the results ...
    finally:
        guard.release()
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold
    gc.collect()  # ... is collectable again once they are cleared
    assert not any(type(o) is _Cycle for o in gc.get_objects())
    guard.release()  # idempotent
    assert gc.get_threshold() == threshold


def test_file_labels_and_order_follow_the_product_model_roles(tmp_path):
    from plugin.core.products.model import product_at
    from plugin.gui.details import _file_order, file_label

    product = tmp_path / "S2B_20200502T105029_31UFS_TOC_V210"
    product.mkdir()
    names = [
        "S2B_20200502T105029_31UFS_TOC_V210.xml",
        "S2B_20200502T105029_31UFS_TOC_QUICKLOOK_V210.tif",
        "S2B_20200502T105029_31UFS_SCENECLASSIFICATION_20M_V210.tif",
        "S2B_20200502T105029_31UFS_TOC-B04_10M_V210.tif",
    ]
    for name in names:
        (product / name).write_bytes(b"")
    files = sorted(product_at(str(product)).files, key=_file_order)
    assert [file_label(f) for f in files] == [
        "TOC-B04 · 10 m",
        "SCENECLASSIFICATION · 20 m",
        "Quicklook",
        "Metadata (XML)",
    ]
