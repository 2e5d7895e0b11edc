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
from .series_query import (
    ScalingOverrides,
    SeriesEntry,
    SeriesSelection,
    SkippedProduct,
    entries_from_files,
    select_series,
)
