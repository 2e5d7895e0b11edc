"""terrascope:timeseries — per feature and acquisition, statistics of the physical values of an
archive query: the pixel under each point, the pixels whose centre lies in each polygon."""

from __future__ import annotations

import html
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDateTime, Qt, QVariant

from ..core.archive.series_query import SeriesEntry, SkippedProduct
from ..core.atomic import write_text_atomically
from ..core.timeseries import OutsideError, PointSample, ZoneStats, point_profiles, zonal_profiles
from ..qgis_utils import tr
from .common import TerrascopeAlgorithm, processing_errors, query_series, report_skipped
from .parameters import (
    COLLECTION,
    add_archive_query,
    add_scaling_overrides,
    add_series_masking,
    read_masking,
)

#: The table's columns, in order (the public interface of the output).
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("feature_id", QVariant.LongLong),
    ("date", QVariant.DateTime),
    ("product", QVariant.String),
    ("tile", QVariant.String),
    ("count", QVariant.Int),
    ("valid", QVariant.Int),
    ("masked", QVariant.Int),
    ("mean", QVariant.Double),
    ("median", QVariant.Double),
    ("std", QVariant.Double),
    ("min", QVariant.Double),
    ("max", QVariant.Double),
)
DATE_COLUMN = 1  # the rows' acquisition time (a datetime, written as a QDateTime)
WGS84 = "EPSG:4326"


class TimeSeriesAlgorithm(TerrascopeAlgorithm):
    INPUT = "INPUT"
    OUTPUT = "OUTPUT"
    OUTPUT_HTML = "OUTPUT_HTML"
    ROWS = "ROWS"
    SKIPPED = "SKIPPED"

    def name(self) -> str:
        return "timeseries"

    def displayName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr("Time series of points or polygons")

    def tags(self) -> list[str]:
        return self.tr("terrascope,time series,profile,zonal,statistics,ndvi,field,pixel").split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "This algorithm follows places through time in the Terrascope archive. For every feature "
            "of the input layer (points or polygons, in any coordinate system) and every acquisition "
            "found by the archive query (ROOT, COLLECTION, START, END, MAX_CLOUD; TILE and BAND "
            "narrow it further), it computes statistics of the physical values (scale · DN + offset) "
            "of that acquisition.\n\n"
            "A point takes the pixel it falls in: count is 1, valid and masked are 0 or 1, and mean, "
            "median, minimum and maximum are its value when it is valid. A polygon takes the pixels "
            "whose centre lies inside it, as QGIS's zonal statistics counts them: count, valid "
            "(not masked, not nodata, within the valid range), masked (by the SCL), mean, median, "
            "standard deviation (population), minimum and maximum of the valid values. Only the "
            "pixel or the polygon's window is read from each file. Where tiles overlap, each piece "
            "of ground is taken from the tile in which it lies deepest; a polygon across two tiles "
            "or UTM zones is combined into one row.\n\n"
            "When APPLY_SCL is ticked, pixels whose scene classification is one of MASK_CLASSES are "
            "masked and not counted as valid.\n\n"
            "Products whose file cannot be read (truncated, vanished, permission denied) are left "
            "out with a warning naming the file, and counted in SKIPPED; features outside every "
            "product are named in the log.\n\n"
            "Outputs: a table without geometry with one row per feature and acquisition, oldest "
            "first (feature_id, date in UTC, product, tile, count, valid, masked, mean, median, std, "
            "min, max) and, optionally, an HTML page plotting the mean of each feature over time."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT,
                self.tr("Points or polygons"),
                [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon],
            )
        )
        add_archive_query(self)
        add_series_masking(self)
        add_scaling_overrides(self)
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Time series"), QgsProcessing.TypeVector)
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_HTML, self.tr("Time series plot"), self.tr("HTML files (*.html)"), optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.ROWS, self.tr("Number of rows")))
        self.addOutput(QgsProcessingOutputNumber(self.SKIPPED, self.tr("Number of products skipped")))

    def processAlgorithm(  # noqa: N802
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        if not self.parameterAsString(parameters, COLLECTION, context).strip():
            raise QgsProcessingException(self.tr("Give COLLECTION, the collection to follow (e.g. NDVI_V2)"))
        masking = read_masking(self, parameters, context)
        mask = masking.classes if masking.apply_scl else None
        # Only the products whose footprint meets the features: the archive has many other tiles.
        selection = query_series(self, parameters, context, feedback, _lonlat_box(source, context))
        entries = selection.entries
        polygons = QgsWkbTypes.geometryType(source.wkbType()) == QgsWkbTypes.PolygonGeometry
        features = _features(source, feedback)
        if not features:
            raise QgsProcessingException(self.tr("The input layer has no feature with a geometry"))
        expected = max(1, len(features) * len({(e.when, e.product.replace(e.tile, "")) for e in entries}))
        progress = _Progress(feedback, expected)
        with processing_errors():
            try:
                if polygons:
                    rows, skipped, outside = self._polygons(
                        source, features, entries, mask, feedback, progress
                    )
                else:
                    rows, skipped, outside = self._points(
                        source, features, entries, mask, context, feedback, progress
                    )
            except OutsideError as exc:
                raise QgsProcessingException(str(exc)) from None
        if feedback.isCanceled():
            raise QgsProcessingException(self.tr("Cancelled: no output was written"))
        if outside:
            feedback.pushWarning(
                self.tr("Outside every product of the query (no rows): feature(s) {0}").format(
                    ", ".join(str(f) for f in outside)
                )
            )
        count = report_skipped(feedback, list(selection.skipped) + skipped)
        # The table is created once everything is read: QGIS writes a sink straight to its final
        # name, so a cancelled or failed run leaves the previous table as it was.
        sink_id = self._write_table(parameters, context, rows)
        results: dict[str, Any] = {self.OUTPUT: sink_id, self.ROWS: len(rows), self.SKIPPED: count}
        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        if html_path:
            label = entries[0].scaling.label + (
                f" ({entries[0].scaling.unit})" if entries[0].scaling.unit else ""
            )
            page = timeseries_html(rows, self.tr("Time series: {0}").format(label), label)
            with processing_errors():
                write_text_atomically(html_path, page)
            results[self.OUTPUT_HTML] = html_path
        feedback.pushInfo(self.tr("{0} row(s) for {1} feature(s)").format(len(rows), len(features)))
        return results

    # ------------------------------------------------------------------ reading
    def _points(
        self,
        source: QgsProcessingFeatureSource,
        features: list[tuple[int, QgsGeometry]],
        entries: list[SeriesEntry],
        mask: frozenset[int] | None,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
        progress: _Progress,
    ) -> tuple[list[list], list[SkippedProduct], list[int]]:
        to_wgs84 = QgsCoordinateTransform(
            source.sourceCrs(), QgsCoordinateReferenceSystem(WGS84), context.transformContext()
        )
        points = []
        for fid, geometry in features:
            geometry = QgsGeometry(geometry)
            if geometry.isMultipart() and len(geometry.asMultiPoint()) > 1:
                feedback.pushWarning(
                    self.tr("Feature {0}: several points, the first one is used").format(fid)
                )
            geometry.transform(to_wgs84)
            point = geometry.vertexAt(0)
            points.append((point.x(), point.y()))
        samples = point_profiles(
            entries, points, mask_classes=mask, is_cancelled=feedback.isCanceled, on_sample=progress.tick
        )
        ids = [fid for fid, _ in features]
        rows = [_point_row(ids[s.point], s) for s in samples]
        unreadable: dict[str, str] = {}
        for sample in samples:
            if sample.status == "unreadable":
                unreadable.setdefault(sample.path, sample.reason)
        skipped = [SkippedProduct(path, reason) for path, reason in unreadable.items()]
        return rows, skipped, [ids[i] for i in samples.outside]

    def _polygons(
        self,
        source: QgsProcessingFeatureSource,
        features: list[tuple[int, QgsGeometry]],
        entries: list[SeriesEntry],
        mask: frozenset[int] | None,
        feedback: QgsProcessingFeedback,
        progress: _Progress,
    ) -> tuple[list[list], list[SkippedProduct], list[int]]:
        crs = source.sourceCrs().toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL)
        polygons = [(fid, geometry.asWkt()) for fid, geometry in features]
        stats = zonal_profiles(
            entries,
            polygons,
            crs,
            mask_classes=mask,
            is_cancelled=feedback.isCanceled,
            on_stats=progress.tick,
        )
        return [_zone_row(s) for s in stats], list(stats.skipped), list(stats.outside)

    # ------------------------------------------------------------------ writing
    def _write_table(self, parameters: dict, context: QgsProcessingContext, rows: Sequence[list]) -> str:
        fields = QgsFields()
        for name, kind in COLUMNS:
            fields.append(QgsField(name, kind))
        sink, sink_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        times: dict[datetime, QDateTime] = {}  # a few dates shared by many rows: converted once
        feature = QgsFeature(fields)  # one feature refilled: the sink keeps a copy of each
        for values in rows:
            when = values[DATE_COLUMN]
            if when not in times:
                times[when] = _qt_value(when)
            feature.setAttributes([*values[:DATE_COLUMN], times[when], *values[DATE_COLUMN + 1 :]])
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
        return sink_id


class _Progress:
    """Progress from the readers' callbacks (called on worker threads)."""

    def __init__(self, feedback: QgsProcessingFeedback, expected: int) -> None:
        self.feedback, self.expected, self.done = feedback, expected, 0
        self.lock = threading.Lock()

    def tick(self, _: object) -> None:
        with self.lock:
            self.done += 1
            done = self.done
        self.feedback.setProgress(min(99.0, 100.0 * done / self.expected))


def _lonlat_box(
    source: QgsProcessingFeatureSource, context: QgsProcessingContext
) -> tuple[float, float, float, float] | None:
    """The features' extent in lon/lat (W, S, E, N), grown by a margin so a point has an area;
    None when it cannot be computed (then every product of the query is read)."""
    extent = source.sourceExtent()
    if extent.isNull():
        return None
    try:
        transform = QgsCoordinateTransform(
            source.sourceCrs(), QgsCoordinateReferenceSystem(WGS84), context.transformContext()
        )
        box = transform.transformBoundingBox(extent)
    except QgsCsException:
        return None
    margin = 0.01  # degrees: about 1 km, more than a pixel of any product
    west, south = max(-180.0, box.xMinimum() - margin), max(-90.0, box.yMinimum() - margin)
    east, north = min(180.0, box.xMaximum() + margin), min(90.0, box.yMaximum() + margin)
    return (west, south, east, north) if west < east and south < north else None


def _features(
    source: QgsProcessingFeatureSource, feedback: QgsProcessingFeedback
) -> list[tuple[int, QgsGeometry]]:
    """(feature id, geometry) of the features with a geometry; the others are named in the log."""
    found = []
    request = QgsFeatureRequest().setNoAttributes()
    for feature in source.getFeatures(request):
        geometry = feature.geometry()
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            feedback.pushWarning(tr("Feature {0}: no geometry, left out").format(feature.id()))
            continue
        found.append((int(feature.id()), QgsGeometry(geometry)))
    return found


def _point_row(fid: int, sample: PointSample) -> list:
    valid = sample.status == "valid"
    value = sample.value if valid else None
    return [
        fid,
        sample.when,
        sample.product,
        sample.tile,
        1,
        int(valid),
        int(sample.status == "masked"),
        value,
        value,
        0.0 if valid else None,
        value,
        value,
    ]


def _zone_row(stats: ZoneStats) -> list:
    return [
        stats.feature,
        stats.when,
        stats.product,
        stats.tile,
        stats.count,
        stats.valid,
        stats.masked,
        stats.mean,
        stats.median,
        stats.std,
        stats.min,
        stats.max,
    ]


def _qt_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return QDateTime.fromMSecsSinceEpoch(int(value.timestamp() * 1000), Qt.UTC)
    return value


# --------------------------------------------------------------------------- the plot

PLOT_W, PLOT_H, LEFT, RIGHT, TOP, BOTTOM = 760, 360, 60, 20, 20, 50
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def timeseries_html(rows: Sequence[list], title: str, y_label: str) -> str:
    """A standalone page: the mean of each feature over time as an inline SVG (min–max band for
    polygons), then the number of rows; no script, no external resource."""
    series: dict[int, list[tuple[datetime, float, float, float]]] = {}
    for row in rows:
        fid, when, mean, low, high = row[0], row[1], row[7], row[10], row[11]
        if mean is not None:
            series.setdefault(fid, []).append((when, mean, low, high))
    body = _svg(series, y_label) if series else "<p>No valid value to plot.</p>"
    legend = "".join(
        f"<li style='color:{COLOURS[i % len(COLOURS)]}'>feature {fid}</li>" for i, fid in enumerate(series)
    )
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body style='font-family: sans-serif'>"
        f"<h2>{html.escape(title)}</h2>{body}<ul>{legend}</ul>"
        f"<p>{len(rows)} row(s), {len(series)} feature(s) with valid values.</p></body></html>\n"
    )


def _svg(series: dict[int, list[tuple[datetime, float, float, float]]], y_label: str) -> str:
    times = [p[0].timestamp() for points in series.values() for p in points]
    values = [v for points in series.values() for p in points for v in p[1:]]
    t0, t1 = min(times), max(times)
    v0, v1 = min(values), max(values)
    if t1 == t0:
        t0, t1 = t0 - 43200, t1 + 43200
    if v1 == v0:
        v0, v1 = v0 - 0.5, v1 + 0.5
    width, height = PLOT_W - LEFT - RIGHT, PLOT_H - TOP - BOTTOM

    def x(t: float) -> float:
        return LEFT + (t - t0) / (t1 - t0) * width

    def y(v: float) -> float:
        return TOP + (v1 - v) / (v1 - v0) * height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PLOT_W}" height="{PLOT_H}" font-size="11">',
        f'<rect x="{LEFT}" y="{TOP}" width="{width}" height="{height}" fill="none" stroke="#333"/>',
    ]
    for i, points in enumerate(series.values()):
        colour = COLOURS[i % len(COLOURS)]
        points = sorted(points)
        if any(low != high for _, _, low, high in points):
            band = [(x(p[0].timestamp()), y(p[3])) for p in points] + [
                (x(p[0].timestamp()), y(p[2])) for p in reversed(points)
            ]
            parts.append(f'<polygon points="{_coords(band)}" fill="{colour}" fill-opacity="0.15"/>')
        line = [(x(p[0].timestamp()), y(p[1])) for p in points]
        parts.append(f'<polyline points="{_coords(line)}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        for (px, py), p in zip(line, points, strict=True):
            tip = html.escape(f"{p[0]:%Y-%m-%d}: {p[1]:.4g}")
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"><title>{tip}</title></circle>'
            )
    for value in (v0, (v0 + v1) / 2, v1):
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.3g}</text>')
    for stamp in (t0, (t0 + t1) / 2, t1):
        day = datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d")
        parts.append(f'<text x="{x(stamp):.1f}" y="{TOP + height + 18}" text-anchor="middle">{day}</text>')
    parts.append(
        f'<text x="15" y="{TOP + height / 2}" text-anchor="middle" '
        f'transform="rotate(-90 15 {TOP + height / 2})">{html.escape(y_label)}</text></svg>'
    )
    return "\n".join(parts)


def _coords(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
