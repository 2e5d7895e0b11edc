"""terrascope:temporalcomposite — per-pixel statistics of a time series of physical values."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterRasterDestination,
)
from qgis.PyQt.QtCore import QT_TR_NOOP

from ..core.raster.series import STATISTICS, temporal_composite
from ..qgis_utils import tr
from .common import (
    TerrascopeAlgorithm,
    count_style,
    physical_style,
    processing_errors,
    report_skipped,
    run_options,
    series_items,
    style_output,
)
from .parameters import (
    add_archive_query,
    add_compress,
    add_scaling_overrides,
    add_series_inputs,
    add_series_masking,
    query_help,
    read_compress,
    read_mask_classes,
)

#: Output parameter of each statistic; mean and median are created by default.
OUTPUTS: dict[str, str] = {name: f"OUTPUT_{name.upper()}" for name in STATISTICS}
CREATED_BY_DEFAULT = ("mean", "median")
LABELS = {
    "mean": QT_TR_NOOP("Mean"),
    "median": QT_TR_NOOP("Median"),
    "min": QT_TR_NOOP("Minimum"),
    "max": QT_TR_NOOP("Maximum"),
    "std": QT_TR_NOOP("Standard deviation"),
    "count": QT_TR_NOOP("Count of valid dates"),
}


class TemporalCompositeAlgorithm(TerrascopeAlgorithm):
    INPUTS = "INPUTS"
    APPLY_SCL = "APPLY_SCL"
    MASK_CLASSES = "MASK_CLASSES"
    COMPRESS = "COMPRESS"
    DATES = "DATES"
    SKIPPED = "SKIPPED"

    def name(self) -> str:
        return "temporalcomposite"

    def displayName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr("Temporal composite (mean, median, min, max, std, count)")

    def tags(self) -> list[str]:
        return self.tr("terrascope,composite,time series,mean,median,temporal,statistics").split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return (
            self.tr(
                "Per-pixel mean, median, minimum, maximum, standard deviation (population) and count "
                "of the valid physical values of a time series on one grid (one tile).\n\n"
            )
            + query_help()
            + self.tr(
                "\n\nEach date is converted to physical values (nodata and out-of-range DN dropped) "
                "and, when masking is ticked, masked with its own scene classification from its "
                "product folder. Memory stays bounded whatever the number of dates: the rasters are "
                "processed window by window (the median too).\n\n"
                "Outputs: one single-band GeoTIFF per statistic (Float32, nodata -9999; count is "
                "UInt16, 0 = no valid date). Mean and median are written by default; set or skip the "
                "others. Pixels without any valid date are nodata."
            )
            + self.tr(
                "\n\nWith an archive query, a product whose file cannot be read (truncated, vanished, "
                "permission denied) is left out with a warning naming the file and why; DATES gives "
                "the number of dates composited and SKIPPED the number left out. The run fails only "
                "when no product can be read. Rasters listed in INPUTS must all be readable."
            )
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802
        add_series_inputs(self)
        add_archive_query(self)
        add_series_masking(self)
        add_compress(self)
        add_scaling_overrides(self)
        for name, param_name in OUTPUTS.items():
            self.addParameter(
                QgsProcessingParameterRasterDestination(
                    param_name,
                    tr(LABELS[name]),
                    optional=True,
                    createByDefault=name in CREATED_BY_DEFAULT,
                )
            )
        self.addOutput(QgsProcessingOutputNumber(self.DATES, self.tr("Number of dates composited")))
        self.addOutput(QgsProcessingOutputNumber(self.SKIPPED, self.tr("Number of products skipped")))

    def processAlgorithm(  # noqa: N802
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        outputs = {}
        for name, param_name in OUTPUTS.items():
            if parameters.get(param_name) is None:
                continue
            path = self.parameterAsOutputLayer(parameters, param_name, context)
            if path:
                outputs[name] = path
        if not outputs:
            raise QgsProcessingException(self.tr("Choose at least one statistic to write (an output)"))
        inputs = series_items(self, parameters, context, feedback)
        feedback.pushInfo(
            self.tr("Compositing {0} date(s): {1}").format(len(inputs.items), ", ".join(sorted(outputs)))
        )
        with processing_errors():
            result = temporal_composite(
                inputs.items,
                outputs,
                mask_classes=read_mask_classes(self, parameters, context),
                options=run_options(feedback, read_compress(self, parameters, context)),
                skip_unreadable=inputs.from_query,
            )
        feedback.pushInfo(self.tr("Windows of {0}×{0} pixels").format(result.tile))
        skipped = report_skipped(feedback, inputs.skipped + result.skipped)
        used = {item.path for item in result.skipped}
        scaling = next(item for item in inputs.items if item.path not in used).scaling.as_scaling()
        for name, path in outputs.items():
            style_output(context, path, count_style if name == "count" else physical_style(scaling, True))
        results: dict[str, Any] = {OUTPUTS[name]: path for name, path in outputs.items()}
        results.update({self.DATES: result.dates, self.SKIPPED: skipped})
        return results
