"""terrascope:physicalvalues — digital numbers to physical values, with SCL masking."""

from __future__ import annotations

import os
from typing import Any

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..core.raster.kernels import OUTPUT_FORMATS, find_scl, physical_values
from .common import (
    TerrascopeAlgorithm,
    physical_style,
    processing_errors,
    raster_path,
    run_options,
    scaling_for_file,
    style_output,
)
from .parameters import (
    add_compress,
    add_mask_classes,
    add_scaling_overrides,
    read_compress,
    read_mask_classes,
)


class PhysicalValuesAlgorithm(TerrascopeAlgorithm):
    INPUT = "INPUT"
    APPLY_SCL = "APPLY_SCL"
    SCL = "SCL"
    MASK_CLASSES = "MASK_CLASSES"
    OUTPUT_FORMAT = "OUTPUT_FORMAT"
    COMPRESS = "COMPRESS"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "physicalvalues"

    def displayName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr("Convert to physical values")

    def tags(self) -> list[str]:
        return self.tr("terrascope,scale,offset,dn,physical,ndvi,fapar,lai,scl,cloud,mask").split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Converts the digital numbers (DN) of a Terrascope raster to physical values: "
            "PV = scale · DN + offset.\n\n"
            "Scaling: GDAL scale/offset tags of the file win when present; otherwise the Terrascope "
            "table is used, found from the file name (NDVI, FAPAR, FCOVER, LAI, TOC reflectance...); "
            "for other rasters, or products whose scaling is not published (CCC, CWC), give SCALE and "
            "OFFSET. The log says which was used.\n\n"
            "Nodata DN, DN outside the valid range (e.g. 251–254 for NDVI) and, when masking is "
            "ticked, pixels whose scene classification (SCL) is one of the chosen classes become "
            "nodata. The SCL is found in the product folder of an archive file, or given as SCL; a "
            "20 m SCL is applied to 10 m data by nearest neighbour on the same grid.\n\n"
            "Output format: Float32 physical values (nodata -9999), or the original DN with GDAL "
            "scale/offset tags (lossless, a quarter of the size; QGIS shows physical values).\n\n"
            "From qgis_process: MASK_CLASSES=3,8,9 gives the class values; OUTPUT_FORMAT=0 "
            "(Float32) or 1 (DN)."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Input raster")))
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.APPLY_SCL, self.tr("Mask with the scene classification (SCL)"), defaultValue=False
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                self.SCL, self.tr("Scene classification (default: the one of the product)"), optional=True
            )
        )
        add_mask_classes(self)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.OUTPUT_FORMAT,
                self.tr("Output format"),
                options=[
                    self.tr("Float32 physical values"),
                    self.tr("Original DN with scale/offset tags (lossless, smaller)"),
                ],
                defaultValue=0,
            )
        )
        add_compress(self)
        add_scaling_overrides(self)
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Physical values")))

    def processAlgorithm(  # noqa: N802
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        input_path = raster_path(self, parameters, self.INPUT, context)
        scaling = scaling_for_file(self, parameters, context, input_path, feedback)
        scl_path = self._scl_path(parameters, context, input_path)
        classes = read_mask_classes(self, parameters, context)
        if scl_path:
            feedback.pushInfo(
                self.tr("Masking SCL classes {0} from {1}").format(
                    ", ".join(str(c) for c in sorted(classes)) or self.tr("none"), os.path.basename(scl_path)
                )
            )
        output_format = OUTPUT_FORMATS[self.parameterAsEnum(parameters, self.OUTPUT_FORMAT, context)]
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        compress = read_compress(self, parameters, context)
        with processing_errors():
            result = physical_values(
                input_path,
                output,
                scaling,
                scl_path=scl_path,
                mask_classes=classes,
                output_format=output_format,
                options=run_options(feedback, compress),
            )
        if result.valid_pixels == 0:
            feedback.pushWarning(self.tr("Every pixel of the output is nodata (all masked or invalid)"))
        else:
            feedback.pushInfo(self.tr("{0} valid pixels written").format(result.valid_pixels))
        style_output(context, output, physical_style(scaling.as_scaling(), output_format == "float32"))
        return {self.OUTPUT: output}

    def _scl_path(
        self, parameters: dict[str, Any], context: QgsProcessingContext, input_path: str
    ) -> str | None:
        if parameters.get(self.SCL) not in (None, ""):
            return raster_path(self, parameters, self.SCL, context)
        if not self.parameterAsBool(parameters, self.APPLY_SCL, context):
            return None
        found = find_scl(input_path)
        if found is None:
            raise QgsProcessingException(
                self.tr(
                    "No scene classification (SCL) found next to {0}: give SCL, or untick the masking"
                ).format(os.path.basename(input_path))
            )
        return found
