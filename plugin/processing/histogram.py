"""terrascope:histogram — histogram of physical values over many files, summed."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core.raster.report import histogram_html, write_report
from ..core.raster.series import histogram
from .common import TerrascopeAlgorithm, processing_errors, report_skipped, run_options, series_items
from .parameters import (
    add_archive_query,
    add_scaling_overrides,
    add_series_inputs,
    add_series_masking,
    optional_number,
    query_help,
    read_mask_classes,
)


class HistogramAlgorithm(TerrascopeAlgorithm):
    INPUTS = "INPUTS"
    BINS = "BINS"
    RANGE_MIN = "RANGE_MIN"
    RANGE_MAX = "RANGE_MAX"
    APPLY_SCL = "APPLY_SCL"
    MASK_CLASSES = "MASK_CLASSES"
    OUTPUT = "OUTPUT"
    OUTPUT_HTML = "OUTPUT_HTML"
    TOTAL = "TOTAL"
    SKIPPED = "SKIPPED"

    def name(self) -> str:
        return "histogram"

    def displayName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr("Histogram of physical values")

    def tags(self) -> list[str]:
        return self.tr("terrascope,histogram,statistics,distribution,ndvi").split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return (
            self.tr(
                "Histogram of the valid physical values of many rasters (tiles and dates), summed: "
                "nodata, out-of-range DN and, when masking is ticked, pixels of the chosen SCL "
                "classes are left out.\n\n"
            )
            + query_help()
            + self.tr(
                "\n\nBins are uniform between RANGE_MIN and RANGE_MAX (default: the physical range of "
                "the product, e.g. -0.08 to 0.92 for NDVI); the last bin includes its upper edge; "
                "values outside the range are reported, not counted.\n\n"
                "Outputs: a table without geometry (bin_min, bin_max, count), usable in models, and "
                "an HTML page with the chart."
            )
            + self.tr(
                "\n\nWith an archive query, a product whose file cannot be read (truncated, vanished, "
                "permission denied) is left out whole with a warning naming the file and why, and "
                "SKIPPED gives their number; the run fails only when no product can be read. Rasters "
                "listed in INPUTS must all be readable."
            )
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802
        add_series_inputs(self)
        add_archive_query(self)
        self.addParameter(
            QgsProcessingParameterNumber(
                self.BINS,
                self.tr("Number of bins"),
                QgsProcessingParameterNumber.Integer,
                50,
                minValue=1,
                maxValue=100000,
            )
        )
        ranges = (
            (self.RANGE_MIN, self.tr("Range minimum (default: physical range)")),
            (self.RANGE_MAX, self.tr("Range maximum (default: physical range)")),
        )
        for name, label in ranges:
            self.addParameter(
                QgsProcessingParameterNumber(name, label, QgsProcessingParameterNumber.Double, optional=True)
            )
        add_series_masking(self)
        add_scaling_overrides(self)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Histogram table"), QgsProcessing.TypeVector
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_HTML, self.tr("Histogram chart"), self.tr("HTML files (*.html)"), optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.TOTAL, self.tr("Number of pixels counted")))
        self.addOutput(QgsProcessingOutputNumber(self.SKIPPED, self.tr("Number of products skipped")))

    def processAlgorithm(  # noqa: N802
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        inputs = series_items(self, parameters, context, feedback)
        bins = self.parameterAsInt(parameters, self.BINS, context)
        low = optional_number(self, parameters, self.RANGE_MIN, context)
        high = optional_number(self, parameters, self.RANGE_MAX, context)
        if (low is None) != (high is None):
            raise QgsProcessingException(self.tr("Give both RANGE_MIN and RANGE_MAX, or neither"))
        fields = QgsFields()
        for name, kind in (
            ("bin_min", QVariant.Double),
            ("bin_max", QVariant.Double),
            ("count", QVariant.LongLong),
        ):
            fields.append(QgsField(name, kind))
        with processing_errors():
            result = histogram(
                inputs.items,
                bins,
                None if low is None else (low, high),
                mask_classes=read_mask_classes(self, parameters, context),
                options=run_options(feedback, False),
                skip_unreadable=inputs.from_query,
            )
        # The table is created once the counting is done: QGIS writes a sink file straight to its
        # final name, so a run cancelled while counting leaves the previous table intact.
        sink, sink_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for left, right, count in zip(result.edges[:-1], result.edges[1:], result.counts, strict=True):
            feature = QgsFeature(fields)
            feature.setAttributes([float(left), float(right), int(count)])
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        notes = []
        if result.outside:
            notes.append(self.tr("{0} valid values fell outside the range").format(result.outside))
            feedback.pushWarning(notes[-1])
        skipped = report_skipped(feedback, inputs.skipped + result.skipped)
        if skipped:
            notes.append(self.tr("{0} product(s) could not be read and were skipped").format(skipped))
        feedback.pushInfo(
            self.tr("{0} pixels counted in {1} file(s)").format(result.total, len(result.files))
        )
        outputs: dict[str, Any] = {self.OUTPUT: sink_id, self.TOTAL: result.total, self.SKIPPED: skipped}
        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        if html_path:
            counted = set(result.files)
            scaling = next(item for item in inputs.items if item.path in counted).scaling
            label = scaling.label + (f" ({scaling.unit})" if scaling.unit else "")
            page = histogram_html(
                result.edges,
                result.counts,
                result.files,
                self.tr("Histogram: {0}").format(scaling.label),
                label,
                notes,
            )
            with processing_errors():
                write_report(html_path, page)
            outputs[self.OUTPUT_HTML] = html_path
        return outputs
