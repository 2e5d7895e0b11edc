"""STAC export: ``python3 -m plugin.core search --stac FILE`` against the plain ``search --json``.

    .venv/bin/python -m bench.bench_stac [--products 1000] [--rounds 3] [--tree DIR]

The tree holds real GeoTIFFs and XML (a header export of empty files would measure failures): a
small demo archive is generated once and its NDVI products (four files each: NDVI 10 m, SCL 20 m,
quicklook, XML) are hard-linked under new dates until the collection holds PRODUCTS products over
two MGRS tiles (build/bench/stac, reused while its manifest says it holds that many).

Rows, best of ROUNDS, round-robin, the load printed with every round:
- whole processes as a user types them, output to a file, listing cache filled: ``search --json``
  and ``search --stac FILE``; the ratio is printed (the issue asks to measure it, no target);
- in-process, from the same search, header caches emptied before each run: the export as shipped
  (headers shared per tile and file shape, thread pool), on one thread, and with every header read
  file by file (what sharing saves).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.common import best_of, load_average, run_quietly, timed

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TREE = ROOT / "build" / "bench" / "stac"
COLLECTION = "NDVI_V2"
PRODUCTS = 1000
ROUNDS = 3
MANIFEST = "BENCH_STAC.json"


def ensure_tree(tree: Path, products: int) -> int:
    """The tree of ``products`` NDVI products (made unless a complete one is there)."""
    manifest = tree / MANIFEST
    if manifest.exists() and json.loads(manifest.read_text()).get("products") == products:
        return products
    from demo_archive import generator as demo

    shutil.rmtree(tree, ignore_errors=True)
    templates_root = tree.parent / (tree.name + "-templates")
    shutil.rmtree(templates_root, ignore_errors=True)
    summary = demo.generate(str(templates_root), size=120, dates=2, products=["NDVI"], junk=False, force=True)
    templates = [p for p in summary.products if p.collection == COLLECTION]
    print(f"linking {products:,} NDVI products from {len(templates)} templates into {tree} ...", flush=True)
    tiles = sorted({t.tile for t in templates})
    by_tile = {tile: [t for t in templates if t.tile == tile] for tile in tiles}
    for index in range(products):  # one product per tile and day
        day = index // len(tiles)
        choices = by_tile[tiles[index % len(tiles)]]
        template = choices[day % len(choices)]
        _link_product(tree, template.path, template.start, date(2018, 1, 1) + timedelta(days=day))
    manifest.write_text(json.dumps({"products": products}))
    return products


def _link_product(tree: Path, source: str, start, day: date) -> None:
    old = start.strftime("%Y%m%dT%H%M%S")
    new = day.strftime("%Y%m%d") + old[8:]
    folder = tree / "TERRASCOPE_Sentinel2" / COLLECTION / day.strftime("%Y/%m/%d")
    target = folder / os.path.basename(source).replace(old, new)
    target.mkdir(parents=True, exist_ok=True)
    for name in os.listdir(source):
        os.link(os.path.join(source, name), target / name.replace(old, new))


def search(tree: Path, cache: str, *options: str) -> list[str]:
    return [sys.executable, "-m", "plugin.core", "search", str(tree), "--collection", COLLECTION,
            "--cache", cache, *options]  # fmt: skip


def check_stac(command: list[str], output: Path, expected: int) -> None:
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    features = json.loads(output.read_text(encoding="utf-8"))["features"]
    with_header = sum(1 for f in features if "proj:shape" in f["assets"].get("NDVI_10M", {}))
    if len(features) != expected or with_header != expected:
        raise SystemExit(f"{len(features)} items ({with_header} with a header), expected {expected}")


def in_process_rows(tree: Path, cache: str) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from plugin.core.archive.catalogue import Catalogue, Query
    from plugin.core.stac import export

    def run(**options: object) -> None:
        export._HEADERS.clear()  # every run reads its headers (page cache warm, as for the peers)
        export._CRS_CODES.clear()
        products = list(Catalogue([str(tree)], cache_path=cache).search(Query(collections=[COLLECTION])))
        for _item in export.items(products, **options):  # type: ignore[arg-type]
            pass

    return {
        "in-process: items (shared headers, threads)": lambda: run(),
        "in-process: items (shared headers, 1 thread)": lambda: run(workers=1),
        "in-process: items (every header read, threads)": lambda: run(share_headers=False),
    }


def measure(tree: Path, expected: int, rounds: int, work: Path) -> None:
    cache = str(work / "listing-cache.sqlite")
    output = work / "items.json"
    as_json = search(tree, cache, "--json")
    as_stac = search(tree, cache, "--stac", str(output))
    first = timed(lambda: run_quietly(as_json, cwd=ROOT))  # fills the listing cache
    check_stac(as_stac, output, expected)
    rows = {
        "search --json": lambda: run_quietly(as_json, cwd=ROOT),
        "search --stac FILE": lambda: run_quietly(as_stac, cwd=ROOT),
        **in_process_rows(tree, cache),
    }
    best = best_of(rounds, rows)
    base = best["search --json"]
    print(f"\n{expected:,} {COLLECTION} products ({tree}); best of {rounds}")
    print(f"{'row':<50} {'seconds':>8} {'x --json':>9}")
    for label, seconds in best.items():
        print(f"{label:<50} {seconds:8.3f} {seconds / base:8.2f}x")
    print(f"{'search --json, first run (empty listing cache)':<50} {first:8.3f}")
    print(f"({load_average()})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=PRODUCTS, help="products in the collection")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds; the best time of each row")
    parser.add_argument("--tree", type=Path, default=DEFAULT_TREE, help="tree to reuse or make")
    args = parser.parse_args(argv if argv is not None else [])
    work = Path(tempfile.mkdtemp(prefix="bench-stac-"))
    try:
        expected = ensure_tree(args.tree, args.products)
        measure(args.tree, expected, args.rounds, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0  # measured for information: the issue sets no target


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
