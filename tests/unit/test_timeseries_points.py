"""Pixel profiles against a plain numpy reference, on real GeoTIFFs in the Terrascope layout.

The archive is written here (NDVI V210 10 m with its 20 m SCL, tiled DEFLATE GeoTIFFs in UTM); the
expected samples are computed by ``expected_sample`` below from the arrays the test wrote and the
reference tables (tests/reference.py), never by the module under test.
The builders are shared with test_timeseries_polygons.py and test_cli_timeseries.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from plugin.core.archive.series_query import entries_from_files
from plugin.core.timeseries import STATUSES, OutsideError, outside_points, point_profiles
from tests.reference import DEFAULT_MASK, S2_BIOPAR, SCL_LABELS

gdal.UseExceptions()

NDVI = S2_BIOPAR["NDVI"]
BLOCK = 16  # small tiles: "only the pixel's block is read" can be checked by corrupting the others


# --------------------------------------------------------------------------- archive builders


@dataclass(frozen=True)
class Tile:
    """A small raster standing in for an MGRS tile: UTM zone, upper-left corner, size at 10 m."""

    name: str
    epsg: int
    ulx: float
    uly: float
    size: int = 64

    def centre(self, col: int, row: int, res: int = 10) -> tuple[float, float]:
        return (self.ulx + (col + 0.5) * res, self.uly - (row + 0.5) * res)


def stamp(when: datetime, tile: Tile, mission: str = "S2A") -> str:
    return f"{mission}_{when:%Y%m%dT%H%M%S}_{tile.name}"


def write_tif(path: Path, data: np.ndarray, tile: Tile, res: int, nodata: float | None = None) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = {np.dtype(np.uint8): gdal.GDT_Byte, np.dtype(np.float32): gdal.GDT_Float32}[data.dtype]
    options = ["TILED=YES", f"BLOCKXSIZE={BLOCK}", f"BLOCKYSIZE={BLOCK}", "COMPRESS=DEFLATE"]
    ds = gdal.GetDriverByName("GTiff").Create(str(path), data.shape[1], data.shape[0], 1, kind, options)
    ds.SetGeoTransform((tile.ulx, res, 0.0, tile.uly, 0.0, -res))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(tile.epsg)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(data)
    ds = None
    return str(path)


def write_ndvi(
    root: Path, when: datetime, tile: Tile, dn: np.ndarray, scl: np.ndarray | None, version: str = "V210"
) -> tuple[str, str | None]:
    """An NDVI_V2 product as Terrascope lays it out: YYYY/MM/DD/<product>/<files>."""
    name = stamp(when, tile)
    folder = root / "TERRASCOPE_Sentinel2" / "NDVI_V2" / f"{when:%Y/%m/%d}" / f"{name}_NDVI_{version}"
    data = write_tif(folder / f"{name}_NDVI_10M_{version}.tif", dn.astype(np.uint8), tile, 10, NDVI.nodata)
    scl_path = None
    if scl is not None:
        scl_path = write_tif(
            folder / f"{name}_SCENECLASSIFICATION_20M_{version}.tif", scl.astype(np.uint8), tile, 20
        )
    return data, scl_path


def corrupt_blocks(path: str, keep: set[tuple[int, int]]) -> int:
    """Overwrite every compressed tile of ``path`` except ``keep`` (block column, row) with junk:
    reading any of them then fails. Returns how many were spoiled."""
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    nx = -(-ds.RasterXSize // BLOCK)
    ny = -(-ds.RasterYSize // BLOCK)
    places = []
    for by in range(ny):
        for bx in range(nx):
            if (bx, by) not in keep:
                offset = int(band.GetMetadataItem(f"BLOCK_OFFSET_{bx}_{by}", "TIFF"))
                size = int(band.GetMetadataItem(f"BLOCK_SIZE_{bx}_{by}", "TIFF"))
                places.append((offset, size))
    ds = None
    with open(path, "r+b") as fh:
        for offset, size in places:
            fh.seek(offset)
            fh.write(b"\xff" * size)
    return len(places)


def to_lonlat(epsg: int, x: float, y: float) -> tuple[float, float]:
    src = osr.SpatialReference()
    src.ImportFromEPSG(epsg)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lon, lat, _ = osr.CoordinateTransformation(src, dst).TransformPoint(x, y)
    return lon, lat


def expected_sample(
    dn: np.ndarray, scl: np.ndarray | None, col: int, row: int, mask: frozenset[int] | None
) -> tuple[str, float | None, int | None]:
    """(status, value, SCL class) of pixel (col, row): the documented order, written out here.
    The SCL pixel is the 20 m pixel holding the 10 m pixel's centre: metres // 20."""
    value = int(dn[row, col])
    cls = None
    if scl is not None:
        cls = int(scl[int(((row + 0.5) * 10) // 20), int(((col + 0.5) * 10) // 20)])
    if mask is not None and cls is not None and cls in mask:
        return "masked", None, cls
    if value == NDVI.nodata:
        return "nodata", None, cls
    if not NDVI.valid_min <= value <= NDVI.valid_max:
        return "out_of_range", None, cls
    return "valid", NDVI.physical(value), cls


# --------------------------------------------------------------------------- the scene

A = Tile("31UFS", 32631, 600000.0, 5700000.0)
B = Tile("31UGS", 32631, 600320.0, 5700000.0)  # same zone, overlaps A's east half (x 600320..600640)
DATES = [datetime(2021, 5, day, 10, 50, 31, tzinfo=UTC) for day in (3, 8, 13, 18, 23, 28)]
# Pixels of A the points sit on (col, row); P1/P2 also lie in B.
P0 = (11, 13)  # odd column and row: its 20 m SCL pixel is (5, 6); (6, 6)/(6, 7) are the wrong ones
P1 = (40, 32)  # overlap, 235 m from A's edge, 85 m from B's: A
P2 = (61, 32)  # overlap, 25 m from A's edge, 295 m from B's: B (B column 29)


def scene(day: int) -> tuple[np.ndarray, np.ndarray]:
    """DN and SCL of A on date ``day``: a gradient, with the statuses placed on P0."""
    rows, cols = np.mgrid[0:64, 0:64]
    dn = (20 + (rows * 3 + cols * 2 + day * 7) % 220).astype(np.uint8)
    scl = np.full((32, 32), 4, dtype=np.uint8)
    scl[6, 6] = scl[7, 6] = scl[7, 5] = 9  # the neighbours a wrong 10 m -> 20 m mapping would pick
    if day == 1:
        scl[6, 5] = 9  # cloud: masked
    elif day == 2:
        dn[13, 11] = 255  # nodata DN
    elif day == 3:
        dn[13, 11] = 252  # above the valid range 0..250
        scl[6, 5] = 5
    elif day == 4:
        scl[6, 5] = 3  # cloud shadow
    elif day == 5:
        dn[13, 11] = 255  # nodata under a cloud: masked comes first
        scl[6, 5] = 8
    return dn, scl


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("ts_points")
    arrays = {}
    paths = []
    for day, when in enumerate(DATES):
        dn, scl = scene(day)
        paths.append(write_ndvi(root, when, A, dn, scl)[0])
        arrays[(day, A.name)] = (dn, scl)
    # B exists on the first date only (same datatake as A): constant DN 200, SCL vegetation.
    b_dn = np.full((64, 64), 200, dtype=np.uint8)
    b_scl = np.full((32, 32), 4, dtype=np.uint8)
    paths.append(write_ndvi(root, DATES[0], B, b_dn, b_scl)[0])
    arrays[(0, B.name)] = (b_dn, b_scl)
    points = [to_lonlat(A.epsg, *A.centre(*p)) for p in (P0, P1, P2)]
    return {"root": root, "paths": paths, "arrays": arrays, "points": points}


def entries_of(paths: list[str]) -> list:
    entries = entries_from_files(paths)
    return sorted(entries, key=lambda e: (e.when, e.tile, e.product))


def copy_archive(archive: dict, tmp_path: Path) -> tuple[Path, list[str]]:
    """A private copy to spoil."""
    root = tmp_path / "copy"
    shutil.copytree(archive["root"], root)
    return root, [str(root / os.path.relpath(p, archive["root"])) for p in archive["paths"]]


# --------------------------------------------------------------------------- tests


def test_every_status_and_the_scl_class_against_numpy(archive: dict) -> None:
    samples = point_profiles(entries_of(archive["paths"]), archive["points"][:1])
    assert [s.when for s in samples] == DATES  # one per acquisition, oldest first
    seen = set()
    for day, sample in enumerate(samples):
        dn, scl = archive["arrays"][(day, A.name)]
        status, value, cls = expected_sample(dn, scl, *P0, DEFAULT_MASK)
        assert (sample.status, sample.scl, sample.tile) == (status, cls, A.name), day
        assert sample.value == pytest.approx(value, abs=1e-9) if value is not None else sample.value is None
        assert (sample.lon, sample.lat) == archive["points"][0]
        if status == "masked":
            assert sample.reason == f"SCL {cls} ({SCL_LABELS[cls]})"
        seen.add(status)
    assert seen == set(STATUSES) - {"unreadable"}  # the scene places every other status on P0


def test_10m_pixel_takes_the_20m_scl_pixel_holding_its_centre(archive: dict) -> None:
    """On day 0 only the wrong SCL neighbours are cloud: a value proves the right pixel was read."""
    first = point_profiles(entries_of(archive["paths"][:1]), archive["points"][:1])[0]
    assert (first.status, first.scl) == ("valid", 4)
    assert first.value == pytest.approx(NDVI.physical(int(scene(0)[0][13, 11])), abs=1e-9)


def test_overlapping_tiles_give_one_sample_from_the_deepest_tile(archive: dict) -> None:
    samples = point_profiles(entries_of(archive["paths"]), archive["points"], mask_classes=None)
    first_date = [s for s in samples if s.when == DATES[0]]
    assert [(s.point, s.tile) for s in first_date] == [(0, A.name), (1, A.name), (2, B.name)]
    dn_a = archive["arrays"][(0, A.name)][0]
    assert first_date[1].value == pytest.approx(NDVI.physical(int(dn_a[32, 40])), abs=1e-9)
    assert first_date[2].value == pytest.approx(NDVI.physical(200), abs=1e-9)
    # Every point has exactly one sample per date (P1/P2: A alone on the other dates).
    assert len(samples) == 3 * len(DATES)
    assert [(s.point, s.when) for s in samples] == sorted((s.point, s.when) for s in samples)


def test_no_mask_gives_the_value_under_the_cloud_and_keeps_the_class(archive: dict) -> None:
    cloudy = point_profiles(entries_of(archive["paths"][1:2]), archive["points"][:1], mask_classes=None)[0]
    dn, scl = archive["arrays"][(1, A.name)]
    assert (cloudy.status, cloudy.scl) == ("valid", 9)
    assert cloudy.value == pytest.approx(NDVI.physical(int(dn[13, 11])), abs=1e-9)
    custom = point_profiles(entries_of(archive["paths"][4:5]), archive["points"][:1], mask_classes={9})[0]
    assert (custom.status, custom.scl) == ("valid", 3)  # shadow is not in this mask


def test_points_outside_every_product(archive: dict) -> None:
    entries = entries_of(archive["paths"])
    far = (10.0, 10.0)
    samples = point_profiles(entries, [far, archive["points"][0]])
    assert samples.outside == [0]
    assert {s.point for s in samples} == {1}
    assert outside_points(entries, [far, archive["points"][0]]) == [0]
    with pytest.raises(OutsideError, match=r"point 0 \(10, 10\)"):
        point_profiles(entries, [far])


def test_lon_lat_order_is_longitude_first(archive: dict) -> None:
    lon, lat = archive["points"][0]
    with pytest.raises(OutsideError):  # swapped: 51 E, 4 N lies nowhere near the tile
        point_profiles(entries_of(archive["paths"][:1]), [(lat, lon)])


def test_only_the_pixels_block_is_read(archive: dict, tmp_path: Path) -> None:
    """Every other block of the data file and of its SCL is junk: reading more than the pixel's
    block would make the sample unreadable."""
    root, paths = copy_archive(archive, tmp_path)
    entries = entries_of(paths[:1])
    corrupt_blocks(entries[0].path, keep={(11 // BLOCK, 13 // BLOCK)})
    corrupt_blocks(entries[0].scl_path, keep={(5 // BLOCK, 6 // BLOCK)})
    sample = point_profiles(entries, archive["points"][:1])[0]
    assert (sample.status, sample.scl) == ("valid", 4)


def test_unreadable_files_are_reported_per_sample(archive: dict, tmp_path: Path) -> None:
    root, paths = copy_archive(archive, tmp_path)
    entries = entries_of(paths)
    by_day = {e.when: e for e in entries if e.tile == A.name}
    corrupt_blocks(by_day[DATES[1]].path, keep=set())  # truncated/corrupt data
    os.remove(by_day[DATES[2]].path)  # vanished after the query
    corrupt_blocks(by_day[DATES[3]].scl_path, keep=set())  # its SCL cannot be read
    samples = point_profiles(entries, archive["points"][:1], workers=3)
    status = {s.when: (s.status, s.reason) for s in samples}
    assert status[DATES[0]][0] == "valid"
    assert status[DATES[1]][0] == "unreadable" and "truncated or corrupt" in status[DATES[1]][1]
    assert status[DATES[2]] == ("unreadable", "vanished (the file no longer exists)")
    assert status[DATES[3]][0] == "unreadable" and "SCL" in status[DATES[3]][1]
    assert all(s.value is None for s in samples if s.status == "unreadable")
    # Without masking an unreadable SCL only empties the class.
    unmasked = point_profiles([by_day[DATES[3]]], archive["points"][:1], mask_classes=None)[0]
    assert (unmasked.status, unmasked.scl) == ("out_of_range", None)


def test_samples_arrive_through_the_callback_and_workers_agree(archive: dict) -> None:
    entries = entries_of(archive["paths"])
    seen = []
    parallel = point_profiles(entries, archive["points"], workers=4, on_sample=seen.append)
    serial = point_profiles(entries, archive["points"], workers=1)
    assert list(parallel) == list(serial)
    assert sorted(seen, key=lambda s: (s.point, s.when)) == list(parallel)


def test_cancelled_before_start_reads_nothing(archive: dict) -> None:
    assert point_profiles(entries_of(archive["paths"]), archive["points"], is_cancelled=lambda: True) == []


def test_bad_points_and_classes_are_refused(archive: dict) -> None:
    entries = entries_of(archive["paths"][:1])
    with pytest.raises(ValueError, match="point 0"):
        point_profiles(entries, [(200.0, 10.0)])
    with pytest.raises(ValueError, match="SCL class 12"):
        point_profiles(entries, archive["points"][:1], mask_classes={12})


PERMISSION_SCRIPT = """
import json, os, sys
from plugin.core.archive.series_query import entries_from_files
from plugin.core.timeseries import point_profiles, zonal_profiles
good, locked, lon, lat = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
entries = entries_from_files([good, locked])  # selected while readable
os.chmod(locked, 0)
os.setgroups([]); os.setgid(65534); os.setuid(65534)
samples = point_profiles(entries, [(lon, lat)])
ring = f"{lon} {lat}, {lon + 0.001} {lat}, {lon + 0.001} {lat - 0.001}, {lon} {lat}"
zones = zonal_profiles(entries, [(1, f"POLYGON(({ring}))")])
print(json.dumps({"samples": [[s.path, s.status, s.reason] for s in samples],
                  "rows": [r.product for r in zones], "skipped": [[s.path, s.reason] for s in zones.skipped]}))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges to nobody")
def test_permission_denied_as_another_user(archive: dict) -> None:
    shared = Path(tempfile.mkdtemp(prefix="terrascope-timeseries-"))
    try:
        os.chmod(shared, 0o755)
        good, locked = (str(shutil.copy(p, shared / os.path.basename(p))) for p in archive["paths"][:2])
        lon, lat = archive["points"][0]
        done = subprocess.run(
            [sys.executable, "-c", PERMISSION_SCRIPT, good, locked, repr(lon), repr(lat)],
            capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
    finally:
        shutil.rmtree(shared)
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout)
    assert outcome["samples"] == [[good, "valid", ""], [locked, "unreadable", "permission denied"]]
    assert outcome["skipped"] == [[locked, "permission denied"]] and len(outcome["rows"]) == 1
