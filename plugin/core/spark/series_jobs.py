"""Time series of many points or polygons as a Spark job: the rows of the desktop's time-series core.

Tasks are chunks of points (or polygons), each computed by the core itself (``timeseries.point_profiles``
/ ``zonal_profiles``) over the whole selection, so every rule that looks across the series (deepest
tile, unreadable files placed by their tile, points outside every product) is the desktop's. A point's
rows come from one task; they are grouped by point (``groupByKey``, integer keys: Python workers that
spill sort them), ordered, and streamed to one CSV: for points the columns of
``python3 -m plugin.core timeseries`` (its own writer), for polygons the fields of ``ZoneStats``.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..archive.series_query import SeriesEntry, SkippedProduct
from ..atomic import atomic_open
from ..cli_timeseries import _iso, margin_bbox, write_samples
from ..products.scl import DEFAULT_MASK
from ..timeseries import OutsideError, PointSample, ZoneStats, point_profiles, zonal_profiles
from .jobs import Progress, _quiet, core_file

#: Points (or polygons) per task: each task opens every file's header once, then reads pixels.
FEATURES_PER_TASK = 250
TIMESERIES_CSV = "timeseries.csv"
ZONE_COLUMNS = ("feature", "date", "product", "tile", "count", "valid", "masked", "masked_fraction",
                "mean", "median", "std", "min", "max")  # fmt: skip


@dataclass(frozen=True)
class Features:
    kind: str  # "points" or "polygons"
    points: list[tuple[float, float]] = field(default_factory=list)  # lon, lat (EPSG:4326)
    polygons: list[tuple[int, str]] = field(default_factory=list)  # (0-based feature index, WKT)
    bbox: tuple[float, float, float, float] | None = None  # lon/lat W,S,E,N of every feature, widened

    def __len__(self) -> int:
        return len(self.points) if self.kind == "points" else len(self.polygons)


def read_features(path: str) -> Features:
    """Points or polygons of a GeoJSON file (EPSG:4326, RFC 7946) or a CSV file with ``lon`` and
    ``lat`` columns (``longitude``/``latitude`` or ``x``/``y`` too). Clear ValueError otherwise."""
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    if path.lower().endswith((".json", ".geojson")) or text.lstrip().startswith("{"):
        return _geojson(path, text)
    return _csv_points(path, text)


def _csv_points(path: str, text: str) -> Features:
    reader = csv.DictReader(text.splitlines())
    names = {name.strip().lower(): name for name in reader.fieldnames or []}
    rows = list(reader)
    for lon_name, lat_name in (("lon", "lat"), ("longitude", "latitude"), ("x", "y")):
        if lon_name in names and lat_name in names:
            break
    else:
        raise ValueError(f"{path}: a CSV of points needs a header with lon and lat columns (degrees)")
    points = []
    for number, row in enumerate(rows, 2):
        try:
            points.append((float(row[names[lon_name]]), float(row[names[lat_name]])))
        except (TypeError, ValueError):
            raise ValueError(f"{path}, line {number}: lon/lat are not numbers") from None
    return _checked(path, Features("points", points=points))


def _geojson(path: str, text: str) -> Features:
    from osgeo import ogr

    try:
        document = json.loads(text)
        features = document["features"] if document.get("type") == "FeatureCollection" else [document]
        geometries = [feature.get("geometry", feature) for feature in features]
    except (ValueError, KeyError, AttributeError, TypeError):
        raise ValueError(f"{path}: not GeoJSON (a FeatureCollection of points or polygons)") from None
    kinds = {geometry.get("type") if isinstance(geometry, dict) else None for geometry in geometries}
    if kinds <= {"Point"} and kinds:
        points = [(float(g["coordinates"][0]), float(g["coordinates"][1])) for g in geometries]
        return _checked(path, Features("points", points=points))
    if kinds and kinds <= {"Polygon", "MultiPolygon"}:
        polygons = []
        for index, geometry in enumerate(geometries):
            shape = ogr.CreateGeometryFromJson(json.dumps(geometry))
            if shape is None:
                raise ValueError(f"{path}: feature {index} is not a valid polygon")
            polygons.append((index, shape.ExportToWkt()))
        return _checked(path, Features("polygons", polygons=polygons))
    raise ValueError(f"{path}: give only points or only polygons (found {sorted(map(str, kinds))})")


def _checked(path: str, features: Features) -> Features:
    if not len(features):
        raise ValueError(f"{path}: no point or polygon in the file")
    return dataclasses.replace(features, bbox=_bbox(features))


def _bbox(features: Features) -> tuple[float, float, float, float]:
    """The box a query needs (as the command line's, ``BBOX_MARGIN`` wider)."""
    if features.kind == "points":
        lons = [p[0] for p in features.points]
        lats = [p[1] for p in features.points]
    else:
        from osgeo import ogr

        boxes = [ogr.CreateGeometryFromWkt(wkt).GetEnvelope() for _, wkt in features.polygons]
        lons = [v for box in boxes for v in box[:2]]
        lats = [v for box in boxes for v in box[2:]]
    return margin_bbox(lons, lats)


# --------------------------------------------------------------------------- tasks

# A task's result: ([(feature, (position, row))], outside feature indices, skipped files, core file).
_Chunk = tuple[list[tuple[int, tuple[int, Any]]], list[int], list[SkippedProduct], str]


def _points_task(
    entries: Any, mask: frozenset[int] | None, chunk: tuple[int, list[tuple[float, float]]]
) -> _Chunk:
    offset, points = chunk
    try:
        samples = point_profiles(entries.value, points, mask_classes=mask, workers=1)
    except OutsideError:
        return [], [offset + index for index in range(len(points))], [], core_file()
    keyed = [
        (offset + s.point, (position, dataclasses.replace(s, point=offset + s.point)))
        for position, s in enumerate(samples)
    ]
    unreadable = [SkippedProduct(s.path, s.reason) for s in samples if s.status == "unreadable"]
    return keyed, [offset + index for index in samples.outside], unreadable, core_file()


def _polygons_task(
    entries: Any, mask: frozenset[int] | None, chunk: tuple[int, list[tuple[int, str]]]
) -> _Chunk:
    _, polygons = chunk
    try:
        rows = zonal_profiles(entries.value, polygons, mask_classes=mask, workers=1)
    except OutsideError:
        return [], [feature for feature, _ in polygons], [], core_file()
    keyed = [(row.feature, (position, row)) for position, row in enumerate(rows)]
    return keyed, list(rows.outside), list(rows.skipped), core_file()


def _rows_of(chunk: _Chunk) -> list[tuple[int, tuple[int, Any]]]:
    return chunk[0]


def _meta_of(chunk: _Chunk) -> tuple[list[int], list[SkippedProduct], str]:
    return chunk[1], chunk[2], chunk[3]


def _in_order(values: Iterable[tuple[int, Any]]) -> list[Any]:
    """A feature's rows in the core's order (they all come from one task)."""
    return [row for _, row in sorted(values, key=lambda value: value[0])]


# --------------------------------------------------------------------------- job


@dataclass
class SparkTimeSeries:
    csv: str
    rows: int
    used: list[str]  # data files of the selection
    skipped: list[SkippedProduct]  # unreadable files (once each)
    outside: list[int]  # features no product covers
    executors: list[str] = field(default_factory=list)


def timeseries_job(
    sc: Any,
    entries: Sequence[SeriesEntry],
    features: str | Features,
    out_dir: str,
    *,
    mask_classes: Iterable[int] | None = DEFAULT_MASK,
    per_task: int = FEATURES_PER_TASK,
    progress: Progress = _quiet,
) -> SparkTimeSeries:
    """One CSV (``timeseries.csv`` in ``out_dir``) of every point or polygon × every entry."""
    from pyspark import StorageLevel

    given = read_features(features) if isinstance(features, str) else features
    if not entries:
        raise ValueError("no product to sample: the query found none")
    mask = None if mask_classes is None else frozenset(mask_classes)
    items: list[Any] = given.points if given.kind == "points" else given.polygons
    chunks = [(start, items[start : start + per_task]) for start in range(0, len(items), per_task)]
    progress(f"timeseries: {len(items)} {given.kind} × {len(entries)} product(s) in {len(chunks)} task(s)")
    shared = sc.broadcast(list(entries))
    task = _points_task if given.kind == "points" else _polygons_task
    results = sc.parallelize(chunks, len(chunks)).map(partial(task, shared, mask))
    results.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        outside, skipped, origins = _gather(results.map(_meta_of).collect())
        if len(outside) == len(items):
            raise OutsideError(
                f"every one of the {len(items)} {given.kind} lies outside every product of the selection"
            )
        rows = results.flatMap(_rows_of).groupByKey().mapValues(_in_order).sortByKey()
        path = os.path.join(out_dir, TIMESERIES_CSV)
        count = _write_csv(path, given.kind, (row for _, group in rows.toLocalIterator() for row in group))
    finally:
        results.unpersist()
        shared.unpersist()
    progress(f"timeseries: {count} row(s) written to {path}")
    return SparkTimeSeries(path, count, [entry.path for entry in entries], skipped, outside, sorted(origins))


def _gather(
    metas: Sequence[tuple[list[int], list[SkippedProduct], str]],
) -> tuple[list[int], list[SkippedProduct], set[str]]:
    outside: list[int] = []
    skipped: dict[str, SkippedProduct] = {}
    origins: set[str] = set()
    for chunk_outside, chunk_skipped, origin in metas:
        outside += chunk_outside
        for record in chunk_skipped:
            skipped.setdefault(record.path, record)
        origins.add(origin)
    return sorted(outside), list(skipped.values()), origins


def _write_csv(path: str, kind: str, rows: Iterator[Any]) -> int:
    counted = _Counted(rows)
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        if kind == "points":
            write_samples(counted, handle, False)  # the command line's own CSV
        else:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(ZONE_COLUMNS)
            writer.writerows(_zone_row(row) for row in counted)
    return counted.count


def _zone_row(row: ZoneStats) -> list[Any]:
    values = dataclasses.asdict(row)
    values["date"] = _iso(row.when)
    return ["" if values[name] is None else values[name] for name in ZONE_COLUMNS]


class _Counted:
    """Rows passed through, counted."""

    def __init__(self, rows: Iterator[PointSample | ZoneStats]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            self.count += 1
            yield row
