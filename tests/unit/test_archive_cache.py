"""Listing cache: warm hits, change detection, corrupt and locked files, two processes at once."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import warnings
from pathlib import Path

import pytest

from plugin.core.archive import Catalogue, Query
from plugin.core.listing_cache import ListingCache, ListingCacheWarning, default_cache_path

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
    import plugin.core.listing_cache as listing_cache

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
    rows = sqlite3.connect(cache).execute("SELECT COUNT(*) FROM listing").fetchone()[0]
    assert rows >= 20 + 20  # day folders and product folders
