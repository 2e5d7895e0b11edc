"""Pure core of Terrascope Browser: no Qt, no QGIS.

Names, archive catalogue, scaling tables, SCL classes, metadata and numpy kernels.
This package is what the command line (``python3 -m plugin.core``) and Spark jobs reuse.
"""
