"""The rasters of a folder on disk as the product model sees them (the Browser's file level)."""

from __future__ import annotations

from .model import Product, is_raster, list_files, product_at
from .names import ProductNameError


def folder_rasters(folder: str) -> tuple[Product | None, list[str]]:
    """The product of a folder (None when its name is not a product name) and every raster in it and
    :data:`~.model.PRODUCT_SUBFOLDER_DEPTH` levels below, named or not, in path order."""
    try:
        product = product_at(folder)
    except ProductNameError:
        return None, [f"{folder}/{relative}" for relative in list_files(folder) if is_raster(relative)]
    rasters = [f.path for f in product.rasters] + [p for p in product.other_files if is_raster(p)]
    return product, sorted(rasters)
