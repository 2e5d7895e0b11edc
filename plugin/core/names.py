"""Stable entry point for scripts and Spark jobs: ``from plugin.core.names import parse_name``.

The parser lives in :mod:`.products.names`; this module re-exports its public names.
"""

from .products.names import FAMILIES, ProductName, ProductNameError, format_name, parse_name

__all__ = ["FAMILIES", "ProductName", "ProductNameError", "format_name", "parse_name"]
