"""Listing cache: warm hits, change detection, corrupt and locked files, two processes at once."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sqlite3
import warnings
from datetime import date
from pathlib import Path

import pytest

from plugin.core.archive.catalogue import Catalogue, Query
from plugin.core.archive.listing_cache import (
    ListingCache,
    ListingCacheWarning,
    decode_entries,
    default_cache_path,
    encode_entries,
)

OLD = 1_500_000_000


def build(root: Path, days: int = 6) -> None:
    for day in range(1, days + 1):
        stem = f"S2A_202001{day:02d}T105031_31UFS"
        folder = root / "NDVI_V2" / "2020" / "01" / f"{day:02d}" / f"{stem}_NDVI_V200"
        folder.mkdir(parents=True)
        (folder / f"{stem}_NDVI_10M_V200.tif").touch()
    for folder, dirs, _files in os.walk(root):
        for name in dirs:
            os.utime(os.path.join(folder, name), (OLD, OLD))
    os.utime(root, (OLD, OLD))


def subtrees(cache: Path) -> int:
    return sqlite3.connect(cache).execute("SELECT COUNT(*) FROM subtree").fetchone()[0]


_AGES = itertools.count(1)


def age(*paths: Path) -> None:
    """Give changed folders a past mtime again (the cache ignores folders changed in the last 2 s).

    Each call uses a new one, as a real change would: a folder changed twice never gets its old mtime.
    """
    past = OLD + 60 * next(_AGES)
    for path in paths:
        os.utime(path, (past, past))


def scan(root: Path, cache: Path) -> tuple[Catalogue, list[str]]:
    catalogue = Catalogue([str(root)], cache_path=str(cache))
    return catalogue, [p.folder_name for p in catalogue.search(Query())]


def test_default_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == str(tmp_path / "terrascope_browser" / "listing.sqlite")


def test_warm_cache_serves_listings_and_sees_changes(tmp_path: Path) -> None:
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root)
    first, cold = scan(root, cache)
    assert first.stats["listed"] > 0
    second, warm = scan(root, cache)
    assert warm == cold and second.stats["listed"] == 0 and second.stats["cached"] > 0
    # A new product changes the day folder's mtime: that folder is listed again, the rest is not.
    new = root / "NDVI_V2" / "2020" / "01" / "03" / "S2B_20200103T110000_31UFS_NDVI_V200"
    new.mkdir()
    (new / "S2B_20200103T110000_31UFS_NDVI_10M_V200.tif").touch()
    third, changed = scan(root, cache)
    assert new.name in changed and len(changed) == len(cold) + 1
    assert 0 < third.stats["listed"] <= 3


def test_recent_folders_are_not_cached(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    (root / "a").mkdir(parents=True)
    with ListingCache(str(tmp_path / "c.sqlite")) as cache:
        cache.put(str(root), os.stat(root).st_mtime_ns, [("a", "d")])
        assert cache.get(str(root), os.stat(root).st_mtime_ns) is None


def test_corrupt_cache_is_rebuilt_with_a_warning(tmp_path: Path) -> None:
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root)
    cache.write_bytes(b"this is not a database" * 100)
    with pytest.warns(ListingCacheWarning, match="corrupt"):
        catalogue, products = scan(root, cache)
    assert len(products) == 6 and any("corrupt" in w for w in catalogue.warnings)
    _, again = scan(root, cache)  # the rebuilt file works
    assert again == products


def test_locked_cache_falls_back_to_uncached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import plugin.core.archive.listing_cache as listing_cache

    monkeypatch.setattr(listing_cache, "BUSY_TIMEOUT_S", 0.1)
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root)
    scan(root, cache)
    holder = sqlite3.connect(cache, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")  # leave WAL so an exclusive lock blocks readers too
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            catalogue, products = scan(root, cache)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(products) == 6
    assert any("locked" in str(w.message) for w in caught)
    assert any("locked" in w for w in catalogue.warnings)


def _worker(args: tuple[str, str]) -> list[str]:
    root, cache = args
    return [Catalogue([root], cache_path=cache).search(Query()).__next__().folder_name] + [
        p.folder_name for p in Catalogue([root], cache_path=cache).search(Query())
    ]


def test_two_processes_share_the_cache(tmp_path: Path) -> None:
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root, days=20)
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.map(_worker, [(str(root), str(cache))] * 4)
    assert all(len(r) == 21 for r in results) and all(r == results[0] for r in results)
    assert subtrees(cache) == 20  # one row per day folder, holding its product folder


@pytest.mark.parametrize(
    "entries",
    [
        [],
        [("a", "f")],
        [("S2A_1_NDVI_10M.tif", "f"), ("S2A_1_NDVI.xml", "f"), ("10M", "d"), ("S2A", "l")],
        [("same", "f"), ("same", "d")],
        [("", "f"), ("é ü", "f")],
    ],
)
def test_entries_round_trip(entries: list[tuple[str, str]]) -> None:
    text = encode_entries(entries)
    assert text is not None and decode_entries(text) == entries


def test_names_with_a_newline_are_not_stored() -> None:
    assert encode_entries([("a\nb", "f")]) is None
    assert encode_entries([("x\n1", "f"), ("x\n2", "f")]) is None  # newline inside the common prefix


def test_batches_written_by_the_writer_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import plugin.core.archive.listing_cache as listing_cache

    monkeypatch.setattr(listing_cache, "FLUSH_ROWS", 3)  # every few folders go through the thread
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root, days=12)
    first, cold = scan(root, cache)
    assert subtrees(cache) == 12 and first.stats["listed"] >= 24
    second, warm = scan(root, cache)
    assert warm == cold and second.stats["listed"] == 0


def test_writer_error_is_reported_and_the_search_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import plugin.core.archive.listing_cache as listing_cache

    monkeypatch.setattr(listing_cache, "FLUSH_ROWS", 3)
    monkeypatch.setattr(listing_cache, "BUSY_TIMEOUT_S", 0.1)
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root, days=8)
    ListingCache(str(cache)).close()  # schema in place, then another program holds the write lock
    holder = sqlite3.connect(cache, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            catalogue, products = scan(root, cache)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(products) == 8
    assert any("locked" in str(w.message) for w in caught) and catalogue.warnings


def test_search_stopped_early_still_stores_what_it_listed(tmp_path: Path) -> None:
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root)
    search = Catalogue([str(root)], cache_path=str(cache)).search(Query())
    next(search)
    search.close()  # the consumer stops: the generator's finally flushes the cache
    rows = dict(sqlite3.connect(cache).execute("SELECT path, data FROM subtree"))
    day = str(root / "NDVI_V2" / "2020" / "01" / "01")
    assert day in rows and "S2A_20200101T105031_31UFS_NDVI_10M_V200.tif" in rows[day]


def test_month_and_day_queries_agree_with_uncached_search(tmp_path: Path) -> None:
    """Preloading per whole month, per day or not at all gives the same products, warm or cold."""
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root, days=9)
    queries = [
        Query(start=date(2020, 1, 1), end=date(2020, 1, 31)),  # whole month (and whole year below)
        Query(start=date(2019, 1, 1), end=date(2020, 12, 31)),
        Query(start=date(2020, 1, 3), end=date(2020, 1, 5)),  # part of a month: per day
    ]
    for query in queries:
        plain = [p.path for p in Catalogue([str(root)], use_cache=False).search(query)]
        for _ in range(2):  # cold, then warm
            cached = [p.path for p in Catalogue([str(root)], cache_path=str(cache)).search(query)]
            assert cached == plain
    second = Catalogue([str(root)], cache_path=str(cache))
    assert len(list(second.search(queries[2]))) == 3 and second.stats["listed"] == 0


def test_preload_answers_misses_below_it_without_a_query(tmp_path: Path) -> None:
    with ListingCache(str(tmp_path / "c.sqlite")) as cache:
        cache.put("/a/b", OLD, [("c", "d")])
        cache.put("/a/b/c", OLD, [("f.tif", "f")])
        cache.put("/a/bc", OLD, [("x", "f")])  # a sibling that merely shares the prefix
        cache.flush()
        cache.preload("/a/b")
        assert cache.get("/a/b/c", OLD) == [("f.tif", "f")]
        assert cache.get("/a/b/d", OLD) is None  # known miss: nothing stored below /a/b
        assert cache.get("/a/bc", OLD) == [("x", "f")]  # outside the preloaded folder: looked up
        assert cache.get("/a/b/c", OLD + 1) is None  # changed folder


def files_of(root: Path, cache: Path) -> dict[str, list[str]]:
    catalogue = Catalogue([str(root)], cache_path=str(cache), use_cache=cache is not None)
    return {p.folder_name: [os.path.basename(f.path) for f in p.files] for p in catalogue.search(Query())}


def test_removed_product_is_gone_and_the_rest_comes_from_the_cache(tmp_path: Path) -> None:
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root)
    scan(root, cache)
    day = root / "NDVI_V2" / "2020" / "01" / "02"
    gone = day / "S2A_20200102T105031_31UFS_NDVI_V200"
    for item in gone.iterdir():
        item.unlink()
    gone.rmdir()
    age(day)
    catalogue, products = scan(root, cache)
    assert gone.name not in products and len(products) == 5
    assert catalogue.stats["listed"] == 1  # the day folder only


def test_file_added_inside_a_product_folder_is_seen(tmp_path: Path) -> None:
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root)
    scan(root, cache)
    product = root / "NDVI_V2" / "2020" / "01" / "04" / "S2A_20200104T105031_31UFS_NDVI_V200"
    (product / "S2A_20200104T105031_31UFS_NDVI_QUICKLOOK_V200.tif").touch()
    (product / "10M").mkdir()
    (product / "10M" / "S2A_20200104T105031_31UFS_SCENECLASSIFICATION_20M_V200.tif").touch()
    age(product, product / "10M")
    files = files_of(root, cache)
    assert files == files_of(root, None)
    assert "S2A_20200104T105031_31UFS_NDVI_QUICKLOOK_V200.tif" in files[product.name]
    # A change one level further down (only the sub-folder's mtime moves) is seen too.
    (product / "10M" / "S2A_20200104T105031_31UFS_NDVI_10M_V200.xml").touch()
    age(product / "10M")
    catalogue = Catalogue([str(root)], cache_path=str(cache))
    found = {p.folder_name: p for p in catalogue.search(Query())}
    assert found[product.name].metadata_path and catalogue.stats["listed"] == 2


def test_new_day_folder_and_newer_version_are_found(tmp_path: Path) -> None:
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root)
    scan(root, cache)
    month = root / "NDVI_V2" / "2020" / "01"
    added = month / "07" / "S2B_20200107T105031_31UFS_NDVI_V200"
    added.mkdir(parents=True)
    (added / "S2B_20200107T105031_31UFS_NDVI_10M_V200.tif").touch()
    newer = month / "05" / "S2A_20200105T105031_31UFS_NDVI_V210"  # hides V200 of the same product
    newer.mkdir()
    (newer / "S2A_20200105T105031_31UFS_NDVI_10M_V210.tif").touch()
    age(month, month / "07", added, month / "05", newer)
    _, products = scan(root, cache)
    assert added.name in products and newer.name in products
    assert "S2A_20200105T105031_31UFS_NDVI_V200" not in products and len(products) == 7
    assert products == [p.folder_name for p in Catalogue([str(root)], use_cache=False).search(Query())]
    again, warm = scan(root, cache)
    assert warm == products and again.stats["listed"] == 0


def test_warm_products_parse_their_names_lazily_and_equal_cold_ones(tmp_path: Path) -> None:
    root, cache = tmp_path / "arch", tmp_path / "c.sqlite"
    build(root)
    cold = list(Catalogue([str(root)], cache_path=str(cache)).search(Query(tiles=["31UFS"])))
    warm = list(Catalogue([str(root)], cache_path=str(cache)).search(Query(tiles=["31UFS"])))
    assert warm == cold and [p.name for p in warm] == [p.name for p in cold]
    assert [p.to_json() for p in warm] == [p.to_json() for p in cold]
    assert not list(Catalogue([str(root)], cache_path=str(cache)).search(Query(tiles=["31UGS"])))
