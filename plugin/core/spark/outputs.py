"""Files a Spark job's driver writes besides rasters: the histogram table (the columns of
``terrascope:histogram``: bin_min, bin_max, count), its per-tile table and its HTML chart.
Every file is written under a temporary name and renamed (``core.atomic``)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..archive.series_query import SeriesEntry
from ..atomic import write_text_atomically
from ..raster.report import histogram_html, write_report
from .jobs import SparkHistogram

HISTOGRAM_CSV = "histogram.csv"
HISTOGRAM_TILES_CSV = "histogram_by_tile.csv"
HISTOGRAM_HTML = "histogram.html"


def _number(value: float) -> str:
    return repr(float(value))  # shortest text that reads back to the same double


def histogram_rows(result: SparkHistogram) -> list[str]:
    rows = ["bin_min,bin_max,count"]
    edges = result.edges
    rows += [
        f"{_number(edges[i])},{_number(edges[i + 1])},{int(count)}" for i, count in enumerate(result.counts)
    ]
    return rows


def write_histogram(out_dir: str, result: SparkHistogram, entries: Sequence[SeriesEntry]) -> list[str]:
    """``histogram.csv`` (summed), ``histogram_by_tile.csv`` and ``histogram.html``; their paths."""
    table = os.path.join(out_dir, HISTOGRAM_CSV)
    write_text_atomically(table, "\n".join(histogram_rows(result)) + "\n")
    tiles = ["tile,bin_min,bin_max,count"]
    edges = result.edges
    for tile, counts in result.by_tile.items():
        tiles += [
            f"{tile},{_number(edges[i])},{_number(edges[i + 1])},{int(count)}"
            for i, count in enumerate(counts)
        ]
    by_tile = os.path.join(out_dir, HISTOGRAM_TILES_CSV)
    write_text_atomically(by_tile, "\n".join(tiles) + "\n")
    scaling = entries[0].scaling
    label = scaling.label + (f" ({scaling.unit})" if scaling.unit else "")
    notes = [f"{result.outside} valid values fell outside the range"] if result.outside else []
    page = os.path.join(out_dir, HISTOGRAM_HTML)
    write_report(
        page,
        histogram_html(
            result.edges, result.counts, result.files, f"Histogram: {scaling.label}", label, notes
        ),
    )
    return [table, by_tile, page]
