"""STAC items as product records: collection ids, asset locations, the :class:`Product` of an item.

Nothing here decides what a file is: an item becomes a :class:`~..products.model.Product` holding
its asset files, and the product model classifies them by name as it does on the mount. What this
module decides is *where* each file is read from, per item:

- the alternate local path (``alternate.local`` on the live service, ``alternate.MEP`` in VITO's
  server fixtures, with or without ``file://``) when every asset that has one exists on this
  machine: on a Terrascope VM nothing is downloaded;
- otherwise each asset's ``http(s)`` href, streamed through GDAL's ``/vsicurl/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import unquote

from ..products.model import BBox, Product
from ..products.names import ProductName, ProductNameError, parse_name

__all__ = [
    "TERRASCOPE_COLLECTIONS",
    "ItemError",
    "api_collection_ids",
    "asset_locations",
    "item_product",
    "local_path",
    "our_collection_id",
    "vsicurl_path",
]

# Our collection ids (archive folder names) -> Terrascope STAC ids. Reference §7 confirms the
# lowercase-with-hyphens ids of TOC, NDVI, FAPAR, LAI and S1 sigma0; FCOVER, CCC and CWC follow the
# same pattern (inferred). The API's own ids are accepted as they are.
TERRASCOPE_COLLECTIONS: dict[str, str] = {
    "TOC_V2": "terrascope-s2-toc-v2",
    "NDVI_V2": "terrascope-s2-ndvi-v2",
    "FAPAR_V2": "terrascope-s2-fapar-v2",
    "FCOVER_V2": "terrascope-s2-fcover-v2",
    "LAI_V2": "terrascope-s2-lai-v2",
    "CCC_V2": "terrascope-s2-ccc-v2",
    "CWC_V2": "terrascope-s2-cwc-v2",
    "CGS_S1_GRD_SIGMA0_L1": "terrascope-s1-grd-sigma0-v1",
}
_BY_API_ID = {api: ours for ours, api in TERRASCOPE_COLLECTIONS.items()}
LOCAL_KEYS = ("local", "MEP")  # alternate href keys of a mounted copy, in order of preference


class ItemError(ValueError):
    """An item that cannot become a product (no assets, no product name); the message says why."""


def _api_key(text: str) -> str:
    """Ids compared loosely: case and ``_``/``-`` (older server fixtures use underscores)."""
    return text.strip().lower().replace("_", "-")


def our_collection_id(api_id: str) -> str:
    """The archive's id of an API collection (``terrascope-s2-ndvi-v2`` -> ``NDVI_V2``), else itself."""
    return _BY_API_ID.get(_api_key(api_id), api_id)


def api_collection_ids(requested: Iterable[str], available: Sequence[str] = ()) -> list[str]:
    """The API's ids for the collections the user asked for (ours or the API's own).

    With ``available`` (the API's collection ids), each request is matched against them: the
    Terrascope id of one of ours, else the id itself, compared loosely; unmatched requests go as
    typed (the API then finds nothing for them, as the mount would)."""
    loose = {_api_key(item): item for item in available}
    out: list[str] = []
    for text in requested:
        text = text.strip()
        if not text:
            continue
        mapped = TERRASCOPE_COLLECTIONS.get(text.upper())
        candidates = [mapped, text] if mapped else [text]
        chosen = next((loose[_api_key(c)] for c in candidates if _api_key(c) in loose), None)
        if chosen is None:
            chosen = mapped if mapped and not available else text
        if chosen not in out:
            out.append(chosen)
    return out


def local_path(href: str) -> str | None:
    """The file path of a local href (``/data/…`` or ``file:///data/…``); None for other schemes."""
    if href.startswith("file://"):  # file:///path or file://localhost/path (urlsplit is slow here)
        rest = href[7:]
        if rest.startswith("localhost/"):
            rest = rest[9:]
        if not rest.startswith("/"):
            return None
        return unquote(rest) if "%" in rest else rest
    return href if href.startswith("/") and not href.startswith("/vsi") else None


def vsicurl_path(href: str) -> str | None:
    """GDAL's path of an http(s) href (``/vsicurl/https://…``); None for other hrefs."""
    if href.startswith(("https://", "http://")):
        return f"/vsicurl/{href}"
    return href if href.startswith(("/vsicurl/", "/vsicurl?")) else None


def _local_alternate(asset: Mapping[str, Any]) -> str | None:
    alternates = asset.get("alternate")
    if alternates.__class__ is not dict:  # JSON objects are dicts (isinstance of Mapping is slow)
        return None
    for key in LOCAL_KEYS:
        entry = alternates.get(key)
        href = entry.get("href") if entry.__class__ is dict else None
        if isinstance(href, str) and (path := local_path(href)):
            return path
    return None


def asset_locations(
    assets: Mapping[str, Any],
    exists: Callable[[str], bool] = os.path.exists,
    remote: Callable[[str], str | None] = vsicurl_path,
) -> tuple[list[str], bool]:
    """Where each asset of an item is read from, and whether that is the local copy.

    Local when every asset with a local alternate (or a local href) exists on this machine;
    otherwise each asset's http(s) href as ``remote`` makes it a GDAL path (``/vsicurl/``; an asset
    with neither keeps its local path, so that loading it says what is missing)."""
    hrefs = [a for a in assets.values() if a.__class__ is dict and a.get("href").__class__ is str]
    local: list[str] = []
    for asset in hrefs:  # stops at the first missing local file: the item then streams
        path = _local_alternate(asset) or local_path(asset["href"])
        if path is None or not exists(path):
            break
        local.append(path)
    else:
        if local:
            return _unique(local), True
    streamed = (remote(a["href"]) or _local_alternate(a) or local_path(a["href"]) for a in hrefs)
    return _unique(p for p in streamed if p), False


def _unique(paths: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(paths))


def _common_folder(paths: Sequence[str]) -> str:
    """The deepest folder holding every path (string-wise: ``https://`` keeps its double slash)."""
    folder = paths[0][: paths[0].rfind("/")]
    while folder and not all(p.startswith(folder + "/") for p in paths):
        folder = folder[: folder.rfind("/")]
    return folder


def _product_name(folder: str, item_id: str) -> tuple[str, ProductName]:
    """The product folder (``folder`` or one of its two parents, above ``10M/`` and the like) whose
    name is a product name, else ``folder`` named by the item id."""
    candidate = folder
    for _level in range(3):
        base = candidate.rsplit("/", 1)[-1]
        try:
            name = parse_name(base)
        except ProductNameError:
            name = None
        if name is not None and name.kind == "product":
            return candidate, name
        if "/" not in candidate.strip("/"):
            break
        candidate = candidate.rsplit("/", 1)[0]
    try:
        return folder, parse_name(item_id.rsplit(":", 1)[-1])
    except ProductNameError:
        raise ItemError(
            f"item {item_id!r}: neither its asset folder nor its id is a Terrascope product name"
        ) from None


def _bbox(item: Mapping[str, Any]) -> BBox | None:
    box = item.get("bbox")
    if not isinstance(box, Sequence) or len(box) not in (4, 6):
        return None
    values = [float(v) for v in box]
    return (values[0], values[1], values[3], values[4]) if len(values) == 6 else tuple(values)  # type: ignore[return-value]


def item_product(
    item: Mapping[str, Any],
    exists: Callable[[str], bool] = os.path.exists,
    remote: Callable[[str], str | None] = vsicurl_path,
) -> tuple[Product, bool]:
    """The product record of a STAC item and whether its files are the local copy.

    The collection is the archive's id when the API's is a known Terrascope one; cloud cover comes
    from ``eo:cloud_cover``, the footprint from the item's bbox. Raises :class:`ItemError`."""
    item_id = str(item.get("id") or "?")
    assets = item.get("assets")
    if not isinstance(assets, Mapping) or not assets:
        raise ItemError(f"item {item_id!r} has no assets")
    paths, is_local = asset_locations(assets, exists, remote)
    if not paths:
        raise ItemError(f"item {item_id!r} has no asset with a local path or an http(s) link")
    folder, name = _product_name(_common_folder(paths), item_id)
    prefix = folder + "/"
    relative = sorted(p[len(prefix) :] for p in paths if p.startswith(prefix))
    properties = item.get("properties") if isinstance(item.get("properties"), Mapping) else {}
    cloud = properties.get("eo:cloud_cover")  # type: ignore[union-attr]
    product = Product(
        folder,
        name,
        our_collection_id(str(item.get("collection") or "")),
        relative,
        cloud_cover=float(cloud) if isinstance(cloud, int | float) else None,
        footprint=_bbox(item),
    )
    return product, is_local
