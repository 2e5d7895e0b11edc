"""The mounted archive: collection discovery, the streaming catalogue search and its listing cache.

The public names are re-exported here, so scripts keep ``from plugin.core.archive import Catalogue``.
"""

from .catalogue import (
    ArchiveError,
    ArchiveFile,
    Catalogue,
    Collection,
    Product,
    Query,
    RootNotFoundError,
    SkippedPath,
    default_roots,
    footprint,
)

# The series reader needs numpy and GDAL: loaded on first use, so that listing and searching (the
# command line's start-up, the Browser) do not pay for them.
_SERIES_NAMES = frozenset(
    {
        "ScalingOverrides",
        "SeriesEntry",
        "SeriesSelection",
        "SkippedProduct",
        "entries_from_files",
        "select_series",
    }
)


def __getattr__(name: str):
    if name in _SERIES_NAMES:
        from . import series_query

        return getattr(series_query, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
