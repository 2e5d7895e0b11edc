"""Time series of the archive: pixel profiles of points and statistics of polygons per acquisition.

Pure numpy + GDAL/OGR/OSR (no Qt, no QGIS): the command line, Processing, the dock and Spark jobs
share it. Entries come from :mod:`..archive.series_query` (``select_series`` / ``entries_from_files``).
"""

from .common import DEFAULT_MASK, STATUSES, OutsideError
from .points import PointProfiles, PointSample, outside_points, point_profiles
from .polygons import ZoneProfiles, ZoneStats, zonal_profiles

__all__ = [
    "DEFAULT_MASK",
    "STATUSES",
    "OutsideError",
    "PointProfiles",
    "PointSample",
    "ZoneProfiles",
    "ZoneStats",
    "outside_points",
    "point_profiles",
    "zonal_profiles",
]
