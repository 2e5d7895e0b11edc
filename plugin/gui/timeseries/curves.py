"""The curves of the time-series plot, as data: what each curve is, its samples, its CSV rows.

No Qt here: the plot draws these records, the task fills them, the panel exports them. A curve
is one clicked point (or one selected polygon) in one collection; the point's colour is shared
by its curves and by its marker on the map, the collection picks the line style.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from datetime import datetime

from ...core.atomic import write_text_atomically
from ...core.products.scl import SCL_BY_VALUE

POINT, ZONE = "point", "zone"
# Colour-blind-safe qualitative palette (Okabe-Ito without black and yellow, then Tableau).
PALETTE: tuple[str, ...] = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#8c564b",
    "#7f7f7f",
)
LINE_STYLES: tuple[str, ...] = ("-", "--", ":", "-.")
# Point statuses the plot shows: values, and the dates masked or unreadable (on the strip).
STRIP_STATUSES = ("valid", "masked", "unreadable")
# A polygon date counts as masked (drawn hollow) when most of its pixels are masked by the SCL.
ZONE_MASKED_FRACTION = 0.5

CSV_HEADER: tuple[str, ...] = (
    "curve",
    "kind",
    "collection",
    "lon",
    "lat",
    "feature",
    "date",
    "product",
    "tile",
    "value",
    "status",
    "scl",
    "count",
    "valid",
    "masked_fraction",
    "mean",
    "median",
    "std",
    "min",
    "max",
)


def colour_of(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def scl_label(scl: int | None) -> str:
    """ "9 (Cloud, high probability)", or "" when the product has no SCL."""
    if scl is None:
        return ""
    item = SCL_BY_VALUE.get(scl)
    return f"{scl} ({item.label})" if item else str(scl)


@dataclass(frozen=True)
class Mark:
    """One plotted point of a curve: what the hover text and a click need."""

    when: datetime
    value: float | None  # None: a masked point date (the core reads no value there)
    masked: bool
    product: str
    path: str
    tile: str
    scl: int | None = None  # points: the SCL class at the pixel
    status: str = "valid"  # points: the core's status ("valid", "masked", "unreadable")
    low: float | None = None  # polygons: lower edge of the band
    high: float | None = None  # polygons: upper edge of the band
    masked_fraction: float | None = None  # polygons


@dataclass
class Curve:
    """One curve: a point (lon, lat) or a polygon (feature id) in one collection."""

    key: int
    kind: str  # POINT or ZONE
    label: str
    collection: str
    colour: str
    style: str = "-"
    lon: float | None = None
    lat: float | None = None
    feature: int | None = None
    samples: list = field(default_factory=list)  # PointSample or ZoneStats, in arrival order
    paths: dict[str, str] = field(default_factory=dict)  # product -> data file (polygons)

    def add(self, sample, path: str = "") -> None:
        self.samples.append(sample)
        if path:
            self.paths[sample.product] = path

    def ordered(self) -> list:
        """Samples by date (they arrive in any order: products are read in parallel)."""
        return sorted(self.samples, key=lambda s: (s.when, s.product))

    def marks(self, band: str = "minmax") -> list[Mark]:
        """What the plot shows, by date. Points: valid values, masked and unreadable dates (no
        value: the core gives none; the plot puts them on a strip over the date axis). Polygons: the
        dates with valid pixels, with the band's edges ("minmax" or "std")."""
        if self.kind == POINT:
            return [_point_mark(s) for s in self.ordered() if s.status in STRIP_STATUSES]
        return [
            _zone_mark(s, band, self.paths.get(s.product, ""))
            for s in self.ordered()
            if s.valid > 0 and s.mean is not None
        ]

    def counts(self) -> dict[str, int]:
        """How many dates of each status (points) or kind (polygons: valid, mostly masked,
        no valid pixel), for the status line."""
        result: dict[str, int] = {}
        for sample in self.samples:
            kind = _kind(sample) if self.kind == ZONE else sample.status
            result[kind] = result.get(kind, 0) + 1
        return result


def _kind(stats) -> str:
    if stats.valid == 0:
        return "no valid pixel"
    return "mostly masked" if stats.masked_fraction > ZONE_MASKED_FRACTION else "valid"


def _point_mark(sample) -> Mark:
    value = float(sample.value) if sample.status == "valid" and sample.value is not None else None
    masked = sample.status == "masked"
    return Mark(
        sample.when,
        value,
        masked,
        sample.product,
        sample.path,
        sample.tile,
        scl=sample.scl,
        status=sample.status,
    )


def _zone_mark(stats, band: str, path: str) -> Mark:
    if band == "std" and stats.std is not None:
        low, high = stats.mean - stats.std, stats.mean + stats.std
    else:
        low, high = stats.min, stats.max
    return Mark(
        stats.when,
        float(stats.mean),
        stats.masked_fraction > ZONE_MASKED_FRACTION,
        stats.product,
        path,
        stats.tile,
        low=low,
        high=high,
        masked_fraction=stats.masked_fraction,
    )


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def csv_rows(curves: list[Curve]) -> list[list[str]]:
    """One row per curve and date (every status, masked and unreadable included)."""
    rows: list[list[str]] = []
    for curve in curves:
        lon, lat = _number(curve.lon), _number(curve.lat)
        feature = "" if curve.feature is None else str(curve.feature)
        for s in curve.ordered():
            head = [curve.label, curve.kind, curve.collection, lon, lat, feature]
            head += [s.when.isoformat(), s.product, s.tile]
            if curve.kind == POINT:
                scl = "" if s.scl is None else str(s.scl)
                value = _number(s.value) if s.status == "valid" else ""
                rows.append(head + [value, s.status, scl] + [""] * 7)
            else:
                stats = [_number(v) for v in (s.masked_fraction, s.mean, s.median, s.std, s.min, s.max)]
                rows.append(head + ["", "", "", str(s.count), str(s.valid)] + stats)
    return rows


def write_csv(path: str | os.PathLike[str], curves: list[Curve]) -> int:
    """Write the curves' data to ``path`` (atomically); returns the number of data rows."""
    rows = csv_rows(curves)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    write_text_atomically(path, buffer.getvalue())
    return len(rows)
