"""terrascope:catalogue — query the archive for the files of a series, for use in models."""

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
    QgsProcessingOutputMultipleLayers,
    QgsProcessingOutputNumber,
    QgsProcessingOutputRasterLayer,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .common import TerrascopeAlgorithm, run_query
from .parameters import add_archive_query, query_help


class CatalogueQueryAlgorithm(TerrascopeAlgorithm):
    OUTPUT = "OUTPUT"
    FILES = "FILES"
    SCL_FILES = "SCL_FILES"
    LATEST = "LATEST"
    COUNT = "COUNT"

    def name(self) -> str:
        return "catalogue"

    def displayName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr("Query the archive catalogue")

    def tags(self) -> list[str]:
        return self.tr("terrascope,catalogue,search,archive,query,time series").split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return (
            self.tr("Finds the data files of the products matching a query, oldest first.\n\n")
            + query_help()
            + self.tr(
                "\n\nOutputs: FILES (the data files, to feed the temporal composite or the histogram "
                "in a model), SCL_FILES (their scene classifications), LATEST (the newest data file, "
                "e.g. for the physical values algorithm), COUNT and a table (date, tile, product, "
                "path, scl_path, cloud). An empty result is an error, so a model stops early."
            )
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802
        add_archive_query(self)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT,
                self.tr("Products found"),
                QgsProcessing.TypeVector,
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputMultipleLayers(self.FILES, self.tr("Data files")))
        self.addOutput(
            QgsProcessingOutputMultipleLayers(self.SCL_FILES, self.tr("Scene classification files"))
        )
        self.addOutput(QgsProcessingOutputRasterLayer(self.LATEST, self.tr("Newest data file")))
        self.addOutput(QgsProcessingOutputNumber(self.COUNT, self.tr("Number of products")))

    def processAlgorithm(  # noqa: N802
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        hits = run_query(self, parameters, context, feedback)
        results: dict[str, Any] = {
            self.FILES: [hit.data_path for hit in hits],
            self.SCL_FILES: [hit.scl_path for hit in hits if hit.scl_path],
            self.LATEST: hits[-1].data_path,
            self.COUNT: len(hits),
        }
        fields = QgsFields()
        for name in ("date", "tile", "product", "path", "scl_path"):
            fields.append(QgsField(name, QVariant.String))
        fields.append(QgsField("cloud", QVariant.Double))
        sink, sink_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.NoGeometry)
        if sink is not None:
            for hit in hits:
                feature = QgsFeature(fields)
                feature.setAttributes(
                    [hit.when, hit.tile, hit.product, hit.data_path, hit.scl_path, hit.cloud]
                )
                sink.addFeature(feature, QgsFeatureSink.FastInsert)
            results[self.OUTPUT] = sink_id
        elif parameters.get(self.OUTPUT) not in (None, ""):
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for hit in hits:
            feedback.pushInfo(hit.data_path)
        return results
