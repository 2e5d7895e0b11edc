"""Online search against a local STAC API: first result and full paging of 10,000 items.

``rustac serve`` (in-memory backend) on 127.0.0.1 holds 10,000 NDVI items of real product names
(their local copy absent: every product streams through /vsicurl/, no file is opened). Rows:

- ours, first product: ``StacCatalogue.search`` until the first product is yielded;
- ours, all products: every page (limit 100) turned into product records;
- peer, raw paging: the same pages fetched with urllib and json alone (no records), the floor;
- peer, ``rustac search``: Rust's own STAC client paging the same API (whole process).

Targets: the first product within 1 s, and all products within 2x the raw paging.
"""

from __future__ import annotations

import json
import sys
import tempfile
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from bench.common import best_of, load_average, run_quietly, verdict
from plugin.core.archive.catalogue import Query
from plugin.core.stac.client import StacCatalogue
from tests.servers import RUSTAC, stac_server

ITEMS = 10_000
PAGE = 100
TILES = ("31UFS", "31UES", "31UDS", "31UFT", "31UET", "32ULB", "32ULC", "32UMB", "32UMC", "31UGS")
FIRST_TARGET = 1.0  # seconds
RATIO_TARGET = 2.0  # ours / raw paging


def items() -> list[dict]:
    out = []
    day = date(2018, 1, 1)
    for index in range(ITEMS):
        tile = TILES[index % len(TILES)]
        when = day + timedelta(days=index // len(TILES))
        stamp = f"{when:%Y%m%d}T105031"
        name = f"S2A_{stamp}_{tile}_NDVI_V210"
        folder = f"TERRASCOPE_Sentinel2/NDVI_V2/{when:%Y/%m/%d}/{name}"
        base = f"S2A_{stamp}_{tile}"
        files = [f"{base}_NDVI_10M_V210.tif", f"{base}_NDVI_QUICKLOOK_V210.tif",
                 f"{base}_SCENECLASSIFICATION_20M_V210.tif", f"{base}_NDVI_10M_V210.xml"]  # fmt: skip
        assets = {
            f: {
                "href": f"https://download.example.invalid/{folder}/{f}",
                "alternate": {"local": {"href": f"file:///nonexistent/MTDA/{folder}/{f}"}},
            }
            for f in files
        }
        out.append({
            "type": "Feature", "stac_version": "1.0.0", "id": name, "collection": "terrascope-s2-ndvi-v2",
            "bbox": [4.0, 50.0, 5.0, 51.0],
            "geometry": {"type": "Polygon", "coordinates": [[[4, 50], [5, 50], [5, 51], [4, 51], [4, 50]]]},
            "properties": {"datetime": f"{when}T10:50:31Z", "eo:cloud_cover": index % 100},
            "links": [], "assets": assets,
        })  # fmt: skip
    return out


def first_product(url: str) -> None:
    products = StacCatalogue(url, page_size=PAGE).search(Query(collections=["NDVI_V2"]))
    next(iter(products))
    products.close()  # type: ignore[attr-defined]


def all_products(url: str) -> int:
    count = sum(1 for _ in StacCatalogue(url, page_size=PAGE).search(Query(collections=["NDVI_V2"])))
    if count != ITEMS:
        raise SystemExit(f"expected {ITEMS} products, got {count}")
    return count


def raw_paging(url: str) -> None:
    body = {"limit": PAGE, "collections": ["terrascope-s2-ndvi-v2"]}
    target = f"{url}/search"
    while target:
        request = urllib.request.Request(
            target, json.dumps(body).encode(), {"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            page = json.load(response)
        following = [link for link in page.get("links", []) if link.get("rel") == "next"]
        if not page["features"] or not following:
            break
        target, body = following[0]["href"], following[0].get("body") or body


def main() -> int:
    print(load_average())
    with tempfile.TemporaryDirectory() as work, stac_server(items(), Path(work)) as url:
        rows = {
            "ours, first product": lambda: first_product(url),
            "ours, all products": lambda: all_products(url),
            "peer, raw paging (urllib + json)": lambda: raw_paging(url),
            "peer, rustac search (whole process)": lambda: run_quietly(
                [str(RUSTAC), "search", url, "--collections", "terrascope-s2-ndvi-v2", "-"]
            ),
        }
        best = best_of(3, rows)
    first_ok = best["ours, first product"] <= FIRST_TARGET
    ratio = best["ours, all products"] / best["peer, raw paging (urllib + json)"]
    ratio_ok = ratio <= RATIO_TARGET
    print(f"\n{ITEMS} items, pages of {PAGE}")
    for label, seconds in best.items():
        gate = ""
        if label == "ours, first product":
            gate = f"target <= {FIRST_TARGET:.1f} s  {verdict(first_ok)}"
        elif label == "ours, all products":
            gate = f"x{ratio:.2f} of raw paging, target <= x{RATIO_TARGET:.1f}  {verdict(ratio_ok)}"
        print(f"  {label:<40} {seconds:8.3f} s  {gate}")
    return 0 if first_ok and ratio_ok else 1


if __name__ == "__main__":
    sys.exit(main())
