"""The ``terrascope`` Processing provider."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..core import about
from ..qgis_utils import tr
from .catalogue_query import CatalogueQueryAlgorithm
from .common import ICON_PATH, icon
from .histogram import HistogramAlgorithm
from .physical_values import PhysicalValuesAlgorithm
from .scl_mask import SclMaskAlgorithm
from .spark_job import SparkJobAlgorithm
from .temporal_composite import TemporalCompositeAlgorithm
from .timeseries import TimeSeriesAlgorithm

ALGORITHMS = (
    PhysicalValuesAlgorithm,
    SclMaskAlgorithm,
    TemporalCompositeAlgorithm,
    HistogramAlgorithm,
    CatalogueQueryAlgorithm,
    TimeSeriesAlgorithm,
    SparkJobAlgorithm,
)


class TerrascopeProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "terrascope"

    def name(self) -> str:
        return tr("Terrascope")

    def longName(self) -> str:  # noqa: N802 (QGIS API name)
        return tr("Terrascope Browser {0}").format(about.version())

    def versionInfo(self) -> str:  # noqa: N802
        return about.version()

    def helpId(self) -> str:  # noqa: N802
        return "terrascope"

    def icon(self) -> QIcon:
        return icon()

    def svgIconPath(self) -> str:  # noqa: N802
        return ICON_PATH

    def loadAlgorithms(self) -> None:  # noqa: N802
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
