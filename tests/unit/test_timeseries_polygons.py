"""Polygon statistics per acquisition against a plain numpy reference, on real GeoTIFFs.

The reference below transforms the polygon's vertices with OSR, tests every pixel centre with its
own even-odd ray casting (not GDAL's rasteriser), gives overlapping tiles' pixels to the tile in
which the centre lies deepest by brute force, and computes the statistics with numpy.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from plugin.core.archive.series_query import entries_from_files
from plugin.core.timeseries import OutsideError, polygons, zonal_profiles, zone_stats, zones
from tests.reference import DEFAULT_MASK
from tests.unit.test_timeseries_points import (
    BLOCK,
    NDVI,
    Tile,
    copy_archive,
    corrupt_blocks,
    entries_of,
    to_lonlat,
    write_ndvi,
)

DATES = [datetime(2021, 6, day, 10, 40, 21, tzinfo=UTC) for day in (2, 7, 12)]
SAME_ZONE = Tile("31UFS", 32631, 600000.0, 5700000.0, 128)  # 8x8 data blocks, 4x4 SCL blocks
# A field in SAME_ZONE: an irregular quadrilateral (UTM 31N vertices), given to the code in lon/lat.
FIELD_UTM = [(600103.0, 5699897.0), (600377.0, 5699871.0), (600341.0, 5699663.0), (600121.0, 5699701.0)]


def _transform(source: int, target: int, xy: list[tuple[float, float]]) -> list[tuple[float, float]]:
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(source)
    dst.ImportFromEPSG(target)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    return [tuple(ct.TransformPoint(x, y)[:2]) for x, y in xy]


def _zone_tiles() -> tuple[Tile, Tile]:
    """Two rasters around 6°E, 51.4°N: one in UTM 31N, one in UTM 32N, overlapping by ~600 m."""
    ((x31, y31),) = _transform(4326, 32631, [(6.0, 51.4)])
    ((x32, y32),) = _transform(4326, 32632, [(6.0, 51.4)])
    z31 = Tile("31UGS", 32631, round(x31 - 400, -1), round(y31 + 320, -1), 70)
    z32 = Tile("32ULB", 32632, round(x32 - 300, -1), round(y32 + 320, -1), 70)
    return z31, z32


Z31, Z32 = _zone_tiles()
# Straddles 6°E: about 420 m x 445 m, all of it inside both rasters.
ACROSS_LONLAT = [(5.997, 51.398), (6.003, 51.398), (6.003, 51.402), (5.997, 51.402)]


def wkt(lonlat: list[tuple[float, float]]) -> str:
    ring = ", ".join(f"{x!r} {y!r}" for x, y in [*lonlat, lonlat[0]])
    return f"POLYGON(({ring}))"


def random_scene(seed: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """DN over the whole uint8 range (so nodata 255 and out-of-range 251..254 occur) and an SCL
    with vegetation, soil, shadow and clouds."""
    rng = np.random.default_rng(seed)
    dn = rng.integers(0, 256, size=(size, size), dtype=np.uint8)
    scl = rng.choice(
        np.array([4, 5, 3, 8, 9], dtype=np.uint8), size=(size // 2, size // 2), p=[0.5, 0.2, 0.1, 0.1, 0.1]
    )
    return dn, scl


# --------------------------------------------------------------------------- the numpy reference


def inside(x: np.ndarray, y: np.ndarray, ring: list[tuple[float, float]]) -> np.ndarray:
    """Even-odd ray casting."""
    result = np.zeros(x.shape, dtype=bool)
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        result ^= crosses & (x < at)
    return result


def centres(tile: Tile) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = np.mgrid[0 : tile.size, 0 : tile.size]
    return tile.ulx + (cols + 0.5) * 10, tile.uly - (rows + 0.5) * 10


def depth(tile: Tile, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    extent = tile.size * 10
    return np.minimum.reduce([x - tile.ulx, tile.ulx + extent - x, tile.uly - y, y - (tile.uly - extent)])


def reference(
    tiles: list[tuple[Tile, np.ndarray, np.ndarray]],
    lonlat: list[tuple[float, float]],
    mask: frozenset | None,
) -> dict:
    """count / valid / masked and statistics of the pixels whose centre lies in the polygon, each
    counted in the tile where it lies deepest (earlier tile on ties)."""
    count = masked = 0
    values = []
    for k, (tile, dn, scl) in enumerate(tiles):
        ring = _transform(4326, tile.epsg, lonlat)
        x, y = centres(tile)
        chosen = inside(x, y, ring)
        own = depth(tile, x, y)
        for j, (other, _, _) in enumerate(tiles):
            if j == k:
                continue
            flat = _transform(tile.epsg, other.epsg, list(zip(x[chosen], y[chosen], strict=True)))
            there = np.full(own.shape, -np.inf)
            there[chosen] = depth(other, np.array([p[0] for p in flat]), np.array([p[1] for p in flat]))
            chosen &= own > there if j < k else own >= there
        classes = np.repeat(np.repeat(scl, 2, axis=0), 2, axis=1)[: tile.size, : tile.size]
        is_masked = np.isin(classes, list(mask)) if mask is not None else np.zeros(dn.shape, bool)
        good = (dn <= NDVI.valid_max) & (dn != NDVI.nodata) & ~is_masked
        count += int(chosen.sum())
        masked += int((chosen & is_masked).sum())
        values.append(NDVI.physical(dn[chosen & good].astype(np.float64)))
    v = np.concatenate(values)
    stats = {"count": count, "masked": masked, "valid": int(v.size)}
    if v.size:
        stats.update(mean=v.mean(), median=np.median(v), std=v.std(), min=v.min(), max=v.max())
    return stats


def check(row, expected: dict) -> None:
    assert (row.count, row.valid, row.masked) == (expected["count"], expected["valid"], expected["masked"])
    assert row.masked_fraction == pytest.approx(expected["masked"] / expected["count"])
    for key in ("mean", "median", "std", "min", "max"):
        assert getattr(row, key) == pytest.approx(expected[key], abs=1e-9), key


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("ts_polygons")
    paths, arrays = [], {}
    for day, when in enumerate(DATES):
        for seed, tile in enumerate((SAME_ZONE, Z31, Z32)):
            dn, scl = random_scene(day * 10 + seed, tile.size)
            paths.append(write_ndvi(root, when, tile, dn, scl)[0])
            arrays[(day, tile.name)] = (tile, dn, scl)
    field = [to_lonlat(32631, x, y) for x, y in FIELD_UTM]
    return {"root": root, "paths": paths, "arrays": arrays, "field": field}


def same_zone_paths(archive: dict) -> list[str]:
    return [p for p in archive["paths"] if SAME_ZONE.name in os.path.basename(p)]


# --------------------------------------------------------------------------- tests


def test_field_statistics_per_date_against_numpy(archive: dict) -> None:
    rows = zonal_profiles(entries_of(same_zone_paths(archive)), [(42, wkt(archive["field"]))])
    assert [(r.feature, r.when, r.tile) for r in rows] == [(42, d, SAME_ZONE.name) for d in DATES]
    for day, row in enumerate(rows):
        expected = reference([archive["arrays"][(day, SAME_ZONE.name)]], archive["field"], DEFAULT_MASK)
        assert expected["masked"] and expected["valid"] < expected["count"] - expected["masked"]
        check(row, expected)
    assert rows.skipped == [] and rows.outside == []


def test_without_mask_nothing_is_masked(archive: dict) -> None:
    row = zonal_profiles(
        entries_of(same_zone_paths(archive)[:1]), [(1, wkt(archive["field"]))], mask_classes=None
    )[0]
    check(row, reference([archive["arrays"][(0, SAME_ZONE.name)]], archive["field"], None))
    assert row.masked == 0


@pytest.mark.parametrize("statistics", ["byte histogram", "sorted values"])
def test_polygon_across_two_utm_zones_counts_each_ground_pixel_once(
    archive: dict, statistics: str, monkeypatch
) -> None:
    """Two polygons across the zones in one call (the second, the first shrunk about its centre):
    each acquisition's two files give pixels of both polygons, combined per polygon."""
    if statistics == "sorted values":
        monkeypatch.setattr(zone_stats, "CELLS_PER_PIXEL", -(10**9))
    paths = [p for p in archive["paths"] if Z31.name in p or Z32.name in p]
    lon0 = sum(lon for lon, _ in ACROSS_LONLAT) / len(ACROSS_LONLAT)
    lat0 = sum(lat for _, lat in ACROSS_LONLAT) / len(ACROSS_LONLAT)
    shrunk = [(lon0 + 0.6 * (lon - lon0), lat0 + 0.6 * (lat - lat0)) for lon, lat in ACROSS_LONLAT]
    rows = zonal_profiles(entries_of(paths), [(7, wkt(ACROSS_LONLAT)), (8, wkt(shrunk))])
    assert [r.feature for r in rows] == [7] * len(DATES) + [8] * len(DATES)  # a row per acquisition
    for day, row in enumerate(rows[len(DATES) :]):
        assert row.tile == f"{Z31.name}+{Z32.name}"
        tiles = [archive["arrays"][(day, Z31.name)], archive["arrays"][(day, Z32.name)]]
        check(row, reference(tiles, shrunk, DEFAULT_MASK))
    rows = rows[: len(DATES)]
    ring = _transform(4326, 32631, ACROSS_LONLAT)
    area = 0.5 * abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
    )
    for day, row in enumerate(rows):
        assert row.tile == f"{Z31.name}+{Z32.name}"
        tiles = [archive["arrays"][(day, Z31.name)], archive["arrays"][(day, Z32.name)]]
        check(row, reference(tiles, ACROSS_LONLAT, DEFAULT_MASK))
        assert row.count == pytest.approx(area / 100, rel=0.03)  # not twice: no pixel counted in both


def test_polygon_in_another_crs(archive: dict) -> None:
    """The same field given in UTM 31N: the same pixels."""
    entries = entries_of(same_zone_paths(archive)[:1])
    utm = wkt([tuple(v) for v in _transform(4326, 32631, archive["field"])])
    as_utm = zonal_profiles(entries, [(3, utm)], "EPSG:32631")[0]
    check(as_utm, reference([archive["arrays"][(0, SAME_ZONE.name)]], archive["field"], DEFAULT_MASK))


def test_only_the_polygons_window_is_read(archive: dict, tmp_path: Path) -> None:
    root, paths = copy_archive(archive, tmp_path)
    entries = entries_of([p for p in paths if SAME_ZONE.name in os.path.basename(p)][:1])
    # Pixel centres inside the field's bounding box: columns 10..37, rows 10..33 of the data, whose
    # centres lie in SCL columns 5..18 and rows 5..16. Every other block is junk.
    data_blocks = {
        (bx, by) for bx in range(10 // BLOCK, 37 // BLOCK + 1) for by in range(10 // BLOCK, 33 // BLOCK + 1)
    }
    scl_blocks = {
        (bx, by) for bx in range(5 // BLOCK, 18 // BLOCK + 1) for by in range(5 // BLOCK, 16 // BLOCK + 1)
    }
    assert corrupt_blocks(entries[0].path, keep=data_blocks) == 64 - 9
    assert corrupt_blocks(entries[0].scl_path, keep=scl_blocks) == 16 - 4
    row = zonal_profiles(entries, [(1, wkt(archive["field"]))])[0]
    check(row, reference([archive["arrays"][(0, SAME_ZONE.name)]], archive["field"], DEFAULT_MASK))


def test_unreadable_files_are_skipped_and_said(archive: dict, tmp_path: Path) -> None:
    root, paths = copy_archive(archive, tmp_path)
    entries = entries_of([p for p in paths if SAME_ZONE.name in os.path.basename(p)])
    corrupt_blocks(entries[1].path, keep=set())
    corrupt_blocks(entries[2].scl_path, keep=set())
    rows = zonal_profiles(entries, [(5, wkt(archive["field"]))])
    assert [r.when for r in rows] == [DATES[0]]
    reasons = {item.path: item.reason for item in rows.skipped}
    assert set(reasons) == {entries[1].path, entries[2].scl_path}
    assert all("truncated or corrupt" in reason for reason in reasons.values())
    assert all(reason.count("truncated or corrupt") == 1 for reason in reasons.values())
    # Without masking the SCL is not needed: that date is back.
    unmasked = zonal_profiles(entries, [(5, wkt(archive["field"]))], mask_classes=None)
    assert [r.when for r in unmasked] == [DATES[0], DATES[2]]


def test_a_file_on_another_grid_than_its_tiles_other_files(archive: dict, tmp_path: Path) -> None:
    """Files of a tile are placed on the grid of its first file and checked when opened: one date
    reprocessed on a grid shifted by 30 m east and 20 m south is counted on its own grid."""
    from dataclasses import replace

    shifted = replace(SAME_ZONE, ulx=SAME_ZONE.ulx + 30.0, uly=SAME_ZONE.uly - 20.0)
    root = tmp_path / "archive"
    paths = []
    for day, when in enumerate(DATES):
        _, dn, scl = archive["arrays"][(day, SAME_ZONE.name)]
        paths.append(write_ndvi(root, when, shifted if day == 1 else SAME_ZONE, dn, scl)[0])
    field = archive["field"]
    for unread in (False, True):  # the tile's first header read, or unreadable (all are read)
        entries = entries_of(paths)
        if unread:
            Path(entries[0].path).write_bytes(Path(entries[0].path).read_bytes()[:10])
        rows = zonal_profiles(entries, [(3, wkt(field))])
        for row in rows:
            day = DATES.index(row.when)
            tile, dn, scl = archive["arrays"][(day, SAME_ZONE.name)]
            check(row, reference([(shifted if day == 1 else tile, dn, scl)], field, DEFAULT_MASK))
        assert [r.when for r in rows] == (DATES[1:] if unread else DATES)
        assert [s.path for s in rows.skipped] == ([entries[0].path] if unread else [])


def test_polygons_outside_every_product(archive: dict) -> None:
    entries = entries_of(same_zone_paths(archive))
    far = wkt([(10.0, 10.0), (10.01, 10.0), (10.01, 10.01)])
    rows = zonal_profiles(entries, [(8, far), (9, wkt(archive["field"]))])
    assert rows.outside == [8]
    assert {r.feature for r in rows} == {9}
    with pytest.raises(OutsideError, match="polygon"):
        zonal_profiles(entries, [(8, far)])


def test_rows_follow_the_input_order_of_features(archive: dict) -> None:
    entries = entries_of(same_zone_paths(archive))
    small = wkt(
        [to_lonlat(32631, x, y) for x, y in [(600500, 5699500), (600600, 5699500), (600600, 5699400)]]
    )
    seen = []
    rows = zonal_profiles(entries, [(30, small), (4, wkt(archive["field"]))], on_stats=seen.append)
    assert [r.feature for r in rows] == [30] * 3 + [4] * 3
    assert sorted(seen, key=lambda r: (r.feature != 30, r.when)) == list(rows)


@pytest.mark.parametrize("batch", [polygons.STATS_BATCH, 2])
@pytest.mark.parametrize("statistics", ["byte histogram", "sorted values"])
@pytest.mark.parametrize("bucket", [zones.BUCKET, 7, 1])
def test_several_polygons_of_one_call_each_against_numpy(
    archive: dict, bucket: int, statistics: str, batch: int, monkeypatch
) -> None:
    """Statistics computed for all polygons of a file together keep each polygon's pixels apart:
    overlapping and disjoint polygons of one call, each checked on every date. The pixels are read
    in windows of at most BUCKET pixels a side: with small ones, a polygon's pixels (and its SCL
    pixels) come from several windows, down to one window per pixel. Byte DNs are summarised from
    a histogram unless it would outgrow the pixels: both ways give numpy's figures, for the
    acquisitions summarised together (STATS_BATCH of them) or in smaller batches."""
    monkeypatch.setattr(zones, "BUCKET", bucket)
    monkeypatch.setattr(polygons, "STATS_BATCH", batch)
    if statistics == "sorted values":
        monkeypatch.setattr(zone_stats, "CELLS_PER_PIXEL", -(10**9))
    shapes = {
        11: archive["field"],
        12: [to_lonlat(32631, x + 90, y - 70) for x, y in FIELD_UTM],  # overlaps the field
        13: [to_lonlat(32631, x, y) for x, y in [(600420, 5699880), (600590, 5699860), (600560, 5699610)]],
        14: [to_lonlat(32631, x, y) for x, y in [(600150, 5699640), (600330, 5699640), (600330, 5699480)]],
    }
    rows = zonal_profiles(entries_of(same_zone_paths(archive)), [(f, wkt(r)) for f, r in shapes.items()])
    assert [(r.feature, r.when) for r in rows] == [(f, d) for f in shapes for d in DATES]
    for row in rows:
        day = DATES.index(row.when)
        check(row, reference([archive["arrays"][(day, SAME_ZONE.name)]], shapes[row.feature], DEFAULT_MASK))
    assert len({(r.valid, r.mean) for r in rows}) == len(rows)  # no two polygons share their pixels' figures


def test_bad_polygons_are_refused(archive: dict) -> None:
    entries = entries_of(same_zone_paths(archive)[:1])
    with pytest.raises(ValueError, match="feature 2"):
        zonal_profiles(entries, [(2, "POLYGON((1 2, 3")])
    with pytest.raises(ValueError, match="feature 3: POINT is not a polygon"):
        zonal_profiles(entries, [(3, "POINT(4.4 51.4)")])
    with pytest.raises(ValueError, match="coordinate system"):
        zonal_profiles(entries, [(4, wkt(archive["field"]))], "https://example.org/crs")


def test_curved_geometry_is_taken_as_its_linear_ring(archive: dict) -> None:
    """QGIS can hand over CurvePolygon WKT (e.g. from a GeoPackage): straight segments read as the polygon."""
    ring = ", ".join(f"{x!r} {y!r}" for x, y in [*archive["field"], archive["field"][0]])
    curved = f"CURVEPOLYGON(COMPOUNDCURVE(({ring})))"
    row = zonal_profiles(entries_of(same_zone_paths(archive)[:1]), [(6, curved)])[0]
    check(row, reference([archive["arrays"][(0, SAME_ZONE.name)]], archive["field"], DEFAULT_MASK))


def _one_tile_reference(dn: np.ndarray, classes: np.ndarray, lonlat, physical, good) -> dict:
    """Statistics of the pixels of SAME_ZONE whose centre lies in the polygon, written out here."""
    x, y = centres(SAME_ZONE)
    chosen = inside(x, y, _transform(4326, SAME_ZONE.epsg, lonlat))
    is_masked = np.isin(np.repeat(np.repeat(classes, 2, axis=0), 2, axis=1), list(DEFAULT_MASK))
    values = physical(dn[chosen & good & ~is_masked].astype(np.float64))
    return {
        "count": int(chosen.sum()),
        "masked": int((chosen & is_masked).sum()),
        "valid": int(values.size),
        "mean": values.mean(),
        "median": np.median(values),
        "std": values.std(),
        "min": values.min(),
        "max": values.max(),
    }


def _tagged_copy(
    folder: Path, data: np.ndarray, classes: np.ndarray, scale: float, offset: float, physical: bool = False
) -> str:
    """An NDVI product whose data file carries GDAL scale/offset tags (they win over the table), or
    the mark of physical values written by terrascope:physicalvalues (range 0..1)."""
    from tests.unit.test_timeseries_points import write_tif

    stamp = "S2A_20210602T104021_31UFS"
    product = folder / f"{stamp}_NDVI_V210"
    path = write_tif(product / f"{stamp}_NDVI_10M_V210.tif", data, SAME_ZONE, 10)
    write_tif(product / f"{stamp}_SCENECLASSIFICATION_20M_V210.tif", classes, SAME_ZONE, 20)
    ds = gdal.Open(path, gdal.GA_Update)
    ds.GetRasterBand(1).SetScale(scale)
    ds.GetRasterBand(1).SetOffset(offset)
    if physical:
        ds.SetMetadataItem("TERRASCOPE_PHYSICAL_VALUES", "YES")
        ds.SetMetadataItem("TERRASCOPE_PHYSICAL_RANGE", "0,1")
    ds = None
    return path


def test_a_negative_scale_orders_values_not_digital_numbers(archive: dict, tmp_path: Path) -> None:
    """Scale -0.004, offset 1 in the file's tags (DN 0 is the largest value): medians, minima and
    maxima follow the physical values, not the digital numbers."""
    _, dn, classes = archive["arrays"][(0, SAME_ZONE.name)]
    path = _tagged_copy(tmp_path, dn, classes, -0.004, 1.0)
    entries = entries_from_files([path])
    assert entries[0].scl_path is not None and entries[0].scaling.scale == -0.004
    (row,) = zonal_profiles(entries, [(1, wkt(archive["field"]))])
    good = (dn <= NDVI.valid_max) & (dn != NDVI.nodata)
    check(row, _one_tile_reference(dn, classes, archive["field"], lambda v: -0.004 * v + 1.0, good))


def test_float_data_with_nan_as_nodata(archive: dict, tmp_path: Path) -> None:
    """Physical values stored as Float32 (NaN: no data) are summarised from the values."""
    rng = np.random.default_rng(7)
    size = SAME_ZONE.size
    values = rng.uniform(0.0, 1.0, size=(size, size)).astype(np.float32)
    values[rng.random((size, size)) < 0.2] = np.nan
    _, _, classes = archive["arrays"][(0, SAME_ZONE.name)]
    path = _tagged_copy(tmp_path, values, classes, 1.0, 0.0, physical=True)
    entries = entries_from_files([path])
    assert entries[0].scl_path is not None and entries[0].scaling.valid_max == 1.0
    (row,) = zonal_profiles(entries, [(1, wkt(archive["field"]))])
    check(row, _one_tile_reference(values, classes, archive["field"], lambda v: v, np.isfinite(values)))
