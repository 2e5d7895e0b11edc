"""terrascope:sclmask — mask any raster by Sentinel-2 scene classification classes."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
)

from ..core.raster.kernels import mask_raster, product_name
from .common import TerrascopeAlgorithm, processing_errors, raster_path, run_options, style_output
from .parameters import add_compress, add_mask_classes, optional_number, read_compress, read_mask_classes


class SclMaskAlgorithm(TerrascopeAlgorithm):
    INPUT = "INPUT"
    SCL = "SCL"
    MASK_CLASSES = "MASK_CLASSES"
    NODATA = "NODATA"
    COMPRESS = "COMPRESS"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "sclmask"

    def displayName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr("Mask by scene classification (SCL)")

    def tags(self) -> list[str]:
        return self.tr("terrascope,scl,cloud,mask,scene classification,sentinel-2").split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Sets to nodata the pixels of any raster (every band) whose Sentinel-2 scene "
            "classification (SCL) is one of the chosen classes: for your own derived layers.\n\n"
            "The raster keeps its data type, scale/offset tags and nodata value; a raster without a "
            "nodata value needs NODATA (floating-point rasters default to -9999). The SCL must be on "
            "the same grid: same origin and a pixel size that is an integer multiple (a 20 m SCL is "
            "applied to 10 m data by nearest neighbour). Other grids give an error: warp first.\n\n"
            "From qgis_process: MASK_CLASSES=3,8,9 gives the class values."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Input raster")))
        self.addParameter(QgsProcessingParameterRasterLayer(self.SCL, self.tr("Scene classification (SCL)")))
        add_mask_classes(self)
        self.addParameter(
            QgsProcessingParameterNumber(
                self.NODATA,
                self.tr("Nodata value when the input has none"),
                QgsProcessingParameterNumber.Double,
                optional=True,
            )
        )
        add_compress(self)
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Masked raster")))

    def processAlgorithm(  # noqa: N802
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        input_path = raster_path(self, parameters, self.INPUT, context)
        scl_path = raster_path(self, parameters, self.SCL, context)
        nodata = optional_number(self, parameters, self.NODATA, context)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        with processing_errors():
            result = mask_raster(
                input_path,
                output,
                scl_path,
                mask_classes=read_mask_classes(self, parameters, context),
                nodata=nodata,
                options=run_options(feedback, read_compress(self, parameters, context)),
            )
        feedback.pushInfo(
            self.tr("{0} pixels masked (nodata {1:g}), SCL upsampled ×{2}").format(
                result.masked_pixels, result.nodata, result.scl_factor
            )
        )
        style_output(context, output, _style_like(input_path))
        return {self.OUTPUT: output}


def _style_like(input_path: str):
    """Style the masked layer like its input when the input is a Terrascope product."""

    def apply(layer: QgsRasterLayer) -> None:
        from ..styles import apply_style_for_name

        apply_style_for_name(layer, product_name(input_path))

    return apply
