"""Catalogue benchmark: full scan vs ``find``, one-month query, first result, warm listing cache.

``python -m bench.bench_catalogue [--products N] [--tree DIR]``: builds (or reuses
``build/bench/listing``) a ``--listing-only`` tree, warms the OS page cache once with ``find``, then
times each case and prints one table with the ratios and PASS/FAIL per target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from plugin.core import demo
from plugin.core.archive import Catalogue, Query
from plugin.core.names import parse_name

DEFAULT_TREE = Path("build/bench/listing")
DEFAULT_PRODUCTS = 100_000


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def _clear_name_caches() -> None:
    """Forget parsed names so every timed run parses from scratch (fair to the cold case)."""
    import plugin.core.names as names

    for value in vars(names).values():
        clear = getattr(value, "cache_clear", None)
        if callable(clear):
            clear()


def _ensure_tree(tree: Path, products: int) -> Path:
    manifest = tree / "DEMO_MANIFEST.json"
    if not manifest.exists():
        print(f"generating a --listing-only {products} tree in {tree} …", flush=True)
        demo.generate_listing(str(tree), products, years=5, force=True)
    return tree


def _scan(root: Path, query: Query, cache: str | None) -> int:
    _clear_name_caches()
    catalogue = Catalogue([str(root)], cache_path=cache, use_cache=cache is not None)
    return sum(1 for _ in catalogue.search(query))


def _first(root: Path, query: Query) -> float:
    _clear_name_caches()
    started = time.perf_counter()
    catalogue = Catalogue([str(root)], use_cache=False)
    next(iter(catalogue.search(query)))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=DEFAULT_PRODUCTS)
    parser.add_argument(
        "--tree", type=Path, help=f"listing tree to use (default {DEFAULT_TREE} or a temp dir)"
    )
    args = parser.parse_args(argv)
    tmp = None
    tree = args.tree
    if tree is None:
        if (DEFAULT_TREE / "DEMO_MANIFEST.json").exists() or DEFAULT_TREE.parent.parent.is_dir():
            tree = DEFAULT_TREE
        else:
            tmp = tempfile.TemporaryDirectory(prefix="bench-catalogue-")
            tree = Path(tmp.name) / "listing"
    tree = _ensure_tree(tree, args.products)
    parse_name("S2A_20200101T105031_31UFS_NDVI_V200")  # import/compile outside the timings

    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache_dir:
        find = ["find", str(tree), "-type", "f"]
        subprocess.run(find, stdout=subprocess.DEVNULL, check=True)  # warm the page cache for both
        t_find = statistics.median(
            [_best(lambda: subprocess.run(find, stdout=subprocess.DEVNULL, check=True), 1) for _ in range(3)]
        )
        everything = Query(all_versions=True)
        n_all = _scan(tree, everything, None)
        t_full = _best(lambda: _scan(tree, everything, None))
        full_cache = os.path.join(cache_dir, "full.sqlite")
        started = time.perf_counter()
        _scan(tree, everything, full_cache)  # cold cache: lists and stores every folder
        t_full_cached = time.perf_counter() - started

        catalogue = Catalogue([str(tree)], use_cache=False)
        collections = catalogue.collections()
        ndvi = next((c.id for c in collections if c.id.startswith("NDVI")), collections[0].id)
        years = sorted(
            int(y) for y in os.listdir(next(c.path for c in collections if c.id == ndvi)) if y.isdigit()
        )
        month = Query(
            collections=[ndvi],
            start=date(years[len(years) // 2], 6, 1),
            end=date(years[len(years) // 2], 6, 30),
        )
        n_month = _scan(tree, month, None)
        t_month = _best(lambda: _scan(tree, month, None))
        t_first = min(_first(tree, everything) for _ in range(3))

        colds, warms = [], []
        for index in range(3):
            cache = os.path.join(cache_dir, f"listing{index}.sqlite")
            started = time.perf_counter()
            _scan(tree, month, cache)  # cold: empty cache file
            colds.append(time.perf_counter() - started)
            warms.append(_best(lambda cache=cache: _scan(tree, month, cache)))
        t_cold, t_warm = min(colds), min(warms)

    # "no cache" rows list every folder afresh; cache rows include opening the SQLite file.
    rows = [
        ("find ROOT -type f", t_find, "", None),
        (
            f"full scan, {n_all} products, no cache",
            t_full,
            f"{t_full / t_find:.2f}x find",
            t_full / t_find <= 1.5,
        ),
        (
            "full scan, cold listing cache (writes it)",
            t_full_cached,
            f"{t_full_cached / t_find:.2f}x find",
            t_full_cached / t_find <= 1.5,
        ),
        (
            f"one-month query ({ndvi}, {n_month} products)",
            t_month,
            f"{100 * t_month / t_full:.2f}% of full",
            t_month / t_full < 0.05,
        ),  # fmt: skip
        ("time to first result", t_first, "target < 200 ms", t_first < 0.2),
        ("one-month query, cold listing cache", t_cold, "", None),
        (
            "one-month query, warm listing cache",
            t_warm,
            f"{t_cold / t_warm:.1f}x faster",
            t_cold / t_warm >= 10,
        ),
    ]
    print(f"catalogue benchmark on {tree} (best of 3, page cache warm)")
    print(f"{'case':<48} {'seconds':>9}  {'ratio':<18} target")
    for label, seconds, ratio, ok in rows:
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{label:<48} {seconds:9.4f}  {ratio:<18} {verdict}")
    if tmp is not None:
        tmp.cleanup()
    return 0 if all(ok is not False for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
