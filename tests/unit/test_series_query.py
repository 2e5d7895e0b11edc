"""The shared series reader: an archive query (or a user's files) turned into dates, and the composite
and histogram surviving a bad archive (truncated, vanished, permission denied).

Expected values come from the demo generator's manifest and from plain numpy/GDAL written here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from plugin.core.archive import (
    ArchiveError,
    Query,
    ScalingOverrides,
    SeriesEntry,
    entries_from_files,
    select_series,
)
from plugin.core.raster.blockwise import RasterError
from plugin.core.raster.kernels import RunOptions
from plugin.core.raster.series import histogram, temporal_composite
from tests.reference import DEFAULT_MASK, S2_BIOPAR

REPO = Path(__file__).resolve().parents[2]
NDVI = S2_BIOPAR["NDVI"]
MAY = Query(collections=["NDVI_V2"], tiles=["31UFS"])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from demo_archive.generator import generate

    root = tmp_path_factory.mktemp("series") / "archive"
    generate(str(root), tiles=["31UFS"], products=["NDVI"], dates=4, size=60, junk=False)
    return root


def manifest_newest(root: Path) -> list[dict]:
    """The newest version of each NDVI product of the demo, oldest first (from its manifest)."""
    products = json.loads((root / "DEMO_MANIFEST.json").read_text())["products"]
    newest: dict[str, dict] = {}
    for product in products:
        if product["collection"] != "NDVI_V2":
            continue
        day = product["start"][:10]
        if day not in newest or product["version"] > newest[day]["version"]:
            newest[day] = product
    return [newest[day] for day in sorted(newest)]


def file_of_kind(root: Path, product: dict, marker: str) -> str:
    return str(root / next(f for f in product["files"] if marker in f and f.endswith(".tif")))


# --------------------------------------------------------------------------- select_series


def test_select_series_gives_every_acquisition_with_its_files_time_and_scaling(demo: Path) -> None:
    selection = select_series([str(demo)], MAY)
    expected = manifest_newest(demo)
    assert selection.skipped == []
    assert [e.product for e in selection.entries] == [Path(p["path"]).name for p in expected]
    assert [e.path for e in selection.entries] == [file_of_kind(demo, p, "_NDVI_10M_") for p in expected]
    assert [e.scl_path for e in selection.entries] == [
        file_of_kind(demo, p, "_SCENECLASSIFICATION_20M_") for p in expected
    ]
    assert [e.when for e in selection.entries] == [
        datetime.strptime(p["start"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) for p in expected
    ]
    assert all(e.when.tzinfo is not None for e in selection.entries)
    assert {e.tile for e in selection.entries} == {"31UFS"}
    first = selection.entries[0]
    assert (first.scaling.scale, first.scaling.offset) == (NDVI.scale, NDVI.offset)
    assert (first.scaling.valid_min, first.scaling.valid_max) == (NDVI.valid_min, NDVI.valid_max)
    item = first.item()
    assert (item.path, item.scl_path, item.scaling) == (first.path, first.scl_path, first.scaling)
    assert first.item(apply_scl=False).scl_path is None


def test_select_series_cloud_is_the_searched_cover(demo: Path) -> None:
    expected = manifest_newest(demo)
    selection = select_series([str(demo)], Query(collections=["NDVI_V2"], max_cloud=100))
    assert [e.cloud for e in selection.entries] == pytest.approx([p["cloud_cover"] for p in expected])


def test_select_series_orders_by_time_then_tile_then_product(tmp_path: Path) -> None:
    from demo_archive.generator import generate

    root = tmp_path / "two"
    generate(str(root), tiles=["31UFS", "32ULB"], products=["NDVI"], dates=2, size=30, junk=False)
    entries = select_series([str(root)], Query(collections=["NDVI_V2"])).entries
    keys = [(e.when, e.tile, e.product) for e in entries]
    assert keys == sorted(keys) and len({e.tile for e in entries}) == 2


def test_select_series_uses_the_listing_cache_it_is_given(demo: Path, tmp_path: Path) -> None:
    """The dock's (Options page) or the command line's cache file, not always the default one."""
    chosen = tmp_path / "chosen.sqlite"
    cached = select_series([str(demo)], MAY, cache_path=str(chosen))
    assert chosen.is_file() and chosen.stat().st_size > 0
    unused = tmp_path / "unused.sqlite"
    fresh = select_series([str(demo)], MAY, cache_path=str(unused), use_cache=False)
    assert not unused.exists()
    assert [e.path for e in fresh.entries] == [e.path for e in cached.entries]


def test_a_product_without_the_band_is_skipped_with_the_reason(demo: Path) -> None:
    selection = select_series([str(demo)], MAY, band="TOC-B04")
    assert selection.entries == []
    assert len(selection.skipped) == len(manifest_newest(demo))
    assert {s.reason for s in selection.skipped} == {"no TOC-B04 file in the product"}


def test_unknown_scaling_is_skipped_and_user_values_are_used(tmp_path: Path, demo: Path) -> None:
    # NDVI files without their GDAL tags and the table's name: copies renamed as CCC (scale unknown).
    root = tmp_path / "ccc"
    shutil.copytree(demo, root)
    for folder, _, files in os.walk(root):
        for name in files:
            os.rename(os.path.join(folder, name), os.path.join(folder, name.replace("_NDVI_", "_CCC_")))
    for folder, dirs, _ in os.walk(root, topdown=False):
        for name in dirs:
            if "_NDVI_" in name or name == "NDVI_V2":
                os.rename(os.path.join(folder, name), os.path.join(folder, name.replace("NDVI", "CCC")))
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith("10M_V200.tif"):
                ds = gdal.Open(os.path.join(folder, name), gdal.GA_Update)
                ds.GetRasterBand(1).SetScale(1.0)
                ds.GetRasterBand(1).SetOffset(0.0)
                ds = None
    query = Query(collections=["CCC_V2"])
    plain = select_series([str(root)], query)
    v200 = [s for s in plain.skipped if s.path.endswith("10M_V200.tif")]
    assert v200 and all("give SCALE and OFFSET" in s.reason for s in v200)
    given = select_series([str(root)], query, overrides=ScalingOverrides(scale=0.5, offset=1.0))
    assert given.skipped == [] and len(given.entries) == len(plain.entries) + len(plain.skipped)
    for entry in given.entries:
        if entry.path.endswith("10M_V200.tif"):
            assert (entry.scaling.scale, entry.scaling.offset) == (0.5, 1.0)


def test_missing_root_is_an_archive_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match=str(tmp_path / "gone")):
        select_series([str(tmp_path / "gone")], MAY)
    with pytest.raises(ArchiveError, match="no archive root"):
        select_series([], MAY)


def test_an_empty_selection_is_not_an_error(demo: Path) -> None:
    selection = select_series([str(demo)], Query(collections=["NDVI_V2"], tiles=["31UGS"]))
    assert selection.entries == [] and selection.skipped == []


def test_a_vanished_or_truncated_header_is_skipped_at_selection(tmp_path: Path, demo: Path) -> None:
    root = tmp_path / "bad"
    shutil.copytree(demo, root)
    expected = manifest_newest(root)
    gone = file_of_kind(root, expected[0], "_NDVI_10M_")
    cut = file_of_kind(root, expected[1], "_NDVI_10M_")
    os.remove(gone)
    os.truncate(cut, 100)  # not even a TIFF header left
    selection = select_series([str(root)], MAY)
    reasons = {s.path: s.reason for s in selection.skipped}
    assert reasons == {
        str(root / expected[0]["path"]): "no data file in the product",  # gone before the search
        cut: reasons[cut],
    }
    assert reasons[cut].startswith("unreadable (truncated or corrupt?)")
    assert gone not in [e.path for e in selection.entries] and cut not in [e.path for e in selection.entries]
    assert len(selection.entries) == len(expected) - 2


# --------------------------------------------------------------------------- entries_from_files


def test_entries_from_files_keep_the_order_and_name_a_bad_file(demo: Path, tmp_path: Path) -> None:
    expected = manifest_newest(demo)
    paths = [file_of_kind(demo, p, "_NDVI_10M_") for p in reversed(expected)]
    entries = entries_from_files(paths)
    assert [e.path for e in entries] == paths
    assert [e.product for e in entries] == [Path(p["path"]).name for p in reversed(expected)]
    assert entries[0].scl_path == file_of_kind(demo, expected[-1], "_SCENECLASSIFICATION_20M_")
    with pytest.raises(RasterError, match=str(tmp_path / "missing.tif")):
        entries_from_files([paths[0], str(tmp_path / "missing.tif")])
    junk = tmp_path / "S2A_20200507T105031_31UFS_NDVI_10M_V200.tif"
    junk.write_bytes(b"II*\0garbage")
    with pytest.raises(RasterError, match=str(junk)):
        entries_from_files([str(junk)])


def test_a_users_own_file_has_no_time_or_tile(tmp_path: Path) -> None:
    path = write_tiled(tmp_path / "my_ndvi.tif", np.zeros((8, 8), np.uint8))
    (entry,) = entries_from_files([path], overrides=ScalingOverrides(scale=0.01, offset=0))
    assert (entry.product, entry.tile, entry.scl_path) == ("my_ndvi.tif", "", None)
    assert entry.when == datetime(1970, 1, 1, tzinfo=UTC)


# --------------------------------------------------------------------------- surviving a bad archive

SIZE, EDGE = 128, 32  # 4 × 4 windows of 32 pixels: a bad block is met mid-run


def write_tiled(path: Path, data: np.ndarray, pixel: float = 10.0) -> str:
    """An uncompressed GeoTIFF in 32 × 32 tiles (tiles written in order: cutting the file keeps the
    first ones readable), UTM 31N, with the NDVI nodata."""
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path),
        data.shape[1],
        data.shape[0],
        1,
        gdal.GDT_Byte,
        ["TILED=YES", "BLOCKXSIZE=32", "BLOCKYSIZE=32"],
    )
    ds.SetGeoTransform((600000.0, pixel, 0.0, 5700000.0, 0.0, -pixel))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(NDVI.nodata)
    ds.GetRasterBand(1).WriteArray(data)
    ds = None
    return str(path)


def physical(dn: np.ndarray) -> np.ndarray:
    values = (dn.astype(np.float64) * NDVI.scale + NDVI.offset).astype(np.float32)
    values[(dn < NDVI.valid_min) | (dn > NDVI.valid_max)] = np.nan
    return values


@pytest.fixture
def series(tmp_path: Path) -> tuple[list[SeriesEntry], list[np.ndarray], np.ndarray]:
    """Five named NDVI dates with their 20 m SCL; returns the entries, the DN and the 10 m mask."""
    rng = np.random.default_rng(11)
    dns, paths = [], []
    masks = []
    for day in range(5):
        stamp = f"S2A_2025060{day + 1}T104651_31UFS"
        folder = tmp_path / f"{stamp}_NDVI_V210"
        folder.mkdir()
        dn = rng.integers(0, 256, size=(SIZE, SIZE), dtype=np.uint8)
        scl = rng.integers(0, 12, size=(SIZE // 2, SIZE // 2), dtype=np.uint8)
        write_tiled(folder / f"{stamp}_SCENECLASSIFICATION_20M_V210.tif", scl, pixel=20.0)
        paths.append(write_tiled(folder / f"{stamp}_NDVI_10M_V210.tif", dn))
        dns.append(dn)
        masks.append(np.isin(np.kron(scl, np.ones((2, 2), np.uint8)), sorted(DEFAULT_MASK)))
    entries = entries_from_files(paths)
    assert all(e.scl_path for e in entries)
    stack = np.stack([np.where(m, np.nan, physical(dn)) for dn, m in zip(dns, masks, strict=True)])
    return entries, dns, stack


def cut_after_first_tiles(path: str) -> None:
    """Keep the header and the first tiles (about 40 % of the pixel data): later blocks fail."""
    os.truncate(path, 600 + SIZE * SIZE * 4 // 10)


def read(path: str) -> np.ndarray:
    data = gdal.Open(path).ReadAsArray().astype(np.float32)
    data[data == -9999.0] = np.nan
    return data


def composite(entries: list[SeriesEntry], out: Path, skip: bool, workers: int = 2):
    outputs = {"mean": str(out / "mean.tif"), "count": str(out / "count.tif"), "max": str(out / "max.tif")}
    result = temporal_composite(
        [e.item() for e in entries],
        outputs,
        tile=EDGE,
        options=RunOptions(workers=workers),
        skip_unreadable=skip,
    )
    return result, outputs


@pytest.mark.parametrize("workers", [1, 2])
def test_a_block_failing_mid_run_leaves_that_date_out_entirely(series, tmp_path: Path, workers: int) -> None:
    entries, _, stack = series
    bad = 2
    cut_after_first_tiles(entries[bad].path)
    ds = gdal.Open(entries[bad].path)
    assert ds.GetRasterBand(1).ReadAsArray(0, 0, EDGE, EDGE) is not None
    ds = None  # the first window of the bad date is readable: the failure is mid-run
    out = tmp_path / f"out{workers}"
    out.mkdir()
    result, outputs = composite(entries, out, skip=True, workers=workers)
    kept = np.delete(stack, bad, axis=0)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        mean, high = np.nanmean(kept, axis=0), np.nanmax(kept, axis=0)
    np.testing.assert_allclose(read(outputs["mean"]), mean, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(read(outputs["max"]), high, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(gdal.Open(outputs["count"]).ReadAsArray(), (~np.isnan(kept)).sum(axis=0))
    assert result.dates == len(entries) - 1
    assert [s.path for s in result.skipped] == [entries[bad].path]
    assert result.skipped[0].reason.startswith("unreadable (truncated or corrupt?)")
    assert sorted(os.listdir(out)) == ["count.tif", "max.tif", "mean.tif"]  # no temporary left


def test_an_explicit_list_fails_naming_the_bad_file(series, tmp_path: Path) -> None:
    entries, _, _ = series
    cut_after_first_tiles(entries[3].path)
    with pytest.raises(RasterError, match=entries[3].path):
        composite(entries, tmp_path, skip=False)
    assert not any(name.endswith(".tif") for name in os.listdir(tmp_path))
    with pytest.raises(RasterError, match=entries[3].path):
        histogram([e.item() for e in entries], 10)


def test_a_vanished_file_and_an_unreadable_scl_are_skipped(series, tmp_path: Path) -> None:
    entries, _, stack = series
    os.remove(entries[0].path)  # vanished after the query
    os.truncate(entries[4].scl_path, 0)  # its SCL is gone bad
    result, outputs = composite(entries, tmp_path, skip=True)
    assert {s.path: s.reason for s in result.skipped} == {
        entries[0].path: "vanished (the file no longer exists)",
        entries[4].scl_path: "its scene classification: empty file",
    }
    kept = stack[1:4]
    np.testing.assert_array_equal(gdal.Open(outputs["count"]).ReadAsArray(), (~np.isnan(kept)).sum(axis=0))


def test_histogram_counts_only_whole_readable_files(series) -> None:
    entries, _, stack = series
    cut_after_first_tiles(entries[1].path)
    result = histogram([e.item() for e in entries], 20, skip_unreadable=True, options=RunOptions(block=EDGE))
    kept = np.delete(stack, 1, axis=0)
    expected, _ = np.histogram(kept[~np.isnan(kept)], bins=20, range=(-0.08, 0.92))
    np.testing.assert_array_equal(result.counts, expected)
    assert result.files == [e.path for i, e in enumerate(entries) if i != 1]
    assert [s.path for s in result.skipped] == [entries[1].path]


def test_nothing_readable_fails_with_the_reasons(series, tmp_path: Path) -> None:
    entries, _, _ = series
    for entry in entries:
        cut_after_first_tiles(entry.path)
    with pytest.raises(RasterError, match=r"none of the 5 product\(s\) could be read: .*unreadable"):
        composite(entries, tmp_path, skip=True)
    with pytest.raises(RasterError, match=r"none of the 5 product\(s\) could be read"):
        histogram([e.item() for e in entries], 10, skip_unreadable=True)
    assert not any(name.endswith(".tif") for name in os.listdir(tmp_path))


# --------------------------------------------------------------------------- permission denied

PERMISSION_SCRIPT = textwrap.dedent("""
    import json, os, sys
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
    os.environ["HOME"] = sys.argv[2]
    from plugin.core.archive import Query, select_series
    from plugin.core.raster.series import temporal_composite
    selection = select_series([sys.argv[1]], Query(collections=["NDVI_V2"]))
    out = os.path.join(sys.argv[2], "count.tif")
    result = temporal_composite([e.item() for e in selection.entries], {"count": out})
    print(json.dumps({"skipped": [[s.path, s.reason] for s in selection.skipped + result.skipped],
                      "entries": [e.path for e in selection.entries], "dates": result.dates}))
""")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges to nobody")
def test_permission_denied_is_skipped_as_another_user(demo: Path) -> None:
    shared = Path(tempfile.mkdtemp(prefix="terrascope-series-"))
    try:
        os.chmod(shared, 0o755)
        tree = shared / "MTDA"
        shutil.copytree(demo, tree)
        home = shared / "home"
        home.mkdir()
        os.chown(home, 65534, 65534)
        expected = manifest_newest(tree)
        locked = file_of_kind(tree, expected[1], "_NDVI_10M_")
        os.chmod(locked, 0)
        result = subprocess.run(
            [sys.executable, "-c", PERMISSION_SCRIPT, str(tree), str(home)],
            capture_output=True, text=True, timeout=60, cwd=REPO,
        )  # fmt: skip
    finally:
        shutil.rmtree(shared)
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout)
    assert outcome["skipped"] == [[locked, "permission denied"]]
    assert locked not in outcome["entries"] and outcome["dates"] == len(expected) - 1


def test_a_mask_that_does_not_fit_is_skipped_with_its_own_reason(series, tmp_path: Path) -> None:
    entries, _, stack = series
    write_tiled(Path(entries[0].scl_path), np.zeros((SIZE // 2, SIZE // 2), np.uint8), pixel=25.0)
    result, outputs = composite(entries, tmp_path, skip=True)
    (skipped,) = result.skipped
    assert skipped.path == entries[0].path and "do not share a grid" in skipped.reason
    assert not skipped.reason.startswith("unreadable")  # readable: the mask is the wrong one
    np.testing.assert_array_equal(
        gdal.Open(outputs["count"]).ReadAsArray(), (~np.isnan(stack[1:])).sum(axis=0)
    )
    with pytest.raises(RasterError, match="do not share a grid"):
        composite(entries, tmp_path, skip=False)
