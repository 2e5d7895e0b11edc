"""The dates of a Spark job: an archive query or a ``search --json`` file, through the shared series
reader (``archive.series_query``), so the jobs take exactly the products the desktop takes."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from ..archive.catalogue import Query
from ..archive.series_query import (
    ScalingOverrides,
    SeriesEntry,
    SeriesSelection,
    SkippedProduct,
    _entry,  # the series reader's own product -> entry step (data file, SCL, time, tile, scaling)
    select_series,
)
from ..products.model import product_at
from ..products.names import ProductNameError


def select(
    roots: Sequence[str], query: Query, band: str = "", overrides: ScalingOverrides | None = None
) -> SeriesSelection:
    """The entries of an archive query (``select_series``)."""
    return select_series(roots, query, band, overrides=overrides)


def selection_from_json(
    path: str, band: str = "", overrides: ScalingOverrides | None = None
) -> SeriesSelection:
    """The entries of the products listed by ``python3 -m plugin.core search --json`` (one JSON object
    per line, its ``path`` the product folder), read again from disk by the product model; a product
    that vanished or is not a product any more is skipped with the reason."""
    entries: list[SeriesEntry] = []
    skipped: list[SkippedProduct] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                folder = record["path"]
            except (ValueError, KeyError, TypeError):
                raise ValueError(
                    f"{path}, line {number}: not a `search --json` record (a JSON object with a path)"
                ) from None
            if not os.path.exists(folder):
                skipped.append(SkippedProduct(folder, "vanished (the product no longer exists)"))
                continue
            try:
                product = product_at(folder, record.get("collection") or "")
            except (ProductNameError, OSError) as exc:
                skipped.append(SkippedProduct(folder, f"not readable as a product: {exc}"))
                continue
            if record.get("cloud_cover") is not None:
                product = product.replace(cloud_cover=record["cloud_cover"])
            found = _entry(product, band, overrides)
            (entries if isinstance(found, SeriesEntry) else skipped).append(found)  # type: ignore[arg-type]
    entries.sort(key=lambda entry: (entry.when, entry.tile, entry.product))
    return SeriesSelection(entries, skipped)
