"""Catalogue benchmark: full scan vs ``find``, one-month query, first result, warm listing cache.

``python -m bench.bench_catalogue [--products N] [--tree DIR]``: builds (or reuses
``build/bench/listing``) a ``--listing-only`` tree, warms the OS page cache for ``find`` and the
catalogue alike, then times each case round-robin (best of 3, the load average printed every round)
in the configuration users get (listing cache on) and prints one table with the ratios and
PASS/FAIL per target; exit status 1 when a target fails.

"First query vs repeated query" (the 10x target) compares our listing cache with the OS caches in
the same state on both sides: the first query is a fresh ``Catalogue`` with an empty listing cache
file, the repeated one a new ``Catalogue`` on the filled cache, and as root each is timed right
after dropping the kernel's page, dentry and inode caches (as a user meets a search after a reboot,
or on a network mount seen afresh). That is the gated figure. Printed for information: the same
comparison with the OS caches warm on both sides (there a folder listing costs little more than the
``stat`` that validates a cached one), and the mixed figure the target used to be judged on (first
query with the OS caches dropped against a repeat with them warm). Without root the OS caches
cannot be dropped: the target is then judged with them warm on both sides, and the bench says so.

``--fresh-mount`` (root only) adds, for information, the same comparison on a copy of the month
mounted afresh from a small ext4 loop image per trial (cold dentry and inode caches, as after a
reboot or on a network mount); every mount is undone in a ``finally``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.common import best_of, timed
from demo_archive import generator as demo
from plugin.core.archive.catalogue import Catalogue, Query
from plugin.core.products.names import parse_name

DEFAULT_TREE = Path("build/bench/listing")
DEFAULT_PRODUCTS = 100_000
REPEAT = 3
OLD_MTIME = 1_500_000_000  # folders copied to the image get a past mtime (cacheable, see MIN_AGE_S)


@dataclass
class Row:
    label: str
    seconds: float
    ratio: str = ""
    ok: bool | None = None  # None: for information, no target


def _best(run: Callable[[], object], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def _clear_name_caches() -> None:
    """Forget parsed names so every timed run parses from scratch (fair to the cold case)."""
    import plugin.core.products.names as names

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


def _scan(root: Path | str, query: Query, cache: str | None) -> int:
    _clear_name_caches()
    catalogue = Catalogue([str(root)], cache_path=cache, use_cache=cache is not None)
    return sum(1 for _ in catalogue.search(query))


def _first(root: Path | str, query: Query, cache: str | None) -> float:
    _clear_name_caches()
    started = time.perf_counter()
    catalogue = Catalogue([str(root)], cache_path=cache, use_cache=cache is not None)
    next(iter(catalogue.search(query)))
    return time.perf_counter() - started


class _Fresh:
    """A new cache file name per call: every run starts with an empty listing cache."""

    def __init__(self, folder: str, stem: str) -> None:
        self.folder, self.stem, self.count = folder, stem, 0

    def __call__(self) -> str:
        self.count += 1
        return os.path.join(self.folder, f"{self.stem}{self.count}.sqlite")


def _drop_os_caches() -> bool:
    """Empty the kernel's page, dentry and inode caches (root only), as after a reboot or on a
    network mount seen for the first time."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w", encoding="ascii") as handle:
            handle.write("3\n")
    except OSError:
        return False
    return True


def _month_os_dropped(tree: Path, query: Query, fresh: _Fresh, filled: str) -> tuple[float, float] | None:
    """(first, repeated) month query, each timed right after dropping the OS caches (root only):
    the first with an empty listing cache, the repeat with the filled one. Round-robin, best of
    REPEAT; None without root."""
    firsts, repeats = [], []
    for _ in range(REPEAT):
        for cache, times in ((fresh(), firsts), (filled, repeats)):
            if not _drop_os_caches():
                return None
            times.append(timed(lambda cache=cache: _scan(tree, query, cache)))
    return min(firsts), min(repeats)


def _month_query(tree: Path) -> tuple[str, Query]:
    collections = Catalogue([str(tree)], use_cache=False).collections()
    chosen = next((c for c in collections if c.id.startswith("NDVI")), collections[0])
    years = sorted(int(y) for y in os.listdir(chosen.path) if y.isdigit())
    year = years[len(years) // 2]
    return chosen.id, Query(collections=[chosen.id], start=date(year, 6, 1), end=date(year, 6, 30))


# --------------------------------------------------------------------------- first vs repeated query
def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _build_image(tree: Path, collection: str, month: str, image: str, mount: str) -> str:
    """An ext4 image with the collection's folders, the files of ``month`` (``YYYY/MM``) only."""
    source = next(p for p in tree.glob(f"**/{collection}") if p.is_dir())
    relative_root = source.relative_to(tree)
    _run(["truncate", "-s", "64M", image])
    _run(["mkfs.ext4", "-q", "-F", image])
    _run(["mount", "-o", "loop", image, mount])
    try:
        for folder, dirs, files in os.walk(source):
            inside = os.path.relpath(folder, source)
            target = os.path.join(mount, relative_root, inside)
            os.makedirs(target, exist_ok=True)
            if inside.count("/") >= 1 and not f"{inside}/".startswith(f"{month}/"):
                dirs[:] = []  # other months: the folder only
                continue
            for name in files:
                Path(target, name).touch()
        for folder, _dirs, _files in os.walk(mount):
            os.utime(folder, (OLD_MTIME, OLD_MTIME))
    finally:
        _run(["umount", mount])
    return mount


def _first_vs_repeated(tree: Path, collection: str, query: Query, work: str) -> list[Row] | None:
    """Cold first query on a freshly mounted copy vs the repeated query; None without loop mounts."""
    assert query.start is not None
    image, mount = os.path.join(work, "month.img"), os.path.join(work, "mnt")
    os.mkdir(mount)
    try:
        _build_image(tree, collection, f"{query.start:%Y/%m}", image, mount)
    except (OSError, subprocess.CalledProcessError, StopIteration):
        return None
    fresh = _Fresh(work, "mounted")
    firsts, warms, uncached = [], [], []
    for _ in range(REPEAT):
        _run(["mount", "-o", "loop,ro", image, mount])  # a new mount: nothing of it is cached
        try:
            cache = fresh()
            started = time.perf_counter()
            _scan(mount, query, cache)
            firsts.append(time.perf_counter() - started)
            warms.append(_best(lambda cache=cache: _scan(mount, query, cache)))
            uncached.append(_best(lambda: _scan(mount, query, None)))
        finally:
            _run(["umount", mount])
    first, warm, again = min(firsts), min(warms), min(uncached)
    return [
        Row("month, first query (fresh mount, empty cache)", first),
        Row("month, repeated, listing cache off", again, f"{first / again:.1f}x faster"),
        Row("month, repeated, warm listing cache", warm, f"{first / warm:.1f}x faster", first / warm >= 10),
    ]


# --------------------------------------------------------------------------- main
def _measure(tree: Path, work: str, fresh_mount: bool = False) -> list[Row]:
    find = ["find", str(tree), "-type", "f"]
    everything = Query(all_versions=True)
    collection, month = _month_query(tree)
    _run(find)  # warm the page cache for both
    n_all = _scan(tree, everything, None)
    n_month = _scan(tree, month, None)
    fresh, fresh_month = _Fresh(work, "full"), _Fresh(work, "month")
    full_cache, month_cache = fresh(), fresh_month()
    _scan(tree, everything, full_cache)
    _scan(tree, month, month_cache)
    # Round-robin, best of REPEAT: ours and find side by side, the OS caches warm for all.
    best = best_of(
        REPEAT,
        {
            "find": lambda: _run(find),
            "nocache": lambda: _scan(tree, everything, None),
            "cold": lambda: _scan(tree, everything, fresh()),
            "warm": lambda: _scan(tree, everything, full_cache),
            "m_nocache": lambda: _scan(tree, month, None),
            "m_cold": lambda: _scan(tree, month, fresh_month()),
            "m_warm": lambda: _scan(tree, month, month_cache),
            "first_cold": lambda: _first(tree, everything, fresh()),
            "first_warm": lambda: _first(tree, everything, full_cache),
        },
    )
    t_find, t_nocache, t_cold, t_warm = best["find"], best["nocache"], best["cold"], best["warm"]
    m_nocache, m_cold, m_warm = best["m_nocache"], best["m_cold"], best["m_warm"]
    first_cold, first_warm = best["first_cold"], best["first_warm"]

    rows = [
        Row("find ROOT -type f", t_find),
        Row(f"full scan ({n_all} products), cache off", t_nocache, f"{t_nocache / t_find:.2f}x find"),
        Row("full scan, empty cache (writes it)", t_cold, f"{t_cold / t_find:.2f}x find", t_cold / t_find <= 1.5),
        Row("full scan, warm cache", t_warm, f"{t_warm / t_find:.2f}x find", t_warm / t_find <= 1.5),
        Row(f"month ({collection}, {n_month} products), cache off", m_nocache, f"{100 * m_nocache / t_nocache:.2f}% of full"),
        Row("month, empty cache", m_cold, f"{100 * m_cold / t_cold:.2f}% of full", m_cold / t_cold < 0.05),
        Row("month, warm cache", m_warm, f"{100 * m_warm / t_warm:.2f}% of full", m_warm / t_warm < 0.05),
        Row("first result, empty cache", first_cold, "< 200 ms", first_cold < 0.2),
        Row("first result, warm cache", first_warm, "< 200 ms", first_warm < 0.2),
    ]  # fmt: skip
    rows += _first_vs_repeated_rows(tree, month, fresh_month, month_cache, m_cold, m_warm)
    if fresh_mount:
        mounted = _first_vs_repeated(tree, collection, month, work)
        if mounted is None:
            print("--fresh-mount: no loop mount possible (needs root, mkfs.ext4); rows left out")
        else:
            rows += [Row(r.label, r.seconds, r.ratio) for r in mounted]  # information only
    return rows


def _first_vs_repeated_rows(
    tree: Path, month: Query, fresh: _Fresh, filled: str, m_cold: float, m_warm: float
) -> list[Row]:
    """The 10x target: a first month query (empty listing cache) against the repeated one
    (filled listing cache), the OS caches in the same state on both sides. Gated with both
    dropped (root); without root, with both warm. The other state, and the old mixed figure
    (first with the OS caches dropped against the repeat with them warm), for information."""
    warm_ratio = m_cold / m_warm
    dropped = _month_os_dropped(tree, month, fresh, filled)
    if dropped is None:
        print(
            "no root: cannot drop the OS caches; the 10x target is judged with the OS caches warm on both sides"
        )
        return [
            Row(
                "month, first vs repeated, OS caches warm on both",
                m_warm,
                f"{warm_ratio:.1f}x faster",
                warm_ratio >= 10,
            )
        ]
    first, repeat = dropped
    ratio = first / repeat
    return [
        Row("month, first query, OS caches dropped", first),
        Row("month, repeated query, OS caches dropped", repeat, f"{ratio:.1f}x faster", ratio >= 10),
        Row("  (same, OS caches warm on both)", m_warm, f"{warm_ratio:.1f}x faster"),
        Row("  (first dropped vs repeat warm: mixed states)", m_warm, f"{first / m_warm:.1f}x faster"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=DEFAULT_PRODUCTS)
    parser.add_argument("--tree", type=Path, help=f"listing tree to use (default {DEFAULT_TREE})")
    parser.add_argument(
        "--fresh-mount",
        action="store_true",
        help="also compare first and repeated month query on a freshly mounted ext4 loop image (root)",
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
    work = tempfile.mkdtemp(prefix="bench-cache-")
    try:
        rows = _measure(tree, work, args.fresh_mount)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if tmp is not None:
            tmp.cleanup()
    print(f"catalogue benchmark on {tree} (best of {REPEAT}, page cache warm, listing cache on unless said)")
    print(f"{'case':<50} {'seconds':>9}  {'ratio':<16} target")
    for row in rows:
        verdict = "" if row.ok is None else ("PASS" if row.ok else "FAIL")
        print(f"{row.label:<50} {row.seconds:9.4f}  {row.ratio:<16} {verdict}")
    return 0 if all(row.ok is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
